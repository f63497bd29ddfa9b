/**
 * How much geometry one request may bring (issue 9): a red line has hundreds to a few thousand
 * vertices; 200,000 covers a whole township's parcels and refuses the million-vertex bodies
 * that held the server for seconds. Counted before the expensive work (validation, transforms).
 */
import { AppError } from '../http/errors.ts';
import type { Feature } from './geo.types.ts';

export const GEO_MAX_VERTICES = 200_000;

export function tooManyVertices(field: string, seen: number | string, max = GEO_MAX_VERTICES): AppError {
  return new AppError('geo.too_complex', `${field}: more than ${max} vertices (${seen}); split the file`, { field, maxVertices: max });
}

/**
 * Positions in raw GeoJSON coordinates (any nesting), counted without recursion and stopping
 * once past `max`: a position is an array whose first member is a number.
 */
export function countPositions(coordinates: unknown, max = GEO_MAX_VERTICES): number {
  let n = 0;
  const stack: unknown[] = [coordinates];
  while (stack.length > 0) {
    const v = stack.pop();
    if (!Array.isArray(v)) continue;
    if (typeof v[0] === 'number') { if (++n > max) return n; continue; }
    for (const x of v) stack.push(x);
  }
  return n;
}

/** Refuses a raw GeoJSON object (geometry, Feature or FeatureCollection) with too many vertices. */
export function assertGeoJsonBudget(doc: unknown, field = 'body', max = GEO_MAX_VERTICES): void {
  let n = 0;
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    const o = v as { coordinates?: unknown; geometry?: unknown; features?: unknown; geometries?: unknown };
    if (o.coordinates !== undefined) n += countPositions(o.coordinates, max - n);
    if (n > max) throw tooManyVertices(field, `at least ${n}`, max);
    if (o.geometry) stack.push(o.geometry);
    if (Array.isArray(o.features)) stack.push(...o.features);
    if (Array.isArray(o.geometries)) stack.push(...o.geometries);
  }
}

/** Refuses read features with too many vertices in all. */
export function assertFeaturesBudget(features: Feature[], field = 'body', max = GEO_MAX_VERTICES): void {
  let n = 0;
  for (const f of features) {
    n += countPositions(f.geometry.coordinates, max - n);
    if (n > max) throw tooManyVertices(field, `at least ${n}`, max);
  }
}
