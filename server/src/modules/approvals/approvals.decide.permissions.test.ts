import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, PERSON_LOGIN } from './approvals.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const person = await login(t, PERSON_LOGIN);
const window = await login(t, 'window');

async function pendingDecision(): Promise<string> {
  // 土地抵押登记: one single stage (landuse), so one opinion brings it to the leader.
  const { caseNo } = await applyOnline(t, person, { matter: '520304-QR-0001', form: { cert_no: '黔(2025)播州区不动产权第0001号', amount: 300, term_end: '2028-12-31' } });
  await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
  const r = await call(t, await login(t, 'reviewer'), 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意登记' });
  assert.equal(r.body.status, 'pending_decision');
  return caseNo;
}

describe('who may decide (审批决定)', () => {
  it('the leader of the bureau may; window, reviewer, supervisor, the applicant and another county may not', async () => {
    const caseNo = await pendingDecision();
    const body = { decision: 'granted', reason: '' };
    for (const u of ['window', 'reviewer', 'supervisor']) {
      assert.equal((await call(t, await login(t, u), 'POST', `/api/approvals/cases/${caseNo}/decide`, body)).status, 403, u);
    }
    assert.equal((await call(t, person, 'POST', `/api/approvals/cases/${caseNo}/decide`, body)).status, 403);
    assert.equal((await call(t, await login(t, 'hc_window'), 'POST', `/api/approvals/cases/${caseNo}/decide`, body)).status, 403);
    const c = await t.testDb.owner.selectFrom('approvals.cases').select('status').where('caseNo', '=', caseNo).executeTakeFirstOrThrow();
    assert.equal(c.status, 'pending_decision');
    const ok = await call(t, await login(t, 'leader'), 'POST', `/api/approvals/cases/${caseNo}/decide`, body);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.decision, 'granted');
    // 行政确认: a decision document, no licence.
    assert.ok(!ok.body.documents.some((d: any) => d.kind === 'licence'));
  });

  it('only a leader approves extensions', async () => {
    const caseNo = await pendingDecision();
    const leader = await login(t, 'leader');
    const ext = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/extensions`, { days: 2, reason: '需核实抵押物' });
    assert.equal(ext.status, 201);
    for (const u of ['window', 'reviewer', 'supervisor']) {
      assert.equal((await call(t, await login(t, u), 'POST', `/api/approvals/cases/${caseNo}/extensions/${ext.body.id}/decision`, { approve: true })).status, 403, u);
    }
    assert.equal((await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/extensions/${ext.body.id}/decision`, { approve: false, note: '无需延期' })).status, 200);
  });
});
