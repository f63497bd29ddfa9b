/**
 * Geometry checks with locations, and repair only on request. Positions are [lon, lat] in
 * EPSG:4490; ring-level measures (slivers) are ellipsoidal.
 */
import { AppError } from '../http/errors.ts';
import { ringMeasures } from './area.ts';
import { geometryEngine } from './engine.ts';
import type { Geometry, Polygonal, Position, Ring } from './geo.types.ts';
import { polygonsOf } from './geo.types.ts';

export type ProblemCode =
  | 'coordinate_invalid' | 'too_few_points' | 'unclosed_ring' | 'duplicate_point'
  | 'self_intersection' | 'invalid_topology' | 'ring_orientation' | 'sliver';

export interface GeometryProblem {
  code: ProblemCode;
  /** `error`: the geometry is not valid; `warning`: valid but suspicious or non-conformant. */
  severity: 'error' | 'warning';
  message: string;
  /** [lon, lat] where the problem is. */
  location?: Position;
  /** Indexes: polygon part (multipolygons), ring (0 = outer), vertex. */
  polygon?: number;
  ring?: number;
  vertex?: number;
}

export interface ValidateOptions {
  /** A ring smaller than this is a sliver (m²). */
  sliverMinAreaM2?: number;
  /** A ring with 4πA/P² below this is a sliver (1 = circle, a 1000 m × 1 m strip ≈ 0.003). */
  sliverMinCompactness?: number;
  /** Rings longer than this skip the full pairwise self-intersection scan (JSTS still checks). */
  maxScanPoints?: number;
}

const DEFAULTS = { sliverMinAreaM2: 1, sliverMinCompactness: 0.001, maxScanPoints: 20_000 };
const MAX_INTERSECTIONS = 50;

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

function planarSignedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  }
  return s / 2; // > 0: counter-clockwise
}

function segmentIntersection(a: Position, b: Position, c: Position, d: Position): Position | undefined {
  const [ax, ay] = a as [number, number], [bx, by] = b as [number, number];
  const [cx, cy] = c as [number, number], [dx, dy] = d as [number, number];
  const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
  if (den === 0) {
    // Parallel: overlapping collinear segments count, reported at the overlap's first point.
    const cross = (cx - ax) * (by - ay) - (cy - ay) * (bx - ax);
    if (cross !== 0) return undefined;
    const onAb = (p: Position) => Math.min(ax, bx) <= p[0]! && p[0]! <= Math.max(ax, bx) && Math.min(ay, by) <= p[1]! && p[1]! <= Math.max(ay, by);
    if (onAb(c)) return c;
    if (onAb(d)) return d;
    return undefined;
  }
  const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
  const u = ((cx - ax) * (by - ay) - (cy - ay) * (bx - ax)) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return undefined;
  return [ax + t * (bx - ax), ay + t * (by - ay)];
}

/** Points where a closed ring crosses or touches itself (non-adjacent segments). */
export function ringSelfIntersections(ring: Ring, limit = MAX_INTERSECTIONS): Position[] {
  const pts = ring.filter((p, i) => i === 0 || !same(p, ring[i - 1]!));
  const n = pts.length - 1; // segments
  if (n < 3) return [];
  const segs = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => Math.min(pts[i]![0]!, pts[i + 1]![0]!) - Math.min(pts[j]![0]!, pts[j + 1]![0]!),
  );
  const found: Position[] = [];
  for (let a = 0; a < segs.length && found.length < limit; a++) {
    const i = segs[a]!;
    const maxX = Math.max(pts[i]![0]!, pts[i + 1]![0]!);
    for (let b = a + 1; b < segs.length; b++) {
      const j = segs[b]!;
      if (Math.min(pts[j]![0]!, pts[j + 1]![0]!) > maxX) break;
      const lo = Math.min(i, j), hi = Math.max(i, j);
      if (hi - lo === 1 || (lo === 0 && hi === n - 1)) continue; // neighbours share a vertex
      const x = segmentIntersection(pts[i]!, pts[i + 1]!, pts[j]!, pts[j + 1]!);
      if (x) found.push(x);
      if (found.length >= limit) break;
    }
  }
  return found;
}

function fmt(p: Position): string {
  return `(${p[0]!.toFixed(7)}, ${p[1]!.toFixed(7)})`;
}

