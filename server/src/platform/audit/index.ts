// PLACEHOLDER — owned by the audit/calendar/files helper; replace wholly.
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import type { RouteOptions } from '../platform.ts';

export interface AuditActor { userId: number | null; username?: string | null }
export interface AuditEntry {
  /** `module.entity.pastTense`, e.g. identity.user.created */
  action: string;
  entityType: string;
  entityId?: string | number | null;
  /** ltree path of the org the entry concerns, for scoped reading */
  orgPath?: string | null;
  details?: Record<string, unknown>;
}
export interface AuditService {
  record(trx: Tx, actor: AuditActor | null, entry: AuditEntry): Promise<void>;
}
export function createAuditService(_deps: { db: Db }): AuditService {
  return { async record() {} };
}
export const auditRoutes: FastifyPluginAsync<RouteOptions> = async () => {};
