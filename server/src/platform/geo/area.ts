/**
 * Ellipsoidal (椭球) areas on the CGCS2000 ellipsoid with GeographicLib's geodesic polygon area:
 * the 国土调查 rule is "inverse-project to (B, L), then integrate on the ellipsoid", never planar
 * degrees and never the Gauss plane.
 */
import geographiclib from 'geographiclib-geodesic';
import type { Geometry, Polygonal, Position, Ring } from './geo.types.ts';
import { polygonsOf } from './geo.types.ts';

/** CGCS2000 (EPSG:4490): a = 6378137 m, 1/f = 298.257222101 (GRS80's figures). */
export const CGCS2000 = { a: 6378137, f: 1 / 298.257222101 } as const;

const geod = new geographiclib.Geodesic.Geodesic(CGCS2000.a, CGCS2000.f);

export const M2_PER_HA = 10_000;
/** 1 公顷 = 15 亩, so 1 亩 = 10000/15 m² ≈ 666.67 m². */
export const MU_PER_HA = 15;

export interface Area {
  areaM2: number;
  areaHa: number;
  areaMu: number;
}

export function areaFromM2(areaM2: number): Area {
  const areaHa = areaM2 / M2_PER_HA;
  return { areaM2, areaHa, areaMu: areaHa * MU_PER_HA };
}

function openRing(ring: Ring): Position[] {
  const n = ring.length;
  if (n > 1 && ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1]) return ring.slice(0, n - 1);
  return ring;
}

/** Unsigned ellipsoidal area and perimeter of one ring of [lon, lat] positions. */
export function ringMeasures(ring: Ring): { areaM2: number; perimeterM: number } {
  const pts = openRing(ring);
  if (pts.length < 3) return { areaM2: 0, perimeterM: 0 };
  const poly = geod.Polygon(false);
  for (const p of pts) poly.AddPoint(p[1]!, p[0]!);
  const r = poly.Compute(false, true);
  return { areaM2: Math.abs(r.area ?? 0), perimeterM: r.perimeter };
}

/** Signed area: positive when the ring runs counter-clockwise on the map (lon east, lat north). */
export function ringSignedAreaM2(ring: Ring): number {
  const pts = openRing(ring);
  if (pts.length < 3) return 0;
  const poly = geod.Polygon(false);
  for (const p of pts) poly.AddPoint(p[1]!, p[0]!);
  return poly.Compute(false, true).area ?? 0;
}

/** Outer rings minus holes, parts of a multipolygon summed. Non-areal geometries have area 0. */
export function ellipsoidalAreaM2(g: Geometry): number {
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return 0;
  let total = 0;
  for (const rings of polygonsOf(g as Polygonal)) {
    rings.forEach((ring, i) => {
      const a = ringMeasures(ring).areaM2;
      total += i === 0 ? a : -a;
    });
  }
  return total;
}

export function ellipsoidalArea(g: Geometry): Area {
  return areaFromM2(ellipsoidalAreaM2(g));
}

/** Geodesic length in metres of a line of [lon, lat] positions. */
export function geodesicLengthM(line: Position[]): number {
  let s = 0;
  for (let i = 1; i < line.length; i++) {
    s += geod.Inverse(line[i - 1]![1]!, line[i - 1]![0]!, line[i]![1]!, line[i]![0]!).s12 ?? 0;
  }
  return s;
}
