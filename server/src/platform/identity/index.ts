// PLACEHOLDER — owned by the identity/access helper; replace wholly.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Env } from '../../env.ts';
import type { Db } from '../db/database.ts';
import type { AuditService } from '../audit/index.ts';
import type { NotifyService } from '../notify/index.ts';
import type { OrgsService } from '../orgs/index.ts';
import type { RouteOptions } from '../platform.ts';

export interface IdentityService {
  /** onRequest hook: sets request.actor from the session cookie, or leaves it null. */
  authenticateRequest(req: FastifyRequest): Promise<void>;
}
export function createIdentityService(_deps: { db: Db; env: Env; audit: AuditService; notify: NotifyService; orgs: OrgsService }): IdentityService {
  return { async authenticateRequest() {} };
}
export const identityRoutes: FastifyPluginAsync<RouteOptions> = async () => {};
export interface DemoAccount { username: string; password: string; role: string; orgUnit: string; note?: string }
/** Creates the demo accounts (demo mode only) with the migration role; returns them for printing. */
export async function seedDemoIdentity(_db: Db): Promise<DemoAccount[]> { return []; }
