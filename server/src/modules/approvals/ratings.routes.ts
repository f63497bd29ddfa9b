/**
 * 好差评 and 差评整改 over HTTP: the public rating endpoints (case number + ID number, no login)
 * and the staff lists and actions. Schemas live here (the contract is in helpers' contracts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor, requirePermission } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { PUBLIC_CONTEXT, SYSTEM_CONTEXT, withContext } from '../../platform/db/context.ts';
import type { ApprovalsRouteOptions } from './approvals.routes.ts';
import { findForTracking } from './case-views.ts';
import { listDisclosures } from './disclosure.ts';
import {
  completeRectification, listRatings, listRectifications, publicRatingView, rateCase, ratingSettingsFor, saveRatingSettings, visitRectification,
} from './ratings.ts';

const tags = ['approvals'];
const CaseNo = z.object({ caseNo: z.string().min(6).max(40) });
const IdNumber = z.string().trim().min(15).max(18);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const rectStatuses = ['open', 'visited', 'done'] as const;

/** Few tries per minute, address and case: ID numbers cannot be guessed through the rating page. */
const RATING_LIMIT = {
  max: 10, timeWindow: '1 minute',
  keyGenerator: (req: { ip: string; params: unknown }) => `${req.ip}:${String((req.params as { caseNo?: string }).caseNo ?? '')}`,
};

const PublicRectification = z.object({
  status: z.enum(rectStatuses), dueDate: z.string().nullable(), visitDueDate: z.string().nullable(),
  visitedAt: z.string().nullable(), result: z.string().nullable(), completedAt: z.string().nullable(),
});
const RatingOut = z.object({ level: z.number(), levelName: z.string(), tags: z.array(z.string()), comment: z.string().nullable(), followUp: z.boolean(), createdAt: z.string() });
export const PublicRatingView = z.object({
  canRate: z.boolean(), canFollowUp: z.boolean(),
  tags: z.object({ good: z.array(z.string()), bad: z.array(z.string()) }),
  ratings: z.array(RatingOut), rectification: PublicRectification.nullable(),
});
export const RateInput = z.strictObject({
  idNumber: IdNumber,
  level: z.number().int().min(1).max(5),
  tags: z.array(z.string().trim().min(1).max(20)).max(8),
  comment: z.string().trim().max(500).optional(),
});
const RectificationView = z.object({
  id: z.number(), caseNo: z.string(), matterName: z.string(), applicantName: z.string(), applicantPhone: z.string(),
  rating: z.object({ level: z.number(), levelName: z.string(), tags: z.array(z.string()), comment: z.string().nullable() }),
  status: z.enum(rectStatuses), openedOn: z.string(), visitDueDate: z.string().nullable(), dueDate: z.string().nullable(),
  visitedAt: z.string().nullable(), visitNote: z.string().nullable(), result: z.string().nullable(), completedAt: z.string().nullable(),
  followUpLevel: z.number().nullable(), version: z.number(), light: z.enum(['green', 'yellow', 'red']), overdue: z.boolean(),
});
const RatingSettingsBody = z.strictObject({
  goodTags: z.array(z.string().trim().min(1).max(20)).min(1).max(20),
  badTags: z.array(z.string().trim().min(1).max(20)).min(1).max(20),
  rectifyDays: z.number().int().min(1).max(60),
  visitDays: z.number().int().min(0).max(10),
});

