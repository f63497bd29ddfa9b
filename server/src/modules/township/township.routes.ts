/**
 * Township HTTP surface (README.md): the township clerk's entries, notices and questions; the
 * county's notices and answers; 网上督察 for the county and the city, with its Excel export.
 * Every answer is small: a township office sits on a slow link.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { requireActor, requirePermission, type Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { toXlsx, sendXlsx } from '../../platform/export/xlsx.ts';
import { chinaDay, type SupervisionRow, type TownshipService } from './township.service.ts';

export interface TownshipRouteOptions extends RouteOptions {
  township: TownshipService;
}

const tags = ['township'];
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const EntryInput = z.object({
  kind: z.enum(['patrol', 'land_change']),
  finding: z.enum(['illegal_building', 'small_mine', 'hazard_sign', 'nothing_found', 'land_change']),
  place: text(2, 200),
  description: text(2, 2000),
  observedOn: DATE,
  lon: z.number().min(73).max(136).nullable().default(null),
  lat: z.number().min(3).max(54).nullable().default(null),
  report: z.boolean().default(true),
});
const IdNum = z.object({ id: z.coerce.number().int().min(1) });

function requireAny(req: FastifyRequest, permissions: string[]): Actor {
  const actor = requireActor(req);
  if (!permissions.some((p) => actor.permissions.has(p))) throw new AppError('access.forbidden', `missing permission ${permissions.join(' or ')}`, { permission: permissions[0] });
  return actor;
}

export const townshipRoutes: FastifyPluginAsync<TownshipRouteOptions> = async (app, { platform, township }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  platform.todos.register('township', (trx, actor) => township.todos(trx, actor));

  r.get('/api/township/overview', { schema: { tags, summary: 'The township workbench: counts of what is waiting (乡镇工作台)' } }, async (req) => {
    const actor = requirePermission(req, 'township.entry.file');
    return township.inScope(actor, (trx) => township.overview(trx, actor));
  });

  r.get('/api/township/entries', {
    schema: { tags, summary: 'Entries of the township (or, for the county and city, of their townships)', querystring: z.object({
      status: z.enum(['draft', 'reported']).optional(), township: z.string().regex(/^\d{9}$/).optional(), limit: z.coerce.number().int().min(1).max(200).default(50),
    }) },
  }, async (req) => {
    const actor = requireAny(req, ['township.entry.file', 'township.supervision.read']);
    return township.inScope(actor, (trx) => township.listEntries(trx, req.query));
  });

  r.post('/api/township/entries', { schema: { tags, summary: 'File a patrol finding or a land-use change note (填报), reported at once unless report=false', body: EntryInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'township.entry.file');
    return reply.status(201).send(await township.inScope(actor, (trx) => township.fileEntry(trx, actor, req.body)));
  });

  r.put('/api/township/entries/:id', {
    schema: { tags, summary: 'Change a draft entry, or report it (上报)', params: z.object({ id: z.string().uuid() }), body: EntryInput },
  }, async (req) => {
    const actor = requirePermission(req, 'township.entry.file');
    return township.inScope(actor, (trx) => township.updateEntry(trx, actor, req.params.id, req.body));
  });

  r.get('/api/township/notices', { schema: { tags, summary: 'Notices: the county\'s to its townships (with this township\'s read receipt) and the townships\' own' } }, async (req) => {
    const actor = requirePermission(req, 'township.notice.read');
    return township.inScope(actor, (trx) => township.listNotices(trx, actor));
  });

  r.get('/api/township/notices/:id', { schema: { tags, summary: 'One notice; a township opening a county notice leaves its read receipt (已阅)', params: IdNum } }, async (req) => {
    const actor = requirePermission(req, 'township.notice.read');
    return township.inScope(actor, (trx) => township.openNotice(trx, actor, req.params.id));
  });

  r.post('/api/township/notices', {
    schema: { tags, summary: 'Publish a notice: a county bureau to its townships, a township its own (handed to the portal for review)', body: z.object({
      title: text(2, 200), body: text(2, 20000), columnKind: z.enum(['notice', 'news']).default('notice'), readBy: DATE.nullable().default(null),
    }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'township.notice.publish');
    return reply.status(201).send(await township.inScope(actor, (trx) => township.publishNotice(trx, actor, req.body)));
  });

  r.get('/api/township/messages', {
    schema: { tags, summary: 'Questions to the county and their answers (站内信)', querystring: z.object({ open: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  }, async (req) => {
    const actor = requireAny(req, ['township.message.ask', 'township.message.answer']);
    return township.inScope(actor, (trx) => township.listMessages(trx, { open: req.query.open === 'true', limit: req.query.limit }));
  });

  r.post('/api/township/messages', { schema: { tags, summary: 'Ask the county (answer due in working days)', body: z.object({ subject: text(2, 200), question: text(2, 4000) }) } }, async (req, reply) => {
    const actor = requirePermission(req, 'township.message.ask');
    return reply.status(201).send(await township.inScope(actor, (trx) => township.ask(trx, actor, req.body)));
  });

  r.post('/api/township/messages/:id/answer', { schema: { tags, summary: 'Answer a township\'s question (县局答复)', params: IdNum, body: z.object({ answer: text(2, 4000) }) } }, async (req) => {
    const actor = requirePermission(req, 'township.message.answer');
    return township.inScope(actor, (trx) => township.answer(trx, actor, req.params.id, req.body.answer));
  });

  const Year = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
  const yearOf = (q: { year?: number | undefined }) => q.year ?? Number(chinaDay(new Date()).slice(0, 4));

  r.get('/api/township/supervision', { schema: { tags, summary: '网上督察: activity of every township in scope, ranked for the yearly assessment', querystring: Year } }, async (req) => {
    const actor = requirePermission(req, 'township.supervision.read');
    const year = yearOf(req.query);
    return { year, townships: await township.inScope(actor, (trx) => township.supervision(trx, year)) };
  });

  r.get('/api/township/supervision.xlsx', { schema: { tags, summary: 'The same figures as Excel (网上督察导出)', querystring: Year } }, async (req, reply) => {
    const actor = requirePermission(req, 'township.supervision.read');
    const year = yearOf(req.query);
    const rows = await township.inScope(actor, (trx) => township.supervision(trx, year));
    type Row = SupervisionRow & { score: number; rank: number };
    const body = await toXlsx([{
      name: `网上督察 ${year}`, rows, columns: [
        { header: '排名', value: (x: Row) => x.rank }, { header: '乡镇国土所', value: (x: Row) => x.name, width: 28 }, { header: '区划代码', value: (x: Row) => x.code, width: 12 },
        { header: '年度得分', value: (x: Row) => x.score }, { header: '最近活动', value: (x: Row) => x.lastActivity },
        { header: '近7日填报', value: (x: Row) => x.entriesWeek }, { header: '近30日填报', value: (x: Row) => x.entriesMonth },
        { header: '近7日上报', value: (x: Row) => x.reportsWeek }, { header: '近30日上报', value: (x: Row) => x.reportsMonth }, { header: '本年上报', value: (x: Row) => x.reportsYear },
        { header: '收到通知', value: (x: Row) => x.noticesReceived }, { header: '已阅', value: (x: Row) => x.noticesRead }, { header: '按期阅知', value: (x: Row) => x.noticesReadOnTime },
        { header: '逾期未阅', value: (x: Row) => x.noticesOverdue }, { header: '发布通知', value: (x: Row) => x.noticesPublished },
        { header: '咨询', value: (x: Row) => x.questionsAsked }, { header: '已答复', value: (x: Row) => x.questionsAnswered },
        { header: '平均答复工作日', value: (x: Row) => x.answerWorkdaysAvg, format: '0.0' }, { header: '逾期未答复', value: (x: Row) => x.questionsOverdue },
      ],
    }]);
    return sendXlsx(reply, `网上督察_${year}.xlsx`, body);
  });
};
