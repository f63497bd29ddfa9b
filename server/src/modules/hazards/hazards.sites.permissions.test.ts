import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';

const t: TestApp = await startTestApp();

const SITE = {
  siteNo: '520304102-PERM1', name: '权限测试滑坡', hazardType: 'landslide', townshipCode: '520304102', location: '新街村',
  lon: 106.78, lat: 27.51, scale: 'small', stability: 'stable', threatenedHouseholds: 1, threatenedPeople: 3, threatenedProperty: 5, riskLevel: 'low',
};

describe('who sees and keeps the hazard register (hazards.site.*, RLS by county)', () => {
  it('a county sees its own sites only; another county, the window clerk and the public see none and change nothing', async () => {
    const own = await loginAs(t, 'hazard_office');
    const list = await call(t, own, 'GET', '/api/hazards/sites');
    assert.equal(list.status, 200);
    assert.ok(list.body.length >= 3, 'the demo sites of 三岔镇');
    const siteId = list.body[0].id;

    const other = await loginAs(t, 'hc_hazard');
    const otherList = await call(t, other, 'GET', '/api/hazards/sites');
    assert.equal(otherList.status, 200);
    assert.equal(otherList.body.length, 0, '汇川区 sees nothing of 播州区');
    assert.equal((await call(t, other, 'GET', `/api/hazards/sites/${siteId}`)).status, 404);
    const otherReg = await call(t, other, 'POST', '/api/hazards/sites', SITE);
    assert.equal(otherReg.status, 403);
    assert.match(otherReg.body.error.message, /townshipCode/);
    assert.equal((await call(t, other, 'POST', `/api/hazards/sites/${siteId}/status`, { status: 'cancelled', reason: '越权核销' })).status, 404);
    assert.equal((await call(t, other, 'POST', `/api/hazards/sites/${siteId}/cards`, { card: 'plan' })).status, 404);

    const window = await loginAs(t, 'window');
    assert.equal((await call(t, window, 'GET', '/api/hazards/sites')).status, 403);
    assert.equal((await call(t, window, 'POST', '/api/hazards/sites', SITE)).status, 403);
    assert.equal((await call(t, null, 'GET', '/api/hazards/sites')).status, 401);
    assert.equal((await call(t, null, 'POST', '/api/hazards/sites', SITE)).status, 401);

    const rows = await t.testDb.owner.selectFrom('hazards.sites').select(['siteNo', 'status']).execute();
    assert.ok(!rows.some((r) => r.siteNo === SITE.siteNo));
    assert.ok(rows.every((r) => r.status === 'registered'));
    const docs = await t.testDb.owner.selectFrom('documents.documents').select('id').where('subjectType', '=', 'hazards.site').execute();
    assert.equal(docs.length, 0);
  });
});
