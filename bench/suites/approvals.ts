/**
 * Approvals at county scale: 100,000 cases bulk-loaded with their stages, opinions, timeline
 * and document links (spread over two years, nine states and the twelve demo matters), then
 *  - p95/p99 of the window queue (GET /api/approvals/window/queue),
 *  - p95/p99 of the case page of random cases (GET /api/approvals/cases/:caseNo),
 *  - p95/p99 of the statistics per matter over a year (GET /api/approvals/statistics),
 *  - whole case lifecycles per second through the API (walk-in → accept → review → decide →
 *    complete), one at a time and four at once,
 * each printed beside the bare-route baseline of the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import type { SuiteContext } from '../suite.ts';

const CASES = Number(process.env.BENCH_APPROVALS_CASES ?? 100_000);
const MATTER = '520304-QR-0001'; // 土地抵押登记: one review stage (landuse)
const MIGRATION_0120 = fs.readFileSync(path.join(import.meta.dirname, '../../server/migrations/0120_approvals_indexes.sql'), 'utf8');
/** The state before migration 0120: its indexes gone, the read policy of cases as 0100 wrote it. */
const WITHOUT_0120 = `
  drop index approvals.cases_waiting, approvals.case_documents_case, approvals.opinions_case, approvals.extensions_case, approvals.warnings_case, approvals.urges_case;
  alter policy cases_read on approvals.cases using (approvals.visible(org_path, applicant_user_id));`;

interface Measured { rps: number; p50Ms: number; p95Ms: number; p99Ms: number; errors: number; non2xx: number; requests: number }

/** autocannon with every response time kept, for the p95 autocannon does not report; `pick` varies the path. */
function measure(url: string, headers: Record<string, string>, pick?: () => string): Promise<Measured> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const inst = autocannon({
      url, headers, connections: 16, duration: Number(process.env.BENCH_SECONDS ?? 5),
      ...(pick ? { requests: [{ setupRequest: (r: autocannon.Request) => ({ ...r, path: pick() }) }] } : {}),
    }, (err, r) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      const q = (p: number) => +(times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1);
      resolve({ rps: Math.round(r.requests.average), p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99), errors: r.errors, non2xx: r.non2xx, requests: times.length });
    });
    inst.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => { times.push(ms); });
  });
}

