/**
 * The 部 standard red-line coordinate text file (建设用地报批/预审 电子报盘):
 * `[属性描述]` key=value lines, then `[地块坐标]` with a header line per parcel ending in `@`
 * and point lines `点号,圈号,X,Y` where X = northing and Y = easting (zone-prefixed when 带号
 * is given). Reading is tolerant (see docs/geo.md); every error names the line. Writing follows
 * the official 要求 exactly.
 */
import { AppError } from '../../http/errors.ts';
import { ellipsoidalAreaM2 } from '../area.ts';
import {
  crsFromPrefixedEasting, datumOfSystemName, getCrs, gk3ZoneEpsg, insideChina, insideZoneBand, toCgcs2000, fromCgcs2000, zoneOfLongitude,
  type CrsInfo,
} from '../crs.ts';
import type { Feature, GeoWarning, Polygonal, Position, ReadResult, Ring } from '../geo.types.ts';
import { polygonsOf } from '../geo.types.ts';
import { rewind } from '../validate.ts';
import { attribute } from './feature-utils.ts';
import { decodeText, encodeText, type TextEncodingName } from './text-encoding.ts';

export interface AreaTolerance {
  /** Relative difference allowed between the stated and the computed area (0.001 = 0.1 %). */
  relative: number;
  /** Absolute difference always allowed, in 公顷 (covers the 4-decimal rounding). */
  absoluteHa: number;
}

/**
 * 0.1 % covers the Gauss-plane area some tools state instead of the ellipsoidal one (the scale
 * factor at 1.5° from the central meridian near 27°N is 1.00028, i.e. 0.055 % in area).
 */
export const DEFAULT_AREA_TOLERANCE: AreaTolerance = { relative: 0.001, absoluteHa: 0.0001 };

export interface RedlineReadOptions {
  /** CRS (EPSG) when the file has neither 带号 nor zone-prefixed Y. */
  crs?: number;
  areaTolerance?: AreaTolerance;
}

function lineError(line: number, message: string, code: 'geo.file_invalid' | 'geo.axis_order' | 'geo.wrong_zone' | 'geo.crs_required' | 'geo.geometry_unsupported' = 'geo.file_invalid'): AppError {
  return new AppError(code, `line ${line}: ${message}`, { field: 'body', line });
}

interface PointLine { line: number; name: string; ring: number; x: number; y: number }
interface ParcelBlock {
  line: number;
  count: number;
  statedAreaHa: number | undefined;
  code: string; name: string; shape: string; sheet: string; use: string; landClass: string;
  points: PointLine[];
}

const HALF_WIDTH: Record<string, string> = { '，': ',', '＝': '=', '［': '[', '］': ']', '＠': '@', '．': '.', '－': '-' };

function parseArea(raw: string, line: number): number | undefined {
  const s = raw.trim().replace(/\s+/g, '');
  if (s === '') return undefined;
  const m = /^(-?\d+(?:\.\d+)?)(公顷|ha|hm2|hm²|亩|平方米|m2|m²)?$/i.exec(s);
  if (!m) throw lineError(line, `地块面积 "${raw}" is not a number of 公顷`);
  const v = Number(m[1]);
  const unit = (m[2] ?? '公顷').toLowerCase();
  if (unit === '亩') return v / 15;
  if (unit === '平方米' || unit === 'm2' || unit === 'm²') return v / 10_000;
  return v;
}

