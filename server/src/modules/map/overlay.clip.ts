/**
 * The overlay's fast path for convex features (most cadastral parcels are convex quadrilaterals):
 * the area of red line ∩ feature without building the cut in the overlay engine.
 *
 * Each ring of the red line is clipped by the feature's edges in turn (Sutherland–Hodgman). For a
 * convex window this is exact in area even when the red line is concave: clipping by a
 * half-plane keeps the winding number of every point inside it and zeroes the rest, so the
 * clipped chain's signed area is the integral of the red line's winding number over the
 * window, i.e. the area of the intersection; pieces may be joined by zero-width bridges along
 * the window's edges, which add nothing. Holes are clipped the same way and subtracted.
 * The clip works in EPSG:4490 degrees like the engine does, and the piece is then measured on
 * the ellipsoid with straight longitude/latitude edges (platform.geo `lonLatEdgeAreaM2`, the
 * overlay's one edge model), so the figure is the engine's to rounding
 * (overlay.clip.test.ts compares them on random red lines, shared edges included).
 */
import { lonLatEdgeAreaM2, openRing, type Geometry, type Polygonal, type Position } from '../../platform/geo/index.ts';

/** Red lines with more vertices than this go to the engine (the clip costs vertices × feature edges). */
export const MAX_CLIP_VERTICES = 512;

/** The red line's rings, open, with +1 for outer rings and −1 for holes. */
export interface ClipRedline { rings: { pts: Position[]; sign: 1 | -1 }[] }

/** The red line prepared for clipping, or undefined when it is too detailed for this path. */
export function prepareClip(redline: Polygonal): ClipRedline | undefined {
  const polys = redline.type === 'Polygon' ? [redline.coordinates] : redline.coordinates;
  const rings: ClipRedline['rings'] = [];
  let vertices = 0;
  for (const p of polys) {
    p.forEach((ring, i) => {
      const pts = openRing(ring);
      vertices += pts.length;
      rings.push({ pts, sign: i === 0 ? 1 : -1 });
    });
  }
  return vertices <= MAX_CLIP_VERTICES ? { rings } : undefined;
}

/** Sign changes of a cyclic sequence of non-zero signs. */
function flips(signs: number[]): number {
  let n = 0;
  for (let i = 0; i < signs.length; i++) if (signs[i] !== signs[(i + 1) % signs.length]) n++;
  return n;
}

/**
 * The ring of a single-ring polygon that is convex, counter-clockwise and open; undefined for
 * anything else (holes, multipolygons, concave or self-crossing rings, degenerate rings).
 * Convex: every turn has the same sense, and x and y each change direction at most twice
 * around the ring (which rules out star polygons that turn the same way all along).
 */
export function convexRing(g: Geometry): Position[] | undefined {
  if (g.type !== 'Polygon' || g.coordinates.length !== 1) return undefined;
  const pts = openRing(g.coordinates[0]!);
  const n = pts.length;
  if (n < 3) return undefined;
  let turn = 0;
  const sx: number[] = [], sy: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = pts[i]!, b = pts[(i + 1) % n]!, c = pts[(i + 2) % n]!;
    const dx = b[0]! - a[0]!, dy = b[1]! - a[1]!;
    if (dx !== 0) sx.push(Math.sign(dx));
    if (dy !== 0) sy.push(Math.sign(dy));
    const cross = dx * (c[1]! - b[1]!) - dy * (c[0]! - b[0]!);
    if (cross !== 0) {
      const s = Math.sign(cross);
      if (turn === 0) turn = s;
      else if (s !== turn) return undefined;
    }
  }
  if (turn === 0 || flips(sx) > 2 || flips(sy) > 2) return undefined;
  return turn > 0 ? pts : [...pts].reverse();
}

/** Sutherland–Hodgman: `subject` (open ring) clipped by the convex counter-clockwise `win`. */
function clipRing(subject: Position[], win: Position[]): Position[] {
  let out = subject;
  for (let k = 0; k < win.length && out.length > 0; k++) {
    const ax = win[k]![0]!, ay = win[k]![1]!;
    const ex = win[(k + 1) % win.length]![0]! - ax, ey = win[(k + 1) % win.length]![1]! - ay;
    const input = out;
    out = [];
    let prev = input[input.length - 1]!;
    let prevSide = ex * (prev[1]! - ay) - ey * (prev[0]! - ax);
    for (const cur of input) {
      const side = ex * (cur[1]! - ay) - ey * (cur[0]! - ax);
      if (side >= 0) {
        if (prevSide < 0) out.push(cut(prev, cur, prevSide, side));
        out.push(cur);
      } else if (prevSide >= 0) {
        out.push(cut(prev, cur, prevSide, side));
      }
      prev = cur;
      prevSide = side;
    }
  }
  return out;
}

/** The point where segment p→q crosses the window edge, from the two side values (signs differ). */
function cut(p: Position, q: Position, sp: number, sq: number): Position {
  const t = sp / (sp - sq);
  return [p[0]! + t * (q[0]! - p[0]!), p[1]! + t * (q[1]! - p[1]!)];
}

/** Ellipsoidal area (m²) of red line ∩ the convex counter-clockwise ring `win` (from convexRing). */
export function clipAreaM2(red: ClipRedline, win: Position[]): number {
  let total = 0;
  for (const { pts, sign } of red.rings) {
    const piece = clipRing(pts, win);
    if (piece.length < 3) continue;
    total += sign * lonLatEdgeAreaM2({ type: 'Polygon', coordinates: [[...piece, piece[0]!]] });
  }
  return Math.max(0, total);
}
