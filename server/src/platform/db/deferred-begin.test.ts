/**
 * Round trips of a scoped transaction (deferred-begin.ts, issue 10). A plain read is one message
 * (context and SELECT, one implicit transaction: no begin, no commit); a transaction that wrote (or
 * ran raw SQL) waits for its commit, so its effects are committed when it returns. The commit's
 * answer is held back here to tell them apart.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { createTestDb } from '../../../test/harness.ts';
import { createDb, createPool } from './database.ts';
import { SYSTEM_CONTEXT, withContext, type DbContext } from './context.ts';
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

/** The text of every message the pg clients send during `fn`. */
const messages = (fn: () => Promise<unknown>) => pgMessages(fn);

type Trx = Parameters<Parameters<typeof withContext>[2]>[0];
const COUNTY: DbContext = { userId: null, scopes: ['cn.p52.c5203.x520304'] };
const settingIn = (trx: Trx) => trx.selectNoFrom(sql<string | null>`current_setting('sunland.scopes', true)`.as('s')).executeTakeFirstOrThrow();

describe('a plain read: context and SELECT in one message, one implicit transaction', () => {
  it('sends one message (Parse/Bind/Execute of both, one Sync): no begin, no commit', async () => {
    await withContext(db, COUNTY, (trx) => settingIn(trx)); // prepares both on the connection
    let row: { s: string | null } | undefined;
    const sent = await messages(async () => { row = await withContext(db, COUNTY, (trx) => settingIn(trx)); });
    assert.equal(sent.length, 1, sent.join('\n---\n'));
    assert.match(sent[0]!, /^\/\* sunland:context \*\/\s+select set_config\('sunland\.scopes', \$1, true\)[\s\S]*;\nselect current_setting/);
    assert.doesNotMatch(sent[0]!, /\bbegin\b|\bcommit\b/);
    // The context held for the SELECT (is_local settings live as long as the implicit transaction)…
    assert.equal(row!.s, '{cn.p52.c5203.x520304}');
    // …and ended with it: the pool's one connection carries no scope into the next statement.
    const after = await sql<{ s: string | null }>`select current_setting('sunland.scopes', true) as s`.execute(db);
    assert.ok(!after.rows[0]!.s, `left behind: ${after.rows[0]!.s}`);
  });

  it('row-level security applies to the one-message read exactly as in a transaction: only the scope it names', async () => {
    await sql`create table public.perf10_scoped (id int primary key, org_path ltree not null)`.execute(tdb.owner);
    await sql`alter table public.perf10_scoped enable row level security`.execute(tdb.owner);
    await sql`create policy perf10_scoped_read on public.perf10_scoped for select using (platform.in_scope(org_path))`.execute(tdb.owner);
    await sql`insert into public.perf10_scoped values (1, 'cn.p52.c5203.x520304.t520304102'), (2, 'cn.p52.c5203.x520302'), (3, 'cn.p52.c5203.x520304')`.execute(tdb.owner);
    await sql`grant select on public.perf10_scoped to sunland_app`.execute(tdb.owner);
    const read = (ctx: DbContext) => withContext(db, ctx, (trx) => (trx as unknown as Kysely<{ 'public.perf10_scoped': { id: number } }>)
      .selectFrom('public.perf10_scoped').select('id').orderBy('id').execute());
    await read(COUNTY);
    let county: { id: number }[] = [];
    const sent = await messages(async () => { county = await read(COUNTY); });
    assert.equal(sent.length, 1, sent.join('\n---\n'));
    assert.deepEqual(county.map((r) => r.id), [1, 3]);
    assert.deepEqual((await read({ userId: null, scopes: ['cn.p52.c5203.x520302'] })).map((r) => r.id), [2]);
    assert.deepEqual(await read({ userId: null, scopes: [] }), []);
    // The scope does not outlive its read: the same connection, with no context, sees nothing.
    assert.deepEqual((await sql<{ id: number }>`select id from public.perf10_scoped`.execute(db)).rows, []);
  });

  it('a later statement of the same unit of work runs in a transaction of its own, with the context again', async () => {
    let second: { s: string | null } | undefined;
    const sent = await messages(() => withContext(db, COUNTY, async (trx) => {
      await trx.selectFrom('orgs.org_units').select('id').limit(1).execute();
      await trx.updateTable('orgs.org_units').set({ name: sql`name` }).where('id', '<', 0).execute();
      second = await settingIn(trx);
    }));
    assert.equal(second!.s, '{cn.p52.c5203.x520304}');
    assert.equal(sent.length, 4, sent.join('\n---\n'));
    assert.match(sent[1]!, /^begin;\n\/\* sunland:context \*\/[\s\S]*;\nupdate "orgs"\."org_units"/);
    assert.equal(sent[3], 'commit');
  });

  it('a locking SELECT, or one calling a function that may write, keeps begin … commit', async () => {
    const locking = await messages(() => withContext(db, COUNTY, (trx) => trx.selectFrom('orgs.org_units').select('id').where('id', '<', 0).forUpdate().execute()));
    assert.match(locking[0]!, /^begin;\n/);
    assert.equal(locking.at(-1), 'commit');
    const own = await messages(() => withContext(db, COUNTY, (trx) => trx.selectNoFrom(sql<boolean>`platform.in_scope('cn')`.as('x')).execute()));
    assert.match(own[0]!, /^begin;\n/);
    const seq = await messages(() => withContext(db, COUNTY, (trx) => trx.selectNoFrom(sql<number>`pg_advisory_xact_lock(1)`.as('x')).execute()));
    assert.match(seq[0]!, /^begin;\n/);
  });

  it('answers exactly what the same SELECT answers later in a transaction', async () => {
    const q = (trx: Trx) => trx.selectFrom('orgs.org_units')
      .select(['id', 'code', sql<string>`${"it's $1"}`.as('lit'), sql<Date>`${new Date('2026-12-06T08:00:00Z')}::timestamptz`.as('at'), sql<unknown>`${JSON.stringify({ a: "x'y" })}::jsonb`.as('j')])
      .where('id', 'in', [1, 2]).where('code', '!=', "no'such").orderBy('id').limit(5);
    const pipelined = await withContext(db, SYSTEM_CONTEXT, (trx) => q(trx).execute());
    const bound = await withContext(db, SYSTEM_CONTEXT, async (trx) => {
      await sql`select 1`.execute(trx); // raw SQL first: begin and context go alone, the SELECT as Kysely sends it
      return q(trx).execute();
    });
    assert.equal(pipelined.length, 2);
    assert.deepEqual(pipelined, bound);
    assert.equal(pipelined[0]!.lit, "it's $1");
    assert.equal((pipelined[0]!.at as Date).toISOString(), '2026-12-06T08:00:00.000Z');
    assert.deepEqual(pipelined[0]!.j, { a: "x'y" });
  });
});

