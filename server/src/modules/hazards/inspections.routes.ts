/** 三查 HTTP surface: plan a round (hazards.site.manage), list tasks (hazards.site.read); workbench to-dos. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { requirePermission } from '../../platform/http/actor.ts';
import type { InspectionsService } from './inspections.ts';

export interface InspectionsRouteOptions extends RouteOptions { inspections: InspectionsService }

const tags = ['hazards'];

export const inspectionsRoutes: FastifyPluginAsync<InspectionsRouteOptions> = async (app, { inspections, platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  platform.todos.register('hazards', async (trx, actor) => {
    const items = await inspections.todos(trx, actor);
    if (actor.permissions.has('hazards.site.manage')) {
      // 速报 past their time limit with levels not yet reported.
      const rows = await trx.selectFrom('hazards.event_reports').select(['reportTo', 'reported']).where('dueAt', '<', new Date()).execute();
      items.push({ key: 'hazards.todos.eventsOverdue', link: '/app/hazard-events', level: 'danger', count: rows.filter((e) => e.reportTo.some((l) => !e.reported[l])).length });
    }
    return items;
  });

  r.get('/api/hazards/inspections', {
    schema: {
      tags, summary: 'Inspection tasks (三查) of the actor\'s scope, by state, round, year and township',
      querystring: z.object({
        status: z.enum(['open', 'done', 'overdue']).optional(), round: z.enum(['pre_flood', 'in_flood', 'post_flood']).optional(),
        year: z.coerce.number().int().min(2000).max(2100).optional(), townshipCode: z.string().regex(/^\d{9}$/, 'a 9-digit township code').optional(),
      }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.read');
    return inspections.inScope(actor, (trx) => inspections.list(trx, req.query));
  });

  r.get('/api/hazards/inspections/:id', {
    schema: { tags, summary: 'One inspection task with its field record (外业记录)', params: z.object({ id: z.uuid() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.read');
    return inspections.inScope(actor, (trx) => inspections.get(trx, req.params.id));
  });

  r.post('/api/hazards/inspections', {
    schema: {
      tags, summary: 'Plan an inspection round (汛前排查 / 汛中检查 / 汛后核查) for the registered sites of the scope, with a deadline',
      body: z.strictObject({
        round: z.enum(['pre_flood', 'in_flood', 'post_flood']), year: z.number().int().min(2000).max(2100),
        dueOn: z.iso.date(), townshipCode: z.string().regex(/^\d{9}$/).nullable().default(null),
      }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'hazards.site.manage');
    return reply.status(201).send(await inspections.inScope(actor, (trx) => inspections.plan(trx, actor, req.body)));
  });
};
