/**
 * 统计直报 at national scale: every county of the divisions table (≈2,850; the issue asks 3,000)
 * × 100 indicators × 12 months of accepted reports of a bench form, bulk-loaded; then the
 * national roll-up of one form and period by province (p50/p95/p99 over HTTP, as a ministry
 * account) beside the bare route of the same run.
 */
import autocannon from 'autocannon';
import pg from 'pg';
import type { SuiteContext } from '../suite.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const INDICATORS = 100;

function measure(url: string, cookie: string, connections: number) {
  const times: number[] = [];
  return new Promise<{ rps: number; p50Ms: number; p95Ms: number; p99Ms: number; errors: number; non2xx: number; requests: number }>((resolve, reject) => {
    const inst = autocannon({ url, connections, duration: SECONDS, headers: { cookie } }, (err, r) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      const q = (p: number) => +(times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1);
      resolve({ rps: +r.requests.average.toFixed(1), p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99), errors: r.errors, non2xx: r.non2xx, requests: times.length });
    });
    inst.on('response', (_c: unknown, _s: number, _b: number, ms: number) => { times.push(ms); });
  });
}

export async function run(ctx: SuiteContext): Promise<void> {
  const { info, emit, bareRps } = ctx;
  const c = new pg.Client({ connectionString: info.ownerUrl });
  c.on('error', () => undefined);
  await c.connect();
  try {
    const l0 = Date.now();
    await c.query('begin');
    const rows = Array.from({ length: INDICATORS }, (_, i) => ({ code: `r${String(i + 1).padStart(3, '0')}`, name: `指标${i + 1}` }));
    const def = { rows, columns: [{ code: '1', name: '本期', decimals: 2 }], blank: [], checks: [], derived: [] };
    const f = await c.query<{ id: string }>(`insert into statistics.forms (code, table_no, name, authority, period_type, window_days) values ('BENCH', '基准表', '基准测试表', '自然资源部', 'monthly', 10) returning id`);
    const formId = f.rows[0]!.id;
    const v = await c.query<{ id: string }>('insert into statistics.form_versions (form_id, version, definition) values ($1, 1, $2) returning id', [formId, JSON.stringify(def)]);
    await c.query(`insert into statistics.periods (form_id, period, version_id, starts_on, ends_on, opens_on, due_on)
      select $1, to_char(m, 'YYYYMM'), $2, m::date, (m + interval '1 month - 1 day')::date, (m + interval '1 month')::date, (m + interval '1 month 9 days')::date
        from generate_series('2025-01-01'::timestamp, '2025-12-01', interval '1 month') m`, [formId, v.rows[0]!.id]);
    await c.query(`insert into statistics.assignments (form_id, org_path, division_code, unit_name, valid_from)
      select $1, path, code, name || '自然资源局', '2000-01-01' from orgs.divisions where level = 'county' and valid_to is null`, [formId]);
    await c.query(`insert into statistics.reports (period_id, form_id, org_path, division_code, unit_name, status, revision, first_submitted_at, submitted_at, accepted_at)
      select p.id, $1, a.org_path, a.division_code, a.unit_name, 'accepted', 1, p.due_on - 2, p.due_on - 2, p.due_on - 1
        from statistics.periods p cross join statistics.assignments a where p.form_id = $1 and a.form_id = $1`, [formId]);
    await c.query(`insert into statistics.report_values (report_id, org_path, cell, value)
      select r.id, r.org_path, 'r' || lpad(i::text, 3, '0') || '.1', ((r.id * 7 + i * 13) % 1000) / 10.0
        from statistics.reports r cross join generate_series(1, ${INDICATORS}) i where r.form_id = $1`, [formId]);
    const counts = await c.query<{ units: string; reports: string; values: string }>(`select (select count(*) from statistics.assignments where form_id = $1) units,
      (select count(*) from statistics.reports where form_id = $1) reports, (select count(*) from statistics.report_values v join statistics.reports r on r.id = v.report_id where r.form_id = $1) "values"`, [formId]);
    // A ministry account (部) with the reviewer role: its scope is the whole country.
    const unit = await c.query<{ id: string }>(`insert into orgs.org_units (division_code, kind, code, name, level, path, scope_path) values ('000000', 'bureau', '000000-B', '自然资源部', 'ministry', 'cn', 'cn') returning id`);
    const user = await c.query<{ id: string }>(`insert into identity.users (username, display_name, kind, org_unit_id, org_path, password_hash)
      select 'bench_ministry', '部统计（基准）', 'staff', $1, 'cn', password_hash from identity.users where username = 'window' returning id`, [unit.rows[0]!.id]);
    await c.query(`insert into access.posts (user_id, org_unit_id, role_id, scope_path) select $1, $2, id, 'cn' from access.roles where code = 'statistics_reviewer'`, [user.rows[0]!.id, unit.rows[0]!.id]);
    await c.query('commit');
    await c.query('analyze statistics.reports; analyze statistics.report_values; analyze statistics.assignments');
    const r = counts.rows[0]!;
    emit({ bench: 'statistics.bulk_load', units: Number(r.units), indicators: INDICATORS, months: 12, reports: Number(r.reports), values: Number(r.values), seconds: +((Date.now() - l0) / 1000).toFixed(1) });

    const login = await fetch(`${info.appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench_ministry', password: 'Sunland@2026' }) });
    const cookie = login.headers.getSetCookie().find((x) => x.startsWith('sunland_session='))?.split(';')[0];
    if (!cookie) throw new Error(`bench login failed: ${login.status} ${await login.text()}`);
    const url = `${info.appUrl}/api/statistics/rollup?form=BENCH&period=202506&by=province`;
    const check = await fetch(url, { headers: { cookie } });
    const body = await check.json() as { groups: unknown[]; total: { units: number } };
    if (check.status !== 200 || body.total.units !== Number(r.units)) throw new Error(`roll-up answered ${check.status} with ${body.total?.units} units`);
    const one = await measure(url, cookie, 1);
    emit({ bench: 'statistics.national_rollup', route: 'GET /api/statistics/rollup?by=province', units: body.total.units, groups: body.groups.length, connections: 1, ...one, bareRps, goalP95Ms: 1000 });
    const four = await measure(url, cookie, 4);
    emit({ bench: 'statistics.national_rollup_concurrent', route: 'GET /api/statistics/rollup?by=province', connections: 4, ...four, bareRps, vsBareRps: +(four.rps / bareRps).toFixed(5) });
  } finally {
    await c.end();
  }
}
