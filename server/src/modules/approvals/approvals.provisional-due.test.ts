/**
 * Due dates are never blank (issue 10): a case accepted in December whose deadline lands in a
 * year the calendar does not cover yet gets a PROVISIONAL due date (预计) — in the API, the case
 * list, tracking, the acceptance notice PDF and the SMS — electronic supervision warns on it,
 * and declaring the year recomputes it and tells the handlers whose dates moved.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractText, getDocumentProxy } from 'unpdf';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext } from '../../platform/db/context.ts';
import { call as callAdmin, loginAdmin } from '../../platform/identity/test-helpers.ts';
import { acceptCase } from './accept-case.ts';
import { applyOnline, call, CONVERSION, CONVERSION_FORM, login, PERSON, PERSON_LOGIN, serviceAt, staff } from './approvals.test-helpers.ts';
import { seedDemoApprovals } from './matters.seed.ts';

const t: TestApp = await startTestApp();
await seedDemoApprovals(t.testDb.owner);
const cal = t.platform.calendar;
// Today is 2026-12-06 and the bundled State Council data ends with 2026: the acceptance day is
// 6 December of the last covered year, so the test keeps working when the package gains a year.
const lastOfficial = Math.max(...cal.officialYears());
const next = lastOfficial + 1;
const acceptDay = `${lastOfficial}-12-06`;
const NOT_PRINTABLE = /null|undefined|NaN|Invalid Date/;

async function pdfText(bytes: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, '');
}

describe('a deadline in a year not declared yet (预计)', () => {
  it('is computed from the 放假办法 and weekends, printed as provisional, warned on, and recomputed when the year is declared', async () => {
    const person = await login(t, PERSON_LOGIN);
    const { caseNo } = await applyOnline(t, person, { matter: CONVERSION, form: CONVERSION_FORM });
    const window = await staff(t, 'window');
    const s = serviceAt(t, acceptDay);
    await withContext(t.platform.db, { userId: window.userId, scopes: [window.scopePath!] }, (trx) => acceptCase(s.deps, trx, window, caseNo, {}));

    // 20 working days from Sun 12-06: 12-07…12-31 give 19, 01-01 is 元旦 and 01-02/03 a weekend.
    const row = await t.testDb.owner.selectFrom('approvals.cases').select(['id', 'dueDate', 'promisedDays']).where('caseNo', '=', caseNo).executeTakeFirstOrThrow();
    assert.equal(row.promisedDays, 20);
    assert.equal(row.dueDate, `${next}-01-04`);
    assert.equal(await cal.isProvisional(row.dueDate), true);

    // SMS: the date reads as a citizen reads it, marked 预计, and never "null".
    const sms = await t.testDb.owner.selectFrom('notify.outbox').select('body').where('channel', '=', 'sms')
      .where('dedupeKey', '=', `approvals:${caseNo}:accepted`).executeTakeFirstOrThrow();
    assert.match(sms.body, new RegExp(`承诺办结日期${next}年1月4日（预计）。`));
    assert.doesNotMatch(sms.body, NOT_PRINTABLE);

    // The acceptance notice PDF: 应办结日期 with the same provisional date and the explanation.
    const doc = await t.testDb.owner.selectFrom('approvals.case_documents').select('documentId').where('caseId', '=', row.id).where('kind', '=', 'acceptance_notice').executeTakeFirstOrThrow();
    const pdf = await t.inject({ method: 'GET', url: `/api/public/approvals/cases/${caseNo}/documents/${doc.documentId}/pdf`, headers: { cookie: person } });
    assert.equal(pdf.statusCode, 200);
    const text = await pdfText(pdf.rawPayload);
    assert.ok(text.includes(`应办结日期${next}年1月4日（预计）`), text.slice(0, 400));
    assert.ok(text.includes('应办结日期为预计日期'));
    assert.doesNotMatch(text, NOT_PRINTABLE);

    // API: staff case page, case list, public tracking.
    const leader = await login(t, 'leader');
    const page = await call(t, leader, 'GET', `/api/approvals/cases/${caseNo}`);
    assert.equal(page.status, 200);
    assert.equal(page.body.dueDate, `${next}-01-04`);
    assert.equal(page.body.dueDateProvisional, true);
    assert.equal(page.body.deadline.provisional, true);
    assert.ok(page.body.deadlineExplanation.at(-1).includes('预计'));
    assert.ok(page.body.stages.some((st: { status: string; dueDate: string | null }) => st.status === 'active' && st.dueDate));
    const list = await call(t, leader, 'GET', '/api/approvals/cases?limit=50');
    assert.equal(list.body.find((c: { caseNo: string }) => c.caseNo === caseNo).dueDateProvisional, true);
    const track = await call(t, null, 'POST', '/api/public/approvals/track', { caseNo, idNumber: PERSON.idNumber });
    assert.equal(track.status, 200, JSON.stringify(track.body));
    assert.equal(track.body.dueDate, `${next}-01-04`);
    assert.equal(track.body.dueDateProvisional, true);

    // Electronic supervision warns on a provisional date too: two working days before it.
    await serviceAt(t, `${lastOfficial}-12-30`).scanDeadlines();
    const warnings = await t.testDb.owner.selectFrom('approvals.warnings').select(['level', 'dueDate']).where('caseId', '=', row.id).where('stageId', 'is', null).execute();
    assert.deepEqual(warnings, [{ level: 'yellow', dueDate: `${next}-01-04` }]);
    const supervisor = await login(t, 'supervisor');
    const open = await call(t, supervisor, 'GET', '/api/approvals/supervision/warnings?level=yellow');
    const mine = open.body.find((w: { caseNo: string; stageName: string | null }) => w.caseNo === caseNo && w.stageName === null);
    assert.equal(mine.dueDateProvisional, true);

    // The notice for next year arrives: 01-01 and (say) 01-04 are holidays in it. Declaring recomputes at once.
    const secadmin = await loginAdmin(t, 'secadmin');
    for (const date of [`${next}-01-01`, `${next}-01-04`]) {
      assert.equal((await callAdmin(t, secadmin, 'POST', '/api/calendar/overrides', { date, kind: 'holiday', name: '元旦' })).status, 200);
    }
    const declared = await callAdmin(t, secadmin, 'POST', '/api/calendar/years', { year: next, note: '国办发明电 test' });
    assert.equal(declared.status, 200, JSON.stringify(declared.body));
    const moved = await t.testDb.owner.selectFrom('approvals.cases').select('dueDate').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(moved.dueDate, `${next}-01-05`);
    const after = await call(t, leader, 'GET', `/api/approvals/cases/${caseNo}`);
    assert.equal(after.body.dueDateProvisional, false);
    assert.equal(after.body.deadline.provisional, false);
    // The handlers (the deciding leader among them) are told the date moved, once.
    const leaderId = (await t.testDb.owner.selectFrom('identity.users').select('id').where('username', '=', 'leader').executeTakeFirstOrThrow()).id;
    const told = await t.testDb.owner.selectFrom('notify.outbox').select(['body']).where('channel', '=', 'inapp')
      .where('recipient', '=', String(leaderId)).where('subject', '=', `【办结日期调整】${caseNo}`).execute();
    assert.equal(told.length, 1);
    assert.ok(told[0]!.body.includes(`由${next}-01-04调整为${next}-01-05`), told[0]!.body);
    assert.doesNotMatch(told[0]!.body, /预计/);
    const audit = await t.testDb.owner.selectFrom('audit.entries').select('details').where('action', '=', 'approvals.due_date.moved').execute();
    assert.ok(audit.some((a) => (a.details as { caseNo?: string }).caseNo === caseNo));
  });
});
