import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { ApprovalsRouteOptions } from './approvals.routes.ts';
import { MatterInput, MatterSummary, MatterView, NewMatterInput } from './approvals.schemas.ts';
import { createMatter, getMatter, listMatters, reviseMatter, setMatterActive } from './matters.ts';
import { checkPattern, settingsFor } from './settings.ts';

const tags = ['approvals'];
const Code = z.object({ code: z.string().min(4).max(60) });
const Settings = z.object({ orgPath: z.string().nullable(), caseNoPattern: z.string(), warnDays: z.number(), warnRatio: z.number(), deemedAcceptDays: z.number() });

export const catalogueRoutes: FastifyPluginAsync<ApprovalsRouteOptions> = async (app, { platform, approvals }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = approvals;

  // 办事指南: public, no login.
  r.get('/api/public/approvals/matters', {
    schema: {
      tags, summary: 'Service guide: the matters that take applications (办事指南目录)',
      querystring: z.strictObject({ q: z.string().max(50).optional() }),
      response: { 200: z.array(MatterSummary) },
    },
  }, async (req) => approvals.inScope(null, (trx) => listMatters(trx, { search: req.query.q })));

  r.get('/api/public/approvals/matters/:code', {
    schema: {
      tags, summary: 'Service guide of one matter: conditions, materials, e-form, fees, limits, flow (办事指南)',
      params: Code, querystring: z.strictObject({ version: z.coerce.number().int().positive().optional() }),
      response: { 200: MatterView },
    },
  }, async (req) => approvals.inScope(null, (trx) => getMatter(trx, req.params.code, req.query.version)));

  r.get('/api/approvals/matters', {
    schema: { tags, summary: 'Catalogue for editing, incl. inactive matters (事项管理)', response: { 200: z.array(MatterView) } },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.matter.manage');
    return approvals.inScope(actor, (trx) => listMatters(trx, { includeInactive: true }));
  });

  r.post('/api/approvals/matters', {
    schema: { tags, summary: 'Create a matter (version 1) in the bureau of the active post', body: NewMatterInput, response: { 201: MatterView } },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'approvals.matter.manage');
    const { code, orgUnitId, ...input } = req.body;
    const view = await approvals.inScope(actor, async (trx) => {
      let unit = await platform.orgs.getOrgUnit(orgUnitId ?? actor.orgUnitId ?? 0, trx);
      while (unit.kind !== 'bureau' && unit.parentId !== null) unit = await platform.orgs.getOrgUnit(unit.parentId, trx);
      if (!actor.scopePath || !`${unit.path}.`.startsWith(`${actor.scopePath}.`)) throw new AppError('access.out_of_scope', 'the bureau is outside your scope', { field: 'orgUnitId' });
      return createMatter(deps, trx, actor, { ...input, code }, unit);
    });
    return reply.status(201).send(view);
  });

  r.put('/api/approvals/matters/:code', {
    schema: { tags, summary: 'Edit a matter: makes a new version; running cases keep theirs (事项变更)', params: Code, body: MatterInput, response: { 200: MatterView } },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.matter.manage');
    return approvals.inScope(actor, (trx) => reviseMatter(deps, trx, actor, req.params.code, req.body));
  });

  r.post('/api/approvals/matters/:code/active', {
    schema: { tags, summary: 'Open or close a matter for applications (启用/停用)', params: Code, body: z.strictObject({ active: z.boolean() }), response: { 200: MatterView } },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.matter.manage');
    return approvals.inScope(actor, (trx) => setMatterActive(deps, trx, actor, req.params.code, req.body.active));
  });

  r.get('/api/approvals/settings', {
    schema: { tags, summary: 'Approval settings in force for the active post’s subtree (审批参数)', response: { 200: Settings } },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.read');
    return approvals.inScope(actor, (trx) => settingsFor(trx, actor.scopePath ?? 'cn'));
  });

  r.put('/api/approvals/settings', {
    schema: {
      tags, summary: 'Set the case-number pattern and warning thresholds of the active post’s subtree',
      body: z.strictObject({
        caseNoPattern: z.string().min(8).max(80), warnDays: z.number().int().min(0).max(30),
        warnRatio: z.number().gt(0).max(1), deemedAcceptDays: z.number().int().min(1).max(30),
      }),
      response: { 200: Settings },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.settings.manage');
    checkPattern(req.body.caseNoPattern);
    const orgPath = actor.scopePath;
    if (!orgPath) throw new AppError('access.out_of_scope', 'no scope');
    return approvals.inScope(actor, async (trx) => {
      const values = { ...req.body, warnRatio: String(req.body.warnRatio), updatedBy: actor.userId };
      await trx.insertInto('approvals.settings').values({ orgPath, ...values })
        .onConflict((oc) => oc.column('orgPath').doUpdateSet({ ...values, updatedAt: new Date() })).execute();
      await platform.audit.record(trx, actor, { action: 'approvals.settings.updated', entityType: 'approvals.settings', entityId: orgPath, orgPath, details: req.body });
      return settingsFor(trx, orgPath);
    });
  });
};
