import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext } from '../../platform/db/context.ts';
import { computeDeadline } from './deadlines.ts';
import { answerSupplement, requestSupplement } from './request-supplement.ts';
import { decideExtension, requestExtension } from './clock-and-extensions.ts';
import { applyOnline, call, ensureMatters, login, PERSON_LOGIN, serviceAt, staff, today, uploadPdf } from './approvals.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
// Deadlines of these tests may cross into next year: enter its New Year holiday and declare it.
{
  const admin = await staff(t, 'secadmin');
  const next = new Date().getUTCFullYear() + 1;
  await withContext(t.platform.db, { userId: admin.userId, scopes: ['cn'] }, async (trx) => {
    if (!(await t.platform.calendar.listYears()).some((y: { year: number }) => y.year === next)) {
      await t.platform.calendar.setOverride(trx, admin, { date: `${next}-01-01`, kind: 'holiday', name: '元旦' });
      await t.platform.calendar.declareYear(trx, admin, { year: next, note: 'test' });
    }
  });
}
const cal = t.platform.calendar;
const ctx = (a: { userId: number; scopePath: string | null }) => ({ userId: a.userId, scopes: a.scopePath ? [a.scopePath] : [] });

describe('deadlines in working days', () => {
  it('skips the 2025 National Day holiday and counts the make-up Saturday', async () => {
    // Accepted Mon 2025-09-29; 10-01…10-08 off, Sat 10-11 a make-up working day.
    const d = await computeDeadline(cal, { startOn: '2025-09-29', limitDays: 20, stops: [], extensions: [], today: '2025-09-30', warnDays: 2, warnRatio: 0.8 });
    assert.equal(d.dueDate, '2025-11-03');
    assert.equal(await cal.addWorkdays('2025-09-29', 3), '2025-10-10');
    assert.equal(await cal.addWorkdays('2025-09-29', 4), '2025-10-11');
    const paused = await computeDeadline(cal, {
      startOn: '2025-09-29', limitDays: 20, today: '2025-10-20', warnDays: 2, warnRatio: 0.8,
      stops: [{ kind: 'expert_review', reason: '专家评审', startedOn: '2025-10-09', endedOn: '2025-10-13' }],
      extensions: [{ days: 5, reason: '需补充现场核查' }],
    });
    assert.equal(paused.pausedDays, 3); // 10-10, 10-11 (make-up), 10-13
    assert.equal(paused.dueDate, await cal.addWorkdays('2025-11-03', 8));
    assert.deepEqual(paused.steps.map((s) => s.kind), ['start', 'limit', 'extension', 'pause', 'due']);
    assert.equal(paused.level, 'green');
  });

  it('turns yellow with 2 working days left and red once overdue', async () => {
    const base = { startOn: '2025-09-29', limitDays: 20, stops: [], extensions: [], warnDays: 2, warnRatio: 0.8 };
    assert.equal((await computeDeadline(cal, { ...base, today: '2025-10-20' })).level, 'green');
    assert.equal((await computeDeadline(cal, { ...base, today: '2025-10-28' })).level, 'yellow'); // 16 of 20 used = 80%
    assert.equal((await computeDeadline(cal, { ...base, today: '2025-11-03' })).level, 'yellow');
    assert.equal((await computeDeadline(cal, { ...base, today: '2025-11-04' })).level, 'red');
  });
});

