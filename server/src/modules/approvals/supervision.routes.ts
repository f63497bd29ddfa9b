import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../platform/http/actor.ts';
import type { ApprovalsRouteOptions } from './approvals.routes.ts';
import { WarningView } from './approvals.schemas.ts';
import { listWarnings, urgeCase } from './supervision.ts';

const tags = ['approvals'];

export const supervisionRoutes: FastifyPluginAsync<ApprovalsRouteOptions> = async (app, { approvals }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = approvals;

  r.get('/api/approvals/supervision/warnings', {
    schema: {
      tags, summary: 'Warnings (预警/黄牌/红牌) in the supervisor’s subtree, newest first (电子监察)',
      querystring: z.strictObject({
        open: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
        level: z.enum(['yellow', 'red']).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
      response: { 200: z.array(WarningView) },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.supervision.read');
    const cal = await approvals.deps.calendar.snapshot();
    return approvals.inScope(actor, (trx) => listWarnings(trx, req.query, cal));
  });

  r.post('/api/approvals/cases/:caseNo/urge', {
    schema: {
      tags, summary: 'Urge (督办) the handlers of a case with a message, in-app; audited',
      params: z.object({ caseNo: z.string().min(6).max(40) }),
      body: z.strictObject({ message: z.string().trim().min(2).max(500), warningId: z.number().int().positive().optional() }),
      response: { 201: z.object({ id: z.number(), caseNo: z.string(), message: z.string(), recipients: z.array(z.number()), urgedAt: z.string() }) },
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'approvals.supervision.urge');
    const out = await approvals.inScope(actor, (trx) => urgeCase(deps, trx, actor, req.params.caseNo, req.body));
    return reply.status(201).send(out);
  });

  r.post('/api/approvals/supervision/scan', {
    schema: {
      tags, summary: 'Run the deadline scan now (deemed acceptance, deadlines, warnings); the job runs it every 15 minutes',
      body: z.strictObject({}).optional(),
      response: { 200: z.object({ deemedAccepted: z.array(z.string()), raised: z.number(), cleared: z.number(), scanned: z.number() }) },
    },
  }, async (req) => {
    requirePermission(req, 'approvals.supervision.read');
    return approvals.scanDeadlines();
  });
};
