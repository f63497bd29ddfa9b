import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { SYSTEM_CONTEXT, withContext } from '../../platform/db/context.ts';
import { applyOnline, call, ensureMatters, login, PERSON, PERSON_LOGIN, serviceAt, today } from './approvals.test-helpers.ts';
import { rateCase } from './ratings.ts';
import { maskPersonName } from './disclosure.ts';
import { loginAdmin } from '../../platform/identity/test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const person = await login(t, PERSON_LOGIN);
const window = await login(t, 'window');
const leader = await login(t, 'leader');
const reviewer = await login(t, 'reviewer');

/** 土地抵押登记 (one landuse stage) taken to a decision. */
async function decidedCase(decision: 'granted' | 'denied' = 'granted'): Promise<string> {
  const { caseNo } = await applyOnline(t, person, { matter: '520304-QR-0001', form: { cert_no: '黔(2025)播州区不动产权第0001号', amount: 300, term_end: '2028-12-31' } });
  assert.equal((await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {})).status, 200);
  assert.equal((await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意登记' })).status, 200);
  const d = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision, reason: decision === 'denied' ? '抵押物权属存在争议' : '' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  return caseNo;
}

const rating = (caseNo: string) => `/api/public/approvals/cases/${caseNo}/rating`;
const stateOf = async (caseNo: string) => (await call(t, null, 'GET', `${rating(caseNo)}?idNumber=${PERSON.idNumber}`)).body;
const ratingsOf = (caseNo: string) => t.testDb.owner.selectFrom('approvals.ratings as r').innerJoin('approvals.cases as c', 'c.id', 'r.caseId')
  .select(['r.level', 'r.followUp']).where('c.caseNo', '=', caseNo).orderBy('r.id').execute();

describe('好差评: rating a case', () => {
  it('is refused before the decision, allowed once after it, and a second rating is refused', async () => {
    const { caseNo: early } = await applyOnline(t, person);
    const before = await call(t, null, 'POST', rating(early), { idNumber: PERSON.idNumber, level: 5, tags: ['办事便捷'] });
    assert.equal(before.status, 409);
    assert.equal(before.body.error.code, 'approvals.rating_not_allowed');
    assert.equal((await stateOf(early)).canRate, false);

    const caseNo = await decidedCase();
    const st = await stateOf(caseNo);
    assert.equal(st.canRate, true);
    assert.equal(st.canFollowUp, false);
    assert.ok(st.tags.good.includes('办事便捷') && st.tags.bad.includes('多次跑腿'));
    assert.deepEqual(st.ratings, []);
    assert.equal(st.rectification, null);

    const ok = await call(t, null, 'POST', rating(caseNo), { idNumber: PERSON.idNumber, level: 5, tags: ['办事便捷', '一次办成'], comment: '很快' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.rating.level, 5);
    assert.deepEqual(ok.body.rating.tags, ['办事便捷', '一次办成']);
    assert.equal(ok.body.rating.followUp, false);
    assert.equal(ok.body.rectification, null);

    const again = await call(t, null, 'POST', rating(caseNo), { idNumber: PERSON.idNumber, level: 1, tags: ['态度不好'] });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'approvals.rating_not_allowed');
    assert.deepEqual(await ratingsOf(caseNo), [{ level: 5, followUp: false }]);
    const after = await stateOf(caseNo);
    assert.equal(after.canRate, false);
    assert.equal(after.canFollowUp, false, 'a good rating opens no rectification, so no follow-up');
    assert.equal(after.ratings.length, 1);
  });

  it('answers a wrong ID number or an unknown case with the same 404, before any state check', async () => {
    const caseNo = await decidedCase();
    for (const [no, id] of [[caseNo, '520304199001011234'], ['52030420260101099999', PERSON.idNumber]] as const) {
      const g = await call(t, null, 'GET', `${rating(no)}?idNumber=${id}`);
      assert.equal(g.status, 404);
      assert.equal(g.body.error.code, 'approvals.case_not_found');
      const p = await call(t, null, 'POST', rating(no), { idNumber: id, level: 5, tags: [] });
      assert.equal(p.status, 404);
      assert.equal(p.body.error.code, 'approvals.case_not_found');
      assert.equal(p.body.error.message, g.body.error.message);
    }
    assert.deepEqual(await ratingsOf(caseNo), []);
  });

  it('names the field of bad input and stores nothing', async () => {
    const caseNo = await decidedCase();
    const cases: [unknown, string][] = [
      [{ idNumber: PERSON.idNumber, level: 6, tags: [] }, 'level'],
      [{ idNumber: PERSON.idNumber, level: 0, tags: [] }, 'level'],
      [{ idNumber: PERSON.idNumber, tags: [] }, 'level'],
      [{ idNumber: PERSON.idNumber, level: 4, tags: 'x' }, 'tags'],
      [{ idNumber: PERSON.idNumber, level: 4, tags: ['态度不好'] }, 'tags'],
      [{ idNumber: PERSON.idNumber, level: 1, tags: ['不存在的标签'] }, 'tags'],
      [{ idNumber: PERSON.idNumber, level: 2, tags: [] }, 'tags'],
      [{ idNumber: PERSON.idNumber, level: 5, tags: [], comment: 'x'.repeat(501) }, 'comment'],
      [{ level: 5, tags: [] }, 'idNumber'],
      [{ idNumber: PERSON.idNumber, level: 5, tags: [], extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await call(t, null, 'POST', rating(caseNo), body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.code, 'validation.failed');
      assert.equal(r.body.error.field, field, JSON.stringify(r.body));
    }
    assert.deepEqual(await ratingsOf(caseNo), []);
  });

  it('lets exactly one of two simultaneous ratings succeed', async () => {
    const caseNo = await decidedCase('denied');
    const [a, b] = await Promise.all([
      call(t, null, 'POST', rating(caseNo), { idNumber: PERSON.idNumber, level: 1, tags: ['态度不好'] }),
      call(t, null, 'POST', rating(caseNo), { idNumber: PERSON.idNumber, level: 3, tags: ['服务热情'] }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [201, 409]);
    const rows = await ratingsOf(caseNo);
    assert.equal(rows.length, 1);
    const rects = await t.testDb.owner.selectFrom('approvals.rectifications as x').innerJoin('approvals.cases as c', 'c.id', 'x.caseId')
      .select('x.id').where('c.caseNo', '=', caseNo).execute();
    assert.equal(rects.length, rows[0]!.level <= 2 ? 1 : 0);
  });
});

describe('差评整改 and 追评', () => {
  it('a bad rating opens a rectification due in working days, notifies the bureau; follow-up only after completion and only once', async () => {
    const caseNo = await decidedCase();
    const bad = await call(t, null, 'POST', rating(caseNo), { idNumber: PERSON.idNumber, level: 2, tags: ['多次跑腿'], comment: '跑了三次窗口' });
    assert.equal(bad.status, 201, JSON.stringify(bad.body));
    const rect = bad.body.rectification;
    assert.equal(rect.status, 'open');
    const day = today();
    assert.equal(rect.dueDate, await t.platform.calendar.addWorkdays(day, 5));
    assert.equal(rect.visitDueDate, await t.platform.calendar.addWorkdays(day, 1));
    assert.equal(await t.platform.calendar.workdaysBetween(day, rect.dueDate), 5);
    assert.ok(await t.platform.calendar.isWorkday(rect.dueDate));

    // The leader of the bureau is told in-app.
    const leaderId = (await t.testDb.owner.selectFrom('identity.users').select('id').where('username', '=', 'leader').executeTakeFirstOrThrow()).id;
    const inapp = await t.testDb.owner.selectFrom('notify.outbox').select(['recipient', 'subject']).where('channel', '=', 'inapp').where('subject', '=', `【差评】${caseNo}`).execute();
    assert.ok(inapp.some((m) => m.recipient === String(leaderId)), JSON.stringify(inapp));

    // No follow-up while the task is open.
    const early = await call(t, null, 'POST', rating(caseNo), { idNumber: PERSON.idNumber, level: 4, tags: ['服务热情'] });
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, 'approvals.rating_not_allowed');
    assert.equal((await stateOf(caseNo)).canFollowUp, false);

    const list = await call(t, leader, 'GET', '/api/approvals/rectifications?status=open');
    assert.equal(list.status, 200);
    const task = list.body.find((x: any) => x.caseNo === caseNo);
    assert.ok(task);
    assert.equal(task.light, 'green');
    assert.deepEqual(task.rating.tags, ['多次跑腿']);

    // Completing needs the call back first.
    const tooSoon = await call(t, leader, 'POST', `/api/approvals/rectifications/${task.id}/complete`, { result: '已优化流程', version: task.version });
    assert.equal(tooSoon.status, 409);
    assert.equal(tooSoon.body.error.code, 'approvals.rectification_wrong_state');
    const visited = await call(t, leader, 'POST', `/api/approvals/rectifications/${task.id}/visit`, { note: '已电话回访，申请人反映材料需多次提交', version: task.version });
    assert.equal(visited.status, 200, JSON.stringify(visited.body));
    assert.equal(visited.body.status, 'visited');
    const stale = await call(t, leader, 'POST', `/api/approvals/rectifications/${task.id}/complete`, { result: '已优化流程', version: task.version });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'approvals.rectification_state_changed');
    const done = await call(t, leader, 'POST', `/api/approvals/rectifications/${task.id}/complete`, { result: '已将抵押登记材料精简为三项，并实行一次性告知', version: visited.body.version });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.status, 'done');

    const sms = await t.testDb.owner.selectFrom('notify.outbox').select('body').where('channel', '=', 'sms').where('dedupeKey', '=', `approvals:${caseNo}:rectified`).execute();
    assert.equal(sms.length, 1);
    assert.match(sms[0]!.body, /追评/);
    const audit = await t.testDb.owner.selectFrom('audit.entries').select('action').where('entityType', '=', 'approvals.rectification').where('entityId', '=', String(task.id)).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['approvals.rectification.visited', 'approvals.rectification.completed']);

    const st = await stateOf(caseNo);
    assert.equal(st.canFollowUp, true);
    assert.equal(st.rectification.status, 'done');
    assert.match(st.rectification.result, /精简/);
    const follow = await call(t, null, 'POST', rating(caseNo), { idNumber: PERSON.idNumber, level: 4, tags: ['材料精简'], comment: '改进了' });
    assert.equal(follow.status, 201, JSON.stringify(follow.body));
    assert.equal(follow.body.rating.followUp, true);
    const third = await call(t, null, 'POST', rating(caseNo), { idNumber: PERSON.idNumber, level: 5, tags: [] });
    assert.equal(third.status, 409);
    assert.deepEqual(await ratingsOf(caseNo), [{ level: 2, followUp: false }, { level: 4, followUp: true }]);
    const end = await stateOf(caseNo);
    assert.equal(end.canRate, false);
    assert.equal(end.canFollowUp, false);
    assert.equal(end.ratings.length, 2);

    // The staff list shows both with the distribution.
    const staffList = await call(t, await login(t, 'window'), 'GET', `/api/approvals/ratings?from=${day}&to=${day}`);
    assert.equal(staffList.status, 200);
    assert.ok(staffList.body.items.some((x: any) => x.caseNo === caseNo && x.level === 2 && x.rectificationStatus === 'done'));
    assert.equal(staffList.body.distribution.reduce((a: number, d: any) => a + d.count, 0), staffList.body.total);
    const onlyBad = await call(t, leader, 'GET', '/api/approvals/ratings?level=2');
    assert.ok(onlyBad.body.items.every((x: any) => x.level === 2));
  });

  it('of two simultaneous completes exactly one succeeds', async () => {
    const caseNo = await decidedCase();
    await call(t, null, 'POST', rating(caseNo), { idNumber: PERSON.idNumber, level: 1, tags: ['超时办理'] });
    const task = (await call(t, leader, 'GET', '/api/approvals/rectifications')).body.find((x: any) => x.caseNo === caseNo);
    const v = await call(t, leader, 'POST', `/api/approvals/rectifications/${task.id}/visit`, { note: '已回访' });
    const supervisor = await login(t, 'supervisor');
    const [a, b] = await Promise.all([
      call(t, leader, 'POST', `/api/approvals/rectifications/${task.id}/complete`, { result: '已整改：压缩办理时限', version: v.body.version }),
      call(t, supervisor, 'POST', `/api/approvals/rectifications/${task.id}/complete`, { result: '已整改：增加窗口人员', version: v.body.version }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const row = await t.testDb.owner.selectFrom('approvals.rectifications').select(['status', 'rowVersion', 'result']).where('id', '=', task.id).executeTakeFirstOrThrow();
    assert.equal(row.rowVersion, v.body.version + 1);
    assert.equal(row.result, (a.status === 200 ? a : b).body.result);
    const sms = await t.testDb.owner.selectFrom('notify.outbox').select('id').where('dedupeKey', '=', `approvals:${caseNo}:rectified`).execute();
    assert.equal(sms.length, 1);
  });

  it('counts the rectification limit in working days over a holiday, and marks overdue tasks red', async () => {
    const caseNo = await decidedCase();
    const svc = serviceAt(t, '2026-09-30'); // the day before the National Day holiday
    const out = await withContext(t.platform.db, SYSTEM_CONTEXT, async (trx) => {
      const c = await trx.selectFrom('approvals.cases').selectAll().where('caseNo', '=', caseNo).executeTakeFirstOrThrow();
      return rateCase(svc.deps, trx, c, { level: 1, tags: ['态度不好'] });
    });
    // Independent count: walk the days and keep the working ones.
    let d = new Date('2026-09-30T00:00:00Z');
    const work: string[] = [];
    while (work.length < 5) {
      d = new Date(d.getTime() + 86_400_000);
      const s = d.toISOString().slice(0, 10);
      if (await t.platform.calendar.isWorkday(s)) work.push(s);
    }
    assert.equal(out.rectification!.dueDate, work[4]);
    assert.equal(out.rectification!.visitDueDate, work[0]);
    assert.ok(work[0]! > '2026-10-07', `holiday skipped: first working day ${work[0]}`);
    // Seen today (after the due date) the task is overdue.
    const list = await call(t, leader, 'GET', '/api/approvals/rectifications?status=open');
    const task = list.body.find((x: any) => x.caseNo === caseNo);
    assert.equal(task.light, 'red');
    assert.equal(task.overdue, true);
  });
});

describe('rating settings (评价标签与整改时限)', () => {
  it('the security admin sets tags and working-day limits; new ratings follow them; bad input names the field', async () => {
    const sec = await loginAdmin(t, 'secadmin');
    assert.equal((await call(t, leader, 'PUT', '/api/approvals/settings/ratings', { goodTags: ['好'], badTags: ['差'], rectifyDays: 3, visitDays: 1 })).status, 403);
    const both = await call(t, sec, 'PUT', '/api/approvals/settings/ratings', { goodTags: ['快'], badTags: ['快'], rectifyDays: 3, visitDays: 1 });
    assert.equal(both.status, 400);
    assert.equal(both.body.error.field, 'badTags');
    const late = await call(t, sec, 'PUT', '/api/approvals/settings/ratings', { goodTags: ['快'], badTags: ['慢'], rectifyDays: 1, visitDays: 2 });
    assert.equal(late.body.error.field, 'visitDays');
    const ok = await call(t, sec, 'PUT', '/api/approvals/settings/ratings', { goodTags: ['一次办成', '窗口热情'], badTags: ['等候太久'], rectifyDays: 15, visitDays: 1 });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const caseNo = await decidedCase();
    const st = await stateOf(caseNo);
    assert.deepEqual(st.tags, { good: ['一次办成', '窗口热情'], bad: ['等候太久'] });
    const old = await call(t, null, 'POST', rating(caseNo), { idNumber: PERSON.idNumber, level: 1, tags: ['多次跑腿'] });
    assert.equal(old.body.error.field, 'tags');
    const bad = await call(t, null, 'POST', rating(caseNo), { idNumber: PERSON.idNumber, level: 1, tags: ['等候太久'] });
    assert.equal(bad.status, 201);
    assert.equal(bad.body.rectification.dueDate, await t.platform.calendar.addWorkdays(today(), 15));
    // Back to the defaults for the other tests of this file.
    await t.testDb.owner.updateTable('approvals.settings').set({
      ratingGoodTags: ['办事便捷', '一次办成', '服务热情', '材料精简', '办理高效', '指引清楚'], ratingBadTags: ['多次跑腿', '超时办理', '态度不好', '材料繁琐', '指引不清', '推诿扯皮'], rectifyDays: 5, visitDays: 1,
    }).execute();
  });
});

describe('公示: disclosure of decisions', () => {
  it('publishes each decision with the person masked and no ID number or phone, readable without login', async () => {
    const caseNo = await decidedCase('denied');
    const res = await call(t, null, 'GET', `/api/public/approvals/disclosures?q=${caseNo}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 1);
    const item = res.body.items[0];
    assert.equal(item.caseNo, caseNo);
    assert.equal(item.applicantName, '王**');
    assert.equal(item.decision, 'denied');
    assert.equal(item.matterName, '土地抵押登记');
    assert.ok(item.documentNo);
    assert.ok(item.orgName.length > 0);
    const all = await call(t, null, 'GET', '/api/public/approvals/disclosures?pageSize=100');
    const text = all.res.body;
    assert.ok(!text.includes(PERSON.idNumber) && !text.includes(PERSON.idNumber.slice(0, 14)), 'no ID number');
    assert.ok(!text.includes(PERSON.phone), 'no phone');
    assert.ok(!text.includes(PERSON.name), 'no full name');
    assert.ok(all.body.total >= 1);

    // Filters: matter, dates, paging.
    const byMatter = await call(t, null, 'GET', '/api/public/approvals/disclosures?matterCode=520304-XK-0001');
    assert.ok(byMatter.body.items.every((x: any) => x.matterCode === '520304-XK-0001'));
    assert.equal((await call(t, null, 'GET', '/api/public/approvals/disclosures?from=2001-01-01&to=2001-12-31')).body.total, 0);
    const page1 = await call(t, null, 'GET', '/api/public/approvals/disclosures?page=1&pageSize=1');
    assert.equal(page1.body.items.length, 1);
    assert.equal(page1.body.total, all.body.total);
    const bad = await call(t, null, 'GET', '/api/public/approvals/disclosures?from=yesterday');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'from');
  });

  it('masks names: surname kept, compound surnames whole, companies in full', () => {
    assert.equal(maskPersonName('王小明'), '王**');
    assert.equal(maskPersonName('李强'), '李*');
    assert.equal(maskPersonName('欧阳娜娜'), '欧阳**');
    assert.equal(maskPersonName('王'), '王*');
  });
});