/** Parses a red-line file into parcels in EPSG:4490 (outer rings counter-clockwise). */
export function readRedline(buf: Uint8Array, options: RedlineReadOptions = {}): ReadResult {
  const tolerance = options.areaTolerance ?? DEFAULT_AREA_TOLERANCE;
  const { text } = decodeText(buf);
  const lines = text.split(/\r\n|\n|\r/);
  const warnings: GeoWarning[] = [];
  const attrs = new Map<string, { value: string; line: number }>();
  const parcels: ParcelBlock[] = [];
  let section: 'none' | 'attrs' | 'coords' = 'none';
  let fullWidthWarned = false;

  lines.forEach((rawLine, idx) => {
    const n = idx + 1;
    let s = rawLine.trim();
    if (s === '') return;
    if (/[，＝［］＠]/.test(s)) {
      s = s.replace(/[，＝［］＠．－]/g, (c) => HALF_WIDTH[c] ?? c);
      if (!fullWidthWarned) {
        warnings.push({ code: 'full_width_punctuation', line: n, message: `line ${n}: full-width punctuation read as half-width; the format requires half-width` });
        fullWidthWarned = true;
      }
    }
    if (s === '[属性描述]') { section = 'attrs'; return; }
    if (s === '[地块坐标]') { section = 'coords'; return; }
    if (section === 'none') throw lineError(n, `expected [属性描述] or [地块坐标], found "${s.slice(0, 40)}"`);
    if (section === 'attrs') {
      const eq = s.indexOf('=');
      if (eq <= 0) throw lineError(n, `expected key=value in [属性描述], found "${s.slice(0, 40)}"`);
      attrs.set(s.slice(0, eq).trim(), { value: s.slice(eq + 1).trim(), line: n });
      return;
    }
    const fields = s.split(',').map((f) => f.trim());
    if (fields[fields.length - 1] === '@') {
      const f = fields.slice(0, -1);
      if (f.length < 7) {
        throw lineError(n, `the parcel header has ${f.length} fields before "@"; expected 界址点数,地块面积,地块编号,地块名称,记录图形属性,图幅号,地块用途,地类编号,@`);
      }
      if (!/^\d+$/.test(f[0]!)) throw lineError(n, `界址点数 "${f[0]}" is not a whole number`);
      const shape = f[4] || '面';
      if (shape !== '面') throw lineError(n, `记录图形属性 "${shape}" is not supported; only 面 (polygon) parcels are`, 'geo.geometry_unsupported');
      parcels.push({
        line: n, count: Number(f[0]), statedAreaHa: parseArea(f[1]!, n),
        code: f[2]!, name: f[3]!, shape, sheet: f[5] ?? '', use: f[6] ?? '', landClass: f[7] ?? '', points: [],
      });
      return;
    }
    const parcel = parcels[parcels.length - 1];
    if (!parcel && fields.length >= 7) throw lineError(n, 'a parcel header line must end with ",@" (界址点数,地块面积,…,地类编号,@)');
    if (!parcel) throw lineError(n, 'a point line comes before the first parcel header (a line ending in ",@")');
    while (fields.length > 4 && fields[fields.length - 1] === '') fields.pop();
    if (fields.length !== 4) throw lineError(n, `expected 点号,圈号,X,Y (4 fields), found ${fields.length}: "${s.slice(0, 60)}"`);
    const [name, ringS, xS, yS] = fields as [string, string, string, string];
    if (!/^\d+$/.test(ringS) || Number(ringS) < 1) throw lineError(n, `圈号 "${ringS}" is not a ring number (1 = outer, 2… = holes)`);
    const num = /^-?\d+(\.\d+)?$/;
    if (!num.test(xS)) throw lineError(n, `X "${xS}" is not a number`);
    if (!num.test(yS)) throw lineError(n, `Y "${yS}" is not a number`);
    parcel.points.push({ line: n, name, ring: Number(ringS), x: Number(xS), y: Number(yS) });
  });

  if (parcels.length === 0) throw new AppError('geo.empty', 'body: the file has no parcel ([地块坐标] with a header line ending in ",@")', { field: 'body' });
  const { fileCrs, declaredZone, zoneLine } = readAttributes(attrs, warnings, options.crs);

  let sourceCrs = 4490;
  const features = parcels.map((p, i) => {
    if (p.points.length === 0) throw lineError(p.line, `parcel ${p.code || p.name} has no points`);
    const crs = crsOfParcel(p, fileCrs, declaredZone, zoneLine);
    if (i === 0) sourceCrs = crs.epsg;
    const polygon = buildPolygon(p, crs, warnings);
    const areaM2 = ellipsoidalAreaM2(polygon);
    if (p.statedAreaHa !== undefined) {
      const diffHa = Math.abs(p.statedAreaHa - areaM2 / 10_000);
      if (diffHa > Math.max(tolerance.relative * (areaM2 / 10_000), tolerance.absoluteHa)) {
        warnings.push({ code: 'area_mismatch', line: p.line,
          message: `line ${p.line}: 地块面积 ${p.statedAreaHa} 公顷 differs from the computed ellipsoidal area ${(areaM2 / 10_000).toFixed(4)} 公顷 by ${diffHa.toFixed(4)} 公顷` });
      }
    }
    const properties: Record<string, unknown> = { code: p.code, name: p.name, use: p.use, landClass: p.landClass, sheet: p.sheet };
    if (p.statedAreaHa !== undefined) properties.statedAreaHa = p.statedAreaHa;
    return { type: 'Feature', geometry: polygon, properties } as Feature;
  });
  return { features, warnings, sourceCrs };
}

