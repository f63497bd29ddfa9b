/**
 * The tip-offs HTTP surface: public form, staff ledger, trends and API keys, and Open311.
 * Each route reads: rate limit → authenticate → validate → transaction with the actor's RLS
 * scope → use case (which audits) → present.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../../platform/platform.ts';
import type { TipoffsService } from './tipoffs.service.ts';
import { publicRoutes } from './public.routes.ts';
import { staffRoutes } from './staff.routes.ts';
import { trendsRoutes } from './trends.routes.ts';
import { open311Routes } from './open311.routes.ts';
import { tipoffsTodos } from './todos.ts';

export interface TipoffsRouteOptions extends RouteOptions {
  tipoffs: TipoffsService;
}

export const tipoffsRoutes: FastifyPluginAsync<TipoffsRouteOptions> = async (app, opts) => {
  opts.platform.todos.register('tipoffs', tipoffsTodos);
  await app.register(publicRoutes, opts);
  await app.register(staffRoutes, opts);
  await app.register(trendsRoutes, opts);
  await app.register(open311Routes, opts);
};
