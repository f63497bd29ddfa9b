import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor, requirePermission, type Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { withContext } from '../../platform/db/context.ts';
import type { ApprovalsRouteOptions } from './approvals.routes.ts';
import { CaseSummary, CaseView, SubmitInput, SupplementItemInput, VersionBody, MaterialFiles } from './approvals.schemas.ts';
import { caseView, getCaseRow, listCases, windowQueue } from './case-views.ts';
import { submitCase } from './submit-case.ts';
import { acceptCase, startCheck } from './accept-case.ts';
import { answerSupplement, requestSupplement } from './request-supplement.ts';
import { refuseCase } from './refuse-case.ts';
import { recordOpinion } from './review-case.ts';
import { completeCase, decideCase, withdrawCase } from './decide-case.ts';
import { decideExtension, pauseClock, requestExtension, resumeClock } from './clock-and-extensions.ts';
import { Receipt } from './public.routes.ts';

const tags = ['approvals'];
export const CaseNo = z.object({ caseNo: z.string().min(6).max(40) });
const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const statuses = ['submitted', 'supplement_requested', 'resubmitted', 'refused', 'in_review', 'pending_decision', 'decided', 'completed', 'withdrawn'] as const;

function requireAny(req: Parameters<typeof requireActor>[0], ...permissions: string[]): Actor {
  const actor = requireActor(req);
  if (!permissions.some((p) => actor.permissions.has(p))) {
    throw new AppError('access.forbidden', `missing permission ${permissions.join(' or ')}`, { permission: permissions[0] });
  }
  return actor;
}

