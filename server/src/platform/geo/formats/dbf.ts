/** dBASE III tables (.dbf) of Shapefiles, with the text encoding of the .cpg (UTF-8 or GBK). */
import { AppError } from '../../http/errors.ts';
import type { Properties } from '../geo.types.ts';
import iconv from 'iconv-lite';
import { encodeText, type TextEncodingName } from './text-encoding.ts';

function bad(message: string): AppError {
  return new AppError('geo.file_invalid', `dbf: ${message}`, { field: 'dbf' });
}

/** LDID byte 29: 0x4D is code page 936 (GBK); used when there is no .cpg. */
export function dbfLanguageEncoding(buf: Uint8Array): TextEncodingName | undefined {
  if (buf.length < 32) return undefined;
  return buf[29] === 0x4d ? 'gbk' : undefined;
}

function decoderFor(encoding: TextEncodingName): TextDecoder {
  return new TextDecoder(encoding === 'gbk' ? 'gb18030' : 'utf-8');
}

interface FieldInfo { name: Uint8Array; type: string; length: number; offset: number }

function fieldsOf(buf: Uint8Array): { fields: FieldInfo[]; count: number; headerLen: number; recordLen: number } {
  if (buf.length < 33) throw bad('the .dbf is too short to hold a header');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = view.getUint16(8, true);
  const fields: FieldInfo[] = [];
  let offset = 1;
  for (let p = 32; p + 32 <= headerLen && buf[p] !== 0x0d; p += 32) {
    const rawName = buf.subarray(p, p + 11);
    const end = rawName.indexOf(0);
    const length = buf[p + 16]!;
    fields.push({ name: rawName.subarray(0, end < 0 ? 11 : end), type: String.fromCharCode(buf[p + 11]!), length, offset });
    offset += length;
  }
  return { fields, count: view.getUint32(4, true), headerLen, recordLen: view.getUint16(10, true) };
}

/**
 * Where the text of a .dbf (field names, character fields) is first not valid UTF-8: the record
 * (undefined for a field name) and the field; undefined when all of it is valid UTF-8.
 */
export function firstNonUtf8Text(buf: Uint8Array): { record?: number; field: string } | undefined {
  const { fields, count, headerLen, recordLen } = fieldsOf(buf);
  // Streaming: a character cut at the end of a fixed-width field is not held against the file.
  const ok = (b: Uint8Array) => { try { new TextDecoder('utf-8', { fatal: true }).decode(b, { stream: true }); return true; } catch { return false; } };
  const label = (f: FieldInfo) => new TextDecoder('gb18030').decode(f.name);
  for (const f of fields) if (!ok(f.name)) return { field: label(f) };
  for (let r = 0; r < count; r++) {
    const base = headerLen + r * recordLen;
    if (base + recordLen > buf.length) break;
    for (const f of fields) {
      if (f.type !== 'C' && f.type !== 'M') continue;
      if (!ok(buf.subarray(base + f.offset, base + f.offset + f.length))) return { record: r, field: label(f) };
    }
  }
  return undefined;
}

/** Rows of a .dbf as plain objects. */
export function readDbf(buf: Uint8Array, encoding: TextEncodingName): Properties[] {
  const dec = decoderFor(encoding);
  const info = fieldsOf(buf);
  const { count, headerLen, recordLen } = info;
  // A name cut inside a character (GDAL cuts UTF-8 names at 10 bytes) loses the broken tail.
  const fields = info.fields.map((f) => ({ ...f, name: new TextDecoder(dec.encoding).decode(f.name, { stream: true }).trim() }));
  const offset = fields.reduce((s, f) => s + f.length, 1);
  if (offset > recordLen) throw bad(`field lengths (${offset}) disagree with the record length (${recordLen})`);
  if (headerLen + count * recordLen > buf.length) throw bad(`the .dbf says ${count} records but is truncated`);
  const rows: Properties[] = [];
  for (let r = 0; r < count; r++) {
    const base = headerLen + r * recordLen;
    const row: Properties = {};
    for (const f of fields) {
      const bytes = buf.subarray(base + f.offset, base + f.offset + f.length);
      const s = dec.decode(bytes).replace(/\0/g, '').trim();
      if (f.type === 'N' || f.type === 'F') row[f.name] = s === '' || /^\*+$/.test(s) ? null : Number(s);
      else if (f.type === 'L') row[f.name] = /^[YyTt]$/.test(s) ? true : /^[NnFf]$/.test(s) ? false : null;
      else if (f.type === 'D') row[f.name] = /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : null;
      else row[f.name] = s;
    }
    rows.push(row);
  }
  return rows;
}

interface FieldDef { key: string; name: Buffer; type: 'C' | 'N' | 'L' | 'D'; length: number; decimals: number }

/**
 * Text bytes of a .dbf. GBK output is written as GBK; a value with characters outside GBK
 * (rare hanzi, CJK extension B, some symbols) is written in GB18030, GBK's superset, which
 * encodes every GBK character with the same bytes; `wide` tells that it happened.
 */
function dbfText(s: string, encoding: TextEncodingName): { bytes: Buffer; wide: boolean } {
  if (encoding !== 'gbk') return { bytes: encodeText(s, encoding), wide: false };
  const gbk = iconv.encode(s, 'gbk');
  if (iconv.decode(gbk, 'gbk') === s) return { bytes: gbk, wide: false };
  return { bytes: iconv.encode(s, 'gb18030'), wide: true };
}