function readAttributes(
  attrs: Map<string, { value: string; line: number }>, warnings: GeoWarning[], fallbackCrs: number | undefined,
): { fileCrs: CrsInfo | undefined; declaredZone: number | undefined; zoneLine: number; width: 3 | 6 } {
  const get = (k: string) => attrs.get(k);
  const system = get('坐标系');
  if (system) {
    const v = system.value;
    const datum = datumOfSystemName(v);
    if (datum === 'xian1980') {
      throw new AppError('geo.transformation_required',
        `line ${system.line}: 坐标系=${v}: Xian 1980 needs a datum transformation to CGCS2000 and none is configured (none is guessed)`, { field: 'body', line: system.line });
    }
    if (datum === 'beijing1954') {
      throw new AppError('geo.transformation_required',
        `line ${system.line}: 坐标系=${v}: Beijing 1954 needs a datum transformation to CGCS2000 and none is configured (none is guessed)`, { field: 'body', line: system.line });
    }
    if (datum !== 'cgcs2000') {
      throw new AppError('geo.crs_unsupported', `line ${system.line}: 坐标系=${v} is not supported; use 2000国家大地坐标系`, { field: 'body', line: system.line });
    }
  } else {
    warnings.push({ code: 'crs_assumed', message: '坐标系 is missing: 2000国家大地坐标系 assumed' });
  }
  const widthAttr = get('几度分带');
  let width: 3 | 6 = 3;
  if (widthAttr && widthAttr.value !== '') {
    if (widthAttr.value !== '3' && widthAttr.value !== '6') throw lineError(widthAttr.line, `几度分带=${widthAttr.value}: expected 3 or 6`);
    width = Number(widthAttr.value) as 3 | 6;
  }
  const proj = get('投影类型');
  if (proj && proj.value !== '' && !/高斯|gauss|kr[uü]ger|横轴墨卡托|transverse/i.test(proj.value)) {
    throw lineError(proj.line, `投影类型=${proj.value}: only 高斯克吕格 is supported`);
  }
  const unit = get('计量单位');
  if (unit && unit.value !== '' && !/^(米|m|metre|meter)$/i.test(unit.value)) throw lineError(unit.line, `计量单位=${unit.value}: only 米 is supported`);
  const params = get('转换参数');
  if (params && params.value.split(',').some((x) => x.trim() !== '')) {
    warnings.push({ code: 'transformation_ignored', line: params.line, message: `line ${params.line}: 转换参数 ignored: the coordinates are read as CGCS2000` });
  }
  for (const [k, v] of attrs) {
    if (!['格式版本号', '数据产生单位', '数据产生日期', '坐标系', '几度分带', '投影类型', '计量单位', '带号', '精度', '转换参数'].includes(k)) {
      warnings.push({ code: 'unknown_attribute', line: v.line, message: `line ${v.line}: unknown attribute ${k} ignored` });
    }
  }
  const zoneAttr = get('带号');
  let declaredZone: number | undefined;
  if (zoneAttr && zoneAttr.value !== '') {
    if (!/^\d{1,2}$/.test(zoneAttr.value)) throw lineError(zoneAttr.line, `带号=${zoneAttr.value} is not a zone number`);
    declaredZone = Number(zoneAttr.value);
    const ok = width === 3 ? declaredZone >= 25 && declaredZone <= 45 : declaredZone >= 13 && declaredZone <= 23;
    if (!ok) throw lineError(zoneAttr.line, `带号=${declaredZone} is not a ${width}-degree zone of China (${width === 3 ? '25–45' : '13–23'})`, 'geo.wrong_zone');
  }
  let fileCrs: CrsInfo | undefined;
  if (declaredZone === undefined && fallbackCrs !== undefined) fileCrs = getCrs(fallbackCrs, 'crs');
  return { fileCrs, declaredZone, zoneLine: zoneAttr?.line ?? 0, width };
}

