/**
 * The identity service: authenticates every request from its session cookie, and offers the
 * use cases of the auth, admin and public routes. Access (roles, posts) is created with it,
 * because a session's permissions come from its post.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { withContext, type SessionCheck, type Tx } from '../db/context.ts';
import { actorContext, type Actor } from '../http/actor.ts';
import { AppError } from '../http/errors.ts';
import { createAccessService } from '../access/access.service.ts';
import * as repo from './identity.repo.ts';
import { certificateLogin, changePassword, login, type IdentityDeps } from './login.ts';
import { registerPublic, requestSmsCode, smsLogin } from './public-accounts.ts';
import { effectivePolicy, updatePolicy, type SecurityPolicy } from './security-policy.ts';
import {
  SESSION_COOKIE, hashToken, isTokenShaped, toActor, toMeView, totpSetupRequired,
  type ClientMeta, type MeView, type SessionInfo,
} from './sessions.ts';
import { newTotpSecret, otpauthUrl, totpStep } from './totp.ts';
import { createUsersService } from './users.service.ts';

/** What a session waiting for TOTP enrolment may still call. */
const TOTP_SETUP_ALLOWED = /^\/api\/auth\/(me|logout|totp\/[a-z]+)(\?|$)/;

export function clientMeta(req: FastifyRequest): ClientMeta {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua : null, certificate: req.clientCertificate ?? null };
}