describe('the clock of a case', () => {
  it('stops while the applicant owes materials in review: the due date moves by the paused working days', async () => {
    const person = await login(t, PERSON_LOGIN);
    const window = await login(t, 'window');
    const { caseNo } = await applyOnline(t, person);
    const acc = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    const due0 = acc.body.dueDate as string;
    const d0 = today();
    const reviewer = await staff(t, 'reviewer');
    const applicant = { userId: (await t.testDb.owner.selectFrom('identity.users').select('id').where('username', '=', PERSON_LOGIN).executeTakeFirst())?.id
      ?? (await t.testDb.owner.selectFrom('approvals.cases').select('applicantUserId').where('caseNo', '=', caseNo).executeTakeFirstOrThrow()).applicantUserId! };
    const pauseDay = await cal.addWorkdays(d0, 2);
    const backDay = await cal.addWorkdays(d0, 5);
    const s1 = serviceAt(t, pauseDay);
    await withContext(t.platform.db, ctx(reviewer), (trx) => requestSupplement(s1.deps, trx, reviewer, caseNo, { items: [{ key: 'site_map', reason: '图件比例尺不符' }] }));
    const file = (await uploadPdf(t, person)).id;
    const s2 = serviceAt(t, backDay);
    const pub = { ...reviewer, userId: applicant.userId, kind: 'public' as const, scopePath: null, orgUnitId: null, postId: null, permissions: new Set<string>() };
    const c = await withContext(t.platform.db, { userId: applicant.userId, scopes: [] }, (trx) => answerSupplement(s2.deps, trx, pub, caseNo, { materials: { site_map: [file] } }));
    assert.equal(c.status, 'in_review');
    assert.equal(c.dueDate, await cal.addWorkdays(due0, 3));
    const stop = await t.testDb.owner.selectFrom('approvals.clock_stops').selectAll().where('kind', '=', 'supplement').executeTakeFirstOrThrow();
    assert.equal(stop.workdays, 3);
  });

  it('extends by the approved days only, at most 10 in total, and tells the applicant', async () => {
    const person = await login(t, PERSON_LOGIN);
    const window = await login(t, 'window');
    const { caseNo } = await applyOnline(t, person);
    const acc = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    const reviewer = await login(t, 'reviewer');
    const leader = await login(t, 'leader');
    const tooLong = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/extensions`, { days: 11, reason: '情况复杂需要延期' });
    assert.equal(tooLong.status, 400);
    const ext = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/extensions`, { days: 6, reason: '需征求相关部门意见' });
    assert.equal(ext.status, 201);
    const more = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/extensions`, { days: 5, reason: '仍需补充论证' });
    assert.equal(more.status, 422);
    assert.equal(more.body.error.code, 'approvals.extension_too_long');
    const byReviewer = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/extensions/${ext.body.id}/decision`, { approve: true });
    assert.equal(byReviewer.status, 403);
    const ok = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/extensions/${ext.body.id}/decision`, { approve: true });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.dueDate, await cal.addWorkdays(acc.body.dueDate, 6));
    assert.equal(ok.body.extensionDays, 6);
    assert.ok(ok.body.deadlineExplanation.some((s: string) => s.includes('延期 6 个工作日')));
    const sms = await t.testDb.owner.selectFrom('notify.outbox').select('body').where('channel', '=', 'sms').execute();
    assert.ok(sms.some((s) => s.body.includes('需征求相关部门意见') && s.body.includes('延期6个工作日')));
    const again = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/extensions/${ext.body.id}/decision`, { approve: true });
    assert.equal(again.status, 409);
    // Service-level path gives the same rule.
    const leaderActor = await staff(t, 'leader');
    await assert.rejects(withContext(t.platform.db, ctx(leaderActor), (trx) => requestExtension(t.platform as never, trx, leaderActor, caseNo, { days: 5, reason: '再延期' })), /at most 10/);
    void decideExtension;
  });

  it('counts a case as accepted from its receipt date when no notice came within 5 working days', async () => {
    const person = await login(t, PERSON_LOGIN);
    const { caseNo } = await applyOnline(t, person);
    const d0 = today();
    const fifth = serviceAt(t, await cal.addWorkdays(d0, 5));
    assert.deepEqual((await fifth.scanDeadlines()).deemedAccepted.filter((n) => n === caseNo), []);
    const sixth = serviceAt(t, await cal.addWorkdays(d0, 6));
    const r = await sixth.scanDeadlines();
    assert.ok(r.deemedAccepted.includes(caseNo));
    const c = await t.testDb.owner.selectFrom('approvals.cases').selectAll().where('caseNo', '=', caseNo).executeTakeFirstOrThrow();
    assert.equal(c.status, 'in_review');
    assert.equal(c.deemedAccepted, true);
    assert.equal(c.acceptedOn, d0);
    assert.equal(c.acceptedBy, null);
    assert.equal(c.dueDate, await cal.addWorkdays(d0, 15));
    assert.equal((await sixth.scanDeadlines()).deemedAccepted.includes(caseNo), false, 'once only');
  });

  it('raises a yellow warning, then a red card, once each, and notifies the handlers', async () => {
    const person = await login(t, PERSON_LOGIN);
    const window = await login(t, 'window');
    const { caseNo } = await applyOnline(t, person);
    const acc = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    const id = (await t.testDb.owner.selectFrom('approvals.cases').select('id').where('caseNo', '=', caseNo).executeTakeFirstOrThrow()).id;
    const caseWarnings = () => t.testDb.owner.selectFrom('approvals.warnings').selectAll().where('caseId', '=', id).where('stageId', 'is', null).orderBy('id').execute();
    const d0 = today();
    await serviceAt(t, await cal.addWorkdays(d0, 5)).scanDeadlines();
    assert.equal((await caseWarnings()).length, 0);
    const yellowDay = serviceAt(t, await cal.addWorkdays(d0, 13));
    await yellowDay.scanDeadlines();
    await yellowDay.scanDeadlines();
    let w = await caseWarnings();
    assert.deepEqual(w.map((x) => x.level), ['yellow']);
    const red = serviceAt(t, await cal.addWorkdays(acc.body.dueDate, 1));
    await red.scanDeadlines();
    await red.scanDeadlines();
    w = await caseWarnings();
    assert.deepEqual(w.map((x) => x.level), ['yellow', 'red']);
    assert.equal(w.filter((x) => x.clearedAt === null).length, 2);
    const stageWarnings = await t.testDb.owner.selectFrom('approvals.warnings').select('level').where('caseId', '=', id).where('stageId', 'is not', null).execute();
    assert.ok(stageWarnings.some((x) => x.level === 'red'), 'the 7-day parallel stage is overdue too');
    const leaderId = (await t.testDb.owner.selectFrom('identity.users').select('id').where('username', '=', 'leader').executeTakeFirstOrThrow()).id;
    const inapp = await t.testDb.owner.selectFrom('notify.outbox').select(['subject']).where('channel', '=', 'inapp').where('recipient', '=', String(leaderId)).execute();
    assert.equal(inapp.filter((m) => m.subject?.includes(caseNo)).length, 2, 'one message per warning');

    // The supervisor of the city sees it, urges, and gets the digest.
    const supervisor = await login(t, 'supervisor');
    const list = await call(t, supervisor, 'GET', '/api/approvals/supervision/warnings?level=red');
    assert.ok(list.body.some((x: any) => x.caseNo === caseNo && x.stageName === null));
    const urge = await call(t, supervisor, 'POST', `/api/approvals/cases/${caseNo}/urge`, { message: '请于今日内办结', warningId: w[1]!.id });
    assert.equal(urge.status, 201, JSON.stringify(urge.body));
    assert.ok(urge.body.recipients.includes(leaderId));
    assert.ok(await red.sendDigest() >= 1);
    const hc = await login(t, 'hc_window');
    assert.equal((await call(t, hc, 'GET', '/api/approvals/supervision/warnings')).status, 403);
  });
});