describe('prepared SELECTs (planned once per connection)', () => {
  const q = (trx: Trx) => trx.selectFrom('orgs.org_units')
    .select(['id', 'code', 'name'])
    .where('id', 'in', [1, 2, 3]).where('code', '!=', "no'such $1").where('createdAt', '<', new Date('2100-01-01T00:00:00Z'))
    .orderBy('id').limit(5);

  it('a SELECT sent again is parsed once on the connection, then bound by name, with the same rows', async () => {
    const bound = await withContext(db, SYSTEM_CONTEXT, async (trx) => {
      await sql`select 1`.execute(trx);
      return q(trx).execute();
    });
    for (let i = 0; i < 4; i++) assert.deepEqual(await withContext(db, SYSTEM_CONTEXT, (trx) => q(trx).execute()), bound);
    assert.ok(bound.length > 0);
    // The plan lives on the (only) connection of this pool, once, and so does the context statement.
    const listed = await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'sunland\_%'`.execute(db);
    const texts = listed.rows.map((r) => r.statement);
    assert.equal(texts.filter((x) => x.startsWith('select "id", "code", "name" from "orgs"."org_units"')).length, 1, texts.join('\n'));
    assert.equal(texts.filter((x) => x.startsWith('/* sunland:context */')).length, 1, texts.join('\n'));
  });

  it('an untyped parameter answers as it does alone', async () => {
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
