/**
 * Coordinate reference systems the platform reads and writes, and transformations to and from
 * CGCS2000 geographic (EPSG:4490), which is how geometries are stored.
 *
 * Gauss-Krüger definitions are written from the EPSG parameters (transverse Mercator, k = 1,
 * latitude of origin 0, false northing 0); nothing is fetched. Projected positions are
 * [easting, northing] here; the red-line file's "X = northing first" is handled by its reader.
 * Xian 1980 and Beijing 1954 need a datum shift that differs by region: they are refused unless
 * a deployment configures one (`setDatumTransformation`), never guessed.
 */
import proj4 from 'proj4';
import { AppError } from '../http/errors.ts';
import type { Geometry, Position } from './geo.types.ts';

export type CrsKind = 'geographic' | 'gk3' | 'gk3cm' | 'gk6' | 'gk6cm' | 'webmercator';
export type Datum = 'cgcs2000' | 'xian1980' | 'beijing1954';

export interface CrsInfo {
  epsg: number;
  name: string;
  kind: CrsKind;
  datum: Datum;
  /** Zone number for zone-prefixed Gauss-Krüger systems. */
  zone?: number;
  centralMeridian?: number;
  falseEasting?: number;
  zoneWidth?: 3 | 6;
}

const ELLIPSOID: Record<Datum, string> = {
  cgcs2000: '+a=6378137 +rf=298.257222101',
  xian1980: '+a=6378140 +rf=298.257', // IAG 1975
  beijing1954: '+a=6378245 +rf=298.3', // Krassowsky 1940
};
const DATUM_NAME: Record<Datum, string> = { cgcs2000: 'CGCS2000', xian1980: 'Xian 1980', beijing1954: 'Beijing 1954' };

const registry = new Map<number, CrsInfo>();

function addGk(datum: Datum, epsg: number, width: 3 | 6, cm: number, zone: number | undefined): void {
  const dn = DATUM_NAME[datum];
  const name = zone !== undefined
    ? `${dn} / ${width === 3 ? '3-degree ' : ''}Gauss-Kruger zone ${zone}`
    : `${dn} / ${width === 3 ? '3-degree ' : ''}Gauss-Kruger CM ${cm}E`;
  registry.set(epsg, {
    epsg, name, datum, kind: width === 3 ? (zone ? 'gk3' : 'gk3cm') : (zone ? 'gk6' : 'gk6cm'),
    zone, centralMeridian: cm, falseEasting: zone !== undefined ? zone * 1_000_000 + 500_000 : 500_000, zoneWidth: width,
  });
}

registry.set(4490, { epsg: 4490, name: 'China Geodetic Coordinate System 2000 (CGCS2000)', kind: 'geographic', datum: 'cgcs2000' });
registry.set(3857, { epsg: 3857, name: 'WGS 84 / Pseudo-Mercator (display only)', kind: 'webmercator', datum: 'cgcs2000' });
for (let zone = 25; zone <= 45; zone++) {
  addGk('cgcs2000', 4488 + zone, 3, zone * 3, zone); // 4513–4533
  addGk('cgcs2000', 4509 + zone, 3, zone * 3, undefined); // 4534–4554, CM 75E–135E
  addGk('xian1980', 2324 + zone, 3, zone * 3, zone); // 2349–2369
  addGk('xian1980', 2345 + zone, 3, zone * 3, undefined); // 2370–2390
  addGk('beijing1954', 2376 + zone, 3, zone * 3, zone); // 2401–2421
  addGk('beijing1954', 2397 + zone, 3, zone * 3, undefined); // 2422–2442
}
for (let zone = 13; zone <= 23; zone++) {
  const cm = zone * 6 - 3;
  addGk('cgcs2000', 4478 + zone, 6, cm, zone); // 4491–4501
  addGk('cgcs2000', 4489 + zone, 6, cm, undefined); // 4502–4512, CM 75E–135E
  addGk('xian1980', 2314 + zone, 6, cm, zone); // 2327–2337
  addGk('xian1980', 2325 + zone, 6, cm, undefined); // 2338–2348
  addGk('beijing1954', 21400 + zone, 6, cm, zone); // 21413–21423
  addGk('beijing1954', 21460 + zone, 6, cm, undefined); // 21473–21483
}
registry.set(4610, { epsg: 4610, name: 'Xian 1980', kind: 'geographic', datum: 'xian1980' });
registry.set(4214, { epsg: 4214, name: 'Beijing 1954', kind: 'geographic', datum: 'beijing1954' });

