import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness.ts';
import { BUILT_IN_ROLES } from './permissions.ts';
import { call, loginAdmin, loginAs, makeStaff, orgUnitId, userId } from '../identity/test-helpers.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;
let sys: string, sec: string, aud: string;

before(async () => {
  sys = await loginAdmin(t, 'sysadmin');
  sec = await loginAdmin(t, 'secadmin');
  aud = await loginAdmin(t, 'auditadmin');
});

describe('built-in roles', () => {
  it('are installed (migration 0011 + syncBuiltInRoles) exactly as BUILT_IN_ROLES says', async () => {
    const roles = await db.selectFrom('access.roles').selectAll().where('builtIn', '=', true).execute();
    const perms = await db.selectFrom('access.role_permissions').selectAll().execute();
    assert.equal(roles.length, BUILT_IN_ROLES.length);
    for (const def of BUILT_IN_ROLES) {
      const r = roles.find((x) => x.code === def.code);
      assert.ok(r, def.code);
      assert.equal(r.name, def.name);
      assert.equal(r.adminKind, def.adminKind);
      assert.deepEqual(perms.filter((p) => p.roleId === r.id).map((p) => p.permission).sort(), [...def.permissions].sort(), def.code);
    }
  });
});

describe('syncBuiltInRoles', () => {
  it('grants a permission newly added to a built-in role once, and never re-adds one the security admin removed', async () => {
    const { syncBuiltInRoles } = await import('./access.repo.ts');
    const reviewer = BUILT_IN_ROLES.find((r) => r.code === 'reviewer')!;
    const permsOf = async () => (await db.selectFrom('access.role_permissions as rp').innerJoin('access.roles as r', 'r.id', 'rp.roleId')
      .select('rp.permission').where('r.code', '=', 'reviewer').execute()).map((p) => p.permission).sort();
    assert.equal(await syncBuiltInRoles(db, BUILT_IN_ROLES), 0);
    const extended = BUILT_IN_ROLES.map((r) => (r.code === 'reviewer' ? { ...r, permissions: [...r.permissions, 'platform.sms_outbox.read' as const] } : r));
    assert.equal(await syncBuiltInRoles(db, extended), 1);
    assert.ok((await permsOf()).includes('platform.sms_outbox.read'));
    await db.deleteFrom('access.role_permissions').where('permission', '=', 'platform.sms_outbox.read')
      .where('roleId', '=', (await db.selectFrom('access.roles').select('id').where('code', '=', 'reviewer').executeTakeFirstOrThrow()).id).execute();
    assert.equal(await syncBuiltInRoles(db, extended), 0);
    assert.deepEqual(await permsOf(), [...reviewer.permissions].sort());
  });
});

