/**
 * 统计直报 at national scale: every county of the divisions table (≈2,850; the issue asks 3,000)
 * × 100 indicators × 12 months of accepted reports of a bench form, bulk-loaded; then the
 * national roll-up of one form and period by province (p50/p95/p99 over HTTP, as a ministry
 * account) beside the bare route of the same run: cold (each period's first roll-up, the SQL
 * aggregate) and warm (answered under its stamp, migration 0970). Then an Excel import of one
 * county's filled template (100 indicators: dry run and import, rows/s) and 200 simultaneous
 * submissions, each a county's report sent twice at once (exactly one of the two must win).
 */
import autocannon from 'autocannon';
import pg from 'pg';
import readExcelFile from 'read-excel-file/node';
import writeExcelFile from 'write-excel-file/node';
import type { SuiteContext } from '../suite.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const INDICATORS = 100;
const SUBMITTERS = Number(process.env.BENCH_STAT_SUBMITTERS ?? 200);
const IMPORTS = 10;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const pq = (sorted: number[], p: number) => +(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);
const stats = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return { p50Ms: pq(s, 0.5), p95Ms: pq(s, 0.95), maxMs: pq(s, 1) }; };

async function loginAs(appUrl: string, username: string, ip: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ username, password: 'Sunland@2026' }) });
  const cookie = res.headers.getSetCookie().find((x) => x.startsWith('sunland_session='))?.split(';')[0];
  if (!cookie) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return cookie;
}

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
    await c.query('analyze statistics.reports; analyze statistics.report_values; analyze statistics.assignments; analyze statistics.rollup_parts');
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

    // Cold: the first roll-up of each other month (no cached answer: the one SQL aggregate).
    const cold: number[] = [];
    for (const m of ['01', '02', '03', '04', '05', '07', '08', '09', '10', '11', '12']) {
      const s = performance.now();
      const res = await fetch(`${info.appUrl}/api/statistics/rollup?form=BENCH&period=2025${m}&by=province`, { headers: { cookie } });
      const b = await res.json() as { total: { units: number } };
      cold.push(performance.now() - s);
      if (res.status !== 200 || b.total.units !== Number(r.units)) throw new Error(`cold roll-up 2025${m}: ${res.status}`);
    }
    emit({ bench: 'statistics.national_rollup_cold', route: 'GET /api/statistics/rollup?by=province (first of its period)', periods: cold.length, ...stats(cold), bareRps, goalP95Ms: 1000 });

    // Excel import: 播州区's statistician fills the BENCH template (100 indicators) for 2026-10,
    // a period open today, and uploads it: dry run, then import (all or nothing), IMPORTS times each.
    await c.query(`insert into statistics.periods (form_id, period, version_id, starts_on, ends_on, opens_on, due_on)
      values ($1, '202610', $2, '2026-10-01', '2026-10-31', current_date - 1, current_date + 10), ($1, '202609', $2, '2026-09-01', '2026-09-30', current_date - 1, current_date + 10)`, [formId, v.rows[0]!.id]);
    const county = await loginAs(info.appUrl, 'bz_stat', '10.16.0.1');
    const tpl = await fetch(`${info.appUrl}/api/statistics/my/BENCH/202610/template.xlsx`, { headers: { cookie: county } });
    if (tpl.status !== 200) throw new Error(`template: ${tpl.status} ${await tpl.text()}`);
    const sheets = (await readExcelFile(Buffer.from(await tpl.arrayBuffer()))) as { sheet: string; data: unknown[][] }[];
    const grid = sheets[0]!.data.map((row) => [...row]);
    const head = grid.findIndex((row) => row.includes('甲') && row.includes('1'));
    const col = grid[head]!.indexOf('1');
    let filledRows = 0;
    for (const row of grid) if (typeof row[1] === 'string' && /^r\d{3}$/.test(row[1])) { row[col] = 10 + filledRows * 0.25; filledRows++; }
    const cellOf = (x: unknown) => (x === null || x === undefined ? null : { value: x, type: typeof x === 'number' ? Number : String });
    const xlsx = (await writeExcelFile(sheets.map((sh, i) => ({ sheet: sh.sheet, data: (i === 0 ? grid : sh.data).map((row) => row.map(cellOf)) })) as never).toBuffer()) as Buffer;
    const upload = async (dryRun: '0' | '1') => {
      const s = performance.now();
      const res = await fetch(`${info.appUrl}/api/statistics/my/BENCH/202610/excel?dryRun=${dryRun}`, { method: 'POST', headers: { cookie: county, 'content-type': XLSX }, body: new Uint8Array(xlsx) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`excel dryRun=${dryRun}: ${res.status} ${text.slice(0, 300)}`);
      return performance.now() - s;
    };
    const dry: number[] = []; const real: number[] = [];
    for (let i = 0; i < IMPORTS; i++) { dry.push(await upload('1')); real.push(await upload('0')); }
    const imported = await c.query<{ n: string }>(`select count(*) n from statistics.report_values v join statistics.reports r on r.id = v.report_id join statistics.periods p on p.id = r.period_id
       where p.form_id = $1 and p.period = '202610' and r.division_code = '520304' and v.source = 'excel'`, [formId]);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    emit({ bench: 'statistics.excel_import', route: 'POST /api/statistics/my/:form/:period/excel', rows: filledRows, bytes: xlsx.length, runs: IMPORTS, stored: Number(imported.rows[0]!.n),
      dryRun: { ...stats(dry), rowsPerSecond: +(filledRows / (median(dry) / 1000)).toFixed(0) }, import: { ...stats(real), rowsPerSecond: +(filledRows / (median(real) / 1000)).toFixed(0) }, bareRps });

    // 200 simultaneous submissions: 200 counties outside 贵州 get a statistician account and a
    // filled draft of 2026-09; each sends its submission twice at once (400 requests in flight).
    await c.query('begin');
    const picked = await c.query<{ code: string; path: string; name: string }>(`select code, path::text, name from orgs.divisions where level = 'county' and valid_to is null and code not like '52%' order by code limit $1`, [SUBMITTERS]);
    await c.query(`insert into orgs.org_units (division_code, kind, code, name, level, path, scope_path)
      select code, 'bureau', code || '-BENCH', name || '自然资源局', 'county', path, path from orgs.divisions where code = any($1::text[]) and valid_to is null`, [picked.rows.map((x) => x.code)]);
    await c.query(`insert into identity.users (username, display_name, kind, org_unit_id, org_path, password_hash)
      select 'bench_stat_' || u.division_code, u.name || '统计员', 'staff', u.id, u.path, (select password_hash from identity.users where username = 'window')
        from orgs.org_units u where u.code like '%-BENCH'`);
    await c.query(`insert into access.posts (user_id, org_unit_id, role_id, scope_path)
      select us.id, us.org_unit_id, (select id from access.roles where code = 'statistician'), us.org_path from identity.users us where us.username like 'bench_stat_%'`);
    const p9 = await c.query<{ id: string }>(`select id from statistics.periods where form_id = $1 and period = '202609'`, [formId]);
    await c.query(`insert into statistics.reports (period_id, form_id, org_path, division_code, unit_name)
      select $1, $2, a.org_path, a.division_code, a.unit_name from statistics.assignments a where a.form_id = $2 and a.division_code = any($3::text[])`, [p9.rows[0]!.id, formId, picked.rows.map((x) => x.code)]);
    await c.query(`insert into statistics.report_values (report_id, org_path, cell, value)
      select r.id, r.org_path, 'r' || lpad(i::text, 3, '0') || '.1', i from statistics.reports r cross join generate_series(1, ${INDICATORS}) i where r.period_id = $1`, [p9.rows[0]!.id]);
    await c.query('commit');
    const cookies: string[] = Array.from({ length: picked.rows.length }, () => '');
    let nextLogin = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = nextLogin++; i < picked.rows.length; i = nextLogin++) cookies[i] = await loginAs(info.appUrl, `bench_stat_${picked.rows[i]!.code}`, `10.19.${Math.floor(i / 200)}.${1 + (i % 200)}`);
    }));
    const submit = async (cookieOf: string) => {
      const s = performance.now();
      const res = await fetch(`${info.appUrl}/api/statistics/my/BENCH/202609/submit`, {
        method: 'POST', headers: { cookie: cookieOf, 'content-type': 'application/json' }, body: JSON.stringify({ responsiblePerson: '局长', statistician: '统计员', expectedRevision: 0 }),
      });
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - s };
    };
    const s0 = performance.now();
    const answers = await Promise.all(cookies.flatMap((ck) => [submit(ck), submit(ck)]));
    const wall = performance.now() - s0;
    const perCounty = cookies.map((_, i) => [answers[2 * i]!, answers[2 * i + 1]!]);
    const wonOnce = perCounty.filter((pair) => pair.filter((a) => a.status === 200).length === 1).length;
    const db9 = await c.query<{ submitted: string; revisions: string }>(`select count(*) filter (where r.status = 'submitted' and r.revision = 1) submitted,
       (select count(*) from statistics.revisions rv join statistics.reports r2 on r2.id = rv.report_id where r2.period_id = $1) revisions from statistics.reports r where r.period_id = $1`, [p9.rows[0]!.id]);
    const codes: Record<string, number> = {};
    for (const a of answers) codes[a.status] = (codes[a.status] ?? 0) + 1;
    emit({ bench: 'statistics.concurrent_submissions', route: 'POST /api/statistics/my/:form/:period/submit', counties: cookies.length, requests: answers.length, statuses: codes,
      countiesWonExactlyOnce: wonOnce, reportsSubmitted: Number(db9.rows[0]!.submitted), revisions: Number(db9.rows[0]!.revisions), wallMs: +wall.toFixed(0),
      winners: stats(answers.filter((a) => a.status === 200).map((a) => a.ms)), all: stats(answers.map((a) => a.ms)), bareRps });
  } finally {
    await c.end();
  }
}
