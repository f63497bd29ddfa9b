import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { buildApp, type App } from '../../app.ts';

const CHILD = path.join(import.meta.dirname, 'outbox-crash.child.ts');
const MID_SEND_PHONE = '13600000002';

interface Hit { to: string; idempotencyKey: string }
const hits: Hit[] = [];
let victim: ChildProcess | null = null;

// The SMS gateway. For MID_SEND_PHONE the first request kills the sending process before answering.
const gateway = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
  req.on('end', () => {
    const body = JSON.parse(raw) as Hit;
    hits.push({ to: body.to, idempotencyKey: body.idempotencyKey });
    if (body.to === MID_SEND_PHONE && victim) {
      const v = victim;
      victim = null;
      v.kill('SIGKILL');
      v.once('exit', () => res.destroy());
      return;
    }
    res.writeHead(200).end('ok');
  });
});
await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
const smsUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;

const t: TestApp = await startTestApp();
const owner = t.testDb.owner;

function runChild(mode: string, phone: string): Promise<{ id: number; signal: NodeJS.Signals | null; child: ChildProcess }> {
  const child = spawn(process.execPath, [CHILD, mode], {
    env: { ...process.env, CRASH_APP_URL: t.testDb.appUrl, CRASH_PHONE: phone, CRASH_SMS_URL: smsUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (mode === 'mid-send') victim = child;
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) =>
    child.on('exit', (_code, signal) => resolve({ id: Number(/committed (\d+)/.exec(out)?.[1]), signal, child })));
}

const row = (id: number) => owner.selectFrom('notify.outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
async function settled(id: number) {
  const until = Date.now() + 15_000;
  for (;;) {
    const r = await row(id);
    if (r.status !== 'pending') return r;
    if (Date.now() > until) throw new Error(`message ${id} still pending`);
    await new Promise((res) => setTimeout(res, 30));
  }
}

describe('outbox across process crashes', () => {
  let fresh: App | null = null;
  after(async () => {
    await fresh?.close();
    await new Promise((r) => gateway.close(r));
  });

  it('delivers, exactly once after a restart, a message whose process died right after commit', async () => {
    const phone = '13600000001';
    const { id, signal } = await runChild('after-commit', phone);
    assert.equal(signal, 'SIGKILL');
    assert.ok(id > 0, 'the child committed a message');
    const left = await row(id);
    assert.equal(left.status, 'pending');
    assert.equal(left.attempts, 0);
    assert.equal(hits.filter((h) => h.to === phone).length, 0, 'nothing was sent before the crash');

    // A new server process starts: it sweeps the outbox on start.
    fresh = await buildApp({ env: { ...t.env, JOBS: true, SMS_PROVIDER: 'http', SMS_HTTP_URL: smsUrl }, appUrl: t.testDb.appUrl });
    await fresh.startBackground();
    const done = await settled(id);
    assert.equal(done.status, 'sent');
    assert.equal(done.attempts, 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(hits.filter((h) => h.to === phone), [{ to: phone, idempotencyKey: `outbox:${id}` }]);
  });

  it('sends again, with the same idempotency key, a message whose process died between send and mark-sent', async () => {
    assert.ok(fresh, 'runs after the first test');
    // Only the child may claim the message: were the surviving process to win the race for it,
    // the gateway would cut *its* request and its retry backoff would hide the lease expiry.
    await fresh.platform.notify.stopDelivery();
    const { id, signal } = await runChild('mid-send', MID_SEND_PHONE);
    assert.equal(signal, 'SIGKILL');
    const left = await row(id);
    assert.equal(left.status, 'pending', 'the crash left the row unsent');
    assert.equal(left.attempts, 1);
    assert.ok(left.nextAttemptAt.getTime() > Date.now() + 60_000, 'the dead claim still holds its lease');
    assert.equal(hits.filter((h) => h.to === MID_SEND_PHONE).length, 1);

    // The lease runs out; the periodic sweep of the surviving process picks the row up.
    await owner.updateTable('notify.outbox').set({ nextAttemptAt: new Date() }).where('id', '=', id).execute();
    await fresh.platform.notify.startDelivery();
    fresh.platform.notify.sweep();
    const done = await settled(id);
    assert.equal(done.status, 'sent');
    assert.equal(done.attempts, 2);
    const sent = hits.filter((h) => h.to === MID_SEND_PHONE);
    assert.equal(sent.length, 2, 'at-least-once: the provider saw it twice');
    assert.deepEqual(sent.map((h) => h.idempotencyKey), [`outbox:${id}`, `outbox:${id}`]);
  });
});
