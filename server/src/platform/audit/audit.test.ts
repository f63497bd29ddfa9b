import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext, type DbContext } from '../db/context.ts';
import type { Actor } from '../http/actor.ts';
import { entryHash } from './audit.hash.ts';

const t: TestApp = await startTestApp();
const { audit, db } = t.platform;

const COUNTY = 'cn.p52.c5203.x520304';
const OTHER_COUNTY = 'cn.p52.c5203.x520302';
const clerk = { userId: 901, username: 'clerk901' };

function actor(scopePath: string | null, permissions: string[] = []): Actor {
  return {
    userId: 900, username: 'auditor', displayName: '审计员', kind: 'staff', sessionId: 's', postId: 1, orgUnitId: 1,
    scopePath, roles: ['audit_admin'], permissions: new Set(permissions),
  };
}
const ctx = (scope: string): DbContext => ({ userId: 900, scopes: [scope] });

async function head() {
  return t.testDb.owner.selectFrom('audit.chain_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
}

describe('audit.record', () => {
  it('appends gapless, hash-linked entries whose hash recomputes from the stored row', async () => {
    const before = await head();
    await withContext(db, ctx(COUNTY), async (trx) => {
      await audit.record(trx, clerk, { action: 'test.thing.created', entityType: 'thing', entityId: 1, orgPath: COUNTY, details: { b: 2, a: [1, '一'] } });
      await audit.record(trx, clerk, { action: 'test.thing.updated', entityType: 'thing', entityId: 1, orgPath: COUNTY, details: { when: new Date('2026-03-01T00:00:00Z') } });
    });
    const rows = await t.testDb.owner.selectFrom('audit.entries').selectAll().where('seq', '>', before.seq).orderBy('seq').execute();
    assert.deepEqual(rows.map((r) => r.seq), [before.seq + 1, before.seq + 2]);
    assert.equal(rows[0]!.prevHash, before.hash);
    assert.equal(rows[1]!.prevHash, rows[0]!.hash);
    assert.equal(rows[0]!.actorUsername, 'clerk901');
    assert.equal(rows[0]!.entityId, '1');
    assert.deepEqual(rows[1]!.details, { when: '2026-03-01T00:00:00.000Z' });
    assert.equal(rows[0]!.hashAlg, 'sm3');
    for (const r of rows) assert.equal(entryHash(r, 'sm3'), r.hash);
    assert.deepEqual(await head(), { seq: rows[1]!.seq, hash: rows[1]!.hash });
  });

  it('leaves no entry and no gap when the change rolls back', async () => {
    const before = await head();
    await assert.rejects(withContext(db, ctx(COUNTY), async (trx) => {
      await audit.record(trx, clerk, { action: 'test.thing.created', entityType: 'thing', entityId: 2, orgPath: COUNTY });
      throw new Error('the change failed');
    }), /the change failed/);
    assert.deepEqual(await head(), before);
    await withContext(db, ctx(COUNTY), (trx) => audit.record(trx, clerk, { action: 'test.thing.created', entityType: 'thing', entityId: 3, orgPath: COUNTY }));
    const after = await head();
    assert.equal(after.seq, before.seq + 1);
    const row = await t.testDb.owner.selectFrom('audit.entries').select(['entityId', 'prevHash']).where('seq', '=', after.seq).executeTakeFirstOrThrow();
    assert.deepEqual(row, { entityId: '3', prevHash: before.hash });
  });

  it('serializes concurrent writers into one gapless chain', async () => {
    const before = await head();
    await Promise.all(Array.from({ length: 25 }, (_, i) =>
      withContext(db, ctx(COUNTY), async (trx) => {
        await sql`select pg_sleep(${(i % 5) / 1000})`.execute(trx);
        await audit.record(trx, clerk, { action: 'test.thing.created', entityType: 'thing', entityId: 100 + i, orgPath: COUNTY });
      })));
    const rows = await t.testDb.owner.selectFrom('audit.entries').select(['seq', 'prevHash', 'hash']).where('seq', '>', before.seq).orderBy('seq').execute();
    assert.equal(rows.length, 25);
    rows.forEach((r, i) => {
      assert.equal(r.seq, before.seq + 1 + i);
      assert.equal(r.prevHash, i === 0 ? before.hash : rows[i - 1]!.hash);
    });
    const v = await audit.verify();
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    assert.equal(v.headSeq, before.seq + 25);
  });

  it('refuses a call outside a transaction and a malformed action', async () => {
    await assert.rejects(audit.record(db as never, clerk, { action: 'test.thing.created', entityType: 'thing' }), /needs the transaction/);
    await assert.rejects(withContext(db, ctx(COUNTY), (trx) => audit.record(trx, clerk, { action: 'created', entityType: 'thing' })), /module\.entity\.pastTense/);
  });

  it('logs sensitive reads as <module>.<entity>.read with the fields shown', async () => {
    await withContext(db, ctx(COUNTY), (trx) =>
      audit.recordRead(trx, clerk, { module: 'identity', entityType: 'user', entityId: 42, fields: ['idNumber', 'phone'], orgPath: COUNTY }));
    const h = await head();
    const row = await t.testDb.owner.selectFrom('audit.entries').selectAll().where('seq', '=', h.seq).executeTakeFirstOrThrow();
    assert.equal(row.action, 'identity.user.read');
    assert.deepEqual(row.details, { fields: ['idNumber', 'phone'] });
    assert.equal(row.entityId, '42');
  });
});

describe('append-only storage', () => {
  it('gives the application role no UPDATE or DELETE', async () => {
    const h = await head();
    await assert.rejects(withContext(db, ctx('cn'), (trx) => sql`update audit.entries set action = 'x.y.z' where seq = ${h.seq}`.execute(trx)), /permission denied/);
    await assert.rejects(withContext(db, ctx('cn'), (trx) => sql`delete from audit.entries where seq = ${h.seq}`.execute(trx)), /permission denied/);
    await assert.rejects(withContext(db, ctx('cn'), (trx) => sql`truncate audit.entries`.execute(trx)), /permission denied/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE even for the owner, and a young entry even through the retention flag', async () => {
    const owner = t.testDb.owner;
    const h = await head();
    await assert.rejects(sql`update audit.entries set details = '{}' where seq = ${h.seq}`.execute(owner), /append-only/);
    await assert.rejects(sql`delete from audit.entries where seq = ${h.seq}`.execute(owner), /append-only/);
    await assert.rejects(sql`truncate audit.entries`.execute(owner), /append-only/);
    await assert.rejects(owner.transaction().execute(async (trx) => {
      await sql`select set_config('sunland.audit_purge', 'on', true)`.execute(trx);
      await sql`delete from audit.entries where seq = ${h.seq}`.execute(trx);
    }), /append-only/);
    assert.equal((await head()).seq, h.seq);
    const still = await owner.selectFrom('audit.entries').select('seq').where('seq', '=', h.seq).executeTakeFirst();
    assert.equal(still?.seq, h.seq);
  });
});

describe('scoped reading', () => {
  it('shows an audit admin the entries of their subtree; system-wide entries from province level up', async () => {
    await withContext(db, ctx('cn'), async (trx) => {
      await audit.record(trx, clerk, { action: 'test.scope.created', entityType: 'scope', entityId: 'mine', orgPath: `${COUNTY}.window` });
      await audit.record(trx, clerk, { action: 'test.scope.created', entityType: 'scope', entityId: 'other', orgPath: OTHER_COUNTY });
      await audit.record(trx, null, { action: 'test.scope.created', entityType: 'scope', entityId: 'system' });
    });
    const list = (scope: string) => withContext(db, ctx(scope), (trx) => audit.listEntries(trx, { action: 'test.scope.created', limit: 50 }));
    const county = await list(COUNTY);
    assert.deepEqual(county.items.map((i) => i.entityId), ['mine']);
    const province = await list('cn.p52');
    assert.deepEqual(province.items.map((i) => i.entityId), ['system', 'other', 'mine']);
    const otherProvince = await list('cn.p53');
    assert.deepEqual(otherProvince.items.map((i) => i.entityId), ['system']);
    const country = await list('cn');
    assert.deepEqual(country.items.map((i) => i.entityId), ['system', 'other', 'mine']);
  });

  it('pages newest first by seq with nextBefore', async () => {
    const page1 = await withContext(db, ctx('cn'), (trx) => audit.listEntries(trx, { entityType: 'thing', limit: 10 }));
    assert.equal(page1.items.length, 10);
    assert.ok(page1.items[0]!.seq > page1.items[9]!.seq);
    assert.equal(page1.nextBefore, page1.items[9]!.seq);
    const page2 = await withContext(db, ctx('cn'), (trx) => audit.listEntries(trx, { entityType: 'thing', limit: 10, before: page1.nextBefore! }));
    assert.ok(page2.items.every((i) => i.seq < page1.nextBefore!));
    const ids = await withContext(db, ctx('cn'), (trx) => audit.listEntries(trx, { entityType: 'thing', entityId: '3', limit: 10 }));
    assert.deepEqual(ids.items.map((i) => i.entityId), ['3']);
    const byActor = await withContext(db, ctx('cn'), (trx) => audit.listEntries(trx, { actor: 'clerk901', action: 'test.*', limit: 500 }));
    assert.ok(byActor.items.length >= 30 && byActor.items.every((i) => i.actorUsername === 'clerk901' && i.action.startsWith('test.')));
  });
});

void actor;