export async function bulkLoad(db: pg.Client): Promise<number> {
  const t0 = Date.now();
  await db.query('begin');
  await db.query(`
    create temp table bm on commit drop as
    select (row_number() over (order by m.id) - 1)::int as i, m.id as matter_id, m.current_version_id as version_id, m.org_path, m.org_unit_id,
           v.promised_days, v.statutory_days
    from approvals.matters m join approvals.matter_versions v on v.id = m.current_version_id
    where m.org_path = (select org_path from approvals.matters where code = $1)`, [MATTER]);
  // Open cases are recent; finished ones spread over two years. Bench case numbers carry a 'B'.
  await db.query(`
    with s as (
      select g, r, r2, r3, bm.*,
        case when r < 0.03 then 'submitted' when r < 0.04 then 'resubmitted' when r < 0.06 then 'supplement_requested'
             when r < 0.08 then 'refused' when r < 0.18 then 'in_review' when r < 0.21 then 'pending_decision'
             when r < 0.31 then 'decided' when r < 0.97 then 'completed' else 'withdrawn' end as status
      from (select g, random() as r, random() as r2, random() as r3 from generate_series(1, $1::int) g) x
      join bm on bm.i = x.g % (select count(*) from bm)
    ), d as (
      select s.*, now() - make_interval(days => (case when status in ('submitted', 'resubmitted', 'supplement_requested', 'in_review', 'pending_decision') then 30 else 730 end * r2)::int, mins => (r3 * 600)::int) as sub
      from s
    ), e as (
      select d.*, (sub at time zone 'Asia/Shanghai')::date as day,
        status in ('in_review', 'pending_decision', 'decided', 'completed') as accepted,
        status in ('decided', 'completed') as decided,
        floor(r3 * promised_days * 1.3)::int as used
      from d
    )
    insert into approvals.cases (case_no, matter_id, matter_version_id, org_path, org_unit_id, division_code, applicant_kind, applicant_name,
      applicant_id_number, applicant_phone, channel, form_data, status, decision, submitted_at, received_on, accepted_at, accepted_on,
      promised_days, statutory_days, due_date, warn_level, current_stage, decided_at, decided_on, completed_at, delivery, workdays_used, refused_at, refusal_reason, withdrawn_at)
    select '520304' || to_char(day, 'YYYYMMDD') || 'B' || lpad(g::text, 6, '0'), matter_id, version_id, org_path, org_unit_id, '520304', 'person', '测试申请人' || (g % 997),
      '52030419900307123X', '138' || lpad((g % 100000000)::text, 8, '0'), case when g % 3 = 0 then 'walk_in' else 'online' end, '{}', status,
      case when decided then case when r3 < 0.93 then 'granted' else 'denied' end end,
      sub, day, case when accepted then sub + interval '1 hour' end, case when accepted then day end,
      promised_days, statutory_days, case when accepted then day + (promised_days * 7 / 5 + 1) end,
      case when status in ('in_review', 'pending_decision') and r3 > 0.9 then 'red' when status in ('in_review', 'pending_decision') and r3 > 0.75 then 'yellow' else 'green' end,
      case when status = 'in_review' then 0 end,
      case when decided then sub + make_interval(days => used * 7 / 5 + 1) end, case when decided then day + (used * 7 / 5 + 1) end,
      case when status = 'completed' then sub + make_interval(days => used * 7 / 5 + 3) end, case when status = 'completed' then 'pickup' end,
      case when decided then used end,
      case when status = 'refused' then sub + interval '2 hours' end, case when status = 'refused' then '不属于本机关职权范围' end,
      case when status = 'withdrawn' then sub + interval '1 day' end
    from e`, [CASES]);
  await db.query(`
    insert into approvals.case_stages (case_id, org_path, idx, key, name, kind, rule, departments, limit_days, status, started_at, started_on, due_date, completed_at)
    select id, org_path, 0, 'registration_review', '登记审核', 'single', 'all_agree', '{landuse}', 3,
      case when status = 'in_review' then 'active' else 'passed' end, accepted_at, accepted_on, accepted_on + 5,
      case when status = 'in_review' then null else accepted_at + interval '2 days' end
    from approvals.cases where case_no like '______________B%' and accepted_on is not null`);
  await db.query(`
    insert into approvals.opinions (stage_id, case_id, org_path, department, verdict, comment, user_id)
    select s.id, s.case_id, s.org_path, 'landuse', 'agree', '符合登记条件，同意', (select id from identity.users where username = 'reviewer')
    from approvals.case_stages s join approvals.cases c on c.id = s.case_id
    where c.case_no like '______________B%' and s.status = 'passed'`);
  await db.query(`
    insert into approvals.case_events (case_id, org_path, at, kind, public, details)
    select c.id, c.org_path, ev.at, ev.kind, ev.kind <> 'opinion', '{}'
    from approvals.cases c cross join lateral (values
      ('submitted', c.submitted_at), ('accepted', c.accepted_at), ('opinion', c.decided_at), ('decided', c.decided_at),
      ('completed', c.completed_at), ('refused', c.refused_at), ('withdrawn', c.withdrawn_at)) as ev(kind, at)
    where c.case_no like '______________B%' and ev.at is not null`);
  // Links to documents (receipt, acceptance notice, decision); ids below zero never meet a real document.
  await db.query(`
    insert into approvals.case_documents (case_id, org_path, document_id, kind, doc_no, created_at)
    select c.id, c.org_path, -(c.id * 4 + ev.k), ev.kind, '播自然资' || ev.k || '〔' || extract(year from ev.at) || '〕' || c.id, ev.at
    from approvals.cases c cross join lateral (values
      (1, 'receipt', c.submitted_at), (2, 'acceptance_notice', c.accepted_at), (3, 'decision', c.decided_at), (4, 'refusal_notice', c.refused_at)) as ev(k, kind, at)
    where c.case_no like '______________B%' and ev.at is not null`);
  await db.query('commit');
  await db.query('analyze approvals.cases, approvals.case_stages, approvals.opinions, approvals.case_events, approvals.case_documents');
  return Date.now() - t0;
}

async function login(appUrl: string, username: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Sunland@2026' }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const c = (res.headers.getSetCookie?.() ?? []).find((x) => x.startsWith('sunland_session='));
  if (!c) throw new Error(`login ${username}: no session cookie`);
  return c.split(';')[0]!;
}

