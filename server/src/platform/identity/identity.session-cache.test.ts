/**
 * Database round trips of a scoped read (issue 10): `begin` travels with the RLS context, and a
 * GET of a signed-in user takes the session from the process cache and confirms it in that same
 * statement. A session ended elsewhere (another process, the database) stops at once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { hashToken } from './sessions.ts';
import { sessionLookupWithDigest } from './identity.repo.ts';
import { call, loginAdmin, loginAs } from './test-helpers.ts';
import { buildApp } from '../../app.ts';
import { withContext, type DbContext } from '../db/context.ts';
import { pgMessages } from '../../../test/pg-messages.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;
const sessionIdOf = (cookie: string) => hashToken(cookie.split('=')[1]!);
/**
 * NOTIFY reaches the listening connection on commit; give it the moment a user takes between two
 * clicks. (A lost notification is still caught by the digest check: 401 auth.session_changed.)
 */
const settleNotifications = () => new Promise((r) => setTimeout(r, 150));

/** Round trips of the app's pg clients during `fn` (each Client.query is one message and one answer). */
const roundTrips = (fn: () => Promise<unknown>) => pgMessages(fn, (text) =>
  // The process's LISTEN connection (session-change notifications) starts alongside: not a request's round trip.
  text.startsWith('listen ') ? undefined : text.replace(/\s+/g, ' ').trim().slice(0, 400));

