import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp } from '../../../test/harness.ts';

interface Received { from: string; to: string[]; raw: string }
const received: Received[] = [];
let tempFailuresLeft = 0;

// A real SMTP server on a random local port. 550 for one mailbox (permanent), 451 on demand (temporary).
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, cb) {
    if (address.address === 'nobody@example.cn') return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
    if (tempFailuresLeft > 0) {
      tempFailuresLeft--;
      return cb(Object.assign(new Error('try again later'), { responseCode: 451 }));
    }
    cb();
  },
  onData(stream, session, cb) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      cb();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const port = (smtp.server.address() as AddressInfo).port;

const t: TestApp = await startTestApp({
  JOBS: 'true',
  SMTP_URL: `smtp://127.0.0.1:${port}`,
  SMTP_FROM: '阳光国土 <noreply@sunland.example.cn>',
  NOTIFY_RETRY_BASE_MS: '100',
});
await t.startBackground();
const { db, notify } = t.platform;

/** Minimal MIME reading: unfolded headers, RFC 2047 words, QP/base64 bodies. */
function parse(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  let body = raw.slice(split + 4);
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (cte === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') body = qp(body);
  return { headers, body: body.replace(/\r\n$/, '') };
}
function qp(s: string): string {
  const bytes = s.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => `%${h}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}
function decodeWords(v: string): string {
  return v.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : qp(text.replace(/_/g, ' ')));
}

async function settled(id: number) {
  const until = Date.now() + 10_000;
  for (;;) {
    const r = await t.testDb.owner.selectFrom('notify.outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (r.status !== 'pending') return r;
    if (Date.now() > until) throw new Error(`message ${id} still pending: ${r.lastError}`);
    await new Promise((res) => setTimeout(res, 30));
  }
}

describe('e-mail over SMTP', () => {
  after(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  it('delivers the recipient, the subject and the Chinese body intact', async () => {
    const id = await db.transaction().execute((trx) =>
      notify.enqueue(trx, {
        channel: 'email',
        to: 'wang.fang@example.cn',
        subject: '受理通知书：宅基地申请',
        body: '王芳您好：\n您的宅基地申请（编号 520304-2026-0001）已受理，请于五个工作日内补正材料。\n——播州区自然资源局',
      }));
    const row = await settled(id);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 1);
    assert.equal(received.length, 1);
    const mail = received[0]!;
    assert.deepEqual(mail.to, ['wang.fang@example.cn']);
    assert.equal(mail.from, 'noreply@sunland.example.cn');
    const { headers, body } = parse(mail.raw);
    assert.equal(decodeWords(headers.get('subject')!), '受理通知书：宅基地申请');
    assert.match(headers.get('content-type')!, /charset=utf-8/i);
    assert.equal(body.replace(/\r\n/g, '\n'), '王芳您好：\n您的宅基地申请（编号 520304-2026-0001）已受理，请于五个工作日内补正材料。\n——播州区自然资源局');
    // The outbox id travels as idempotency key, so a redelivery is recognisable.
    assert.equal(headers.get('x-idempotency-key'), `outbox:${id}`);
    assert.equal(headers.get('message-id'), `<outbox-${id}@sunland.local>`);
    assert.equal(row.providerRef, `<outbox-${id}@sunland.local>`);
  });

  it('marks a mailbox the server rejects permanently (5xx) as failed, without retrying', async () => {
    const before = received.length;
    const id = await db.transaction().execute((trx) =>
      notify.enqueue(trx, { channel: 'email', to: 'nobody@example.cn', subject: '测试', body: '无人接收' }));
    const row = await settled(id);
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, 1);
    assert.match(row.lastError!, /550/);
    assert.equal(received.length, before);
  });

  it('retries a temporary refusal (4xx) and then delivers', async () => {
    tempFailuresLeft = 1;
    const id = await db.transaction().execute((trx) =>
      notify.enqueue(trx, { channel: 'email', to: 'li.lei@example.cn', subject: '重试', body: '第二次成功' }));
    const row = await settled(id);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 2);
    assert.equal(tempFailuresLeft, 0);
    assert.equal(received.filter((m) => m.to[0] === 'li.lei@example.cn').length, 1);
  });
});
