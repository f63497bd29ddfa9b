/** Shared steps of the identity and access tests (not a test file itself). */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD, json, type TestApp } from '../../../test/harness.ts';
import { DEMO_TOTP_SECRETS } from './identity.seed.ts';
import { totpCode } from './totp.ts';

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'sunland_session');
  assert.ok(c, `session cookie expected, got ${res.statusCode} ${res.body}`);
  return `sunland_session=${c.value}`;
}

export async function loginAs(t: TestApp, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  assert.equal(res.statusCode, 200, res.body);
  return sessionCookie(res);
}

/** Logs a demo administrator in with the current TOTP code; forgets the last used step so a test may log in twice in 30 s. */
export async function loginAdmin(t: TestApp, username: 'sysadmin' | 'secadmin' | 'auditadmin'): Promise<string> {
  await sql`update identity.users set totp_last_step = null where username = ${username}`.execute(t.testDb.owner);
  const res = await t.inject({
    method: 'POST', url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD, totp: totpCode(DEMO_TOTP_SECRETS[username]!) },
  });
  assert.equal(res.statusCode, 200, res.body);
  return sessionCookie(res);
}

export async function call(t: TestApp, cookie: string | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  const res = await t.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: res.statusCode, body: res.body ? json(res) : null, res };
}

export async function orgUnitId(t: TestApp, code: string): Promise<number> {
  const u = await t.testDb.owner.selectFrom('orgs.org_units').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return u.id;
}

export async function userId(t: TestApp, username: string): Promise<number> {
  const u = await t.testDb.owner.selectFrom('identity.users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return u.id;
}

/**
 * Creates a staff user directly (owner connection) holding `roleCode` at `unitCode`, with the
 * demo password and no TOTP; returns its id.
 */
export async function makeStaff(t: TestApp, username: string, unitCode: string, roleCode: string, opts: { totpSecret?: string } = {}): Promise<number> {
  const db = t.testDb.owner;
  const unit = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', unitCode).executeTakeFirstOrThrow();
  const role = await db.selectFrom('access.roles').select('id').where('code', '=', roleCode).executeTakeFirstOrThrow();
  const hash = await db.selectFrom('identity.users').select('passwordHash').where('username', '=', 'window').executeTakeFirstOrThrow();
  const u = await db.insertInto('identity.users').values({
    username, displayName: username, kind: 'staff', orgUnitId: unit.id, orgPath: unit.path, phone: null, email: null,
    passwordHash: hash.passwordHash, totpSecret: opts.totpSecret ?? null, totpEnabled: !!opts.totpSecret, totpLastStep: null,
    lockedUntil: null, publicKind: null, idNumber: null, legalName: null, lastLoginAt: null,
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('access.posts').values({ userId: u.id, orgUnitId: unit.id, roleId: role.id, scopePath: unit.path, createdBy: null }).execute();
  return u.id;
}
