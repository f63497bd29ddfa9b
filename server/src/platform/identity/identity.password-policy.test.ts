import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from './test-helpers.ts';

const t: TestApp = await startTestApp();

describe('password policy', () => {
  it('refuses short passwords and passwords with fewer than 3 character classes, naming newPassword', async () => {
    const c = await loginAs(t, 'reviewer');
    for (const weak of ['Ab1!', 'abcdefgh1', 'ABCDEFGH!', 'abcdEFGHij']) {
      const r = await call(t, c, 'POST', '/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: weak });
      assert.equal(r.status, 400, weak);
      assert.equal(r.body.error.code, 'identity.password_weak');
      assert.equal(r.body.error.field, 'newPassword');
      assert.match(r.body.error.message, /^newPassword: /);
    }
    // Three classes are enough.
    const ok = await call(t, c, 'POST', '/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: 'abcdefg1!' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('refuses a wrong old password', async () => {
    const c = await loginAs(t, 'leader');
    const r = await call(t, c, 'POST', '/api/auth/password', { oldPassword: 'Nope@12345', newPassword: 'Fresh@2026a' });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'auth.invalid_credentials');
  });

  it('refuses any of the last 5 passwords and accepts the sixth-oldest again', async () => {
    const c = await loginAs(t, 'supervisor');
    const same = await call(t, c, 'POST', '/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD });
    assert.equal(same.status, 400);
    assert.equal(same.body.error.code, 'identity.password_reused');
    assert.equal(same.body.error.field, 'newPassword');
    let current = DEMO_PASSWORD;
    const used = [DEMO_PASSWORD];
    for (let i = 1; i <= 4; i++) {
      const next = `Round${i}@pass`;
      const r = await call(t, c, 'POST', '/api/auth/password', { oldPassword: current, newPassword: next });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      used.push(next);
      current = next;
    }
    // History now: DEMO, Round1..Round4 (5). All refused.
    for (const old of used) {
      const r = await call(t, c, 'POST', '/api/auth/password', { oldPassword: current, newPassword: old });
      assert.equal(r.body?.error?.code, 'identity.password_reused', old);
    }
    const fifth = await call(t, c, 'POST', '/api/auth/password', { oldPassword: current, newPassword: 'Round5@pass' });
    assert.equal(fifth.status, 200);
    // DEMO_PASSWORD is now the sixth-oldest: allowed again.
    const back = await call(t, c, 'POST', '/api/auth/password', { oldPassword: 'Round5@pass', newPassword: DEMO_PASSWORD });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    const n = await t.testDb.owner.selectFrom('identity.password_history').select(sql<number>`count(*)::int`.as('n'))
      .where('userId', '=', (await t.testDb.owner.selectFrom('identity.users').select('id').where('username', '=', 'supervisor').executeTakeFirstOrThrow()).id)
      .executeTakeFirstOrThrow();
    assert.equal(n.n, 5);
  });

  it('refuses login after 90 days with auth.password_expired, and lets the user change it with username + old password', async () => {
    await sql`update identity.users set password_changed_at = now() - interval '91 days' where username = 'inspector'`.execute(t.testDb.owner);
    const r = await call(t, null, 'POST', '/api/auth/login', { username: 'inspector', password: DEMO_PASSWORD });
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'auth.password_expired');
    assert.equal(r.body.error.reason, 'expired');
    assert.equal(r.res.cookies.length, 0);
    // 89 days would still be fine: the limit is the setting.
    const wrongOld = await call(t, null, 'POST', '/api/auth/password', { username: 'inspector', oldPassword: 'Wrong@2026', newPassword: 'Renewed@2026' });
    assert.equal(wrongOld.status, 401);
    const changed = await call(t, null, 'POST', '/api/auth/password', { username: 'inspector', oldPassword: DEMO_PASSWORD, newPassword: 'Renewed@2026' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.ok(Date.parse(changed.body.passwordExpiresAt) > Date.now() + 89 * 86400_000);
    await loginAs(t, 'inspector', 'Renewed@2026');
    const old = await call(t, null, 'POST', '/api/auth/login', { username: 'inspector', password: DEMO_PASSWORD });
    assert.equal(old.status, 401);
  });

  it('accepts a password 89 days old', async () => {
    await sql`update identity.users set password_changed_at = now() - interval '89 days' where username = 'township'`.execute(t.testDb.owner);
    await loginAs(t, 'township');
  });

  it('ends the other sessions of the user when the password changes', async () => {
    const a = await loginAs(t, 'hc_window');
    const b = await loginAs(t, 'hc_window');
    const r = await call(t, a, 'POST', '/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: 'Changed@2026' });
    assert.equal(r.status, 200);
    assert.equal((await call(t, a, 'GET', '/api/auth/me')).status, 200);
    assert.equal((await call(t, b, 'GET', '/api/auth/me')).status, 401);
  });

  it('follows the security policy set by the security administrator (minimum length)', async () => {
    await sql`update identity.security_policy set password_min_length = 12`.execute(t.testDb.owner);
    const c = await loginAs(t, 'window');
    const r = await call(t, c, 'POST', '/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: 'Short@2026a' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'identity.password_weak');
    assert.equal(r.body.error.minLength, 12);
    await sql`update identity.security_policy set password_min_length = null`.execute(t.testDb.owner);
  });
});
