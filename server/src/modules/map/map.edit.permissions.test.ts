/**
 * Who edits features: map.feature.edit inside the post's scope. The 三岔镇 township clerk edits
 * in 三岔镇 only; a 播州区 reviewer lacks the permission; a 汇川区 inspector holds it but finds
 * no 播州区 feature to change.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';

const t: TestApp = await startTestApp();
const township = await loginAs(t, 'township');
const reviewer = await loginAs(t, 'reviewer');
const hcInspector = await loginAs(t, 'hc_inspector');
const body = { geometry: { type: 'Point', coordinates: [106.81, 27.53] }, properties: { zhlx: '滑坡' } };

async function hazardIn(path: string) {
  return t.testDb.owner.selectFrom('map.features as f').innerJoin('map.layers as l', 'l.id', 'f.layerId')
    .select(['f.id', 'f.version']).where('l.code', '=', 'hazard_sites').where(sql<boolean>`f.org_path = ${path}::ltree`).limit(1).executeTakeFirst();
}

describe('create', () => {
  it('anonymous 401, reviewer 403, township clerk 201 in its township and 403 in another', async () => {
    assert.equal((await call(t, null, 'POST', '/api/map/layers/hazard_sites/features', body)).status, 401);
    const rv = await call(t, reviewer, 'POST', '/api/map/layers/hazard_sites/features', body);
    assert.equal(rv.status, 403);
    assert.equal(rv.body.error.details?.permission ?? rv.body.error.permission, 'map.feature.edit');
    const ok = await call(t, township, 'POST', '/api/map/layers/hazard_sites/features', body);
    assert.equal(ok.status, 201);
    const other = await call(t, township, 'POST', '/api/map/layers/hazard_sites/features', { ...body, orgPath: 'cn.p52.c5203.x520304.t520304103' });
    assert.equal(other.status, 403);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from map.features where org_path = 'cn.p52.c5203.x520304.t520304103'::ltree and name is null and properties->>'zhlx' = '滑坡' and geom->'coordinates'->>0 = '106.81'`.execute(t.testDb.owner);
    assert.equal(rows[0]!.n, 0);
  });
});

describe('update and delete', () => {
  it('outside the scope the feature is not found; nothing changes', async () => {
    const elsewhere = (await hazardIn('cn.p52.c5203.x520304.t520304001')) ?? (await hazardIn('cn.p52.c5203.x520304.t520304002'));
    assert.ok(elsewhere, 'a seeded hazard site outside 三岔镇');
    for (const who of [township, hcInspector]) {
      const u = await call(t, who, 'PATCH', `/api/map/layers/hazard_sites/features/${elsewhere.id}`, { version: elsewhere.version, properties: { zhlx: '崩塌' } });
      assert.equal(u.status, 404);
      const d = await call(t, who, 'DELETE', `/api/map/layers/hazard_sites/features/${elsewhere.id}?version=${elsewhere.version}`);
      assert.equal(d.status, 404);
    }
    const rv = await call(t, reviewer, 'DELETE', `/api/map/layers/hazard_sites/features/${elsewhere.id}?version=${elsewhere.version}`);
    assert.equal(rv.status, 403);
    const after = await t.testDb.owner.selectFrom('map.features').select(['version']).where('id', '=', elsewhere.id).executeTakeFirstOrThrow();
    assert.equal(after.version, elsewhere.version);
  });
});