export const ratingsRoutes: FastifyPluginAsync<ApprovalsRouteOptions> = async (app, { platform, approvals }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = approvals;

  r.get('/api/public/approvals/cases/:caseNo/rating', {
    config: { rateLimit: RATING_LIMIT },
    schema: {
      tags, summary: 'Rating state of a case without login (好差评): may one rate or follow up, the tags, the ratings, the rectification; a wrong pair is 404',
      params: CaseNo, querystring: z.strictObject({ idNumber: IdNumber }), response: { 200: PublicRatingView },
    },
  }, async (req) => withContext(platform.db, SYSTEM_CONTEXT, async (trx) => publicRatingView(trx, await findForTracking(trx, req.params.caseNo, req.query.idNumber))));

  r.post('/api/public/approvals/cases/:caseNo/rating', {
    config: { rateLimit: RATING_LIMIT },
    schema: {
      tags, summary: 'Rate a decided case once (5 levels with tags); a bad rating (1–2) opens a rectification; one follow-up (追评) after it is done',
      params: CaseNo, body: RateInput, response: { 201: z.object({ rating: RatingOut, rectification: PublicRectification.nullable() }) },
    },
  }, async (req, reply) => {
    const { idNumber, ...input } = req.body;
    const out = await withContext(platform.db, SYSTEM_CONTEXT, async (trx) => rateCase(deps, trx, await findForTracking(trx, req.params.caseNo, idNumber), input));
    return reply.status(201).send(out);
  });

  r.get('/api/approvals/ratings', {
    schema: {
      tags, summary: 'Ratings in scope, newest first, with the level distribution (好差评)',
      querystring: z.strictObject({
        level: z.coerce.number().int().min(1).max(5).optional(), from: day.optional(), to: day.optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
      response: {
        200: z.object({
          total: z.number(), bad: z.number(), satisfaction: z.number().nullable(),
          distribution: z.array(z.object({ level: z.number(), count: z.number() })),
          items: z.array(z.object({
            id: z.number(), caseNo: z.string(), matterName: z.string(), applicantName: z.string(), applicantKind: z.string(),
            level: z.number(), levelName: z.string(), tags: z.array(z.string()), comment: z.string().nullable(), followUp: z.boolean(), createdAt: z.string(),
            rectificationId: z.number().nullable(), rectificationStatus: z.enum(rectStatuses).nullable(),
          })),
        }),
      },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.rating.read');
    return approvals.inScope(actor, (trx) => listRatings(trx, req.query));
  });

  r.get('/api/approvals/rectifications', {
    schema: {
      tags, summary: 'Rectification tasks of bad ratings in scope (差评整改): open first by due date; light red when overdue',
      querystring: z.strictObject({
        status: z.union([z.enum(rectStatuses), z.array(z.enum(rectStatuses))]).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
      response: { 200: z.array(RectificationView) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    if (!actor.permissions.has('approvals.rating.read') && !actor.permissions.has('approvals.rectification.manage')) {
      throw new AppError('access.forbidden', 'missing permission approvals.rating.read', { permission: 'approvals.rating.read' });
    }
    const status = req.query.status === undefined ? undefined : [req.query.status].flat();
    return approvals.inScope(actor, (trx) => listRectifications(deps, trx, { status, limit: req.query.limit }));
  });

  const Id = z.object({ id: z.coerce.number().int().positive() });
  r.post('/api/approvals/rectifications/:id/visit', {
    schema: {
      tags, summary: 'Record the call back to the rater (回访); audited',
      params: Id, body: z.strictObject({ note: z.string().trim().min(2).max(1000), version: z.number().int().positive().optional() }),
      response: { 200: RectificationView },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.rectification.manage');
    return approvals.inScope(actor, (trx) => visitRectification(deps, trx, actor, req.params.id, req.body));
  });

  r.post('/api/approvals/rectifications/:id/complete', {
    schema: {
      tags, summary: 'Report the rectification done (整改完成) with its result; SMS to the applicant, who may add one follow-up rating',
      params: Id, body: z.strictObject({ result: z.string().trim().min(4).max(1000), version: z.number().int().positive() }),
      response: { 200: RectificationView },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.rectification.manage');
    return approvals.inScope(actor, (trx) => completeRectification(deps, trx, actor, req.params.id, req.body));
  });

  r.get('/api/public/approvals/disclosures', {
    config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Published decisions (审批结果公示), newest first; persons redacted (王**), never ID numbers or phones',
      querystring: z.strictObject({
        q: z.string().trim().max(60).optional(), matterCode: z.string().max(60).optional(), from: day.optional(), to: day.optional(),
        page: z.coerce.number().int().min(1).max(10000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
      response: {
        200: z.object({
          total: z.number(),
          items: z.array(z.object({
            caseNo: z.string(), matterCode: z.string(), matterName: z.string(), applicantName: z.string(), decision: z.enum(['granted', 'denied']),
            decidedAt: z.string(), orgName: z.string(), documentNo: z.string().nullable(),
            decisionWording: z.enum(['licensing', 'registration', 'confirmation', 'service']).describe('how the matter words its decision (准予许可, 准予登记 …)'),
          })),
        }),
      },
    },
  }, async (req) => withContext(platform.db, PUBLIC_CONTEXT, (trx) => listDisclosures(trx, req.query)));

  r.get('/api/approvals/settings/ratings', {
    schema: { tags, summary: 'Rating tags and rectification limits in force for the actor’s bureau', response: { 200: RatingSettingsBody } },
  }, async (req) => {
    const actor = requireActor(req);
    if (!actor.permissions.has('approvals.rating.read') && !actor.permissions.has('approvals.settings.manage')) {
      throw new AppError('access.forbidden', 'missing permission approvals.rating.read', { permission: 'approvals.rating.read' });
    }
    return approvals.inScope(actor, (trx) => ratingSettingsFor(trx, actor.scopePath ?? 'cn'));
  });

  r.put('/api/approvals/settings/ratings', {
    schema: { tags, summary: 'Set the rating tags and rectification limits (回访/整改 working days) of the actor’s subtree; audited', body: RatingSettingsBody, response: { 200: RatingSettingsBody } },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.settings.manage');
    return approvals.inScope(actor, (trx) => saveRatingSettings(deps, trx, actor, actor.scopePath ?? 'cn', req.body));
  });
};
