/**
 * Statistics HTTP surface (permissions statistics.*): forms, the unit's own reports (fill, check,
 * submit, Excel, the dataValueSets machine API), review by the level above, roll-ups and
 * completeness with Excel export.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { statisticsTodos } from './todos.ts';
import type { RouteOptions } from '../../platform/platform.ts';
import { requirePermission } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { sendXlsx, toXlsx } from '../../platform/export/xlsx.ts';
import type { StatisticsService } from './statistics.service.ts';
import { buildTemplate, parseUpload } from './statistics.excel.ts';

export interface StatisticsRouteOptions extends RouteOptions {
  statistics: StatisticsService;
}

const tags = ['statistics'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FormCode = z.string().regex(/^[A-Z][A-Z0-9_-]{1,19}$/, 'a form code such as TDGY');
const PeriodCode = z.string().regex(/^\d{4}(0[1-9]|1[0-2]|Q[1-4]|S[12])?$/, 'a period such as 202611, 2026Q3, 2026S1 or 2026');
const Own = z.object({ form: FormCode, period: PeriodCode });
const Id = z.object({ id: z.coerce.number().int().min(1).max(2 ** 53) });
const Level = z.enum(['country', 'province', 'city', 'county', 'township']);
const CellValue = z.union([z.number(), z.string().max(40), z.null()]);
const Values = z.record(z.string().max(41), CellValue).refine((v) => Object.keys(v).length <= 5000, 'at most 5000 cells');

export const statisticsRoutes: FastifyPluginAsync<StatisticsRouteOptions> = async (app, { statistics, platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  platform.todos.register('statistics', statisticsTodos());
  app.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: platform.env.FILE_MAX_BYTES }, (_req, body, done) => done(null, body));

  r.get('/api/statistics/forms', { schema: { tags, summary: 'Report forms (统计报表目录)' } }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.read');
    return statistics.inScope(actor, (trx) => statistics.listForms(trx));
  });

  r.get('/api/statistics/forms/:form', {
    schema: { tags, summary: 'A form with its body (表式) of a version (default the newest)', params: z.object({ form: FormCode }), querystring: z.object({ version: z.coerce.number().int().min(1).optional() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.read');
    return statistics.inScope(actor, (trx) => statistics.getForm(trx, req.params.form, req.query.version));
  });

  r.post('/api/statistics/forms/:form/versions', {
    schema: { tags, summary: 'A new version of the form body (表式修订); opened periods keep theirs', params: z.object({ form: FormCode }), body: z.object({ definition: z.unknown(), note: z.string().max(500).nullable().default(null) }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'statistics.form.manage');
    return reply.status(201).send(await statistics.inScope(actor, (trx) => statistics.addVersion(trx, actor, req.params.form, req.body.definition, req.body.note)));
  });

  r.post('/api/statistics/forms/:form/assignments', {
    schema: {
      tags, summary: 'Name a reporting unit of the form (报送单位) from a day on', params: z.object({ form: FormCode }),
      body: z.object({ orgPath: z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/), divisionCode: z.string().regex(/^\d{6}(\d{3})?$/), unitName: z.string().trim().min(2).max(100), validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'statistics.form.manage');
    return reply.status(201).send(await statistics.inScope(actor, (trx) => statistics.assign(trx, actor, req.params.form, req.body)));
  });

  // The unit's own reports.
  r.get('/api/statistics/my', { schema: { tags, summary: 'Forms my unit reports, with recent periods (本单位报表)' } }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.fill');
    return statistics.inScope(actor, (trx) => statistics.myForms(trx, actor));
  });

  r.get('/api/statistics/my/:form/:period', { schema: { tags, summary: 'My unit\'s report of a form and period, with computed cells and the check report', params: Own } }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.fill');
    return statistics.inScope(actor, (trx) => statistics.openOwn(trx, actor, req.params.form, req.params.period));
  });

  r.put('/api/statistics/my/:form/:period/values', {
    schema: { tags, summary: 'Save cell values (auto-save); all or nothing, every bad cell named; null clears', params: Own, body: z.object({ values: Values }) },
  }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.fill');
    return statistics.inScope(actor, (trx) => statistics.saveValues(trx, actor, req.params.form, req.params.period, req.body.values));
  });

  r.post('/api/statistics/my/:form/:period/derived', { schema: { tags, summary: 'Fill the cells other modules know (由业务系统取数)', params: Own } }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.fill');
    return statistics.inScope(actor, (trx) => statistics.refreshDerived(trx, actor, req.params.form, req.params.period));
  });

  r.post('/api/statistics/my/:form/:period/submit', {
    schema: {
      tags, summary: 'Submit (审核上报): hard checks block, soft ones need an explanation (上报说明); signed by the unit head and statistician', params: Own,
      body: z.object({
        explanations: z.record(z.string().max(80), z.string().max(1000)).default({}),
        responsiblePerson: z.string().trim().min(2).max(40), statistician: z.string().trim().min(2).max(40),
        phone: z.string().trim().max(20).nullable().default(null), expectedRevision: z.number().int().min(0).optional(),
      }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.fill');
    return statistics.inScope(actor, (trx) => statistics.submit(trx, actor, req.params.form, req.params.period, req.body));
  });

  r.get('/api/statistics/my/:form/:period/template.xlsx', {
    schema: { tags, summary: 'The form as an Excel template (报表模板), with the values so far when filled=1', params: Own, querystring: z.object({ filled: z.enum(['0', '1']).default('0') }) },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'statistics.report.fill');
    const t = await statistics.inScope(actor, (trx) => statistics.templateOf(trx, actor, req.params.form, req.params.period));
    return sendXlsx(reply, `${t.form.name}-${t.period.period}.xlsx`, await buildTemplate(t, req.query.filled === '1'));
  });

  r.post('/api/statistics/my/:form/:period/excel', {
    schema: {
      tags, summary: 'Upload a filled template (body: the .xlsx): dryRun=1 lists every error by sheet and cell; otherwise all or nothing',
      params: Own, querystring: z.object({ dryRun: z.enum(['0', '1']).default('1') }), consumes: [XLSX],
    },
  }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.fill');
    if (!Buffer.isBuffer(req.body)) throw new AppError('request.unsupported_media_type', `file: send the workbook as ${XLSX}`, { field: 'file' });
    const buf = req.body;
    return statistics.inScope(actor, async (trx) => {
      const t = await statistics.templateOf(trx, actor, req.params.form, req.params.period);
      const parsed = await parseUpload(buf, t);
      return statistics.importCells(trx, actor, req.params.form, req.params.period, parsed.cells, parsed.errors, parsed.addressOf, req.query.dryRun === '1');
    });
  });

  r.post('/api/statistics/dataValueSets', {
    schema: {
      tags, summary: 'Post values like DHIS2 dataValueSets (dataSet = form code, dataElement = row, categoryOptionCombo = column); all or nothing',
      querystring: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
      body: z.object({
        dataSet: FormCode, period: PeriodCode, orgUnit: z.string().max(20).optional(), completeDate: z.string().max(30).optional(),
        dataValues: z.array(z.object({ dataElement: z.string().max(20), categoryOptionCombo: z.string().max(20).optional(), value: CellValue })).min(1).max(5000),
      }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'statistics.report.fill');
    const res = await statistics.inScope(actor, (trx) => statistics.importDataValueSet(trx, actor, { ...req.body, dryRun: req.query.dryRun === 'true' }));
    return reply.status(res.status === 'ERROR' ? 409 : 200).send(res);
  });

  // Review by the level above, reading in the subtree.
  r.get('/api/statistics/reports', {
    schema: { tags, summary: 'Reports in my scope (下级报表)', querystring: z.object({ form: FormCode.optional(), period: PeriodCode.optional(), status: z.enum(['draft', 'submitted', 'returned', 'accepted']).optional() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.read');
    return statistics.inScope(actor, (trx) => statistics.listReports(trx, req.query));
  });

  r.get('/api/statistics/reports/:id', { schema: { tags, summary: 'One report with values, check report, comments and history', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.read');
    return statistics.inScope(actor, (trx) => statistics.view(trx, req.params.id));
  });

  r.put('/api/statistics/reports/:id/values', {
    schema: { tags, summary: 'Change values of a report by id: only the reporting unit itself (the level above is refused, 上级不得代填代改)', params: Id, body: z.object({ values: Values }) },
  }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.fill');
    return statistics.inScope(actor, (trx) => statistics.saveValuesById(trx, actor, req.params.id, req.body.values));
  });

  r.get('/api/statistics/reports/:id/diff', {
    schema: { tags, summary: 'Differences between two submissions (to omitted: the current values)', params: Id, querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1).optional() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.read');
    return statistics.inScope(actor, (trx) => statistics.diff(trx, req.params.id, req.query.from, req.query.to ?? null));
  });

  r.post('/api/statistics/reports/:id/review', {
    schema: {
      tags, summary: 'Accept (审核通过) or return (退回) with comments on cells', params: Id,
      body: z.object({ decision: z.enum(['accept', 'return']), comment: z.string().trim().max(1000).nullable().default(null), cellComments: z.array(z.object({ cell: z.string().max(41), comment: z.string().trim().min(1).max(500) })).max(200).default([]) }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.review');
    return statistics.inScope(actor, (trx) => statistics.review(trx, actor, req.params.id, req.body));
  });

  r.post('/api/statistics/reopen', {
    schema: {
      tags, summary: 'Reopen a locked window for one unit (重新开放), with a reason',
      body: z.object({ form: FormCode, period: PeriodCode, orgPath: z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/).max(200), reason: z.string().trim().min(2).max(500), days: z.number().int().min(1).max(30).default(3) }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.review');
    return statistics.inScope(actor, (trx) => statistics.reopen(trx, actor, req.body));
  });

  const RollupQuery = z.object({ form: FormCode, period: PeriodCode, by: Level.default('county'), accepted: z.enum(['0', '1']).default('0') });
  r.get('/api/statistics/rollup', { schema: { tags, summary: 'Roll-up (汇总) by the hierarchy valid at the period\'s end; live', querystring: RollupQuery } }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.read');
    return statistics.inScope(actor, (trx) => statistics.rollup(trx, req.query.form, req.query.period, req.query.by, req.query.accepted === '1' ? ['accepted'] : ['submitted', 'accepted']));
  });

  const CompQuery = z.object({ form: FormCode, period: PeriodCode, by: Level.default('county') });
  r.get('/api/statistics/completeness', { schema: { tags, summary: 'Completeness and timeliness (报送率, 及时率) and the overdue list', querystring: CompQuery } }, async (req) => {
    const actor = requirePermission(req, 'statistics.report.read');
    return statistics.inScope(actor, (trx) => statistics.completeness(trx, req.query.form, req.query.period, req.query.by));
  });

  r.get('/api/statistics/completeness.xlsx', { schema: { tags, summary: 'Completeness as Excel', querystring: CompQuery.extend({ lang: z.enum(['zh-CN', 'en-US']).default('zh-CN') }) } }, async (req, reply) => {
    const actor = requirePermission(req, 'statistics.report.read');
    const c = await statistics.inScope(actor, (trx) => statistics.completeness(trx, req.query.form, req.query.period, req.query.by));
    const en = req.query.lang === 'en-US';
    const pct = (a: number, b: number) => (b ? a / b : null);
    type G = (typeof c.groups)[number];
    const rows: G[] = [...c.groups, { path: '', name: en ? 'Total' : '合计', ...c.total }];
    const body = await toXlsx([{
      name: en ? 'Completeness' : '报送情况',
      columns: [
        { header: en ? 'Area' : '地区', value: (g: G) => g.name, width: 24 },
        { header: en ? 'Expected' : '应报', value: (g: G) => g.expected },
        { header: en ? 'Submitted' : '已报', value: (g: G) => g.submitted },
        { header: en ? 'Completeness' : '报送率', value: (g: G) => pct(g.submitted, g.expected), format: '0.0%' },
        { header: en ? 'On time' : '按时报送', value: (g: G) => g.onTime },
        { header: en ? 'Timeliness' : '及时率', value: (g: G) => pct(g.onTime, g.expected), format: '0.0%' },
        { header: en ? 'Accepted' : '审核通过', value: (g: G) => g.accepted },
      ],
      rows,
    }, {
      name: en ? 'Overdue' : '逾期未报',
      columns: [{ header: en ? 'Division code' : '区划代码', value: (u: (typeof c.overdue)[number]) => u.divisionCode }, { header: en ? 'Unit' : '单位', value: (u: (typeof c.overdue)[number]) => u.unitName, width: 30 }],
      rows: c.overdue,
    }]);
    return sendXlsx(reply, `${en ? 'completeness' : '报送情况'}-${c.form}-${c.period}.xlsx`, body);
  });
};
