/**
 * Distance in metres from a lon/lat point to a GeoJSON Point, Polygon or MultiPolygon: 0 inside a
 * polygon, else to the nearest edge. Edges are measured in a local equirectangular projection
 * around the point (metres on the sphere of CGCS2000's mean radius), exact enough at the few
 * kilometres a field check cares about; a point's distance is the haversine one.
 */
const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

type Pos = [number, number];
type Geometry = { type: string; coordinates: unknown };

export function haversineM(a: Pos, b: Pos): number {
  const dLat = rad(b[1] - a[1]);
  const dLon = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

function inRing(p: Pos, ring: Pos[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Metres from p to the segment a–b, in a plane tangent at p. */
function toSegmentM(p: Pos, a: Pos, b: Pos): number {
  const kx = Math.cos(rad(p[1])) * rad(1) * R;
  const ky = rad(1) * R;
  const ax = (a[0] - p[0]) * kx, ay = (a[1] - p[1]) * ky;
  const bx = (b[0] - p[0]) * kx, by = (b[1] - p[1]) * ky;
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

function toPolygonM(p: Pos, rings: Pos[][]): number {
  const [outer, ...holes] = rings;
  if (!outer || outer.length < 3) return Infinity;
  if (inRing(p, outer) && !holes.some((h) => inRing(p, h))) return 0;
  let best = Infinity;
  for (const ring of rings) for (let i = 1; i < ring.length; i++) best = Math.min(best, toSegmentM(p, ring[i - 1]!, ring[i]!));
  return best;
}

/** Metres from `p` to `g`, rounded to 0.1 m; null for a geometry type it does not know. */
export function distanceToGeometryM(p: Pos, g: Geometry): number | null {
  let d: number;
  if (g.type === 'Point') d = haversineM(p, g.coordinates as Pos);
  else if (g.type === 'Polygon') d = toPolygonM(p, g.coordinates as Pos[][]);
  else if (g.type === 'MultiPolygon') d = Math.min(...(g.coordinates as Pos[][][]).map((poly) => toPolygonM(p, poly)));
  else return null;
  return Number.isFinite(d) ? Math.round(d * 10) / 10 : null;
}