/** Datum shifts (+towgs84, 3 or 7 parameters) a deployment has configured for the old datums. */
const datumShifts = new Map<Datum, number[]>();

/** Configures the shift of an old datum to CGCS2000 (treated as WGS 84 at the centimetre level). */
export function setDatumTransformation(datum: 'xian1980' | 'beijing1954', towgs84: number[] | undefined): void {
  if (towgs84 === undefined) datumShifts.delete(datum);
  else datumShifts.set(datum, towgs84);
  converters.clear();
}

/** Every CRS that can be used now (old datums only with a configured transformation). */
export function listCrs(): CrsInfo[] {
  return [...registry.values()].filter((c) => c.datum === 'cgcs2000' || datumShifts.has(c.datum)).sort((a, b) => a.epsg - b.epsg);
}

/** The CRS of an EPSG code; throws geo.crs_unsupported or geo.transformation_required. */
export function getCrs(epsg: number, field = 'crs'): CrsInfo {
  const c = registry.get(epsg);
  if (!c) {
    throw new AppError('geo.crs_unsupported',
      `${field}: EPSG:${epsg} is not supported; use CGCS2000 (EPSG:4490) or its Gauss-Krüger systems (EPSG:4491–4554)`, { field, epsg });
  }
  if (c.datum !== 'cgcs2000' && !datumShifts.has(c.datum)) {
    throw new AppError('geo.transformation_required',
      `${field}: ${c.name} (EPSG:${epsg}) needs a datum transformation to CGCS2000 and none is configured; ` +
      'convert the data to CGCS2000 first (no transformation is guessed)', { field, epsg });
  }
  return c;
}

/**
 * The datum a coordinate-system name denotes, as people write it in red-line files, metadata
 * sheets and .prj names: every common spelling of Xian 1980 (西安80, 西安1980, 1980西安坐标系,
 * 80坐标系, 80国家大地坐标系, Xian 1980, Xian80, EPSG:4610 and its Gauss-Krüger codes) and of Beijing
 * 1954 (北京54, 北京1954, 1954北京坐标系, 54坐标系, Beijing 1954, EPSG:4214 …), CGCS2000 (2000国家大地坐标系,
 * CGCS2000, 国家2000, EPSG:4490 …). Undefined when the name is none of them.
 */
export function datumOfSystemName(name: string): Datum | undefined {
  const s = name.normalize('NFKC').toLowerCase().replace(/[\s_\-–—.·()（）]/g, '');
  const epsg = /^(?:epsg:*)?(\d{4,5})$/.exec(s);
  if (epsg) return registry.get(Number(epsg[1]))?.datum;
  // 2000 is CGCS2000 only when no old datum is named beside it (“1980西安坐标系转2000” is not).
  if (/西安|xian|(?<!\d)(?:19)?80(?:年|坐标|国家|大地|系|$)|国家80|c80|(?<!\d)1980(?!\d)/.test(s)) return 'xian1980';
  if (/北京|beijing|(?<!\d)(?:19)?54(?:年|坐标|国家|大地|系|$)|国家54|(?<!\d)1954(?!\d)/.test(s)) return 'beijing1954';
  if (/cgcs|(?<!\d)2000(?!\d)|china(?:geodetic)?(?:coordinatesystem)?2000/.test(s)) return 'cgcs2000';
  return undefined;
}

/** Accepts "4490", "EPSG:4490" or "epsg:4490". */
export function parseCrsCode(s: string, field = 'crs'): number {
  const m = /^(?:epsg:)?(\d{4,5})$/i.exec(s.trim());
  if (!m) throw new AppError('geo.crs_unsupported', `${field}: "${s}" is not an EPSG code such as EPSG:4490`, { field });
  return Number(m[1]);
}

function projString(c: CrsInfo): string {
  const shift = c.datum === 'cgcs2000' ? '' : ` +towgs84=${datumShifts.get(c.datum)!.join(',')}`;
  const ell = ELLIPSOID[c.datum];
  if (c.kind === 'geographic') return `+proj=longlat ${ell}${shift} +no_defs`;
  if (c.kind === 'webmercator') {
    return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs';
  }
  return `+proj=tmerc +lat_0=0 +lon_0=${c.centralMeridian} +k=1 +x_0=${c.falseEasting} +y_0=0 ${ell}${shift} +units=m +no_defs`;
}

