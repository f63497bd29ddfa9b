import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { makeStaff } from '../../platform/identity/test-helpers.ts';
import { call, loginAs, setPowDifficulty, toFeedback } from './tipoffs.test-helpers.ts';

const t: TestApp = await startTestApp();
await setPowDifficulty(t, 0);
await makeStaff(t, 'bz_intake', '520304-ENFORCE', 'tipoff_intake');

describe('closing out (销号) is signed off by the level that assigned it', () => {
  it('refuses the county inspector (no permission), a county post with the permission, and the city supervisor; the city intake signs', async () => {
    const { id, hotline, inspector } = await toFeedback(t);
    const a = await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/close`, {});
    assert.equal(a.status, 403);
    assert.equal(a.body.error.code, 'access.forbidden');
    const bz = await loginAs(t, 'bz_intake');
    const b = await call(t, bz, 'POST', `/api/tipoffs/reports/${id}/close`, {});
    assert.equal(b.status, 403);
    assert.equal(b.body.error.code, 'tipoffs.close_needs_assigning_level');
    assert.equal(b.body.error.signOffOrgPath, 'cn.p52.c5203');
    const supervisor = await loginAs(t, 'supervisor');
    const c = await call(t, supervisor, 'POST', `/api/tipoffs/reports/${id}/close`, {});
    assert.equal(c.status, 403);
    const ok = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/close`, {});
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, 'closed');
  });
});

describe('who may move a report', () => {
  it('only intake staff triage and assign; only handlers verify', async () => {
    const { hotline, inspector } = await toFeedback(t);
    const sub = await call(t, hotline, 'POST', '/api/tipoffs/reports', { ...(await import('./tipoffs.test-helpers.ts')).reportBody(), channel: 'letter' });
    assert.equal(sub.status, 201);
    const id = sub.body.id as number;
    const tri = await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept' });
    assert.equal(tri.status, 403);
    await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept' });
    const asg = await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer' });
    assert.equal(asg.status, 403);
    await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer' });
    const ver = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/verify`, { verifiedOn: '2026-01-05', findings: '市局不做现场核查。', violationFound: false });
    assert.equal(ver.status, 403);
    const window = await loginAs(t, 'window');
    const list = await call(t, window, 'GET', '/api/tipoffs/reports');
    assert.equal(list.status, 403);
  });
});
