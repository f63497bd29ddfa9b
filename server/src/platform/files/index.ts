// PLACEHOLDER — owned by the audit/calendar/files helper; replace wholly.
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/database.ts';
import type { RouteOptions } from '../platform.ts';

export interface FileStore {}
export function createFileStore(_deps: { db: Db; dataDir: string; maxBytes: number }): FileStore {
  return {};
}
export const filesRoutes: FastifyPluginAsync<RouteOptions> = async () => {};
