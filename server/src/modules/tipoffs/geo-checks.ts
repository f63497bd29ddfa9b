/**
 * Where a report may be: a coarse outline of China (mainland, Hainan, Taiwan and the South China
 * Sea islands; about 30–80 km accurate at land borders, generous at sea) for refusing points that
 * are plainly elsewhere, and distances on the CGCS2000 sphere of equal mean radius.
 */

/** Lon/lat vertices, clockwise from the Heilongjiang bend near Mohe. */
const CHINA_OUTLINE: readonly (readonly [number, number])[] = [
  [122.3, 53.6], [125.5, 53.1], [127.5, 50.2], [130.6, 48.9], [134.8, 48.4], [133.1, 45.1], [131.2, 44.9],
  [131.3, 43.0], [130.6, 42.4], [128.1, 42.0], [126.0, 41.0], [124.3, 39.9], [121.2, 38.6], [122.7, 37.4],
  [120.5, 34.6], [121.5, 32.5], [122.3, 31.0], [123.0, 30.0], [122.2, 28.5], [123.8, 25.8], [122.2, 21.7],
  [120.0, 19.0], [119.5, 15.0], [118.5, 11.0], [117.5, 8.0], [114.0, 4.0], [112.0, 3.5], [109.6, 6.0],
  [109.5, 10.0], [110.0, 16.0], [108.5, 18.0], [108.0, 21.5], [106.7, 22.0], [105.5, 23.2], [103.9, 22.5],
  [102.1, 22.4], [101.2, 21.2], [99.9, 21.9], [99.2, 22.1], [98.0, 24.1], [97.5, 23.9], [97.7, 25.0],
  [98.6, 27.5], [97.3, 28.2], [96.0, 27.3], [92.0, 26.9], [91.6, 27.9], [89.6, 28.1], [88.9, 27.3],
  [88.1, 27.9], [86.1, 28.0], [84.0, 28.7], [82.0, 29.9], [81.0, 30.2], [80.2, 30.6], [79.0, 31.3],
  [78.7, 32.5], [78.4, 33.5], [78.0, 34.6], [77.8, 35.5], [76.1, 36.0], [75.4, 36.8], [74.8, 37.3],
  [74.5, 38.5], [73.6, 39.5], [75.6, 40.6], [76.9, 41.0], [78.1, 41.4], [80.2, 42.2], [80.4, 44.2],
  [80.0, 44.9], [82.6, 45.2], [82.7, 46.8], [83.0, 47.2], [85.5, 47.0], [86.0, 48.5], [87.3, 49.1],
  [88.0, 48.6], [90.0, 47.9], [91.0, 46.6], [90.8, 45.3], [93.5, 44.9], [95.3, 44.3], [96.4, 42.8],
  [100.0, 42.6], [101.8, 42.5], [105.0, 41.6], [106.8, 42.3], [110.4, 42.8], [112.0, 43.7], [113.6, 44.7],
  [116.0, 45.6], [117.4, 46.6], [119.9, 46.7], [119.7, 47.4], [115.9, 47.7], [116.7, 49.85], [117.8, 49.5],
  [119.3, 50.3], [120.8, 52.5],
];

/** Ray casting on the outline (lon/lat treated as planar: fine for a coarse outline). */
export function insideChinaOutline(lon: number, lat: number): boolean {
  let inside = false;
  const n = CHINA_OUTLINE.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = CHINA_OUTLINE[i]!;
    const [xj, yj] = CHINA_OUTLINE[j]!;
    if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Mean radius R1 = (2a + b) / 3 of the CGCS2000 ellipsoid, metres. */
export const MEAN_RADIUS_M = 6371008.77;

/** Great-circle distance in metres (haversine); within 0.5 % of the ellipsoidal distance. */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * MEAN_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A lat/lon box that contains every point within `m` metres of the point (index prefilter). */
export function boxAround(lon: number, lat: number, m: number): { minLon: number; maxLon: number; minLat: number; maxLat: number } {
  const dLat = (m / MEAN_RADIUS_M) * (180 / Math.PI);
  const cos = Math.max(0.01, Math.cos(lat * Math.PI / 180));
  const dLon = dLat / cos;
  return { minLon: lon - dLon, maxLon: lon + dLon, minLat: lat - dLat, maxLat: lat + dLat };
}
