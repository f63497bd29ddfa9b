/**
 * Excel (.xlsx) export shared by every module's statistics and ledgers, on `write-excel-file`
 * (pure JS, depends only on fflate). A sheet is a title row plus typed columns; numbers stay
 * numbers so that the recipient can sum them in Excel.
 */
import writeExcelFile from 'write-excel-file/node';
import type { FastifyReply } from 'fastify';

export interface XlsxColumn<T> {
  /** Header text as the user reads it (already translated). */
  header: string;
  value: (row: T) => string | number | boolean | Date | null | undefined;
  /** Width in characters. */
  width?: number;
  /** Excel number format, e.g. '0.0%' or '#,##0.00'. */
  format?: string;
}

export interface XlsxSheet<T> {
  /** Sheet name (Excel allows at most 31 characters, no []:*?/\). */
  name: string;
  columns: readonly XlsxColumn<T>[];
  rows: readonly T[];
}

const SHEET_NAME_BAD = /[[\]:*?/\\]/g;

function cell(v: string | number | boolean | Date | null | undefined, format?: string) {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return null;
  if (typeof v === 'number') return { value: v, type: Number, ...(format ? { format } : {}) };
  if (typeof v === 'boolean') return { value: v, type: Boolean };
  if (v instanceof Date) return { value: v, type: Date, format: format ?? 'yyyy-mm-dd hh:mm' };
  return { value: v, type: String };
}

/** Builds an .xlsx workbook with one sheet per entry. */
export async function toXlsx(sheets: readonly XlsxSheet<any>[]): Promise<Buffer> {
  if (sheets.length === 0) throw new Error('toXlsx: at least one sheet');
  const parts = sheets.map((s) => ({
    sheet: s.name.replace(SHEET_NAME_BAD, ' ').slice(0, 31),
    columns: s.columns.map((c) => ({ width: c.width ?? Math.max(10, c.header.length * 2 + 2) })),
    stickyRowsCount: 1,
    data: [
      s.columns.map((c) => ({ value: c.header, type: String, fontWeight: 'bold' as const })),
      ...s.rows.map((r) => s.columns.map((c) => cell(c.value(r), c.format))),
    ],
  }));
  return (await writeExcelFile(parts as never).toBuffer()) as Buffer;
}

/** Sends a workbook as a download; `fileName` may be Chinese (RFC 6266 filename*). */
export function sendXlsx(reply: FastifyReply, fileName: string, body: Buffer): FastifyReply {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(body);
}
