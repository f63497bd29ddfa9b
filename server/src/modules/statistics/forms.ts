/**
 * A form's body as data (表式): rows are indicators (指标), columns the breakdown (栏次),
 * a cell is ROW.COL. Computed cells (合计, 比值) carry a formula on the row or the column, with `*`
 * standing for the other coordinate; blank cells (不填) take no value; checks (审核公式) are
 * expressions, hard (强制, blocks submission) or soft (提示, needs an explanation 上报说明).
 */
import { z } from 'zod';
import { ExprError, evaluate, parse, refKey, refs, substitute, type CellRef, type Node } from './expr.ts';

const CODE = /^[A-Za-z0-9_]{1,20}$/;

export const RowDef = z.object({
  code: z.string().regex(CODE),
  name: z.string().min(1).max(100),
  nameEn: z.string().max(200).optional(),
  unit: z.string().max(20).optional(),
  decimals: z.number().int().min(0).max(6).optional(),
  explanation: z.string().max(2000).optional(),
  /** Indentation on the printed form (其中 rows are 1, their parts 2). */
  indent: z.number().int().min(0).max(4).optional(),
  formula: z.string().max(2000).optional(),
});
export const ColDef = RowDef.omit({ indent: true });
export const CheckDef = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,30}$/),
  expr: z.string().min(1).max(2000),
  level: z.enum(['hard', 'soft']),
  message: z.string().min(1).max(300),
  messageEn: z.string().max(300).optional(),
});
export const DerivedDef = z.object({
  cell: z.string(),
  /** A source other modules provide (e.g. `tipoffs.received`), filled by the provider of that name. */
  source: z.string().regex(/^[a-z]+\.[a-z_]+$/),
  params: z.record(z.string(), z.string()).optional(),
});
export const FormDefinition = z.object({
  rows: z.array(RowDef).min(1).max(500),
  columns: z.array(ColDef).min(1).max(50),
  blank: z.array(z.string()).max(5000).default([]),
  checks: z.array(CheckDef).max(500).default([]),
  derived: z.array(DerivedDef).max(200).default([]),
});
export type FormDefinition = z.infer<typeof FormDefinition>;
export type CheckLevel = 'hard' | 'soft';

export interface CompiledCheck { key: string; id: string; level: CheckLevel; message: string; messageEn?: string | undefined; expr: string; node: Node; cells: CellRef[] }
export interface CompiledForm {
  def: FormDefinition;
  /** Every fillable cell (neither computed nor blank). */
  inputCells: Set<string>;
  computed: Map<string, Node>;
  /** Computed cells in an order where each comes after the ones it reads. */
  computeOrder: string[];
  checks: CompiledCheck[];
  cellInfo(cell: string): { row: z.infer<typeof RowDef>; col: z.infer<typeof ColDef> } | null;
}

export class FormError extends Error {
  readonly field: string;
  constructor(field: string, message: string) { super(`${field}: ${message}`); this.field = field; }
}

function parseAt(field: string, src: string): Node {
  try { return parse(src); } catch (e) {
    if (e instanceof ExprError) throw new FormError(field, e.message);
    throw e;
  }
}

