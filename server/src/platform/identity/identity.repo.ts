/** SQL of the identity module. RLS applies to every query run on a context transaction. */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import type { SessionEndReason } from './identity.tables.ts';
import { PASSWORD_HISTORY } from './passwords.ts';

type Q = Db | Tx;

export interface LoginRow {
  id: number;
  username: string;
  displayName: string;
  kind: 'staff' | 'public';
  status: 'active' | 'disabled';
  passwordHash: string;
  passwordChangedAt: Date;
  mustChangePassword: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  isAdmin: boolean;
}

/** Bypasses RLS through identity.login_lookup: only for the login steps. */
export async function loginLookup(q: Q, login: string): Promise<LoginRow | undefined> {
  const { rows } = await sql<LoginRow>`select * from identity.login_lookup(${login})`.execute(q);
  return rows[0];
}

export async function loginFailed(q: Q, userId: number, maxFailures: number, lockMinutes: number) {
  const { rows } = await sql<{ failedLogins: number; lockedUntil: Date | null; lockedNow: boolean }>`
    select * from identity.login_failed(${userId}, ${maxFailures}, ${lockMinutes})`.execute(q);
  return rows[0]!;
}

/** The raw JSON of identity.session_lookup; see SessionInfo. */
export async function sessionLookup(q: Q, id: string, idleMinutes: number, maxAgeDays: number): Promise<unknown> {
  const { rows } = await sql<{ s: unknown }>`select identity.session_lookup(${id}, ${idleMinutes}, ${maxAgeDays}) as s`.execute(q);
  return rows[0]?.s ?? null;
}

/**
 * identity.session_lookup with the md5 of its JSON text and the session epoch, for the session
 * cache (identity.session_check compares them). The epoch is read in this statement's snapshot,
 * taken before the lookup runs: a change committed in between bumps it past the value kept.
 */
export async function sessionLookupWithDigest(q: Q, id: string, idleMinutes: number, maxAgeDays: number): Promise<{ s: unknown; digest: string; epoch: number } | null> {
  const { rows } = await sql<{ s: unknown; digest: string | null; epoch: number }>`
    select s, md5(s::text) as digest, (select e.n from identity.session_epoch e where e.id) as epoch
      from identity.session_lookup(${id}, ${idleMinutes}, ${maxAgeDays}) as s`.execute(q);
  const r = rows[0];
  return r && r.s !== null && r.digest !== null ? { s: r.s, digest: r.digest, epoch: Number(r.epoch) } : null;
}

/**
 * True when a cached session is still open, seen within 5 s, on the same post, and nothing it
 * carries changed since its epoch (identity.session_unchanged, migration 0995).
 */
export async function sessionUnchanged(q: Q, c: { id: string; epoch: number; activePostId: number | null }): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`select identity.session_unchanged(${c.id}, ${c.epoch}::bigint, ${c.activePostId}::bigint) as ok`.execute(q);
  return rows[0]?.ok === true;
}

export function findPolicy(q: Q) {
  return q.selectFrom('identity.security_policy').selectAll().executeTakeFirst();
}

export function insertSession(trx: Tx, s: { id: string; userId: number; activePostId: number | null; expiresAt: Date; ip: string | null; userAgent: string | null }) {
  return trx.insertInto('identity.sessions').values(s).execute();
}

export async function endSession(q: Q, id: string, reason: SessionEndReason): Promise<boolean> {
  const r = await q.updateTable('identity.sessions').set({ endedAt: new Date(), endReason: reason })
    .where('id', '=', id).where('endedAt', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Ends every open session of a user (disabled, password reset), except `keep`. */
export async function endUserSessions(q: Q, userId: number, reason: SessionEndReason, keep?: string): Promise<number> {
  let u = q.updateTable('identity.sessions').set({ endedAt: new Date(), endReason: reason })
    .where('userId', '=', userId).where('endedAt', 'is', null);
  if (keep) u = u.where('id', '<>', keep);
  const r = await u.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function setActivePost(q: Q, sessionId: string, postId: number) {
  return q.updateTable('identity.sessions').set({ activePostId: postId }).where('id', '=', sessionId).execute();
}

/** Active posts of a user, first the ones of admin roles; visible to the user itself under RLS. */
export function listActivePosts(q: Q, userId: number) {
  return q.selectFrom('access.posts as p').innerJoin('access.roles as r', 'r.id', 'p.roleId')
    .select(['p.id', 'p.orgUnitId', 'p.scopePath', 'r.code as roleCode', 'r.adminKind'])
    .where('p.userId', '=', userId).where('p.active', '=', true).orderBy('p.id').execute();
}

export function findUser(q: Q, id: number) {
  return q.selectFrom('identity.users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function recentPasswordHashes(q: Q, userId: number) {
  return q.selectFrom('identity.password_history').select('passwordHash')
    .where('userId', '=', userId).orderBy('id', 'desc').limit(PASSWORD_HISTORY).execute();
}

/** Sets the password, records it in the history and keeps only the last five there. */
export async function setPassword(trx: Tx, userId: number, passwordHash: string, mustChange: boolean): Promise<void> {
  await trx.updateTable('identity.users')
    .set({ passwordHash, passwordChangedAt: new Date(), mustChangePassword: mustChange, failedLogins: 0, lockedUntil: null })
    .where('id', '=', userId).execute();
  await trx.insertInto('identity.password_history').values({ userId, passwordHash }).execute();
  await sql`delete from identity.password_history where user_id = ${userId} and id not in (
    select id from identity.password_history where user_id = ${userId} order by id desc limit ${PASSWORD_HISTORY})`.execute(trx);
}

export function recordLoginSuccess(trx: Tx, userId: number) {
  return trx.updateTable('identity.users').set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() })
    .where('id', '=', userId).execute();
}

/** Accepts a TOTP step only if it is newer than the last accepted one (no replay); atomic. */
export async function claimTotpStep(trx: Tx, userId: number, step: number): Promise<boolean> {
  const r = await sql`update identity.users set totp_last_step = ${step}
    where id = ${userId} and (totp_last_step is null or totp_last_step < ${step})`.execute(trx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export function setTotpSecret(trx: Tx, userId: number, secret: string) {
  return trx.updateTable('identity.users').set({ totpSecret: secret, totpEnabled: false, totpLastStep: null })
    .where('id', '=', userId).where('totpEnabled', '=', false).executeTakeFirst();
}

export function enableTotp(trx: Tx, userId: number) {
  return trx.updateTable('identity.users').set({ totpEnabled: true }).where('id', '=', userId).execute();
}

/** Draws an id for a new account before inserting it, so the insert can act as that user under RLS. */
export async function nextUserId(trx: Tx): Promise<number> {
  const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('identity.users', 'id')) as id`.execute(trx);
  return Number(rows[0]!.id);
}
