import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import { withContext } from '../db/context.ts';
import { AppError } from '../http/errors.ts';
import { createCalendarService } from './calendar.service.ts';
import { addDays, loadOfficialData, provisionalHolidays } from './work-calendar.ts';

const addOne = addDays;

const t: TestApp = await startTestApp();
const { calendar, db, audit } = t.platform;
const secadmin = { userId: 77, username: 'secadmin', scopePath: 'cn' };
const asAdmin = <T>(fn: (trx: Parameters<Parameters<typeof withContext>[2]>[0]) => Promise<T>) =>
  withContext(db, { userId: 77, scopes: ['cn'] }, fn);

const addWorkdays = (from: string, days: number | string) =>
  t.inject({ method: 'GET', url: `/api/calendar/add-workdays?from=${from}&days=${days}` });

/** The last year of the bundled State Council data, derived from the package, not assumed. */
const lastOfficial = Math.max(...calendar.officialYears());
const beyond = lastOfficial + 1;

async function rejectsCode(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: unknown) => e instanceof AppError && e.code === code);
}

describe('State Council schedule (国务院办公厅节假日安排)', () => {
  it('2025 National Day and Mid-Autumn: 10-01…10-08 off, Sun 09-28 and Sat 10-11 worked (2025 State Council schedule)', async () => {
    for (let d = 1; d <= 8; d++) assert.equal(await calendar.isWorkday(`2025-10-0${d}`), false, `2025-10-0${d}`);
    assert.equal(await calendar.isWorkday('2025-09-28'), true);
    assert.equal(await calendar.isWorkday('2025-10-11'), true);
    assert.equal(await calendar.isWorkday('2025-10-12'), false); // an ordinary Sunday
    assert.deepEqual(await calendar.day('2025-10-06'), { date: '2025-10-06', workday: false, name: '中秋', source: 'chinese-days' });
    const res = await addWorkdays('2025-09-30', 1);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(json(res), { date: '2025-10-09' });
  });

  it('2026 Spring Festival: 02-15…02-23 off, Sat 02-14 and Sat 02-28 worked (国务院办公厅 2025-11-04 notice)', async () => {
    for (let d = 15; d <= 23; d++) assert.equal(await calendar.isWorkday(`2026-02-${d}`), false, `2026-02-${d}`);
    assert.equal(await calendar.isWorkday('2026-02-14'), true);
    assert.equal(await calendar.isWorkday('2026-02-28'), true);
    assert.equal(await calendar.isWorkday('2026-02-24'), true);
    assert.equal(await calendar.addWorkdays('2026-02-13', 1), '2026-02-14');
    assert.equal(await calendar.addWorkdays('2026-02-14', 1), '2026-02-24');
    // 2026 National Day: 10-01…10-07 off, Sun 09-20 and Sat 10-10 worked.
    assert.equal(await calendar.isWorkday('2026-09-20'), true);
    assert.equal(await calendar.isWorkday('2026-10-10'), true);
    assert.equal(await calendar.addWorkdays('2026-09-30', 1), '2026-10-08');
  });

  it('counts working days after a up to and including b', async () => {
    assert.equal(await calendar.workdaysBetween('2025-09-30', '2025-10-10'), 2);
    assert.equal(await calendar.workdaysBetween('2025-10-10', '2025-09-30'), -2);
    assert.equal(await calendar.workdaysBetween('2025-09-26', '2025-09-28'), 1); // Sat off, Sun 09-28 worked
    assert.equal(await calendar.nextWorkday('2025-09-30'), '2025-10-09');
  });

  it('with 0 days gives the date itself when it is a working day, else the next one', async () => {
    assert.equal(await calendar.addWorkdays('2025-09-30', 0), '2025-09-30');
    assert.equal(await calendar.addWorkdays('2025-10-01', 0), '2025-10-09');
  });

  it('covers exactly the years whose notice the package carries', () => {
    const years = calendar.officialYears();
    assert.ok(years.includes(2025) && years.includes(2026));
    assert.equal(years[0], 2004);
    assert.deepEqual(years, Array.from({ length: years.length }, (_, i) => 2004 + i));
  });
});

