/**
 * Zipped Shapefiles: .shp geometry, .dbf attributes, .prj CRS (required unless `crs` is
 * given), .cpg encoding (UTF-8 or GBK; without it the .dbf's code page byte, then detection).
 * Written with the same files, .cpg saying the encoding used.
 */
import { strToU8, zipSync } from 'fflate';
import { GEO_MAX_VERTICES, tooManyVertices } from '../limits.ts';
import { AppError } from '../../http/errors.ts';
import { crsFromWkt, getCrs, insideChina, insideZoneBand, prjWkt, transformGeometry } from '../crs.ts';
import type { Feature, Geometry, GeoWarning, Polygonal, Position, Properties, ReadResult, Ring } from '../geo.types.ts';
import { polygonsOf } from '../geo.types.ts';
import { rewind } from '../validate.ts';
import { dbfLanguageEncoding, firstNonUtf8Text, readDbf, writeDbf } from './dbf.ts';
import { decodeText, encodingFromLabel, type TextEncodingName } from './text-encoding.ts';
import { readZipArchive } from './zip.ts';
export { SHAPEFILE_UNZIP_MAX_BYTES } from './zip.ts';

export interface ShapefileReadOptions {
  /** CRS when the archive has no .prj. */
  crs?: number;
  /** Attribute encoding, overriding .cpg. */
  encoding?: TextEncodingName;
  /** Which Shapefile of a zip holding several (its name without .shp, with or without folder). */
  layer?: string;
}

function bad(field: string, message: string): AppError {
  return new AppError('geo.file_invalid', `${field}: ${message}`, { field });
}

function planarSignedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return s / 2;
}

