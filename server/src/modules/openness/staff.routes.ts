/**
 * Workbench routes of 政务公开 and 互动交流 (permissions openness.*): directory entries with review,
 * letters (answer, publish masked), surveys, and the annual report.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../platform/http/actor.ts';
import type { OpennessRouteOptions } from './openness.routes.ts';

const tags = ['openness'];
const Id = z.object({ id: z.coerce.number().int().min(1) });
const LetterNo = z.object({ letterNo: z.string().regex(/^XX\d{8}[0-9A-F]{6}$/) });
const EntryInput = z.object({
  category: z.string().max(10),
  title: z.string().trim().min(2).max(200),
  docNo: z.string().trim().max(60).nullable().default(null),
  body: z.string().trim().min(1).max(50000),
});
const iso = <T extends Record<string, unknown>>(r: T) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])) as T;

export const staffRoutes: FastifyPluginAsync<OpennessRouteOptions> = async (app, { openness }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const entryRead = (req: Parameters<typeof requirePermission>[0]) => {
    const a = req.actor;
    return a && (a.permissions.has('openness.entry.edit') || a.permissions.has('openness.entry.review')) ? a : requirePermission(req, 'openness.entry.edit');
  };

  r.get('/api/openness/entries', { schema: { tags, summary: 'Directory entries of the scope (政府信息公开目录)', querystring: z.object({ status: z.enum(['draft', 'submitted', 'returned', 'published', 'withdrawn']).optional() }) } },
    async (req) => { const a = entryRead(req); return (await openness.inScope(a, (trx) => openness.listEntries(trx, req.query))).map(iso); });
  r.post('/api/openness/entries', { schema: { tags, summary: 'Write an entry (拟稿)', body: EntryInput } }, async (req, reply) => {
    const a = requirePermission(req, 'openness.entry.edit');
    return reply.status(201).send(iso(await openness.inScope(a, (trx) => openness.createEntry(trx, a, req.body))));
  });
  r.put('/api/openness/entries/:id', { schema: { tags, summary: 'Edit a draft or returned entry', params: Id, body: EntryInput } }, async (req) => {
    const a = requirePermission(req, 'openness.entry.edit');
    return iso(await openness.inScope(a, (trx) => openness.updateEntry(trx, a, req.params.id, req.body)));
  });
  r.post('/api/openness/entries/:id/submit', { schema: { tags, summary: 'Send for review (送审)', params: Id } }, async (req) => {
    const a = requirePermission(req, 'openness.entry.edit');
    return iso(await openness.inScope(a, (trx) => openness.submitEntry(trx, a, req.params.id)));
  });
  r.post('/api/openness/entries/:id/publish', { schema: { tags, summary: 'Review and publish (审核签发): the 索引号 is given', params: Id } }, async (req) => {
    const a = requirePermission(req, 'openness.entry.review');
    return iso(await openness.inScope(a, (trx) => openness.publishEntry(trx, a, req.params.id)));
  });
  r.post('/api/openness/entries/:id/return', { schema: { tags, summary: 'Return to the editor (退回修改)', params: Id, body: z.object({ note: z.string().trim().min(2).max(1000) }) } }, async (req) => {
    const a = requirePermission(req, 'openness.entry.review');
    return iso(await openness.inScope(a, (trx) => openness.returnEntry(trx, a, req.params.id, req.body.note)));
  });
  r.post('/api/openness/entries/:id/withdraw', { schema: { tags, summary: 'Withdraw a published entry (撤回), record kept', params: Id, body: z.object({ reason: z.string().trim().min(2).max(1000) }) } }, async (req) => {
    const a = requirePermission(req, 'openness.entry.review');
    return iso(await openness.inScope(a, (trx) => openness.withdrawEntry(trx, a, req.params.id, req.body.reason)));
  });

  r.get('/api/openness/letters', { schema: { tags, summary: 'Letters of the scope (来信办理)', querystring: z.object({ status: z.enum(['received', 'answered', 'published']).optional() }) } }, async (req) => {
    const a = requirePermission(req, 'openness.letter.reply');
    const rows = await openness.inScope(a, (trx) => openness.listLetters(trx, req.query));
    return rows.map(({ queryCodeHash: _q, ...l }) => ({ ...iso(l), proposal: l.status === 'answered' ? openness.maskedProposal(l) : null }));
  });
  r.post('/api/openness/letters/:letterNo/reply', { schema: { tags, summary: 'Answer a letter (答复)', params: LetterNo, body: z.object({ reply: z.string().trim().min(5).max(5000) }) } }, async (req) => {
    const a = requirePermission(req, 'openness.letter.reply');
    const { queryCodeHash: _q, ...l } = await openness.inScope(a, (trx) => openness.replyLetter(trx, a, req.params.letterNo, req.body.reply));
    return iso(l);
  });
  r.post('/api/openness/letters/:letterNo/publish', {
    schema: { tags, summary: 'Publish an answered letter with the writer\'s consent, personal data removed (公开)', params: LetterNo,
      body: z.object({ publicSubject: z.string().trim().min(2).max(100).optional(), publicBody: z.string().trim().min(5).max(5000).optional(), publicReply: z.string().trim().min(5).max(5000).optional() }) },
  }, async (req) => {
    const a = requirePermission(req, 'openness.letter.publish');
    const { queryCodeHash: _q, ...l } = await openness.inScope(a, (trx) => openness.publishLetter(trx, a, req.params.letterNo, req.body));
    return iso(l);
  });

  r.get('/api/openness/surveys', { schema: { tags, summary: 'Surveys (网上调查) with their results' } }, async (req) => {
    const a = requirePermission(req, 'openness.survey.manage');
    return openness.inScope(a, async (trx) => Promise.all((await openness.listSurveys(trx, { publicOnly: false })).map((s) => openness.surveyResults(trx, s.id))));
  });
  r.post('/api/openness/surveys', {
    schema: { tags, summary: 'Create a survey (发起网上调查)', body: z.object({
      title: z.string().trim().min(2).max(200), description: z.string().trim().max(5000).default(''),
      options: z.array(z.string().trim().min(1).max(100)).min(2).max(20), closesOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
    }) },
  }, async (req, reply) => {
    const a = requirePermission(req, 'openness.survey.manage');
    return reply.status(201).send(iso(await openness.inScope(a, (trx) => openness.createSurvey(trx, a, req.body))));
  });
  r.post('/api/openness/surveys/:id/status', { schema: { tags, summary: 'Open or close a survey', params: Id, body: z.object({ status: z.enum(['open', 'closed']) }) } }, async (req) => {
    const a = requirePermission(req, 'openness.survey.manage');
    return iso(await openness.inScope(a, (trx) => openness.setSurveyStatus(trx, a, req.params.id, req.body.status)));
  });

  r.get('/api/openness/reports/figures', { schema: { tags, summary: 'Figures of the bureau\'s 政府信息公开工作年度报告 for a year, computed now', querystring: z.object({ year: z.coerce.number().int() }) } }, async (req) => {
    const a = requirePermission(req, 'openness.entry.review');
    return openness.inScope(a, (trx) => openness.reportFigures(trx, a, req.query.year));
  });
  r.post('/api/openness/reports', { schema: { tags, summary: 'Issue and publish the year\'s 政府信息公开工作年度报告 (PDF)', body: z.object({ year: z.number().int() }) } }, async (req, reply) => {
    const a = requirePermission(req, 'openness.entry.review');
    return reply.status(201).send(await openness.inScope(a, (trx) => openness.issueReport(trx, a, req.body.year)));
  });
};
