/**
 * Trading (issue 15): 500 bidders on one live auction in its timed phase (限时竞价), served by two
 * server processes on one PostgreSQL (bench/scale-target.ts, the same account-tag key on both):
 * each bidder sends 20 bids, half the bidders through each process, all at once. Each bid asks
 * for the lowest valid amount the bidder knows of (the last price it saw, or the `min` of its
 * last refusal) plus 0–2 increments, with its own idempotency key.
 *
 * Figures: accepted bids/s, acknowledgement p50/p95/p99 of every bid (accepted or refused
 * "too low"), beside the bare route of this run; then the database is read back: no accepted
 * bid lost (every 201's seq is in the bid table with its amount), none counted twice (seqs and
 * amounts unique, each above the previous), the winner equals the highest valid bid, and the
 * time from a bid's send to its display on live channels (SSE) of the other process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import http from 'node:http';
import pg from 'pg';
import type { SuiteContext } from '../suite.ts';

const BIDDERS = Number(process.env.BENCH_TRADING_BIDDERS ?? 500);
const BIDS_EACH = Number(process.env.BENCH_TRADING_BIDS ?? 20);
const LISTENERS = 10;
const INCREMENT = 10_000;

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'scale-target.ts')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.on('exit', (code) => reject(new Error(`scale target exited ${code}`)));
  });
}
const stopChild = (c: ChildProcess) => new Promise<void>((r) => { c.once('exit', () => r()); c.kill('SIGINT'); });

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);
const round = (n: number) => Math.round(n * 10) / 10;

export async function run({ info, emit, bareRps, suite }: SuiteContext): Promise<void> {
  if (!info.appDbUrl) {
    emit({ bench: `${suite}.skipped`, reason: 'the bench target did not give its application-role URL' });
    return;
  }
  const owner = new pg.Client({ connectionString: info.ownerUrl });
  await owner.connect();
  const tagKey = crypto.randomBytes(32).toString('base64');
  const procs = [await startChild({ SCALE_APP_DB_URL: info.appDbUrl, TRADING_TAG_KEY: tagKey }), await startChild({ SCALE_APP_DB_URL: info.appDbUrl, TRADING_TAG_KEY: tagKey })];
  const agent = new http.Agent({ keepAlive: true, maxSockets: BIDDERS + LISTENERS + 10 });
  const sse: AbortController[] = [];
  try {
    const urls = procs.map((p) => p.url);
    // The tag-key fingerprint belongs to the main bench target's key; these two processes share another one.
    await owner.query(`delete from platform.secrets where name = 'trading.account_tag.fingerprint'`);
    const req = (base: string, method: string, route: string, cookie: string | null, body?: unknown) => new Promise<{ status: number; body: Record<string, any> }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const r = http.request(`${base}${route}`, {
        method, agent, headers: { ...(cookie ? { cookie } : {}), ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { text += c; });
        res.on('end', () => { try { resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : {} }); } catch (e) { reject(e); } });
      });
      r.on('error', reject);
      r.end(payload);
    });
    const login = async (username: string) => {
      const r = await fetch(`${urls[0]}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Sunland@2026' }) });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
      return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
    };
    const [reviewer, leader] = [await login('reviewer'), await login('leader')];

    // 500 public accounts with a session each, written with the owner role (logging 500 people in would time the password hash).
    const hash = (await owner.query(`select password_hash from identity.users where username = '13885200001'`)).rows[0].password_hash as string;
    const run = crypto.randomBytes(3).toString('hex');
    const cookies: string[] = [];
    const phoneBase = 19_000_000_000 + crypto.randomInt(0, 9_000) * 100_000;
    const ids = await owner.query(`insert into identity.users (username, display_name, kind, phone, password_hash, public_kind, id_number, legal_name)
      select 'bench' || $1 || '-' || i, '竞买人' || i, 'public', ($4::bigint + i)::text, $2, 'company', 'BENCH' || $1 || lpad(i::text, 6, '0'), '竞买人' || i
      from generate_series(1, $3::int) i returning id`, [run, hash, BIDDERS, phoneBase]);
    const tokens = ids.rows.map(() => crypto.randomBytes(32).toString('base64url'));
    await owner.query(`insert into identity.sessions (id, user_id, active_post_id, expires_at)
      select s.id, s.user_id, null, now() + interval '6 hours' from unnest($1::text[], $2::bigint[]) as s(id, user_id)`,
    [tokens.map((t) => crypto.createHash('sha256').update(t).digest('hex')), ids.rows.map((r) => r.id)]);
    for (const t of tokens) cookies.push(`sunland_session=${t}`);

    // An auction (拍卖), announced through the API, then moved in time: free phase over, timed bidding open to every qualified bidder.
    const now = Date.now(), DAY = 86400_000;
    const created = await req(urls[0]!, 'POST', '/api/trading/lots', reviewer, {
      kind: 'land', method: 'auction', title: '压测宗地（拍卖）', areaM2: 10000, landUse: '商服用地', termYears: 40, startPrice: 1_000_000, increment: INCREMENT, deposit: 1000,
      listingStart: new Date(now + 25 * DAY).toISOString(), listingEnd: new Date(now + 40 * DAY).toISOString(), depositDeadline: new Date(now + 38 * DAY).toISOString(),
    });
    if (created.status !== 201) throw new Error(`create lot: ${created.status} ${JSON.stringify(created.body)}`);
    const lotNo = created.body.lotNo as string;
    const approved = await req(urls[1]!, 'POST', `/api/trading/lots/${lotNo}/approve`, leader);
    if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
    await owner.query(`update trading.lots set listing_start = now() - interval '1 hour', listing_end = now() + interval '1 hour', deposit_deadline = now() + interval '59 minutes' where lot_no = $1`, [lotNo]);
    const t0 = performance.now();
    for (let k = 0; k < BIDDERS; k += 25) {
      await Promise.all(cookies.slice(k, k + 25).map(async (cookie, j) => {
        const base = urls[(k + j) % 2]!;
        const a = await req(base, 'POST', `/api/public/trading/lots/${lotNo}/applications`, cookie, { documents: [] });
        if (a.status !== 201) throw new Error(`apply: ${a.status} ${JSON.stringify(a.body)}`);
        const p = await req(base, 'POST', '/api/public/trading/bank-sim/pay', null, { account: a.body.depositAccount, amount: 1000 });
        if (p.status !== 200 || !p.body.qualified) throw new Error(`pay: ${p.status} ${JSON.stringify(p.body)}`);
      }));
    }
    emit({ bench: `${suite}.setup`, bidders: BIDDERS, applyAndPaySeconds: round((performance.now() - t0) / 1000) });
    // The free phase ends now: the timed phase opens with a countdown long enough for the whole run.
    await owner.query(`update trading.lots set listing_end = now() - interval '1 second', deposit_deadline = now() - interval '2 seconds', countdown_minutes = 30 where lot_no = $1`, [lotNo]);
    const opened = await req(urls[0]!, 'GET', `/api/public/trading/lots/${lotNo}`, null);
    if (opened.body.status !== 'timed') throw new Error(`the lot is ${opened.body.status}, not timed`);

    // Live listeners on both processes: when did each bid reach them?
    const sentAt = new Map<number, { at: number; via: number }>();
    const seenAt: { seq: number; at: number; proc: number }[] = [];
    for (let i = 0; i < LISTENERS; i++) {
      const ctl = new AbortController();
      sse.push(ctl);
      const proc = i % 2;
      const r = http.get(`${urls[proc]}/api/public/trading/lots/${lotNo}/events`, { agent, signal: ctl.signal }, (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let k: number;
          while ((k = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, k);
            buf = buf.slice(k + 2);
            if (!block.includes('event: bid')) continue;
            const id = /^id: (\d+)/m.exec(block);
            if (id) seenAt.push({ seq: Number(id[1]), at: performance.now(), proc });
          }
        });
        res.on('error', () => {});
      });
      r.on('error', () => {});
    }
    await new Promise((r) => setTimeout(r, 500));

    // 500 bidders × 20 bids, at once, half through each process.
    const latencies: number[] = [];
    const accepted: { seq: number; amount: number; bidder: number }[] = [];
    let tooLow = 0, other = 0, replays = 0;
    const otherCodes = new Map<string, number>();
    let known = 1_000_000 - INCREMENT;
    const b0 = performance.now();
    await Promise.all(cookies.map(async (cookie, bidder) => {
      const via = bidder % 2;
      let min = 0;
      for (let n = 0; n < BIDS_EACH; n++) {
        const amount = Math.max(min, known + INCREMENT) + INCREMENT * crypto.randomInt(0, 3);
        const s = performance.now();
        const r = await req(urls[via]!, 'POST', `/api/public/trading/lots/${lotNo}/bids`, cookie, { amount, idempotencyKey: `b${bidder}-${n}-${run}` });
        const e = performance.now();
        latencies.push(e - s);
        if (r.status === 201) {
          if (r.body.replayed) replays++;
          accepted.push({ seq: r.body.seq, amount, bidder });
          sentAt.set(r.body.seq, { at: s, via });
          known = Math.max(known, amount);
          min = 0;
        } else if (r.status === 422 && r.body.error?.code === 'trading.bid_too_low') {
          tooLow++;
          min = Number(r.body.error.details?.min ?? r.body.error.min ?? 0);
          known = Math.max(known, min - INCREMENT);
        } else {
          other++;
          const c = `${r.status} ${r.body.error?.code ?? ''}`;
          otherCodes.set(c, (otherCodes.get(c) ?? 0) + 1);
        }
      }
    }));
    const seconds = (performance.now() - b0) / 1000;
    await new Promise((r) => setTimeout(r, 1500));
    latencies.sort((a, b) => a - b);

    // Read back: lost, doubled, winner.
    const { rows: stored } = await owner.query(`select b.seq, b.amount from trading.bids b join trading.lots l on l.id = b.lot_id where l.lot_no = $1 order by b.seq`, [lotNo]);
    const storedBySeq = new Map(stored.map((b: { seq: number; amount: string }) => [Number(b.seq), Number(b.amount)]));
    const lost = accepted.filter((a) => storedBySeq.get(a.seq) !== a.amount).length;
    const unacknowledged = stored.length - new Set(accepted.map((a) => a.seq)).size;
    const amounts = stored.map((b: { amount: string }) => Number(b.amount));
    const doubleSamePrice = amounts.length - new Set(amounts).size;
    let notIncreasing = 0;
    for (let i = 1; i < amounts.length; i++) if (amounts[i]! < amounts[i - 1]! + INCREMENT) notIncreasing++;
    const seqGaps = stored.length ? Number(stored.at(-1).seq) - stored.length : 0;
    await owner.query(`update trading.lots set timed_deadline = now() - interval '1 second' where lot_no = $1`, [lotNo]);
    const closed = await req(urls[1]!, 'GET', `/api/public/trading/lots/${lotNo}`, null);
    const highest = Math.max(...accepted.map((a) => a.amount));

    // Time from a bid's send to its arrival at the listeners of the other process.
    const display: number[] = [];
    for (const s of seenAt) {
      const sent = sentAt.get(s.seq);
      if (sent && sent.via !== s.proc) display.push(s.at - sent.at);
    }
    display.sort((a, b) => a - b);
    const delivered = new Set(seenAt.map((s) => s.seq));

    emit({
      bench: `${suite}.timed_bidding_two_processes`, route: 'POST /api/public/trading/lots/:lotNo/bids', bidders: BIDDERS, bidsEach: BIDS_EACH, requests: latencies.length,
      seconds: round(seconds), acceptedPerSecond: round(accepted.length / seconds), requestsPerSecond: round(latencies.length / seconds),
      accepted: accepted.length, refusedTooLow: tooLow, otherErrors: other, otherCodes: Object.fromEntries(otherCodes), replays,
      ackP50Ms: round(pct(latencies, 50)), ackP95Ms: round(pct(latencies, 95)), ackP99Ms: round(pct(latencies, 99)),
      bareRps, vsBareRps: +((latencies.length / seconds) / bareRps).toFixed(4),
    });
    emit({
      bench: `${suite}.integrity`, storedBids: stored.length, lost, unacknowledgedStored: unacknowledged, doubleAcceptedSamePrice: doubleSamePrice,
      notAboveByIncrement: notIncreasing, seqGaps, winnerPrice: closed.body.result?.finalPrice ?? null, highestAccepted: highest,
      winnerIsHighest: closed.body.result?.finalPrice === highest, outcome: closed.body.result?.outcome ?? closed.body.status,
    });
    emit({
      bench: `${suite}.display_latency`, note: 'bid sent → its SSE event at a listener of the other process (each process polls the database every 250 ms)',
      listeners: LISTENERS, samples: display.length, bidsSeenOnLiveChannel: delivered.size, p50Ms: round(pct(display, 50)), p95Ms: round(pct(display, 95)), p99Ms: round(pct(display, 99)),
    });
  } finally {
    for (const c of sse) c.abort();
    agent.destroy();
    for (const p of procs) await stopChild(p.child);
    await owner.end();
  }
}
