/**
 * The geometry operations other modules may use (validity, repair, overlay). They go through
 * this interface so the engine can change: JSTS today; GEOS compiled to WASM is to be measured
 * against it on the overlay benchmark (issue 5) and swapped in here if faster.
 * Geometries are GeoJSON; for overlay in degrees (EPSG:4490) the topology is what matters,
 * areas are always measured on the ellipsoid afterwards (area.ts).
 */
import type { Geometry, Polygonal, Position } from './geo.types.ts';
import { createJstsEngine } from './engine-jsts.ts';

export interface ValidityError {
  message: string;
  location?: Position;
}

export interface GeometryEngine {
  readonly name: string;
  /** The first OGC validity error of a polygonal geometry, or undefined when valid. */
  validityError(g: Polygonal): ValidityError | undefined;
  /** A valid geometry covering the same area (even-odd rule for self-overlapping rings). */
  makeValid(g: Polygonal): Polygonal | undefined;
  intersection(a: Polygonal, b: Polygonal): Polygonal | undefined;
  difference(a: Polygonal, b: Polygonal): Polygonal | undefined;
  union(gs: Polygonal[]): Polygonal | undefined;
  intersects(a: Geometry, b: Geometry): boolean;
}

let current: GeometryEngine | undefined;

/** The engine in use (JSTS unless replaced). */
export function geometryEngine(): GeometryEngine {
  current ??= createJstsEngine();
  return current;
}

/** Replaces the engine, e.g. with a GEOS-WASM one after measuring. */
export function setGeometryEngine(engine: GeometryEngine): void {
  current = engine;
}
