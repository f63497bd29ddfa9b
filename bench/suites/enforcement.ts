/**
 * Enforcement (执法监察): 200,000 cases bulk-loaded for 播州区 (every status and warning colour),
 * then p95/p99 of the case list (GET /api/enforcement/cases) as the county leader: the first page
 * and a mix of filtered pages (status, warning colour, text). Printed beside the bare-route
 * baseline of the same run.
 */
import autocannon from 'autocannon';
import pg from 'pg';
import type { SuiteContext } from '../suite.ts';

const CASES = Number(process.env.BENCH_ENFORCEMENT_CASES ?? 200_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const quantile = (sorted: number[], p: number) => +(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);

function measure(url: string, headers: Record<string, string>, pick?: () => string) {
  const times: number[] = [];
  // What the non-2xx answers were (503 under pressure, 500 …), so that a failure is not mistaken for speed.
  const statuses: Record<string, number> = {};
  return new Promise<{ rps: number; p50Ms: number; p95Ms: number; p99Ms: number; errors: number; timeouts: number; non2xx: number; statuses: Record<string, number> }>((resolve, reject) => {
    const inst = autocannon({
      url, headers, connections: 16, duration: SECONDS,
      ...(pick ? { requests: [{ setupRequest: (r: autocannon.Request) => ({ ...r, path: pick() }) }] } : {}),
    }, (err, r) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      resolve({ rps: Math.round(r.requests.average), p50Ms: quantile(times, 0.5), p95Ms: quantile(times, 0.95), p99Ms: quantile(times, 0.99), errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, statuses });
    });
    inst.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
      times.push(ms);
      if (status < 200 || status > 299) statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

async function login(appUrl: string, username: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Sunland@2026' }) });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sunland_session='));
  if (!res.ok || !cookie) throw new Error(`login ${username}: ${res.status}`);
  return cookie.split(';')[0]!;
}

export async function run(ctx: SuiteContext): Promise<void> {
  const { appUrl, ownerUrl } = ctx.info;
  const db = new pg.Client({ connectionString: ownerUrl });
  await db.connect();
  try {
    const t0 = Date.now();
    await db.query(`
      insert into enforcement.cases (case_no, org_path, org_unit_id, division_code, status, stage, warn_level, title, summary, party_name,
        not_filed_reason, transferred_to, transfer_reason, closed_by, created_at)
      select 'ZFB' || lpad(g::text, 9, '0'), u.path, u.id, '520304',
        (array['proposed','investigating','reviewing','notified','decided','executing','closed','not_filed','transferred'])[1 + (g % 9)],
        null, (array['green','green','green','yellow','red'])[1 + (g % 5)],
        '基准测试案件 ' || g, '基准测试：未经批准占用土地。', '当事人' || (g % 5000),
        '不予立案（基准）', '公安机关', '涉嫌犯罪（基准）', 1, now() - (g || ' minutes')::interval
      from generate_series(1, $1::int) g, (select id, path from orgs.org_units where code = '520304-B') u`, [CASES]);
    await db.query('analyze enforcement.cases');
    const count = (await db.query<{ n: number }>('select count(*)::int as n from enforcement.cases')).rows[0]!.n;
    ctx.emit({ bench: 'enforcement.bulk_load', cases: count, ms: Date.now() - t0 });

    const cookie = await login(appUrl, 'leader');
    const first = await measure(`${appUrl}/api/enforcement/cases?pageSize=50`, { cookie });
    ctx.emit({ bench: 'enforcement.case_list', route: 'GET /api/enforcement/cases?pageSize=50', cases: count, ...first, bareRps: ctx.bareRps, vsBareRps: +(first.rps / ctx.bareRps).toFixed(3) });
    // Percent-encoded as a browser sends it: raw UTF-8 in the request line is refused (400), which earlier runs counted as answers.
    const filters = ['status=investigating', 'warn=red', 'status=closed&page=3', 'q=ZFB000012345', `q=${encodeURIComponent('当事人42')}`];
    let i = 0;
    const filtered = await measure(`${appUrl}/api/enforcement/cases?pageSize=50`, { cookie }, () => `/api/enforcement/cases?pageSize=50&${filters[i++ % filters.length]}`);
    ctx.emit({ bench: 'enforcement.case_list_filtered', route: 'GET /api/enforcement/cases?pageSize=50&<status|warn|q|page>', cases: count, ...filtered, bareRps: ctx.bareRps, vsBareRps: +(filtered.rps / ctx.bareRps).toFixed(3) });
  } finally {
    await db.end();
  }
}
