/** Staff and public login, logout, the current user, post switching, password and TOTP. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../http/actor.ts';
import type { RouteOptions } from '../platform.ts';
import { clientMeta } from './identity.service.ts';
import { MeView } from './identity.schemas.ts';
import { clearSessionCookie, setSessionCookie } from './sessions.ts';

/** The answer to an `auth.pow_required` challenge (see platform/pow). */
const PowSolutionBody = z.strictObject({ challenge: z.string().min(1).max(400), nonce: z.string().min(1).max(40) });

/** Generous enough for people and tests; the per-name proof of work and per-address limit (throttle.ts) stop guessing long before it. */
export const LOGIN_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };

function loginKey(req: FastifyRequest): string {
  const body = req.body as { username?: unknown } | undefined;
  const name = typeof body?.username === 'string' ? body.username.trim().toLowerCase() : '';
  return `${req.ip}|${name}`;
}

export const authRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { identity, env } = platform;

  r.post('/api/auth/login', {
    // preHandler: the key needs the parsed body (per IP and username).
    config: { rateLimit: { ...LOGIN_RATE_LIMIT, hook: 'preHandler', keyGenerator: loginKey } },
    schema: {
      tags: ['auth'], summary: 'Log in with username and password (+ TOTP code for administrators) (登录)',
      body: z.strictObject({
        username: z.string().min(1).max(64),
        password: z.string().min(1).max(128),
        totp: z.string().max(10).optional(),
        pow: PowSolutionBody.optional(),
      }),
      response: { 200: MeView },
    },
  }, async (req, reply) => {
    const s = await identity.login(req.body, clientMeta(req));
    setSessionCookie(reply, s.token, env.COOKIE_SECURE);
    return identity.meOfSession(s.sessionId);
  });

  r.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'End the session (退出登录)', response: { 204: z.null() } },
  }, async (req, reply) => {
    if (req.actor) await identity.logout(req.actor, clientMeta(req));
    clearSessionCookie(reply, env.COOKIE_SECURE);
    return reply.status(204).send(null);
  });

  r.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'The current user, posts and permissions', response: { 200: MeView } },
  }, async (req) => identity.me(requireActor(req)));

  // The anonymous check of the public pages: 200 with {me: null} when not signed in, so a visit
  // without a session is not an error (no 401 in the browser console). /api/auth/me keeps its 401.
  r.get('/api/auth/session', {
    schema: { tags: ['auth'], summary: 'The current user when signed in, else {me: null} (never 401)', response: { 200: z.object({ me: MeView.nullable() }) } },
  }, async (req) => ({ me: req.actor ? await identity.me(req.actor) : null }));

  r.post('/api/auth/switch-post', {
    schema: {
      tags: ['auth'], summary: 'Act in another of one’s posts (切换岗位)',
      body: z.strictObject({ postId: z.number().int().positive() }), response: { 200: MeView },
    },
  }, async (req) => identity.switchPost(requireActor(req), req.body.postId));

  r.post('/api/auth/password', {
    config: { rateLimit: { ...LOGIN_RATE_LIMIT, hook: 'preHandler', keyGenerator: loginKey } },
    schema: {
      tags: ['auth'], summary: 'Change the own password (+ TOTP code where enabled); without a session only an expired password, with the username',
      body: z.strictObject({
        username: z.string().min(1).max(64).optional(),
        oldPassword: z.string().min(1).max(128),
        newPassword: z.string().min(1).max(128),
        totp: z.string().max(10).optional(),
        pow: PowSolutionBody.optional(),
      }),
      response: { 200: z.object({ passwordExpiresAt: z.string().nullable() }) },
    },
  }, async (req) => identity.changePassword(req.actor, req.body, clientMeta(req)));

  r.post('/api/auth/totp/setup', {
    schema: {
      tags: ['auth'], summary: 'Start TOTP enrolment: a new secret for the authenticator app (动态口令)',
      response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }) },
    },
  }, async (req) => identity.totpSetup(requireActor(req)));

  r.post('/api/auth/totp/enable', {
    schema: {
      tags: ['auth'], summary: 'Confirm TOTP enrolment with a current code',
      body: z.strictObject({ code: z.string().min(6).max(10) }), response: { 200: MeView },
    },
  }, async (req) => identity.totpEnable(requireActor(req), req.body.code, clientMeta(req)));
};
