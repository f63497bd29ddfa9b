import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, chinaToday, loginAs, reportBody, reportIdOf, setPowDifficulty, submitPublic } from './tipoffs.test-helpers.ts';

const t: TestApp = await startTestApp();
await setPowDifficulty(t, 0);

describe('cross-county isolation (RLS by org path)', () => {
  it('a county sees a report only once it is assigned to it, and another county never', async () => {
    const sub = await submitPublic(t, reportBody());
    const id = await reportIdOf(t, sub.body.reportNo);
    const hotline = await loginAs(t, 'hotline');
    const bozhou = await loginAs(t, 'inspector');
    const huichuan = await loginAs(t, 'hc_inspector');
    // Before assignment the report lives at the city: the county does not see it.
    let r = await call(t, bozhou, 'GET', `/api/tipoffs/reports/${id}`);
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'tipoffs.report_not_found');
    await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept' });
    await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer' });
    r = await call(t, bozhou, 'GET', `/api/tipoffs/reports/${id}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'assigned');
    r = await call(t, huichuan, 'GET', `/api/tipoffs/reports/${id}`);
    assert.equal(r.status, 404);
    const list = await call(t, huichuan, 'GET', '/api/tipoffs/reports');
    assert.equal(list.status, 200);
    assert.ok(!list.body.items.some((i: { id: number }) => i.id === id));
    const v = await call(t, huichuan, 'POST', `/api/tipoffs/reports/${id}/verify`, { verifiedOn: chinaToday(), findings: '越权核查尝试。', violationFound: false });
    assert.equal(v.status, 404);
    const f = await call(t, huichuan, 'GET', `/api/tipoffs/reports/${id}/files/00000000-0000-4000-8000-000000000000`);
    assert.equal(f.status, 404);
    // The city (the assigning level) still sees it.
    r = await call(t, hotline, 'GET', `/api/tipoffs/reports/${id}`);
    assert.equal(r.status, 200);
  });

  it('the city cannot assign to a county outside its scope', async () => {
    const sub = await submitPublic(t, reportBody());
    const id = await reportIdOf(t, sub.body.reportNo);
    const hotline = await loginAs(t, 'hotline');
    await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept' });
    const r = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer', countyCode: '110101' });
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'tipoffs.county_not_found');
    assert.equal(r.body.error.field, 'countyCode');
  });
});
