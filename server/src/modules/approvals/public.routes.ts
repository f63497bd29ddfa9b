import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorContext, requireActor, type Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { SYSTEM_CONTEXT, withContext } from '../../platform/db/context.ts';
import type { ApprovalsRouteOptions } from './approvals.routes.ts';
import { CaseSummary, CaseView, MaterialFiles, OnlineSubmitInput, TrackView, VersionBody } from './approvals.schemas.ts';
import { caseView, findForTracking, getCaseRow, trackView } from './case-views.ts';
import { submitCase } from './submit-case.ts';
import { answerSupplement } from './request-supplement.ts';
import { withdrawCase } from './decide-case.ts';
import { receiveUpload, type FileKind } from '../../platform/files/index.ts';
import { myCaseRating, myCasesOverview, myCaseTrack, rateMyCase } from './my-cases.ts';
import { PublicRatingView, PublicRectification, RateInput, RatingOut } from './ratings.routes.ts';

// txt, geojson, kml, kmz, shapefile (platform.files REDLINE_KINDS): the red line (用地红线) in every format the overlay analysis reads.
const MATERIAL_KINDS: readonly FileKind[] = ['pdf', 'jpeg', 'png', 'ofd', 'txt', 'geojson', 'kml', 'kmz', 'shapefile'];

const tags = ['approvals'];
const CaseNo = z.object({ caseNo: z.string().min(6).max(40) });

export const Receipt = z.object({
  caseNo: z.string(), matterName: z.string(), submittedAt: z.string(), status: z.string(), receiptDocumentId: z.number().nullable(),
  materials: z.array(z.object({ key: z.string(), name: z.string(), files: z.number() })),
});

const MyCase = CaseSummary.extend({
  delivery: z.string().nullable().describe('how the decision was delivered (pickup, post, electronic) once completed'),
  asked: z.array(z.enum(['supplement', 'pickup', 'rate', 'follow_up'])).describe('what the applicant is asked to do now'),
  documents: z.array(z.object({ documentId: z.number(), kind: z.string(), docNo: z.string(), createdAt: z.string() })),
});

const TrackInput = z.strictObject({ caseNo: z.string().min(6).max(40), idNumber: z.string().min(15).max(18) });
/** Tracking is open to anyone: few tries per minute and address, so ID numbers cannot be guessed. */
const TRACK_LIMIT = { max: 10, timeWindow: '1 minute' };

function requirePublic(req: Parameters<typeof requireActor>[0]): Actor {
  const actor = requireActor(req);
  if (actor.kind !== 'public') throw new AppError('access.forbidden', 'log in with a public (applicant) account', { permission: 'public' });
  return actor;
}

