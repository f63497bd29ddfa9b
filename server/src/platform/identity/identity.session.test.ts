import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { hashToken } from './sessions.ts';
import { call, loginAs, makeStaff, orgUnitId } from './test-helpers.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;

const sessionIdOf = (cookie: string) => hashToken(cookie.split('=')[1]!);

describe('sessions', () => {
  it('ends a session idle for 30 minutes, for real', async () => {
    const c = await loginAs(t, 'window');
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 200);
    await sql`update identity.sessions set last_seen_at = now() - interval '31 minutes' where id = ${sessionIdOf(c)}`.execute(db);
    const r = await call(t, c, 'GET', '/api/auth/me');
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'auth.unauthenticated');
    const s = await db.selectFrom('identity.sessions').selectAll().where('id', '=', sessionIdOf(c)).executeTakeFirstOrThrow();
    assert.equal(s.endReason, 'idle');
    // Moving the clock back afterwards does not revive it.
    await sql`update identity.sessions set last_seen_at = now() where id = ${sessionIdOf(c)}`.execute(db);
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 401);
  });

  it('keeps a session that was active 29 minutes ago and touches last_seen_at at most every 5 seconds', async () => {
    const c = await loginAs(t, 'reviewer');
    await sql`update identity.sessions set last_seen_at = now() - interval '29 minutes' where id = ${sessionIdOf(c)}`.execute(db);
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 200);
    const touched = await db.selectFrom('identity.sessions').select('lastSeenAt').where('id', '=', sessionIdOf(c)).executeTakeFirstOrThrow();
    assert.ok(Date.now() - touched.lastSeenAt.getTime() < 5000);
    await sql`update identity.sessions set last_seen_at = now() - interval '2 seconds' where id = ${sessionIdOf(c)}`.execute(db);
    const before = await db.selectFrom('identity.sessions').select('lastSeenAt').where('id', '=', sessionIdOf(c)).executeTakeFirstOrThrow();
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 200);
    const after = await db.selectFrom('identity.sessions').select('lastSeenAt').where('id', '=', sessionIdOf(c)).executeTakeFirstOrThrow();
    assert.equal(after.lastSeenAt.getTime(), before.lastSeenAt.getTime());
  });

  it('ends the session on logout: the row is ended and the cookie no longer works', async () => {
    const c = await loginAs(t, 'leader');
    const out = await call(t, c, 'POST', '/api/auth/logout');
    assert.equal(out.status, 204);
    const cleared = out.res.cookies.find((x) => x.name === 'sunland_session');
    assert.equal(cleared?.value, '');
    const s = await db.selectFrom('identity.sessions').selectAll().where('id', '=', sessionIdOf(c)).executeTakeFirstOrThrow();
    assert.equal(s.endReason, 'logout');
    assert.ok(s.endedAt);
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 401);
    const audit = await db.selectFrom('audit.entries').select('action').where('action', '=', 'identity.session.ended').execute();
    assert.equal(audit.length, 1);
  });

  it('ignores a forged or unknown cookie', async () => {
    const r = await call(t, 'sunland_session=' + 'A'.repeat(43), 'GET', '/api/auth/me');
    assert.equal(r.status, 401);
  });

  it('switches between the user’s own active posts only, and permissions follow the post', async () => {
    const id = await makeStaff(t, 'twohats', '520304-WINDOW', 'window_clerk');
    const role = await db.selectFrom('access.roles').select('id').where('code', '=', 'inspector').executeTakeFirstOrThrow();
    const post2 = await db.insertInto('access.posts').values({ userId: id, orgUnitId: await orgUnitId(t, '520303-ENFORCE'), roleId: role.id, scopePath: 'x', createdBy: null })
      .returning(['id', 'scopePath']).executeTakeFirstOrThrow();
    assert.equal(post2.scopePath, 'cn.p52.c5203.x520303'); // set by the trigger, not the caller
    const c = await loginAs(t, 'twohats');
    const me = (await call(t, c, 'GET', '/api/auth/me')).body;
    assert.equal(me.posts.length, 2);
    assert.equal(me.posts.find((p: { id: number }) => p.id === me.activePostId).roleCode, 'window_clerk');
    const sw = await call(t, c, 'POST', '/api/auth/switch-post', { postId: post2.id });
    assert.equal(sw.status, 200, JSON.stringify(sw.body));
    assert.equal(sw.body.activePostId, post2.id);
    const me2 = (await call(t, c, 'GET', '/api/auth/me')).body;
    assert.equal(me2.activePostId, post2.id);
    // Someone else's post is refused.
    const other = await db.selectFrom('access.posts').select('id').where('userId', '<>', id).executeTakeFirstOrThrow();
    const bad = await call(t, c, 'POST', '/api/auth/switch-post', { postId: other.id });
    assert.equal(bad.status, 404);
    assert.equal(bad.body.error.code, 'access.post_not_found');
    // A revoked post no longer gives permissions to the session acting in it.
    await db.updateTable('access.posts').set({ active: false, endedAt: new Date() }).where('id', '=', post2.id).execute();
    const me3 = (await call(t, c, 'GET', '/api/auth/me')).body;
    assert.equal(me3.activePostId, null);
    assert.deepEqual(me3.permissions, []);
  });

  it('ends the sessions of a disabled account', async () => {
    const c = await loginAs(t, 'township');
    await db.updateTable('identity.users').set({ status: 'disabled' }).where('username', '=', 'township').execute();
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 401);
    const login = await call(t, null, 'POST', '/api/auth/login', { username: 'township', password: 'Sunland@2026' });
    assert.equal(login.status, 403);
    assert.equal(login.body.error.code, 'auth.account_disabled');
  });
});
