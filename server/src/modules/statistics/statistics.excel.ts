/**
 * The form as an Excel template (报表模板) laid out like the printed form, and the reading of a
 * filled one. Sheet 1 holds the form: title, header (表号, 制定机关, 批准文号, 有效期至), the
 * column names and the 栏次 row (甲, 乙, 丙, 1, 2, …), then one line per indicator. Sheet 2
 * (填报说明) names the form, version and period in A1:D1 so that a file of another form, version
 * or period is refused, and lists the indicator explanations.
 */
import writeExcelFile from 'write-excel-file/node';
import readExcelFile from 'read-excel-file/node';
import { AppError } from '../../platform/http/errors.ts';
import type { CompiledForm } from './forms.ts';

export const META_SHEET = '填报说明';
const TAG = 'SUNLAND-STAT';

export interface TemplateInput {
  form: { code: string; tableNo: string; name: string; authority: string; approvalNo: string | null; validUntil: string | null };
  period: { period: string; dueOn: string };
  version: number;
  compiled: CompiledForm;
  report: { unitName: string };
  values: Record<string, number>;
}

const colLetter = (i: number): string => (i >= 26 ? colLetter(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

export async function buildTemplate(t: TemplateInput, withValues: boolean): Promise<Buffer> {
  const { def } = t.compiled;
  const width = 3 + def.columns.length;
  const span = (value: string, extra: Record<string, unknown> = {}) => [{ value, type: String, columnSpan: width, ...extra }, ...Array(width - 1).fill(null)];
  const grey = '#E8E8E8';
  const data: unknown[][] = [
    span(t.form.name, { fontWeight: 'bold', fontSize: 16, align: 'center' }),
    span(`表号：${t.form.tableNo}    制定机关：${t.form.authority}    批准文号：${t.form.approvalNo ?? ''}    有效期至：${t.form.validUntil ?? ''}`),
    span(`填报单位：${t.report.unitName}    报告期：${t.period.period}    报送截止：${t.period.dueOn}    表式版本：${t.version}`),
    [
      { value: '指标名称', type: String, fontWeight: 'bold' }, { value: '代码', type: String, fontWeight: 'bold' }, { value: '计量单位', type: String, fontWeight: 'bold' },
      ...def.columns.map((c) => ({ value: c.unit ? `${c.name}（${c.unit}）` : c.name, type: String, fontWeight: 'bold', wrap: true })),
    ],
    [{ value: '甲', type: String, align: 'center' }, { value: '乙', type: String, align: 'center' }, { value: '丙', type: String, align: 'center' },
      ...def.columns.map((c) => ({ value: c.code, type: String, align: 'center' }))],
    ...def.rows.map((r) => [
      { value: r.name, type: String, indent: r.indent ?? 0 }, { value: r.code, type: String }, { value: r.unit ?? '', type: String },
      ...def.columns.map((c) => {
        const cell = `${r.code}.${c.code}`;
        const fillable = t.compiled.inputCells.has(cell);
        const v = t.values[cell];
        if (fillable) return withValues && v !== undefined ? { value: v, type: Number } : null;
        const computed = t.compiled.computed.has(cell);
        return computed && withValues && v !== undefined
          ? { value: v, type: Number, backgroundColor: grey }
          : { value: computed ? '—' : '×', type: String, backgroundColor: grey, align: 'center' };
      }),
    ]),
    [],
    span(`单位负责人：          统计负责人：          填表人：          联系电话：          报出日期：`),
    span('说明：灰色单元格为计算栏（—）或不填栏（×），导入时不读取。依据《统计法》第七条、第九条、第二十五条，如实报送，依法保密。'),
  ];
  const meta: unknown[][] = [
    [{ value: TAG, type: String }, { value: t.form.code, type: String }, { value: t.version, type: Number }, { value: t.period.period, type: String }],
    [{ value: '指标/栏次', type: String, fontWeight: 'bold' }, { value: '名称', type: String, fontWeight: 'bold' }, { value: '计量单位', type: String, fontWeight: 'bold' }, { value: '指标解释', type: String, fontWeight: 'bold' }],
    ...def.rows.filter((r) => r.explanation || r.formula).map((r) => [{ value: `行 ${r.code}`, type: String }, { value: r.name, type: String }, { value: r.unit ?? '', type: String }, { value: r.explanation ?? `计算：${r.formula}`, type: String }]),
    ...def.columns.filter((c) => c.explanation || c.formula).map((c) => [{ value: `栏 ${c.code}`, type: String }, { value: c.name, type: String }, { value: c.unit ?? '', type: String }, { value: c.explanation ?? `计算：${c.formula}`, type: String }]),
  ];
  const parts = [
    { sheet: sheetName(t.form.tableNo), columns: [{ width: 26 }, { width: 6 }, { width: 10 }, ...def.columns.map(() => ({ width: 14 }))], data },
    { sheet: META_SHEET, columns: [{ width: 14 }, { width: 16 }, { width: 10 }, { width: 60 }], data: meta },
  ];
  return (await writeExcelFile(parts as never).toBuffer()) as Buffer;
}

export interface ParsedUpload { cells: Record<string, unknown>; addressOf: Record<string, string>; errors: { cell: string; message: string; sheet: string; address: string }[] }

/** Reads a filled template; refuses another form, version or period before reading any value. */
export async function parseUpload(buf: Buffer, t: TemplateInput): Promise<ParsedUpload> {
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    sheets = (await readExcelFile(buf)) as never;
  } catch {
    throw new AppError('statistics.excel_unreadable', 'file: not an .xlsx workbook', { field: 'file' });
  }
  const meta = sheets.find((s) => s.sheet === META_SHEET);
  if (!meta || meta.data[0]?.[0] !== TAG) throw new AppError('statistics.excel_not_a_form', `file: not a report template of this system (sheet ${META_SHEET} A1 missing)`, { field: 'file' });
  const [, code, ver, per] = meta.data[0]!;
  if (String(code) !== t.form.code) throw new AppError('statistics.excel_wrong_form', `file: the workbook is form ${String(code)}, not ${t.form.code}`, { field: 'file', sheet: META_SHEET, address: 'B1' });
  if (Number(ver) !== t.version) throw new AppError('statistics.excel_wrong_version', `file: the workbook is version ${String(ver)} of ${t.form.code}; period ${t.period.period} uses version ${t.version}: download the template again`, { field: 'file', sheet: META_SHEET, address: 'C1' });
  if (String(per) !== t.period.period) throw new AppError('statistics.excel_wrong_period', `file: the workbook is for period ${String(per)}, not ${t.period.period}`, { field: 'file', sheet: META_SHEET, address: 'D1' });
  const sheet = sheets.find((s) => s.sheet !== META_SHEET)!;
  const name = sheet.sheet;
  const codeRow = sheet.data.findIndex((r) => r[1] === '乙');
  if (codeRow < 0) throw new AppError('statistics.excel_not_a_form', `file: sheet ${name} has no 栏次 row (甲, 乙, 丙, …)`, { field: 'file' });
  const errors: ParsedUpload['errors'] = [];
  const colAt = new Map<number, string>();
  const known = new Set(t.compiled.def.columns.map((c) => c.code));
  sheet.data[codeRow]!.forEach((v, i) => {
    if (i < 3 || v === null || v === undefined || v === '') return;
    const c = String(v);
    if (!known.has(c)) errors.push({ cell: `?.${c}`, message: `column ${c} is not in this form`, sheet: name, address: `${colLetter(i)}${codeRow + 1}` });
    else colAt.set(i, c);
  });
  const rows = new Set(t.compiled.def.rows.map((r) => r.code));
  const cells: Record<string, unknown> = {};
  const addressOf: Record<string, string> = {};
  for (let ri = codeRow + 1; ri < sheet.data.length; ri++) {
    const line = sheet.data[ri]!;
    const rc = line[1];
    const hasValues = [...colAt.keys()].some((i) => line[i] !== null && line[i] !== undefined && line[i] !== '');
    if (rc === null || rc === undefined || rc === '') {
      if (hasValues) errors.push({ cell: '?', message: 'a line with values has no indicator code (乙)', sheet: name, address: `B${ri + 1}` });
      continue;
    }
    const row = String(rc);
    if (!rows.has(row)) {
      if (hasValues) errors.push({ cell: `${row}.?`, message: `indicator ${row} is not in this form`, sheet: name, address: `B${ri + 1}` });
      continue;
    }
    for (const [i, col] of colAt) {
      const cell = `${row}.${col}`;
      const v = line[i];
      if (!t.compiled.inputCells.has(cell)) continue; // computed (—) and blank (×) cells are not read
      addressOf[cell] = `${name}!${colLetter(i)}${ri + 1}`;
      cells[cell] = v === undefined || v === '' ? null : v;
    }
  }
  return { cells, addressOf, errors };
}
