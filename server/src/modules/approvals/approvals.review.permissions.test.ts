import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, makeReviewer, PERSON_LOGIN } from './approvals.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const person = await login(t, PERSON_LOGIN);
const window = await login(t, 'window');

describe('who may review (审查意见)', () => {
  it('a reviewer whose department is in the active stage may; other departments, other roles and other counties may not', async () => {
    const { caseNo } = await applyOnline(t, person);
    await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    const body = { verdict: 'agree', comment: '同意' };
    const mineral = await makeReviewer(t, 'p_mineral', '520304-MINERAL');
    const r1 = await call(t, mineral, 'POST', `/api/approvals/cases/${caseNo}/opinions`, body);
    assert.equal(r1.status, 403);
    assert.equal(r1.body.error.code, 'approvals.not_your_department');
    for (const u of ['window', 'leader', 'supervisor']) {
      assert.equal((await call(t, await login(t, u), 'POST', `/api/approvals/cases/${caseNo}/opinions`, body)).status, 403, u);
    }
    const hcLanduse = await makeReviewer(t, 'p_hc_landuse', '520303-LANDUSE');
    assert.equal((await call(t, hcLanduse, 'POST', `/api/approvals/cases/${caseNo}/opinions`, body)).status, 404);
    const ok = await call(t, await login(t, 'reviewer'), 'POST', `/api/approvals/cases/${caseNo}/opinions`, body);
    assert.equal(ok.status, 200);
    const opinions = await t.testDb.owner.selectFrom('approvals.opinions').select('department').execute();
    assert.deepEqual(opinions.map((o) => o.department), ['landuse']);
  });

  it('only reviewers and leaders stop the clock or ask for an extension', async () => {
    const { caseNo } = await applyOnline(t, person);
    await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    assert.equal((await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/pause`, { kind: 'hearing', reason: '组织听证' })).status, 403);
    assert.equal((await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/extensions`, { days: 3, reason: '情况复杂' })).status, 403);
    const reviewer = await login(t, 'reviewer');
    const p = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/pause`, { kind: 'hearing', reason: '组织听证' });
    assert.equal(p.status, 200);
    assert.ok(p.body.pausedSince);
    assert.equal((await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/pause`, { kind: 'hearing', reason: '再次' })).status, 409);
    const r = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/resume`, {});
    assert.equal(r.status, 200);
    assert.equal(r.body.pausedSince, null);
    assert.equal(r.body.clockStops.length, 1);
  });
});
