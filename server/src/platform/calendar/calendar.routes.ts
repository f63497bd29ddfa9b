import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorContext, requirePermission } from '../http/actor.ts';
import { withContext } from '../db/context.ts';
import type { RouteOptions } from '../platform.ts';

const DateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const Year = z.coerce.number().int().min(1949).max(2200);
const Day = z.object({
  date: z.string(), workday: z.boolean().nullable(), name: z.string(), source: z.enum(['override', 'chinese-days', 'weekday', 'provisional']),
  provisional: z.boolean().optional().describe('true in a year not covered yet: 放假办法 holidays and weekends, 调休 not known (预计)'),
});
const Override = z.object({ date: z.string(), kind: z.enum(['workday', 'holiday']), name: z.string(), createdBy: z.number().nullable(), updatedAt: z.string() });
const CoveredYear = z.object({ year: z.number(), source: z.enum(['chinese-days', 'override']), note: z.string() });
const MANAGE = 'platform.calendar.manage';

const presentOverride = (o: { date: string; kind: 'workday' | 'holiday'; name: string; createdBy: number | null; updatedAt: Date }) =>
  ({ date: o.date, kind: o.kind, name: o.name, createdBy: o.createdBy, updatedAt: o.updatedAt.toISOString() });

export const calendarRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { calendar } = platform;
  const publicLimit = { rateLimit: { max: 600, timeWindow: '1 minute' } };

  // Public: the portal and other systems compute statutory deadlines with it.
  r.get('/api/calendar/add-workdays', {
    config: publicLimit,
    schema: {
      tags: ['calendar'], summary: 'The Nth working day after a date; the date itself is not counted (工作日推算)',
      querystring: z.strictObject({ from: DateStr, days: z.coerce.number().int().min(0).max(3650) }),
      response: { 200: z.object({ date: z.string(), provisional: z.boolean().optional().describe('true when the date may move once its year is declared (预计)') }) },
    },
  }, async (req) => {
    const date = await calendar.addWorkdays(req.query.from, req.query.days);
    return (await calendar.isProvisional(date)) ? { date, provisional: true } : { date };
  });

  r.get('/api/calendar/workday', {
    config: publicLimit,
    schema: {
      tags: ['calendar'], summary: 'Whether a date is a working day, and why (是否工作日)',
      querystring: z.strictObject({ date: DateStr }),
      response: { 200: Day },
    },
  }, async (req) => calendar.day(req.query.date));

  r.get('/api/calendar/days', {
    schema: {
      tags: ['calendar'], summary: 'Every day of a month for the calendar grid (security admin)',
      querystring: z.strictObject({ year: Year, month: z.coerce.number().int().min(1).max(12) }),
      response: { 200: z.object({ year: z.number(), month: z.number(), covered: z.boolean(), days: z.array(Day) }) },
    },
  }, async (req) => {
    requirePermission(req, MANAGE);
    const { year, month } = req.query;
    return { year, month, ...(await calendar.listDays(year, month)) };
  });

  r.get('/api/calendar/overrides', {
    schema: {
      tags: ['calendar'], summary: 'Overrides of a year (日历调整)',
      querystring: z.strictObject({ year: Year }),
      response: { 200: z.array(Override) },
    },
  }, async (req) => {
    requirePermission(req, MANAGE);
    return (await calendar.listOverrides(req.query.year)).map(presentOverride);
  });

  r.post('/api/calendar/overrides', {
    schema: {
      tags: ['calendar'], summary: 'Set a day as working day or holiday, winning over the State Council data',
      body: z.strictObject({ date: DateStr, kind: z.enum(['workday', 'holiday']), name: z.string().trim().min(1).max(100) }),
      response: { 200: Override },
    },
  }, async (req) => {
    const actor = requirePermission(req, MANAGE);
    const row = await withContext(platform.db, actorContext(actor), (trx) => calendar.setOverride(trx, actor, req.body));
    calendar.invalidate();
    return presentOverride(row);
  });

  r.delete('/api/calendar/overrides/:date', {
    schema: { tags: ['calendar'], summary: 'Remove an override', params: z.strictObject({ date: DateStr }), response: { 204: z.null() } },
  }, async (req, reply) => {
    const actor = requirePermission(req, MANAGE);
    await withContext(platform.db, actorContext(actor), (trx) => calendar.deleteOverride(trx, actor, req.params.date));
    calendar.invalidate();
    return reply.status(204).send(null);
  });

  r.get('/api/calendar/years', {
    schema: { tags: ['calendar'], summary: 'Years the calendar covers', response: { 200: z.array(CoveredYear) } },
  }, async (req) => {
    requirePermission(req, MANAGE);
    return calendar.listYears();
  });

  r.post('/api/calendar/years', {
    schema: {
      tags: ['calendar'], summary: 'Declare a year covered after entering its holidays as overrides',
      body: z.strictObject({ year: z.number().int().min(1949).max(2200), note: z.string().trim().min(1).max(500) }),
      response: { 200: CoveredYear },
    },
  }, async (req) => {
    const actor = requirePermission(req, MANAGE);
    const row = await withContext(platform.db, actorContext(actor), (trx) => calendar.declareYear(trx, actor, req.body));
    calendar.invalidate();
    // Open deadlines computed provisionally are recomputed now; the handlers whose dates moved are told.
    await calendar.yearDeclared(row.year);
    return row;
  });
};
