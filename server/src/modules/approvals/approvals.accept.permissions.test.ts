import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, PERSON, PERSON_LOGIN } from './approvals.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const person = await login(t, PERSON_LOGIN);

describe('who may accept (受理)', () => {
  it('the window clerk of the bureau may; reviewer, leader, supervisor, the applicant and anonymous may not', async () => {
    const { caseNo } = await applyOnline(t, person);
    for (const u of ['reviewer', 'leader', 'supervisor']) {
      const r = await call(t, await login(t, u), 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
      assert.equal(r.status, 403, u);
      assert.equal(r.body.error.code, 'access.forbidden');
    }
    assert.equal((await call(t, person, 'POST', `/api/approvals/cases/${caseNo}/accept`, {})).status, 403);
    assert.equal((await call(t, null, 'POST', `/api/approvals/cases/${caseNo}/accept`, {})).status, 401);
    assert.equal((await call(t, await login(t, 'window'), 'POST', `/api/approvals/cases/${caseNo}/accept`, {})).status, 200);
  });

  it('汇川区 window neither sees nor accepts a 播州区 case, in the API and in the database (RLS)', async () => {
    const { caseNo } = await applyOnline(t, person);
    const hc = await login(t, 'hc_window');
    const get = await call(t, hc, 'GET', `/api/approvals/cases/${caseNo}`);
    assert.equal(get.status, 404);
    const acc = await call(t, hc, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    assert.equal(acc.status, 404);
    const queue = await call(t, hc, 'GET', '/api/approvals/window/queue');
    assert.ok(!queue.body.some((c: any) => c.caseNo === caseNo));
    // Straight to the database as the application role with 汇川区's scope: no rows, and no update.
    const scoped = await t.platform.db.transaction().execute(async (trx) => {
      await sql`select set_config('sunland.scopes', '{cn.p52.c5203.x520303}', true)`.execute(trx);
      const seen = await trx.selectFrom('approvals.cases').select('id').where('caseNo', '=', caseNo).execute();
      const upd = await trx.updateTable('approvals.cases').set({ status: 'refused' }).where('caseNo', '=', caseNo).executeTakeFirst();
      return { seen: seen.length, updated: Number(upd.numUpdatedRows) };
    });
    assert.deepEqual(scoped, { seen: 0, updated: 0 });
    const c = await t.testDb.owner.selectFrom('approvals.cases').select('status').where('caseNo', '=', caseNo).executeTakeFirstOrThrow();
    assert.equal(c.status, 'submitted');
  });

  it('only the window may refuse, request a supplement before acceptance, or enter walk-in cases', async () => {
    const { caseNo } = await applyOnline(t, person);
    const reviewer = await login(t, 'reviewer');
    assert.equal((await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/refuse`, { reason: '不属于本机关职权' })).status, 403);
    const sup = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/supplement-request`, { items: [{ key: 'site_map', reason: '不清晰' }] });
    assert.equal(sup.status, 403);
    assert.equal((await call(t, reviewer, 'POST', '/api/approvals/cases', { matterCode: '520304-XK-0001', applicant: PERSON, formData: {}, materials: {} })).status, 403);
  });
});