/** The CRS of a parcel's points: zone prefix of Y, else 带号 (CM variant), else `crs`. */
function crsOfParcel(p: ParcelBlock, fileCrs: CrsInfo | undefined, declaredZone: number | undefined, zoneLine: number): CrsInfo {
  let crs: CrsInfo | undefined;
  for (const pt of p.points) {
    if (pt.x >= 10_000_000 && pt.y < 10_000_000) {
      throw lineError(pt.line, `X ${pt.x} has 8 integer digits like a zone-prefixed easting and Y ${pt.y} has 7: X and Y are swapped (X = northing comes first)`, 'geo.axis_order');
    }
    if (pt.y < 10_000_000 && pt.y >= 1_000_000 && pt.x < 1_000_000) {
      throw lineError(pt.line, `X ${pt.x} looks like an easting and Y ${pt.y} like a northing: X and Y are swapped (X = northing comes first)`, 'geo.axis_order');
    }
    if (pt.x < 0 || pt.x > 6_200_000) {
      throw lineError(pt.line, `X (northing) ${pt.x} is outside China (0.3–6.0 million metres)`, 'geo.wrong_zone');
    }
    let here: CrsInfo;
    if (pt.y >= 10_000_000) {
      const c = crsFromPrefixedEasting(pt.y);
      if (!c) throw lineError(pt.line, `Y ${pt.y}: zone prefix ${Math.floor(pt.y / 1_000_000)} is not a zone of China (3°: 25–45, 6°: 13–23)`, 'geo.wrong_zone');
      if (declaredZone !== undefined && c.zone !== declaredZone) {
        throw lineError(pt.line, `Y ${pt.y} carries zone ${c.zone} but 带号=${declaredZone} (line ${zoneLine})`, 'geo.wrong_zone');
      }
      here = c;
    } else if (declaredZone !== undefined) {
      here = getCrs(declaredZone >= 25 ? gk3ZoneEpsg(declaredZone) + 21 : 4489 + declaredZone);
    } else if (fileCrs) {
      here = fileCrs;
    } else {
      throw new AppError('geo.crs_required',
        `line ${pt.line}: Y ${pt.y} has no zone prefix and the file has no 带号: add 带号 or pass crs (e.g. crs=EPSG:4544)`, { field: 'crs', line: pt.line });
    }
    if (crs && crs.epsg !== here.epsg) throw lineError(pt.line, `point ${pt.name} is in ${here.name} but earlier points are in ${crs.name}`, 'geo.wrong_zone');
    crs = here;
  }
  return crs!;
}

function buildPolygon(p: ParcelBlock, crs: CrsInfo, warnings: GeoWarning[]): Polygonal {
  // Rings in order of appearance; a ring number must not come back after another ring.
  const groups: PointLine[][] = [];
  const seen = new Set<number>();
  for (const pt of p.points) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.ring === pt.ring) { last.push(pt); continue; }
    if (seen.has(pt.ring)) throw lineError(pt.line, `ring ${pt.ring} continues after another ring started`);
    seen.add(pt.ring);
    groups.push([pt]);
  }
  const ringsLonLat: { ring: Ring; projected: Ring; first: PointLine }[] = [];
  let closingPoints = 0;
  for (const g of groups) {
    const first = g[0]!, last = g[g.length - 1]!;
    const closed = g.length > 1 && first.x === last.x && first.y === last.y;
    if (!closed && g.length > 1 && last.name === first.name) {
      throw lineError(last.line, `point ${last.name} closes ring ${first.ring} but its coordinates differ from line ${first.line}`);
    }
    if (closed) closingPoints++;
    else warnings.push({ code: 'ring_closed', line: last.line, message: `line ${last.line}: ring ${first.ring} was not closed; closed back to ${first.name}` });
    const pts = closed ? g : [...g, first];
    if (pts.length < 4) throw lineError(first.line, `ring ${first.ring} has ${pts.length - 1} distinct points; a ring needs at least 3`);
    const projected: Ring = pts.map((pt) => [pt.y, pt.x]);
    const ring: Ring = pts.map((pt) => {
      const ll = toCgcs2000(crs.epsg, [pt.y, pt.x]);
      if (!insideChina(ll[0]!, ll[1]!)) {
        throw lineError(pt.line, `point ${pt.name} (X ${pt.x}, Y ${pt.y}) falls at ${ll[0]!.toFixed(4)}°E ${ll[1]!.toFixed(4)}°N, outside China: wrong zone or coordinates`, 'geo.wrong_zone');
      }
      if (!insideZoneBand(crs, ll[0]!)) {
        throw lineError(pt.line, `point ${pt.name} (Y ${pt.y}) falls at longitude ${ll[0]!.toFixed(4)}°, outside ${crs.name} (central meridian ${crs.centralMeridian}° ± ${crs.zoneWidth! / 2}°): wrong zone`, 'geo.wrong_zone');
      }
      return ll;
    });
    ringsLonLat.push({ ring, projected, first });
  }
  const lineCount = p.points.length;
  const allowed = new Set([lineCount, lineCount - closingPoints, lineCount + (groups.length - closingPoints)]);
  if (!allowed.has(p.count)) {
    throw lineError(p.line, `界址点数 ${p.count} does not match the ${lineCount} point lines of this parcel (${lineCount - closingPoints} without the closing points)`);
  }
  // Ring 1 is an outer ring; a later ring inside an outer ring is its hole, otherwise another part.
  const polys: { outer: (typeof ringsLonLat)[number]; holes: Ring[] }[] = [];
  for (const r of ringsLonLat) {
    const host = polys.find((poly) => pointInRing(r.projected[0]!, poly.outer.projected));
    if (host && r !== ringsLonLat[0]) host.holes.push(r.ring);
    else polys.push({ outer: r, holes: [] });
  }
  const coords = polys.map((poly) => [poly.outer.ring, ...poly.holes]);
  const g: Polygonal = coords.length === 1 ? { type: 'Polygon', coordinates: coords[0]! } : { type: 'MultiPolygon', coordinates: coords };
  return rewind(g);
}

