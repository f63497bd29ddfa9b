import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness.ts';
import { createDb, createPool } from '../db/database.ts';
import { withContext } from '../db/context.ts';
import { call, makeStaff, orgUnitId, userId } from '../identity/test-helpers.ts';
import { totpCode } from '../identity/totp.ts';

const t: TestApp = await startTestApp();
const app = createDb(createPool(t.testDb.appUrl, 2));
after(() => app.destroy());

const BOZHOU = 'cn.p52.c5203.x520304';
const HUICHUAN = 'cn.p52.c5203.x520303';

describe('row-level security of identity.users and access.posts (application role)', () => {
  it('shows no row of 汇川区 under the 播州区 scope, with no filter in the query', async () => {
    await withContext(app, { userId: null, scopes: [BOZHOU] }, async (trx) => {
      const { rows } = await sql<{ username: string; path: string | null }>`select username, org_path::text as path from identity.users`.execute(trx);
      assert.ok(rows.length >= 5, `播州 users: ${rows.length}`);
      assert.ok(rows.every((r) => r.path !== null && (r.path === BOZHOU || r.path.startsWith(BOZHOU + '.'))));
      assert.ok(rows.some((r) => r.username === 'window'));
      assert.ok(!rows.some((r) => r.username === 'hc_window'));
      const hc = await sql<{ n: number }>`select count(*)::int as n from identity.users where org_path <@ ${HUICHUAN}::ltree`.execute(trx);
      assert.equal(hc.rows[0]!.n, 0);
      const posts = await sql<{ path: string }>`select scope_path::text as path from access.posts`.execute(trx);
      assert.ok(posts.rows.length >= 5);
      assert.ok(posts.rows.every((p) => p.path.startsWith(BOZHOU)));
      const hcPosts = await sql<{ n: number }>`select count(*)::int as n from access.posts where scope_path <@ ${HUICHUAN}::ltree`.execute(trx);
      assert.equal(hcPosts.rows[0]!.n, 0);
    });
    // Control: the same query under 汇川's scope does see them.
    await withContext(app, { userId: null, scopes: [HUICHUAN] }, async (trx) => {
      const { rows } = await sql<{ username: string }>`select username from identity.users order by id`.execute(trx);
      // Exactly the 汇川区 accounts the owner (no RLS) finds by path.
      const all = await sql<{ username: string }>`select username from identity.users where org_path <@ ${HUICHUAN}::ltree order by id`.execute(t.testDb.owner);
      assert.ok(all.rows.some((r) => r.username === 'hc_window'));
      assert.deepEqual(rows.map((r) => r.username), all.rows.map((r) => r.username));
    });
  });

  it('shows nothing without a scope, except the user’s own row', async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from identity.users`.execute(app);
    assert.equal(rows[0]!.n, 0);
    const me = await userId(t, 'hc_window');
    await withContext(app, { userId: me, scopes: [] }, async (trx) => {
      const r = await sql<{ username: string }>`select username from identity.users`.execute(trx);
      assert.deepEqual(r.rows.map((x) => x.username), ['hc_window']);
      const p = await sql<{ n: number }>`select count(*)::int as n from access.posts`.execute(trx);
      assert.equal(p.rows[0]!.n, 1);
    });
  });

  it('refuses to insert or move a user into 汇川区 under the 播州区 scope (WITH CHECK)', async () => {
    const unit = await t.testDb.owner.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520303-WINDOW').executeTakeFirstOrThrow();
    await assert.rejects(
      withContext(app, { userId: null, scopes: [BOZHOU] }, (trx) => trx.insertInto('identity.users').values({
        username: 'intruder', displayName: 'x', kind: 'staff', orgUnitId: unit.id, orgPath: unit.path, phone: null, email: null,
        passwordHash: 'x', totpSecret: null, totpLastStep: null, lockedUntil: null, publicKind: null, idNumber: null, legalName: null, lastLoginAt: null,
      }).execute()),
      /row-level security/,
    );
    const win = await userId(t, 'window');
    await assert.rejects(
      withContext(app, { userId: null, scopes: [BOZHOU] }, (trx) =>
        trx.updateTable('identity.users').set({ orgPath: unit.path, orgUnitId: unit.id }).where('id', '=', win).execute()),
      /row-level security|outside the current scope/,
    );
    // Acting as oneself does not allow moving one's own account elsewhere either.
    await assert.rejects(
      withContext(app, { userId: win, scopes: [] }, (trx) =>
        trx.updateTable('identity.users').set({ orgPath: unit.path, orgUnitId: unit.id }).where('id', '=', win).execute()),
      /outside the current scope/,
    );
    const own = await withContext(app, { userId: win, scopes: [] }, (trx) =>
      trx.updateTable('identity.users').set({ displayName: '窗口 王芳（新）' }).where('id', '=', win).executeTakeFirst());
    assert.equal(Number(own.numUpdatedRows), 1);
    // Updating a 汇川 user from 播州 matches no row.
    const hc = await userId(t, 'hc_window');
    const res = await withContext(app, { userId: null, scopes: [BOZHOU] }, (trx) =>
      trx.updateTable('identity.users').set({ displayName: 'hijacked' }).where('id', '=', hc).executeTakeFirst());
    assert.equal(Number(res.numUpdatedRows), 0);
  });

  it('refuses a post in 汇川区 under the 播州区 scope (WITH CHECK on the scope the trigger sets)', async () => {
    const role = await t.testDb.owner.selectFrom('access.roles').select('id').where('code', '=', 'window_clerk').executeTakeFirstOrThrow();
    const win = await userId(t, 'window');
    const hcUnit = await orgUnitId(t, '520303-WINDOW');
    await assert.rejects(
      withContext(app, { userId: null, scopes: [BOZHOU] }, (trx) =>
        // The caller claims a 播州 scope; the trigger puts the unit's real one (汇川) and the policy refuses it.
        trx.insertInto('access.posts').values({ userId: win, orgUnitId: hcUnit, roleId: role.id, scopePath: BOZHOU, createdBy: null }).execute()),
      /row-level security/,
    );
  });

  it('lets a 播州区 system admin list users of 播州区 only, through the API', async () => {
    await makeStaff(t, 'bz_admin', '520304-B', 'sys_admin', { totpSecret: 'GEZDGNBVGY3TQOJQ' });
    const login = await call(t, null, 'POST', '/api/auth/login', { username: 'bz_admin', password: DEMO_PASSWORD, totp: totpCode('GEZDGNBVGY3TQOJQ') });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const c = `sunland_session=${login.res.cookies.find((x) => x.name === 'sunland_session')!.value}`;
    const list = await call(t, c, 'GET', '/api/admin/users?limit=200');
    assert.equal(list.status, 200);
    const names = list.body.items.map((u: { username: string }) => u.username);
    assert.ok(names.includes('window') && names.includes('township') && names.includes('bz_admin'));
    assert.ok(!names.includes('hc_window'));
    assert.ok(!names.includes('sysadmin') && !names.includes('supervisor'));
    assert.equal(list.body.total, names.length);
    const q = await call(t, c, 'GET', '/api/admin/users?q=hc_');
    assert.equal(q.body.total, 0);
    const one = await call(t, c, 'GET', `/api/admin/users/${await userId(t, 'hc_window')}`);
    assert.equal(one.status, 404);
    assert.equal(one.body.error.code, 'identity.user_not_found');
  });
});