function pointInRing(p: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number], [xj, yj] = ring[j] as [number, number];
    if ((yi > p[1]!) !== (yj > p[1]!) && p[0]! < ((xj - xi) * (p[1]! - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Shapefile rings: outer rings clockwise, holes counter-clockwise; holes go to their container. */
function assemblePolygon(rings: Ring[]): Polygonal | null {
  const outers: Ring[][] = [];
  const holes: Ring[] = [];
  for (const r of rings) {
    if (planarSignedArea(r) <= 0) outers.push([r]);
    else holes.push(r);
  }
  for (const h of holes) {
    const host = outers.find((o) => pointInRing(h[0]!, o[0]!));
    if (host) host.push(h);
    else outers.push([h]); // an orphan counter-clockwise ring is taken as an outer ring
  }
  if (outers.length === 0) return null;
  return rewind(outers.length === 1 ? { type: 'Polygon', coordinates: outers[0]! } : { type: 'MultiPolygon', coordinates: outers });
}

/** Geometries of a .shp (projected or geographic, as stored). */
export function readShp(buf: Uint8Array, name: string): (Geometry | null)[] {
  const field = `${name}.shp`;
  if (buf.length < 100) throw bad(field, 'too short to hold a Shapefile header');
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (v.getInt32(0, false) !== 9994) throw bad(field, 'not a Shapefile (file code is not 9994)');
  const out: (Geometry | null)[] = [];
  let p = 100;
  // Vertices are counted from the record headers before any array is built (GEO_MAX_VERTICES).
  let vertices = 0;
  const budget = (n: number) => { vertices += Math.max(0, n); if (vertices > GEO_MAX_VERTICES) throw tooManyVertices(field, `at least ${vertices}`); };
  const end = Math.min(buf.length, v.getInt32(24, false) * 2);
  while (p + 8 <= end) {
    const recNo = v.getInt32(p, false);
    const len = v.getInt32(p + 4, false) * 2;
    const c = p + 8;
    if (len < 4 || c + len > buf.length) throw bad(field, `record ${recNo} is truncated`);
    const type = v.getInt32(c, true);
    const need = (n: number) => { if (n > len) throw bad(field, `record ${recNo} is truncated`); };
    const pt = (i: number): Position => [v.getFloat64(i, true), v.getFloat64(i + 8, true)];
    if (type === 0) out.push(null);
    else if (type === 1 || type === 11 || type === 21) { need(20); out.push({ type: 'Point', coordinates: pt(c + 4) }); }
    else if (type === 8 || type === 18 || type === 28) {
      need(40);
      const n = v.getInt32(c + 36, true);
      need(40 + n * 16);
      budget(n);
      out.push({ type: 'MultiPoint', coordinates: Array.from({ length: n }, (_, i) => pt(c + 40 + i * 16)) });
    } else if ([3, 5, 13, 15, 23, 25].includes(type)) {
      need(44);
      const parts = v.getInt32(c + 36, true), points = v.getInt32(c + 40, true);
      need(44 + parts * 4 + points * 16);
      budget(points);
      const starts = Array.from({ length: parts }, (_, i) => v.getInt32(c + 44 + i * 4, true));
      const base = c + 44 + parts * 4;
      const lines: Position[][] = starts.map((s, i) => {
        const e = i + 1 < parts ? starts[i + 1]! : points;
        if (s < 0 || e > points || s > e) throw bad(field, `record ${recNo} has bad part offsets`);
        return Array.from({ length: e - s }, (_, k) => pt(base + (s + k) * 16));
      });
      if (type % 10 === 3) out.push(lines.length === 1 ? { type: 'LineString', coordinates: lines[0]! } : { type: 'MultiLineString', coordinates: lines });
      else out.push(assemblePolygon(lines));
    } else {
      throw new AppError('geo.geometry_unsupported', `${field}: record ${recNo} has shape type ${type}, which is not supported`, { field });
    }
    p = c + len;
  }
  return out;
}

/** The Shapefile of a zip (the only one, or the `layer` named) as features in EPSG:4490. */
export function readShapefileZip(zip: Uint8Array, options: ShapefileReadOptions = {}): ReadResult {
  const files = readZipArchive(zip);
  const byLower = new Map<string, Uint8Array>();
  for (const [k, val] of Object.entries(files)) byLower.set(k.toLowerCase(), val);
  const layers = Object.keys(files).filter((k) => k.toLowerCase().endsWith('.shp')).map((k) => k.slice(0, -4));
  if (layers.length === 0) throw bad('body', 'the zip holds no .shp file');
  const stem = chooseLayer(layers, options.layer).toLowerCase();
  const features: Feature[] = [];
  const warnings: GeoWarning[] = [];
  const shpKey = `${stem}.shp`;
  const label = stem.split('/').pop()!;
  const dbf = byLower.get(`${stem}.dbf`);
  if (!dbf) throw bad(`${label}.dbf`, 'missing: a Shapefile needs its .dbf');
  const prj = byLower.get(`${stem}.prj`);
  let crs: number;
  if (prj) crs = crsFromWkt(decodeText(prj).text, `${label}.prj`);
  else if (options.crs !== undefined) crs = getCrs(options.crs).epsg;
  else {
    throw new AppError('geo.crs_required',
      `${label}.prj: missing, so the coordinate system is unknown: add the .prj or pass crs (e.g. crs=EPSG:4490 or EPSG:4527)`, { field: 'crs' });
  }
  const encoding = dbfEncoding(dbf, byLower.get(`${stem}.cpg`), label, options.encoding, warnings);
  const geoms = readShp(byLower.get(shpKey)!, label);
  const rows = restoreFieldNames(readDbf(dbf, encoding), byLower.get(`${stem}${FIELD_NAMES_SIDECAR}`));
  if (rows.length !== geoms.length) throw bad(`${label}.dbf`, `has ${rows.length} records but the .shp has ${geoms.length} shapes`);
  const info = getCrs(crs);
  geoms.forEach((g, i) => {
    if (!g) { warnings.push({ code: 'null_shape', feature: i, message: `${label}.shp: record ${i + 1} has no geometry and was skipped` }); return; }
    const converted = transformGeometry(g, crs, 4490);
    const first = firstPosition(converted);
    if (info.kind === 'geographic' && (Math.abs(firstPosition(g)[0]!) > 180 || Math.abs(firstPosition(g)[1]!) > 90)) {
      throw new AppError('geo.coordinates_implausible', `${label}.prj says ${info.name} but record ${i + 1} has coordinates ${JSON.stringify(firstPosition(g))}, which are not degrees`, { field: 'prj' });
    }
    if (!insideChina(first[0]!, first[1]!) || !insideZoneBand(info, first[0]!)) {
      throw new AppError('geo.wrong_zone',
        `${label}.shp: record ${i + 1} falls at ${first[0]!.toFixed(4)}°E ${first[1]!.toFixed(4)}°N, outside ${info.zoneWidth ? `${info.name} or ` : ''}China: check the .prj`, { field: 'prj' });
    }
    features.push({ type: 'Feature', geometry: converted, properties: rows[i]! });
  });
  return { features, warnings, sourceCrs: crs };
}

/** Full property names from the sidecar this writer adds when it had to cut field names. */
function restoreFieldNames(rows: Properties[], sidecar: Uint8Array | undefined): Properties[] {
  if (!sidecar) return rows;
  const map = new Map<string, string>();
  for (const line of decodeText(sidecar).text.split(/\r?\n/).slice(1)) {
    const [dbfName, property] = line.split('\t');
    if (dbfName && property) map.set(dbfName, property);
  }
  if (map.size === 0) return rows;
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [map.get(k) ?? k, v])));
}

