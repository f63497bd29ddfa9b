/**
 * The overlay's pieces add up to its red line (issue 11, "wrong compliance verdict"): the red line
 * and its pieces are measured with one edge model, and whether the plan zones cover the red line
 * is decided on the geometry. Before, the red line was measured with geodesic edges and the pieces
 * along straight longitude/latitude edges, so a red line wholly inside 允许建设区 came out
 * `unknown` with hundreds of m² "outside the zone data".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { lonLatEdgeAreaM2, type PolygonGeometry, type Position, type Ring } from '../../platform/geo/index.ts';
import { bboxOf, boxText } from './geometry.ts';
import { COUNTY_PATH } from './map.seed.ts';

const t: TestApp = await startTestApp();
const owner = t.testDb.owner;
const reviewer = await loginAs(t, 'reviewer');

async function overlay(geometry: unknown) {
  const r = await call(t, reviewer, 'POST', '/api/map/overlay', { geometry });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

// A second jittered grid, away from the demo data (106.70–106.96°E): 40 × 40 convex land-use
// cells (the overlay's JavaScript clip) under 10 × 10 plan-zone blocks whose outlines run through
// the cells' jittered corners (concave: cut by the overlay engine), all 允许建设区.
const X0 = 107.60, Y0 = 27.20, DX = 0.004, DY = 0.0032, N = 40, BLOCK = 4;
let seed = 1101;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const jitter: number[][][] = [];
for (let i = 0; i <= N; i++) {
  jitter.push([]);
  for (let j = 0; j <= N; j++) {
    const edge = i === 0 || i === N || j === 0 || j === N;
    jitter[i]!.push(edge ? [0, 0] : [(rnd() - 0.5) * 0.3 * DX, (rnd() - 0.5) * 0.3 * DY]);
  }
}
const vertex = (i: number, j: number): Position => [Math.round((X0 + i * DX + jitter[i]![j]![0]!) * 1e9) / 1e9, Math.round((Y0 + j * DY + jitter[i]![j]![1]!) * 1e9) / 1e9];
function outline(i0: number, j0: number, i1: number, j1: number): Ring {
  const ring: Ring = [];
  for (let i = i0; i < i1; i++) ring.push(vertex(i, j0));
  for (let j = j0; j < j1; j++) ring.push(vertex(i1, j));
  for (let i = i1; i > i0; i--) ring.push(vertex(i, j1));
  for (let j = j1; j > j0; j--) ring.push(vertex(i0, j));
  ring.push(ring[0]!);
  return ring;
}

async function insertAll(layerCode: string, rows: { geom: PolygonGeometry; properties: Record<string, unknown> }[]) {
  const layer = await owner.selectFrom('map.layers').select(['id', 'visibility']).where('code', '=', layerCode).executeTakeFirstOrThrow();
  await owner.insertInto('map.features').values(rows.map((r) => ({
    layerId: layer.id, code: null, name: null, properties: JSON.stringify(r.properties), geom: JSON.stringify(r.geom),
    bbox: boxText(bboxOf(r.geom)), areaM2: lonLatEdgeAreaM2(r.geom), isPublic: layer.visibility === 'public', orgPath: COUNTY_PATH, updatedBy: null,
  }))).execute();
}
const cells: { geom: PolygonGeometry; properties: Record<string, unknown> }[] = [];
for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) cells.push({ geom: { type: 'Polygon', coordinates: [outline(i, j, i + 1, j + 1)] }, properties: { dlbm: (i + j) % 2 ? '0701' : '0601' } });
await insertAll('landuse', cells);
const blocks: { geom: PolygonGeometry; properties: Record<string, unknown> }[] = [];
for (let i = 0; i < N; i += BLOCK) for (let j = 0; j < N; j += BLOCK) blocks.push({ geom: { type: 'Polygon', coordinates: [outline(i, j, i + BLOCK, j + BLOCK)] }, properties: { gzqlx: '允许建设区' } });
await insertAll('plan_zones', blocks);

/** An irregular (mostly concave) red line of about `m2` square metres around (cx, cy). */
function redline(cx: number, cy: number, m2: number): PolygonGeometry {
  const n = 6 + Math.floor(rnd() * 15);
  const unit: Position[] = [];
  for (let k = 0; k < n; k++) {
    const a = (k / n) * 2 * Math.PI, r = 0.6 + 0.4 * rnd();
    unit.push([cx + r * Math.cos(a) * 0.01, cy + r * Math.sin(a) * 0.01 * 0.9]);
  }
  const s = Math.sqrt(m2 / lonLatEdgeAreaM2({ type: 'Polygon', coordinates: [[...unit, unit[0]!]] }));
  const ring = unit.map(([x, y]) => [cx + (x! - cx) * s, cy + (y! - cy) * s] as Position);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

describe('overlay pieces and the red line, one edge model', () => {
  it('the triangle wholly inside 允许建设区 of the demo data is compliant, nothing uncovered', async () => {
    const rep = await overlay({ type: 'Polygon', coordinates: [[[106.818, 27.534], [106.842, 27.5345], [106.8415, 27.5555], [106.818, 27.534]]] });
    assert.deepEqual(rep.planZones.zones.map((z: { zone: string }) => z.zone), ['允许建设区'], JSON.stringify(rep.planZones));
    assert.equal(rep.planZones.uncovered.areaM2, 0);
    assert.equal(rep.planZones.verdict, 'compliant', rep.planZones.reasons.join('; '));
    assert.ok(Math.abs(rep.planZones.zones[0].areaM2 - rep.redline.areaM2) <= 0.0100001, `${rep.planZones.zones[0].areaM2} vs ${rep.redline.areaM2}`);
    assert.ok(Math.abs(rep.landUse.covered.areaM2 - rep.redline.areaM2) <= 0.0100001);
    assert.ok(Math.abs(rep.parcels.areaM2 - rep.redline.areaM2) <= 0.0100001);
  });

  it('land-use and zone pieces sum to the red line within 0.01 m² from 0.1 ha to 50 km²', async () => {
    const cx = X0 + (N * DX) / 2, cy = Y0 + (N * DY) / 2;
    let worst = 0;
    for (const m2 of [1_000, 8_000, 60_000, 500_000, 3_000_000, 12_000_000, 30_000_000, 49_500_000]) {
      for (let k = 0; k < 2; k++) {
        // Off-centre, so the red line's edges cross cells and zone blocks at arbitrary places.
        const red = redline(cx + (rnd() - 0.5) * 0.03, cy + (rnd() - 0.5) * 0.03, m2);
        const rep = await overlay(red);
        const zoned = rep.planZones.zones.reduce((s: number, z: { areaM2: number }) => s + z.areaM2, 0);
        for (const [what, sum] of [['land use', rep.landUse.covered.areaM2], ['zones', zoned]] as const) {
          const d = Math.abs(sum - rep.redline.areaM2);
          worst = Math.max(worst, d);
          // Both figures are rounded to 0.01 m², so equal wholes can print 0.01 apart.
          assert.ok(d <= 0.0100001, `${what}: ${sum} vs red line ${rep.redline.areaM2} (${m2} m²)`);
        }
        assert.equal(rep.planZones.verdict, 'compliant', `${m2} m²: ${rep.planZones.reasons.join('; ')}`);
        assert.equal(rep.planZones.uncovered.areaM2, 0);
        assert.ok(Math.abs(rep.redline.areaM2 - m2) < m2 * 1e-4, `${rep.redline.areaM2} ≠ ${m2}`);
      }
    }
    assert.ok(worst <= 0.0100001, String(worst));
  });

  it('a red line reaching past the zone data is unknown, and the part outside is measured from the geometry', async () => {
    // The west 0.002° of this rectangle lies west of the grid (no zone there).
    const ring: Position[] = [[X0 - 0.002, Y0 + 0.01], [X0 + 0.008, Y0 + 0.01], [X0 + 0.008, Y0 + 0.02], [X0 - 0.002, Y0 + 0.02]];
    const rep = await overlay({ type: 'Polygon', coordinates: [[...ring, ring[0]!]] });
    assert.equal(rep.planZones.verdict, 'unknown');
    const outside: PolygonGeometry = { type: 'Polygon', coordinates: [[[X0 - 0.002, Y0 + 0.01], [X0, Y0 + 0.01], [X0, Y0 + 0.02], [X0 - 0.002, Y0 + 0.02], [X0 - 0.002, Y0 + 0.01]]] };
    assert.ok(Math.abs(rep.planZones.uncovered.areaM2 - lonLatEdgeAreaM2(outside)) <= 0.01, `${rep.planZones.uncovered.areaM2}`);
    assert.match(rep.planZones.reasons[0], /不在规划分区数据范围内/);
  });
});
