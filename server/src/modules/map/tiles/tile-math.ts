/**
 * Web-Mercator tile arithmetic (XYZ scheme, y down, 256-pixel display tiles). Coordinates are
 * EPSG:4490 (CGCS2000) longitude/latitude taken as WGS 84: the two frames differ by a few
 * centimetres, far below a pixel at any zoom served (0.15 m at zoom 20 near 27°N).
 */
import { invalid } from '../../../platform/http/errors.ts';

/** Deepest zoom served; parcels are legible from about 14, 22 is ~4 cm per pixel. */
export const MAX_ZOOM = 22;
/** MVT extent and the buffer drawn around a tile (the usual 4096 and 64; the buffer hides seams). */
export const EXTENT = 4096;
export const BUFFER = 64;

export interface TileCoord { z: number; x: number; y: number }

/** Parses path parts `z`, `x` and `y.mvt`; a bad one is a 400 naming it. */
export function parseTileCoord(zRaw: string, xRaw: string, yRaw: string): TileCoord {
  if (!/^\d{1,2}$/.test(zRaw)) throw invalid('z', `zoom must be a whole number 0…${MAX_ZOOM}, got "${zRaw}"`, `缩放级别应为0至${MAX_ZOOM}的整数，收到的是“${zRaw}”`);
  const z = Number(zRaw);
  if (z > MAX_ZOOM) throw invalid('z', `zoom must be 0…${MAX_ZOOM}, got ${z}`, `缩放级别应为0至${MAX_ZOOM}，收到的是${z}`);
  const n = 2 ** z;
  if (!/^\d{1,8}$/.test(xRaw) || Number(xRaw) >= n) throw invalid('x', `x must be a whole number 0…${n - 1} at zoom ${z}, got "${xRaw}"`, `缩放级别${z}时 x 应为0至${n - 1}的整数，收到的是“${xRaw}”`);
  const m = /^(\d{1,8})\.mvt$/.exec(yRaw);
  if (!m) throw invalid('y', `y must be a whole number followed by .mvt, got "${yRaw}"`, `y 应为整数后接 .mvt，收到的是“${yRaw}”`);
  if (Number(m[1]) >= n) throw invalid('y', `y must be 0…${n - 1} at zoom ${z}, got ${m[1]}`, `缩放级别${z}时 y 应为0至${n - 1}，收到的是${m[1]}`);
  return { z, x: Number(xRaw), y: Number(m[1]) };
}

function lonOf(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}

function latOf(y: number, z: number): number {
  const t = Math.PI * (1 - (2 * y) / 2 ** z);
  return (Math.atan(Math.sinh(t)) * 180) / Math.PI;
}

/**
 * Lon/lat box [minLon, minLat, maxLon, maxLat] of a tile grown by the MVT buffer, so that the
 * candidate search returns the features that reach into the buffer too.
 */
export function tileBounds({ z, x, y }: TileCoord, buffer = BUFFER / EXTENT): [number, number, number, number] {
  return [lonOf(x - buffer, z), latOf(y + 1 + buffer, z), lonOf(x + 1 + buffer, z), latOf(y - buffer, z)];
}

/** Degrees of longitude covered by one display pixel (256-pixel tiles) at zoom z. */
export function degreesPerPixel(z: number): number {
  return 360 / (256 * 2 ** z);
}
