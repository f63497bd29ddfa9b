import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import readExcelFile from 'read-excel-file/node';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, ensureMatters, login, makeReviewer, staff } from './approvals.test-helpers.ts';
import { planCase, rate, type Cast } from './statistics.test-fixtures.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);

const A = '520304-QR-0001'; // 土地抵押登记: promised 5 working days, one stage (landuse)
const B = '520304-GG-0001'; // 地质灾害危险性评估备案: promised 5, one stage (hazard)
const windowCookie = await login(t, 'window');
const base = { window: await staff(t, 'window'), windowCookie, leader: await staff(t, 'leader') };
const castA: Cast = { ...base, reviewer: await staff(t, 'reviewer') };
await makeReviewer(t, 'rv_hazard', '520304-HAZARD');
const castB: Cast = { ...base, reviewer: await staff(t, 'rv_hazard') };

// March 2025 has no holiday; 4 April 2025 is 清明. Working days used = working days after
// acceptance up to and including the decision day:
//   A0 02-28 → 03-05: 3 (3, 4, 5 Mar)      A1 03-03 → 03-06: 3     A2 03-04 → 03-11: 5 (5, 6, 7, 10, 11)
//   A3 03-05 → 03-14: 7 (late: > 5)        B1 03-03 → 03-04: 1     B2 04-01 → 04-03: 2
const cases = {
  A0: await planCase(t, castA, { matter: A, submit: '2025-02-28', accept: '2025-02-28', decide: '2025-03-05' }),
  A1: await planCase(t, castA, { matter: A, submit: '2025-03-03', accept: '2025-03-03', decide: '2025-03-06', complete: '2025-03-07' }),
  A2: await planCase(t, castA, { matter: A, submit: '2025-03-03', accept: '2025-03-04', decide: '2025-03-11' }),
  A3: await planCase(t, castA, { matter: A, submit: '2025-03-05', accept: '2025-03-05', decide: '2025-03-14' }),
  A4: await planCase(t, castA, { matter: A, submit: '2025-03-10', accept: '2025-03-10' }),
  A5: await planCase(t, castA, { matter: A, submit: '2025-03-12' }),
  B1: await planCase(t, castB, { matter: B, submit: '2025-03-03', accept: '2025-03-03', decide: '2025-03-04', decision: 'denied' }),
  B2: await planCase(t, castB, { matter: B, submit: '2025-04-01', accept: '2025-04-01', decide: '2025-04-03' }),
};
// Ratings in the period: A1 5 (March), B1 1 (March), A2 4 (April); outside: A0 in May; B1's follow-up (追评) is not counted.
const rated = await rate(t, cases.A1, 5, '2025-03-08T10:00:00+08:00')
  && await rate(t, cases.B1, 1, '2025-03-05T09:00:00+08:00')
  && await rate(t, cases.A2, 4, '2025-04-02T16:00:00+08:00')
  && await rate(t, cases.A0, 2, '2025-05-02T10:00:00+08:00')
  && await rate(t, cases.B1, 3, '2025-03-20T10:00:00+08:00', true);

const leader = await login(t, 'leader');
const period = 'from=2025-03-01&to=2025-04-30';
const noRatings = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };

