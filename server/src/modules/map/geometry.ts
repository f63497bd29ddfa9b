/**
 * Small geometry helpers of the map module: extents, Postgres `box` text, and the ellipsoidal
 * distance from a point to a geometry (for hazard-site buffers).
 */
import geographiclib from 'geographiclib-geodesic';
import { CGCS2000, type Geometry, type Position } from '../../platform/geo/index.ts';

export type BBox = [number, number, number, number];

function eachPosition(g: Geometry, f: (p: Position) => void): void {
  switch (g.type) {
    case 'Point': f(g.coordinates); break;
    case 'LineString': case 'MultiPoint': g.coordinates.forEach(f); break;
    case 'Polygon': case 'MultiLineString': g.coordinates.forEach((r) => r.forEach(f)); break;
    case 'MultiPolygon': g.coordinates.forEach((p) => p.forEach((r) => r.forEach(f))); break;
  }
}

/** [minLon, minLat, maxLon, maxLat] of a geometry. */
export function bboxOf(g: Geometry): BBox {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  eachPosition(g, (p) => {
    const x = p[0]!, y = p[1]!;
    if (x < a) a = x;
    if (y < b) b = y;
    if (x > c) c = x;
    if (y > d) d = y;
  });
  return [a, b, c, d];
}

/** Postgres box literal of an extent. */
export function boxText(b: BBox): string {
  return `(${b[2]},${b[3]}),(${b[0]},${b[1]})`;
}

export function bboxPolygon(b: BBox): Geometry {
  return { type: 'Polygon', coordinates: [[[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]], [b[0], b[1]]]] };
}

const geod = new geographiclib.Geodesic.Geodesic(CGCS2000.a, CGCS2000.f);

/** Geodesic distance in metres between two [lon, lat] points on the CGCS2000 ellipsoid. */
export function geodesicDistanceM(p: Position, q: Position): number {
  return geod.Inverse(p[1]!, p[0]!, q[1]!, q[0]!).s12 ?? 0;
}

/** Degrees of longitude and latitude that `m` metres span at latitude `lat` (for growing a search box). */
export function metresToDegrees(m: number, lat: number): { dLon: number; dLat: number } {
  const { a, f } = CGCS2000;
  const e2 = f * (2 - f);
  const phi = (lat * Math.PI) / 180;
  const s = Math.sin(phi);
  const w = Math.sqrt(1 - e2 * s * s);
  const meridian = (a * (1 - e2)) / (w * w * w); // radius of curvature in the meridian
  const prime = a / w; // in the prime vertical
  return { dLat: ((m / meridian) * 180) / Math.PI, dLon: ((m / (prime * Math.cos(phi))) * 180) / Math.PI };
}

function insideRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!, yi = ring[i]![1]!, xj = ring[j]![0]!, yj = ring[j]![1]!;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Shortest ellipsoidal distance in metres from point `p` to a (multi)polygon: 0 inside. The
 * nearest spot on each edge is found in a local plane scaled by the ellipsoid's radii of
 * curvature at `p`, then the distance to it is measured as a geodesic (GeographicLib), so the
 * figure is ellipsoidal; at buffer scales (≤ a few km) the error of the nearest-spot step is
 * far below a centimetre.
 */
export function distanceToPolygonM(p: Position, g: Geometry): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  const x = p[0]!, y = p[1]!;
  for (const rings of polys) {
    if (insideRing(x, y, rings[0]!) && !rings.slice(1).some((h) => insideRing(x, y, h))) return 0;
  }
  const { dLon, dLat } = metresToDegrees(1, y);
  const kx = 1 / dLon, ky = 1 / dLat; // metres per degree
  let best = Infinity;
  let bestPos: Position = p;
  for (const rings of polys) {
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const ax = (ring[i]![0]! - x) * kx, ay = (ring[i]![1]! - y) * ky;
        const bx = (ring[i + 1]![0]! - x) * kx, by = (ring[i + 1]![1]! - y) * ky;
        const dx = bx - ax, dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
        const cx = ax + t * dx, cy = ay + t * dy;
        const d = cx * cx + cy * cy;
        if (d < best) {
          best = d;
          bestPos = [x + cx / kx, y + cy / ky];
        }
      }
    }
  }
  return best === Infinity ? Infinity : geodesicDistanceM(p, bestPos);
}

/** Where an extent lies against a red line: wholly in its interior, wholly outside, or undecided. */
export type BoxPlace = 'inside' | 'outside' | 'unknown';

/** Edges above this count are not tested in JavaScript (the engine decides every feature). */
const MAX_BOX_TEST_EDGES = 1000;
/** Degrees (≈ 0.1 mm): an extent closer than this to any edge of the red line is left undecided. */
const BOX_TEST_MARGIN = 1e-9;

/**
 * A conservative test of feature extents against a (multi)polygon, to spare the exact overlay
 * for features it can decide: an extent that no edge of the polygon comes within
 * BOX_TEST_MARGIN of lies wholly in its interior or wholly outside it (one corner's
 * even-odd ray test tells which), so the feature inside the extent is wholly inside (its cut is
 * itself) or disjoint. Anything nearer an edge is 'unknown' and goes to the overlay engine.
 * The margin dwarfs the rounding of the side tests, so 'inside'/'outside' are never wrong.
 */
export function boxTester(g: Geometry): (b: BBox) => BoxPlace {
  const rings = g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
  const edges: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) edges.push(ring[i]![0]!, ring[i]![1]!, ring[i + 1]![0]!, ring[i + 1]![1]!);
  }
  if (edges.length === 0 || edges.length / 4 > MAX_BOX_TEST_EDGES) return () => 'unknown';
  const e = Float64Array.from(edges);
  return (b) => {
    const x0 = b[0] - BOX_TEST_MARGIN, y0 = b[1] - BOX_TEST_MARGIN, x1 = b[2] + BOX_TEST_MARGIN, y1 = b[3] + BOX_TEST_MARGIN;
    for (let i = 0; i < e.length; i += 4) {
      const ax = e[i]!, ay = e[i + 1]!, bx = e[i + 2]!, by = e[i + 3]!;
      if (Math.max(ax, bx) < x0 || Math.min(ax, bx) > x1 || Math.max(ay, by) < y0 || Math.min(ay, by) > y1) continue;
      if ((ax >= x0 && ax <= x1 && ay >= y0 && ay <= y1) || (bx >= x0 && bx <= x1 && by >= y0 && by <= y1)) return 'unknown';
      // The segment's extent meets the box: it crosses it unless all four corners lie strictly on one side.
      const dx = bx - ax, dy = by - ay;
      const s1 = dx * (y0 - ay) - dy * (x0 - ax), s2 = dx * (y0 - ay) - dy * (x1 - ax);
      const s3 = dx * (y1 - ay) - dy * (x0 - ax), s4 = dx * (y1 - ay) - dy * (x1 - ax);
      if (!((s1 > 0 && s2 > 0 && s3 > 0 && s4 > 0) || (s1 < 0 && s2 < 0 && s3 < 0 && s4 < 0))) return 'unknown';
    }
    // No edge near the box: one corner tells for all of it (even-odd over every ring).
    const x = b[0], y = b[1];
    let inside = false;
    for (let i = 0; i < e.length; i += 4) {
      const ax = e[i]!, ay = e[i + 1]!, bx = e[i + 2]!, by = e[i + 3]!;
      if ((ay > y) !== (by > y) && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    }
    return inside ? 'inside' : 'outside';
  };
}
