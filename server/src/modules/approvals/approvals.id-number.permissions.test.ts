import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, PERSON, PERSON_LOGIN } from './approvals.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const person = await login(t, PERSON_LOGIN);
const { caseNo } = await applyOnline(t, person);
const reads = () => t.testDb.owner.selectFrom('audit.entries').select(['actorUsername', 'action']).where('action', '=', 'approvals.applicant_id.read').execute();

describe('who may see the applicant’s full ID number', () => {
  it('everyone with case access sees it masked by default, and nothing is logged', async () => {
    for (const u of ['window', 'reviewer', 'leader', 'supervisor']) {
      const r = await call(t, await login(t, u), 'GET', `/api/approvals/cases/${caseNo}`);
      assert.equal(r.status, 200, u);
      assert.equal(r.body.applicant.idNumber, '5203**********123X', u);
    }
    assert.equal((await reads()).length, 0);
  });

  it('window and leader may reveal it, and each view is audited', async () => {
    for (const u of ['window', 'leader']) {
      const r = await call(t, await login(t, u), 'GET', `/api/approvals/cases/${caseNo}?reveal=idNumber`);
      assert.equal(r.status, 200, u);
      assert.equal(r.body.applicant.idNumber, PERSON.idNumber);
    }
    assert.deepEqual((await reads()).map((r) => r.actorUsername).sort(), ['leader', 'window']);
  });

  it('reviewer, supervisor and another county may not; nothing is logged for them', async () => {
    for (const u of ['reviewer', 'supervisor']) {
      const r = await call(t, await login(t, u), 'GET', `/api/approvals/cases/${caseNo}?reveal=idNumber`);
      assert.equal(r.status, 403, u);
    }
    assert.equal((await call(t, await login(t, 'hc_window'), 'GET', `/api/approvals/cases/${caseNo}?reveal=idNumber`)).status, 404);
    assert.equal((await reads()).length, 2);
  });

  it('tracking without login needs the full pair and never shows the number', async () => {
    const r = await call(t, null, 'POST', '/api/public/approvals/track', { caseNo, idNumber: PERSON.idNumber });
    assert.equal(r.status, 200);
    assert.ok(!JSON.stringify(r.body).includes(PERSON.idNumber));
  });
});
