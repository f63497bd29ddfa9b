/**
 * Small geometry facts of a patch: an interior point (for the division it falls in, and the
 * inspector's navigation), the canonical hash that finds the same geometry in another batch,
 * and the distance from a point to the patch (field photos).
 */
import crypto from 'node:crypto';
import { polygonsOf, type Polygonal, type Position, type Ring } from '../../platform/geo/geo.types.ts';
import { ellipsoidalAreaM2 } from '../../platform/geo/index.ts';

function inRing(p: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!; const [xj, yj] = ring[j]!;
    if ((yi! > p[1]!) !== (yj! > p[1]!) && p[0]! < ((xj! - xi!) * (p[1]! - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}

export function pointInPolygonal(p: Position, g: Polygonal): boolean {
  return polygonsOf(g).some((rings) => inRing(p, rings[0]!) && !rings.slice(1).some((h) => inRing(p, h)));
}

/**
 * A point inside the patch: the centroid of its largest part when that lies inside, otherwise
 * the middle of the widest span of a horizontal line through it (works for L and U shapes).
 */
export function interiorPoint(g: Polygonal): [number, number] {
  const parts = polygonsOf(g);
  let best = parts[0]!; let bestArea = -1;
  for (const rings of parts) {
    const a = ellipsoidalAreaM2({ type: 'Polygon', coordinates: rings });
    if (a > bestArea) { bestArea = a; best = rings; }
  }
  const outer = best[0]!;
  let sx = 0, sy = 0, n = 0;
  for (const [x, y] of outer.slice(0, -1)) { sx += x!; sy += y!; n++; }
  const c: [number, number] = [sx / n, sy / n];
  const poly: Polygonal = { type: 'Polygon', coordinates: best };
  if (pointInPolygonal(c, poly)) return c;
  // Crossings of the line y = c[1] with every ring, sorted; spans between pairs are inside.
  const xs: number[] = [];
  for (const ring of best) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i]!; const [x2, y2] = ring[i + 1]!;
      if ((y1! > c[1]) !== (y2! > c[1])) xs.push(x1! + ((c[1] - y1!) * (x2! - x1!)) / (y2! - y1!));
    }
  }
  xs.sort((a, b) => a - b);
  let span: [number, number] = [outer[0]![0]!, outer[0]![1]!]; let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1]! - xs[i]! > width) { width = xs[i + 1]! - xs[i]!; span = [(xs[i]! + xs[i + 1]!) / 2, c[1]]; }
  }
  return span;
}

/** SHA-256 of the coordinates rounded to 1e-7° (about 1 cm), rings in file order. */
export function geometryHash(g: Polygonal): string {
  const r = (v: number) => Math.round(v * 1e7);
  const canon = polygonsOf(g).map((rings) => rings.map((ring) => ring.map((p) => [r(p[0]!), r(p[1]!)])));
  return crypto.createHash('sha256').update(JSON.stringify(canon)).digest('hex');
}

/** Metres between two lon/lat points (haversine on the CGCS2000 mean radius). */
function metres(a: Position, b: Position): number {
  const R = 6371008.8; const rad = Math.PI / 180;
  const dLat = (b[1]! - a[1]!) * rad; const dLon = (b[0]! - a[0]!) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1]! * rad) * Math.cos(b[1]! * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

/** Distance (m) from a point to the patch: 0 inside, else to the nearest edge (sampled projection). */
export function distanceToPatchM(p: Position, g: Polygonal): number {
  if (pointInPolygonal(p, g)) return 0;
  const cos = Math.cos((p[1]! * Math.PI) / 180);
  let best = Infinity;
  for (const rings of polygonsOf(g)) for (const ring of rings) for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i]!; const b = ring[i + 1]!;
    const ax = (a[0]! - p[0]!) * cos, ay = a[1]! - p[1]!, bx = (b[0]! - p[0]!) * cos, by = b[1]! - p[1]!;
    const dx = bx - ax, dy = by - ay; const len = dx * dx + dy * dy;
    const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len));
    const q: Position = [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)];
    best = Math.min(best, metres(p, q));
  }
  return best;
}
