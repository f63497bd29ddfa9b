/**
 * The public performance board (阳光): per county and month, live from the modules' own data —
 * approvals (received, on time, early, average working days, satisfaction) and tip-offs
 * (received, closed, reopened) through their index.ts; penalties, sales and patches through the
 * optional sources wired in app.ts. Read in the system context: these are public aggregates.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { invalid } from '../../platform/http/errors.ts';
import { approvalsPerformance } from '../approvals/index.ts';
import { tipoffsPerformance } from '../tipoffs/index.ts';
import { chinaDay, nowOf, type OpennessDeps } from './openness.deps.ts';
import { pageText } from './pages.text.ts';

export interface BoardRow {
  countyCode: string; countyName: string; month: string;
  approvals: { received: number; completed: number; onTime: number; early: number; avgWorkdays: number | null; ratingCount: number; ratingAvg: number | null };
  tipoffs: { received: number; closed: number; reopened: number };
  penalties: Record<string, number> | null;
  sales: Record<string, number> | null;
  patches: Record<string, number> | null;
}
export interface Board { from: string; to: string; under: string; sources: string[]; rows: BoardRow[] }

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const lastDay = (m: string) => { const [y, mo] = m.split('-').map(Number); return new Date(Date.UTC(y!, mo!, 0)).toISOString().slice(0, 10); };
const addMonths = (m: string, n: number) => { const [y, mo] = m.split('-').map(Number); const d = new Date(Date.UTC(y!, mo! - 1 + n, 1)); return d.toISOString().slice(0, 7); };

/** The period: months from..to (YYYY-MM), default the last 12 months to this one; at most 36. */
export function boardPeriod(deps: Pick<OpennessDeps, 'now'>, q: { from?: string | undefined; to?: string | undefined }) {
  const to = q.to ?? chinaDay(nowOf(deps)).slice(0, 7);
  const from = q.from ?? addMonths(to, -11);
  if (!MONTH.test(from)) throw invalid('from', 'a month as YYYY-MM', '应为年月（如 2026-12）');
  if (!MONTH.test(to)) throw invalid('to', 'a month as YYYY-MM', '应为年月（如 2026-12）');
  if (from > to) throw invalid('to', 'the period ends before it starts', '结束月份不能早于开始月份');
  if (addMonths(from, 35) < to) throw invalid('from', 'at most 36 months at once', '一次最多统计36个月');
  return { from, to };
}

