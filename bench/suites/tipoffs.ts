/**
 * Tip-offs (12336): 200,000 reports bulk-loaded into the ledger (two years, every stage and
 * warning colour, the townships of 播州区), then
 *  - p95/p99 of the ledger list (GET /api/tipoffs/reports) as the city's intake clerk: first
 *    page, and a mix of filtered pages (stage, warning colour, type, area, channel, text);
 *  - report submissions per second through the public form path: GET challenge → solve the
 *    proof of work → POST with an Idempotency-Key, by 8 concurrent clients with distinct
 *    client addresses in X-Forwarded-For. bench/target.ts starts the app with
 *    TRUST_PROXY=127.0.0.1, so the header sent over loopback is believed and the 5/min per-IP
 *    submit limit applies per simulated citizen (without it every request would count against
 *    127.0.0.1 and all but five a minute would answer 429). The difficulty is the `powDifficulty` setting
 *    (tipoffs.settings, PUT /api/tipoffs/settings; no environment variable): lowered to
 *    BENCH_TIPOFFS_POW_BITS (8) for the throughput figure so it measures the server, and the
 *    client's solve time at the default 18 bits is measured on its own.
 * Each figure is printed beside the bare-route baseline of the same run.
 */
import crypto from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import type { SuiteContext } from '../suite.ts';
import { solve } from '../../web/src/modules/tipoffs/pow/pow.ts';

const REPORTS = Number(process.env.BENCH_TIPOFFS_REPORTS ?? 200_000);
const BENCH_BITS = Number(process.env.BENCH_TIPOFFS_POW_BITS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

interface Measured { rps: number; p50Ms: number; p95Ms: number; p99Ms: number; errors: number; non2xx: number; requests: number }

const quantile = (sorted: number[], p: number) => +(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);

/** autocannon keeping every response time (it reports no p95); `pick` varies the path per request. */
function measure(url: string, headers: Record<string, string>, pick?: () => string): Promise<Measured> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const inst = autocannon({
      url, headers, connections: 16, duration: SECONDS,
      ...(pick ? { requests: [{ setupRequest: (r: autocannon.Request) => ({ ...r, path: pick() }) }] } : {}),
    }, (err, r) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      resolve({ rps: Math.round(r.requests.average), p50Ms: quantile(times, 0.5), p95Ms: quantile(times, 0.95), p99Ms: quantile(times, 0.99), errors: r.errors, non2xx: r.non2xx, requests: times.length });
    });
    inst.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => { times.push(ms); });
  });
}

