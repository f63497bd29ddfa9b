/**
 * Staff routes of the ledger (台账): entry by channel, list, view (reporter only on request, by
 * tipoffs.reporter.read, audited), the stage transitions, attachments, warnings, settings.
 * Each reads: authenticate → validate → transaction with the actor's RLS scope → use case → view.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor, requirePermission, type Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { SYSTEM_CONTEXT, withContext } from '../../platform/db/context.ts';
import type { TipoffsRouteOptions } from './tipoffs.routes.ts';
import {
  AssignInput, CloseInput, DisposeInput, EvidenceInput, FeedbackInput, ListQuery, ListResponse, MergeInput, ReportView,
  Settings, StaffReportInput, TriageInput, VerifyInput, WarningView,
} from './tipoffs.schemas.ts';
import { createReport } from './intake.ts';
import { addEvidence, assign, close, dismissDuplicate, dispose, feedback, merge, triage, verify } from './ledger.ts';
import { listReports, reportView } from './views.ts';
import { listWarnings } from './warnings.ts';
import { settingsFor } from './tipoffs.deps.ts';

const tags = ['tipoffs'];
const Id = z.object({ id: z.coerce.number().int().positive() });
const Version = { version: z.number().int().positive().optional().describe('the report version you saw; a stale one gets 409 tipoffs.report_state_changed') };

function requireAny(req: FastifyRequest, ...permissions: string[]): Actor {
  const actor = requireActor(req);
  if (!permissions.some((p) => actor.permissions.has(p))) {
    throw new AppError('access.forbidden', `missing permission ${permissions.join(' or ')}`, { permission: permissions[0] });
  }
  return actor;
}

export const staffRoutes: FastifyPluginAsync<TipoffsRouteOptions> = async (app, { platform, tipoffs }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = tipoffs;
  const view = (actor: Actor, id: number) => tipoffs.inScope(actor, (trx) => reportView(deps, trx, actor, id));

  r.post('/api/tipoffs/reports', {
    schema: { tags, summary: 'Enter a report received by hotline, letter, e-mail, leader instruction or lower-level report (登记举报)', body: StaffReportInput, response: { 201: ReportView } },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'tipoffs.report.create');
    const { receivedAt, ...input } = req.body;
    const created = await tipoffs.inScope(actor, (trx) => createReport(deps, trx, actor, { ...input, ...(receivedAt ? { receivedAt: new Date(receivedAt) } : {}) }));
    // The clerk who entered it may tell the caller the tracking code: reveal it (audited).
    const v = await tipoffs.inScope(actor, (trx) => reportView(deps, trx, actor, created.id, { revealReporter: actor.permissions.has('tipoffs.reporter.read'), ip: req.ip }));
    return reply.status(201).send(v);
  });

  r.get('/api/tipoffs/reports', {
    schema: { tags, summary: 'The ledger (举报台账), newest first, keyset paging by `before`', querystring: ListQuery, response: { 200: ListResponse } },
  }, async (req) => {
    const actor = requirePermission(req, 'tipoffs.report.read');
    const cal = await tipoffs.deps.calendar.snapshot();
    return tipoffs.inScope(actor, (trx) => listReports(trx, req.query, cal));
  });

  r.get('/api/tipoffs/reports/:id', {
    schema: {
      tags, summary: 'One report; ?reveal=reporter adds the reporters (tipoffs.reporter.read, audited)', params: Id,
      querystring: z.strictObject({ reveal: z.enum(['reporter']).optional() }), response: { 200: ReportView },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'tipoffs.report.read');
    const reveal = req.query.reveal === 'reporter';
    if (reveal && !actor.permissions.has('tipoffs.reporter.read')) {
      throw new AppError('access.forbidden', 'missing permission tipoffs.reporter.read', { permission: 'tipoffs.reporter.read' });
    }
    return tipoffs.inScope(actor, (trx) => reportView(deps, trx, actor, req.params.id, { revealReporter: reveal, ip: req.ip }));
  });

  const transition = <S extends z.ZodType>(path: string, summary: string, body: S, permissions: string[],
    run: (actor: Actor, id: number, body: z.infer<S>) => (trx: Parameters<Parameters<typeof tipoffs.inScope>[1]>[0]) => Promise<void>) => {
    r.post(`/api/tipoffs/reports/:id/${path}`, { schema: { tags, summary, params: Id, body, response: { 200: ReportView } } }, async (req) => {
      const actor = requireAny(req, ...permissions);
      await tipoffs.inScope(actor, run(actor, req.params.id, req.body as z.infer<S>));
      return view(actor, req.params.id);
    });
  };

  transition('triage', 'Triage (判定): accept, or refuse with the reason and where to go instead',
    z.intersection(TriageInput, z.object(Version)), ['tipoffs.report.triage'], (a, id, b) => (trx) => triage(deps, trx, a, id, b));
  transition('assign', 'Assign to the county where it happened: transfer (转办) or assign (交办, with deadline and report back)',
    AssignInput.extend(Version), ['tipoffs.report.assign'], (a, id, b) => (trx) => assign(deps, trx, a, id, b));
  transition('verify', 'Record the on-site verification (现场核查) with evidence',
    VerifyInput.extend(Version), ['tipoffs.report.handle'], (a, id, b) => (trx) => verify(deps, trx, a, id, b));
  transition('dispose', 'Record the disposal (处置): no violation / stopped and rectified / case filed with its number',
    DisposeInput.extend(Version), ['tipoffs.report.handle'], (a, id, b) => (trx) => dispose(deps, trx, a, id, b));
  transition('feedback', 'Give the feedback (反馈) to every reporter, merged ones included (SMS / e-mail)',
    FeedbackInput.extend(Version), ['tipoffs.report.handle', 'tipoffs.report.assign'], (a, id, b) => (trx) => feedback(deps, trx, a, id, b));
  transition('close', 'Close out (销号): needs disposal, evidence and feedback, signed off by the level that assigned it',
    CloseInput.extend(Version), ['tipoffs.report.close'], (a, id, b) => (trx) => close(deps, trx, a, id, b));
  transition('merge', 'Merge into an open report (合并重复件); the reporters are kept and all get the feedback',
    MergeInput.extend(Version), ['tipoffs.report.triage'], (a, id, b) => (trx) => merge(deps, trx, a, id, b));
  transition('evidence', 'Attach more evidence (补充证据): upload ids from POST /api/files',
    EvidenceInput.extend(Version), ['tipoffs.report.handle'], (a, id, b) => (trx) => addEvidence(deps, trx, a, id, b));

  r.post('/api/tipoffs/reports/:id/duplicates/:proposalId/dismiss', {
    schema: { tags, summary: 'Not a duplicate (非重复): dismiss a merge proposal', params: Id.extend({ proposalId: z.coerce.number().int().positive() }), response: { 200: ReportView } },
  }, async (req) => {
    const actor = requirePermission(req, 'tipoffs.report.triage');
    await tipoffs.inScope(actor, (trx) => dismissDuplicate(deps, trx, actor, req.params.id, req.params.proposalId));
    return view(actor, req.params.id);
  });

  r.get('/api/tipoffs/reports/:id/files/:fileId', {
    schema: { tags, summary: 'An attachment or evidence file of the report', params: Id.extend({ fileId: z.uuid() }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'tipoffs.report.read');
    await tipoffs.inScope(actor, async (trx) => {
      const f = await trx.selectFrom('tipoffs.files').select('id').where('reportId', '=', req.params.id).where('fileId', '=', req.params.fileId).executeTakeFirst();
      if (!f) throw new AppError('tipoffs.file_not_found', `file ${req.params.fileId} is not attached to report ${req.params.id}`, { field: 'fileId' });
    });
    // The reporter uploaded it outside any staff scope; access was decided by the report above.
    const upload = await withContext(platform.db, SYSTEM_CONTEXT, (trx) => platform.files.getUpload(trx, req.params.fileId));
    const stream = await platform.files.openContent(upload.sha256);
    return reply.type(upload.mime).header('x-content-type-options', 'nosniff')
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(upload.name)}`).send(stream);
  });

  r.get('/api/tipoffs/warnings', {
    schema: {
      tags, summary: 'Stage warnings (环节预警) in your scope',
      querystring: z.strictObject({ open: z.enum(['true', 'false']).default('true'), level: z.enum(['yellow', 'red']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.object({ items: z.array(WarningView) }) },
    },
  }, async (req) => {
    const actor = requirePermission(req, 'tipoffs.report.read');
    return { items: await tipoffs.inScope(actor, (trx) => listWarnings(trx, { open: req.query.open === 'true', level: req.query.level, limit: req.query.limit })) };
  });

  r.post('/api/tipoffs/warnings/scan', {
    schema: { tags, summary: 'Run the deadline scan now (it also runs every 15 minutes)', response: { 200: z.object({ scanned: z.number(), raised: z.number(), cleared: z.number() }) } },
  }, async (req) => {
    requireAny(req, 'tipoffs.report.triage', 'tipoffs.settings.manage');
    return tipoffs.scanDeadlines();
  });

  r.get('/api/tipoffs/settings', {
    schema: { tags, summary: 'Settings that apply in your scope (stage limits, duplicates, PoW, rising areas)', response: { 200: Settings } },
  }, async (req) => {
    const actor = requireAny(req, 'tipoffs.report.read', 'tipoffs.settings.manage');
    return tipoffs.inScope(actor, (trx) => settingsFor(trx, actor.scopePath ?? 'cn'));
  });

  r.put('/api/tipoffs/settings', {
    schema: { tags, summary: 'Set the settings of your scope (the nearest ancestor row applies below it)', body: Settings, response: { 200: Settings } },
  }, async (req) => {
    const actor = requirePermission(req, 'tipoffs.settings.manage');
    const path = actor.scopePath;
    if (!path) throw new AppError('access.forbidden', 'your post has no scope', { permission: 'tipoffs.settings.manage' });
    const b = req.body;
    return tipoffs.inScope(actor, async (trx) => {
      const row = {
        stageDays: JSON.stringify(b.stageDays), warnDays: b.warnDays, duplicateDistanceM: b.duplicateDistanceM, duplicateWindowDays: b.duplicateWindowDays,
        powDifficulty: b.powDifficulty, surgeWeeks: b.surgeWeeks, surgeHistoryWeeks: b.surgeHistoryWeeks, surgeK: b.surgeK, updatedBy: actor.userId,
      };
      await trx.insertInto('tipoffs.settings').values({ orgPath: path, ...row })
        .onConflict((oc) => oc.column('orgPath').doUpdateSet({ ...row, updatedAt: new Date() })).execute();
      await platform.audit.record(trx, actor, { action: 'tipoffs.settings.updated', entityType: 'tipoffs.settings', entityId: path, orgPath: path, details: b });
      return settingsFor(trx, path);
    });
  });
};
