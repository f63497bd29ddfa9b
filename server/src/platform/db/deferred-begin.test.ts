/**
 * The read-only commit (deferred-begin.ts, issue 10): a transaction that ran only builder SELECTs
 * does not wait for its commit's answer; one that wrote (or ran raw SQL) does, so its effects are
 * committed when it returns. The commit's answer is held back here to tell them apart.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { createTestDb } from '../../../test/harness.ts';
import { createDb, createPool } from './database.ts';
import { SYSTEM_CONTEXT, withContext } from './context.ts';
import { inlineParameters } from './deferred-begin.ts';
import { pgMessages } from '../../../test/pg-messages.ts';

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

/** The text of every message the pg clients send during `fn`. */
const messages = (fn: () => Promise<unknown>) => pgMessages(fn);

describe('prepared first SELECTs (planned once per connection)', () => {
  type Trx = Parameters<Parameters<typeof withContext>[2]>[0];
  const q = (trx: Trx) => trx.selectFrom('orgs.org_units')
    .select(['id', 'code', 'name'])
    .where('id', 'in', [1, 2, 3]).where('code', '!=', "no'such $1").where('createdAt', '<', new Date('2100-01-01T00:00:00Z'))
    .orderBy('id').limit(5);

  it('a SELECT sent again is prepared once, then executed by name with the same rows as bound parameters', async () => {
    const bound = await withContext(db, SYSTEM_CONTEXT, async (trx) => {
      await trx.selectFrom('orgs.org_units').select('id').limit(1).execute();
      return q(trx).execute();
    });
    const sent = await messages(async () => {
      for (let i = 0; i < 4; i++) assert.deepEqual(await withContext(db, SYSTEM_CONTEXT, (trx) => q(trx).execute()), bound);
    });
    assert.ok(bound.length > 0);
    const prepares = sent.filter((m) => /^prepare sunland_\d+ as select "id", "code", "name" from "orgs"\."org_units"/.test(m));
    assert.equal(prepares.length, 1, sent.join('\n'));
    const executes = sent.filter((m) => /^\/\* sunland:last \*\/\nbegin; \/\* sunland:context \*\/[\s\S]*; execute sunland_\d+\('1', '2', '3', E?'no''such \$1', '2100-01-01/.test(m));
    assert.ok(executes.length >= 2, sent.join('\n'));
    // The plan lives on the (only) connection of this pool.
    const listed = await withContext(db, SYSTEM_CONTEXT, (trx) => sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement like 'prepare sunland_% as select "id", "code", "name" from "orgs"."org_units"%'`.execute(trx));
    assert.equal(listed.rows[0]!.n, 1);
  });

  it('a SELECT PostgreSQL cannot prepare (an untyped parameter) stays inlined and answers the same', async () => {
    const lit = (trx: Trx) => trx.selectFrom('orgs.org_units').select(['id', sql<string>`${"it's $1"}`.as('lit')]).where('id', '=', 1);
    for (let i = 0; i < 3; i++) assert.deepEqual(await withContext(db, SYSTEM_CONTEXT, (trx) => lit(trx).execute()), [{ id: 1, lit: "it's $1" }]);
  });

  it('after a table changes under a prepared SELECT, the next request prepares it afresh', async () => {
    await sql`create table public.dbperf_changing (id int primary key, v varchar(10))`.execute(tdb.owner);
    await sql`insert into public.dbperf_changing values (1, 'a')`.execute(tdb.owner);
    await sql`grant select on public.dbperf_changing to sunland_app`.execute(tdb.owner);
    const r = (trx: Trx) => (trx as unknown as Kysely<{ 'public.dbperf_changing': { id: number; v: string } }>)
      .selectFrom('public.dbperf_changing').select(['id', 'v']).where('id', '=', 1);
    for (let i = 0; i < 3; i++) assert.deepEqual(await withContext(db, SYSTEM_CONTEXT, (trx) => r(trx).execute()), [{ id: 1, v: 'a' }]);
    await sql`alter table public.dbperf_changing alter column v type text`.execute(tdb.owner);
    // The statement in flight when the table changed fails (PostgreSQL: cached plan must not change result type).
    await assert.rejects(withContext(db, SYSTEM_CONTEXT, (trx) => r(trx).execute()), /cached plan/);
    assert.deepEqual(await withContext(db, SYSTEM_CONTEXT, (trx) => r(trx).execute()), [{ id: 1, v: 'a' }]);
  });
});
