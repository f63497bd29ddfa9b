/**
 * Selection HTTP surface: staff registry and draws (permissions selection.*), and the public
 * draw result with its record for the offline verifier.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { requirePermission } from '../../platform/http/actor.ts';
import { SERVICE_TYPES, type SelectionService } from './selection.service.ts';

export interface SelectionRouteOptions extends RouteOptions {
  selection: SelectionService;
}

const tags = ['selection'];
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const DrawNo = z.object({ drawNo: z.string().regex(/^CQ\d{8}-[0-9A-F]{7}$/) });
const AgencyInput = z.object({
  code: z.string().regex(/^[0-9A-Z]{18}$/, '18 characters of the unified social credit code'),
  name: z.string().trim().min(2).max(100),
  serviceTypes: z.array(z.string()).min(1).max(10),
  qualification: z.string().trim().min(2).max(200),
  qualificationValidUntil: DATE,
  relatedParties: z.array(z.string().trim().min(2).max(200)).max(50).default([]),
});

export const selectionRoutes: FastifyPluginAsync<SelectionRouteOptions> = async (app, { selection }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/public/selection/service-types', { schema: { tags, summary: 'Service types of agencies (服务类型)' } },
    async () => Object.entries(SERVICE_TYPES).map(([code, name]) => ({ code, name })));

  r.get('/api/selection/agencies', {
    schema: { tags, summary: 'Agency registry (中介机构名录)', querystring: z.object({ serviceType: z.string().max(40).optional() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'selection.agency.read');
    return selection.inScope(actor, (trx) => selection.listAgencies(trx, req.query));
  });

  r.post('/api/selection/agencies', { schema: { tags, summary: 'Register an agency (登记中介机构)', body: AgencyInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'selection.agency.manage');
    return reply.status(201).send(await selection.inScope(actor, (trx) => selection.registerAgency(trx, actor, req.body)));
  });

  r.put('/api/selection/agencies/:id', {
    schema: { tags, summary: 'Edit an agency (修改中介机构信息)', params: z.object({ id: z.coerce.number().int().min(1) }), body: AgencyInput.omit({ code: true }) },
  }, async (req) => {
    const actor = requirePermission(req, 'selection.agency.manage');
    return selection.inScope(actor, (trx) => selection.updateAgency(trx, actor, req.params.id, req.body));
  });

  r.get('/api/selection/agencies/:id/evaluations', {
    schema: { tags, summary: 'Evaluations of an agency (履约评价记录)', params: z.object({ id: z.coerce.number().int().min(1) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'selection.agency.read');
    return selection.inScope(actor, (trx) => selection.listEvaluations(trx, req.params.id));
  });

  r.post('/api/selection/agencies/:id/status', {
    schema: {
      tags, summary: 'Suspend, blacklist or reinstate an agency (暂停、列入黑名单、恢复)', params: z.object({ id: z.coerce.number().int().min(1) }),
      body: z.object({ status: z.enum(['active', 'suspended', 'blacklisted']), reason: z.string().trim().max(500).nullable().default(null), until: DATE.nullable().default(null) }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'selection.agency.manage');
    return selection.inScope(actor, (trx) => selection.setAgencyStatus(trx, actor, req.params.id, req.body));
  });

  r.post('/api/selection/agencies/:id/evaluations', {
    schema: {
      tags, summary: 'Evaluate an agency after the work (履约评价)', params: z.object({ id: z.coerce.number().int().min(1) }),
      body: z.object({ drawNo: z.string().max(20).nullable().default(null), quality: z.number().int().min(1).max(5), timeliness: z.number().int().min(1).max(5), note: z.string().max(500).nullable().default(null) }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'selection.agency.manage');
    return selection.inScope(actor, (trx) => selection.evaluateAgency(trx, actor, req.params.id, req.body));
  });

  r.get('/api/selection/draws', { schema: { tags, summary: 'Draws of the actor\'s scope (随机抽取)' } }, async (req) => {
    const actor = requirePermission(req, 'selection.draw.read');
    return selection.inScope(actor, (trx) => selection.listDraws(trx));
  });

  r.post('/api/selection/draws', {
    schema: {
      tags, summary: 'Freeze the pool of a draw and commit its secret (冻结候选库), both published to the log',
      body: z.object({ projectName: z.string().trim().min(2).max(200), projectOwner: z.string().trim().min(2).max(200), serviceType: z.string().max(40), confirmHours: z.number().int().min(1).max(720).default(48) }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'selection.draw.run');
    return reply.status(201).send(await selection.inScope(actor, (trx) => selection.freezePool(trx, actor, req.body)));
  });

  r.get('/api/selection/pool-preview', {
    schema: { tags, summary: 'The pool a draw would freeze now, and who is left out why (候选库预览)', querystring: z.object({ serviceType: z.string().max(40), projectOwner: z.string().trim().max(200).default('') }) },
  }, async (req) => {
    const actor = requirePermission(req, 'selection.draw.run');
    return selection.inScope(actor, (trx) => selection.previewPool(trx, req.query));
  });

  r.get('/api/selection/draws/:drawNo', { schema: { tags, summary: 'One draw', params: DrawNo } }, async (req) => {
    const actor = requirePermission(req, 'selection.draw.read');
    return selection.inScope(actor, (trx) => selection.view(trx, req.params.drawNo));
  });

  r.post('/api/selection/draws/:drawNo/draw', {
    schema: { tags, summary: 'Draw (抽取) from a checkpoint signed now, with the owner\'s optional number', params: DrawNo, body: z.object({ ownerNumber: z.string().regex(/^\d{1,12}$/).nullable().default(null) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'selection.draw.run');
    return selection.draw(actor, req.params.drawNo, req.body.ownerNumber);
  });

  r.post('/api/selection/draws/:drawNo/confirm', { schema: { tags, summary: 'The selected agency confirmed (确认承接)', params: DrawNo } }, async (req) => {
    const actor = requirePermission(req, 'selection.draw.run');
    return selection.inScope(actor, (trx) => selection.confirm(trx, actor, req.params.drawNo));
  });

  r.post('/api/selection/draws/:drawNo/decline', {
    schema: { tags, summary: 'The selected agency declined: the next drawn is taken (放弃, 依次递补)', params: DrawNo, body: z.object({ reason: z.string().trim().min(2).max(500) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'selection.draw.run');
    return selection.inScope(actor, (trx) => selection.decline(trx, actor, req.params.drawNo, req.body.reason));
  });

  r.get('/api/public/selection/draws/:drawNo', { schema: { tags, summary: 'Public result of a draw with all its inputs (抽取结果公示)', params: DrawNo } },
    async (req) => selection.publicRecord(req.params.drawNo));

  r.get('/api/public/selection/draws/:drawNo/record.json', { schema: { tags, summary: 'Download the draw record for `node tools/verify.ts draw`', params: DrawNo } },
    async (req, reply) => reply.header('content-disposition', `attachment; filename="${req.params.drawNo}.json"`).type('application/json')
      .send(JSON.stringify(await selection.publicRecord(req.params.drawNo), null, 2)));
};
