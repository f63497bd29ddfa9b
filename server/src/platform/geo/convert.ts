/**
 * One conversion pipeline for every format: read → check each geometry (refuse invalid ones
 * unless repair was asked) → write. Nothing is written when any part fails.
 */
import { AppError } from '../http/errors.ts';
import { ellipsoidalAreaM2 } from './area.ts';
import { getCrs } from './crs.ts';
import type { Feature, GeoWarning, Polygonal, ReadResult } from './geo.types.ts';
import { readGeoJson, parseJsonText, writeGeoJson } from './formats/geojson.ts';
import { readKml, writeKml } from './formats/kml.ts';
import { readRedline, writeRedline, type AreaTolerance } from './formats/redline-txt.ts';
import { readShapefileZip, writeShapefile } from './formats/shapefile.ts';
import type { TextEncodingName } from './formats/text-encoding.ts';
import { repairGeometry, validateGeometry, type GeometryProblem } from './validate.ts';
import { assertFeaturesBudget, assertGeoJsonBudget } from './limits.ts';

export const FORMATS = ['geojson', 'redline-txt', 'shapefile', 'kml'] as const;
export type GeoFormat = (typeof FORMATS)[number];

export interface ReadOptions {
  /** CRS of the input where the file does not say (no .prj, no 带号). */
  crs?: number;
  encoding?: TextEncodingName;
  areaTolerance?: AreaTolerance;
  /** Which Shapefile of a zip holding several. */
  layer?: string;
}

export function readGeoFile(format: GeoFormat, body: Uint8Array, options: ReadOptions = {}): ReadResult {
  if (body.length === 0) throw new AppError('geo.file_invalid', 'body: the file is empty', { field: 'body' });
  const read = readFormat(format, body, options);
  assertFeaturesBudget(read.features);
  return read;
}

function readFormat(format: GeoFormat, body: Uint8Array, options: ReadOptions): ReadResult {
  switch (format) {
    case 'geojson': {
      const doc = parseJsonText(body);
      assertGeoJsonBudget(doc); // before the per-vertex work of reading
      return readGeoJson(doc, { crs: options.crs });
    }
    case 'redline-txt': return readRedline(body, { crs: options.crs, areaTolerance: options.areaTolerance });
    case 'shapefile': return readShapefileZip(body, { crs: options.crs, encoding: options.encoding, layer: options.layer });
    case 'kml': return readKml(body);
  }
}

/** Errors refuse the file (naming feature and location); `repair` fixes polygonal ones instead. */
export function checkFeatures(features: Feature[], repair: boolean): { features: Feature[]; warnings: GeoWarning[] } {
  const warnings: GeoWarning[] = [];
  const out = features.map((f, i) => {
    const problems = validateGeometry(f.geometry);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      if (!repair || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) {
        throw geometryInvalid(errors, i, f);
      }
      warnings.push({ code: 'repaired', feature: i, message: `feature ${i + 1}: repaired (${errors.map((e) => e.code).join(', ')})` });
      return { ...f, geometry: repairGeometry(f.geometry) };
    }
    for (const p of problems) warnings.push({ code: p.code, feature: i, message: `feature ${i + 1}: ${p.message}` });
    return f;
  });
  return { features: out, warnings };
}

function geometryInvalid(errors: GeometryProblem[], index: number, f: Feature): AppError {
  const label = [f.properties.code, f.properties.name].filter((x) => x !== undefined && x !== '').join(' ');
  const first = errors[0]!;
  return new AppError('geo.geometry_invalid',
    `features[${index}]${label ? ` (${label})` : ''}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : ''}; pass repair=true to repair`,
    { field: `features[${index}]`, problems: errors });
}

export interface WriteOptions {
  /** 3° zone of a red-line output. */
  zone?: number;
  /** CRS of a Shapefile output (default EPSG:4490). */
  outCrs?: number;
  encoding?: TextEncodingName;
  /** Extra members of a GeoJSON output (e.g. warnings). */
  extra?: Record<string, unknown>;
  date?: string;
}

export interface WrittenFile {
  body: Buffer;
  contentType: string;
  filename: string;
  /** What the output could not hold as given (e.g. Shapefile field names cut to 10 bytes). */
  warnings?: GeoWarning[];
}

/** GeoJSON output carries the ellipsoidal areaM2 of every areal feature. */
export function withAreas(features: Feature[]): Feature[] {
  return features.map((f) => (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'
    ? { ...f, properties: { ...f.properties, areaM2: Math.round(ellipsoidalAreaM2(f.geometry as Polygonal) * 1000) / 1000 } }
    : f));
}

export function writeGeoFile(format: GeoFormat, features: Feature[], options: WriteOptions = {}): WrittenFile {
  if (features.length === 0) throw new AppError('geo.empty', 'body: the file holds no features to convert', { field: 'body' });
  const encoding = options.encoding ?? 'utf-8';
  switch (format) {
    case 'geojson':
      return { body: writeGeoJson({ type: 'FeatureCollection', features: withAreas(features) }, options.extra),
        contentType: 'application/geo+json', filename: 'parcels.geojson' };
    case 'redline-txt':
      return { body: writeRedline(features, { zone: options.zone, encoding, date: options.date }),
        contentType: `text/plain; charset=${encoding === 'gbk' ? 'GBK' : 'utf-8'}`, filename: 'redline.txt' };
    case 'shapefile': {
      const crs = options.outCrs ?? 4490;
      getCrs(crs, 'outCrs');
      const shp = writeShapefile(withAreas(features), { crs, encoding });
      return { body: shp.body, contentType: 'application/zip', filename: 'parcels.zip', warnings: shp.warnings };
    }
    case 'kml':
      return { body: writeKml(features), contentType: 'application/vnd.google-earth.kml+xml', filename: 'parcels.kml' };
  }
}
