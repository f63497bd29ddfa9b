/**
 * One feature → its MVT geometry in one tile: project lon/lat to Web-Mercator tile units
 * (0…EXTENT, y down), clip to the tile plus its buffer (Sutherland–Hodgman for rings,
 * Liang–Barsky for lines), simplify (Douglas–Peucker, TOLERANCE units), round to integers and
 * wind rings as MVT 2.1 wants (exterior positive area in tile coordinates, holes negative).
 *
 * Why not geojson-vt: it builds an index from zoom 0 and drills down to the wanted tile, clipping
 * all candidates at every level — about ten times the work of projecting straight into the one
 * tile the server was asked for (measured: ~1 s vs ~0.1 s for 5,000 parcels at zoom 12).
 */
import type { Geometry, Position } from '../../../platform/geo/index.ts';
import { BUFFER, EXTENT, type TileCoord } from './tile-math.ts';

/** Simplification tolerance in tile units (4096 per tile): 2 ≈ 1/8 of a display pixel. */
export const TOLERANCE = 2;

type Pt = [number, number];
/** geojson-vt's tile feature shape, which vt-pbf encodes: 1 points, 2 lines, 3 polygons. */
export interface TileGeometry { type: 1 | 2 | 3; geometry: Pt[] | Pt[][] }

const LO = -BUFFER, HI = EXTENT + BUFFER;

function projector({ z, x, y }: TileCoord): (p: Position) => Pt {
  const n = 2 ** z;
  return (p) => {
    const s = Math.min(Math.max(Math.sin(((p[1] ?? 0) * Math.PI) / 180), -0.9999), 0.9999);
    return [(((p[0] ?? 0) + 180) / 360 * n - x) * EXTENT, ((0.5 - (0.25 * Math.log((1 + s) / (1 - s))) / Math.PI) * n - y) * EXTENT];
  };
}

/** Sutherland–Hodgman against one edge: keep the side where coordinate `axis` is ≥ bound (or ≤). */
function clipEdge(ring: Pt[], axis: 0 | 1, bound: number, keepAbove: boolean): Pt[] {
  const out: Pt[] = [];
  const inside = (p: Pt) => (keepAbove ? p[axis] >= bound : p[axis] <= bound);
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
    const ina = inside(a), inb = inside(b);
    if (ina) out.push(a);
    if (ina !== inb) {
      const t = (bound - a[axis]) / (b[axis] - a[axis]);
      out.push(axis === 0 ? [bound, a[1] + t * (b[1] - a[1])] : [a[0] + t * (b[0] - a[0]), bound]);
    }
  }
  return out;
}

function clipRing(ring: Pt[]): Pt[] {
  // Open ring in, open ring out.
  let r = ring;
  r = clipEdge(r, 0, LO, true);
  if (r.length) r = clipEdge(r, 0, HI, false);
  if (r.length) r = clipEdge(r, 1, LO, true);
  if (r.length) r = clipEdge(r, 1, HI, false);
  return r;
}

/** Liang–Barsky: the parts of a polyline inside the buffered tile. */
function clipLine(line: Pt[]): Pt[][] {
  const parts: Pt[][] = [];
  let cur: Pt[] = [];
  for (let i = 0; i + 1 < line.length; i++) {
    const [x0, y0] = line[i]!, [x1, y1] = line[i + 1]!;
    const dx = x1 - x0, dy = y1 - y0;
    let t0 = 0, t1 = 1, ok = true;
    for (const [p, q] of [[-dx, x0 - LO], [dx, HI - x0], [-dy, y0 - LO], [dy, HI - y0]] as const) {
      if (p === 0) {
        if (q < 0) ok = false;
      } else {
        const r = q / p;
        if (p < 0) t0 = Math.max(t0, r);
        else t1 = Math.min(t1, r);
      }
    }
    if (!ok || t0 > t1) {
      if (cur.length > 1) parts.push(cur);
      cur = [];
      continue;
    }
    const a: Pt = [x0 + t0 * dx, y0 + t0 * dy], b: Pt = [x0 + t1 * dx, y0 + t1 * dy];
    if (cur.length === 0 || t0 > 0) {
      if (cur.length > 1) parts.push(cur);
      cur = [a];
    }
    cur.push(b);
    if (t1 < 1) {
      parts.push(cur);
      cur = [];
    }
  }
  if (cur.length > 1) parts.push(cur);
  return parts;
}

