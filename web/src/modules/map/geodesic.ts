/**
 * Lengths measured on the map are geodesic on the CGCS2000 ellipsoid, like the server's
 * (platform.geo `geodesicLengthM`, same library and figures), not on OpenLayers' sphere (which
 * is off by up to 0.5 %). Computed here so a measurement needs no round trip on a weak network.
 */
import geographiclib from 'geographiclib-geodesic';

/** CGCS2000: a = 6378137 m, 1/f = 298.257222101. */
const geod = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101);

/** Length in metres of a line of [lon, lat] positions in EPSG:4490. */
export function geodesicLengthM(line: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 1; i < line.length; i++) s += geod.Inverse(line[i - 1]![1]!, line[i - 1]![0]!, line[i]![1]!, line[i]![0]!).s12 ?? 0;
  return s;
}
