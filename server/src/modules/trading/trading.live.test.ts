// The live channel over two server processes on one database: a bid taken by one shows at the
// bidders connected to the other (PostgreSQL is the fan-out), a reconnect replays what it missed,
// and a process started later resumes the timed countdown from the database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { openEventStream, until } from '../../../test/sse.ts';
import { startTestApp, declareNextCalendarYear, type TestApp } from '../../../test/harness.ts';
import { buildApp, type App } from '../../app.ts';
import { loadEnv } from '../../env.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { landLot, createAndApprove, applyAndPay, setTimes, bid } from './trading.test-helpers.ts';

// Every process holds the same account-tag key (it is not in the database; see tag-key.ts).
const TRADING_TAG_KEY = crypto.randomBytes(32).toString('base64');
const t: TestApp = await startTestApp({ TRADING_TAG_KEY });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-app2-'));
const env2 = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: 'false', DEMO: 'true', TRUST_PROXY: '127.0.0.1', TRADING_TAG_KEY });
const second: App = await buildApp({ env: env2, appUrl: t.testDb.appUrl });
await t.http.listen({ port: 0, host: '127.0.0.1' });
await second.http.listen({ port: 0, host: '127.0.0.1' });
const port1 = (t.http.server.address() as AddressInfo).port;
const port2 = (second.http.server.address() as AddressInfo).port;
after(async () => { await second.close(); fs.rmSync(dataDir, { recursive: true, force: true }); });

// The live channel through the shared SSE test client (server/test/sse.ts).
function stream(port: number, lotNo: string, headers: Record<string, string> = {}) {
  const s = openEventStream(port, `/api/public/trading/lots/${lotNo}/events`, headers);
  return { events: s.events, bids: () => s.events.filter((e) => e.event === 'bid').map((e) => JSON.parse(e.data!)), close: s.close };
}

let company = '', person = '', lotNo = '';
before(async () => {
  await declareNextCalendarYear(t.testDb.owner);
  const [reviewer, leader] = await Promise.all([loginAs(t, 'reviewer'), loginAs(t, 'leader')]);
  [company, person] = await Promise.all([loginAs(t, '13885200002'), loginAs(t, '13885200001')]);
  lotNo = await createAndApprove(t, reviewer, leader, landLot());
  await applyAndPay(t, company, lotNo);
  await applyAndPay(t, person, lotNo);
  await setTimes(t, lotNo, { listingEndIn: 3600_000 });
});

describe('live bidding over two server processes', () => {
  it('a bid taken by one process reaches the streams of both, in order, without a bidder number', async () => {
    const s1 = stream(port1, lotNo);
    const s2 = stream(port2, lotNo);
    await until(() => s1.events.some((e) => e.event === 'state') && s2.events.some((e) => e.event === 'state'));
    // The company bids through process 1, the person through process 2 (cookies are sessions in the database).
    assert.equal((await bid(t, company, lotNo, 1_000_000)).status, 201);
    const viaSecond = await second.http.inject({ method: 'POST', url: `/api/public/trading/lots/${lotNo}/bids`, headers: { cookie: person }, payload: { amount: 1_010_000, idempotencyKey: 'second-process-1' } });
    assert.equal(viaSecond.statusCode, 201, viaSecond.body);
    await until(() => s1.bids().length === 2 && s2.bids().length === 2);
    for (const s of [s1, s2]) {
      assert.deepEqual(s.bids().map((b: { seq: number; amount: number }) => [b.seq, b.amount]), [[1, 1_000_000], [2, 1_010_000]]);
      for (const e of s.events) assert.ok(!/bidderNumber/.test(e.data ?? ''), 'a bidder number on the live channel');
    }
    await until(() => s2.events.filter((e) => e.event === 'state').some((e) => JSON.parse(e.data!).currentPrice === 1_010_000));
    s1.close();
    s2.close();
  });

  it('a reconnect with Last-Event-ID replays the bids it missed and nothing twice', async () => {
    assert.equal((await bid(t, company, lotNo, 1_020_000)).status, 201);
    const again = stream(port2, lotNo, { 'last-event-id': '1' });
    await until(() => again.bids().length === 2);
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(again.bids().map((b: { seq: number }) => b.seq), [2, 3]);
    again.close();
  });

  it('the same bid sent ten times at once over both processes is stored once; racing bids get distinct sequence numbers', async () => {
    const send = (i: number, amount: number, key: string, cookie: string) => (i % 2 ? second.http.inject.bind(second.http) : t.inject)({
      method: 'POST', url: `/api/public/trading/lots/${lotNo}/bids`, headers: { cookie }, payload: { amount, idempotencyKey: key },
    });
    const same = await Promise.all(Array.from({ length: 10 }, (_, i) => send(i, 1_040_000, 'same-key-burst-01', company)));
    const seqs = same.map((r) => JSON.parse(r.body).seq);
    assert.equal(new Set(seqs).size, 1, JSON.stringify(same.map((r) => r.body)));
    assert.equal(same.filter((r) => r.statusCode === 201).length, 1);
    const race = await Promise.all(Array.from({ length: 8 }, (_, i) => send(i, 1_050_000 + i * 10_000, `race-key-${i}-abcdef`, i % 2 ? person : company)));
    const ok = race.filter((r) => r.statusCode === 201).map((r) => JSON.parse(r.body));
    for (const r of race) assert.ok([201, 422].includes(r.statusCode), r.body);
    const stored = await t.testDb.owner.selectFrom('trading.bids').select(['seq', 'amount']).where('idempotencyKey', 'like', 'race-key-%').orderBy('seq').execute();
    assert.deepEqual(stored.map((b) => b.seq).sort(), ok.map((b) => b.seq).sort());
    for (let i = 1; i < stored.length; i++) assert.ok(stored[i]!.amount >= stored[i - 1]!.amount + 10_000, 'each stored bid beats the previous by an increment');
  });

  it('the timed countdown lives in the database: a process started later shows the same deadline and closes at it', async () => {
    const joined = await call(t, company, 'POST', `/api/public/trading/lots/${lotNo}/join`);
    assert.equal(joined.status, 409, 'listing still runs');
    await setTimes(t, lotNo, { listingEndIn: -1000 });
    assert.equal((await call(t, company, 'POST', `/api/public/trading/lots/${lotNo}/join`)).status, 200);
    await setTimes(t, lotNo, { listingEndIn: -5 * 60_000 - 1000 });
    const top = (await t.testDb.owner.selectFrom('trading.lots').select('currentPrice').where('lotNo', '=', lotNo).executeTakeFirstOrThrow()).currentPrice!;
    const b = await bid(t, company, lotNo, top + 10_000);
    assert.equal(b.status, 201, JSON.stringify(b.body));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-app3-'));
    const third = await buildApp({ env: loadEnv({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOBS: 'false', DEMO: 'true', TRADING_TAG_KEY }), appUrl: t.testDb.appUrl });
    try {
      const v = JSON.parse((await third.http.inject({ method: 'GET', url: `/api/public/trading/lots/${lotNo}` })).body);
      assert.equal(v.status, 'timed');
      assert.equal(v.timedDeadline, new Date(b.body.timedDeadline).toISOString());
      await setTimes(t, lotNo, { timedDeadlineIn: -1 });
      const s = stream(port2, lotNo);
      await until(() => s.events.some((e) => e.event === 'state' && JSON.parse(e.data!).status === 'closed'));
      s.close();
      const closed = JSON.parse((await third.http.inject({ method: 'GET', url: `/api/public/trading/lots/${lotNo}` })).body);
      assert.equal(closed.result.finalPrice, top + 10_000);
    } finally {
      await third.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