export function createIdentityService(deps: IdentityDeps) {
  const { db, env, audit } = deps;
  const access = createAccessService({ db, audit, orgs: deps.orgs });
  const users = createUsersService(deps, access);
  // The session facts behind each request's actor, for /api/auth/me without a second query.
  const sessionOf = new WeakMap<Actor, SessionInfo>();

  async function lookup(sessionId: string): Promise<SessionInfo | null> {
    return (await repo.sessionLookup(db, sessionId, env.SESSION_IDLE_MINUTES, env.PASSWORD_MAX_AGE_DAYS)) as SessionInfo | null;
  }

  async function meOfSession(sessionId: string): Promise<MeView> {
    const info = await lookup(sessionId);
    if (!info) throw new AppError('auth.unauthenticated', 'login required');
    return toMeView(info);
  }

  /*
   * Session cache (SESSION_CACHE_SECONDS; GET/HEAD only). A cached session is never trusted
   * alone: its digest (md5 of the session_lookup JSON) travels with the request's first scoped
   * statement (identity.session_check, same round trip as begin and the RLS context), and a
   * request that ran none confirms it in onSend before answering (confirmUnverified). Ended,
   * expired or changed (post, permissions, password) → dropped from the cache and 401.
   * Changes made by any process reach every cache first through NOTIFY sunland_sessions (migration
   * 0522): the entry is dropped and the next request re-reads it, with no 401. The first cached
   * session starts the listening; the digest check stays as the guard for a notification lost
   * (or sent before the listening began): then the request gets 401 auth.session_changed.
   */
  const cacheMs = env.SESSION_CACHE_SECONDS * 1000;
  const cache = new Map<string, { info: SessionInfo; digest: string; epoch: number; until: number }>();
  let listening = false;
  function listenForChanges(): void {
    if (listening) return;
    listening = true;
    deps.notify.listen('sunland_sessions', (payload) => {
      if (!payload || payload === '*') cache.clear();
      else cache.delete(payload);
    }, () => cache.clear()).catch(() => { listening = false; cache.clear(); });
  }

  async function lookupForRequest(req: FastifyRequest, id: string): Promise<{ info: SessionInfo; check?: SessionCheck } | null> {
    const cacheable = cacheMs > 0 && (req.method === 'GET' || req.method === 'HEAD');
    const hit = cacheable ? cache.get(id) : undefined;
    if (hit && hit.until > Date.now()) {
      return {
        info: hit.info,
        check: {
          id, digest: hit.digest, epoch: hit.epoch, activePostId: hit.info.activePostId,
          idleMinutes: env.SESSION_IDLE_MINUTES, maxAgeDays: env.PASSWORD_MAX_AGE_DAYS, verified: false,
          rejected: () => { if (cache.get(id) === hit) cache.delete(id); },
        },
      };
    }
    const r = await repo.sessionLookupWithDigest(db, id, env.SESSION_IDLE_MINUTES, env.PASSWORD_MAX_AGE_DAYS);
    if (!r) {
      cache.delete(id);
      return null;
    }
    const info = r.s as SessionInfo;
    if (cacheMs > 0) {
      listenForChanges();
      if (cache.size >= 10_000) cache.clear();
      cache.set(id, { info, digest: r.digest, epoch: r.epoch, until: Date.now() + cacheMs });
    }
    return { info };
  }

  /**
   * onSend hook: a request served from a cached session that ran no scoped statement confirms it
   * now (one lookup, as without a cache); a session that ended or changed gets 401 instead of the answer.
   */
  async function confirmUnverified(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    if (req.method !== 'GET' && req.method !== 'HEAD' && cache.size) {
      // A change made here (after its commit): the acting session re-reads its facts; a change of
      // accounts, posts or roles re-reads everyone's. Other processes notice it in their checks.
      if (/^\/api\/(admin|auth|access|org-units)(\/|\?|$)/.test(req.url)) cache.clear();
      else if (req.actor) cache.delete(req.actor.sessionId);
    }
    const check = req.actor?.session;
    if (!check || check.verified) return payload;
    // Cheap while nothing the session carries changed (migration 0995); otherwise the full lookup,
    // which also ends an idle or expired session for good.
    if (await repo.sessionUnchanged(db, check)) {
      check.verified = true;
      return payload;
    }
    const r = await repo.sessionLookupWithDigest(db, check.id, env.SESSION_IDLE_MINUTES, env.PASSWORD_MAX_AGE_DAYS);
    if (r && r.digest === check.digest) {
      check.verified = true;
      return payload;
    }
    check.rejected();
    const error = r ? { code: 'auth.session_changed', message: 'your post or permissions changed: reload the page' } : { code: 'auth.unauthenticated', message: 'login required' };
    if (payload && typeof (payload as { destroy?: unknown }).destroy === 'function') (payload as { destroy(): void }).destroy();
    reply.removeHeader('content-disposition');
    reply.removeHeader('content-length');
    void reply.code(401).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ error });
  }

  /** onRequest hook: one database round trip (identity.session_lookup) per request with a cookie, none for a cached GET (see above). */
  async function authenticateRequest(req: FastifyRequest): Promise<void> {
    const token = req.cookies?.[SESSION_COOKIE];
    if (!isTokenShaped(token)) return;
    const found = await lookupForRequest(req, hashToken(token));
    if (!found) return;
    const { info } = found;
    const actor = toActor(info);
    if (found.check) actor.session = found.check;
    sessionOf.set(actor, info);
    req.actor = actor;
    if (totpSetupRequired(info) && req.url.startsWith('/api/') && !TOTP_SETUP_ALLOWED.test(req.url)) {
      throw new AppError('auth.totp_setup_required', 'administrators must set up an authenticator app first (POST /api/auth/totp/setup)');
    }
  }

  async function me(actor: Actor): Promise<MeView> {
    const info = sessionOf.get(actor);
    return info ? toMeView(info) : meOfSession(actor.sessionId);
  }

  async function logout(actor: Actor, meta: ClientMeta): Promise<void> {
    cache.delete(actor.sessionId);
    await withContext(db, actorContext(actor), async (trx) => {
      await repo.endSession(trx, actor.sessionId, 'logout');
      await audit.record(trx, actor, { action: 'identity.session.ended', entityType: 'user', entityId: actor.userId, details: { reason: 'logout' }, ip: meta.ip });
    });
  }

  async function switchPost(actor: Actor, postId: number): Promise<MeView> {
    cache.delete(actor.sessionId);
    await withContext(db, actorContext(actor), async (trx) => {
      const post = (await repo.listActivePosts(trx, actor.userId)).find((p) => p.id === postId);
      if (!post) throw new AppError('access.post_not_found', `postId: ${postId} is not one of your active posts`, { field: 'postId' });
      await repo.setActivePost(trx, actor.sessionId, postId);
      await audit.record(trx, actor, {
        action: 'identity.session.post_switched', entityType: 'user', entityId: actor.userId, orgPath: post.scopePath,
        details: { fromPostId: actor.postId, toPostId: postId, roleCode: post.roleCode },
      });
    });
    return meOfSession(actor.sessionId);
  }

  /** Starts (or restarts, while not yet enabled) TOTP enrolment; the secret is shown only now. */
  async function totpSetup(actor: Actor): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = newTotpSecret();
    await withContext(db, actorContext(actor), async (trx) => {
      const r = await repo.setTotpSecret(trx, actor.userId, secret);
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('identity.totp_already_enabled', 'TOTP is already enabled for this account');
    });
    return { secret, otpauthUrl: otpauthUrl(secret, actor.username) };
  }

  async function totpEnable(actor: Actor, code: string, meta: ClientMeta): Promise<MeView> {
    await withContext(db, actorContext(actor), async (trx) => {
      const u = await repo.findUser(trx, actor.userId);
      if (!u) throw new AppError('auth.unauthenticated', 'login required');
      if (u.totpEnabled) throw new AppError('identity.totp_already_enabled', 'TOTP is already enabled for this account');
      if (!u.totpSecret) throw new AppError('identity.totp_not_set_up', 'call POST /api/auth/totp/setup first');
      const step = totpStep(u.totpSecret, code.trim());
      if (step === null || !(await repo.claimTotpStep(trx, u.id, step))) {
        throw new AppError('identity.totp_code_invalid', 'code: wrong or expired code', { field: 'code' });
      }
      await repo.enableTotp(trx, u.id);
      await audit.record(trx, actor, { action: 'identity.totp.enabled', entityType: 'user', entityId: u.id, orgPath: u.orgPath, details: {}, ip: meta.ip });
    });
    return meOfSession(actor.sessionId);
  }

  /** What a public account knows of itself (its own ID number unmasked: it is the owner's), for pre-filling forms. */
  async function publicProfile(actor: Actor): Promise<{ kind: 'person' | 'company'; name: string; idNumber: string | null; phone: string | null }> {
    if (actor.kind !== 'public') throw new AppError('access.forbidden', 'log in with a public (applicant) account', { permission: 'public' });
    return withContext(db, actorContext(actor), async (trx) => {
      const u = await repo.findUser(trx, actor.userId);
      if (!u) throw new AppError('auth.unauthenticated', 'login required');
      return { kind: u.publicKind ?? 'person', name: u.legalName ?? u.displayName, idNumber: u.idNumber, phone: u.phone };
    });
  }

  async function getSecurityPolicy(): Promise<SecurityPolicy> {
    return effectivePolicy(db, env);
  }

  async function setSecurityPolicy(actor: Actor, changes: Partial<Record<keyof SecurityPolicy, number | null>>): Promise<SecurityPolicy> {
    return withContext(db, actorContext(actor), async (trx) => {
      const policy = await updatePolicy(trx, env, changes, actor.userId);
      await audit.record(trx, actor, { action: 'identity.security_policy.updated', entityType: 'security_policy', entityId: 'default', details: { changes, effective: policy } });
      return policy;
    });
  }

  return {
    authenticateRequest,
    confirmUnverified,
    login: (input: Parameters<typeof login>[1], meta: ClientMeta) => login(deps, input, meta),
    /** Opens a session for an account whose certificate platform/pki has verified (数字证书登录). */
    certificateLogin: (userId: number, serial: string, meta: ClientMeta) => certificateLogin(deps, userId, serial, meta),
    changePassword: (actor: Actor | null, input: Parameters<typeof changePassword>[2], meta: ClientMeta) => changePassword(deps, actor, input, meta),
    requestSmsCode: (phone: string, purpose: 'register' | 'login', meta: ClientMeta) => requestSmsCode(deps, phone, purpose, meta),
    registerPublic: (input: Parameters<typeof registerPublic>[1], meta: ClientMeta) => registerPublic(deps, input, meta),
    smsLogin: (phone: string, code: string, meta: ClientMeta) => smsLogin(deps, phone, code, meta),
    meOfSession,
    me,
    logout,
    switchPost,
    totpSetup,
    totpEnable,
    publicProfile,
    getSecurityPolicy,
    setSecurityPolicy,
    users,
    access,
    /**
     * The verified identity of a public account (实名信息), read as that user under RLS: what an
     * online application is made in the name of. Undefined for staff or an unknown id.
     */
    async verifiedIdentity(trx: Tx, userId: number): Promise<{ kind: 'person' | 'company'; name: string; idNumber: string; phone: string } | undefined> {
      const u = await repo.findUser(trx, userId);
      if (!u || u.kind !== 'public' || !u.publicKind || !u.idNumber || !u.phone) return undefined;
      return { kind: u.publicKind, name: u.legalName ?? u.displayName, idNumber: u.idNumber, phone: u.phone };
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
