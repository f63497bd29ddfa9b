import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, CONVERSION, ensureMatters, login, makeReviewer, PERSON_LOGIN } from './approvals.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const person = await login(t, PERSON_LOGIN);
const window = await login(t, 'window');
const snapshot = (caseNo: string) => t.testDb.owner.selectFrom('approvals.cases').select(['status', 'rowVersion', 'acceptedOn', 'dueDate']).where('caseNo', '=', caseNo).executeTakeFirstOrThrow();

describe('state and concurrency', () => {
  it('lets exactly one of two simultaneous accepts succeed', async () => {
    const { caseNo } = await applyOnline(t, person);
    const window2 = await login(t, 'window');
    const [a, b] = await Promise.all([
      call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {}),
      call(t, window2, 'POST', `/api/approvals/cases/${caseNo}/accept`, {}),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const loser = a.status === 409 ? a : b;
    assert.equal(loser.body.error.code, 'approvals.case_not_acceptable');
    const docs = await t.testDb.owner.selectFrom('approvals.case_documents as d').innerJoin('approvals.cases as c', 'c.id', 'd.caseId')
      .select('d.kind').where('c.caseNo', '=', caseNo).where('d.kind', '=', 'acceptance_notice').execute();
    assert.equal(docs.length, 1);
  });

  it('answers a wrong state with 409 and changes nothing; a stale version too; an unknown case 404', async () => {
    const { caseNo } = await applyOnline(t, person);
    const leader = await login(t, 'leader');
    const before = await snapshot(caseNo);
    const decide = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'granted' });
    assert.equal(decide.status, 409);
    assert.equal(decide.body.error.code, 'approvals.case_wrong_state');
    assert.deepEqual(await snapshot(caseNo), before);
    const stale = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, { version: before.rowVersion + 5 });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'approvals.case_state_changed');
    assert.deepEqual(await snapshot(caseNo), before);
    const unknown = await call(t, window, 'POST', '/api/approvals/cases/52030420260101099999/accept', {});
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'approvals.case_not_found');
    assert.equal((await call(t, window, 'GET', '/api/approvals/cases/52030420260101099999')).status, 404);
  });

  it('lets one of two simultaneous opinions of different departments complete the stage, never twice', async () => {
    const planning = await makeReviewer(t, 'c_planning', '520304-PLANNING');
    const farmland = await makeReviewer(t, 'c_farmland', '520304-FARMLAND');
    const landuse = await login(t, 'reviewer');
    const { caseNo } = await applyOnline(t, person, { matter: CONVERSION });
    assert.equal((await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {})).status, 200);
    await call(t, landuse, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意' });
    const [a, b] = await Promise.all([
      call(t, planning, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意' }),
      call(t, farmland, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意' }),
    ]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    const stages = await t.testDb.owner.selectFrom('approvals.case_stages as s').innerJoin('approvals.cases as c', 'c.id', 's.caseId')
      .select(['s.idx', 's.status']).where('c.caseNo', '=', caseNo).orderBy('s.idx').execute();
    assert.deepEqual(stages.map((s) => s.status), ['passed', 'active', 'pending']);
    // The public-notice stage stops the case clock while it runs.
    const c = await t.testDb.owner.selectFrom('approvals.cases').select('pausedSince').where('caseNo', '=', caseNo).executeTakeFirstOrThrow();
    assert.ok(c.pausedSince);
  });
});

describe('parallel review rules', () => {
  it('any_refuse (一票否决) fails the stage at the first disagreement and sends the case to the leader', async () => {
    const { caseNo } = await applyOnline(t, person, { matter: CONVERSION });
    await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    const landuse = await login(t, 'reviewer');
    const r = await call(t, landuse, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'disagree', comment: '不符合供地政策' });
    assert.equal(r.status, 200);
    assert.equal(r.body.stages[0].status, 'failed');
    assert.equal(r.body.status, 'pending_decision');
    const leader = await login(t, 'leader');
    const noReason = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'denied', reason: '' });
    assert.equal(noReason.status, 400);
    const denied = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'denied', reason: '不符合国家供地政策' });
    assert.equal(denied.body.decision, 'denied');
    assert.ok(!denied.body.documents.some((d: any) => d.kind === 'licence'));
  });

  it('all_agree waits for every department, then fails on any disagreement', async () => {
    const { caseNo } = await applyOnline(t, person);
    await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    const landuse = await login(t, 'reviewer');
    const planning = await login(t, 'c_planning');
    const farmland = await login(t, 'c_farmland');
    const first = await call(t, landuse, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'disagree', comment: '用地规模超标' });
    assert.equal(first.body.stages[0].status, 'active');
    await call(t, planning, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意' });
    const last = await call(t, farmland, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意' });
    assert.equal(last.body.stages[0].status, 'failed');
    assert.equal(last.body.status, 'pending_decision');
  });
});