async function api(appUrl: string, cookie: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${appUrl}${path}`, { method, headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

export async function run(ctx: SuiteContext): Promise<void> {
  const { appUrl, ownerUrl } = ctx.info;
  const window = ctx.info.cookie;
  if (!window) {
    ctx.emit({ bench: 'approvals.skipped', reason: 'demo login failed' });
    return;
  }
  const vsBare = (rps: number) => +(rps / ctx.bareRps).toFixed(3);
  const db = new pg.Client({ connectionString: ownerUrl });
  await db.connect();
  try {
    const loadMs = await bulkLoad(db);
    const { rows: [count] } = await db.query<{ n: number }>(`select count(*)::int as n from approvals.cases`);
    ctx.emit({ bench: 'approvals.bulk_load', cases: count!.n, ms: loadMs, note: 'cases with stages, opinions, events and document links, one transaction' });

    // Read figures twice in the same run, without and with migration 0120, so the load of this shared machine hits both alike.
    const { rows: sample } = await db.query<{ caseNo: string }>(`select case_no as "caseNo" from approvals.cases where case_no like '______________B%' order by random() limit 5000`);
    const leader = await login(appUrl, 'leader');
    const from = new Date(Date.now() - 365 * 86400000).toISOString().slice(0, 10);
    const compare = process.env.BENCH_APPROVALS_COMPARE !== 'false';
    for (const state of compare ? ['without 0120', 'with 0120'] : ['with 0120']) {
      if (state === 'without 0120') await db.query(WITHOUT_0120);
      else if (compare) await db.query(MIGRATION_0120);
      await db.query('analyze approvals.cases');
      const queue = await measure(`${appUrl}/api/approvals/window/queue`, { cookie: window });
      ctx.emit({ bench: 'approvals.window_queue', migration: state, route: 'GET /api/approvals/window/queue', cases: count!.n, ...queue, bareRps: ctx.bareRps, vsBareRps: vsBare(queue.rps) });
      let i = 0;
      const page = await measure(`${appUrl}/api/approvals/cases/x`, { cookie: window }, () => `/api/approvals/cases/${sample[(i++ * 7919) % sample.length]!.caseNo}`);
      ctx.emit({ bench: 'approvals.case_page', migration: state, route: 'GET /api/approvals/cases/:caseNo (random of 5,000)', ...page, bareRps: ctx.bareRps, vsBareRps: vsBare(page.rps) });
      const stats = await measure(`${appUrl}/api/approvals/statistics?groupBy=matter&from=${from}&to=${new Date().toISOString().slice(0, 10)}`, { cookie: leader });
      ctx.emit({ bench: 'approvals.statistics', migration: state, route: 'GET /api/approvals/statistics?groupBy=matter (one year)', ...stats, bareRps: ctx.bareRps, vsBareRps: vsBare(stats.rps) });
    }

    // Lifecycles through the API: each is 5 requests, 3 documents (receipt, acceptance, decision) and 5 audit entries.
    const reviewer = await login(appUrl, 'reviewer');
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')], { type: 'application/pdf' }), 'scan.pdf');
    const up = await fetch(`${appUrl}/api/files`, { method: 'POST', headers: { cookie: window }, body: form });
    if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
    const fileId = ((await up.json()) as { id: string }).id;
    const guide = await api(appUrl, window, 'GET', `/api/public/approvals/matters/${MATTER}`);
    const materials = Object.fromEntries((guide.materials as { key: string; required: boolean; kind: string }[]).filter((m) => m.required && m.kind === 'file').map((m) => [m.key, [fileId]]));
    const applicant = { kind: 'person', name: '王小明', idNumber: '52030419900307123X', phone: '13885200001' };
    const lifecycle = async () => {
      const r = await api(appUrl, window, 'POST', '/api/approvals/cases', { matterCode: MATTER, applicant, formData: { cert_no: '黔(2026)播州区不动产权第0001号', amount: 120, term_end: '2030-12-31' }, materials });
      await api(appUrl, window, 'POST', `/api/approvals/cases/${r.caseNo}/accept`, {});
      await api(appUrl, reviewer, 'POST', `/api/approvals/cases/${r.caseNo}/opinions`, { verdict: 'agree', comment: '符合登记条件' });
      await api(appUrl, leader, 'POST', `/api/approvals/cases/${r.caseNo}/decide`, { decision: 'granted', reason: '' });
      const done = await api(appUrl, window, 'POST', `/api/approvals/cases/${r.caseNo}/complete`, { delivery: 'pickup' });
      if (done.status !== 'completed') throw new Error(`lifecycle ended in ${done.status}`);
    };
    await lifecycle(); // warm-up
    const seqN = Number(process.env.BENCH_APPROVALS_LIFECYCLES ?? 30);
    let t0 = performance.now();
    for (let k = 0; k < seqN; k++) await lifecycle();
    const seqS = (performance.now() - t0) / 1000;
    ctx.emit({ bench: 'approvals.lifecycle_sequential', lifecycles: seqN, perSecond: +(seqN / seqS).toFixed(2), msPerLifecycle: Math.round((seqS * 1000) / seqN), requestsPerLifecycle: 5, bareRps: ctx.bareRps });
    const workers = 4;
    const each = Math.ceil(seqN / workers);
    t0 = performance.now();
    await Promise.all(Array.from({ length: workers }, async () => { for (let k = 0; k < each; k++) await lifecycle(); }));
    const conS = (performance.now() - t0) / 1000;
    ctx.emit({ bench: 'approvals.lifecycle_concurrent', workers, lifecycles: workers * each, perSecond: +((workers * each) / conS).toFixed(2), bareRps: ctx.bareRps });
  } finally {
    await db.end();
  }
}
