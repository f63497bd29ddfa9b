/**
 * Identity (身份认证) and access (权限): accounts, sessions, TOTP, public accounts, roles, posts.
 * The public surface other code may use.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../platform.ts';
import { accessRoutes } from '../access/access.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { publicRoutes } from './public.routes.ts';
import { usersRoutes } from './users.routes.ts';

export { createIdentityService, clientMeta, type IdentityService } from './identity.service.ts';
export type { IdentityDeps } from './login.ts';
export { seedDemoIdentity, DEMO_TOTP_SECRETS, DEMO_PUBLIC, type DemoAccount } from './identity.seed.ts';
export { isValidIdNumber, isValidCreditCode, maskIdNumber } from './id-numbers.ts';
export { SESSION_COOKIE, type MeView } from './sessions.ts';
export { MeView as MeViewSchema } from './identity.schemas.ts';
export type { CertificateGate } from './login.ts';
export { totpCode } from './totp.ts';
export { syncBuiltInRoles } from '../access/access.repo.ts';

/** Every route of identity and access: /api/auth/*, /api/public/*, /api/admin/{users,posts,roles,security-policy}. */
export const identityRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
  await app.register(authRoutes, opts);
  await app.register(publicRoutes, opts);
  await app.register(usersRoutes, opts);
  await app.register(accessRoutes, opts);
};
