/**
 * What an upload really is. The type is read from the bytes (file-type's magic numbers) and
 * must agree with both the declared Content-Type and the file-name extension; text formats,
 * which have no magic, must be valid UTF-8 without NUL bytes. Red-line files (用地红线: GeoJSON,
 * zipped Shapefile, KML, KMZ, and the 部 coordinate text file in GBK or UTF-16 too) are checked by
 * reading them with the geo platform, not by their magic bytes or a UTF-8 test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../http/errors.ts';
import { listZip, readZipEntry } from './unzip.ts';
import { readGeoFile, type GeoFormat } from '../geo/index.ts';

export type FileKind = 'pdf' | 'jpeg' | 'png' | 'ofd' | 'docx' | 'xlsx' | 'txt' | 'csv' | 'geojson' | 'kml' | 'kmz' | 'shapefile';

interface KindRule {
  mime: string;
  exts: readonly string[];
  /** Content-Types browsers send for it. */
  declared: readonly string[];
  /** What file-type reports for it; null for text without magic bytes. */
  detected: string | null;
  /** Extra check of the bytes (e.g. OFD is a zip whose root holds OFD.xml). */
  check?: (file: string) => Promise<boolean>;
  /**
   * A geo format the bytes must read as (platform.geo `readGeoFile`); that reading is the type
   * check. For `txt`, only text that is not UTF-8 (GBK, UTF-16) must read as a red-line file.
   */
  geo?: GeoFormat;
}

const OOXML = 'application/vnd.openxmlformats-officedocument';

export const KINDS: Record<FileKind, KindRule> = {
  pdf: { mime: 'application/pdf', exts: ['pdf'], declared: ['application/pdf', 'application/x-pdf'], detected: 'application/pdf' },
  jpeg: { mime: 'image/jpeg', exts: ['jpg', 'jpeg'], declared: ['image/jpeg', 'image/jpg', 'image/pjpeg'], detected: 'image/jpeg' },
  png: { mime: 'image/png', exts: ['png'], declared: ['image/png'], detected: 'image/png' },
  // GB/T 33190 OFD (版式文档): a zip package with OFD.xml at its root. Browsers rarely know its type.
  ofd: {
    mime: 'application/ofd', exts: ['ofd'], declared: ['application/ofd', 'application/octet-stream', 'application/zip', ''],
    detected: 'application/zip', check: (f) => zipHasEntry(f, 'OFD.xml'),
  },
  docx: { mime: `${OOXML}.wordprocessingml.document`, exts: ['docx'], declared: [`${OOXML}.wordprocessingml.document`], detected: `${OOXML}.wordprocessingml.document` },
  xlsx: { mime: `${OOXML}.spreadsheetml.sheet`, exts: ['xlsx'], declared: [`${OOXML}.spreadsheetml.sheet`], detected: `${OOXML}.spreadsheetml.sheet` },
  txt: { mime: 'text/plain', exts: ['txt'], declared: ['text/plain'], detected: null, geo: 'redline-txt' },
  // Windows browsers declare .csv as application/vnd.ms-excel.
  csv: { mime: 'text/csv', exts: ['csv'], declared: ['text/csv', 'text/plain', 'application/vnd.ms-excel', 'application/csv'], detected: null },
  // Red-line materials (用地红线). Browsers know few of these types: octet-stream or none is common.
  geojson: {
    mime: 'application/geo+json', exts: ['geojson', 'json'], detected: null, geo: 'geojson',
    declared: ['application/geo+json', 'application/json', 'text/plain', 'application/octet-stream', ''],
  },
  kml: {
    mime: 'application/vnd.google-earth.kml+xml', exts: ['kml'], detected: null, geo: 'kml',
    declared: ['application/vnd.google-earth.kml+xml', 'application/xml', 'text/xml', 'application/octet-stream', ''],
  },
  kmz: {
    mime: 'application/vnd.google-earth.kmz', exts: ['kmz'], detected: null, geo: 'kml',
    declared: ['application/vnd.google-earth.kmz', 'application/zip', 'application/x-zip-compressed', 'application/octet-stream', ''],
  },
  shapefile: {
    mime: 'application/zip', exts: ['zip'], detected: null, geo: 'shapefile',
    declared: ['application/zip', 'application/x-zip-compressed', 'application/octet-stream', ''],
  },
};

export const DEFAULT_KINDS: readonly FileKind[] = ['pdf', 'jpeg', 'png', 'ofd', 'docx', 'xlsx', 'txt', 'csv', 'geojson', 'kml', 'kmz', 'shapefile'];
/** Red-line files (用地红线) in every format the geo platform reads. */
export const REDLINE_KINDS: readonly FileKind[] = ['txt', 'geojson', 'kml', 'kmz', 'shapefile'];

const mismatch = (message: string, details: Record<string, unknown>) =>
  new AppError('files.type_mismatch', `file: ${message}`, { field: 'file', ...details });

