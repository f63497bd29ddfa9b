/** GeoJSON (RFC 7946) read and write; stored and answered in EPSG:4490. */
import { AppError } from '../../http/errors.ts';
import { crsFromPrefixedEasting, getCrs, parseCrsCode, transformGeometry } from '../crs.ts';
import type { Feature, FeatureCollection, Geometry, ReadResult } from '../geo.types.ts';
import { decodeText, lineOfOffset } from './text-encoding.ts';
import { normaliseGeometry } from './feature-utils.ts';
import { JSON_MAX_DEPTH, jsonDepthExceeds } from '../../http/hardening.ts';

export interface GeoJsonReadOptions {
  /** CRS of the coordinates when the file does not say (default EPSG:4490). */
  crs?: number;
}

const GEOMETRY_TYPES = new Set(['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection']);

function bad(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('geo.file_invalid', message, { field: 'body', ...details });
}

/** Parses JSON text, naming the line of a syntax error. */
export function parseJsonText(buf: Uint8Array): unknown {
  const { text } = decodeText(buf);
  if (jsonDepthExceeds(text, JSON_MAX_DEPTH)) throw bad(`body: JSON nested deeper than ${JSON_MAX_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    const where = m ? lineOfOffset(text, Number(m[1])) : undefined;
    throw bad(`body: not valid JSON${where ? ` (line ${where.line}, column ${where.column})` : ''}: ${(e as Error).message}`,
      where ? { line: where.line } : {});
  }
}

/** The EPSG code of an old-style GeoJSON "crs" member, if any. */
function crsMember(doc: Record<string, unknown>): number | undefined {
  const name = (doc.crs as { properties?: { name?: string } } | undefined)?.properties?.name;
  if (!name) return undefined;
  if (/CRS84$/i.test(name)) return 4490;
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  if (!m) throw bad(`crs: the GeoJSON crs member "${name}" is not an EPSG code`);
  return getCrs(Number(m[1]), 'crs').epsg;
}

/** A FeatureCollection, Feature or bare geometry to features in EPSG:4490. */
export function readGeoJson(doc: unknown, options: GeoJsonReadOptions = {}): ReadResult {
  if (!doc || typeof doc !== 'object') throw bad('body: expected a GeoJSON object');
  const d = doc as Record<string, unknown>;
  const crs = crsMember(d) ?? options.crs ?? 4490;
  getCrs(crs);
  let raw: Record<string, unknown>[];
  if (d.type === 'FeatureCollection') {
    if (!Array.isArray(d.features)) throw bad('features: a FeatureCollection needs a features array');
    raw = d.features as Record<string, unknown>[];
  } else if (d.type === 'Feature') raw = [d];
  else if (typeof d.type === 'string' && GEOMETRY_TYPES.has(d.type)) raw = [{ type: 'Feature', geometry: d, properties: {} }];
  else throw bad(`type: "${String(d.type)}" is not a GeoJSON FeatureCollection, Feature or geometry`);

  const features: Feature[] = raw.map((f, i) => {
    const field = d.type === 'FeatureCollection' ? `features[${i}]` : 'geometry';
    if (!f || f.type !== 'Feature') throw bad(`${field}.type: expected "Feature"`);
    const g = normaliseGeometry(f.geometry, `${field}.geometry`);
    assertCoordinatesFit(g, crs, `${field}.geometry`);
    const props = (f.properties && typeof f.properties === 'object' ? { ...(f.properties as object) } : {}) as Record<string, unknown>;
    const feature: Feature = { type: 'Feature', geometry: transformGeometry(g, crs, 4490), properties: props };
    if (typeof f.id === 'string' || typeof f.id === 'number') feature.id = f.id;
    return feature;
  });
  return { features, warnings: [], sourceCrs: crs };
}

/** Degrees must look like degrees; a projected easting in a "geographic" file is named. */
function assertCoordinatesFit(g: Geometry, crs: number, field: string): void {
  const first = firstPosition(g);
  if (!first) return;
  const geographic = getCrs(crs).kind === 'geographic';
  if (geographic && (Math.abs(first[0]!) > 180 || Math.abs(first[1]!) > 90)) {
    const hint = crsFromPrefixedEasting(first[0]!) ?? crsFromPrefixedEasting(first[1]!);
    throw new AppError('geo.coordinates_implausible',
      `${field}: coordinate [${first[0]}, ${first[1]}] is not a longitude/latitude in EPSG:${crs}` +
      (hint ? `; it looks like ${hint.name}: pass crs=EPSG:${hint.epsg}` : '; pass the crs of the coordinates'), { field });
  }
}

function firstPosition(g: Geometry): number[] | undefined {
  switch (g.type) {
    case 'Point': return g.coordinates;
    case 'LineString': case 'MultiPoint': return g.coordinates[0];
    case 'Polygon': case 'MultiLineString': return g.coordinates[0]?.[0];
    case 'MultiPolygon': return g.coordinates[0]?.[0]?.[0];
  }
}

export function writeGeoJson(fc: FeatureCollection, extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({ type: 'FeatureCollection', ...extra, features: fc.features }), 'utf8');
}

export { parseCrsCode };
