/**
 * Overlay analysis with figures that can be checked by hand: features are placed around
 * 107.50°E 27.00°N, away from the demo grid, and the red line is the square
 * [107.50, 107.51] × [27.00, 27.01] (≈ 992 m × 1,108 m ≈ 110 ha).
 *
 * Two rectangles with the same latitude span and equal longitude width have exactly the same
 * ellipsoidal area, so "half the square" is exactly half of the red line's area.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { ellipsoidalAreaM2 } from '../../platform/geo/index.ts';
import { insertFeature, rect } from './map.test-helpers.ts';
import { geodesicDistanceM } from './geometry.ts';
import { createJstsOverlayEngine, overlayEngine, setOverlayEngine } from './overlay.engine.ts';

const t: TestApp = await startTestApp();
const owner = t.testDb.owner;
const reviewer = await loginAs(t, 'reviewer');

const RED = rect(107.50, 27.00, 107.51, 27.01);
const RED_M2 = ellipsoidalAreaM2(RED);
const close = (a: number, b: number, tol = 0.01) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b} (±${tol})`);

// Land use: west half 0101 水田, east half 0301 乔木林地, both reaching beyond the square.
await insertFeature(owner, 'landuse', rect(107.49, 26.99, 107.505, 27.02), { dlbm: '0101', dlmc: '水田' });
await insertFeature(owner, 'landuse', rect(107.505, 26.99, 107.52, 27.02), { dlbm: '0301', dlmc: '乔木林地' });
// Plan zones: west half 禁止建设区, the rest 允许建设区; a 有条件建设区 strip further east.
await insertFeature(owner, 'plan_zones', rect(107.49, 26.99, 107.505, 27.02), { gzqlx: '禁止建设区' }, { name: '禁止建设区' });
await insertFeature(owner, 'plan_zones', rect(107.505, 26.99, 107.53, 27.02), { gzqlx: '允许建设区' }, { name: '允许建设区' });
await insertFeature(owner, 'plan_zones', rect(107.53, 26.99, 107.54, 27.02), { gzqlx: '有条件建设区' }, { name: '有条件建设区' });
// Basic farmland: the south-west quarter of the square. Eco red line: the west half.
const BF = rect(107.50, 27.00, 107.505, 27.005);
await insertFeature(owner, 'basic_farmland', BF, { bhbh: 'JBNT-T1', dlbm: '0101' }, { code: 'JBNT-T1' });
await insertFeature(owner, 'eco_redline', rect(107.49, 26.99, 107.505, 27.02), { hxbh: 'STHX-T1' }, { code: 'STHX-T1' });
// A mining right overlapping the north-east corner, and one well away.
await insertFeature(owner, 'mining_rights', rect(107.508, 27.008, 107.515, 27.015), { kqlx: '采矿权', kz: '页岩', gdzb: [{ dh: 'J1', x: 1, y: 2 }] }, { code: 'C-T1' });
await insertFeature(owner, 'mining_rights', rect(107.58, 27.08, 107.59, 27.09), { kqlx: '采矿权', kz: '煤' }, { code: 'C-T2' });
// Hazard sites due east of the square at its mid latitude: ≈ 397 m and ≈ 595 m away; one inside.
await insertFeature(owner, 'hazard_sites', { type: 'Point', coordinates: [107.514, 27.005] }, { zhlx: '滑坡' }, { code: 'H-400' });
await insertFeature(owner, 'hazard_sites', { type: 'Point', coordinates: [107.516, 27.005] }, { zhlx: '崩塌' }, { code: 'H-600' });
await insertFeature(owner, 'hazard_sites', { type: 'Point', coordinates: [107.502, 27.002] }, { zhlx: '地面塌陷' }, { code: 'H-IN' });
// Parcels: a 2 × 2 grid whose south-west cell is exactly the square; the others only share edges.
await insertFeature(owner, 'parcels', rect(107.50, 27.00, 107.51, 27.01), { zddm: 'P-SW', zl: '测试坐落1号', dlbm: '0101' }, { code: 'P-SW' });
await insertFeature(owner, 'parcels', rect(107.51, 27.00, 107.52, 27.01), { zddm: 'P-SE', zl: '测试坐落2号', dlbm: '0301' }, { code: 'P-SE' });
await insertFeature(owner, 'parcels', rect(107.50, 27.01, 107.51, 27.02), { zddm: 'P-NW', zl: '测试坐落3号', dlbm: '0101' }, { code: 'P-NW' });
await insertFeature(owner, 'parcels', rect(107.51, 27.01, 107.52, 27.02), { zddm: 'P-NE', zl: '测试坐落4号', dlbm: '0301' }, { code: 'P-NE' });

async function overlay(body: unknown) {
  const r = await call(t, reviewer, 'POST', '/api/map/overlay', body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

describe('overlay analysis of a known square', async () => {
  const rep = await overlay({ geometry: RED });

  it('measures the red line on the ellipsoid in m², 公顷 and 亩', () => {
    close(rep.redline.areaM2, RED_M2);
    // ≈ 0.01° × 99,192 m × 0.01° × 110,858 m ≈ 1.0996 km².
    assert.ok(rep.redline.areaM2 > 1_099_000 && rep.redline.areaM2 < 1_100_500, String(rep.redline.areaM2));
    close(rep.redline.areaHa, RED_M2 / 10_000, 1e-5);
    close(rep.redline.areaMu, (RED_M2 / 10_000) * 15, 1e-3);
    assert.equal(rep.engine, 'geos-wasm');
  });

  it('splits the land use into exactly half 水田 and half 乔木林地; cropland is the 水田 half', () => {
    const byCode = Object.fromEntries(rep.landUse.classes.map((c: any) => [c.dlbm, c]));
    assert.deepEqual(Object.keys(byCode).sort(), ['0101', '0301']);
    close(byCode['0101'].areaM2, RED_M2 / 2);
    close(byCode['0301'].areaM2, RED_M2 / 2);
    assert.equal(byCode['0101'].dlmc, '水田');
    assert.equal(byCode['0101'].groupName, '耕地');
    close(rep.cropland.areaM2, RED_M2 / 2);
    close(rep.landUse.covered.areaM2, RED_M2);
  });

  it('counts the basic farmland quarter', () => {
    close(rep.basicFarmland.areaM2, ellipsoidalAreaM2(BF));
    // Within 0.01 % of a quarter: the southern band is a hair wider than the northern one.
    assert.ok(Math.abs(rep.basicFarmland.areaM2 / (RED_M2 / 4) - 1) < 1e-4);
    assert.deepEqual(rep.basicFarmland.features.map((f: any) => f.code), ['JBNT-T1']);
  });

  it('a red line half on 禁止建设区 does not comply; the zones split in halves', () => {
    const z = Object.fromEntries(rep.planZones.zones.map((x: any) => [x.zone, x.areaM2]));
    close(z['禁止建设区'], RED_M2 / 2);
    close(z['允许建设区'], RED_M2 / 2);
    assert.equal(z['有条件建设区'], undefined);
    assert.equal(rep.planZones.verdict, 'non_compliant');
    assert.match(rep.planZones.reasons[0], /禁止建设区/);
    close(rep.planZones.uncovered.areaM2, 0);
  });

  it('finds the ecological red line and the overlapped mining right with its overlap area', () => {
    assert.equal(rep.ecoRedline.intersected, true);
    close(rep.ecoRedline.areaM2, RED_M2 / 2);
    assert.equal(rep.miningRights.count, 1);
    assert.equal(rep.miningRights.features[0].code, 'C-T1');
    close(rep.miningRights.features[0].areaM2, ellipsoidalAreaM2(rect(107.508, 27.008, 107.51, 27.01)));
    assert.deepEqual(rep.miningRights.features[0].corners, [{ dh: 'J1', x: 1, y: 2 }]);
  });

  it('lists hazard sites within 500 m with their ellipsoidal distance, 0 inside', () => {
    const codes = rep.hazardSites.features.map((h: any) => h.code);
    assert.deepEqual(codes, ['H-IN', 'H-400']);
    assert.equal(rep.hazardSites.features[0].distanceM, 0);
    const d400 = geodesicDistanceM([107.51, 27.005], [107.514, 27.005]);
    assert.ok(d400 > 390 && d400 < 400, String(d400));
    close(rep.hazardSites.features[1].distanceM, d400, 0.05);
    assert.equal(rep.hazardSites.bufferM, 500);
  });

  it('a 700 m buffer also takes the site ≈ 595 m away', async () => {
    const wide = await overlay({ geometry: RED, bufferM: 700 });
    assert.deepEqual(wide.hazardSites.features.map((h: any) => h.code), ['H-IN', 'H-400', 'H-600']);
    close(wide.hazardSites.features[2].distanceM, geodesicDistanceM([107.51, 27.005], [107.516, 27.005]), 0.05);
  });

  it('touches only the parcel under the square; neighbours sharing an edge are not occupied', () => {
    assert.equal(rep.parcels.count, 1);
    assert.equal(rep.parcels.features[0].code, 'P-SW');
    assert.equal(rep.parcels.features[0].whole, true);
    close(rep.parcels.areaM2, RED_M2);
  });
});

describe('compliance verdicts', () => {
  it('wholly in 允许建设区: compliant; reaching into 有条件建设区: conditional; beyond the zones: unknown', async () => {
    const ok = await overlay({ geometry: rect(107.51, 27.00, 107.52, 27.01) });
    assert.equal(ok.planZones.verdict, 'compliant');
    const cond = await overlay({ geometry: rect(107.525, 27.00, 107.535, 27.01) });
    assert.equal(cond.planZones.verdict, 'conditional');
    close(cond.planZones.zones.find((z: any) => z.zone === '有条件建设区').areaM2, ellipsoidalAreaM2(rect(107.53, 27.00, 107.535, 27.01)));
    const out = await overlay({ geometry: rect(107.535, 27.00, 107.545, 27.01) });
    assert.equal(out.planZones.verdict, 'unknown');
    close(out.planZones.uncovered.areaM2, ellipsoidalAreaM2(rect(107.54, 27.00, 107.545, 27.01)), 0.05);
  });

  it('a Feature body works like its geometry; bad red lines are named and change nothing', async () => {
    const f = await overlay({ geometry: { type: 'Feature', properties: {}, geometry: RED } });
    close(f.redline.areaM2, RED_M2);
    const point = await call(t, reviewer, 'POST', '/api/map/overlay', { geometry: { type: 'Point', coordinates: [107.5, 27] } });
    assert.equal(point.status, 422);
    assert.equal(point.body.error.code, 'geo.geometry_unsupported');
    const bowtie = await call(t, reviewer, 'POST', '/api/map/overlay', { geometry: { type: 'Polygon', coordinates: [[[107.5, 27], [107.51, 27.01], [107.51, 27], [107.5, 27.01], [107.5, 27]]] } });
    assert.equal(bowtie.status, 422);
    assert.equal(bowtie.body.error.code, 'geo.geometry_invalid');
    const huge = await call(t, reviewer, 'POST', '/api/map/overlay', { geometry: rect(107, 27, 108, 28) });
    assert.equal(huge.status, 422);
    assert.equal(huge.body.error.code, 'map.overlay_too_large');
    const both = await call(t, reviewer, 'POST', '/api/map/overlay', {});
    assert.equal(both.status, 400);
  });
});

describe('both engines', () => {
  it('JSTS and GEOS-WASM give the same figures to the centimetre', async () => {
    const red = rect(106.8262, 27.5361, 106.8339, 27.5437);
    const geos = await overlay({ geometry: red });
    const saved = await overlayEngine();
    setOverlayEngine(createJstsOverlayEngine());
    try {
      const jsts = await overlay({ geometry: red });
      assert.equal(jsts.engine, 'jsts');
      assert.equal(geos.engine, 'geos-wasm');
      assert.deepEqual(jsts.landUse.classes.map((c: any) => c.dlbm), geos.landUse.classes.map((c: any) => c.dlbm));
      jsts.landUse.classes.forEach((c: any, i: number) => close(c.areaM2, geos.landUse.classes[i].areaM2, 0.02));
      assert.deepEqual(jsts.parcels.features.map((p: any) => p.id), geos.parcels.features.map((p: any) => p.id));
      close(jsts.parcels.areaM2, geos.parcels.areaM2, 0.05);
      assert.equal(jsts.planZones.verdict, geos.planZones.verdict);
    } finally {
      setOverlayEngine(saved);
    }
  });
});

describe('overlay on the demo data', () => {
  it('a red line over the seeded grid finds parcels whose pieces add up to the red line', async () => {
    const red = rect(106.825, 27.535, 106.835, 27.545);
    const rep = await overlay({ geometry: red });
    assert.ok(rep.parcels.count >= 100, String(rep.parcels.count));
    // Parcels tile the grid: their pieces cover the red line exactly (to rounding).
    close(rep.parcels.areaM2, rep.redline.areaM2, 0.5);
    close(rep.landUse.covered.areaM2, rep.redline.areaM2, 0.5);
    assert.ok(rep.parcels.features.every((p: any) => /^520304\d{6}(GB|JC|JD)\d{5}$/.test(p.code)), rep.parcels.features[0].code);
  });
});
