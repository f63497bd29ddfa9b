/**
 * The pre-check's temporary-land (临时用地) and facility-agriculture (设施农业用地) layers: a patch
 * over the demo map's temporary-land approval is suggested 其他·临时用地 with the approval number,
 * one over the facility filing 其他·设施农用地, and one beside them stays W (未批先建).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { createBatch, feature, importGeoJson, rect } from './patches.test-helpers.ts';
import { DEMO_FACILITY_AGRI, DEMO_TEMPORARY_LAND } from './patches.seed.ts';

const t: TestApp = await startTestApp();

const corner = (g: unknown) => (g as { coordinates: number[][][] }).coordinates[0]![0]! as [number, number];
function inner(g: unknown, dx = 0.0002, dy = 0.0002) {
  const [lon, lat] = corner(g);
  return rect(lon + dx, lat + dy, 0.0006, 0.0004);
}

describe('pre-check against temporary land and facility agriculture', () => {
  it('suggests 临时用地 and 设施农用地 where the map has them, W beside them', async () => {
    const city = await loginAs(t, 'supervisor');
    const batchNo = await createBatch(t, city);
    const shifted = inner(DEMO_TEMPORARY_LAND, 0.004, 0.004);
    const res = await importGeoJson(t, city, batchNo, [
      feature('5203042024LY001', inner(DEMO_TEMPORARY_LAND)), feature('5203042024LY002', inner(DEMO_FACILITY_AGRI)), feature('5203042024LY003', shifted),
    ]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const list = await call(t, city, 'GET', `/api/patches/patches?batchNo=${batchNo}`);
    const by = new Map((list.body as any[]).map((p) => [p.tbbh, p]));
    const temp = await call(t, city, 'GET', `/api/patches/patches/${by.get('5203042024LY001').id}`);
    assert.equal(temp.body.suggestedClass, 'OTHER_TEMP', JSON.stringify(temp.body.precheck));
    assert.ok(temp.body.precheck.approvals.some((a: any) => a.layer === 'temporary_land' && a.code === '播自然资临〔2024〕12号' && a.share === 1));
    const fac = await call(t, city, 'GET', `/api/patches/patches/${by.get('5203042024LY002').id}`);
    assert.equal(fac.body.suggestedClass, 'OTHER_FACILITY', JSON.stringify(fac.body.precheck));
    const w = await call(t, city, 'GET', `/api/patches/patches/${by.get('5203042024LY003').id}`);
    assert.notEqual(w.body.suggestedClass, 'OTHER_TEMP');
    assert.notEqual(w.body.suggestedClass, 'OTHER_FACILITY');
  });
});