function firstPosition(g: Geometry): Position {
  switch (g.type) {
    case 'Point': return g.coordinates;
    case 'LineString': case 'MultiPoint': return g.coordinates[0]!;
    case 'Polygon': case 'MultiLineString': return g.coordinates[0]![0]!;
    case 'MultiPolygon': return g.coordinates[0]![0]![0]!;
  }
}

/**
 * The Shapefile of a zip to read: the only one, or the one `layer` names. A zip with several is
 * refused rather than merged, naming what it holds.
 */
function chooseLayer(layers: string[], wanted: string | undefined): string {
  const list = layers.map((l) => `"${l}"`).join(', ');
  if (wanted === undefined) {
    if (layers.length === 1) return layers[0]!;
    throw new AppError('geo.layer_required',
      `layer: the zip holds ${layers.length} Shapefiles (${list}); pass layer=<name> to read one`, { field: 'layer', layers });
  }
  const w = wanted.trim().replace(/\.shp$/i, '').toLowerCase();
  const hit = layers.find((l) => l.toLowerCase() === w) ?? layers.find((l) => l.split('/').pop()!.toLowerCase() === w);
  if (!hit) throw new AppError('geo.layer_required', `layer: the zip holds no Shapefile "${wanted}"; it holds ${list}`, { field: 'layer', layers });
  return hit;
}

/**
 * The .dbf's text encoding: `forced`, else the .cpg, else the code-page byte (0x4D = 936), else
 * UTF-8 when the text is valid UTF-8. Text that is not valid UTF-8 where UTF-8 was said or assumed
 * (a .cpg written by a tool that did not convert, a QGIS file without .cpg and code page) is read
 * as GB18030 (a superset of GBK) with a warning naming the first bad record and field.
 */