const CGCS2000_LONLAT = `+proj=longlat ${ELLIPSOID.cgcs2000} +no_defs`;
// With an old datum configured, both sides must carry +towgs84 for proj4 to apply the shift.
const CGCS2000_LONLAT_SHIFT = `+proj=longlat ${ELLIPSOID.cgcs2000} +towgs84=0,0,0,0,0,0,0 +no_defs`;

type Converter = { forward: (p: number[]) => number[]; inverse: (p: number[]) => number[] };
const converters = new Map<number, Converter>();

function converter(epsg: number): Converter {
  let c = converters.get(epsg);
  if (!c) {
    const info = getCrs(epsg);
    const from = info.datum === 'cgcs2000' ? CGCS2000_LONLAT : CGCS2000_LONLAT_SHIFT;
    c = proj4(from, projString(info)) as Converter;
    converters.set(epsg, c);
  }
  return c;
}

/** A position of `epsg` to [lon, lat] in EPSG:4490. */
export function toCgcs2000(epsg: number, p: Position): Position {
  if (epsg === 4490) return [p[0]!, p[1]!];
  const q = converter(epsg).inverse([p[0]!, p[1]!]);
  return [q[0]!, q[1]!];
}

/** [lon, lat] in EPSG:4490 to a position of `epsg`. */
export function fromCgcs2000(epsg: number, p: Position): Position {
  if (epsg === 4490) return [p[0]!, p[1]!];
  const q = converter(epsg).forward([p[0]!, p[1]!]);
  return [q[0]!, q[1]!];
}

export function mapPositions(g: Geometry, f: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point': return { type: 'Point', coordinates: f(g.coordinates) };
    case 'LineString': case 'MultiPoint': return { type: g.type, coordinates: g.coordinates.map(f) } as Geometry;
    case 'Polygon': case 'MultiLineString': return { type: g.type, coordinates: g.coordinates.map((r) => r.map(f)) } as Geometry;
    case 'MultiPolygon': return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) };
  }
}

export function transformGeometry(g: Geometry, fromEpsg: number, toEpsg: number): Geometry {
  if (fromEpsg === toEpsg) return g;
  if (fromEpsg === 4490) return mapPositions(g, (p) => fromCgcs2000(toEpsg, p));
  if (toEpsg === 4490) return mapPositions(g, (p) => toCgcs2000(fromEpsg, p));
  return mapPositions(g, (p) => fromCgcs2000(toEpsg, toCgcs2000(fromEpsg, p)));
}

/** EPSG code of the CGCS2000 3° zone N with zone-prefixed easting (zones 25–45). */
export function gk3ZoneEpsg(zone: number): number {
  if (!Number.isInteger(zone) || zone < 25 || zone > 45) {
    throw new AppError('geo.crs_unsupported', `zone: 3-degree zone ${zone} is outside China (25–45)`, { field: 'zone' });
  }
  return 4488 + zone;
}

/** EPSG code of the CGCS2000 3° "CM xxxE" system without zone prefix. */
export function gk3CmEpsg(zone: number): number {
  return gk3ZoneEpsg(zone) + 21;
}

/** 3° zone N ≈ round(lon / 3) (CM = 3N); 6° zone N = floor(lon / 6) + 1 (CM = 6N − 3). */
export function zoneOfLongitude(lon: number, width: 3 | 6 = 3): number {
  return width === 3 ? Math.round(lon / 3) : Math.floor(lon / 6) + 1;
}

/**
 * The zone-prefixed system of an easting whose integer part has 8 digits (first two = zone):
 * zones 25–45 are 3° zones, 13–23 are 6° zones; the ranges do not overlap.
 */
export function crsFromPrefixedEasting(y: number): CrsInfo | undefined {
  if (!(y >= 10_000_000 && y < 100_000_000)) return undefined;
  const zone = Math.floor(y / 1_000_000);
  if (zone >= 25 && zone <= 45) return registry.get(4488 + zone);
  if (zone >= 13 && zone <= 23) return registry.get(4478 + zone);
  return undefined;
}

/** Rough bounds of China's territory incl. the southern islands, for plausibility checks. */
export const CHINA_BOUNDS = { minLon: 73, maxLon: 135.5, minLat: 3, maxLat: 54 } as const;

export function insideChina(lon: number, lat: number): boolean {
  return lon >= CHINA_BOUNDS.minLon && lon <= CHINA_BOUNDS.maxLon && lat >= CHINA_BOUNDS.minLat && lat <= CHINA_BOUNDS.maxLat;
}

