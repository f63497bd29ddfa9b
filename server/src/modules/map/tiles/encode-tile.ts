/**
 * Features → one Mapbox Vector Tile (spec 2.1). geojson-vt projects to Web Mercator, clips to
 * the tile plus its buffer and simplifies for the zoom (Douglas-Peucker with a tolerance of a
 * fraction of a pixel, dropping rings smaller than that); vt-pbf writes the protobuf.
 */
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Geometry } from '../../../platform/geo/index.ts';
import { BUFFER, EXTENT, type TileCoord } from './tile-math.ts';

export interface TileFeature {
  id: number;
  geometry: Geometry;
  /** Scalar attributes only: MVT values are strings, numbers and booleans. */
  properties: Record<string, string | number | boolean>;
}

/** Simplification tolerance in tile units (4096 per tile): 3 ≈ 0.19 display pixel. */
const TOLERANCE = 3;

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
export function encodeTile(layerName: string, features: readonly TileFeature[], { z, x, y }: TileCoord): Uint8Array {
  if (features.length === 0) return new Uint8Array(0);
  const index = new GeoJSONVT(
    { type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry as never, properties: f.properties })) },
    // Only this tile is wanted: no pre-built index, drilled down on demand. maxZoom stays at 24
    // because geojson-vt keeps full detail at maxZoom; below it, the tolerance fits the zoom.
    { maxZoom: 24, indexMaxZoom: 0, indexMaxPoints: 0, tolerance: TOLERANCE, extent: EXTENT, buffer: BUFFER },
  );
  const tile = index.getTile(z, x, y);
  if (!tile || tile.features.length === 0) return new Uint8Array(0);
  return fromGeojsonVt({ [layerName]: tile }, { version: 2, extent: EXTENT });
}