/** Validates and compiles a definition; throws FormError naming the place of the first problem. */
export function compileForm(input: unknown): CompiledForm {
  const parsed = FormDefinition.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new FormError(`definition.${i.path.join('.')}`, i.message);
  }
  const def = parsed.data;
  const rows = new Map(def.rows.map((r) => [r.code, r]));
  const cols = new Map(def.columns.map((c) => [c.code, c]));
  if (rows.size !== def.rows.length) throw new FormError('definition.rows', 'row codes repeat');
  if (cols.size !== def.columns.length) throw new FormError('definition.columns', 'column codes repeat');
  const all = new Set<string>();
  for (const r of def.rows) for (const c of def.columns) all.add(`${r.code}.${c.code}`);
  const blank = new Set(def.blank);
  for (const b of blank) if (!all.has(b)) throw new FormError('definition.blank', `no cell ${b}`);
  const computed = new Map<string, Node>();
  def.rows.forEach((r, i) => {
    if (!r.formula) return;
    const node = parseAt(`definition.rows.${i}.formula`, r.formula);
    for (const c of def.columns) { const cell = `${r.code}.${c.code}`; if (!blank.has(cell)) computed.set(cell, substitute(node, null, c.code)); }
  });
  def.columns.forEach((c, i) => {
    if (!c.formula) return;
    const node = parseAt(`definition.columns.${i}.formula`, c.formula);
    // A column formula wins over a row formula (a ratio of totals, not a total of ratios).
    for (const r of def.rows) { const cell = `${r.code}.${c.code}`; if (!blank.has(cell)) computed.set(cell, substitute(node, r.code, null)); }
  });
  for (const [cell, node] of computed) {
    for (const ref of refs(node)) {
      if (ref.form || ref.period !== 'this') throw new FormError('definition', `computed cell ${cell} may read only this form and period`);
      if (!all.has(`${ref.row}.${ref.col}`)) throw new FormError('definition', `computed cell ${cell} reads unknown cell ${ref.row}.${ref.col}`);
    }
  }
  // Topological order; a cycle is refused.
  const order: string[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (cell: string, path: string[]) => {
    if (state.get(cell) === 2) return;
    if (state.get(cell) === 1) throw new FormError('definition', `computed cells refer to each other: ${[...path, cell].join(' → ')}`);
    state.set(cell, 1);
    for (const ref of refs(computed.get(cell)!)) { const k = `${ref.row}.${ref.col}`; if (computed.has(k)) visit(k, [...path, cell]); }
    state.set(cell, 2);
    order.push(cell);
  };
  for (const cell of computed.keys()) visit(cell, []);

  const inputCells = new Set([...all].filter((c) => !blank.has(c) && !computed.has(c)));
  for (const d of def.derived) if (!inputCells.has(d.cell)) throw new FormError('definition.derived', `cell ${d.cell} is not a fillable cell`);

  const checks: CompiledCheck[] = [];
  def.checks.forEach((ch, i) => {
    const node = parseAt(`definition.checks.${i}.expr`, ch.expr);
    const rs = refs(node);
    const spreadRows = rs.some((r) => r.row === '*');
    const spreadCols = rs.some((r) => r.col === '*');
    const rowList = spreadRows ? def.rows.map((r) => r.code) : [null];
    const colList = spreadCols ? def.columns.map((c) => c.code) : [null];
    for (const rr of rowList) for (const cc of colList) {
      const n = substitute(node, rr, cc);
      const cells = refs(n);
      // A spread check applies where every cell of this form it reads exists and is not blank.
      const local = cells.filter((r) => !r.form);
      if (local.some((r) => !all.has(`${r.row}.${r.col}`) || blank.has(`${r.row}.${r.col}`))) {
        if (!spreadRows && !spreadCols) throw new FormError(`definition.checks.${i}.expr`, `reads unknown or blank cell ${local.find((r) => !all.has(`${r.row}.${r.col}`) || blank.has(`${r.row}.${r.col}`))!.row}.${local.find((r) => !all.has(`${r.row}.${r.col}`) || blank.has(`${r.row}.${r.col}`))!.col}`);
        continue;
      }
      const key = [ch.id, rr, cc].filter((x) => x !== null).join('@');
      checks.push({ key, id: ch.id, level: ch.level, message: ch.message, messageEn: ch.messageEn, expr: ch.expr, node: n, cells });
    }
  });

  return {
    def, inputCells, computed, computeOrder: order, checks,
    cellInfo(cell) {
      const [r, c] = cell.split('.');
      const row = rows.get(r ?? '');
      const col = cols.get(c ?? '');
      return row && col ? { row, col } : null;
    },
  };
}

/** Values of every cell: the entered ones plus the computed ones. */
export function computeAll(form: CompiledForm, entered: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = { ...entered };
  for (const cell of form.computeOrder) {
    const v = evaluate(form.computed.get(cell)!, (r) => out[`${r.row}.${r.col}`] ?? null);
    const info = form.cellInfo(cell)!;
    const dec = info.col.decimals ?? info.row.decimals ?? 2;
    out[cell] = Math.round(v * 10 ** Math.max(dec, 2)) / 10 ** Math.max(dec, 2);
  }
  return out;
}

export interface CheckFailure { key: string; id: string; level: CheckLevel; message: string; messageEn?: string | undefined; expr: string; cells: { ref: string; cell: string | null; value: number | null }[] }

/**
 * Runs every check. `lookup` gives values of other forms or periods (null when not reported).
 * Returns the failures; each names the cells it read with their values (审核报告).
 */
export function runChecks(form: CompiledForm, all: Record<string, number>, lookup: (r: CellRef) => number | null): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const value = (r: CellRef) => (r.form || r.period !== 'this' ? lookup(r) : all[`${r.row}.${r.col}`] ?? null);
  for (const ch of form.checks) {
    if (evaluate(ch.node, value)) continue;
    failures.push({
      key: ch.key, id: ch.id, level: ch.level, message: ch.message, messageEn: ch.messageEn, expr: ch.expr,
      cells: [...new Map(ch.cells.map((r) => [refKey(r), r])).values()].map((r) => ({ ref: refKey(r), cell: !r.form && r.period === 'this' ? `${r.row}.${r.col}` : null, value: value(r) })),
    });
  }
  return failures;
}
