import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ellipsoidalArea, ellipsoidalAreaM2, lonLatEdgeAreaM2, areaFromM2, CGCS2000, geodesicRingAreaM2, LOCAL_MAX_DEG } from './area.ts';
import { gk3ZoneEpsg, toCgcs2000 } from './crs.ts';
import type { PolygonGeometry, Position } from './geo.types.ts';

/** A square of side `side` metres centred at (easting, northing) of 3° zone 35 (CM 105°E), in EPSG:4490. */
function gkSquare(easting: number, northing: number, side: number): PolygonGeometry {
  const h = side / 2;
  const corners: Position[] = [[easting - h, northing - h], [easting + h, northing - h], [easting + h, northing + h], [easting - h, northing + h]];
  const ring = [...corners, corners[0]!].map((p) => toCgcs2000(gk3ZoneEpsg(35), p));
  return { type: 'Polygon', coordinates: [ring] };
}

describe('ellipsoidal area on CGCS2000', () => {
  it('gives 1,000,000 m² for a 1 km × 1 km Gauss-Krüger square on the central meridian near 27°N', () => {
    // Northing 2,988,000 m is about 27.0°N; easting 35,500,000 is the central meridian 105°E.
    // Gauss-Krüger is conformal with scale m = 1 + y²/(2R²) at distance y from the CM: within
    // 500 m that is 1 + 3e-9, so the plane area exceeds the ellipsoid area by ~2e-9 (0.002 m²),
    // and the straight grid edges differ from geodesics by far less. Expect 1e6 m² ± 0.01 m².
    const sq = gkSquare(35_500_000, 2_988_000, 1000);
    assert.ok(Math.abs(sq.coordinates[0]![0]![0]! - 104.99496) < 1e-4, 'west edge near 104.995°E');
    assert.ok(Math.abs(sq.coordinates[0]![0]![1]! - 26.9988) < 1e-3, 'south edge near 27°N');
    const a = ellipsoidalArea(sq);
    assert.ok(Math.abs(a.areaM2 - 1_000_000) < 0.01, `areaM2 ${a.areaM2}`);
    assert.ok(Math.abs(a.areaHa - 100) < 1e-6, `areaHa ${a.areaHa}`);
    assert.ok(Math.abs(a.areaMu - 1500) < 1e-5, `areaMu ${a.areaMu}`);
  });

  it('shows the Gauss-plane scale at 1.5° from the CM: the same 1 km grid square is smaller on the ellipsoid', () => {
    // 148 km east of the CM near 27°N: m ≈ 1 + 148000²/(2·6.37e6²) ≈ 1.00027, area factor m² ≈ 1.00054,
    // so the ellipsoidal area of the 1 km grid square is ≈ 1e6 / 1.00054 ≈ 999,460 m².
    const a = ellipsoidalAreaM2(gkSquare(35_648_000, 2_988_000, 1000));
    assert.ok(a > 999_400 && a < 999_500, `areaM2 ${a}`);
  });

  it('subtracts holes: 1 km square with a 200 m × 200 m hole has 960,000 m²', () => {
    const outer = gkSquare(35_500_000, 2_988_000, 1000).coordinates[0]!;
    const hole = [...gkSquare(35_500_000, 2_988_000, 200).coordinates[0]!].reverse();
    const a = ellipsoidalAreaM2({ type: 'Polygon', coordinates: [outer, hole] });
    assert.ok(Math.abs(a - 960_000) < 0.01, `areaM2 ${a}`);
  });

  it('sums the parts of a multipolygon and ignores ring direction', () => {
    const a = gkSquare(35_500_000, 2_988_000, 1000).coordinates;
    const b = gkSquare(35_500_000, 2_990_000, 500).coordinates.map((r) => [...r].reverse());
    const total = ellipsoidalAreaM2({ type: 'MultiPolygon', coordinates: [a, b] });
    assert.ok(Math.abs(total - 1_250_000) < 0.01, `areaM2 ${total}`);
  });

  it('converts units: 1 公顷 = 15 亩, 1 亩 = 666.67 m²', () => {
    assert.deepEqual(areaFromM2(10_000 / 15), { areaM2: 10_000 / 15, areaHa: 1 / 15, areaMu: 1 });
    assert.equal(areaFromM2(20_000).areaMu, 30);
  });

  it('gives non-areal geometries no area', () => {
    assert.equal(ellipsoidalAreaM2({ type: 'LineString', coordinates: [[105, 27], [105.1, 27]] }), 0);
  });
});

