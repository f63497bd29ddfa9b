/**
 * Features → one Mapbox Vector Tile (spec 2.1): each feature projected, clipped and simplified
 * straight into the requested tile (clip-tile.ts); vt-pbf writes the protobuf.
 */
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Geometry } from '../../../platform/geo/index.ts';
import { EXTENT, type TileCoord } from './tile-math.ts';
import { tileGeometry } from './clip-tile.ts';

export interface TileFeature {
  id: number;
  geometry: Geometry;
  /** Scalar attributes only: MVT values are strings, numbers and booleans. */
  properties: Record<string, string | number | boolean>;
}

/** Keeps the scalar attributes of a feature; nested values are left to the feature API. */
export function scalarProperties(src: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(src)) {
    if (typeof v === 'string' || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

/** The encoded tile, or an empty buffer when nothing of the features falls on the tile. */
export function encodeTile(layerName: string, features: readonly TileFeature[], coord: TileCoord): Uint8Array {
  const out = [];
  for (const f of features) {
    const g = tileGeometry(f.geometry, coord);
    if (g) out.push({ id: f.id, type: g.type, geometry: g.geometry, tags: f.properties });
  }
  if (out.length === 0) return new Uint8Array(0);
  return fromGeojsonVt({ [layerName]: { features: out } }, { version: 2, extent: EXTENT });
}
