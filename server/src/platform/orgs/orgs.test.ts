import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../identity/test-helpers.ts';

const t: TestApp = await startTestApp();

describe('divisions and org units', () => {
  it('answers /healthz when the database answers', async () => {
    const res = await t.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(json(res), { status: 'ok' });
  });

  it('loads every province, city and county, and the townships of 贵州', async () => {
    const { rows } = await sql<{ level: string; n: number }>`
      select level, count(*)::int as n from orgs.divisions group by level`.execute(t.testDb.owner);
    const n = Object.fromEntries(rows.map((r) => [r.level, r.n]));
    assert.equal(n.province, 31);
    assert.ok(n.city >= 330, `cities: ${n.city}`);
    assert.ok(n.county >= 2800, `counties: ${n.county}`);
    const gz = await sql<{ n: number }>`select count(*)::int as n from orgs.divisions where level = 'township' and code like '52%'`.execute(t.testDb.owner);
    assert.equal(gz.rows[0]!.n, n.township);
    assert.ok(n.township > 1400);
  });

  it('lists the real townships of 播州区 (520304) publicly', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/divisions?parent=520304' });
    assert.equal(res.statusCode, 200);
    const list = json<{ code: string; name: string; path: string }[]>(res);
    const sancha = list.find((d) => d.code === '520304102');
    assert.equal(sancha?.name, '三岔镇');
    assert.equal(sancha?.path, 'cn.p52.c5203.x520304.t520304102');
    // Public reference data: a browser or CDN keeps it an hour (the township link's second visit).
    assert.equal(res.headers['cache-control'], 'public, max-age=3600');
    assert.equal((await t.inject({ method: 'GET', url: '/api/divisions/520304102' })).headers['cache-control'], 'public, max-age=3600');
    // A signed-in answer is never kept (hardening.ts), divisions included.
    const staff = await t.inject({ method: 'GET', url: '/api/divisions?parent=520304', headers: { cookie: await loginAs(t, 'window') } });
    assert.equal(staff.headers['cache-control'], 'no-store');
  });

  it('names the field of a bad query parameter', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/divisions?parent=52' });
    assert.equal(res.statusCode, 400);
    assert.equal(json(res).error.field, 'parent');
    const unknown = await t.inject({ method: 'GET', url: '/api/divisions?parent=520304&color=red' });
    assert.equal(unknown.statusCode, 400);
    assert.equal(json(unknown).error.field, 'color');
  });

  it('keeps a merged division in history instead of rewriting it', async () => {
    const db = t.testDb.owner;
    await sql`update orgs.divisions set valid_to = '2026-01-01', replaced_by = '520304' where code = '520303' and valid_to is null`.execute(db);
    const before2026 = await t.inject({ method: 'GET', url: '/api/divisions?parent=520300&on=2025-06-01' });
    const after2026 = await t.inject({ method: 'GET', url: '/api/divisions?parent=520300&on=2026-06-01' });
    assert.ok(json<{ code: string }[]>(before2026).some((d) => d.code === '520303'));
    assert.ok(!json<{ code: string }[]>(after2026).some((d) => d.code === '520303'));
  });

  it('seeds the demo bureaus with paths under their divisions', async () => {
    const units = await t.testDb.owner.selectFrom('orgs.org_units').select(['code', 'path', 'scopePath', 'kind']).execute();
    const byCode = new Map(units.map((u) => [u.code, u]));
    assert.equal(byCode.get('520304-B')?.path, 'cn.p52.c5203.x520304');
    assert.equal(byCode.get('520304-WINDOW')?.path, 'cn.p52.c5203.x520304.window');
    assert.equal(byCode.get('520304-WINDOW')?.scopePath, 'cn.p52.c5203.x520304');
    assert.equal(byCode.get('520304102-B')?.path, 'cn.p52.c5203.x520304.t520304102');
    assert.ok(byCode.has('520303-B'));
  });
});
