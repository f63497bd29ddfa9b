import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { buildApp, type App } from '../../app.ts';

interface Hit { path: string; to: string; text: string; idempotencyKey: string; at: number }
const hits: Hit[] = [];
/** Phone → failures still to answer with 500 (-1: always). */
const failures = new Map<string, number>();

// The SMS gateway: a real HTTP server on a random local port.
const gateway = http.createServer((req, res) => {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (raw += c));
  req.on('end', () => {
    const body = JSON.parse(raw) as { to: string; text: string; idempotencyKey: string };
    hits.push({ path: req.url ?? '', ...body, at: Date.now() });
    const left = failures.get(body.to) ?? 0;
    if (left !== 0) {
      failures.set(body.to, left - 1);
      res.writeHead(500).end('gateway busy');
      return;
    }
    // A little latency, so concurrent dispatchers overlap.
    setTimeout(() => res.writeHead(200, { 'x-message-id': `gw-${hits.length}` }).end('{"ok":true}'), 2);
  });
});
await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;

const settings = { JOBS: 'true', SMS_PROVIDER: 'http', NOTIFY_RETRY_BASE_MS: '100', NOTIFY_MAX_ATTEMPTS: '4' };
const t: TestApp = await startTestApp({ ...settings, SMS_HTTP_URL: `${base}/a` });
await t.startBackground();
const { db, notify } = t.platform;
const owner = t.testDb.owner;

async function settled(id: number, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const r = await owner.selectFrom('notify.outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (r.status !== 'pending') return r;
    if (Date.now() > until) throw new Error(`message ${id} still pending after ${r.attempts} attempts: ${r.lastError}`);
    await new Promise((res) => setTimeout(res, 30));
  }
}

describe('SMS over HTTP: retries, dead letters, concurrent dispatchers', () => {
  let second: App | null = null;
  after(async () => {
    await second?.close();
    await new Promise((r) => gateway.close(r));
  });

  it('retries a failing gateway with growing delays and delivers on the third attempt', async () => {
    failures.set('13800000001', 2);
    const id = await db.transaction().execute((trx) => notify.enqueue(trx, { channel: 'sms', to: '13800000001', body: '您的申请已受理' }));
    const row = await settled(id);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 3);
    assert.equal(row.providerRef, `gw-${hits.length}`);
    const mine = hits.filter((h) => h.to === '13800000001');
    assert.equal(mine.length, 3);
    assert.deepEqual(new Set(mine.map((h) => h.idempotencyKey)), new Set([`outbox:${id}`]));
    assert.equal(mine[0]!.text, '您的申请已受理');
    // Backoff: ≥ base (100 ms) before the 2nd attempt, ≥ 2·base before the 3rd.
    assert.ok(mine[1]!.at - mine[0]!.at >= 90, `first gap ${mine[1]!.at - mine[0]!.at} ms`);
    assert.ok(mine[2]!.at - mine[1]!.at >= 190, `second gap ${mine[2]!.at - mine[1]!.at} ms`);
  });

  it('gives up after the maximum attempts and marks the message dead with the last error', async () => {
    failures.set('13800000002', -1);
    const id = await db.transaction().execute((trx) => notify.enqueue(trx, { channel: 'sms', to: '13800000002', body: '永远失败' }));
    const row = await settled(id);
    assert.equal(row.status, 'dead');
    assert.equal(row.attempts, 4);
    assert.match(row.lastError!, /SMS gateway answered 500: gateway busy/);
    assert.equal(hits.filter((h) => h.to === '13800000002').length, 4);
    // Dead stays dead: no further attempts.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(hits.filter((h) => h.to === '13800000002').length, 4);
  });

  it('never sends a row twice when two app instances dispatch the same outbox', async () => {
    second = await buildApp({ env: { ...t.env, SMS_HTTP_URL: `${base}/b` }, appUrl: t.testDb.appUrl });
    await second.startBackground();
    const before = hits.length;
    const n = 300;
    // Enqueued from both instances, in several transactions, while both dispatch.
    const ids: number[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const app = batch % 2 ? second : t;
      ids.push(...(await app.platform.db.transaction().execute(async (trx) => {
        const out: number[] = [];
        for (let i = 0; i < n / 6; i++) {
          const k = batch * (n / 6) + i;
          out.push(await app.platform.notify.enqueue(trx, { channel: 'sms', to: `137${String(k).padStart(8, '0')}`, body: `批量 ${k}` }));
        }
        return out;
      })));
    }
    for (const id of ids) assert.equal((await settled(id)).status, 'sent');
    const batch = hits.slice(before);
    assert.equal(batch.length, n, 'one gateway call per message');
    assert.equal(new Set(batch.map((h) => h.idempotencyKey)).size, n, 'no message sent twice');
    const viaA = batch.filter((h) => h.path === '/a').length;
    const viaB = batch.filter((h) => h.path === '/b').length;
    assert.ok(viaA > 0 && viaB > 0, `both dispatchers worked: A ${viaA}, B ${viaB}`);
    const { rows } = await owner.selectFrom('notify.outbox').select((eb) => eb.fn.max('attempts').as('max')).where('id', 'in', ids).execute().then((r) => ({ rows: r }));
    assert.equal(Number(rows[0]!.max), 1);
  });
});
