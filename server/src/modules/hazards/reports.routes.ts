/** 灾情/险情速报 HTTP surface (record and report up: hazards.site.manage; list: hazards.site.read). */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { requirePermission } from '../../platform/http/actor.ts';
import type { SitesService } from './sites.service.ts';
import type { ReportsService } from './reports.ts';

export interface ReportsRouteOptions extends RouteOptions { reports: ReportsService; sites: Pick<SitesService, 'inScope'> }

const tags = ['hazards'];
const count = z.number().int().min(0).max(100000).default(0);
const wan = z.number().min(0).max(1e10).default(0);

export const reportsRoutes: FastifyPluginAsync<ReportsRouteOptions> = async (app, { reports, sites }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/hazards/events', { schema: { tags, summary: '灾情/险情速报 of the actor\'s scope, with their time limits' } }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.read');
    const rows = await sites.inScope(actor, (trx) => reports.list(trx));
    const now = Date.now();
    return rows.map((x) => ({ ...x, overdue: x.reportTo.filter((l) => !x.reported[l]).length > 0 && x.dueAt.getTime() < now }));
  });

  r.get('/api/hazards/event-rules', { schema: { tags, summary: 'The grading thresholds and time limits in force, each marked confirmed or not' } }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.read');
    return sites.inScope(actor, (trx) => reports.rules(trx));
  });

  r.post('/api/hazards/events', {
    schema: {
      tags, summary: 'Record a 灾情 or 险情 report: graded, with its reporting time limit',
      body: z.strictObject({
        kind: z.enum(['disaster', 'danger']), siteId: z.number().int().min(1).nullable().default(null), townshipCode: z.string().regex(/^\d{9}$/),
        place: z.string().trim().min(2).max(200), hazardType: z.enum(['landslide', 'collapse', 'debris_flow', 'ground_collapse', 'ground_fissure', 'ground_subsidence', 'unstable_slope']),
        occurredAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
        deaths: count, missing: count, injured: count, directLoss: wan, threatenedPeople: count, potentialLoss: wan, summary: z.string().trim().min(4).max(2000),
      }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'hazards.site.manage');
    return reply.status(201).send(await sites.inScope(actor, (trx) => reports.record(trx, actor, req.body)));
  });

  r.post('/api/hazards/events/:id/reported', {
    schema: { tags, summary: 'Record that a level was reported to (县政府, 市级, 省级, 部)', params: z.object({ id: z.coerce.number().int().min(1) }), body: z.strictObject({ level: z.enum(['county_gov', 'city', 'province', 'ministry']) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.manage');
    return sites.inScope(actor, (trx) => reports.markReported(trx, actor, req.params.id, req.body.level));
  });
};
