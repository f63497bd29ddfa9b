import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness.ts';
import { DEMO_TOTP_SECRETS } from './identity.seed.ts';
import { totpCode } from './totp.ts';
import { call, loginAdmin, makeStaff, sessionCookie } from './test-helpers.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;
const SYS = DEMO_TOTP_SECRETS.sysadmin!;

const failures = async (username: string) =>
  (await db.selectFrom('identity.users').select('failedLogins').where('username', '=', username).executeTakeFirstOrThrow()).failedLogins;

describe('TOTP for the administrators', () => {
  it('asks for the code after the right password without counting a failure', async () => {
    const r = await call(t, null, 'POST', '/api/auth/login', { username: 'sysadmin', password: DEMO_PASSWORD });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'auth.totp_required');
    assert.equal(r.res.cookies.length, 0);
    assert.equal(await failures('sysadmin'), 0);
  });

  it('refuses a wrong code and counts it as a failure', async () => {
    const wrong = totpCode(SYS, Date.now() - 10 * 60_000); // ten minutes old
    const r = await call(t, null, 'POST', '/api/auth/login', { username: 'sysadmin', password: DEMO_PASSWORD, totp: wrong });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'auth.totp_invalid');
    assert.equal(await failures('sysadmin'), 1);
    // A wrong password with any code is a plain invalid_credentials.
    const r2 = await call(t, null, 'POST', '/api/auth/login', { username: 'sysadmin', password: 'Wrong@2026', totp: totpCode(SYS) });
    assert.equal(r2.body.error.code, 'auth.invalid_credentials');
  });

  it('accepts the current code once, the previous step too, but never the same code twice', async () => {
    await sql`update identity.users set totp_last_step = null, failed_logins = 0 where username = 'sysadmin'`.execute(db);
    const code = totpCode(SYS);
    const ok = await call(t, null, 'POST', '/api/auth/login', { username: 'sysadmin', password: DEMO_PASSWORD, totp: code });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.totpEnabled, true);
    assert.equal(await failures('sysadmin'), 0);
    const replay = await call(t, null, 'POST', '/api/auth/login', { username: 'sysadmin', password: DEMO_PASSWORD, totp: code });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error.code, 'auth.totp_invalid');
    // ±1 step: the code of 30 s ago is still valid for a fresh account state.
    await sql`update identity.users set totp_last_step = null where username = 'secadmin'`.execute(db);
    const prev = await call(t, null, 'POST', '/api/auth/login', { username: 'secadmin', password: DEMO_PASSWORD, totp: totpCode(DEMO_TOTP_SECRETS.secadmin!, Date.now() - 30_000) });
    assert.equal(prev.status, 200, JSON.stringify(prev.body));
  });

  it('lets an admin without TOTP only set it up, then unlocks the session', async () => {
    await makeStaff(t, 'newadmin', '520304-B', 'sys_admin');
    const login = await call(t, null, 'POST', '/api/auth/login', { username: 'newadmin', password: DEMO_PASSWORD });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.equal(login.body.totpSetupRequired, true);
    assert.deepEqual(login.body.permissions, []);
    const c = sessionCookie(login.res);

    const blocked = await call(t, c, 'GET', '/api/admin/users');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.error.code, 'auth.totp_setup_required');
    const blocked2 = await call(t, c, 'GET', '/api/org-units');
    assert.equal(blocked2.body.error.code, 'auth.totp_setup_required');
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 200);

    const setup = await call(t, c, 'POST', '/api/auth/totp/setup');
    assert.equal(setup.status, 200);
    assert.match(setup.body.secret, /^[A-Z2-7]{32}$/);
    assert.match(setup.body.otpauthUrl, /^otpauth:\/\/totp\/.*newadmin\?.*secret=/);
    assert.match(setup.body.otpauthUrl, /algorithm=SHA1&digits=6&period=30/);

    const bad = await call(t, c, 'POST', '/api/auth/totp/enable', { code: '000000' === totpCode(setup.body.secret) ? '111111' : '000000' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'identity.totp_code_invalid');
    assert.equal(bad.body.error.field, 'code');

    const en = await call(t, c, 'POST', '/api/auth/totp/enable', { code: totpCode(setup.body.secret) });
    assert.equal(en.status, 200, JSON.stringify(en.body));
    assert.equal(en.body.totpEnabled, true);
    assert.equal(en.body.totpSetupRequired, false);
    assert.ok(en.body.permissions.includes('platform.user.manage'));
    assert.equal((await call(t, c, 'GET', '/api/admin/users')).status, 200);

    // Enrolled: a second setup is refused, and the next login needs the code.
    assert.equal((await call(t, c, 'POST', '/api/auth/totp/setup')).body.error.code, 'identity.totp_already_enabled');
    const again = await call(t, null, 'POST', '/api/auth/login', { username: 'newadmin', password: DEMO_PASSWORD });
    assert.equal(again.body.error.code, 'auth.totp_required');
    // The secret is never given out again.
    const user = await call(t, await loginAdmin(t, 'sysadmin'), 'GET', '/api/admin/users?q=newadmin');
    assert.equal(user.status, 200);
    assert.ok(!user.res.body.includes(setup.body.secret));
    assert.equal(user.body.items[0].totpEnabled, true);
  });
});