/** Loads REPORTS reports with the owner connection (exported so a script can EXPLAIN the ledger queries on them). */
export async function bulkLoad(db: pg.Client): Promise<number> {
  const t0 = Date.now();
  const paths = await db.query<{ code: string; path: string }>(`select code, path::text as path from orgs.org_units where code in ('520300-B', '520304-B')`);
  const city = paths.rows.find((r) => r.code === '520300-B')?.path;
  const county = paths.rows.find((r) => r.code === '520304-B')?.path;
  if (!city || !county) throw new Error('demo bureaus 520300-B / 520304-B missing');
  await db.query('begin');
  await db.query(`create temp table bt on commit drop as
    select (row_number() over (order by code) - 1)::int as i, code, path from orgs.divisions where parent_code = '520304' and valid_to is null`);
  await db.query(`
    with x as (
      select g, random() as r, random() as r2, random() as r3, random() as r4 from generate_series(1, $1::int) g
    ), s as (
      select x.*, bt.code as division_code, bt.path as division_path,
        case when r < 0.02 then 'received' when r < 0.04 then 'accepted' when r < 0.07 then 'refused' when r < 0.14 then 'assigned'
             when r < 0.18 then 'verified' when r < 0.20 then 'disposed' when r < 0.23 then 'feedback_given' when r < 0.97 then 'closed' else 'merged' end as status,
        now() - make_interval(days => (730 * r2)::int, mins => (r3 * 600)::int) as received_at
      from x join bt on bt.i = x.g % (select count(*) from bt)
    )
    insert into tipoffs.reports (report_no, tracking_code, channel, violation_type, status, division_code, division_path, address, lon, lat,
      party, facts, intake_org_path, org_path, received_at, received_on, stage, stage_started_on, stage_due_date, warn_level,
      county_code, county_org_path, assigned_by_path, assign_mode, assigned_at, closed_at)
    select 'JBB' || lpad(g::text, 9, '0'), encode(sha256(('bench-' || g)::bytea), 'hex'),
      (array['web','hotline','letter','email','leader','lower_level','media','other','open311'])[1 + (g % 9)],
      (array['land_illegal_approval','land_illegal_occupation','land_illegal_transfer','land_farmland_damage','land_other',
             'mineral_illegal_exploration','mineral_illegal_mining','mineral_illegal_approval','mineral_illegal_transfer','mineral_other'])[1 + (g % 10)],
      status, division_code, division_path::ltree, '播州区测试地址 ' || g || ' 号', 106.6 + r3 * 0.6, 27.3 + r4 * 0.5,
      '测试单位 ' || (g % 5000), '批量生成的测试线索，用于台账列表性能测试。编号 ' || g,
      $2::ltree, case when status in ('received','accepted','refused','merged') then $2::ltree else $3::ltree end,
      received_at, (received_at at time zone 'Asia/Shanghai')::date,
      case status when 'received' then 'triage' when 'accepted' then 'assign' when 'assigned' then 'verify' when 'verified' then 'dispose'
                  when 'disposed' then 'feedback' when 'feedback_given' then 'close' end,
      case when status in ('received','accepted','assigned','verified','disposed','feedback_given') then (received_at at time zone 'Asia/Shanghai')::date end,
      case when status in ('received','accepted','assigned','verified','disposed','feedback_given') then (received_at at time zone 'Asia/Shanghai')::date + 10 end,
      case when status in ('closed','refused','merged') then 'green' when r4 < 0.5 then 'red' when r4 < 0.7 then 'yellow' else 'green' end,
      case when status in ('assigned','verified','disposed','feedback_given','closed') then '520304' end,
      case when status in ('assigned','verified','disposed','feedback_given','closed') then $3::ltree end,
      case when status in ('assigned','verified','disposed','feedback_given','closed') then $2::ltree end,
      case when status in ('assigned','verified','disposed','feedback_given','closed') then 'transfer' end,
      case when status in ('assigned','verified','disposed','feedback_given','closed') then received_at + interval '2 days' end,
      case when status = 'closed' then received_at + interval '40 days' end
    from s`, [REPORTS, city, county]);
  await db.query('commit');
  await db.query('analyze tipoffs.reports');
  return Date.now() - t0;
}

async function login(appUrl: string, username: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Sunland@2026' }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sunland_session='));
  if (!res.ok || !cookie) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

/** One citizen's submit through the public form path: challenge → proof of work → POST. */
async function submitOne(appUrl: string, ip: string, n: number): Promise<number> {
  const headers = { 'x-forwarded-for': ip, accept: 'application/json' };
  const c = await fetch(`${appUrl}/api/public/tipoffs/challenge`, { headers });
  if (!c.ok) return c.status;
  const { challenge, difficulty } = await c.json() as { challenge: string; difficulty: number };
  let nonce = 0;
  while (true) {
    const d = crypto.createHash('sha256').update(challenge + nonce).digest();
    let bits = 0;
    for (const b of d) { if (b === 0) { bits += 8; continue; } bits += Math.clz32(b) - 24; break; }
    if (bits >= difficulty) break;
    nonce++;
  }
  const res = await fetch(`${appUrl}/api/public/tipoffs/reports`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({
      violationType: 'land_illegal_occupation',
      // Spread far apart so the duplicate proposals stay few, as in real life.
      place: { divisionCode: '520304102', address: `三岔镇压测地址 ${n} 号`, point: { lon: 100 + (n % 300) * 0.05, lat: 25 + Math.floor(n / 300) % 100 * 0.05 } },
      party: '压测单位', facts: '压测提交的举报，用于测量公开表单的吞吐量。', files: [],
      reporter: { anonymous: true }, pow: { challenge, nonce: String(nonce) },
    }),
  });
  await res.arrayBuffer();
  return res.status;
}

async function submissions(appUrl: string, clients: number): Promise<{ rps: number; p50Ms: number; p95Ms: number; p99Ms: number; ok: number; failed: Record<string, number> }> {
  const times: number[] = [];
  const failed: Record<string, number> = {};
  let ok = 0;
  let n = 0;
  const end = Date.now() + SECONDS * 1000;
  const t0 = Date.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (Date.now() < end) {
      const i = n++;
      const s = performance.now();
      const status = await submitOne(appUrl, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, i);
      times.push(performance.now() - s);
      if (status === 201) ok++;
      else failed[status] = (failed[status] ?? 0) + 1;
    }
  }));
  times.sort((a, b) => a - b);
  return { rps: +(ok / ((Date.now() - t0) / 1000)).toFixed(1), p50Ms: quantile(times, 0.5), p95Ms: quantile(times, 0.95), p99Ms: quantile(times, 0.99), ok, failed };
}

