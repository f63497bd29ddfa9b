/**
 * Row-level security on notify.outbox and notify.sms_messages (issue 9, migration 0520): the
 * application role reads neither the outbox (SMS login codes, messages to others) nor the dev SMS
 * phone, bare or in a user's context; the system context delivers, a user sees their own in-app
 * rows, and enqueueing still works from any context.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { PUBLIC_CONTEXT, SYSTEM_CONTEXT, withContext } from '../db/context.ts';
import { call, userId } from '../identity/test-helpers.ts';

const t: TestApp = await startTestApp();
const { db, notify } = t.platform;
const owner = t.testDb.owner;

async function staffContext(username: string) {
  const id = await userId(t, username);
  const post = await owner.selectFrom('access.posts').select('scopePath').where('userId', '=', id).where('active', '=', true).executeTakeFirstOrThrow();
  return { userId: id, scopes: [post.scopePath] };
}

describe('notify RLS (outbox, dev SMS phone)', () => {
  it('keeps other people\'s outbox rows and SMS texts from the application role', async () => {
    // A login code for a public account, an in-app notice to the window clerk, and a plain SMS.
    const code = await call(t, null, 'POST', '/api/public/sms-code', { phone: '13885200001', purpose: 'login' });
    assert.equal(code.status, 202);
    const windowCtx = await staffContext('window');
    const reviewerCtx = await staffContext('reviewer');
    await withContext(db, SYSTEM_CONTEXT, async (trx) => {
      await notify.enqueue(trx, { channel: 'inapp', to: String(windowCtx.userId), subject: '给窗口的通知', body: '窗口请处理' });
      await notify.enqueue(trx, { channel: 'sms', to: '13900000521', body: '【阳光国土】您的申请已受理。' });
    });
    await notify.deliverDue();
    const all = await owner.selectFrom('notify.outbox').select(['id', 'body']).execute();
    assert.ok(all.length >= 3, 'the rows exist');
    const loginSms = (await owner.selectFrom('notify.outbox').select('body').where('recipient', '=', '13885200001').executeTakeFirstOrThrow()).body;
    assert.match(loginSms, /\d{6}/);
    assert.ok((await owner.selectFrom('notify.sms_messages').select('id').execute()).length >= 2, 'the dev phone recorded them');

    // The bare pool (no context), the public context and another staff member see nothing.
    const bare = await sql<{ body: string }>`select * from notify.outbox`.execute(db);
    assert.deepEqual(bare.rows, [], 'bare pool reads no outbox row');
    const bareSms = await sql<{ body: string }>`select * from notify.sms_messages`.execute(db);
    assert.deepEqual(bareSms.rows, [], 'bare pool reads no SMS text');
    for (const ctx of [PUBLIC_CONTEXT, reviewerCtx, { ...windowCtx, scopes: ['cn'] }]) {
      const rows = await withContext(db, ctx, async (trx) => ({
        outbox: (await sql<{ body: string; recipient: string; channel: string }>`select * from notify.outbox`.execute(trx)).rows,
        sms: (await sql<{ body: string }>`select * from notify.sms_messages`.execute(trx)).rows,
      }));
      assert.ok(!JSON.stringify(rows).includes(loginSms), 'no login code');
      assert.deepEqual(rows.sms, [], 'no dev-phone SMS');
      // The window clerk sees exactly their own in-app row, nothing else.
      const own = ctx.userId === windowCtx.userId ? ['给窗口的通知'] : [];
      assert.deepEqual(rows.outbox.map((r) => (r as unknown as { subject: string }).subject), own);
    }
    // Nor can a user change or delete rows.
    const upd = await withContext(db, reviewerCtx, (trx) => sql`update notify.outbox set body = 'x'`.execute(trx));
    assert.equal(Number(upd.numAffectedRows ?? 0), 0);
    await assert.rejects(withContext(db, reviewerCtx, (trx) =>
      sql`insert into notify.outbox (channel, recipient, body) values ('sms', '13900000522', 'forged')`.execute(trx)), /permission denied|row-level security/);

    // The system context (dispatcher) sees them all.
    const sys = await withContext(db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('notify.outbox').select('id').execute());
    assert.equal(sys.length, all.length);
  });

  it('enqueues from a user\'s context and keeps dedupe keys', async () => {
    const ctx = await staffContext('reviewer');
    const [a, b] = await withContext(db, ctx, async (trx) => [
      await notify.enqueue(trx, { channel: 'sms', to: '13900000523', body: '第一条', dedupeKey: 'rls:dedupe' }),
      await notify.enqueue(trx, { channel: 'sms', to: '13900000523', body: '第二条', dedupeKey: 'rls:dedupe' }),
    ]);
    assert.ok(a! > 0);
    assert.equal(a, b, 'the second enqueue returns the first id');
    const rows = await owner.selectFrom('notify.outbox').select('body').where('dedupeKey', '=', 'rls:dedupe').execute();
    assert.deepEqual(rows.map((r) => r.body), ['第一条']);
  });
});
