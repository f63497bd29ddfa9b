/** HTTP surface of the hazard-site register (permissions hazards.site.*). */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { requirePermission } from '../../platform/http/actor.ts';
import type { SitesService } from './sites.service.ts';

export interface SitesRouteOptions extends RouteOptions { sites: SitesService }

const tags = ['hazards'];
const Id = z.object({ id: z.coerce.number().int().min(1) });
const PHONE = z.string().regex(/^1[3-9]\d{9}$/, '11-digit mainland mobile number');
const SiteFields = {
  name: z.string().trim().min(2).max(100),
  hazardType: z.enum(['landslide', 'collapse', 'debris_flow', 'ground_collapse', 'ground_fissure', 'ground_subsidence', 'unstable_slope']),
  townshipCode: z.string().regex(/^\d{9}$/, '9-digit township division code'),
  location: z.string().trim().min(2).max(200),
  lon: z.number().min(73).max(136),
  lat: z.number().min(3).max(54),
  scale: z.enum(['small', 'medium', 'large', 'huge']),
  volumeM3: z.number().min(0).max(1e10).nullable(),
  stability: z.enum(['stable', 'basically_stable', 'unstable']),
  threatenedHouseholds: z.number().int().min(0).max(100000),
  threatenedPeople: z.number().int().min(0).max(1000000),
  threatenedProperty: z.number().min(0).max(1e9),
  riskLevel: z.enum(['low', 'medium', 'high', 'very_high']),
  measures: z.string().trim().max(1000),
  evacuationRoute: z.string().trim().max(500),
  shelter: z.string().trim().max(200),
  warningSignal: z.string().trim().max(100),
};
const SiteInput = z.strictObject({
  siteNo: z.string().regex(/^[0-9A-Z-]{4,30}$/, '4–30 capitals, digits or -'),
  ...SiteFields,
  volumeM3: SiteFields.volumeM3.default(null),
  measures: SiteFields.measures.default(''), evacuationRoute: SiteFields.evacuationRoute.default(''), shelter: SiteFields.shelter.default(''), warningSignal: SiteFields.warningSignal.default(''),
});
const SitePatch = z.strictObject({ version: z.number().int().min(1), ...Object.fromEntries(Object.entries(SiteFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof SiteFields]: z.ZodOptional<(typeof SiteFields)[K]> } });

export const sitesRoutes: FastifyPluginAsync<SitesRouteOptions> = async (app, { sites }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/hazards/sites', {
    schema: { tags, summary: 'Hazard sites of the actor\'s scope (隐患点台账)', querystring: z.object({ status: z.enum(['registered', 'cancelled']).optional(), townshipCode: z.string().regex(/^\d{9}$/).optional() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.read');
    return sites.inScope(actor, (trx) => sites.list(trx, req.query));
  });

  r.post('/api/hazards/sites', { schema: { tags, summary: 'Register a hazard site (隐患点登记); it appears on the map layer hazard_sites', body: SiteInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'hazards.site.manage');
    return reply.status(201).send(await sites.inScope(actor, (trx) => sites.register(trx, actor, req.body)));
  });

  r.get('/api/hazards/sites/:id', { schema: { tags, summary: 'One site with roster, households and history', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.read');
    return sites.inScope(actor, (trx) => sites.view(trx, req.params.id));
  });

  r.patch('/api/hazards/sites/:id', { schema: { tags, summary: 'Change a site (变更); a new version in its history', params: Id, body: SitePatch } }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.manage');
    const { version, ...patch } = req.body;
    return sites.inScope(actor, (trx) => sites.update(trx, actor, req.params.id, version, patch));
  });

  r.post('/api/hazards/sites/:id/status', {
    schema: { tags, summary: '核销 a site, or put it back on the register', params: Id, body: z.strictObject({ status: z.enum(['registered', 'cancelled']), reason: z.string().trim().max(500).nullable().default(null) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.manage');
    return sites.inScope(actor, (trx) => sites.setStatus(trx, actor, req.params.id, req.body.status, req.body.reason));
  });

  r.post('/api/hazards/sites/:id/people', {
    schema: { tags, summary: 'Add a 群测群防 person (监测员, 村级/乡镇责任人)', params: Id, body: z.strictObject({ role: z.enum(['monitor', 'village', 'township']), name: z.string().trim().min(2).max(40), phone: PHONE, userId: z.number().int().min(1).nullable().default(null) }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'hazards.site.manage');
    return reply.status(201).send(await sites.inScope(actor, (trx) => sites.addPerson(trx, actor, req.params.id, req.body)));
  });

  r.delete('/api/hazards/sites/:id/people/:personId', { schema: { tags, summary: 'Remove a roster person', params: Id.extend({ personId: z.coerce.number().int().min(1) }) } }, async (req, reply) => {
    const actor = requirePermission(req, 'hazards.site.manage');
    await sites.inScope(actor, (trx) => sites.removePerson(trx, actor, req.params.id, req.params.personId));
    return reply.status(204).send();
  });

  r.post('/api/hazards/sites/:id/households', {
    schema: { tags, summary: 'Add a threatened household (受威胁户)', params: Id, body: z.strictObject({ headName: z.string().trim().min(2).max(40), members: z.number().int().min(1).max(50), phone: PHONE.nullable().default(null), address: z.string().trim().min(2).max(200) }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'hazards.site.manage');
    return reply.status(201).send(await sites.inScope(actor, (trx) => sites.addHousehold(trx, actor, req.params.id, req.body)));
  });

  r.delete('/api/hazards/sites/:id/households/:householdId', { schema: { tags, summary: 'Remove a household', params: Id.extend({ householdId: z.coerce.number().int().min(1) }) } }, async (req, reply) => {
    const actor = requirePermission(req, 'hazards.site.manage');
    await sites.inScope(actor, (trx) => sites.removeHousehold(trx, actor, req.params.id, req.params.householdId));
    return reply.status(204).send();
  });

  r.post('/api/hazards/sites/:id/cards', {
    schema: {
      tags, summary: 'Print a 两卡一表 PDF: work_card 防灾工作明白卡, avoid_card 防灾避险明白卡 (per household), plan 防御预案表', params: Id,
      body: z.strictObject({ card: z.enum(['work_card', 'avoid_card', 'plan']), householdId: z.number().int().min(1).nullable().default(null) }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'hazards.site.manage');
    const doc = await sites.inScope(actor, (trx) => sites.issueCard(trx, actor, req.params.id, req.body.card, req.body.householdId));
    return reply.status(201).type('application/pdf').header('X-Document-No', encodeURIComponent(doc.docNo)).header('X-Document-Id', String(doc.id))
      .header('Content-Disposition', `attachment; filename="${req.body.card}-${doc.id}.pdf"`).send(doc.bytes);
  });
};