describe('small rings on the local equal-area projection', () => {
  // A fixed pseudo-random sequence so a failure can be replayed.
  let seed = 20261201;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const ringAround = (cx: number, cy: number, size: number): Position[] => {
    const n = 3 + Math.floor(rnd() * 12);
    const pts: Position[] = [];
    for (let i = 0; i < n; i++) {
      const t = (i / n) * 2 * Math.PI, r = (size / 2) * (0.3 + 0.7 * rnd());
      pts.push([cx + r * Math.cos(t), cy + r * Math.sin(t)]);
    }
    return [...pts, pts[0]!];
  };

  it('agrees with GeographicLib within 0.005 m² on random rings up to LOCAL_MAX_DEG across China', () => {
    let worst = 0;
    for (let k = 0; k < 3000; k++) {
      const size = LOCAL_MAX_DEG * (k % 3 === 0 ? 0.1 : k % 3 === 1 ? 0.5 : 1);
      const ring = ringAround(73.5 + rnd() * 61, 18 + rnd() * 35, size);
      const local = ellipsoidalAreaM2({ type: 'Polygon', coordinates: [ring] });
      worst = Math.max(worst, Math.abs(local - geodesicRingAreaM2(ring)));
    }
    assert.ok(worst < 0.005, `largest difference ${worst} m²`);
  });

  it('gives a 30 m cadastral parcel near 27°N the same area as GeographicLib to 0.001 m²', () => {
    const ring: Position[] = [[107.6, 27.9], [107.6003, 27.9], [107.6003, 27.90027], [107.6, 27.90027], [107.6, 27.9]];
    const a = ellipsoidalAreaM2({ type: 'Polygon', coordinates: [ring] });
    assert.ok(a > 880 && a < 890, `areaM2 ${a}`);
    assert.ok(Math.abs(a - geodesicRingAreaM2(ring)) < 0.001, `${a} vs ${geodesicRingAreaM2(ring)}`);
  });

  it('measures larger rings with GeographicLib itself', () => {
    const ring = ringAround(105, 27, LOCAL_MAX_DEG * 3);
    assert.equal(ellipsoidalAreaM2({ type: 'Polygon', coordinates: [ring] }), geodesicRingAreaM2(ring));
  });
});

describe('area with straight longitude/latitude edges (the overlay\'s edge model)', () => {
  // q(φ) of the authalic latitude: a lon/lat rectangle has exactly (a²/2)·Δλ·(q(φ2) − q(φ1)).
  const e2 = CGCS2000.f * (2 - CGCS2000.f), e = Math.sqrt(e2);
  const q = (deg: number) => { const s = Math.sin((deg * Math.PI) / 180); return (1 - e2) * (s / (1 - e2 * s * s) - (1 / (2 * e)) * Math.log((1 - e * s) / (1 + e * s))); };
  it('gives a longitude/latitude rectangle its exact ellipsoidal area, small or large', () => {
    for (const [a, b, c, d] of [[107.5, 27, 107.501, 27.001], [107.5, 27, 107.51, 27.01], [100, 20, 103, 24]] as const) {
      const exact = ((CGCS2000.a ** 2) / 2) * (((c - a) * Math.PI) / 180) * (q(d) - q(b));
      const got = lonLatEdgeAreaM2({ type: 'Polygon', coordinates: [[[a, b], [c, b], [c, d], [a, d], [a, b]]] });
      assert.ok(Math.abs(got - exact) < 1e-9 * exact + 1e-6, `${got} vs ${exact}`);
    }
  });
  it('agrees with geodesic edges on a parcel-sized ring, and adds up when an edge is split', () => {
    const ring: Position[] = [[107.5, 27], [107.5012, 27.0001], [107.5011, 27.0013], [107.5, 27.001], [107.5, 27]];
    const g: PolygonGeometry = { type: 'Polygon', coordinates: [ring] };
    assert.ok(Math.abs(lonLatEdgeAreaM2(g) - geodesicRingAreaM2(ring)) < 0.005);
    // A 2 km triangle: the south edge cut at a point along it; the two halves sum to the whole.
    const tri: Position[] = [[106.818, 27.534], [106.842, 27.5345], [106.8415, 27.5555]];
    const m: Position = [106.818 + 0.3 * 0.024, 27.534 + 0.3 * 0.0005];
    const area = (pts: Position[]) => lonLatEdgeAreaM2({ type: 'Polygon', coordinates: [[...pts, pts[0]!]] });
    assert.ok(Math.abs(area([tri[0]!, m, tri[2]!]) + area([m, tri[1]!, tri[2]!]) - area(tri)) < 1e-4);
    // …whereas its geodesic-edge area differs by the area between the two kinds of edges (≈ 180 m²).
    const diff = geodesicRingAreaM2([...tri, tri[0]!]) - area(tri);
    assert.ok(diff > 100 && diff < 250, String(diff));
  });
});
