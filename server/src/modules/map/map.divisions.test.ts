/**
 * The division boundaries of the demo (layer `divisions`, public, synthetic): the county and its
 * 24 townships with their names, which tile the county, and every parcel lies in the township
 * it is filed under. The tip-off form orients by them and checks a point against them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call } from '../../platform/identity/test-helpers.ts';
import { sql } from 'kysely';
import { ellipsoidalAreaM2, geometryEngine, type Geometry, type Polygonal } from '../../platform/geo/index.ts';
import { divisionPath } from '../../platform/orgs/divisions.data.ts';

const t: TestApp = await startTestApp();

describe('division boundaries', () => {
  it('are public: the county and 24 townships with names, tiling the county', async () => {
    const res = await call(t, null, 'GET', '/api/map/layers/divisions/features?limit=1000');
    assert.equal(res.status, 200);
    const fs = res.body.features as { code: string; name: string; geometry: Geometry }[];
    const county = fs.find((f) => f.code === '520304');
    const towns = fs.filter((f) => f.code.length === 9);
    assert.ok(county);
    assert.equal(towns.length, 24);
    assert.equal(towns.find((f) => f.code === '520304102')?.name, '三岔镇');
    const sum = towns.reduce((a, f) => a + ellipsoidalAreaM2(f.geometry), 0);
    const whole = ellipsoidalAreaM2(county.geometry);
    assert.ok(Math.abs(sum / whole - 1) < 1e-6, `townships ${sum} m² against the county ${whole} m²`);
    const layer = await call(t, null, 'GET', '/api/map/layers/divisions');
    assert.equal(layer.body.synthetic, true);
  });

  it('hold the parcels filed under each township', async () => {
    const res = await call(t, null, 'GET', '/api/map/layers/divisions/features?limit=1000');
    const towns = new Map((res.body.features as { code: string; geometry: Geometry }[]).filter((f) => f.code.length === 9).map((f) => [f.code, f.geometry]));
    const engine = geometryEngine();
    const rows = await t.testDb.owner.selectFrom('map.features as f').innerJoin('map.layers as l', 'l.id', 'f.layerId')
      .select(['f.orgPath', 'f.geom']).where('l.code', '=', 'parcels').where(sql<boolean>`f.id % 10 = 0`).execute();
    assert.ok(rows.length > 50);
    const byPath = new Map([...towns.keys()].map((c) => [divisionPath(c), c]));
    for (const r of rows) {
      const code = byPath.get(String(r.orgPath));
      assert.ok(code, `parcel filed under ${r.orgPath}`);
      const g = (typeof r.geom === 'string' ? JSON.parse(r.geom) : r.geom) as Polygonal;
      const inside = engine.intersection(towns.get(code)! as Polygonal, g);
      // The parcels' corners are jittered by up to 15 m; the township lines are straight.
      assert.ok(inside && ellipsoidalAreaM2(inside) / ellipsoidalAreaM2(g) > 0.7, `a parcel of ${code} lies in its township`);
    }
  });
});
