import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solveChallenge } from '../pow/pow.ts';
import { startTestApp, json, DEMO_PASSWORD, type TestApp } from '../../../test/harness.ts';

const t: TestApp = await startTestApp();

const login = (username: string, password: string, totp?: string) =>
  t.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } });

function cookieOf(res: Awaited<ReturnType<typeof login>>): string {
  const c = res.cookies.find((x) => x.name === 'sunland_session');
  assert.ok(c, 'session cookie set');
  return `sunland_session=${c.value}`;
}

describe('login', () => {
  it('logs a staff member in with an httpOnly SameSite=Lax cookie and answers /me', async () => {
    const res = await login('window', DEMO_PASSWORD);
    assert.equal(res.statusCode, 200, res.body);
    const c = res.cookies.find((x) => x.name === 'sunland_session')!;
    assert.equal(c.httpOnly, true);
    assert.equal(c.sameSite, 'Lax');
    assert.equal(c.path, '/');
    const body = json(res);
    assert.equal(body.user.username, 'window');
    assert.equal(body.user.kind, 'staff');
    assert.equal(body.posts.length, 1);
    assert.equal(body.posts[0].roleCode, 'window_clerk');
    assert.equal(body.posts[0].scopePath, 'cn.p52.c5203.x520304');
    assert.equal(body.posts[0].orgUnitName, '政务服务大厅窗口');
    assert.equal(body.activePostId, body.posts[0].id);
    assert.ok(body.permissions.includes('platform.workbench.view'));
    assert.equal(body.totpSetupRequired, false);
    assert.ok(Date.parse(body.passwordExpiresAt) > Date.now() + 80 * 86400_000);

    const me = await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieOf(res) } });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(json(me), body);
    // The token is stored hashed: the cookie value is not in the table.
    const stored = await t.testDb.owner.selectFrom('identity.sessions').select('id').execute();
    assert.ok(!stored.some((s) => s.id === c.value));
  });

  it('answers the anonymous session check with 200 {me: null}, and the session with its user (no 401 for a public visit)', async () => {
    const anon = await t.inject({ method: 'GET', url: '/api/auth/session' });
    assert.equal(anon.statusCode, 200, anon.body);
    assert.deepEqual(json(anon), { me: null });
    const stale = await t.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: 'sunland_session=not-a-session' } });
    assert.equal(stale.statusCode, 200, stale.body);
    assert.deepEqual(json(stale), { me: null });
    const res = await login('window', DEMO_PASSWORD);
    const signedIn = await t.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: cookieOf(res) } });
    assert.equal(signedIn.statusCode, 200);
    assert.equal(json(signedIn).me.user.username, 'window');
    assert.deepEqual(json(signedIn).me, json(await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieOf(res) } })));
  });

  it('refuses a wrong password with 401 auth.invalid_credentials and an unknown user alike', async () => {
    const wrong = await login('reviewer', 'Wrong@2026x');
    assert.equal(wrong.statusCode, 401);
    assert.equal(json(wrong).error.code, 'auth.invalid_credentials');
    const unknown = await login('nobody', 'Wrong@2026x');
    assert.equal(unknown.statusCode, 401);
    assert.equal(json(unknown).error.code, 'auth.invalid_credentials');
    const me = await t.inject({ method: 'GET', url: '/api/auth/me' });
    assert.equal(me.statusCode, 401);
  });

  it('never locks after 5 failures: the sixth attempt needs a proof of work, the right password still works with it', async () => {
    for (let i = 1; i <= 5; i++) {
      const r = await login('inspector', `Wrong@${i}xyz`);
      assert.equal(r.statusCode, 401, `attempt ${i}`);
      assert.equal(json(r).error.code, 'auth.invalid_credentials');
    }
    const right = await login('inspector', DEMO_PASSWORD);
    assert.equal(right.statusCode, 401);
    const err = json(right).error;
    assert.equal(err.code, 'auth.pow_required');
    const pow = { challenge: err.challenge, nonce: solveChallenge(err.challenge, err.difficulty) };
    const res = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'inspector', password: DEMO_PASSWORD, pow } });
    assert.equal(res.statusCode, 200, res.body);
    const u = await t.testDb.owner.selectFrom('identity.users').select(['failedLogins', 'lockedUntil']).where('username', '=', 'inspector').executeTakeFirstOrThrow();
    assert.equal(u.failedLogins, 0);
    assert.equal(u.lockedUntil, null);
  });

  it('counts concurrent failures exactly', async () => {
    await Promise.all([1, 2, 3].map((i) => login('leader', `Wrong@${i}abc`)));
    const u = await t.testDb.owner.selectFrom('identity.users').select('failedLogins').where('username', '=', 'leader').executeTakeFirstOrThrow();
    assert.equal(u.failedLogins, 3);
  });

  it('writes login success and failure to the audit log', async () => {
    const rows = await t.testDb.owner.selectFrom('audit.entries').select(['action', 'entityId', 'actorUsername']).execute();
    const actions = rows.map((r) => r.action);
    assert.ok(actions.includes('identity.login.succeeded'));
    assert.ok(actions.includes('identity.login.failed'));
  });

  it('rate-limits login per IP and username (30 a minute)', async () => {
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await login('no_such_user', `Wrong@${i}xyz`)).statusCode;
    assert.equal(last, 429);
    const limited = await login('no_such_user', 'Wrong@xyz1');
    assert.equal(json(limited).error.code, 'request.rate_limited');
    // Another username from the same address is not affected.
    assert.equal((await login('window', DEMO_PASSWORD)).statusCode, 200);
  });

  it('names the field of a bad login body', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'window' } });
    assert.equal(res.statusCode, 400);
    assert.equal(json(res).error.field, 'password');
  });
});