describe('add-workdays API contract', () => {
  it('names the field of a bad date or day count', async () => {
    for (const bad of ['2025-02-30', 'abc', '2025-9-30']) {
      const res = await addWorkdays(bad, 1);
      assert.equal(res.statusCode, 400, bad);
      assert.equal(json(res).error.field, 'from', bad);
    }
    const days = await addWorkdays('2025-09-30', -1);
    assert.equal(days.statusCode, 400);
    assert.equal(json(days).error.field, 'days');
    const unknown = await t.inject({ method: 'GET', url: '/api/calendar/add-workdays?from=2025-09-30&days=1&x=1' });
    assert.equal(json(unknown).error.field, 'x');
  });

  it('answers a year beyond the data provisionally (预计): statutory holidays and weekends, flagged', async () => {
    // 2027: 元旦 Fri 01-01; 春节 除夕 02-05 + 初一…初三 02-06…02-08; 清明 04-05; 劳动节 05-01/02; 端午 06-09; 中秋 09-15; 国庆 10-01…10-03.
    const res = await addWorkdays(`${beyond}-03-02`, 1);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(json(res), { date: `${beyond}-03-03`, provisional: true });
    assert.deepEqual(await calendar.day(`${beyond}-03-03`), { date: `${beyond}-03-03`, workday: true, name: '', source: 'provisional', provisional: true });
    // Late December may be moved by the next year's notice (e.g. 2018-12-29 was worked for New Year 2019).
    assert.deepEqual(json(await addWorkdays(`${lastOfficial}-12-22`, 1)), { date: `${lastOfficial}-12-23`, provisional: true });
    assert.deepEqual(json(await addWorkdays(`${lastOfficial}-12-01`, 1)), { date: `${lastOfficial}-12-02` });
  });

  it('knows the statutory holidays of 2027 from the 放假办法 (fixed and lunar dates), and no 调休', async () => {
    if (beyond !== 2027) return; // the dates below are 2027's; the check against the package data covers every year
    const off = ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-03', '2027-06-09', '2027-09-15', '2027-10-01'];
    for (const d of off) assert.equal(await calendar.isWorkday(d), d === '2027-05-03', d); // 05-03 (Mon) is not statutory
    assert.equal((await calendar.day('2027-02-06')).name, '春节');
    assert.equal((await calendar.day('2027-06-09')).name, '端午');
    assert.equal(await calendar.isWorkday('2027-02-09'), true);
    assert.equal(await calendar.isWorkday('2027-02-13'), false); // a Saturday: no make-up day is guessed
    assert.equal(await calendar.addWorkdays('2026-12-31', 1), '2027-01-04');
  });

  it('the 放假办法 holidays it computes are holidays in every year the package carries (lunar and solar-term dates checked)', () => {
    const data = loadOfficialData();
    for (const year of calendar.officialYears().filter((y) => y >= 2008)) {
      for (const [date, name] of provisionalHolidays(year)) {
        // Before the 2024 amendment 除夕 and 05-02 were not statutory (but usually off anyway).
        if (year < 2025 && (date.endsWith('-05-02') || (name === '春节' && !provisionalHolidays(year).has(addOne(date, -1))))) continue;
        const official = data.official.get(date);
        // A statutory day on a weekend is often not listed: it is off anyway.
        const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
        assert.ok(official ? !official.workday : weekend, `${year}: ${date} ${name} should be an official holiday`);
      }
    }
  });

  it('answers whether one day is a working day', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/calendar/workday?date=2026-02-28' });
    assert.deepEqual(json(res), { date: '2026-02-28', workday: true, name: '春节', source: 'chinese-days' });
  });
});