function dbfEncoding(dbf: Uint8Array, cpg: Uint8Array | undefined, label: string, forced: TextEncodingName | undefined, warnings: GeoWarning[]): TextEncodingName {
  if (forced) return forced;
  let said: string | undefined;
  if (cpg) {
    const l = decodeText(cpg).text.trim();
    const e = encodingFromLabel(l);
    if (e === 'gbk') return 'gbk';
    if (e === 'utf-8') said = `${label}.cpg says ${l}`;
    else warnings.push({ code: 'encoding_unknown', message: `${label}.cpg: "${l}" unknown; encoding detected instead` });
  }
  if (!said && dbfLanguageEncoding(dbf) === 'gbk') return 'gbk';
  const bad = firstNonUtf8Text(dbf);
  if (!bad) return 'utf-8';
  const where = bad.record === undefined ? `field name ${bad.field}` : `record ${bad.record + 1}, field ${bad.field}`;
  warnings.push({ code: 'encoding_fallback', feature: bad.record,
    message: `${label}.dbf: ${said ?? 'no .cpg and no code page'}, but the text is not valid UTF-8 (${where}): read as GB18030 (GBK); pass encoding= to force one` });
  return 'gbk';
}

export interface ShapefileWriteOptions {
  /** CRS of the output coordinates (default EPSG:4490). */
  crs?: number;
  encoding?: TextEncodingName;
  /** Base name of the files in the archive. */
  name?: string;
}

type Kind = 'point' | 'line' | 'polygon';
const KIND: Record<Geometry['type'], Kind> = {
  Point: 'point', MultiPoint: 'point', LineString: 'line', MultiLineString: 'line', Polygon: 'polygon', MultiPolygon: 'polygon',
};

/** One Shapefile (one geometry kind) zipped with .shx, .dbf, .prj and .cpg. */
export function writeShapefileZip(features: Feature[], options: ShapefileWriteOptions = {}): Buffer {
  return writeShapefile(features, options).body;
}

/** The name of the sidecar that maps cut .dbf field names back to the property names. */
export const FIELD_NAMES_SIDECAR = '.fieldnames.txt';

/**
 * Writes one Shapefile and says what did not fit: properties renamed to fit a .dbf field name
 * (also listed in `<name>.fieldnames.txt`, which the reader uses to restore them), values written
 * in GB18030 because GBK cannot hold them (the .cpg then says GB18030), text values cut to 254 bytes.
 */
