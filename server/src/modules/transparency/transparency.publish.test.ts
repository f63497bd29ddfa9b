import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, PERSON_LOGIN } from '../approvals/approvals.test-helpers.ts';
import { createTransparencyService } from './transparency.service.ts';
import { toFeedback, call as tipoffsCall } from '../tipoffs/tipoffs.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const log = createTransparencyService({ db: t.platform.db });

async function logged(kind: string) {
  const res = await call(t, null, 'GET', `/api/transparency/entries?kind=${kind}`);
  assert.equal(res.status, 200);
  return res.body.map((e: { index: number; data: string }) => ({ index: e.index, ...JSON.parse(e.data) }));
}

describe('what the platform publishes to the log', () => {
  it('an approval decision with the SHA-256 of every document issued, in the deciding transaction', async () => {
    const person = await login(t, PERSON_LOGIN);
    const { caseNo } = await applyOnline(t, person, { matter: '520304-QR-0001', form: { cert_no: '黔(2025)播州区不动产权第0001号', amount: 300, term_end: '2028-12-31' } });
    await call(t, await login(t, 'window'), 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    await call(t, await login(t, 'reviewer'), 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意登记' });
    assert.deepEqual(await logged('approvals.decision'), []);
    const ok = await call(t, await login(t, 'leader'), 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'granted', reason: '' });
    assert.equal(ok.status, 200);
    const [entry] = await logged('approvals.decision');
    assert.equal(entry.kind, 'approvals.decision');
    assert.equal(entry.payload.caseNo, caseNo);
    assert.equal(entry.payload.decision, 'granted');
    const docs = await t.testDb.owner.selectFrom('documents.documents').select(['docNo', 'sha256']).execute();
    const decided = docs.filter((d) => entry.payload.documents.some((x: { docNo: string }) => x.docNo === d.docNo));
    assert.equal(decided.length, entry.payload.documents.length);
    assert.ok(decided.length >= 1);
    for (const d of decided) assert.equal(entry.payload.documents.find((x: { docNo: string }) => x.docNo === d.docNo).sha256, d.sha256);
    // /verify finds the entry of each document by its hash.
    for (const d of decided) {
      const found = await call(t, null, 'GET', `/api/transparency/entries/by-sha256/${d.sha256}`);
      assert.equal(found.status, 200);
      assert.deepEqual(found.body, [{ index: entry.index, kind: 'approvals.decision' }]);
    }
    assert.deepEqual((await call(t, null, 'GET', `/api/transparency/entries/by-sha256/${'0'.repeat(64)}`)).body, []);
    const bad = await call(t, null, 'GET', '/api/transparency/entries/by-sha256/XYZ');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'sha256');
  });

  it('a tip-off outcome when the report is closed out (销号), as Open311 discloses it, without the reporter', async () => {
    const { id, reportNo, hotline } = await toFeedback(t);
    assert.deepEqual((await logged('tipoffs.outcome')).filter((e: { payload: { reportNo: string } }) => e.payload.reportNo === reportNo), [], 'nothing before the close');
    const closed = await tipoffsCall(t, hotline, 'POST', `/api/tipoffs/reports/${id}/close`, {});
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    const [entry] = (await logged('tipoffs.outcome')).filter((e: { payload: { reportNo: string } }) => e.payload.reportNo === reportNo);
    assert.ok(entry, 'the outcome is in the log');
    assert.equal(entry.payload.outcome, 'stopped_rectified');
    assert.equal(entry.payload.outcomeName.length > 0, true);
    assert.deepEqual(Object.keys(entry.payload).sort(), ['caseNo', 'closedOn', 'divisionCode', 'outcome', 'outcomeName', 'reportNo', 'violationType']);
    assert.doesNotMatch(JSON.stringify(entry), /1[3-9]\d{9}/, 'no phone number');
  });

  it('the audit chain head, once per move, so a cut tail with a reset head contradicts the public log', async () => {
    const first = await log.anchorAuditHead();
    assert.ok(first);
    assert.deepEqual(await log.checkAuditAgainstLog(), { ok: true, loggedSeq: (await t.testDb.owner.selectFrom('audit.chain_head').select('seq').executeTakeFirstOrThrow()).seq });
    assert.equal(await log.anchorAuditHead(), null, 'the head did not move');
    const [anchor] = await logged('audit.head');
    const head = await t.testDb.owner.selectFrom('audit.chain_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
    assert.deepEqual(anchor.payload, { seq: head.seq, hash: head.hash });
    // The drill of the security review: cut the tail and move the head back to the last surviving entry.
    await t.testDb.owner.transaction().execute(async (trx) => {
      const keep = await trx.selectFrom('audit.entries').select(['seq', 'hash']).where('seq', '<', head.seq - 2).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      await sql`set local session_replication_role = replica`.execute(trx); // past the append-only trigger, as an attacker with the database would
      await sql`delete from audit.entries where seq > ${keep.seq}`.execute(trx);
      await trx.updateTable('audit.chain_head').set({ seq: keep.seq, hash: keep.hash }).execute();
    });
    assert.deepEqual(await log.checkAuditAgainstLog(), { ok: false, loggedSeq: anchor.payload.seq, problem: 'head_behind_log' });
    const next = await log.anchorAuditHead();
    assert.ok(next);
    const [latest] = await logged('audit.head');
    assert.ok(latest.payload.seq < anchor.payload.seq, 'the public log shows the head going backwards');
  });
});