describe('approval statistics (审批统计)', () => {
  it('checks the fixture: the real use cases counted the working days by hand', async () => {
    const rows = await t.testDb.owner.selectFrom('approvals.cases').select(['caseNo', 'workdaysUsed', 'status']).where('caseNo', 'in', Object.values(cases)).execute();
    const used = Object.fromEntries(Object.entries(cases).map(([k, no]) => [k, rows.find((r) => r.caseNo === no)!.workdaysUsed]));
    assert.deepEqual(used, { A0: 3, A1: 3, A2: 5, A3: 7, A4: null, A5: null, B1: 1, B2: 2 });
    assert.equal(rows.find((r) => r.caseNo === cases.A1)!.status, 'completed');
  });

  it('per org unit: received 7, accepted 6, completed 6, 5 on time, 4 early, 3.5 days on average, 11 saved', async () => {
    const r = await call(t, leader, 'GET', `/api/approvals/statistics?groupBy=org&${period}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.rows.length, 1);
    const row = r.body.rows[0];
    assert.equal(row.label, '遵义市播州区自然资源局');
    const expected = {
      received: 7, accepted: 6, completed: 6, completionRate: 1, onTime: 5, onTimeRate: 0.8333, early: 4, earlyRate: 0.6667,
      avgWorkdays: 3.5, savedDays: 11, savedDaysPerCase: 1.83,
      ...(rated ? { ratings: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 }, ratingCount: 3, badRatingRate: 0.3333 } : { ratings: noRatings, ratingCount: 0, badRatingRate: null }),
    };
    const { key: _k, label: _l, ...figures } = row;
    assert.deepEqual(figures, expected);
    assert.deepEqual(r.body.total, expected);
    assert.equal(r.body.scopePath, 'cn.p52.c5203.x520304');
  });

  it('per matter and per month, each figure on the day of its own event', async () => {
    const m = await call(t, leader, 'GET', `/api/approvals/statistics?groupBy=matter&${period}`);
    assert.equal(m.status, 200);
    const pick = (x: any) => [x.label, x.received, x.accepted, x.completed, x.onTime, x.early, x.avgWorkdays, x.savedDays, x.ratingCount];
    assert.deepEqual(m.body.rows.map(pick), [
      // A: A1–A5 received, A1–A4 accepted, A0–A3 completed (3, 3, 5, 7 days), saved 2 + 2 + 0 + 0
      [`土地抵押登记（${A}）`, 5, 4, 4, 3, 2, 4.5, 4, rated ? 2 : 0],
      // B: 1 and 2 days, saved 4 + 3
      [`地质灾害危险性评估备案（${B}）`, 2, 2, 2, 2, 2, 1.5, 7, rated ? 1 : 0],
    ]);
    const mo = await call(t, leader, 'GET', `/api/approvals/statistics?groupBy=month&${period}`);
    assert.deepEqual(mo.body.rows.map((x: any) => [x.key, x.received, x.accepted, x.completed, x.onTime, x.early, x.avgWorkdays, x.savedDays]), [
      ['2025-03', 6, 5, 5, 4, 3, 3.8, 8],
      ['2025-04', 1, 1, 1, 1, 1, 2, 3],
    ]);
    if (rated) {
      assert.deepEqual(mo.body.rows.map((x: any) => x.ratings), [{ 1: 1, 2: 0, 3: 0, 4: 0, 5: 1 }, { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 }]);
    }
    // One day: nothing received on 4 March, A2 accepted, B1 completed.
    const d = await call(t, leader, 'GET', '/api/approvals/statistics?groupBy=org&from=2025-03-04&to=2025-03-04');
    assert.deepEqual([d.body.total.received, d.body.total.accepted, d.body.total.completed, d.body.total.early], [0, 1, 1, 1]);
    // A filter on one matter.
    const only = await call(t, leader, 'GET', `/api/approvals/statistics?groupBy=org&${period}&matterCode=${B}`);
    assert.equal(only.body.total.received, 2);
  });

  it('refuses a bad period or grouping, naming the field', async () => {
    const back = await call(t, leader, 'GET', '/api/approvals/statistics?from=2025-04-01&to=2025-03-01');
    assert.equal(back.status, 400);
    assert.equal(back.body.error.field, 'to');
    const bad = await call(t, leader, 'GET', '/api/approvals/statistics?from=2025-02-30&to=2025-03-01');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'from');
    const group = await call(t, leader, 'GET', '/api/approvals/statistics?groupBy=week');
    assert.equal(group.status, 400);
    assert.equal(group.body.error.field, 'groupBy');
  });

  it('exports the table to Excel with Chinese headers, English with lang=en-US, numbers as numbers', async () => {
    const res = await t.inject({ method: 'GET', url: `/api/approvals/statistics.xlsx?groupBy=matter&${period}`, headers: { cookie: leader } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(String(res.headers['content-disposition']), /filename\*=UTF-8''%E5%AE%A1%E6%89%B9%E7%BB%9F%E8%AE%A1_matter_2025-03-01_2025-04-30\.xlsx/);
    const [sheet] = await readExcelFile(res.rawPayload);
    const data = sheet!.data;
    assert.deepEqual(data[0], ['事项', '收件数', '受理数', '办结数', '办结率', '按时办结数', '按时办结率', '提前办结数', '提前办结率',
      '平均用时（工作日）', '节省工作日合计', '件均节省工作日', '非常满意', '满意', '基本满意', '不满意', '非常不满意', '评价数', '差评率']);
    assert.deepEqual(data[1]!.slice(0, 12), [`土地抵押登记（${A}）`, 5, 4, 4, 1, 3, 0.75, 2, 0.5, 4.5, 4, 1]);
    assert.deepEqual(data[3]!.slice(0, 12), ['合计', 7, 6, 6, 1, 5, 0.8333, 4, 0.6667, 3.5, 11, 1.83]);
    assert.deepEqual(data[3]!.slice(12), rated ? [1, 1, 0, 0, 1, 3, 0.3333] : [0, 0, 0, 0, 0, 0, null]);
    assert.equal(data.length, 4);

    const en = await t.inject({ method: 'GET', url: `/api/approvals/statistics.xlsx?groupBy=month&${period}&lang=en-US`, headers: { cookie: leader } });
    const [enSheet] = await readExcelFile(en.rawPayload);
    assert.deepEqual(enSheet!.data[0]!.slice(0, 4), ['Month', 'Received', 'Accepted', 'Completed']);
    assert.deepEqual(enSheet!.data.map((r) => r[0]), ['Month', '2025-03', '2025-04', 'Total']);
  });

  it('keeps the daily figures (approvals.case_stats, migration 0121) equal to a count over the cases, before and after compaction', async () => {
    const owner = t.testDb.owner;
    type Fig = { matter: string; received: number; accepted: number; completed: number; onTime: number; early: number; used: number; saved: number };
    // The rule of statistics.ts counted straight from the cases, every day at once.
    const direct = async () => (await sql<Fig>`
      select m.code as matter,
        (select count(*) from approvals.cases c where c.matter_id = m.id)::int as received,
        (select count(*) from approvals.cases c where c.matter_id = m.id and c.accepted_on is not null)::int as accepted,
        (select count(*) from approvals.cases c where c.matter_id = m.id and c.status in ('decided', 'completed'))::int as completed,
        (select count(*) from approvals.cases c where c.matter_id = m.id and c.status in ('decided', 'completed') and coalesce(c.workdays_used, 0) <= c.promised_days + c.extension_days)::int as "onTime",
        (select count(*) from approvals.cases c where c.matter_id = m.id and c.status in ('decided', 'completed') and coalesce(c.workdays_used, 0) < c.promised_days)::int as early,
        (select coalesce(sum(c.workdays_used), 0) from approvals.cases c where c.matter_id = m.id and c.status in ('decided', 'completed'))::int as used,
        (select coalesce(sum(greatest(0, c.promised_days - coalesce(c.workdays_used, 0))), 0) from approvals.cases c where c.matter_id = m.id and c.status in ('decided', 'completed'))::int as saved
      from approvals.matters m where m.code in (${A}, ${B}) order by m.code`.execute(owner)).rows;
    const summed = async () => (await sql<Fig>`
      select m.code as matter, coalesce(sum(s.received), 0)::int as received, coalesce(sum(s.accepted), 0)::int as accepted,
        coalesce(sum(s.completed), 0)::int as completed, coalesce(sum(s.on_time), 0)::int as "onTime", coalesce(sum(s.early), 0)::int as early,
        coalesce(sum(s.used_sum), 0)::int as used, coalesce(sum(s.saved_days), 0)::int as saved
      from approvals.matters m left join approvals.case_stats s on s.matter_id = m.id
      where m.code in (${A}, ${B}) group by m.code order by m.code`.execute(owner)).rows;
    const expected = await direct();
    // A: A0–A5 received, A0–A4 accepted, A0–A3 decided (3+3+5+7 days); B: both received, accepted, decided (1+2).
    assert.deepEqual(expected.map((f) => [f.matter, f.received, f.accepted, f.completed, f.used]), [[B, 2, 2, 2, 3], [A, 6, 5, 4, 18]].sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
    assert.deepEqual(await summed(), expected);

    const rowCount = async () => (await sql<{ n: number; keys: number }>`
      select count(*)::int as n, count(distinct (org_path, org_unit_id, matter_id, day))::int as keys from approvals.case_stats`.execute(owner)).rows[0]!;
    const before = await rowCount();
    assert.ok(before.n > before.keys, `each transition appended its own row (${before.n} rows, ${before.keys} days)`);
    const monthly = await call(t, leader, 'GET', `/api/approvals/statistics?groupBy=month&${period}`);
    await sql`select approvals.compact_case_stats()`.execute(owner);
    const after = await rowCount();
    assert.equal(after.n, after.keys, 'one row per bureau, matter and day');
    assert.deepEqual(await summed(), expected);
    const again = await call(t, leader, 'GET', `/api/approvals/statistics?groupBy=month&${period}`);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, monthly.body);
    assert.equal(again.body.total.received, 7);
  });
});
