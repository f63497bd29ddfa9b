/**
 * The openness module's HTTP surface: workbench JSON (/api/openness/*), the open JSON API
 * (/api/open/*) and the server-rendered public pages (/gk, /hudong, /sunshine).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../../platform/platform.ts';
import type { OpennessService } from './openness.service.ts';
import { staffRoutes } from './staff.routes.ts';
import { openRoutes } from './open.routes.ts';
import { gkPages } from './pages-gk.routes.ts';
import { hudongPages } from './pages-hudong.routes.ts';
import { sunshinePages } from './pages-sunshine.routes.ts';
import { opennessTodos } from './todos.ts';

export interface OpennessRouteOptions extends RouteOptions {
  openness: OpennessService;
}

export const opennessRoutes: FastifyPluginAsync<OpennessRouteOptions> = async (app, opts) => {
  opts.platform.todos.register('openness', opennessTodos);
  await app.register(staffRoutes, opts);
  await app.register(openRoutes, opts);
  await app.register(gkPages, opts);
  await app.register(hudongPages, opts);
  await app.register(sunshinePages, opts);
};