export function writeShapefile(features: Feature[], options: ShapefileWriteOptions = {}): { body: Buffer; warnings: GeoWarning[] } {
  const crs = options.crs ?? 4490;
  const encoding = options.encoding ?? 'utf-8';
  const name = options.name ?? 'parcels';
  const kinds = new Set(features.map((f) => KIND[f.geometry.type]));
  if (kinds.size > 1) {
    throw new AppError('geo.geometry_unsupported', `features: a Shapefile holds one kind of geometry; these mix ${[...kinds].join(', ')}`, { field: 'features' });
  }
  const kind = [...kinds][0] ?? 'polygon';
  const shapeType = kind === 'point' ? 8 : kind === 'line' ? 3 : 5;
  const records: Buffer[] = [];
  const bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    const g = transformGeometry(f.geometry, 4490, crs);
    let parts: Position[][];
    if (g.type === 'Point') parts = [[g.coordinates]];
    else if (g.type === 'MultiPoint') parts = [g.coordinates];
    else if (g.type === 'LineString') parts = [g.coordinates];
    else if (g.type === 'MultiLineString') parts = g.coordinates;
    // Shapefile rings: outer clockwise, holes counter-clockwise (the reverse of RFC 7946).
    else parts = polygonsOf(rewind(g)).flatMap((rings) => rings.map((r) => [...r].reverse()));
    const pts = parts.flat();
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of pts) { b[0] = Math.min(b[0]!, p[0]!); b[1] = Math.min(b[1]!, p[1]!); b[2] = Math.max(b[2]!, p[0]!); b[3] = Math.max(b[3]!, p[1]!); }
    for (let i = 0; i < 4; i++) bbox[i] = i < 2 ? Math.min(bbox[i]!, b[i]!) : Math.max(bbox[i]!, b[i]!);
    let rec: Buffer;
    if (shapeType === 8) {
      rec = Buffer.alloc(40 + pts.length * 16);
      rec.writeInt32LE(8, 0);
      b.forEach((x, i) => rec.writeDoubleLE(x, 4 + i * 8));
      rec.writeInt32LE(pts.length, 36);
      pts.forEach((p, i) => { rec.writeDoubleLE(p[0]!, 40 + i * 16); rec.writeDoubleLE(p[1]!, 48 + i * 16); });
    } else {
      rec = Buffer.alloc(44 + parts.length * 4 + pts.length * 16);
      rec.writeInt32LE(shapeType, 0);
      b.forEach((x, i) => rec.writeDoubleLE(x, 4 + i * 8));
      rec.writeInt32LE(parts.length, 36);
      rec.writeInt32LE(pts.length, 40);
      let start = 0;
      parts.forEach((part, i) => { rec.writeInt32LE(start, 44 + i * 4); start += part.length; });
      const base = 44 + parts.length * 4;
      pts.forEach((p, i) => { rec.writeDoubleLE(p[0]!, base + i * 16); rec.writeDoubleLE(p[1]!, base + 8 + i * 16); });
    }
    records.push(rec);
  }
  if (records.length === 0) bbox.fill(0);
  const header = (lengthBytes: number) => {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(lengthBytes / 2, 24);
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(shapeType, 32);
    bbox.forEach((x, i) => h.writeDoubleLE(x, 36 + i * 8));
    return h;
  };
  const shpLen = 100 + records.reduce((s, r) => s + 8 + r.length, 0);
  const shp: Buffer[] = [header(shpLen)];
  const shx: Buffer[] = [header(100 + records.length * 8)];
  let offset = 100;
  records.forEach((r, i) => {
    const rh = Buffer.alloc(8);
    rh.writeInt32BE(i + 1, 0);
    rh.writeInt32BE(r.length / 2, 4);
    shp.push(rh, r);
    const xh = Buffer.alloc(8);
    xh.writeInt32BE(offset / 2, 0);
    xh.writeInt32BE(r.length / 2, 4);
    shx.push(xh);
    offset += 8 + r.length;
  });
  const dbf = writeDbf(features.map((f) => f.properties), encoding);
  const { renamed, outsideGbk, truncated } = dbf.report;
  const warnings: GeoWarning[] = [];
  if (renamed.length > 0) {
    warnings.push({ code: 'field_renamed',
      message: `${name}.dbf: a field name holds 10 bytes, so ${renamed.map(([k, n]) => `"${k}" is written as "${n}"`).join(', ')}; ${name}${FIELD_NAMES_SIDECAR} lists the mapping` });
  }
  for (const o of outsideGbk) {
    warnings.push({ code: 'encoding_gb18030', feature: o.row,
      message: `features[${o.row}].${o.key}: "${o.chars}" is outside GBK and is written in GB18030; ${name}.cpg says GB18030 (GDAL and QGIS read it; software that only knows code page 936 shows ?)` });
  }
  for (const tr of truncated) {
    warnings.push({ code: 'value_truncated', feature: tr.row, message: `features[${tr.row}].${tr.key}: cut to the 254 bytes a .dbf text field holds` });
  }
  const files: Record<string, Uint8Array> = {
    [`${name}.shp`]: Buffer.concat(shp),
    [`${name}.shx`]: Buffer.concat(shx),
    [`${name}.dbf`]: dbf.body,
    [`${name}.prj`]: strToU8(prjWkt(crs)),
    [`${name}.cpg`]: strToU8(encoding === 'utf-8' ? 'UTF-8' : outsideGbk.length > 0 ? 'GB18030' : 'GBK'),
  };
  if (renamed.length > 0) {
    // UTF-8 with BOM, tab-separated: 字段名 (as in the .dbf), then the full property name.
    files[`${name}${FIELD_NAMES_SIDECAR}`] = strToU8(`\ufeff${['dbf_field\tproperty', ...renamed.map(([k, n]) => `${n}\t${k}`)].join('\r\n')}\r\n`);
  }
  return { body: Buffer.from(zipSync(files)), warnings };
}
