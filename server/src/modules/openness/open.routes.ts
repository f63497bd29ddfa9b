/**
 * Open JSON API (/api/open/...): the published directory, letters and surveys, the annual
 * reports, the performance board (JSON and CSV), and the public's writes — a letter (proof of
 * work), the writer's check and rating, a survey vote (signed-in public account).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { issuePow, spendPow } from '../../platform/pow/pow.ts';
import { AppError } from '../../platform/http/errors.ts';
import { requireActor } from '../../platform/http/actor.ts';
import { CATEGORIES } from './categories.ts';
import { boardCsv } from './performance.ts';
import type { OpennessRouteOptions } from './openness.routes.ts';

const tags = ['openness'];
export const LETTER_POW_BINDING = 'openness.letter';
export const LETTER_POW_DIFFICULTY = 14;
const MONTH = z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM');
export const LetterBody = z.object({
  kind: z.enum(['mailbox', 'consult']),
  orgUnitId: z.number().int().min(1),
  subject: z.string().trim().min(2).max(100),
  body: z.string().trim().min(5).max(5000),
  writerName: z.string().trim().min(1).max(50),
  writerPhone: z.string().regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number'),
  consentPublish: z.boolean(),
  pow: z.object({ challenge: z.string().max(500), nonce: z.string().max(40) }),
});
const iso = <T extends Record<string, unknown>>(r: T) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])) as T;

export const openRoutes: FastifyPluginAsync<OpennessRouteOptions> = async (app, { platform, openness }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/open/categories', { schema: { tags, summary: '主动公开 categories and their 索引号 codes' } },
    async () => Object.entries(CATEGORIES).map(([code, c]) => ({ code, ...c })));

  r.get('/api/open/directory', {
    schema: { tags, summary: 'Published entries of the 政府信息公开目录', querystring: z.object({
      divisionCode: z.string().regex(/^\d{6,9}$/).optional(), category: z.string().max(10).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20), offset: z.coerce.number().int().min(0).max(100000).default(0),
    }) },
  }, async (req) => {
    const { rows, total } = await openness.asPublic((trx) => openness.listPublished(trx, req.query));
    return { total, rows: rows.map(iso) };
  });

  r.get('/api/open/directory/:indexNo', { schema: { tags, summary: 'One published entry by 索引号', params: z.object({ indexNo: z.string().max(40) }) } }, async (req) => {
    const e = await openness.asPublic((trx) => openness.findPublished(trx, req.params.indexNo));
    if (!e) throw new AppError('openness.entry_not_found', `indexNo: no published entry ${req.params.indexNo}`, { field: 'indexNo' });
    return iso(e);
  });

  r.get('/api/open/reports', { schema: { tags, summary: '政府信息公开工作年度报告 published', querystring: z.object({ divisionCode: z.string().regex(/^\d{6,9}$/).optional() }) } },
    async (req) => (await openness.asPublic((trx) => openness.listReports(trx, req.query.divisionCode))).map(iso));

  r.get('/api/open/performance', {
    schema: { tags, summary: 'The 阳光 performance board: per county and month, live from the modules\' data', querystring: z.object({
      from: MONTH.optional(), to: MONTH.optional(), under: z.string().regex(/^\d{6}$/).optional(), format: z.enum(['json', 'csv']).default('json'),
    }) },
  }, async (req, reply) => {
    const { format, ...q } = req.query;
    const board = await openness.asSystem((trx) => openness.performanceBoard(trx, q));
    void reply.header('cache-control', 'public, max-age=60');
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="sunshine-${board.from}-${board.to}.csv"`).send(boardCsv(board));
    }
    return board;
  });

  r.get('/api/open/letters', { schema: { tags, summary: 'Published letters and replies (personal data removed)', querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }) } },
    async (req) => (await openness.asSystem((trx) => openness.listPublishedLetters(trx, req.query.limit))).map(iso));

  r.get('/api/open/letters/challenge', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags, summary: 'A proof-of-work challenge for writing a letter: sha256(challenge + nonce) with `difficulty` leading zero bits' },
  }, async (_req, reply) => {
    void reply.header('cache-control', 'no-store');
    return issuePow(platform.db, LETTER_POW_BINDING, LETTER_POW_DIFFICULTY, 10 * 60_000);
  });

  r.post('/api/open/letters', {
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Write to the 局长信箱 or ask (咨询); answers the letter number and the query code (shown once)', body: LetterBody },
  }, async (req, reply) => {
    const { pow, ...input } = req.body;
    const out = await openness.asSystem(async (trx) => {
      if (!(await spendPow(trx, pow, LETTER_POW_BINDING, LETTER_POW_DIFFICULTY))) {
        throw new AppError('openness.pow_required', 'pow: solve a fresh challenge from /api/open/letters/challenge', { field: 'pow' });
      }
      return openness.receiveLetter(trx, input);
    });
    return reply.status(201).header('cache-control', 'no-store').send(out);
  });

  r.post('/api/open/letters/check', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { tags, summary: 'The writer reads the letter and the reply (letter number + query code)', body: z.object({ letterNo: z.string().max(20), queryCode: z.string().max(20) }) },
  }, async (req, reply) => {
    const l = await openness.asSystem((trx) => openness.writerView(trx, req.body.letterNo, req.body.queryCode));
    void reply.header('cache-control', 'no-store');
    return { letterNo: l.letterNo, kind: l.kind, subject: l.subject, body: l.body, status: l.status, receivedOn: l.receivedOn, dueDate: l.dueDate, reply: l.reply, repliedOn: l.repliedOn, rating: l.rating };
  });

  r.post('/api/open/letters/rate', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { tags, summary: 'The writer rates the reply once (满意度 1–5)', body: z.object({
      letterNo: z.string().max(20), queryCode: z.string().max(20), rating: z.number().int().min(1).max(5), comment: z.string().trim().max(500).nullable().default(null),
    }) },
  }, async (req) => openness.asSystem((trx) => openness.rateLetter(trx, req.body.letterNo, req.body.queryCode, req.body.rating, req.body.comment)));

  r.get('/api/open/surveys', { schema: { tags, summary: 'Open and closed surveys with their results' } },
    async () => openness.asPublic(async (trx) => Promise.all((await openness.listSurveys(trx, { publicOnly: true })).map((s) => openness.surveyResults(trx, s.id)))));

  r.post('/api/open/surveys/:id/vote', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Vote (signed-in public account; once per survey)', params: z.object({ id: z.coerce.number().int().min(1) }), body: z.object({ optionKey: z.string().max(10) }) },
  }, async (req) => {
    const a = requireActor(req);
    if (a.kind !== 'public') throw new AppError('access.forbidden', 'surveys are answered by the public with their own account');
    return openness.asPublic((trx) => openness.vote(trx, a, req.params.id, req.body.optionKey));
  });
};
