/** Registration and SMS login of public accounts (公众用户). */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../platform.ts';
import { clientMeta } from './identity.service.ts';
import { MeView } from './identity.schemas.ts';
import { hashToken, setSessionCookie } from './sessions.ts';
import { requireActor } from '../http/actor.ts';

const Phone = z.string().min(1).max(20);

export const publicRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { identity, env } = platform;

  r.post('/api/public/sms-code', {
    // Per IP here; per phone (1 a minute, 10 a day) in the service.
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'], summary: 'Send a 6-digit SMS code for registration or login (短信验证码)',
      body: z.strictObject({ phone: Phone, purpose: z.enum(['register', 'login']) }),
      response: { 202: z.object({ sent: z.literal(true), expiresInSeconds: z.number() }) },
    },
  }, async (req, reply) => {
    const res = await identity.requestSmsCode(req.body.phone, req.body.purpose, clientMeta(req));
    return reply.status(202).send(res);
  });

  r.post('/api/public/register', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'], summary: 'Register a citizen or company account and log in (注册)',
      body: z.strictObject({
        kind: z.enum(['person', 'company']),
        name: z.string().min(1).max(100),
        idNumber: z.string().max(18).optional(),
        creditCode: z.string().max(18).optional(),
        phone: Phone,
        password: z.string().min(1).max(128),
        smsCode: z.string().min(1).max(10),
      }),
      response: { 201: MeView },
    },
  }, async (req, reply) => {
    const { token } = await identity.registerPublic(req.body, clientMeta(req));
    setSessionCookie(reply, token, env.COOKIE_SECURE);
    return reply.status(201).send(await identity.meOfSession(hashToken(token)));
  });

  r.post('/api/public/login-sms', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'], summary: 'Log a public account in with an SMS code (短信登录)',
      body: z.strictObject({ phone: Phone, code: z.string().min(1).max(10) }),
      response: { 200: MeView },
    },
  }, async (req, reply) => {
    const { token } = await identity.smsLogin(req.body.phone, req.body.code, clientMeta(req));
    setSessionCookie(reply, token, env.COOKIE_SECURE);
    return identity.meOfSession(hashToken(token));
  });

  r.get('/api/public/profile', {
    schema: {
      tags: ['public'], summary: 'The public account’s own name, kind, ID number and phone (to pre-fill application forms)',
      response: { 200: z.object({ kind: z.enum(['person', 'company']), name: z.string(), idNumber: z.string().nullable(), phone: z.string().nullable() }) },
    },
  }, async (req) => identity.publicProfile(requireActor(req)));
};