/** Degrees a longitude may lie outside its zone's band before the zone is called wrong. */
export const ZONE_MARGIN_DEG = 0.1;

/** Half-width check of a Gauss-Krüger band: |lon − CM| ≤ width/2 + margin. */
export function insideZoneBand(c: CrsInfo, lon: number, margin = ZONE_MARGIN_DEG): boolean {
  if (c.centralMeridian === undefined || !c.zoneWidth) return true;
  return Math.abs(lon - c.centralMeridian) <= c.zoneWidth / 2 + margin;
}

/** ESRI-style WKT for a .prj file. */
export function prjWkt(epsg: number): string {
  const c = getCrs(epsg);
  if (c.datum !== 'cgcs2000') throw new AppError('geo.crs_unsupported', `crs: output in ${c.name} is not supported`, { field: 'crs' });
  const geog = 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
    'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  if (c.kind === 'geographic') return geog;
  if (c.kind === 'webmercator') {
    throw new AppError('geo.crs_unsupported', 'crs: EPSG:3857 is for display only, not for files', { field: 'crs' });
  }
  const name = c.zone !== undefined
    ? `CGCS2000_${c.zoneWidth}_Degree_GK_Zone_${c.zone}`
    : `CGCS2000_${c.zoneWidth}_Degree_GK_CM_${c.centralMeridian}E`;
  return `PROJCS["${name}",${geog},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${c.falseEasting!.toFixed(1)}],` +
    `PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${c.centralMeridian!.toFixed(1)}],` +
    'PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
}

/**
 * Reads the CRS of a .prj (ESRI or OGC WKT). Returns the EPSG code, or throws
 * geo.transformation_required for old datums / geo.crs_unsupported for anything else.
 */
export function crsFromWkt(wkt: string, field = 'prj'): number {
  const auth = /AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(wkt.trim());
  if (auth && registry.has(Number(auth[1]))) return getCrs(Number(auth[1]), field).epsg;
  const flat = wkt.replace(/\s+/g, '').toLowerCase();
  let datum: Datum | 'wgs84' | undefined;
  if (/china_2000|cgcs.?2000|china2000/.test(flat)) datum = 'cgcs2000';
  else if (/xian.?1980|xian80/.test(flat)) datum = 'xian1980';
  else if (/beijing.?1954|beijing54/.test(flat)) datum = 'beijing1954';
  else if (/wgs.?(19)?84/.test(flat)) datum = 'wgs84';
  if (!datum) throw new AppError('geo.crs_unsupported', `${field}: the coordinate system's datum is not recognised: ${wkt.slice(0, 120)}`, { field });
  const num = (name: string): number | undefined => {
    const m = new RegExp(`parameter\\["${name}",(-?[0-9.eE+-]+)\\]`).exec(flat);
    return m ? Number(m[1]) : undefined;
  };
  const isProjected = flat.startsWith('projcs') || flat.startsWith('projcrs');
  if (!isProjected) {
    if (datum === 'cgcs2000' || datum === 'wgs84') return 4490;
    return getCrs(datum === 'xian1980' ? 4610 : 4214, field).epsg;
  }
  if (datum === 'wgs84') {
    if (/pseudo.?mercator|popular_visualisation|web_mercator|mercator_auxiliary/.test(flat)) return 3857;
    throw new AppError('geo.crs_unsupported', `${field}: only WGS 84 geographic or Web Mercator is accepted besides CGCS2000`, { field });
  }
  if (!/transverse_mercator|gauss_kruger|gauss-kruger/.test(flat)) {
    throw new AppError('geo.crs_unsupported', `${field}: only Gauss-Krüger (transverse Mercator) projections are supported`, { field });
  }
  const cm = num('central_meridian') ?? num('longitude_of_natural_origin');
  const fe = num('false_easting') ?? 0;
  const k = num('scale_factor') ?? 1;
  if (cm === undefined || Math.abs(k - 1) > 1e-9) {
    throw new AppError('geo.crs_unsupported', `${field}: a Gauss-Krüger projection needs Central_Meridian and Scale_Factor 1`, { field });
  }
  for (const c of registry.values()) {
    if (c.datum === datum && c.centralMeridian === cm && c.falseEasting === fe) return getCrs(c.epsg, field).epsg;
  }
  throw new AppError('geo.crs_unsupported',
    `${field}: Gauss-Krüger with central meridian ${cm}° and false easting ${fe} matches no supported zone`, { field });
}