/** Returns the kind and canonical type of a staged file, or throws files.type_not_allowed / files.type_mismatch. */
export async function classify(file: string, name: string, declaredMime: string, allow: readonly FileKind[]): Promise<{ kind: FileKind; mime: string }> {
  const ext = path.extname(name).slice(1).toLowerCase();
  const kind = allow.find((k) => KINDS[k].exts.includes(ext));
  if (!kind) {
    const accepted = allow.flatMap((k) => KINDS[k].exts).map((e) => `.${e}`).join(', ');
    throw new AppError('files.type_not_allowed', `file: ${ext ? `.${ext}` : 'a file without extension'} is not accepted here; accepted: ${accepted}`, { field: 'file', accepted });
  }
  const rule = KINDS[kind];
  const declared = declaredMime.split(';')[0]!.trim().toLowerCase();
  if (!rule.declared.includes(declared)) {
    throw mismatch(`declared type ${declared || '(none)'} does not match a .${ext} file`, { declared, expected: rule.mime });
  }
  // Zip packages (OFD, DOCX, XLSX) pass the platform's unzip caps before anything reads into
  // them (file-type inflates [Content_Types].xml): a decompression bomb is refused here.
  if (rule.detected === 'application/zip' || rule.mime.startsWith(OOXML)) await checkZipCaps(file);
  const detected = (await fileTypeFromFile(file))?.mime ?? null;
  if (rule.geo && (kind !== 'txt' || detected !== null || !(await isUtf8Text(file)))) {
    // The geo reader is the check (a UTF-16 text file even looks like MPEG audio to file-type).
    const problem = await unreadableAs(file, rule.geo);
    if (problem) {
      throw mismatch(`the content is not ${kind === 'txt' ? 'UTF-8 text nor a 部 red-line coordinate file' : `a readable ${GEO_LABEL[kind]}`}: ${problem}`,
        { detected, expected: rule.mime });
    }
    return { kind, mime: rule.mime };
  }
  if (rule.detected === null) {
    if (detected !== null || !(await isUtf8Text(file))) {
      throw mismatch(`the content is ${detected ?? 'binary or not UTF-8'}, not ${rule.mime}`, { detected, expected: rule.mime });
    }
  } else if (detected !== rule.detected || (rule.check && !(await rule.check(file)))) {
    throw mismatch(`the content is ${detected ?? 'unknown'}, not ${rule.mime}`, { detected, expected: rule.mime });
  }
  return { kind, mime: rule.mime };
}

const GEO_LABEL: Partial<Record<FileKind, string>> = { geojson: 'GeoJSON file', kml: 'KML file', kmz: 'KMZ file', shapefile: 'zipped Shapefile' };

/** Why the geo platform cannot read the file as `format`; undefined when it can. */
async function unreadableAs(file: string, format: GeoFormat): Promise<string | undefined> {
  const bytes = await fs.promises.readFile(file);
  try {
    readGeoFile(format, bytes);
    return undefined;
  } catch (e) {
    if (e instanceof AppError) return e.message;
    throw e;
  }
}

async function isUtf8Text(file: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(file)) {
      const buf = chunk as Buffer;
      if (buf.includes(0)) return false;
      decoder.decode(buf, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** True when a zip's local headers near the start or its central directory name `entry`. */
async function zipHasEntry(file: string, entry: string): Promise<boolean> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const span = Math.min(size, 65_536);
    const head = Buffer.alloc(span);
    const tail = Buffer.alloc(span);
    await fh.read(head, 0, span, 0);
    await fh.read(tail, 0, span, size - span);
    // Local file header (PK\3\4): name length at 26, name at 30; central directory header (PK\1\2): 28 and 46.
    const named = (buf: Buffer, sig: number, lenAt: number, at: number) => {
      for (let i = buf.indexOf('PK'); i >= 0 && i + at + entry.length <= buf.length; i = buf.indexOf('PK', i + 1)) {
        if (buf.readUInt32LE(i) === sig && buf.readUInt16LE(i + lenAt) === entry.length && buf.toString('utf8', i + at, i + at + entry.length) === entry) return true;
      }
      return false;
    };
    return named(head, 0x04034b50, 26, 30) || named(tail, 0x02014b50, 28, 46);
  } finally {
    await fh.close();
  }
}

/** A file starting with a zip local header must stay within the unzip caps (unzip.ts). */
async function checkZipCaps(file: string): Promise<void> {
  const fh = await fs.promises.open(file, 'r');
  let zip: Buffer;
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if (head.readUInt32LE(0) !== 0x04034b50) return;
    zip = await fh.readFile();
  } finally {
    await fh.close();
  }
  const entries = listZip(zip, { field: 'file' });
  // The entries readers open first are inflated for real: one that lies about its size is refused.
  for (const e of entries) {
    if (!/^(\[Content_Types\]\.xml|OFD\.xml|mimetype)$/.test(e.name)) continue;
    if (e.size > 4 * 1024 * 1024) throw new AppError('files.archive_too_large', `file: ${e.name} unpacks to ${e.size} bytes; a package's manifest is far smaller`, { field: 'file' });
    readZipEntry(zip, e, 'file');
  }
}