describe('three separated administrators (三员)', () => {
  it('system admin manages accounts and posts, but not roles, policy or anything else', async () => {
    assert.equal((await call(t, sys, 'GET', '/api/admin/users')).status, 200);
    for (const [m, url, body] of [
      ['GET', '/api/admin/roles'], ['POST', '/api/admin/roles', { code: 'x_role', name: 'x', permissions: [] }],
      ['PUT', '/api/admin/roles/reviewer/permissions', { permissions: [] }],
      ['GET', '/api/admin/security-policy'], ['PUT', '/api/admin/security-policy', { loginMaxFailures: 3 }],
    ] as const) {
      const r = await call(t, sys, m, url, body);
      assert.equal(r.status, 403, `${m} ${url}`);
      assert.equal(r.body.error.code, 'access.forbidden');
    }
  });

  it('system admin may list the grantable roles (custom ones included) without their permissions', async () => {
    const r = await call(t, sys, 'GET', '/api/admin/role-options');
    assert.equal(r.status, 200);
    const reviewer = r.body.roles.find((x: { code: string }) => x.code === 'reviewer');
    assert.deepEqual(reviewer, { code: 'reviewer', name: '审查人员', nameEn: 'Reviewer', adminKind: null });
    const window = await loginAs(t, 'window');
    const denied = await call(t, window, 'GET', '/api/admin/role-options');
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'access.forbidden');
  });

  it('security admin manages roles and the policy, but no account or post', async () => {
    const roles = await call(t, sec, 'GET', '/api/admin/roles');
    assert.equal(roles.status, 200);
    assert.ok(roles.body.catalogue.some((p: { code: string; name: string }) => p.code === 'platform.user.manage' && p.name === '管理用户账号'));
    assert.deepEqual(roles.body.roles.find((r: { code: string }) => r.code === 'audit_admin').permissions,
      ['platform.audit.read', 'platform.audit.verify', 'platform.workbench.view']);
    const pol = await call(t, sec, 'PUT', '/api/admin/security-policy', { loginMaxFailures: 3, loginLockMinutes: 20 });
    assert.equal(pol.status, 200, JSON.stringify(pol.body));
    assert.equal(pol.body.loginMaxFailures, 3);
    assert.equal(pol.body.passwordMaxAgeDays, 90);
    assert.equal((await call(t, sec, 'GET', '/api/admin/security-policy')).body.loginLockMinutes, 20);
    const back = await call(t, sec, 'PUT', '/api/admin/security-policy', { loginMaxFailures: null, loginLockMinutes: null });
    assert.equal(back.body.loginMaxFailures, 5);
    const tooWeak = await call(t, sec, 'PUT', '/api/admin/security-policy', { passwordMinLength: 6 });
    assert.equal(tooWeak.status, 400);
    assert.equal(tooWeak.body.error.field, 'passwordMinLength');

    const win = await orgUnitId(t, '520304-WINDOW');
    for (const [m, url, body] of [
      ['POST', '/api/admin/users', { username: 'sec_made', displayName: 'x', orgUnitId: win, password: 'Initial@2026' }],
      ['POST', `/api/admin/users/${await userId(t, 'window')}/posts`, { orgUnitId: win, roleCode: 'reviewer' }],
      ['PATCH', `/api/admin/users/${await userId(t, 'window')}`, { status: 'disabled' }],
    ] as const) {
      const r = await call(t, sec, m, url, body);
      assert.equal(r.status, 403, `${m} ${url}`);
    }
  });

  it('audit admin reads neither accounts, roles nor the policy', async () => {
    for (const url of ['/api/admin/users', '/api/admin/roles', '/api/admin/security-policy']) {
      const r = await call(t, aud, 'GET', url);
      assert.equal(r.status, 403, url);
    }
    const me = await call(t, aud, 'GET', '/api/auth/me');
    assert.deepEqual(me.body.permissions, ['platform.audit.read', 'platform.audit.verify', 'platform.workbench.view']);
  });

  it('creates a staff account whose initial password must be changed at first login', async () => {
    const r = await call(t, sys, 'POST', '/api/admin/users', {
      username: 'new_clerk', displayName: '新窗口人员', orgUnitId: await orgUnitId(t, '520304-WINDOW'), phone: '13812345678', email: null, password: 'Initial@2026',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.mustChangePassword, true);
    assert.equal(r.body.orgUnitName, '政务服务大厅窗口');
    const dup = await call(t, sys, 'POST', '/api/admin/users', { username: 'New_Clerk', displayName: 'x', orgUnitId: await orgUnitId(t, '520304-WINDOW'), password: 'Initial@2026' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'identity.username_taken');
    const login = await call(t, null, 'POST', '/api/auth/login', { username: 'new_clerk', password: 'Initial@2026' });
    assert.equal(login.status, 403);
    assert.equal(login.body.error.code, 'auth.password_expired');
    assert.equal(login.body.error.reason, 'must_change');
    const ch = await call(t, null, 'POST', '/api/auth/password', { username: 'new_clerk', oldPassword: 'Initial@2026', newPassword: 'MyOwn@2026' });
    assert.equal(ch.status, 200);
    await loginAs(t, 'new_clerk', 'MyOwn@2026');
  });

  it('grants and revokes posts, unlocks and resets passwords', async () => {
    const id = await userId(t, 'new_clerk');
    const g = await call(t, sys, 'POST', `/api/admin/users/${id}/posts`, { orgUnitId: await orgUnitId(t, '520304-LANDUSE'), roleCode: 'reviewer' });
    assert.equal(g.status, 201, JSON.stringify(g.body));
    assert.equal(g.body.scopePath, 'cn.p52.c5203.x520304');
    const dup = await call(t, sys, 'POST', `/api/admin/users/${id}/posts`, { orgUnitId: await orgUnitId(t, '520304-LANDUSE'), roleCode: 'reviewer' });
    assert.equal(dup.body.error.code, 'access.post_exists');
    const c = await loginAs(t, 'new_clerk', 'MyOwn@2026');
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).body.posts.length, 1);
    assert.equal((await call(t, sys, 'DELETE', `/api/admin/posts/${g.body.id}`)).status, 204);
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).body.posts.length, 0);
    assert.equal((await call(t, sys, 'DELETE', `/api/admin/posts/${g.body.id}`)).status, 404);

    await sql`update identity.users set locked_until = now() + interval '10 minutes' where id = ${id}`.execute(db);
    const un = await call(t, sys, 'POST', `/api/admin/users/${id}/unlock`);
    assert.equal(un.status, 200);
    assert.equal(un.body.lockedUntil, null);
    const reset = await call(t, sys, 'POST', `/api/admin/users/${id}/reset-password`, {});
    assert.equal(reset.status, 200);
    assert.match(reset.body.temporaryPassword, /.{8,}/);
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 401); // sessions ended
    const l = await call(t, null, 'POST', '/api/auth/login', { username: 'new_clerk', password: reset.body.temporaryPassword });
    assert.equal(l.body.error.reason, 'must_change');
    const actions = (await db.selectFrom('audit.entries').select('action').where('actorUsername', '=', 'sysadmin').execute()).map((a) => a.action);
    for (const a of ['identity.user.created', 'access.post.granted', 'access.post.revoked', 'identity.user.unlocked', 'identity.password.reset']) {
      assert.ok(actions.includes(a), a);
    }
  });

  it('refuses a second administrator kind on one account, in the service and in the database', async () => {
    const aId = await userId(t, 'auditadmin');
    const unit = await orgUnitId(t, '520000-B');
    const r = await call(t, sys, 'POST', `/api/admin/users/${aId}/posts`, { orgUnitId: unit, roleCode: 'sec_admin' });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'identity.admin_roles_conflict');
    assert.equal(r.body.error.field, 'roleCode');
    // Another post of the same kind is fine (an audit admin at the city too).
    const same = await call(t, sys, 'POST', `/api/admin/users/${aId}/posts`, { orgUnitId: await orgUnitId(t, '520300-B'), roleCode: 'audit_admin' });
    assert.equal(same.status, 201, JSON.stringify(same.body));
    // The trigger refuses it even when written straight into the table.
    const secRole = await db.selectFrom('access.roles').select('id').where('code', '=', 'sec_admin').executeTakeFirstOrThrow();
    await assert.rejects(
      db.insertInto('access.posts').values({ userId: aId, orgUnitId: unit, roleId: secRole.id, scopePath: 'cn', createdBy: null }).execute(),
      (e: { code?: string }) => e.code === 'SL409',
    );
  });

  it('does not let the system admin make themselves security or audit admin', async () => {
    const me = await userId(t, 'sysadmin');
    for (const roleCode of ['sec_admin', 'audit_admin']) {
      const r = await call(t, sys, 'POST', `/api/admin/users/${me}/posts`, { orgUnitId: await orgUnitId(t, '520000-B'), roleCode });
      assert.equal(r.status, 403, roleCode);
      assert.equal(r.body.error.code, 'access.self_grant_forbidden');
    }
  });

  it('does not let a county system admin grant posts outside the county', async () => {
    await makeStaff(t, 'bz_sysadmin', '520304-B', 'sys_admin', { totpSecret: 'JBSWY3DPEHPK3PXP' });
    const { totpCode } = await import('../identity/totp.ts');
    const login = await call(t, null, 'POST', '/api/auth/login', { username: 'bz_sysadmin', password: DEMO_PASSWORD, totp: totpCode('JBSWY3DPEHPK3PXP') });
    assert.equal(login.status, 200);
    const c = `sunland_session=${login.res.cookies.find((x) => x.name === 'sunland_session')!.value}`;
    const target = await userId(t, 'window');
    const out = await call(t, c, 'POST', `/api/admin/users/${target}/posts`, { orgUnitId: await orgUnitId(t, '520303-WINDOW'), roleCode: 'window_clerk' });
    assert.equal(out.status, 403);
    assert.equal(out.body.error.code, 'access.out_of_scope');
    assert.equal(out.body.error.field, 'orgUnitId');
    const up = await call(t, c, 'POST', '/api/admin/users', { username: 'bz_up', displayName: 'x', orgUnitId: await orgUnitId(t, '520300-B'), password: 'Initial@2026' });
    assert.equal(up.body.error.code, 'access.out_of_scope');
    // A user of another county is not even found.
    const hc = await call(t, c, 'POST', `/api/admin/users/${await userId(t, 'hc_window')}/posts`, { orgUnitId: await orgUnitId(t, '520304-WINDOW'), roleCode: 'window_clerk' });
    assert.equal(hc.status, 404);
    assert.equal((await call(t, c, 'PATCH', `/api/admin/users/${await userId(t, 'hc_window')}`, { status: 'disabled' })).status, 404);
    const inside = await call(t, c, 'POST', `/api/admin/users/${target}/posts`, { orgUnitId: await orgUnitId(t, '520304102-B'), roleCode: 'township_clerk' });
    assert.equal(inside.status, 201, JSON.stringify(inside.body));
  });

  it('keeps roles from mixing administrator duties', async () => {
    const mixed = await call(t, sec, 'POST', '/api/admin/roles', { code: 'super_role', name: '超级', permissions: ['platform.user.manage', 'platform.audit.read'] });
    assert.equal(mixed.status, 409);
    assert.equal(mixed.body.error.code, 'access.role_mixes_admin_kinds');
    const unknown = await call(t, sec, 'POST', '/api/admin/roles', { code: 'odd_role', name: '怪', permissions: ['platform.nothing.here'] });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.field, 'permissions');
    const ok = await call(t, sec, 'POST', '/api/admin/roles', { code: 'records_clerk', name: '档案人员', nameEn: 'Records clerk', permissions: ['platform.workbench.view', 'platform.file.upload'] });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.adminKind, null);
    const sneak = await call(t, sec, 'PUT', '/api/admin/roles/records_clerk/permissions', { permissions: ['platform.workbench.view', 'platform.audit.read'] });
    assert.equal(sneak.status, 409);
    const sneak2 = await call(t, sec, 'PUT', '/api/admin/roles/sys_admin/permissions', { permissions: ['platform.user.manage', 'platform.role.manage'] });
    assert.equal(sneak2.body.error.code, 'access.role_mixes_admin_kinds');
    const fine = await call(t, sec, 'PUT', '/api/admin/roles/records_clerk/permissions', { permissions: ['platform.workbench.view'] });
    assert.equal(fine.status, 200);
    assert.deepEqual(fine.body.permissions, ['platform.workbench.view']);
    const audits = (await db.selectFrom('audit.entries').select('action').where('actorUsername', '=', 'secadmin').execute()).map((a) => a.action);
    assert.ok(audits.includes('access.role.created'));
    assert.ok(audits.includes('access.role.permissions_changed'));
    assert.ok(audits.includes('identity.security_policy.updated'));
  });
});
