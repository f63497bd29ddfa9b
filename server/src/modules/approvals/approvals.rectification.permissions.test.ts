import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, makeReviewer, PERSON, PERSON_LOGIN } from './approvals.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const person = await login(t, PERSON_LOGIN);
const window = await login(t, 'window');
const leader = await login(t, 'leader');
const reviewer = await login(t, 'reviewer');
const supervisor = await login(t, 'supervisor');
const hcWindow = await login(t, 'hc_window');
// A leader of another county (汇川区): the same role, outside 播州区.
const hcLeader = await makeReviewer(t, 'hc_leader', '520303-B', 'leader');

/** A decided case of 播州区 with a bad rating: returns the case number and its task id. */
async function badlyRated(): Promise<{ caseNo: string; id: number }> {
  const { caseNo } = await applyOnline(t, person, { matter: '520304-QR-0001', form: { cert_no: '黔(2025)播州区不动产权第0002号', amount: 100, term_end: '2029-12-31' } });
  await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
  await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意' });
  assert.equal((await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'granted', reason: '' })).status, 200);
  const r = await call(t, null, 'POST', `/api/public/approvals/cases/${caseNo}/rating`, { idNumber: PERSON.idNumber, level: 1, tags: ['推诿扯皮'] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const row = await t.testDb.owner.selectFrom('approvals.rectifications as x').innerJoin('approvals.cases as c', 'c.id', 'x.caseId')
    .select('x.id').where('c.caseNo', '=', caseNo).executeTakeFirstOrThrow();
  return { caseNo, id: row.id };
}
const taskRow = (id: number) => t.testDb.owner.selectFrom('approvals.rectifications').select(['status', 'rowVersion', 'visitNote', 'result']).where('id', '=', id).executeTakeFirstOrThrow();

describe('who may see ratings (查看评价)', () => {
  it('the window, leader and supervisor of the county see them; a reviewer, an applicant and nobody logged out do not; another county sees none', async () => {
    const { caseNo } = await badlyRated();
    for (const cookie of [window, leader, supervisor]) {
      const r = await call(t, cookie, 'GET', '/api/approvals/ratings');
      assert.equal(r.status, 200);
      assert.ok(r.body.items.some((x: any) => x.caseNo === caseNo));
      const x = await call(t, cookie, 'GET', '/api/approvals/rectifications');
      assert.equal(x.status, 200);
      assert.ok(x.body.some((y: any) => y.caseNo === caseNo));
    }
    assert.equal((await call(t, reviewer, 'GET', '/api/approvals/ratings')).status, 403);
    assert.equal((await call(t, reviewer, 'GET', '/api/approvals/rectifications')).status, 403);
    assert.equal((await call(t, person, 'GET', '/api/approvals/ratings')).status, 403);
    assert.equal((await call(t, null, 'GET', '/api/approvals/ratings')).status, 401);
    for (const cookie of [hcWindow, hcLeader]) {
      const r = await call(t, cookie, 'GET', '/api/approvals/ratings');
      assert.equal(r.status, 200);
      assert.equal(r.body.total, 0);
      assert.ok(!r.body.items.some((x: any) => x.caseNo === caseNo));
      assert.deepEqual((await call(t, cookie, 'GET', '/api/approvals/rectifications')).body, []);
    }
  });
});

describe('who may handle rectification (差评整改)', () => {
  it('window, reviewer and the applicant may not record the call back or complete; nothing changes', async () => {
    const { id } = await badlyRated();
    const before = await taskRow(id);
    for (const cookie of [window, reviewer, person]) {
      assert.equal((await call(t, cookie, 'POST', `/api/approvals/rectifications/${id}/visit`, { note: '已回访' })).status, 403);
      assert.equal((await call(t, cookie, 'POST', `/api/approvals/rectifications/${id}/complete`, { result: '已整改完毕', version: 1 })).status, 403);
    }
    assert.equal((await call(t, null, 'POST', `/api/approvals/rectifications/${id}/visit`, { note: '已回访' })).status, 401);
    assert.deepEqual(await taskRow(id), before);
  });

  it('a leader of another county finds no such task (404) and changes nothing', async () => {
    const { id } = await badlyRated();
    const before = await taskRow(id);
    const v = await call(t, hcLeader, 'POST', `/api/approvals/rectifications/${id}/visit`, { note: '已回访' });
    assert.equal(v.status, 404);
    assert.equal(v.body.error.code, 'approvals.rectification_not_found');
    const c = await call(t, hcLeader, 'POST', `/api/approvals/rectifications/${id}/complete`, { result: '已整改完毕', version: 1 });
    assert.equal(c.status, 404);
    assert.deepEqual(await taskRow(id), before);
  });

  it('the leader of the bureau records the call back; the supervisor of the city completes; both audited', async () => {
    const { id } = await badlyRated();
    const v = await call(t, leader, 'POST', `/api/approvals/rectifications/${id}/visit`, { note: '已回访，申请人反映窗口推诿' });
    assert.equal(v.status, 200, JSON.stringify(v.body));
    const c = await call(t, supervisor, 'POST', `/api/approvals/rectifications/${id}/complete`, { result: '已约谈窗口负责人并实行首问负责制', version: v.body.version });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    const row = await taskRow(id);
    assert.equal(row.status, 'done');
    assert.match(row.result ?? '', /首问负责制/);
    const audit = await t.testDb.owner.selectFrom('audit.entries').select(['action', 'actorUsername']).where('entityType', '=', 'approvals.rectification')
      .where('entityId', '=', String(id)).orderBy('seq').execute();
    assert.deepEqual(audit, [
      { action: 'approvals.rectification.visited', actorUsername: 'leader' },
      { action: 'approvals.rectification.completed', actorUsername: 'supervisor' },
    ]);
  });
});
