import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { AppError } from '../http/errors.ts';
import { withContext } from '../db/context.ts';
import { backoffMs } from './index.ts';

// Delivery runs in this app (as in a server with JOBS=true); SMS go to the dev table.
const t: TestApp = await startTestApp({ JOBS: 'true', NOTIFY_RETRY_BASE_MS: '100' });
await t.startBackground();
const { db, notify } = t.platform;
const owner = t.testDb.owner;
// A second app on its own database with JOBS=false and delivery never started, as most tests run.
const quiet: TestApp = await startTestApp();

async function waitFor<T>(get: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 30));
  }
}

const outboxRow = (id: number) => owner.selectFrom('notify.outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const sentRow = (id: number) => waitFor(async () => {
  const r = await outboxRow(id);
  return r.status === 'pending' ? undefined : r;
});

describe('notify outbox', () => {
  it('sends nothing for a change that rolled back', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await notify.enqueue(trx, { channel: 'sms', to: '13900000001', body: '回滚的短信' });
        throw new Error('business rule failed');
      }),
      /business rule failed/,
    );
    // Give a dispatcher every chance to (wrongly) send something.
    await new Promise((r) => setTimeout(r, 300));
    await notify.idle();
    const out = await owner.selectFrom('notify.outbox').select('id').where('recipient', '=', '13900000001').execute();
    const sms = await owner.selectFrom('notify.sms_messages').select('id').where('phone', '=', '13900000001').execute();
    assert.equal(out.length, 0);
    assert.equal(sms.length, 0);
  });

  it('delivers a committed SMS to the dev phone, once, with the outbox id as idempotency key', async () => {
    const id = await db.transaction().execute((trx) =>
      notify.enqueue(trx, { channel: 'sms', to: '+86 139-0000-0002', body: '您的验证码是 123456' }),
    );
    const row = await sentRow(id);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 1);
    assert.equal(row.recipient, '13900000002');
    assert.ok(row.sentAt instanceof Date);
    const sms = await owner.selectFrom('notify.sms_messages').selectAll().where('phone', '=', '13900000002').execute();
    assert.equal(sms.length, 1);
    assert.equal(sms[0]!.body, '您的验证码是 123456');
    assert.equal(sms[0]!.idempotencyKey, `outbox:${id}`);
  });

  it('rejects a number that is not a mainland mobile, naming the field', async () => {
    for (const to of ['12345678901', '1390000000', '139000000012', 'abc']) {
      const err = await db
        .transaction()
        .execute((trx) => notify.enqueue(trx, { channel: 'sms', to, body: 'x' }))
        .then(() => null, (e: unknown) => e);
      assert.ok(err instanceof AppError, `accepted ${to}`);
      assert.equal(err.code, 'validation.failed');
      assert.equal(err.details?.field, 'to');
    }
  });

  it('names the field of other bad messages', async () => {
    const fieldOf = (msg: Parameters<typeof notify.enqueue>[1]) =>
      db.transaction().execute((trx) => notify.enqueue(trx, msg)).then(() => null, (e: AppError) => e.details?.field);
    assert.equal(await fieldOf({ channel: 'email', to: 'not-an-address', subject: 's', body: 'b' }), 'to');
    assert.equal(await fieldOf({ channel: 'email', to: 'a@example.cn', body: 'b' }), 'subject');
    assert.equal(await fieldOf({ channel: 'inapp', to: 'alice', body: 'b' }), 'to');
    assert.equal(await fieldOf({ channel: 'sms', to: '13900000003', body: '   ' }), 'body');
  });

  it('delivers in-app messages to the inbox, visible only to their user (RLS)', async () => {
    const id = await db.transaction().execute((trx) =>
      notify.enqueue(trx, { channel: 'inapp', to: '9001', subject: '补正通知', body: '请补充材料', data: { link: '/cases/7' } }),
    );
    await sentRow(id);
    const mine = await withContext(db, { userId: 9001, scopes: [] }, (trx) => notify.listInbox(trx, { limit: 10 }));
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.title, '补正通知');
    assert.equal(mine[0]!.body, '请补充材料');
    assert.deepEqual(mine[0]!.data, { link: '/cases/7' });
    assert.equal(mine[0]!.readAt, null);
    const theirs = await withContext(db, { userId: 9002, scopes: [] }, (trx) => notify.listInbox(trx, { limit: 10 }));
    assert.equal(theirs.length, 0);
    // Another user cannot mark it read either: under RLS it does not exist for them.
    const stolen = await withContext(db, { userId: 9002, scopes: [] }, (trx) => notify.markRead(trx, mine[0]!.id));
    assert.equal(stolen, undefined);
    const read = await withContext(db, { userId: 9001, scopes: [] }, (trx) => notify.markRead(trx, mine[0]!.id));
    assert.ok(read?.readAt instanceof Date);
    // A user cannot write into anyone's inbox directly; only the dispatcher (no user) can.
    await assert.rejects(
      withContext(db, { userId: 9001, scopes: [] }, (trx) =>
        trx.insertInto('notify.inbox').values({ userId: 9002, title: 'x', body: 'y', data: '{}' }).execute()),
      /row-level security/,
    );
  });

  it('ignores a second enqueue with the same dedupe key', async () => {
    const a = await db.transaction().execute((trx) => notify.enqueue(trx, { channel: 'inapp', to: '9003', body: '一次', dedupeKey: 'case-7-accepted' }));
    const b = await db.transaction().execute((trx) => notify.enqueue(trx, { channel: 'inapp', to: '9003', body: '一次', dedupeKey: 'case-7-accepted' }));
    assert.equal(a, b);
    await sentRow(a);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from notify.inbox where user_id = 9003`.execute(owner);
    assert.equal(rows[0]!.n, 1);
  });

  it('keeps e-mail pending, not lost, while SMTP is not configured', async () => {
    const id = await db.transaction().execute((trx) =>
      notify.enqueue(trx, { channel: 'email', to: 'clerk@example.cn', subject: '测试', body: '正文' }));
    const row = await waitFor(async () => {
      const r = await outboxRow(id);
      return r.lastError ? r : undefined;
    });
    assert.equal(row.status, 'pending');
    assert.equal(row.lastError, 'SMTP not configured');
    assert.equal(row.attempts, 0);
    assert.ok(row.nextAttemptAt.getTime() > Date.now() + 30_000, 'waits before looking again');
  });

  it('does not deliver before notBefore', async () => {
    const id = await db.transaction().execute((trx) =>
      notify.enqueue(trx, { channel: 'inapp', to: '9004', body: '提醒', notBefore: new Date(Date.now() + 700) }));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await outboxRow(id)).status, 'pending');
    const row = await sentRow(id);
    assert.equal(row.status, 'sent');
    assert.ok(row.sentAt!.getTime() >= row.createdAt.getTime() + 600);
  });

  it('purges settled messages after the retention, never pending ones', async () => {
    const old = new Date(Date.now() - 200 * 86_400_000);
    const rows = await owner.insertInto('notify.outbox').values([
      { channel: 'sms', recipient: '13900000010', body: 'old sent', data: '{}', status: 'sent', sentAt: old, createdAt: old },
      { channel: 'sms', recipient: '13900000011', body: 'old dead', data: '{}', status: 'dead', createdAt: old },
      { channel: 'email', recipient: 'x@example.cn', subject: 's', body: 'old pending', data: '{}', createdAt: old, nextAttemptAt: new Date(Date.now() + 86_400_000) },
    ]).returning('body').execute();
    assert.equal(rows.length, 3);
    const deleted = await notify.purgeSettled();
    assert.equal(deleted, 2);
    const left = await owner.selectFrom('notify.outbox').select('body').where('createdAt', '=', old).execute();
    assert.deepEqual(left.map((r) => r.body), ['old pending']);
  });

  it('keeps waking on commit after its LISTEN connection was killed', async () => {
    const { rows } = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and application_name = 'sunland-listen'`.execute(owner);
    assert.equal(rows[0]!.n, 1);
    // The listener reconnects after 0.5 s; until then the dispatcher's own timer is the fallback.
    await new Promise((r) => setTimeout(r, 1_000));
    const { rows: back } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'sunland-listen'`.execute(owner);
    assert.equal(back[0]!.n, 1, 'reconnected');
    const started = Date.now();
    const id = await db.transaction().execute((trx) => notify.enqueue(trx, { channel: 'inapp', to: '9005', body: '重连之后' }));
    assert.equal((await sentRow(id)).status, 'sent');
    // Far quicker than the 60 s timer or the cron sweep: woken by NOTIFY.
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
  });

  it('delivers due messages on demand in an app without background work', async () => {
    const id = await quiet.platform.db.transaction().execute((trx) =>
      quiet.platform.notify.enqueue(trx, { channel: 'sms', to: '13900000020', body: '验证码 654321' }));
    const handled = await quiet.platform.notify.deliverDue();
    assert.ok(handled >= 1);
    const sms = await quiet.testDb.owner.selectFrom('notify.sms_messages').select(['body', 'idempotencyKey']).where('phone', '=', '13900000020').execute();
    assert.deepEqual(sms, [{ body: '验证码 654321', idempotencyKey: `outbox:${id}` }]);
  });

  it('doubles the backoff per attempt up to one hour', () => {
    assert.deepEqual([1, 2, 3, 4].map((a) => backoffMs(15_000, a)), [15_000, 30_000, 60_000, 120_000]);
    assert.equal(backoffMs(15_000, 30), 3_600_000);
  });
});
