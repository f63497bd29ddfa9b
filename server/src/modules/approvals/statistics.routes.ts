import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { sendXlsx, toXlsx } from '../../platform/export/xlsx.ts';
import type { ApprovalsRouteOptions } from './approvals.routes.ts';
import { chinaDay } from './deadlines.ts';
import { approvalStatistics, statsColumns, statsSheetRows, statsText } from './statistics.ts';

const tags = ['approvals'];
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
const Query = z.strictObject({
  groupBy: z.enum(['org', 'matter', 'month']).default('org'),
  from: day.optional().describe('first day (CST), default 1 January of this year'),
  to: day.optional().describe('last day (CST), default today'),
  matterCode: z.string().min(4).max(60).optional(),
});
const Ratings = z.object({ 1: z.number(), 2: z.number(), 3: z.number(), 4: z.number(), 5: z.number() });
const Figures = z.object({
  received: z.number(), accepted: z.number(), completed: z.number(), completionRate: z.number().nullable(),
  onTime: z.number(), onTimeRate: z.number().nullable(), early: z.number(), earlyRate: z.number().nullable(),
  avgWorkdays: z.number().nullable(), savedDays: z.number(), savedDaysPerCase: z.number().nullable(),
  ratings: Ratings, ratingCount: z.number(), badRatingRate: z.number().nullable(),
});
export const StatisticsView = z.object({
  groupBy: z.enum(['org', 'matter', 'month']), from: z.string(), to: z.string(), scopePath: z.string(),
  rows: z.array(Figures.extend({ key: z.string(), label: z.string() })), total: Figures,
});

export const statisticsRoutes: FastifyPluginAsync<ApprovalsRouteOptions> = async (app, { approvals }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = approvals;

  const compute = (req: Parameters<typeof requirePermission>[0], q: z.infer<typeof Query>) => {
    const actor = requirePermission(req, 'approvals.statistics.read');
    if (!actor.scopePath) throw new AppError('access.out_of_scope', 'no scope');
    const today = chinaDay(new Date());
    const period = { groupBy: q.groupBy, from: q.from ?? `${today.slice(0, 4)}-01-01`, to: q.to ?? today, matterCode: q.matterCode };
    return approvals.inScope(actor, (trx) => approvalStatistics(deps, trx, actor.scopePath!, period));
  };

  r.get('/api/approvals/statistics', {
    schema: {
      tags, summary: 'Approval statistics of the active post’s subtree per org unit, matter or month (审批统计): received, accepted, completed, on-time and early rates, working days used and saved, ratings',
      querystring: Query, response: { 200: StatisticsView },
    },
  }, async (req) => compute(req, req.query));

  r.get('/api/approvals/statistics.xlsx', {
    schema: {
      tags, summary: 'The same statistics as an Excel workbook (导出 Excel); headers in Chinese, lang=en-US for English',
      querystring: Query.extend({ lang: z.enum(['zh-CN', 'en-US']).default('zh-CN') }),
    },
  }, async (req, reply) => {
    const { lang, ...q } = req.query;
    const s = await compute(req, q);
    const body = await toXlsx([{ name: `${statsText('sheet', lang)} ${s.from}~${s.to}`, columns: statsColumns(s.groupBy, lang), rows: statsSheetRows(s, lang) }]);
    return sendXlsx(reply, `${statsText('sheet', lang)}_${s.groupBy}_${s.from}_${s.to}.xlsx`, body);
  });
};