describe('overrides and declared years (security admin)', () => {
  it('an override wins over the State Council data, is audited, and can be removed', async () => {
    await asAdmin((trx) => calendar.setOverride(trx, secadmin, { date: '2025-10-09', kind: 'holiday', name: '地方假日' }));
    calendar.invalidate();
    assert.deepEqual(json(await addWorkdays('2025-09-30', 1)), { date: '2025-10-10' });
    const entry = await t.testDb.owner.selectFrom('audit.entries').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.equal(entry.action, 'calendar.override.created');
    assert.equal(entry.entityId, '2025-10-09');
    assert.equal(entry.actorUsername, 'secadmin');
    await asAdmin((trx) => calendar.deleteOverride(trx, secadmin, '2025-10-09'));
    calendar.invalidate();
    assert.deepEqual(json(await addWorkdays('2025-09-30', 1)), { date: '2025-10-09' });
    await rejectsCode(asAdmin((trx) => calendar.deleteOverride(trx, secadmin, '2025-10-09')), 'calendar.override_not_found');
  });

  it('refuses to declare a year with no holidays entered; after entering them the year works', async () => {
    await rejectsCode(asAdmin((trx) => calendar.declareYear(trx, secadmin, { year: beyond, note: '国办发明电' })), 'calendar.year_empty');
    await asAdmin(async (trx) => {
      await calendar.setOverride(trx, secadmin, { date: `${beyond}-01-01`, kind: 'holiday', name: '元旦' });
      await calendar.setOverride(trx, secadmin, { date: `${beyond}-03-03`, kind: 'holiday', name: '测试假日' });
    });
    calendar.invalidate();
    // Overrides alone answer for their own day, but the year is still not covered.
    assert.equal(await calendar.isWorkday(`${beyond}-01-01`), false);
    assert.equal(json(await addWorkdays(`${beyond}-03-02`, 1)).provisional, true);
    const declared = await asAdmin((trx) => calendar.declareYear(trx, secadmin, { year: beyond, note: '国办发明电 test' }));
    assert.deepEqual(declared, { year: beyond, source: 'override', note: '国办发明电 test' });
    calendar.invalidate();
    const expected = await calendar.nextWorkday(`${beyond}-03-03`);
    assert.deepEqual(json(await addWorkdays(`${beyond}-03-02`, 1)), { date: expected }); // no longer provisional
    assert.notEqual(expected, `${beyond}-03-03`);
    assert.deepEqual(json(await addWorkdays(`${lastOfficial}-12-22`, 1)), { date: `${lastOfficial}-12-23` });
    const years = await calendar.listYears();
    assert.deepEqual(years.at(-1), { year: beyond, source: 'override', note: '国办发明电 test' });
  });

  it('lists a month for the grid with names and sources', async () => {
    const oct = await calendar.listDays(2025, 10);
    assert.equal(oct.covered, true);
    assert.equal(oct.days.length, 31);
    assert.deepEqual(oct.days[0], { date: '2025-10-01', workday: false, name: '国庆节', source: 'chinese-days' });
    assert.deepEqual(oct.days[8], { date: '2025-10-09', workday: true, name: '', source: 'weekday' });
    const far = await calendar.listDays(beyond + 5, 3);
    assert.equal(far.covered, false);
    assert.equal(far.days.length, 31);
    assert.ok(far.days.every((d) => d.source === 'provisional' && typeof d.workday === 'boolean'));
    assert.equal(far.days.filter((d) => d.workday).length, far.days.filter((d) => ![0, 6].includes(new Date(`${d.date}T00:00:00Z`).getUTCDay())).length);
  });

  it('another server process sees a change once its cache interval has passed', async () => {
    const other = createCalendarService({ db, audit, ttlMs: 50 });
    assert.equal(await other.isWorkday('2025-11-03'), true);
    await asAdmin((trx) => calendar.setOverride(trx, secadmin, { date: '2025-11-03', kind: 'holiday', name: '停电' }));
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(await other.isWorkday('2025-11-03'), false);
    await asAdmin((trx) => calendar.setOverride(trx, secadmin, { date: '2025-11-03', kind: 'workday', name: '恢复' }));
    const entry = await t.testDb.owner.selectFrom('audit.entries').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.equal(entry.action, 'calendar.override.updated');
    assert.deepEqual(entry.details, { kind: 'workday', name: '恢复', previous: { kind: 'holiday', name: '停电' } });
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(await other.isWorkday('2025-11-03'), true);
  });
});
