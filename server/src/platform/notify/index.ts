// PLACEHOLDER — owned by the notify/jobs helper; replace wholly.
import type { FastifyPluginAsync } from 'fastify';
import type { Env } from '../../env.ts';
import type { Db } from '../db/database.ts';
import type { Jobs } from '../jobs/index.ts';
import type { RouteOptions } from '../platform.ts';

export interface NotifyService { startDelivery(): Promise<void>; stopDelivery(): Promise<void> }
export function createNotifyService(_deps: { db: Db; env: Env; jobs: Jobs }): NotifyService {
  return { async startDelivery() {}, async stopDelivery() {} };
}
export const notifyRoutes: FastifyPluginAsync<RouteOptions> = async () => {};