export const publicRoutes: FastifyPluginAsync<ApprovalsRouteOptions> = async (app, { platform, approvals }) => {
  // Multipart only on these routes, with the platform's size limit (files.too_large beyond it).
  await app.register(fastifyMultipart, {
    limits: { fileSize: platform.files.maxBytes + 1, files: 1, fields: 0, parts: 1, fieldNameSize: 100, headerPairs: 100 },
    throwFileSizeLimit: false,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = approvals;

  async function sendPdf(reply: FastifyReply, caseNo: string, documentId: number) {
    // The caller proved the case is the applicant's; the document must be one of its own.
    const { bytes, document } = await withContext(platform.db, SYSTEM_CONTEXT, async (trx) => {
      const c = await getCaseRow(trx, caseNo);
      const link = await trx.selectFrom('approvals.case_documents').select('id').where('caseId', '=', c.id).where('documentId', '=', documentId).executeTakeFirst();
      if (!link) throw new AppError('approvals.document_not_found', `document ${documentId} of case ${caseNo} not found`);
      return platform.documents.getPdf(trx, documentId, { expectSubject: { type: 'approvals.case', id: caseNo } });
    });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${encodeURIComponent(document.docNo)}.pdf"`).send(bytes);
  }

  r.post('/api/public/approvals/uploads', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Upload one application material as multipart/form-data field `file` (PDF, JPEG, PNG or OFD; the red line also as the 部 text file, GeoJSON, zipped Shapefile, KML or KMZ); use the id in materials',
      consumes: ['multipart/form-data'],
      response: { 201: z.object({ id: z.string(), sha256: z.string(), size: z.number(), mime: z.string(), name: z.string() }) },
    },
  }, async (req, reply) => {
    const actor = requirePublic(req);
    // Materials are scans (and the red-line text file): the type is checked against the bytes.
    const u = await receiveUpload(req, platform, {
      context: actorContext(actor), actor, uploadedBy: actor.userId, orgPath: null, allow: MATERIAL_KINDS, purpose: 'approvals.material',
    });
    return reply.status(201).send({ id: u.id, sha256: u.sha256, size: u.size, mime: u.mime, name: u.name });
  });

  r.post('/api/public/approvals/cases', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Apply online (网上申请) in the name of the signed-in account (实名: name, ID number and phone from the account); returns the case number and receipt (收件回执)',
      body: OnlineSubmitInput, response: { 201: Receipt },
    },
  }, async (req, reply) => {
    const actor = requirePublic(req);
    const out = await approvals.inScope(actor, (trx) => submitCase(deps, trx, actor, req.body, 'online'));
    return reply.status(201).send(out.receipt);
  });

  r.get('/api/public/approvals/my-cases', {
    schema: {
      tags, summary: 'The logged-in applicant’s cases (我的办件): status, due date, what is asked now, documents',
      response: { 200: z.array(MyCase) },
    },
  }, async (req) => myCasesOverview(deps, requirePublic(req)));

  r.get('/api/public/approvals/my-cases/:caseNo', {
    schema: { tags, summary: 'Progress of one’s own case as on the tracking page, without the ID number (the login proves it)', params: CaseNo, response: { 200: TrackView } },
  }, async (req) => myCaseTrack(deps, requirePublic(req), req.params.caseNo));

  r.get('/api/public/approvals/my-cases/:caseNo/rating', {
    schema: { tags, summary: 'Rating state of one’s own case (好差评)', params: CaseNo, response: { 200: PublicRatingView } },
  }, async (req) => myCaseRating(deps, requirePublic(req), req.params.caseNo));

  r.post('/api/public/approvals/my-cases/:caseNo/rating', {
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Rate one’s own decided case (好差评) or add the follow-up rating (追评), as signed-in applicant',
      params: CaseNo, body: RateInput.omit({ idNumber: true }), response: { 201: z.object({ rating: RatingOut, rectification: PublicRectification.nullable() }) },
    },
  }, async (req, reply) => reply.status(201).send(await rateMyCase(deps, requirePublic(req), req.params.caseNo, req.body)));

  r.get('/api/public/approvals/cases/:caseNo', {
    schema: { tags, summary: 'One of the applicant’s cases: status, supplement notice, documents, public timeline', params: CaseNo, response: { 200: CaseView } },
  }, async (req) => {
    const actor = requirePublic(req);
    return approvals.inScope(actor, (trx) => caseView(deps, trx, req.params.caseNo, { revealId: false, staff: false }));
  });

  r.post('/api/public/approvals/cases/:caseNo/supplement', {
    schema: {
      tags, summary: 'Answer the supplement notice: upload exactly the listed items, all at once (补正材料)',
      params: CaseNo, body: z.strictObject({ materials: MaterialFiles, ...VersionBody }), response: { 200: CaseView },
    },
  }, async (req) => {
    const actor = requirePublic(req);
    await approvals.inScope(actor, (trx) => answerSupplement(deps, trx, actor, req.params.caseNo, req.body));
    return approvals.inScope(actor, (trx) => caseView(deps, trx, req.params.caseNo, { revealId: false, staff: false }));
  });

  r.post('/api/public/approvals/cases/:caseNo/withdraw', {
    schema: { tags, summary: 'Withdraw one’s application before the decision (撤回申请)', params: CaseNo, body: z.strictObject({ reason: z.string().trim().min(2).max(500), ...VersionBody }), response: { 200: CaseView } },
  }, async (req) => {
    const actor = requirePublic(req);
    await approvals.inScope(actor, (trx) => withdrawCase(deps, trx, actor, req.params.caseNo, req.body));
    return approvals.inScope(actor, (trx) => caseView(deps, trx, req.params.caseNo, { revealId: false, staff: false }));
  });

  r.get('/api/public/approvals/cases/:caseNo/documents/:documentId/pdf', {
    schema: { tags, summary: 'Download a document of one’s case: receipt, notices, decision, licence (PDF)', params: CaseNo.extend({ documentId: z.coerce.number().int().positive() }) },
  }, async (req, reply) => {
    const actor = requirePublic(req);
    await approvals.inScope(actor, (trx) => getCaseRow(trx, req.params.caseNo)); // RLS: only one's own case is found
    return sendPdf(reply, req.params.caseNo, req.params.documentId);
  });

  r.post('/api/public/approvals/track', {
    config: { rateLimit: TRACK_LIMIT },
    schema: {
      tags, summary: 'Track progress without login by case number and ID number (办件查询); a wrong pair is 404 whichever part is wrong',
      body: TrackInput, response: { 200: TrackView },
    },
  }, async (req) => withContext(platform.db, SYSTEM_CONTEXT, async (trx) => trackView(deps, trx, await findForTracking(trx, req.body.caseNo, req.body.idNumber))));

  r.post('/api/public/approvals/track/documents/:documentId', {
    config: { rateLimit: TRACK_LIMIT },
    schema: { tags, summary: 'Download a document of a tracked case (case number + ID number)', params: z.object({ documentId: z.coerce.number().int().positive() }), body: TrackInput },
  }, async (req, reply) => {
    await withContext(platform.db, SYSTEM_CONTEXT, (trx) => findForTracking(trx, req.body.caseNo, req.body.idNumber));
    return sendPdf(reply, req.body.caseNo, req.params.documentId);
  });
};
