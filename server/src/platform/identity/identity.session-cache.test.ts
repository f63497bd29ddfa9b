/**
 * Database round trips of a scoped read (issue 10): `begin` travels with the RLS context, and a
 * GET of a signed-in user takes the session from the process cache and confirms it in that same
 * statement. A session ended elsewhere (another process, the database) stops at once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { hashToken } from './sessions.ts';
import { call, loginAdmin, loginAs } from './test-helpers.ts';
import { buildApp } from '../../app.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;
const sessionIdOf = (cookie: string) => hashToken(cookie.split('=')[1]!);
/**
 * NOTIFY reaches the listening connection on commit; give it the moment a user takes between two
 * clicks. (A lost notification is still caught by the digest check: 401 auth.session_changed.)
 */
const settleNotifications = () => new Promise((r) => setTimeout(r, 150));

/** Round trips of the app's pg clients during `fn` (each Client.query is one message and one answer). */
async function roundTrips(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text ?? '';
    // The process's LISTEN connection (session-change notifications) starts alongside: not a request's round trip.
    if (!text.startsWith('listen ')) seen.push(text.replace(/\s+/g, ' ').trim().slice(0, 400));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen;
}

describe('round trips of a scoped read', () => {
  it('a signed-in GET of the inbox costs 2 messages: begin + context + session check + the page with its unread count in one, and a commit not waited for', async () => {
    const c = await loginAs(t, 'window');
    const first = await roundTrips(async () => assert.equal((await call(t, c, 'GET', '/api/notifications?limit=20')).status, 200));
    // First request: the session lookup, then the transaction.
    assert.equal(first.length, 3, first.join('\n'));
    assert.match(first[1]!, /^\/\* sunland:last \*\/ begin; \/\* sunland:context \*\/ select set_config/);
    const again = await roundTrips(async () => assert.equal((await call(t, c, 'GET', '/api/notifications?limit=20')).status, 200));
    assert.equal(again.length, 2, again.join('\n'));
    // One message: begin, the RLS context with the cached session's check, and the page itself.
    assert.match(again[0]!, /^\/\* sunland:last \*\/ begin; .*set_config.*identity\.session_check\(.*; select "u"\."n", "i"\."id"/);
    assert.equal(again.at(-1), 'commit');
  });

  it('a session ended in the database (logout elsewhere, an admin, another process) stops at once, cached or not', async () => {
    const c = await loginAs(t, 'reviewer');
    assert.equal((await call(t, c, 'GET', '/api/notifications')).status, 200);
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 200); // now cached
    await sql`update identity.sessions set ended_at = now(), end_reason = 'logout' where id = ${sessionIdOf(c)}`.execute(db);
    const scoped = await call(t, c, 'GET', '/api/notifications');
    assert.equal(scoped.status, 401);
    assert.equal(scoped.body.error.code, 'auth.unauthenticated');
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 401);
  });

  it('a GET that runs no scoped statement confirms its cached session before answering', async () => {
    const c = await loginAs(t, 'leader');
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 200);
    await sql`update identity.sessions set ended_at = now(), end_reason = 'logout' where id = ${sessionIdOf(c)}`.execute(db);
    const me = await call(t, c, 'GET', '/api/auth/me');
    assert.equal(me.status, 401);
    assert.equal(me.body.error.code, 'auth.unauthenticated');
  });

  it('a change of the post or its permissions (another process, the database) is read by the next request, with no 401', async () => {
    const c = await loginAs(t, 'window');
    assert.equal((await call(t, c, 'GET', '/api/notifications')).status, 200);
    const before = (await call(t, c, 'GET', '/api/auth/me')).body.permissions as string[];
    const role = await db.selectFrom('access.posts as p').innerJoin('identity.users as u', 'u.id', 'p.userId')
      .select('p.roleId').where('u.username', '=', 'window').where('p.active', '=', true).executeTakeFirstOrThrow();
    const removed = before.find((p) => p !== 'approvals.case.accept') ?? before[0]!;
    await db.deleteFrom('access.role_permissions').where('roleId', '=', role.roleId).where('permission', '=', removed).execute();
    await settleNotifications();
    const changed = await call(t, c, 'GET', '/api/notifications');
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const now = await call(t, c, 'GET', '/api/auth/me');
    assert.equal(now.status, 200);
    assert.equal(now.body.permissions.includes(removed), false);
  });

  it('two app instances on one database: a permission change made through one is read by the other without a 401', async () => {
    const other = await buildApp({ env: t.env, appUrl: t.testDb.appUrl });
    await other.http.ready();
    const o: TestApp = Object.assign(other, { env: t.env, testDb: t.testDb, inject: other.http.inject.bind(other.http) as TestApp['inject'] });
    try {
      // The reviewer works on instance 1, whose cache holds the session.
      const c = await loginAs(t, 'reviewer');
      assert.equal((await call(t, c, 'GET', '/api/notifications')).status, 200);
      const me = await call(t, c, 'GET', '/api/auth/me');
      const perms = me.body.permissions as string[];
      assert.ok(perms.includes('approvals.case.review'));
      // The security administrator removes a permission of the reviewer role on instance 2.
      const sec = await loginAdmin(o, 'secadmin');
      const removed = perms.find((p) => !['approvals.case.review', 'approvals.case.read', 'platform.workbench.view'].includes(p));
      assert.ok(removed, `something to remove: ${perms.join()}`);
      const kept = perms.filter((p) => p !== removed);
      const put = await call(o, sec, 'PUT', '/api/admin/roles/reviewer/permissions', { permissions: kept });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      await settleNotifications();
      // Instance 1 answers the reviewer's next requests with the new permissions: no 401.
      const scoped = await call(t, c, 'GET', '/api/notifications');
      assert.equal(scoped.status, 200, JSON.stringify(scoped.body));
      const after = await call(t, c, 'GET', '/api/auth/me');
      assert.equal(after.status, 200, JSON.stringify(after.body));
      assert.deepEqual([...after.body.permissions].sort(), [...kept].sort());
    } finally {
      await other.close();
    }
  });
});