/** Every problem of a geometry. Errors make it invalid; warnings do not. */
export function validateGeometry(g: Geometry, options: ValidateOptions = {}): GeometryProblem[] {
  const o = { ...DEFAULTS, ...options };
  const problems: GeometryProblem[] = [];
  const coords = (g.type === 'Point' ? [[g.coordinates]] : g.type === 'LineString' || g.type === 'MultiPoint'
    ? [g.coordinates] : g.type === 'MultiLineString' || g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()) as Position[][];
  for (const line of coords) {
    for (const p of line) {
      if (!Array.isArray(p) || p.length < 2 || !p.every(Number.isFinite) || Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90) {
        problems.push({ code: 'coordinate_invalid', severity: 'error',
          message: `coordinate ${JSON.stringify(p)} is not a longitude/latitude in EPSG:4490` });
        return problems;
      }
    }
  }
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    if ((g.type === 'LineString' && g.coordinates.length < 2) || (g.type === 'MultiLineString' && g.coordinates.some((l) => l.length < 2))) {
      problems.push({ code: 'too_few_points', severity: 'error', message: 'a line needs at least 2 points' });
    }
    return problems;
  }
  let structural = false;
  polygonsOf(g).forEach((rings, pi) => {
    const where = (ri: number) => `${g.type === 'MultiPolygon' ? `polygon ${pi + 1}, ` : ''}${ri === 0 ? 'outer ring' : `hole ${ri}`}`;
    rings.forEach((ring, ri) => {
      const base = { polygon: g.type === 'MultiPolygon' ? pi : undefined, ring: ri };
      const distinct = ring.filter((p, i) => i === 0 || !same(p, ring[i - 1]!));
      const closed = ring.length > 0 && same(ring[0]!, ring[ring.length - 1]!);
      const uniqueCount = closed ? distinct.length - 1 : distinct.length;
      if (uniqueCount < 3) {
        structural = true;
        problems.push({ ...base, code: 'too_few_points', severity: 'error', location: ring[0],
          message: `${where(ri)} has ${uniqueCount} distinct points; a ring needs at least 3 (4 with the closing point)` });
        return;
      }
      if (!closed) {
        structural = true;
        problems.push({ ...base, code: 'unclosed_ring', severity: 'error', location: ring[ring.length - 1],
          message: `${where(ri)} is not closed: its last point ${fmt(ring[ring.length - 1]!)} differs from its first ${fmt(ring[0]!)}` });
      }
      for (let i = 1; i < ring.length; i++) {
        if (same(ring[i]!, ring[i - 1]!)) {
          problems.push({ ...base, vertex: i, code: 'duplicate_point', severity: 'warning', location: ring[i],
            message: `${where(ri)} repeats point ${i} at ${fmt(ring[i]!)}` });
        }
      }
      const crossings = closed && ring.length <= o.maxScanPoints ? ringSelfIntersections(ring) : [];
      for (const x of crossings) {
        problems.push({ ...base, code: 'self_intersection', severity: 'error', location: x,
          message: `${where(ri)} intersects itself at ${fmt(x)}` });
      }
      // Orientation and area mean nothing for a ring that crosses itself.
      if (crossings.length > 0) return;
      const ccw = planarSignedArea(ring) > 0;
      if (ccw !== (ri === 0)) {
        problems.push({ ...base, code: 'ring_orientation', severity: 'warning', location: ring[0],
          message: `${where(ri)} runs ${ccw ? 'counter-clockwise' : 'clockwise'}; RFC 7946 wants outer rings counter-clockwise and holes clockwise` });
      }
      const { areaM2, perimeterM } = ringMeasures(ring);
      const compactness = perimeterM > 0 ? (4 * Math.PI * areaM2) / (perimeterM * perimeterM) : 0;
      if (areaM2 < o.sliverMinAreaM2 || compactness < o.sliverMinCompactness) {
        problems.push({ ...base, code: 'sliver', severity: 'warning', location: ring[0],
          message: `${where(ri)} is a sliver: area ${areaM2.toFixed(3)} m², compactness ${compactness.toExponential(2)}` });
      }
    });
  });
  if (!structural && !problems.some((p) => p.code === 'self_intersection')) {
    const err = geometryEngine().validityError(g);
    if (err) {
      problems.push({ code: 'invalid_topology', severity: 'error', location: err.location,
        message: `${err.message}${err.location ? ` at ${fmt(err.location)}` : ''}` });
    }
  }
  return problems;
}

export function isValidGeometry(g: Geometry): boolean {
  return !validateGeometry(g).some((p) => p.severity === 'error');
}

function cleanRing(ring: Ring): Ring | undefined {
  const pts = ring.filter((p, i) => i === 0 || !same(p, ring[i - 1]!));
  if (pts.length > 1 && same(pts[0]!, pts[pts.length - 1]!)) pts.pop();
  if (pts.length < 3) return undefined;
  return [...pts, pts[0]!];
}

/** Outer rings counter-clockwise, holes clockwise (RFC 7946). */
export function rewind(g: Polygonal): Polygonal {
  const fix = (rings: Ring[]) => rings.map((r, i) => ((planarSignedArea(r) > 0) === (i === 0) ? r : [...r].reverse()));
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: fix(g.coordinates) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map(fix) };
}

/**
 * Closes rings, drops repeated points and degenerate rings, resolves self-intersections
 * (even-odd rule) and rewinds. Throws geo.geometry_invalid when nothing areal remains.
 */
export function repairGeometry(g: Polygonal): Polygonal {
  const polys: Ring[][] = [];
  for (const rings of polygonsOf(g)) {
    const outer = cleanRing(rings[0] ?? []);
    if (!outer) continue;
    polys.push([outer, ...rings.slice(1).map(cleanRing).filter((r): r is Ring => r !== undefined)]);
  }
  if (polys.length === 0) {
    throw new AppError('geo.geometry_invalid', 'geometry: nothing areal remains after repair (every ring has fewer than 3 points)', { field: 'geometry' });
  }
  let out: Polygonal = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
  if (geometryEngine().validityError(out)) {
    const fixed = geometryEngine().makeValid(out);
    if (!fixed) throw new AppError('geo.geometry_invalid', 'geometry: nothing areal remains after repair', { field: 'geometry' });
    out = fixed;
  }
  return rewind(out);
}

/**
 * A polygon whose area means something: implausible coordinates → geo.coordinates_implausible;
 * any error-severity problem (a self-intersecting ring, whose lobes would cancel) →
 * geo.geometry_invalid with the problems and the location, as convert and overlay refuse it.
 */
export function assertMeasurable(g: Geometry): void {
  const problems = validateGeometry(g);
  const coordErr = problems.find((p) => p.code === 'coordinate_invalid');
  if (coordErr) throw new AppError('geo.coordinates_implausible', `coordinates: ${coordErr.message}`, { field: 'coordinates' });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new AppError('geo.geometry_invalid',
      `coordinates: ${errors[0]!.message}${errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : ''}; see POST /api/geo/validate?repair=true`,
      { field: 'coordinates', problems: errors });
  }
}