describe('round trips of a scoped read', () => {
  it('a signed-in GET of the inbox costs ONE message: the RLS context with the session check and the page, one implicit transaction (no begin, no commit)', async () => {
    const c = await loginAs(t, 'window');
    const first = await roundTrips(async () => assert.equal((await call(t, c, 'GET', '/api/notifications?limit=20')).status, 200));
    // First request: the session lookup, then the read.
    assert.equal(first.length, 2, first.join('\n'));
    for (let i = 0; i < 2; i++) {
      const again = await roundTrips(async () => assert.equal((await call(t, c, 'GET', '/api/notifications?limit=20')).status, 200));
      assert.equal(again.length, 1, again.join('\n'));
      // Context (with the cached session's check) and the page with its unread count; the values are bound parameters.
      assert.match(again[0]!, /^\/\* sunland:context \*\/\s+select set_config\('sunland\.scopes', \$1, true\),\s+set_config\('sunland\.user_id', \$2, true\), identity\.session_check\(\$3, \$4, \$5, \$6, \$7, \$8\);\s*select "u"\."n", "i"\."id"/);
      assert.doesNotMatch(again[0]!, /\bbegin\b|\bcommit\b/);
    }
  });

  it('a scoped read on the one-message path sees only its own scope and user (RLS as before)', async () => {
    // Two users' inbox rows (the owner writes them); each sees exactly their own.
    const ids = await db.selectFrom('identity.users').select(['id', 'username']).where('username', 'in', ['window', 'reviewer']).execute();
    const idOf = (u: string) => ids.find((r) => r.username === u)!.id;
    for (const u of ['window', 'reviewer']) {
      await db.insertInto('notify.inbox').values({ userId: idOf(u), title: `for ${u}`, body: 'b', data: '{}' }).execute();
    }
    for (const u of ['window', 'reviewer']) {
      const c = await loginAs(t, u);
      for (let i = 0; i < 2; i++) { // the second one from the session cache, on the one-message path
        const sent = await roundTrips(async () => {
          const r = await call(t, c, 'GET', '/api/notifications?limit=20');
          assert.equal(r.status, 200);
          const titles = (r.body.items as { title: string }[]).map((x) => x.title);
          assert.ok(titles.includes(`for ${u}`), titles.join());
          assert.ok(titles.every((x) => !x.startsWith('for ') || x === `for ${u}`), titles.join());
        });
        if (i === 1) assert.equal(sent.length, 1, sent.join('\n'));
      }
    }
  });

  it('a unit of work of two plain reads confirms the cached session once, then carries the context alone', async () => {
    const c = await loginAs(t, 'window');
    const id = sessionIdOf(c);
    const r = await sessionLookupWithDigest(db, id, t.env.SESSION_IDLE_MINUTES, t.env.PASSWORD_MAX_AGE_DAYS);
    assert.ok(r);
    const s = r.s as { userId: number; scopePath: string; activePostId: number | null };
    const ctx: DbContext = {
      userId: s.userId, scopes: [s.scopePath],
      session: { id, digest: r.digest, epoch: r.epoch, activePostId: s.activePostId, idleMinutes: t.env.SESSION_IDLE_MINUTES, maxAgeDays: t.env.PASSWORD_MAX_AGE_DAYS, verified: false, rejected: () => {} },
    };
    const sent = await roundTrips(() => withContext(t.platform.db, ctx, async (trx) => {
      await trx.selectFrom('notify.inbox').select('id').execute();
      await trx.selectFrom('notify.inbox').select('id').limit(1).execute();
    }));
    assert.equal(sent.length, 2, sent.join('\n'));
    assert.equal(sent.filter((m) => m.includes('identity.session_check')).length, 1, sent.join('\n'));
    assert.ok(sent.every((m) => m.includes("set_config('sunland.scopes'")), sent.join('\n'));
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

  it('a cached session is confirmed without rebuilding its facts while nothing it carries changed (migration 0995)', async () => {
    const c = await loginAs(t, 'reviewer');
    assert.equal((await call(t, c, 'GET', '/api/notifications')).status, 200); // seen now
    const id = sessionIdOf(c);
    const r = await sessionLookupWithDigest(db, id, t.env.SESSION_IDLE_MINUTES, t.env.PASSWORD_MAX_AGE_DAYS);
    assert.ok(r);
    const post = (r.s as { activePostId: number | null }).activePostId;
    const check = (digest: string, epoch: number, activePostId = post) =>
      sql<{ ok: boolean }>`select identity.session_check(${id}, ${t.env.SESSION_IDLE_MINUTES}::int, ${t.env.PASSWORD_MAX_AGE_DAYS}::int, ${digest}, ${epoch}::bigint, ${activePostId}::bigint) as ok`.execute(db);
    // Same epoch, same post, seen within 5 s: answered from the session row alone (the digest is not rebuilt, so a wrong one passes).
    assert.equal((await check('not-the-digest', r.epoch)).rows[0]!.ok, true);
    // Another active post than the cached one, or another epoch: the full check, which compares the digest.
    await assert.rejects(check('not-the-digest', r.epoch, -1), (e: { code?: string }) => e.code === '28S01');
    await assert.rejects(check('not-the-digest', r.epoch - 1), (e: { code?: string }) => e.code === '28S01');
    assert.equal((await check(r.digest, r.epoch - 1)).rows[0]!.ok, true);
    // A change of what the session carries bumps the epoch: the stale digest is caught again.
    await sql`update access.roles set name = name where code = 'reviewer'`.execute(db);
    await assert.rejects(check('not-the-digest', r.epoch), (e: { code?: string }) => e.code === '28S01');
    // An ended session is refused at once, whatever the epoch.
    const now = await sessionLookupWithDigest(db, id, t.env.SESSION_IDLE_MINUTES, t.env.PASSWORD_MAX_AGE_DAYS);
    await sql`update identity.sessions set ended_at = now(), end_reason = 'logout' where id = ${id}`.execute(db);
    await assert.rejects(check(now!.digest, now!.epoch), (e: { code?: string }) => e.code === '28000');
  });

  it('every change of what a session carries bumps the session epoch', async () => {
    const epoch = async () => Number((await sql<{ n: string }>`select n from identity.session_epoch`.execute(db)).rows[0]!.n);
    const changes = [
      sql`update identity.users set display_name = display_name where username = 'window'`,
      sql`update access.posts set active = active where id = (select min(id) from access.posts)`,
      sql`update access.roles set name_en = name_en where code = 'window'`,
      sql`delete from access.role_permissions where false`,
      sql`update orgs.org_units set name = name where id = (select min(id) from orgs.org_units)`,
      sql`insert into identity.security_policy (id) values (true) on conflict (id) do update set session_idle_minutes = excluded.session_idle_minutes`,
    ];
    for (const change of changes) {
      const before = await epoch();
      await change.execute(db);
      // (An upsert fires the insert and the update statement triggers: two bumps.)
      assert.ok(await epoch() > before, change.compile(db).sql);
    }
  });

  it('a cached GET with no scoped statement (/api/auth/me) confirms with the cheap check, and still refuses a changed session', async () => {
    const c = await loginAs(t, 'window');
    assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 200); // cached
    const sent = await roundTrips(async () => assert.equal((await call(t, c, 'GET', '/api/auth/me')).status, 200));
    assert.equal(sent.length, 1, sent.join('\n'));
    assert.match(sent[0]!, /^select identity\.session_unchanged\(\$1, \$2::bigint, \$3::bigint\)/);
    // A post deactivated behind the cache's back (its notification may be lost): 401, not stale permissions.
    await sql`update identity.sessions set active_post_id = null where id = ${sessionIdOf(c)}`.execute(db);
    const me = await call(t, c, 'GET', '/api/auth/me');
    assert.equal(me.status === 200 ? me.body.activePostId : me.body.error.code, me.status === 200 ? null : 'auth.session_changed');
  });
});