/** Douglas–Peucker keeping the ends; iterative. */
function simplify(pts: Pt[], tol: number): Pt[] {
  if (pts.length <= 2 || tol <= 0) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = 1;
  keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  const tol2 = tol * tol;
  while (stack.length) {
    const [s, e] = stack.pop()!;
    const [ax, ay] = pts[s]!, [bx, by] = pts[e]!;
    const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    let max = -1, idx = -1;
    for (let i = s + 1; i < e; i++) {
      const [px, py] = pts[i]!;
      let d2: number;
      if (len2 === 0) d2 = (px - ax) ** 2 + (py - ay) ** 2;
      else {
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d2 = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
      }
      if (d2 > max) {
        max = d2;
        idx = i;
      }
    }
    if (max > tol2 && idx > 0) {
      keep[idx] = 1;
      stack.push([s, idx], [idx, e]);
    }
  }
  return pts.filter((_, i) => keep[i]);
}

function roundDedupe(pts: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of pts) {
    const q: Pt = [Math.round(p[0]), Math.round(p[1])];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}

function signedArea(ring: Pt[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return a / 2;
}

/** A ring in tile units, closed, wound outer (positive) or hole (negative); null when nothing is left. */
function tileRing(ring: Position[], project: (p: Position) => Pt, outer: boolean): Pt[] | null {
  let pts = ring.map(project);
  if (pts.length > 1) {
    const f = pts[0]!, l = pts[pts.length - 1]!;
    if (f[0] === l[0] && f[1] === l[1]) pts = pts.slice(0, -1);
  }
  pts = clipRing(pts);
  if (pts.length < 3) return null;
  pts = roundDedupe(simplify([...pts, pts[0]!], TOLERANCE));
  if (pts.length > 1 && pts[0]![0] === pts[pts.length - 1]![0] && pts[0]![1] === pts[pts.length - 1]![1]) pts.pop();
  if (pts.length < 3) return null;
  const a = signedArea(pts);
  if (Math.abs(a) < 1) return null;
  if ((a > 0) !== outer) pts.reverse();
  pts.push(pts[0]!);
  return pts;
}

/** The feature's geometry in the tile, or null when none of it falls on the tile. */
export function tileGeometry(g: Geometry, coord: TileCoord): TileGeometry | null {
  const project = projector(coord);
  switch (g.type) {
    case 'Point':
    case 'MultiPoint': {
      const pts = (g.type === 'Point' ? [g.coordinates] : g.coordinates).map(project)
        .filter((p) => p[0] >= LO && p[0] <= HI && p[1] >= LO && p[1] <= HI).map((p): Pt => [Math.round(p[0]), Math.round(p[1])]);
      return pts.length ? { type: 1, geometry: pts } : null;
    }
    case 'LineString':
    case 'MultiLineString': {
      const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates)
        .flatMap((l) => clipLine(l.map(project))).map((l) => roundDedupe(simplify(l, TOLERANCE))).filter((l) => l.length >= 2);
      return lines.length ? { type: 2, geometry: lines } : null;
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const rings: Pt[][] = [];
      for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
        const outer = poly[0] ? tileRing(poly[0], project, true) : null;
        if (!outer) continue;
        rings.push(outer);
        for (const hole of poly.slice(1)) {
          const h = tileRing(hole, project, false);
          if (h) rings.push(h);
        }
      }
      return rings.length ? { type: 3, geometry: rings } : null;
    }
    default:
      return null;
  }
}
