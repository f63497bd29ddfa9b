/**
 * The approvals HTTP surface: one plugin registering the staff, public, catalogue and
 * supervision routes. Each reads: authenticate → validate (schema) → transaction with the
 * actor's RLS scope → use case (which audits) → present.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../../platform/platform.ts';
import type { ApprovalsService } from './approvals.service.ts';
import { staffRoutes } from './staff.routes.ts';
import { publicRoutes } from './public.routes.ts';
import { catalogueRoutes } from './catalogue.routes.ts';
import { supervisionRoutes } from './supervision.routes.ts';
import { ratingsRoutes } from './ratings.routes.ts';
import { statisticsRoutes } from './statistics.routes.ts';
import { approvalsTodos } from './todos.ts';

export interface ApprovalsRouteOptions extends RouteOptions {
  approvals: ApprovalsService;
}

export const approvalsRoutes: FastifyPluginAsync<ApprovalsRouteOptions> = async (app, opts) => {
  opts.platform.todos.register('approvals', approvalsTodos(opts.platform.orgs));
  await app.register(catalogueRoutes, opts);
  await app.register(staffRoutes, opts);
  await app.register(publicRoutes, opts);
  await app.register(supervisionRoutes, opts);
  await app.register(ratingsRoutes, opts);
  await app.register(statisticsRoutes, opts);
};
