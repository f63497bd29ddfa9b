/**
 * Who reads which layer: public layers anyone; scoped layers a staff post with map.layer.read,
 * and then only the features of its scope (RLS) — a 汇川区 user sees no 播州区 feature, in the
 * API and straight in the database as the application role.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { login, PERSON_LOGIN, ensureMatters, applyOnline } from '../approvals/approvals.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
const BBOX = '106.80,27.52,106.86,27.56';
const reviewer = await loginAs(t, 'reviewer');
const hc = await loginAs(t, 'hc_window');
const person = await login(t, PERSON_LOGIN);
await applyOnline(t, person); // the public account exists and is logged in

const parcel = await t.testDb.owner.selectFrom('map.features as f').innerJoin('map.layers as l', 'l.id', 'f.layerId')
  .select(['f.id']).where('l.code', '=', 'parcels').orderBy('f.id').limit(1).executeTakeFirstOrThrow();

describe('reading a scoped layer (parcels)', () => {
  it('anonymous 401, a public account 403, a 播州区 reviewer sees parcels, a 汇川区 window sees none', async () => {
    const url = `/api/map/layers/parcels/features?bbox=${BBOX}&limit=50`;
    const anon = await call(t, null, 'GET', url);
    assert.equal(anon.status, 401);
    const pub = await call(t, person, 'GET', url);
    assert.equal(pub.status, 403);
    assert.equal(pub.body.error.code, 'access.forbidden');
    const own = await call(t, reviewer, 'GET', url);
    assert.equal(own.status, 200);
    assert.equal(own.body.features.length, 50);
    const other = await call(t, hc, 'GET', url);
    assert.equal(other.status, 200);
    assert.deepEqual(other.body.features, []);
    assert.equal(other.body.next, null);
  });

  it('a 汇川区 user gets 404 for a 播州区 parcel, its history and in search', async () => {
    assert.equal((await call(t, reviewer, 'GET', `/api/map/layers/parcels/features/${parcel.id}`)).status, 200);
    assert.equal((await call(t, hc, 'GET', `/api/map/layers/parcels/features/${parcel.id}`)).status, 404);
    assert.equal((await call(t, hc, 'GET', `/api/map/layers/parcels/features/${parcel.id}/history`)).status, 404);
    assert.deepEqual((await call(t, hc, 'GET', '/api/map/search?q=520304')).body.filter((f: any) => f.layer === 'parcels'), []);
  });

  it('RLS as the application role: 汇川区 scope reads no 播州区 feature and changes none', async () => {
    const r = await t.platform.db.transaction().execute(async (trx) => {
      await sql`select set_config('sunland.scopes', '{cn.p52.c5203.x520303}', true)`.execute(trx);
      const scoped = await sql<{ n: number }>`select count(*)::int as n from map.features where not is_public`.execute(trx);
      const pub = await sql<{ n: number }>`select count(*)::int as n from map.features where is_public`.execute(trx);
      const upd = await trx.updateTable('map.features').set({ name: 'x' }).where('id', '=', parcel.id).executeTakeFirst();
      return { scoped: scoped.rows[0]!.n, pub: pub.rows[0]!.n, updated: Number(upd.numUpdatedRows) };
    });
    assert.equal(r.scoped, 0);
    assert.ok(r.pub > 0, 'public layers stay readable');
    assert.equal(r.updated, 0);
  });
});

describe('reading a public layer (plan zones)', () => {
  it('anonymous, a public account and another county read the same features', async () => {
    const url = `/api/map/layers/plan_zones/features?bbox=${BBOX}`;
    const a = await call(t, null, 'GET', url);
    const b = await call(t, person, 'GET', url);
    const c = await call(t, hc, 'GET', url);
    assert.equal(a.status, 200);
    assert.equal(a.body.features.length, 20);
    assert.deepEqual(b.body.features.map((f: any) => f.id), a.body.features.map((f: any) => f.id));
    assert.deepEqual(c.body.features.map((f: any) => f.id), a.body.features.map((f: any) => f.id));
  });
});
