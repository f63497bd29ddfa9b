/**
 * The heavy work of the public geometry tools as plain functions of plain data, so that they
 * run in the worker pool (geo.worker.ts) and never hold up the event loop: parsing and
 * unpacking uploads, validation, repair, transforms, areas, writing the output.
 */
import { AppError } from '../http/errors.ts';
import { ellipsoidalArea, type Area } from './area.ts';
import { checkFeatures, readGeoFile, writeGeoFile, type GeoFormat, type ReadOptions, type WriteOptions } from './convert.ts';
import { normaliseGeometry } from './formats/feature-utils.ts';
import type { Geometry, GeoWarning, Polygonal } from './geo.types.ts';
import { geometryEngine } from './engine.ts';
import { assertGeoJsonBudget } from './limits.ts';
import { assertMeasurable, repairGeometry, validateGeometry, type GeometryProblem } from './validate.ts';

export type GeoTask =
  | { op: 'convert'; from: GeoFormat; to: GeoFormat; body: Uint8Array; read: ReadOptions; repair: boolean; write: Omit<WriteOptions, 'extra'> }
  | { op: 'area'; body: Record<string, unknown> }
  | { op: 'validate'; body: Record<string, unknown>; repair: boolean }
  | { op: 'polygons'; format: GeoFormat; body: Uint8Array }
  | { op: 'read'; format: GeoFormat; body: Uint8Array; read: ReadOptions };

export interface ConvertResult {
  body: Uint8Array;
  contentType: string;
  filename: string;
  warnings: GeoWarning[];
  sourceCrs: number;
}

export interface ValidateResult {
  valid: boolean;
  problems: GeometryProblem[];
  repaired?: Record<string, unknown>;
}

/** A geometry from a bare geometry or a Feature body. */
export function geometryOfBody(body: Record<string, unknown>): Geometry {
  assertGeoJsonBudget(body);
  if (body.type === 'Feature') return normaliseGeometry(body.geometry, 'geometry');
  if (body.type === 'FeatureCollection') {
    throw new AppError('geo.geometry_unsupported', 'type: send one geometry or Feature, not a FeatureCollection', { field: 'type' });
  }
  return normaliseGeometry(body, 'body');
}

export function convertTask(t: Extract<GeoTask, { op: 'convert' }>): ConvertResult {
  const read = readGeoFile(t.from, t.body, t.read);
  const checked = checkFeatures(read.features, t.repair);
  const warnings = [...read.warnings, ...checked.warnings];
  const out = writeGeoFile(t.to, checked.features, { ...t.write, extra: warnings.length > 0 ? { warnings } : undefined });
  return { body: out.body, contentType: out.contentType, filename: out.filename, warnings: [...warnings, ...(out.warnings ?? [])], sourceCrs: read.sourceCrs };
}

export function areaTask(t: Extract<GeoTask, { op: 'area' }>): Area {
  const g = geometryOfBody(t.body);
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    throw new AppError('geo.geometry_unsupported', `type: a ${g.type} has no area; send a Polygon or MultiPolygon`, { field: 'type' });
  }
  assertMeasurable(g);
  return ellipsoidalArea(g);
}

export function validateTask(t: Extract<GeoTask, { op: 'validate' }>): ValidateResult {
  const g = geometryOfBody(t.body);
  const problems = validateGeometry(g);
  const valid = !problems.some((p) => p.severity === 'error');
  if (!t.repair) return { valid, problems };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    throw new AppError('geo.geometry_unsupported', `type: only polygons can be repaired, not a ${g.type}`, { field: 'type' });
  }
  if (problems.some((p) => p.code === 'coordinate_invalid')) {
    throw new AppError('geo.coordinates_implausible', `coordinates: ${problems[0]!.message}`, { field: 'coordinates' });
  }
  const repaired = repairGeometry(g);
  return { valid, problems, repaired: repaired as unknown as Record<string, unknown> };
}

/**
 * The polygons of a geometry file (a red line: 部 standard text, GeoJSON, Shapefile, KML) merged
 * into one Polygon or MultiPolygon, or null when the file holds none.
 */
export function polygonsTask(t: Extract<GeoTask, { op: 'polygons' }>): Polygonal | null {
  const { features } = readGeoFile(t.format, t.body);
  const polys = features.map((f) => f.geometry).filter((g): g is Polygonal => g.type === 'Polygon' || g.type === 'MultiPolygon');
  if (polys.length === 0) return null;
  return polys.length === 1 ? polys[0]! : (geometryEngine().union(polys) ?? null);
}

export function runGeoTask(t: GeoTask): unknown {
  switch (t.op) {
    case 'convert': return convertTask(t);
    case 'area': return areaTask(t);
    case 'validate': return validateTask(t);
    case 'polygons': return polygonsTask(t);
    // Parse only (features in EPSG:4490, unchecked): an importer checks each geometry itself (patches).
    case 'read': return readGeoFile(t.format, t.body, t.read);
  }
}
