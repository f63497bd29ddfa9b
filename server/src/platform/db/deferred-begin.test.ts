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
import { inlineParameters } from './deferred-begin.ts';

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

describe('one round trip: begin, the context and the first SELECT in one message', () => {
  it('writes parameters in as the literals pg would send, leaving quoted text and identifiers alone', () => {
    assert.equal(inlineParameters(`select $1, '$1', "a$1", $2 from t where x = $10`, ["o'neil\\", 5, 3, 4, 5, 6, 7, 8, 9, 'ten']),
      `select  E'o''neil\\\\', '$1', "a$1", '5' from t where x = 'ten'`);
    assert.equal(inlineParameters('select $1, $2, $3', [null, Buffer.from([0, 255]), [1, 2]]), `select NULL, '\\x00ff', '{"1","2"}'`);
    assert.equal(inlineParameters("select $1 -- the county's $2\n, $2 /* it's $1 */", ['a', 'b']), "select 'a' -- the county's $2\n, 'b' /* it's $1 */");
    assert.equal(inlineParameters('select $1', ['a\u0000b']), null, 'a NUL byte goes as a parameter and is refused by the server as before');
  });

  it('answers exactly what the same SELECT answers with bound parameters', async () => {
    const q = (trx: Parameters<Parameters<typeof withContext>[2]>[0]) => trx.selectFrom('orgs.org_units')
      .select(['id', 'code', sql<string>`${"it's $1"}`.as('lit'), sql<Date>`${new Date('2026-12-06T08:00:00Z')}::timestamptz`.as('at'), sql<unknown>`${JSON.stringify({ a: "x'y" })}::jsonb`.as('j')])
      .where('id', 'in', [1, 2]).where('code', '!=', "no'such").orderBy('id').limit(5);
    const inlined = await withContext(db, SYSTEM_CONTEXT, (trx) => q(trx).execute());
    const bound = await withContext(db, SYSTEM_CONTEXT, async (trx) => {
      await trx.selectFrom('orgs.org_units').select('id').limit(1).execute(); // the first statement takes the one-message path
      return q(trx).execute();
    });
    assert.equal(inlined.length, 2);
    assert.deepEqual(inlined, bound);
    assert.equal(inlined[0]!.lit, "it's $1");
    assert.equal((inlined[0]!.at as Date).toISOString(), '2026-12-06T08:00:00.000Z');
    assert.deepEqual(inlined[0]!.j, { a: "x'y" });
  });
});