/** Cuts a string so its encoding fits `max` bytes without splitting a character. */
function fitBytes(s: string, max: number, encoding: TextEncodingName): Buffer {
  let t = s;
  let b = dbfText(t, encoding).bytes;
  while (b.length > max) {
    t = [...t].slice(0, -1).join('');
    b = dbfText(t, encoding).bytes;
  }
  return b;
}

function numberText(v: number, def: FieldDef): string {
  return def.decimals > 0 ? v.toFixed(def.decimals) : String(Math.round(v));
}

const ISO_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** What writing a .dbf changed, for the caller to report. */
export interface DbfWriteReport {
  /** Properties whose name did not fit a .dbf field name (10 bytes): [property, field name]. */
  renamed: [string, string][];
  /** Values written in GB18030 because GBK cannot hold them: row index and property. */
  outsideGbk: { row: number; key: string; chars: string }[];
  /** Text values cut to the 254 bytes a character field holds. */
  truncated: { row: number; key: string }[];
}

/**
 * Writes rows. Field names keep at most 10 bytes (the dBASE limit): a longer name is cut on a
 * character boundary; a cut name already taken (ignoring case) is cut further and given _1, _2…
 * (as GDAL does). Types: integers N(9,0) when every value has at most 9 characters, else N(18,0)
 * — GDAL reads them as Integer and Integer64; other numbers N(20,6); booleans L; strings that are
 * all ISO dates (YYYY-MM-DD) D; the rest C, as wide as the longest value (≤ 254 bytes).
 */
export function writeDbf(rows: Properties[], encoding: TextEncodingName): { body: Buffer; report: DbfWriteReport } {
  const report: DbfWriteReport = { renamed: [], outsideGbk: [], truncated: [] };
  const keys: string[] = [];
  for (const row of rows) for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
  const used = new Set<string>();
  const defs: FieldDef[] = keys.map((key) => {
    const values = rows.map((r) => r[key]).filter((v) => v !== undefined && v !== null && v !== '');
    let type: FieldDef['type'] = 'C';
    if (values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v))) type = 'N';
    else if (values.length > 0 && values.every((v) => typeof v === 'boolean')) type = 'L';
    else if (values.length > 0 && values.every((v) => typeof v === 'string' && ISO_DATE.test(v))) type = 'D';
    const base = key.trim() === '' ? 'FIELD' : key;
    let name = fitBytes(base, 10, encoding);
    for (let i = 1; used.has(name.toString('latin1').toUpperCase()) && i < 1000; i++) {
      name = Buffer.concat([fitBytes(base, 10 - `_${i}`.length, encoding), Buffer.from(`_${i}`)]);
    }
    used.add(name.toString('latin1').toUpperCase());
    const written = encoding === 'gbk' ? iconv.decode(name, 'gb18030') : name.toString('utf8');
    if (written !== key) report.renamed.push([key, written]);
    if (type === 'N') {
      if (values.every((v) => Number.isSafeInteger(v))) {
        return { key, name, type, length: values.every((v) => String(v).length <= 9) ? 9 : 18, decimals: 0 };
      }
      return { key, name, type, length: 20, decimals: 6 };
    }
    if (type === 'L') return { key, name, type, length: 1, decimals: 0 };
    if (type === 'D') return { key, name, type, length: 8, decimals: 0 };
    const length = Math.min(254, Math.max(1, ...values.map((v) => dbfText(text(v), encoding).bytes.length)));
    return { key, name, type, length, decimals: 0 };
  });
  const headerLen = 32 + defs.length * 32 + 1;
  const recordLen = 1 + defs.reduce((s, d) => s + d.length, 0);
  const buf = Buffer.alloc(headerLen + rows.length * recordLen + 1, 0x20);
  buf.fill(0, 0, headerLen);
  const now = new Date();
  buf[0] = 0x03;
  buf[1] = now.getUTCFullYear() - 1900; buf[2] = now.getUTCMonth() + 1; buf[3] = now.getUTCDate();
  buf.writeUInt32LE(rows.length, 4);
  buf.writeUInt16LE(headerLen, 8);
  buf.writeUInt16LE(recordLen, 10);
  buf[29] = encoding === 'gbk' ? 0x4d : 0x00;
  defs.forEach((d, i) => {
    const p = 32 + i * 32;
    d.name.copy(buf, p);
    buf[p + 11] = d.type.charCodeAt(0);
    buf[p + 16] = d.length;
    buf[p + 17] = d.decimals;
  });
  buf[headerLen - 1] = 0x0d;
  rows.forEach((row, r) => {
    let p = headerLen + r * recordLen;
    buf[p++] = 0x20; // not deleted
    for (const d of defs) {
      const v = row[d.key];
      let b: Buffer;
      if (v === undefined || v === null || v === '') b = Buffer.alloc(0);
      else if (d.type === 'N') b = Buffer.from(numberText(v as number, d).padStart(d.length).slice(-d.length), 'latin1');
      else if (d.type === 'L') b = Buffer.from(v ? 'T' : 'F');
      else if (d.type === 'D') b = Buffer.from((v as string).replace(/-/g, ''), 'latin1');
      else {
        const t = text(v);
        const enc = dbfText(t, encoding);
        if (enc.wide) report.outsideGbk.push({ row: r, key: d.key, chars: [...t].filter((c) => iconv.decode(iconv.encode(c, 'gbk'), 'gbk') !== c).join('') });
        b = enc.bytes.length <= d.length ? enc.bytes : fitBytes(t, d.length, encoding);
        if (enc.bytes.length > d.length) report.truncated.push({ row: r, key: d.key });
      }
      b.copy(buf, p);
      p += d.length;
    }
  });
  buf[buf.length - 1] = 0x1a;
  return { body: buf, report };
}

function text(v: unknown): string {
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
