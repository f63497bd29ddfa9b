/**
 * The transparency log (阳光日志):
 *  - entries appended per second through the one sequencer with a signed checkpoint every N
 *    entries: one caller (one entry per transaction) and BENCH_LOG_PUBLISHERS concurrent callers
 *    (the publish queue appends the waiting ones in one transaction);
 *  - p95/p99 of inclusion and consistency proofs over HTTP at a large simulated tree
 *    (BENCH_LOG_SIZE, default 1,000,000; the issue asks 10,000,000: set it), bulk-loaded as
 *    random node hashes (proof generation reads the same rows whatever the hashes are),
 * each beside the bare-route baseline of the same run.
 */
import autocannon from 'autocannon';
import pg from 'pg';
import type { SuiteContext } from '../suite.ts';
import { createDb, createPool } from '../../server/src/platform/db/database.ts';
import { createTransparencyService } from '../../server/src/modules/transparency/index.ts';

const SIZE = Number(process.env.BENCH_LOG_SIZE ?? 1_000_000);
const EVERY = Number(process.env.BENCH_LOG_CHECKPOINT_EVERY ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PUBLISHERS = Number(process.env.BENCH_LOG_PUBLISHERS ?? 64);

function measure(url: string, pick: () => string) {
  const times: number[] = [];
  return new Promise<{ rps: number; p50Ms: number; p95Ms: number; p99Ms: number; errors: number; non2xx: number }>((resolve, reject) => {
    const inst = autocannon({ url, connections: 16, duration: SECONDS, requests: [{ setupRequest: (r: autocannon.Request) => ({ ...r, path: pick() }) }] }, (err, r) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      const q = (p: number) => +(times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1);
      resolve({ rps: Math.round(r.requests.average), p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99), errors: r.errors, non2xx: r.non2xx });
    });
    inst.on('response', (_c: unknown, _s: number, _b: number, ms: number) => { times.push(ms); });
  });
}

export async function run(ctx: SuiteContext): Promise<void> {
  const { info, emit, bareRps } = ctx;
  // 1. Appends through the sequencer, with a checkpoint every EVERY entries: first one caller
  //    publishing sequentially (one entry per transaction: the pre-batching figure), then
  //    PUBLISHERS concurrent callers whose waiting publishes the queue appends in one transaction each.
  const db = createDb(createPool(info.ownerUrl, 8));
  const seqLog = createTransparencyService({ db, checkpointEvery: EVERY });
  let t0 = Date.now();
  let n = 0;
  while (Date.now() - t0 < SECONDS * 1000) {
    await seqLog.publishNow('bench.entry', { n, at: Date.now() });
    n += 1;
  }
  let secs = (Date.now() - t0) / 1000;
  const seqPerSecond = n / secs;
  emit({ bench: 'transparency.appends_per_second', mode: 'sequential', appended: n, checkpointEvery: EVERY, perSecond: Math.round(n / secs), bareRps, note: 'one caller: one entry per transaction' });
  const log = createTransparencyService({ db, checkpointEvery: EVERY });
  const cps0 = Number((await log.latestCheckpoint()).size);
  t0 = Date.now();
  let m = 0;
  await Promise.all(Array.from({ length: PUBLISHERS }, async () => {
    while (Date.now() - t0 < SECONDS * 1000) {
      await log.publishNow('bench.entry', { m, at: Date.now() });
      m += 1;
    }
  }));
  secs = (Date.now() - t0) / 1000;
  const cps = await db.selectFrom('transparency.checkpoints').select((eb) => eb.fn.countAll<number>().as('n')).where('size', '>', cps0).executeTakeFirstOrThrow();
  emit({
    bench: 'transparency.appends_per_second', mode: 'batched', publishers: PUBLISHERS, appended: m, checkpointEvery: EVERY, checkpointsSigned: Number(cps.n),
    perSecond: Math.round(m / secs), vsSequential: +((m / secs) / seqPerSecond).toFixed(1), bareRps, note: 'concurrent publishNow calls, each acknowledged after its batch committed',
  });
  await db.destroy();

  // 2. A large tree: every complete node of a tree of SIZE leaves, and the entries.
  const c = new pg.Client({ connectionString: info.ownerUrl });
  c.on('error', () => undefined); // the target's PostgreSQL stops at the end of the run
  await c.connect();
  try {
  const l0 = Date.now();
  await c.query('begin');
  await c.query('truncate transparency.nodes, transparency.entry_hashes, transparency.cosignatures, transparency.entries, transparency.checkpoints');
  for (let level = 0; Math.floor(SIZE / 2 ** level) > 0; level++) {
    await c.query(`insert into transparency.nodes (level, idx, hash) select $1::int, g, sha256(int8send(g * 64 + $1::int)) from generate_series(0, $2::bigint - 1) g`, [level, Math.floor(SIZE / 2 ** level)]);
  }
  await c.query(`insert into transparency.entries (idx, kind, data, leaf_hash) select g, 'bench.entry', convert_to(g::text, 'UTF8'), sha256(int8send(g * 64)) from generate_series(0, $1::bigint - 1) g`, [SIZE]);
  await c.query('update transparency.tree set size = $1', [SIZE]);
  await c.query('commit');
  await c.query('analyze transparency.nodes; analyze transparency.entries');
  emit({ bench: 'transparency.bulk_load', size: SIZE, seconds: +((Date.now() - l0) / 1000).toFixed(1) });

  const rnd = () => Math.floor(Math.random() * SIZE);
  const inc = await measure(`${info.appUrl}/`, () => `/api/transparency/proofs/inclusion?index=${rnd()}&size=${SIZE}`);
  emit({ bench: 'transparency.inclusion_proof', size: SIZE, route: 'GET /api/transparency/proofs/inclusion', ...inc, vsBareRps: +(inc.rps / bareRps).toFixed(3) });
  const con = await measure(`${info.appUrl}/`, () => `/api/transparency/proofs/consistency?first=${Math.max(1, rnd())}&second=${SIZE}`);
  emit({ bench: 'transparency.consistency_proof', size: SIZE, route: 'GET /api/transparency/proofs/consistency', ...con, vsBareRps: +(con.rps / bareRps).toFixed(3) });
  const tile = await measure(`${info.appUrl}/`, () => `/log/tile/0/${String(Math.floor(rnd() / 256) % 1000).padStart(3, '0')}`);
  emit({ bench: 'transparency.tile', route: 'GET /log/tile/0/<N>', ...tile, vsBareRps: +(tile.rps / bareRps).toFixed(3) });
  } finally {
    await c.end();
  }
}