export const staffRoutes: FastifyPluginAsync<ApprovalsRouteOptions> = async (app, { platform, approvals }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = approvals;
  const view = (actor: Actor, caseNo: string) => approvals.inScope(actor, (trx) => caseView(deps, trx, caseNo, { revealId: false, staff: true }));

  r.get('/api/approvals/window/queue', {
    schema: {
      tags, summary: 'Window queue: cases waiting for acceptance, longest waiting first (待受理队列)',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.array(CaseSummary) },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.accept');
    return approvals.inScope(actor, (trx) => windowQueue(deps, trx, req.query.limit));
  });

  r.get('/api/approvals/cases', {
    schema: {
      tags, summary: 'Cases in the active post’s scope (办件列表); department= gives a reviewer’s inbox',
      querystring: z.strictObject({
        status: z.union([z.enum(statuses), z.array(z.enum(statuses))]).optional(),
        warnLevel: z.enum(['green', 'yellow', 'red']).optional(),
        matterCode: z.string().max(60).optional(),
        department: z.string().regex(/^[a-z0-9_]{1,40}$/).optional(),
        before: z.string().max(40).optional().describe('page: case numbers below this one'),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      }),
      response: { 200: z.array(CaseSummary) },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.read');
    const q = req.query;
    const status = q.status === undefined ? undefined : Array.isArray(q.status) ? q.status : [q.status];
    return approvals.inScope(actor, (trx) => listCases(deps, trx, { status, warnLevel: q.warnLevel, matterCode: q.matterCode, department: q.department, limit: q.limit, before: q.before }));
  });

  r.get('/api/approvals/cases/:caseNo', {
    schema: {
      tags, summary: 'Case page: form, materials, stages and opinions, clock stops, deadline explanation, timeline (办件详情)',
      params: CaseNo,
      querystring: z.strictObject({ reveal: z.enum(['idNumber']).optional().describe('show the full ID number (needs approvals.applicant_id.read; audited)') }),
      response: { 200: CaseView },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.read');
    const reveal = req.query.reveal === 'idNumber';
    if (reveal && !actor.permissions.has('approvals.applicant_id.read')) {
      throw new AppError('access.forbidden', 'missing permission approvals.applicant_id.read', { permission: 'approvals.applicant_id.read' });
    }
    return approvals.inScope(actor, async (trx) => {
      const v = await caseView(deps, trx, req.params.caseNo, { revealId: reveal, staff: true });
      if (reveal) {
        const c = await getCaseRow(trx, req.params.caseNo);
        // 敏感信息查看留痕: who saw whose full ID number, when.
        await platform.audit.recordRead(trx, actor, { module: 'approvals', entityType: 'applicant_id', entityId: c.id, fields: ['idNumber'], orgPath: c.orgPath, ip: req.ip });
      }
      return v;
    });
  });

  r.post('/api/approvals/cases', {
    schema: { tags, summary: 'Walk-in application entered by the window with scanned materials (窗口收件)', body: SubmitInput, response: { 201: Receipt } },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'approvals.case.accept');
    const out = await approvals.inScope(actor, (trx) => submitCase(deps, trx, actor, req.body, 'walk_in'));
    return reply.status(201).send(out.receipt);
  });

  r.post('/api/approvals/cases/:caseNo/start-check', {
    schema: { tags, summary: 'Start the formal check: the time-to-accept runs from now (开始审核)', params: CaseNo, body: z.strictObject({}).optional(), response: { 200: CaseView } },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.accept');
    await approvals.inScope(actor, (trx) => startCheck(deps, trx, actor, req.params.caseNo));
    return view(actor, req.params.caseNo);
  });

  r.post('/api/approvals/cases/:caseNo/accept', {
    schema: {
      tags, summary: 'Accept: issues the 受理通知书, starts the clock and the first review stage, SMS to the applicant (受理)',
      params: CaseNo, body: z.strictObject({ ...VersionBody }), response: { 200: CaseView },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.accept');
    await approvals.inScope(actor, (trx) => acceptCase(deps, trx, actor, req.params.caseNo, { version: req.body.version }));
    return view(actor, req.params.caseNo);
  });

  r.post('/api/approvals/cases/:caseNo/supplement-request', {
    schema: {
      tags, summary: 'One-time supplement notice listing every missing or deficient material (一次性告知); during review the clock stops',
      params: CaseNo,
      body: z.strictObject({ items: z.array(SupplementItemInput).min(1).max(60), note: z.string().max(1000).optional(), ...VersionBody }),
      response: { 200: CaseView },
    },
  }, async (req) => {
    const actor = requireAny(req, 'approvals.case.accept', 'approvals.case.review');
    await approvals.inScope(actor, (trx) => requestSupplement(deps, trx, actor, req.params.caseNo, req.body));
    return view(actor, req.params.caseNo);
  });

  r.post('/api/approvals/cases/:caseNo/supplement', {
    schema: {
      tags, summary: 'Hand in the listed supplement materials at the window for the applicant (窗口补正)',
      params: CaseNo, body: z.strictObject({ materials: MaterialFiles, ...VersionBody }), response: { 200: CaseView },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.accept');
    await approvals.inScope(actor, (trx) => answerSupplement(deps, trx, actor, req.params.caseNo, req.body));
    return view(actor, req.params.caseNo);
  });

  r.post('/api/approvals/cases/:caseNo/refuse', {
    schema: {
      tags, summary: 'Refuse with reasons and appeal rights: 不予受理通知书',
      params: CaseNo, body: z.strictObject({ reason: text(4, 2000), competentAgency: z.string().max(100).optional(), ...VersionBody }), response: { 200: CaseView },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.accept');
    await approvals.inScope(actor, (trx) => refuseCase(deps, trx, actor, req.params.caseNo, req.body));
    return view(actor, req.params.caseNo);
  });

  r.post('/api/approvals/cases/:caseNo/opinions', {
    schema: {
      tags, summary: 'Record the opinion of the reviewer’s department on the active stage (审查意见); the stage completes by its rule',
      params: CaseNo, body: z.strictObject({ verdict: z.enum(['agree', 'disagree']), comment: text(2, 2000), ...VersionBody }), response: { 200: CaseView },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.review');
    await approvals.inScope(actor, (trx) => recordOpinion(deps, trx, actor, req.params.caseNo, req.body));
    return view(actor, req.params.caseNo);
  });

  r.post('/api/approvals/cases/:caseNo/pause', {
    schema: {
      tags, summary: 'Stop the clock for a special step (听证, 专家评审, 公示, 现场勘查); SMS to the applicant',
      params: CaseNo,
      body: z.strictObject({ kind: z.enum(['hearing', 'expert_review', 'public_notice', 'on_site_inspection', 'other']), reason: text(2, 500), ...VersionBody }),
      response: { 200: CaseView },
    },
  }, async (req) => {
    const actor = requireAny(req, 'approvals.case.review', 'approvals.case.decide');
    await approvals.inScope(actor, (trx) => pauseClock(deps, trx, actor, req.params.caseNo, req.body));
    return view(actor, req.params.caseNo);
  });

  r.post('/api/approvals/cases/:caseNo/resume', {
    schema: { tags, summary: 'Resume the clock after a special step (恢复计时)', params: CaseNo, body: z.strictObject({ ...VersionBody }), response: { 200: CaseView } },
  }, async (req) => {
    const actor = requireAny(req, 'approvals.case.review', 'approvals.case.decide');
    await approvals.inScope(actor, (trx) => resumeClock(deps, trx, actor, req.params.caseNo, req.body));
    return view(actor, req.params.caseNo);
  });

  r.post('/api/approvals/cases/:caseNo/extensions', {
    schema: {
      tags, summary: 'Ask for an extension (延期申请, at most 10 working days in total); a leader approves it',
      params: CaseNo, body: z.strictObject({ days: z.number().int().min(1).max(10), reason: text(4, 300), ...VersionBody }),
      response: { 201: z.object({ id: z.number(), days: z.number(), status: z.string() }) },
    },
  }, async (req, reply) => {
    const actor = requireAny(req, 'approvals.case.review', 'approvals.case.decide');
    const ext = await approvals.inScope(actor, (trx) => requestExtension(deps, trx, actor, req.params.caseNo, req.body));
    return reply.status(201).send({ id: ext.id, days: ext.days, status: ext.status });
  });

  r.post('/api/approvals/cases/:caseNo/extensions/:extensionId/decision', {
    schema: {
      tags, summary: 'Approve or reject an extension (延期审批); approval moves the due date, issues 延期办理通知书 and tells the applicant the reason by SMS',
      params: CaseNo.extend({ extensionId: z.coerce.number().int().positive() }),
      body: z.strictObject({ approve: z.boolean(), note: z.string().max(500).optional() }), response: { 200: CaseView },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.extension.approve');
    await approvals.inScope(actor, (trx) => decideExtension(deps, trx, actor, req.params.caseNo, req.params.extensionId, req.body));
    return view(actor, req.params.caseNo);
  });

  r.post('/api/approvals/cases/:caseNo/decide', {
    schema: {
      tags, summary: 'Decide: grant (准予许可: decision + licence) or deny with reasons (不予许可); SMS to the applicant',
      params: CaseNo, body: z.strictObject({ decision: z.enum(['granted', 'denied']), reason: z.string().trim().max(2000).default(''), ...VersionBody }), response: { 200: CaseView },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.decide');
    await approvals.inScope(actor, (trx) => decideCase(deps, trx, actor, req.params.caseNo, req.body));
    return view(actor, req.params.caseNo);
  });

  r.post('/api/approvals/cases/:caseNo/complete', {
    schema: {
      tags, summary: 'Record delivery of the result (办结: picked up, posted or electronic); SMS to the applicant',
      params: CaseNo, body: z.strictObject({ delivery: z.enum(['pickup', 'post', 'electronic']), ...VersionBody }), response: { 200: CaseView },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.complete');
    await approvals.inScope(actor, (trx) => completeCase(deps, trx, actor, req.params.caseNo, req.body));
    return view(actor, req.params.caseNo);
  });

  r.post('/api/approvals/cases/:caseNo/withdraw', {
    schema: { tags, summary: 'Withdraw at the applicant’s request at the window (撤回)', params: CaseNo, body: z.strictObject({ reason: text(2, 500), ...VersionBody }), response: { 200: CaseView } },
  }, async (req) => {
    const actor = requirePermission(req, 'approvals.case.accept');
    await approvals.inScope(actor, (trx) => withdrawCase(deps, trx, actor, req.params.caseNo, req.body));
    return view(actor, req.params.caseNo);
  });

  r.get('/api/approvals/cases/:caseNo/documents/:documentId/pdf', {
    schema: { tags, summary: 'Download a document of the case (PDF)', params: CaseNo.extend({ documentId: z.coerce.number().int().positive() }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'approvals.case.read');
    const { bytes, document } = await approvals.inScope(actor, async (trx) => {
      const c = await getCaseRow(trx, req.params.caseNo);
      const link = await trx.selectFrom('approvals.case_documents').select('id').where('caseId', '=', c.id).where('documentId', '=', req.params.documentId).executeTakeFirst();
      if (!link) throw new AppError('approvals.document_not_found', `document ${req.params.documentId} of case ${req.params.caseNo} not found`);
      return platform.documents.getPdf(trx, req.params.documentId, { expectSubject: { type: 'approvals.case', id: c.caseNo } });
    });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${encodeURIComponent(document.docNo)}.pdf"`).send(bytes);
  });

  r.get('/api/approvals/cases/:caseNo/materials/:fileId', {
    schema: { tags, summary: 'Open a scanned material of the case, side by side with the form (查看材料)', params: CaseNo.extend({ fileId: z.uuid() }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'approvals.case.read');
    const c = await approvals.inScope(actor, async (trx) => {
      const row = await getCaseRow(trx, req.params.caseNo);
      const m = await trx.selectFrom('approvals.case_materials').select('id').where('caseId', '=', row.id).where('fileId', '=', req.params.fileId).executeTakeFirst();
      if (!m) throw new AppError('files.not_found', `file ${req.params.fileId} is not a material of case ${req.params.caseNo}`, { field: 'fileId' });
      return row;
    });
    // Access was decided by the case above. An online applicant uploaded it outside any staff
    // scope, so it is read as its uploader; a window scan lies in the case's scope.
    const upload = await withContext(platform.db, { userId: c.applicantUserId ?? null, scopes: [c.orgPath] }, (trx) => platform.files.getUpload(trx, req.params.fileId));
    const stream = await platform.files.openContent(upload.sha256);
    return reply.type(upload.mime).header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(upload.name)}`).send(stream);
  });
};
