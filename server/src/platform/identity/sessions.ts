/**
 * Session tokens and what a request knows about its session. The cookie holds 32 random
 * bytes; the database only their sha256, so a leaked table does not log anyone in.
 */
import crypto from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../http/actor.ts';
import type { Tx } from '../db/context.ts';
import * as repo from './identity.repo.ts';
import { passwordExpiresAt } from './security-policy.ts';

export const SESSION_COOKIE = 'sunland_session';
/** Absolute lifetime of a session, whatever the activity. */
export const SESSION_MAX_HOURS = 12;

export interface PostView {
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  orgUnitNameEn: string | null;
  roleCode: string;
  roleName: string;
  roleNameEn: string | null;
  scopePath: string;
  adminKind: 'sys' | 'sec' | 'audit' | null;
}

/** The JSON returned by identity.session_lookup. */
export interface SessionInfo {
  sessionId: string;
  userId: number;
  username: string;
  displayName: string;
  kind: 'staff' | 'public';
  totpEnabled: boolean;
  passwordChangedAt: string;
  passwordMaxAgeDays: number;
  activePostId: number | null;
  orgUnitId: number | null;
  scopePath: string | null;
  roleCode: string | null;
  permissions: string[];
  posts: PostView[];
}

/** The body of GET /api/auth/me (also returned by login, register and switch-post). */
export interface MeView {
  user: { id: number; username: string; displayName: string; kind: 'staff' | 'public' };
  posts: Omit<PostView, 'adminKind'>[];
  activePostId: number | null;
  permissions: string[];
  totpEnabled: boolean;
  totpSetupRequired: boolean;
  passwordExpiresAt: string | null;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
export function isTokenShaped(token: string | undefined): token is string {
  return typeof token === 'string' && TOKEN.test(token);
}

/** An admin (三员) who has not enrolled TOTP may only finish the enrolment. */
export function totpSetupRequired(info: SessionInfo): boolean {
  return !info.totpEnabled && info.posts.some((p) => p.adminKind !== null);
}

export function toActor(info: SessionInfo): Actor {
  const restricted = totpSetupRequired(info);
  return {
    userId: info.userId,
    username: info.username,
    displayName: info.displayName,
    kind: info.kind,
    sessionId: info.sessionId,
    postId: info.activePostId,
    orgUnitId: info.orgUnitId,
    scopePath: info.scopePath,
    roles: info.roleCode ? [info.roleCode] : [],
    // A session waiting for TOTP enrolment carries no permission at all.
    permissions: new Set(restricted ? [] : info.permissions),
  };
}

export function toMeView(info: SessionInfo): MeView {
  const restricted = totpSetupRequired(info);
  return {
    user: { id: info.userId, username: info.username, displayName: info.displayName, kind: info.kind },
    posts: info.posts.map(({ adminKind: _k, ...p }) => p),
    activePostId: info.activePostId,
    permissions: restricted ? [] : info.permissions,
    totpEnabled: info.totpEnabled,
    totpSetupRequired: restricted,
    passwordExpiresAt: info.kind === 'staff'
      ? passwordExpiresAt(new Date(info.passwordChangedAt), info.passwordMaxAgeDays).toISOString()
      : null,
  };
}

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
  /** The client certificate presented with the request (platform/pki client-cert.ts), if any. */
  certificate?: { der: Buffer; source: 'tls' | 'proxy' } | null;
}

/** Inserts a session and returns its token (the only time the token exists outside the cookie). */
export async function openSession(trx: Tx, userId: number, activePostId: number | null, meta: ClientMeta): Promise<{ token: string; id: string }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const id = hashToken(token);
  await repo.insertSession(trx, {
    id, userId, activePostId,
    expiresAt: new Date(Date.now() + SESSION_MAX_HOURS * 3_600_000),
    ip: meta.ip, userAgent: meta.userAgent?.slice(0, 500) ?? null,
  });
  return { token, id };
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure });
}
