import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { createReportsService, gradeDanger, gradeDisaster } from './reports.ts';

const t: TestApp = await startTestApp();
const base = { townshipCode: '520304102', place: '三岔镇新街村大湾组', hazardType: 'landslide', occurredAt: new Date(Date.now() - 3600_000).toISOString(), summary: '强降雨引发滑坡，冲毁民房' };

describe('灾情/险情速报: graded by the 条例, with the time limit to report up', () => {
  it('grades disasters by deaths (missing counted) or direct loss, and dangers by people threatened or potential loss, taking the higher', () => {
    assert.equal(gradeDisaster(2, 99), 'small');
    assert.equal(gradeDisaster(3, 0), 'medium');
    assert.equal(gradeDisaster(0, 500), 'large');
    assert.equal(gradeDisaster(9, 1000), 'huge');
    assert.equal(gradeDisaster(30, 0), 'huge');
    assert.equal(gradeDanger(99, 499), 'small');
    assert.equal(gradeDanger(100, 0), 'medium');
    assert.equal(gradeDanger(0, 5000), 'large');
    assert.equal(gradeDanger(1000, 0), 'huge');
  });

  it('a 大型 disaster is due up to the ministry within 4 hours, a 小型 one to the county government and the city within 12; reporting is recorded, once per level', async () => {
    const officer = await loginAs(t, 'hazard_office');
    const big = await call(t, officer, 'POST', '/api/hazards/events', { ...base, kind: 'disaster', deaths: 8, missing: 3, directLoss: 120 });
    assert.equal(big.status, 201, JSON.stringify(big.body));
    assert.equal(big.body.grade, 'large', '8 dead + 3 missing = 11');
    assert.deepEqual(big.body.reportTo, ['county_gov', 'city', 'province', 'ministry']);
    assert.equal(new Date(big.body.dueAt).getTime() - new Date(big.body.receivedAt).getTime(), 4 * 3600_000);
    const small = await call(t, officer, 'POST', '/api/hazards/events', { ...base, kind: 'danger', threatenedPeople: 40, potentialLoss: 80 });
    assert.equal(small.body.grade, 'small');
    assert.deepEqual(small.body.reportTo, ['county_gov', 'city']);
    assert.equal(new Date(small.body.dueAt).getTime() - new Date(small.body.receivedAt).getTime(), 12 * 3600_000);

    const rep = await call(t, officer, 'POST', `/api/hazards/events/${big.body.id}/reported`, { level: 'province' });
    assert.equal(rep.status, 200);
    assert.equal(rep.body.late, false);
    assert.ok(rep.body.reported.province);
    assert.equal((await call(t, officer, 'POST', `/api/hazards/events/${big.body.id}/reported`, { level: 'province' })).status, 409);
    const wrong = await call(t, officer, 'POST', `/api/hazards/events/${small.body.id}/reported`, { level: 'ministry' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.error.message, /level/);
    const list = await call(t, officer, 'GET', '/api/hazards/events');
    assert.equal(list.body.length, 2);
    assert.ok(list.body.every((r: { overdue: boolean }) => r.overdue === false));
  });

  it('refuses a report from the future, another county\'s township and those without the permission; nothing is recorded', async () => {
    const n = (await t.testDb.owner.selectFrom('hazards.event_reports').select('id').execute()).length;
    const officer = await loginAs(t, 'hazard_office');
    const future = await call(t, officer, 'POST', '/api/hazards/events', { ...base, kind: 'disaster', occurredAt: new Date(Date.now() + 86400_000).toISOString() });
    assert.equal(future.status, 400);
    assert.match(future.body.error.message, /occurredAt/);
    const other = await call(t, await loginAs(t, 'hc_hazard'), 'POST', '/api/hazards/events', { ...base, kind: 'disaster' });
    assert.equal(other.status, 403);
    assert.equal((await call(t, await loginAs(t, 'window'), 'POST', '/api/hazards/events', { ...base, kind: 'disaster' })).status, 403);
    assert.equal((await call(t, await loginAs(t, 'hc_hazard'), 'GET', '/api/hazards/events')).body.length, 0, 'another county sees none');
    assert.equal((await t.testDb.owner.selectFrom('hazards.event_reports').select('id').execute()).length, n);
  });
});

describe('速报 rules are data, and the deadline is reminded', () => {
  it('grades and sets the time limit from the rule tables, which say what is unconfirmed', async () => {
    const officer = await loginAs(t, 'hazard_office');
    const rules = await call(t, officer, 'GET', '/api/hazards/event-rules');
    assert.equal(rules.status, 200);
    assert.ok(rules.body.grading.some((g: { kind: string; confirmed: boolean }) => g.kind === 'disaster' && g.confirmed), 'the 条例 grades are confirmed');
    assert.ok(rules.body.limits.every((l: { confirmed: boolean }) => !l.confirmed), 'the 4 h / 12 h limits are not confirmed in DOMAIN.md');
    // An administrator corrects two rows: the next report follows them, no code change.
    await t.testDb.owner.updateTable('hazards.event_grading').set({ minPeople: 50 }).where('kind', '=', 'danger').where('grade', '=', 'medium').execute();
    await t.testDb.owner.updateTable('hazards.event_time_limits').set({ hours: 6 }).where('grade', '=', 'medium').execute();
    try {
      const r = await call(t, officer, 'POST', '/api/hazards/events', { ...base, kind: 'danger', threatenedPeople: 60 });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.grade, 'medium', '60 people threatened is 中型 under the corrected rule (小型 under the seeded one)');
      assert.equal(new Date(r.body.dueAt).getTime() - new Date(r.body.receivedAt).getTime(), 6 * 3600_000);
    } finally {
      await t.testDb.owner.updateTable('hazards.event_grading').set({ minPeople: 100 }).where('kind', '=', 'danger').where('grade', '=', 'medium').execute();
      await t.testDb.owner.updateTable('hazards.event_time_limits').set({ hours: 12 }).where('grade', '=', 'medium').execute();
    }
  });

  it('reminds the county\'s hazard staff an hour before a 大型 report is due, once; then once when it is overdue; not for a report made in full', async () => {
    const officer = await loginAs(t, 'hazard_office');
    const big = await call(t, officer, 'POST', '/api/hazards/events', { ...base, kind: 'disaster', deaths: 12, place: '三岔镇提醒测试点' });
    assert.equal(big.status, 201);
    const done = await call(t, officer, 'POST', '/api/hazards/events', { ...base, kind: 'disaster', deaths: 11, place: '三岔镇已报送点' });
    for (const level of ['county_gov', 'city', 'province', 'ministry']) assert.equal((await call(t, officer, 'POST', `/api/hazards/events/${done.body.id}/reported`, { level })).status, 200);
    const at = (ms: number) => createReportsService({ db: t.platform.db, audit: t.platform.audit, notify: t.platform.notify, now: () => new Date(Date.now() + ms) });
    const texts = (like: string) => t.testDb.owner.selectFrom('notify.outbox').select(['channel', 'recipient', 'body']).where('body', 'like', like).execute();
    const hazardUser = await t.testDb.owner.selectFrom('identity.users').select('id').where('username', '=', 'hazard_office').executeTakeFirstOrThrow();
    const otherCounty = await t.testDb.owner.selectFrom('identity.users').select('id').where('username', '=', 'hc_hazard').executeTakeFirstOrThrow();

    assert.equal(await at(2 * 3600_000).sendReminders(), 0, 'two hours before the deadline: not yet');
    assert.ok(await at(3 * 3600_000 + 5 * 60_000).sendReminders() > 0);
    const remind = await texts(`%速报提醒%${big.body.reportNo}%`);
    assert.ok(remind.some((m) => m.channel === 'inapp' && m.recipient === String(hazardUser.id)));
    assert.ok(!remind.some((m) => m.recipient === String(otherCounty.id)), 'another county is not told');
    assert.match(remind[0]!.body, /大型地质灾害.*须于.*前报送县政府、市级、省级、部/);
    assert.equal((await texts(`%${done.body.reportNo}%`)).length, 0, 'a report made to every level is not reminded');
    assert.equal(await at(3 * 3600_000 + 10 * 60_000).sendReminders(), 0, 'once');

    await call(t, officer, 'POST', `/api/hazards/events/${big.body.id}/reported`, { level: 'county_gov' });
    assert.ok(await at(4 * 3600_000 + 60_000).sendReminders() > 0);
    const late = await texts(`%速报超时%${big.body.reportNo}%`);
    assert.ok(late.length > 0);
    assert.match(late[0]!.body, /尚未报送：市级、省级、部/);
    assert.equal(await at(5 * 3600_000).sendReminders(), 0, 'the overdue notice is sent once');
  });
});
