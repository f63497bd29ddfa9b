/**
 * PKI HTTP surface: the public CA certificate and CRL (/pki/*), certificate login
 * (POST /api/auth/certificate), the own certificates (/api/pki/me*), and the security admin's
 * issue / revoke / list / login-method policy (/api/pki/*, platform.certificate.manage).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../platform.ts';
import { requireActor, requirePermission } from '../http/actor.ts';
import { clientMeta, MeViewSchema, SESSION_COOKIE } from '../identity/index.ts';
import { LOGIN_MODES, REVOCATION_REASONS, type PkiPlatformService } from './pki.service.ts';

export interface PkiRouteOptions extends RouteOptions {
  pki: PkiPlatformService;
}

const tags = ['pki'];
export const MANAGE = 'platform.certificate.manage';

const Serial = z.object({ serial: z.string().regex(/^[0-9a-f]{2,40}$/, 'lowercase hex serial number') });
const CsrPem = z.string().min(100, 'a PEM certificate request').max(20_000);
const Reason = z.enum(REVOCATION_REASONS as [string, ...string[]]);
const CertificateView = z.object({
  serial: z.string(), kind: z.enum(['staff', 'server', 'site']), userId: z.number().nullable(), username: z.string().nullable(), displayName: z.string().nullable(),
  subject: z.string(), fingerprint256: z.string(), notBefore: z.string(), notAfter: z.string(), status: z.enum(['valid', 'expired', 'revoked']),
  keyOrigin: z.enum(['csr', 'server']), renewalOf: z.string().nullable(), issuedAt: z.string(), revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(), certificatePem: z.string(),
});
const Mode = z.enum(LOGIN_MODES as [string, ...string[]]);

export const pkiRoutes: FastifyPluginAsync<PkiRouteOptions> = async (app, { platform, pki }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { identity, env } = platform;

  // --- public ---
  r.get('/pki/ca.pem', { schema: { tags, summary: 'The CA certificate chain (PEM) (根证书)' } }, async (_req, reply) => {
    const chain = await pki.caChainPem();
    return reply.type('application/x-pem-file').header('cache-control', 'public, max-age=300').send(chain.map((p) => `${p.trim()}\n`).join(''));
  });
  r.get('/pki/crl', { schema: { tags, summary: 'The certificate revocation list, DER (证书吊销列表); a new one on every revocation' } }, async (_req, reply) => {
    const der = await pki.crlDer();
    return reply.type('application/pkix-crl').header('cache-control', 'public, max-age=60').send(der);
  });
  r.get('/pki/crl.pem', { schema: { tags, summary: 'The certificate revocation list, PEM' } }, async (_req, reply) => {
    return reply.type('application/x-pem-file').header('cache-control', 'public, max-age=60').send(await pki.crlPem());
  });

  // --- certificate login ---
  r.post('/api/auth/certificate', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags: ['auth'], summary: 'Log in with the client certificate of this connection (数字证书登录): TLS_PORT, or a trusted proxy\'s header', response: { 200: MeViewSchema } },
  }, async (req, reply) => {
    const meta = clientMeta(req);
    const c = await pki.certificateLoginCheck(req.clientCertificate ?? null, meta.ip);
    const s = await identity.certificateLogin(c.userId, c.serial, meta);
    void reply.setCookie(SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'lax', path: '/', secure: env.COOKIE_SECURE || req.protocol === 'https' });
    return identity.meOfSession(s.sessionId);
  });

  // --- own certificates ---
  r.get('/api/pki/me', {
    schema: { tags, summary: 'My certificates and my login method (我的数字证书)', response: { 200: z.object({ items: z.array(CertificateView), loginMode: Mode, demoP12: z.boolean(), presented: z.boolean() }) } },
  }, async (req) => ({ ...(await pki.mine(requireActor(req))), presented: !!req.clientCertificate }));

  r.post('/api/pki/me/certificates', {
    schema: {
      tags, summary: 'Issue my certificate from a CSR made on my side (上传证书请求); renewalOf names the one it renews',
      body: z.strictObject({ csrPem: CsrPem, renewalOf: z.string().regex(/^[0-9a-f]{2,40}$/).optional() }),
      response: { 201: CertificateView },
    },
  }, async (req, reply) => reply.status(201).send(await pki.issueOwn(requireActor(req), req.body.csrPem, req.body.renewalOf ?? null)));

  r.post('/api/pki/me/demo-p12', {
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'DEMO ONLY: a key made on the server with its certificate, as PKCS#12 (演示用)',
      body: z.strictObject({ password: z.string().min(8, 'at least 8 characters').max(64) }),
    },
  }, async (req, reply) => {
    const out = await pki.demoPkcs12(requireActor(req), req.body.password);
    return reply.type('application/x-pkcs12').header('content-disposition', `attachment; filename="${out.filename}"`).header('x-certificate-serial', out.serial).send(out.p12);
  });

  r.post('/api/pki/me/certificates/:serial/revoke', {
    schema: { tags, summary: 'Revoke one of my certificates (e.g. a lost key) (吊销我的证书)', params: Serial, body: z.strictObject({ reason: Reason }), response: { 200: CertificateView } },
  }, async (req) => pki.revoke(requireActor(req), req.params.serial, req.body.reason as never, false));

  // --- security admin ---
  r.get('/api/pki/certificates', {
    schema: {
      tags, summary: 'Certificates of the accounts in scope (证书管理)',
      querystring: z.object({
        q: z.string().trim().max(64).optional(), status: z.enum(['valid', 'expired', 'revoked']).optional(),
        userId: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0),
      }),
      response: { 200: z.object({ items: z.array(CertificateView) }) },
    },
  }, async (req) => pki.list(requirePermission(req, MANAGE), req.query));

  r.post('/api/pki/certificates', {
    schema: {
      tags, summary: 'Issue a certificate for an account from its CSR (签发证书)',
      body: z.strictObject({ userId: z.number().int().positive(), csrPem: CsrPem, days: z.number().int().min(1).max(3650).optional(), renewalOf: z.string().regex(/^[0-9a-f]{2,40}$/).optional() }),
      response: { 201: CertificateView },
    },
  }, async (req, reply) => reply.status(201).send(await pki.issueFor(requirePermission(req, MANAGE), req.body)));

  r.post('/api/pki/certificates/:serial/revoke', {
    schema: { tags, summary: 'Revoke a certificate (吊销证书): refused at once, its sessions end, a new CRL is published', params: Serial, body: z.strictObject({ reason: Reason }), response: { 200: CertificateView } },
  }, async (req) => pki.revoke(requirePermission(req, MANAGE), req.params.serial, req.body.reason as never, true));

  r.get('/api/pki/login-policies', {
    schema: { tags, summary: 'Login method per role and account (登录方式策略)' },
  }, async (req) => pki.policies(requirePermission(req, MANAGE)));

  r.put('/api/pki/login-policies', {
    schema: {
      tags, summary: 'Set (or clear with mode null) the login method of a role or an account',
      body: z.strictObject({ roleCode: z.string().min(1).max(64).optional(), userId: z.number().int().positive().optional(), mode: Mode.nullable() })
        .refine((b) => (b.roleCode === undefined) !== (b.userId === undefined), { message: 'give roleCode or userId, not both', path: ['roleCode'] }),
    },
  }, async (req) => pki.setPolicy(requirePermission(req, MANAGE), req.body as never));
};