function pointInRing(p: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number], [xj, yj] = ring[j] as [number, number];
    if ((yi > p[1]!) !== (yj > p[1]!) && p[0]! < ((xj - xi) * (p[1]! - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export interface RedlineWriteOptions {
  /** 3° zone (25–45); default: the zone of the features' mean longitude. */
  zone?: number;
  /** 精度: 0.001 → 3 decimals. */
  precision?: number;
  encoding?: TextEncodingName;
  producer?: string;
  /** 数据产生日期, YYYY-MM-DD (default today). */
  date?: string;
}

/** A field value must not break the comma-separated header. */
function cell(v: string): string {
  return v.replace(/[,\r\n]/g, '，').replace(/@/g, '＠');
}

export function chooseZone(features: Feature[]): number {
  let sum = 0, n = 0;
  for (const f of features) {
    for (const rings of polygonsOf(f.geometry as Polygonal)) {
      for (const p of rings[0]!) { sum += p[0]!; n++; }
    }
  }
  return zoneOfLongitude(sum / Math.max(n, 1), 3);
}

/** Writes the official layout: CRLF, half-width punctuation, 3° zone-prefixed Y, closing points. */
export function writeRedline(features: Feature[], options: RedlineWriteOptions = {}): Buffer {
  features.forEach((f, i) => {
    if (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon') {
      throw new AppError('geo.geometry_unsupported', `features[${i}]: a ${f.geometry.type} cannot be written to a red-line file (polygons only)`, { field: `features[${i}]` });
    }
  });
  const zone = options.zone ?? chooseZone(features);
  const epsg = gk3ZoneEpsg(zone);
  const crs = getCrs(epsg);
  const precision = options.precision ?? 0.001;
  const decimals = Math.max(0, Math.round(-Math.log10(precision)));
  const out: string[] = [
    '[属性描述]',
    '格式版本号=1.00版本',
    `数据产生单位=${options.producer ?? ''}`,
    `数据产生日期=${options.date ?? new Date().toISOString().slice(0, 10)}`,
    '坐标系=2000国家大地坐标系',
    '几度分带=3',
    '投影类型=高斯克吕格',
    '计量单位=米',
    `带号=${zone}`,
    `精度=${precision}`,
    '转换参数=,,,,,,',
    '[地块坐标]',
  ];
  features.forEach((f, fi) => {
    const g = f.geometry as Polygonal;
    for (const rings of polygonsOf(g)) {
      for (const p of rings[0]!) {
        if (!insideZoneBand(crs, p[0]!)) {
          throw new AppError('geo.wrong_zone',
            `features[${fi}]: longitude ${p[0]!.toFixed(4)}° is outside zone ${zone} (${crs.centralMeridian}° ± 1.5°); pass zone=${zoneOfLongitude(p[0]!)}`, { field: 'zone' });
        }
      }
    }
    // 界址点 run clockwise on the map by survey custom: the reverse of RFC 7946's outer rings.
    const polys = polygonsOf(rewind(g)).map((rings) => rings.map((r) => [...r].reverse()));
    const pointLines: string[] = [];
    let ringNo = 0, pointNo = 0;
    for (const rings of polys) {
      for (const ring of rings) {
        ringNo++;
        const firstName = `J${pointNo + 1}`;
        ring.forEach((p, i) => {
          const [e, nth] = fromCgcs2000(epsg, p) as [number, number];
          const name = i === ring.length - 1 ? firstName : `J${++pointNo}`;
          pointLines.push(`${name},${ringNo},${nth.toFixed(decimals)},${e.toFixed(decimals)}`);
        });
      }
    }
    const p = f.properties;
    const areaHa = ellipsoidalAreaM2(g) / 10_000;
    out.push([pointLines.length, areaHa.toFixed(4), cell(attribute(p, 'code')), cell(attribute(p, 'name')), '面',
      cell(attribute(p, 'sheet')), cell(attribute(p, 'use')), cell(attribute(p, 'landClass')), '@'].join(','));
    out.push(...pointLines);
  });
  return encodeText(out.join('\r\n') + '\r\n', options.encoding ?? 'utf-8');
}
