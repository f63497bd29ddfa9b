/**
 * 我的办件 (the applicant's own cases): what is asked now and the documents, the tracking view
 * and the rating without the ID number — and that another account sees none of it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, PERSON_LOGIN } from './approvals.test-helpers.ts';

const MORTGAGE = '520304-QR-0001'; // 土地抵押登记: one land-use stage
const MORTGAGE_FORM = { cert_no: '黔(2025)播州区不动产权第0009号', amount: 200, term_end: '2029-06-30' };

const t: TestApp = await startTestApp();
await ensureMatters(t);
const person = await login(t, PERSON_LOGIN);
const company = await login(t, '13885200002');

type MyCase = { caseNo: string; status: string; dueDate: string | null; asked: string[]; documents: { documentId: number; kind: string }[] };
const mine = async (cookie: string) => {
  const r = await call(t, cookie, 'GET', '/api/public/approvals/my-cases');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as MyCase[];
};

// One case waiting for a supplement, one decided (granted).
const waiting = await applyOnline(t, person);
const window = await login(t, 'window');
assert.equal((await call(t, window, 'POST', `/api/approvals/cases/${waiting.caseNo}/supplement-request`, { items: [{ key: 'site_map', reason: '勘测定界图未盖章' }] })).status, 200);
const granted = await applyOnline(t, person, { matter: MORTGAGE, form: MORTGAGE_FORM });
assert.equal((await call(t, window, 'POST', `/api/approvals/cases/${granted.caseNo}/accept`, {})).status, 200);
assert.equal((await call(t, await login(t, 'reviewer'), 'POST', `/api/approvals/cases/${granted.caseNo}/opinions`, { verdict: 'agree', comment: '同意登记' })).status, 200);
assert.equal((await call(t, await login(t, 'leader'), 'POST', `/api/approvals/cases/${granted.caseNo}/decide`, { decision: 'granted', reason: '' })).status, 200);

describe('我的办件: the applicant’s own cases', () => {
  it('lists every case of the account with status, due date, what is asked now and the documents', async () => {
    const list = await mine(person);
    assert.deepEqual(list.map((c) => c.caseNo).sort(), [waiting.caseNo, granted.caseNo].sort());
    const w = list.find((c) => c.caseNo === waiting.caseNo)!;
    assert.equal(w.status, 'supplement_requested');
    assert.deepEqual(w.asked, ['supplement']);
    assert.deepEqual(w.documents.map((d) => d.kind).sort(), ['receipt', 'supplement_notice']);
    const g = list.find((c) => c.caseNo === granted.caseNo)!;
    assert.equal(g.status, 'decided');
    assert.match(g.dueDate ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(g.asked, ['pickup', 'rate']);
    // The decision document is there to download ("请登录下载决定文书"): this matter is a
    // 行政确认 (土地抵押登记), so it is the 登记证明 (kind certificate), not a 行政许可决定书.
    assert.ok(g.documents.some((d) => d.kind === 'certificate'), JSON.stringify(g.documents));
    const doc = g.documents.find((d) => d.kind === 'certificate')!;
    const pdf = await t.inject({ method: 'GET', url: `/api/public/approvals/cases/${granted.caseNo}/documents/${doc.documentId}/pdf`, headers: { cookie: person } });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
  });

  it('tracks and rates one’s own case without the ID number; rated, it is no longer asked', async () => {
    const tr = await call(t, person, 'GET', `/api/public/approvals/my-cases/${granted.caseNo}`);
    assert.equal(tr.status, 200);
    assert.equal(tr.body.status, 'decided');
    assert.ok(tr.body.deadlineExplanation.length > 0, 'the due date step by step');
    const st = await call(t, person, 'GET', `/api/public/approvals/my-cases/${granted.caseNo}/rating`);
    assert.equal(st.status, 200);
    assert.equal(st.body.canRate, true);
    const bad = await call(t, person, 'POST', `/api/public/approvals/my-cases/${granted.caseNo}/rating`, { level: 7, tags: [] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'level');
    const rated = await call(t, person, 'POST', `/api/public/approvals/my-cases/${granted.caseNo}/rating`, { level: 5, tags: [] });
    assert.equal(rated.status, 201, JSON.stringify(rated.body));
    assert.equal(rated.body.rating.level, 5);
    const again = await call(t, person, 'POST', `/api/public/approvals/my-cases/${granted.caseNo}/rating`, { level: 4, tags: [] });
    assert.equal(again.status, 409);
    const g = (await mine(person)).find((c) => c.caseNo === granted.caseNo)!;
    assert.deepEqual(g.asked, ['pickup']);
  });

  it('another account sees none of them: empty list, 404 on each case, nothing rated', async () => {
    assert.deepEqual(await mine(company), []);
    for (const url of [`/api/public/approvals/my-cases/${granted.caseNo}`, `/api/public/approvals/my-cases/${granted.caseNo}/rating`, `/api/public/approvals/my-cases/${waiting.caseNo}`]) {
      const r = await call(t, company, 'GET', url);
      assert.equal(r.status, 404, url);
      assert.equal(r.body.error.code, 'approvals.case_not_found');
    }
    const r = await call(t, company, 'POST', `/api/public/approvals/my-cases/${waiting.caseNo}/rating`, { level: 1, tags: ['多次跑腿'] });
    assert.equal(r.status, 404);
    const ratings = await t.testDb.owner.selectFrom('approvals.ratings').select('level').execute();
    assert.deepEqual(ratings.map((x) => x.level), [5]);
  });

  it('staff accounts and visitors without login are refused', async () => {
    assert.equal((await call(t, window, 'GET', '/api/public/approvals/my-cases')).status, 403);
    assert.equal((await call(t, null, 'GET', '/api/public/approvals/my-cases')).status, 401);
    assert.equal((await call(t, null, 'GET', `/api/public/approvals/my-cases/${granted.caseNo}`)).status, 401);
  });
});