export async function performanceBoard(deps: OpennessDeps, trx: Tx, q: { from?: string | undefined; to?: string | undefined; under?: string | undefined }): Promise<Board> {
  const { from, to } = boardPeriod(deps, q);
  const under = q.under ?? '000000';
  if (!/^\d{6}$/.test(under)) throw invalid('under', 'a 6-digit division code', '应为6位行政区划代码');
  const div = await trx.selectFrom('orgs.divisions').select(['path']).where('code', '=', under).executeTakeFirst();
  if (!div) throw invalid('under', `no division ${under}`, `行政区划代码${under}不存在`);
  const p = { underPath: div.path, from: `${from}-01`, to: lastDay(to) };
  const [approvals, tipoffs, penalties, sales, patches] = await Promise.all([
    approvalsPerformance(trx, p), tipoffsPerformance(trx, p),
    deps.sources?.penalties?.(trx, p) ?? null, deps.sources?.sales?.(trx, p) ?? null, deps.sources?.patches?.(trx, p) ?? null,
  ]);
  const rows = new Map<string, BoardRow>();
  const at = (countyPath: string, month: string): BoardRow => {
    const k = `${countyPath}|${month}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = {
      countyCode: countyPath, countyName: '', month,
      approvals: { received: 0, completed: 0, onTime: 0, early: 0, avgWorkdays: null, ratingCount: 0, ratingAvg: null },
      tipoffs: { received: 0, closed: 0, reopened: 0 },
      penalties: penalties ? {} : null, sales: sales ? {} : null, patches: patches ? {} : null,
    }));
    return r;
  };
  for (const { countyPath, month, ...f } of approvals) at(countyPath, month).approvals = f;
  for (const { countyPath, month, ...f } of tipoffs) at(countyPath, month).tipoffs = f;
  for (const [key, list] of [['penalties', penalties], ['sales', sales], ['patches', patches]] as const) {
    for (const r of list ?? []) at(r.countyPath, r.month)[key] = r.figures;
  }
  // Names of the divisions (the path's last label is the division: x520304 → 520304).
  const paths = [...new Set([...rows.values()].map((r) => r.countyCode))];
  const names = paths.length
    ? await trx.selectFrom('orgs.divisions').select(['code', 'name', 'path']).where(sql<boolean>`path::text = any(${paths}::text[])`).execute()
    : [];
  const byPath = new Map(names.map((n) => [n.path, n]));
  const out = [...rows.values()].map((r) => {
    const d = byPath.get(r.countyCode);
    return { ...r, countyCode: d?.code ?? r.countyCode, countyName: d?.name ?? r.countyCode };
  }).sort((a, b) => b.month.localeCompare(a.month) || a.countyCode.localeCompare(b.countyCode));
  const sources = ['approvals', 'tipoffs', ...(penalties ? ['penalties'] : []), ...(sales ? ['sales'] : []), ...(patches ? ['patches'] : [])];
  return { from, to, under, sources, rows: out };
}

/** The figures the wired sources give (labels in pages.text.ts as `<source>.<figure>`), in column
 *  order; keys a source adds later follow, sorted, so every row has the same columns. */
export const SOURCE_FIGURES = { penalties: ['decided', 'fines'], sales: ['sold', 'price'], patches: ['judged', 'illegal', 'rectified'] } as const;
export type SourceKey = keyof typeof SOURCE_FIGURES;
export function sourceColumns(b: Board): { key: SourceKey; figures: string[] }[] {
  return (['penalties', 'sales', 'patches'] as const).filter((k) => b.sources.includes(k)).map((k) => {
    const known: string[] = [...SOURCE_FIGURES[k]];
    const more = [...new Set(b.rows.flatMap((r) => Object.keys(r[k] ?? {})))].filter((f) => !known.includes(f)).sort();
    return { key: k, figures: [...known, ...more] };
  });
}

const CSV_COLUMNS: [string, string, (r: BoardRow) => unknown][] = [
  ['month', '月份', (r) => r.month], ['countyCode', '区划代码', (r) => r.countyCode], ['countyName', '地区', (r) => r.countyName],
  ['approvals.received', '审批收件', (r) => r.approvals.received], ['approvals.completed', '审批办结', (r) => r.approvals.completed],
  ['approvals.onTime', '按时办结', (r) => r.approvals.onTime], ['approvals.early', '提前办结', (r) => r.approvals.early],
  ['approvals.avgWorkdays', '平均用时（工作日）', (r) => r.approvals.avgWorkdays], ['approvals.ratingCount', '评价数', (r) => r.approvals.ratingCount],
  ['approvals.ratingAvg', '平均满意度（1–5）', (r) => r.approvals.ratingAvg],
  ['tipoffs.received', '举报受理', (r) => r.tipoffs.received], ['tipoffs.closed', '举报销号', (r) => r.tipoffs.closed], ['tipoffs.reopened', '举报重新办理', (r) => r.tipoffs.reopened],
];

/** CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese headers), one row per county and month. */
export function boardCsv(b: Board): string {
  const zh = pageText('zh-CN') as Record<string, string>;
  const extra = sourceColumns(b).flatMap(({ key: k, figures }) =>
    figures.map((f) => [`${k}.${f}`, zh[`${k}.${f}`] ?? `${k}.${f}`, (r: BoardRow) => r[k]?.[f] ?? 0] as [string, string, (r: BoardRow) => unknown]));
  const cols = [...CSV_COLUMNS, ...extra];
  const cell = (v: unknown) => { const s = v === null || v === undefined ? '' : String(v); return /[",\n\r]|^[=+\-@]/.test(s) ? `"${s.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : s; };
  return '\uFEFF' + [cols.map((c) => `${c[1]} ${c[0]}`).join(','), ...b.rows.map((r) => cols.map((c) => cell(c[2](r))).join(','))].join('\r\n') + '\r\n';
}
