import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from './tipoffs.test-helpers.ts';
import { demoReportCount, seedDemoReports } from './tipoffs.demo-reports.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;

describe('demo tip-off reports (TIPOFFS_DEMO_REPORTS)', () => {
  it('the test template has none (npm test sets TIPOFFS_DEMO_REPORTS=0)', async () => {
    assert.equal(demoReportCount(), 0);
    const n = await sql<{ n: number }>`select count(*)::int as n from tipoffs.reports`.execute(db);
    assert.equal(n.rows[0]!.n, 0);
  });

  it('seeds a deterministic ledger that keeps the rules', async () => {
    const res = await db.transaction().execute((trx) => seedDemoReports(trx, 120));
    assert.equal(res.reports, 120);
    assert.ok(res.duplicates >= 2, `duplicates ${res.duplicates}`);
    const byStatus = await sql<{ status: string; n: number }>`select status, count(*)::int as n from tipoffs.reports group by status`.execute(db);
    const statuses = new Set(byStatus.rows.map((r) => r.status));
    for (const s of ['received', 'assigned', 'verified', 'closed', 'refused', 'merged']) assert.ok(statuses.has(s), `status ${s} missing: ${[...statuses].join(',')}`);
    // Nothing closed without disposal, evidence and feedback, and every closed one assigned by the city.
    const bad = await sql<{ n: number }>`select count(*)::int as n from tipoffs.reports r where r.status = 'closed' and (
        r.disposal_outcome is null or r.feedback_at is null or r.closed_at is null or r.assigned_by_path is null
        or not exists (select 1 from tipoffs.files f where f.report_id = r.id and f.stage in ('verify', 'dispose', 'evidence')))`.execute(db);
    assert.equal(bad.rows[0]!.n, 0);
    // A running stage clock on every open report, none on the ended ones; refusals have a reason.
    const clocks = await sql<{ n: number }>`select count(*)::int as n from tipoffs.reports where
        (status in ('received','accepted','assigned','verified','disposed','feedback_given')) <> (stage is not null)
        or (status = 'refused' and refusal_reason is null) or (status = 'merged' and merged_into_id is null)
        or (disposal_outcome = 'case_filed' and disposal_case_no is null)`.execute(db);
    assert.equal(clocks.rows[0]!.n, 0);
    // Assigned reports live at the county; the others at the city.
    const scope = await sql<{ n: number }>`select count(*)::int as n from tipoffs.reports where status <> 'merged' and
        ((assigned_by_path is null) <> (org_path = intake_org_path))`.execute(db);
    assert.equal(scope.rows[0]!.n, 0);
    // Some overdue: red and yellow with their open warnings.
    const warn = await sql<{ level: string; n: number }>`select w.level, count(*)::int as n from tipoffs.warnings w where w.cleared_at is null group by w.level`.execute(db);
    const red = warn.rows.find((r) => r.level === 'red')?.n ?? 0;
    assert.ok(red > 0, 'some red warnings');
    const redReports = await sql<{ n: number }>`select count(*)::int as n from tipoffs.reports where warn_level = 'red'`.execute(db);
    assert.equal(redReports.rows[0]!.n, red);

    // The staff API shows them: the city's intake clerk lists the ledger; the county sees only its own.
    const hotline = await loginAs(t, 'hotline');
    const list = await call(t, hotline, 'GET', '/api/tipoffs/reports?limit=200');
    assert.equal(list.status, 200);
    const total = await sql<{ n: number }>`select count(*)::int as n from tipoffs.reports where org_path <@ 'cn.p52.c5203'::ltree`.execute(db);
    assert.equal(list.body.items.length, Math.min(200, total.rows[0]!.n));
    const rising = await call(t, hotline, 'GET', '/api/tipoffs/trends/rising');
    assert.equal(rising.status, 200);
    const weeks = await sql<{ w: string; n: number }>`select to_char(date_trunc('week', received_on::timestamp), 'MM-DD') || ':' || left(division_code, 6) as w, count(*)::int as n from tipoffs.reports group by 1 order by 1`.execute(db);
    assert.ok(JSON.stringify(rising.body).includes('520304'), `rising: ${JSON.stringify(rising.body)} ${weeks.rows.map((x) => `${x.w}=${x.n}`).join(' ')}`);
    // Open311 GET lists them without reporter data.
    const o = await t.inject({ method: 'GET', url: '/open311/v2/requests.json' });
    assert.equal(o.statusCode, 200);
    const reqs = o.json() as { service_request_id: string; status: string }[];
    assert.ok(reqs.length > 20, `open311 ${reqs.length}`);
    assert.ok(reqs.some((x) => x.status === 'closed') && reqs.some((x) => x.status === 'open'));

    // Deterministic: a second database seeded the same way gives the same addresses and states.
    const first = await sql<{ sig: string }>`select md5(string_agg(status || address || violation_type || channel, ',' order by id)) as sig from tipoffs.reports`.execute(db);
    await db.transaction().execute(async (trx) => {
      await sql`delete from tipoffs.duplicates`.execute(trx);
      for (const tb of ['warnings', 'events', 'stages', 'files', 'reporters']) await sql.raw(`delete from tipoffs.${tb}`).execute(trx);
      await sql`update tipoffs.reports set merged_into_id = null`.execute(trx);
      await sql`delete from tipoffs.reports`.execute(trx);
      await seedDemoReports(trx, 120);
    });
    const again = await sql<{ sig: string }>`select md5(string_agg(status || address || violation_type || channel, ',' order by id)) as sig from tipoffs.reports`.execute(db);
    assert.equal(again.rows[0]!.sig, first.rows[0]!.sig);
  });
});
