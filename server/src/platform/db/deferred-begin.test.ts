/**
 * The read-only commit (deferred-begin.ts, issue 10): a transaction that ran only builder SELECTs
 * does not wait for its commit's answer; one that wrote (or ran raw SQL) does, so its effects are
 * committed when it returns. The commit's answer is held back here to tell them apart.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from 'kysely';
import { createTestDb } from '../../../test/harness.ts';
import { createDb, createPool } from './database.ts';
import { SYSTEM_CONTEXT, withContext } from './context.ts';

const tdb = await createTestDb();
const db = createDb(createPool(tdb.appUrl, 1));
after(async () => {
  await db.destroy();
  await tdb.drop();
});

const HOLD_MS = 400;

/** Runs `fn` with every `commit` answered HOLD_MS late; returns how long `fn` took. */
async function withSlowCommit(fn: () => Promise<unknown>): Promise<number> {
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const r = (original as (...a: unknown[]) => unknown).apply(this, args);
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    if (text === 'commit' && r instanceof Promise) return r.then((v) => new Promise((res) => setTimeout(() => res(v), HOLD_MS)));
    return r;
  } as typeof original;
  const started = Date.now();
  try {
    await fn();
    return Date.now() - started;
  } finally {
    pg.Client.prototype.query = original;
  }
}

describe('read-only transactions', () => {
  it('a transaction of builder SELECTs returns without waiting for its commit', async () => {
    const ms = await withSlowCommit(() => withContext(db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('orgs.org_units').select('id').limit(1).execute()));
    assert.ok(ms < HOLD_MS, `${ms} ms`);
    // The connection (the pool has one) serves the next transaction after that commit.
    const rows = await withContext(db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('orgs.org_units').select('id').limit(1).execute());
    assert.equal(rows.length, 1);
  });

  it('a transaction that writes, or runs raw SQL, waits for its commit', async () => {
    const write = await withSlowCommit(() => withContext(db, SYSTEM_CONTEXT, (trx) =>
      trx.updateTable('orgs.org_units').set({ name: sql`name` }).where('id', '<', 0).execute()));
    assert.ok(write >= HOLD_MS - 20, `${write} ms`);
    const raw = await withSlowCommit(() => withContext(db, SYSTEM_CONTEXT, (trx) => sql`select 1`.execute(trx)));
    assert.ok(raw >= HOLD_MS - 20, `${raw} ms`);
  });
});