export async function run(ctx: SuiteContext): Promise<void> {
  const { appUrl, ownerUrl } = ctx.info;
  const db = new pg.Client({ connectionString: ownerUrl });
  await db.connect();
  try {
    const loadMs = await bulkLoad(db);
    const count = (await db.query<{ n: number }>('select count(*)::int as n from tipoffs.reports')).rows[0]!.n;
    ctx.emit({ bench: 'tipoffs.bulk_load', reports: count, ms: loadMs });

    const cookie = await login(appUrl, 'hotline');
    const first = await measure(`${appUrl}/api/tipoffs/reports?limit=50`, { cookie });
    ctx.emit({ bench: 'tipoffs.ledger_list', route: 'GET /api/tipoffs/reports?limit=50', reports: count, ...first, bareRps: ctx.bareRps, vsBareRps: +(first.rps / ctx.bareRps).toFixed(3) });

    const filters = [
      'status=assigned', 'warnLevel=red', 'warnLevel=yellow&status=verified', 'violationType=mineral_illegal_mining', 'channel=hotline',
      'divisionCode=520304102', 'from=2026-01-01&to=2026-03-31', 'q=JBB000012345', 'status=closed&divisionCode=520304',
    ];
    let k = 0;
    const filtered = await measure(`${appUrl}/api/tipoffs/reports?limit=50`, { cookie }, () => `/api/tipoffs/reports?limit=50&${filters[k++ % filters.length]}`);
    ctx.emit({ bench: 'tipoffs.ledger_list_filtered', route: 'GET /api/tipoffs/reports?limit=50&<stage|warning|type|channel|area|dates|q>', reports: count, ...filtered, bareRps: ctx.bareRps, vsBareRps: +(filtered.rps / ctx.bareRps).toFixed(3) });

    // Which filter costs what (median of 3 sequential calls each), to point at a missing index.
    // Plus a Chinese free text that finds one report (the trigram index, migration 0203).
    const perFilter: Record<string, number> = {};
    for (const f of [...filters, `q=${encodeURIComponent('测试地址 12345 号')}`]) {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) {
        const s = performance.now();
        await (await fetch(`${appUrl}/api/tipoffs/reports?limit=50&${f}`, { headers: { cookie } })).arrayBuffer();
        ms.push(performance.now() - s);
      }
      perFilter[decodeURIComponent(f)] = Math.round(ms.sort((a, b) => a - b)[1]!);
    }
    ctx.emit({ bench: 'tipoffs.ledger_list_by_filter', medianMs: perFilter });

    // The solve time a citizen's browser spends at the configured difficulty (the web app's own solver).
    const configured = (await db.query<{ d: number }>(`select coalesce((select pow_difficulty from tipoffs.settings where org_path = 'cn'), 18) as d`)).rows[0]!.d;
    const solveMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await solve(crypto.randomBytes(24).toString('base64url'), configured);
      solveMs.push(performance.now() - s);
    }
    solveMs.sort((a, b) => a - b);
    ctx.emit({ bench: 'tipoffs.pow_solve', difficultyBits: configured, medianMs: Math.round(solveMs[2]!), maxMs: Math.round(solveMs[4]!), note: 'web solver (pow.ts) on Node, one thread; a browser is in the same range' });

    await db.query(`insert into tipoffs.settings (org_path, pow_difficulty) values ('cn', $1) on conflict (org_path) do update set pow_difficulty = $1`, [BENCH_BITS]);
    try {
      const sub = await submissions(appUrl, 8);
      ctx.emit({ bench: 'tipoffs.public_submit', route: 'GET challenge + PoW + POST /api/public/tipoffs/reports', powBits: BENCH_BITS, clients: 8, ...sub,
        bareRps: ctx.bareRps, note: 'reports created per second; the client solves the PoW in the same process' });
    } finally {
      await db.query(`update tipoffs.settings set pow_difficulty = $1 where org_path = 'cn'`, [configured]);
    }
  } finally {
    await db.end();
  }
}
