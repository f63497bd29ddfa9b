/**
 * Who runs the overlay: map.overlay.run. The analysis reads with the caller's scope, so a
 * 汇川区 user analysing a 播州区 red line sees the public plan zones but no 播州区 parcel or
 * land-use patch.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { rect } from './map.test-helpers.ts';

const t: TestApp = await startTestApp();
const RED = rect(106.826, 27.536, 106.834, 27.544);

describe('overlay', () => {
  it('anonymous 401, township clerk 403, reviewer / window / inspector 200', async () => {
    assert.equal((await call(t, null, 'POST', '/api/map/overlay', { geometry: RED })).status, 401);
    const tc = await call(t, await loginAs(t, 'township'), 'POST', '/api/map/overlay', { geometry: RED });
    assert.equal(tc.status, 403);
    assert.equal(tc.body.error.details?.permission ?? tc.body.error.permission, 'map.overlay.run');
    for (const u of ['reviewer', 'window', 'inspector']) {
      const r = await call(t, await loginAs(t, u), 'POST', '/api/map/overlay', { geometry: RED });
      assert.equal(r.status, 200, u);
      assert.ok(r.body.parcels.count > 50, u);
    }
    assert.equal((await call(t, null, 'POST', '/api/map/overlay/pdf', { geometry: RED })).status, 401);
  });

  it('another county: public plan zones yes, scoped 播州区 layers no', async () => {
    const r = await call(t, await loginAs(t, 'hc_window'), 'POST', '/api/map/overlay', { geometry: RED });
    assert.equal(r.status, 200);
    assert.equal(r.body.parcels.count, 0);
    assert.deepEqual(r.body.landUse.classes, []);
    assert.equal(r.body.hazardSites.count, 0);
    assert.ok(r.body.planZones.zones.length > 0);
  });

  it('attaching to a case needs map.overlay.run and approvals.case.read', async () => {
    const tc = await call(t, await loginAs(t, 'township'), 'POST', '/api/approvals/cases/520304202601010001/overlay', {});
    assert.equal(tc.status, 403);
    const anon = await call(t, null, 'POST', '/api/approvals/cases/520304202601010001/overlay', {});
    assert.equal(anon.status, 401);
    const inspector = await call(t, await loginAs(t, 'inspector'), 'POST', '/api/approvals/cases/520304202601010001/overlay', {});
    assert.equal(inspector.status, 403, 'inspectors hold map.overlay.run but not approvals.case.read');
  });
});
