/**
 * Enforcement HTTP surface: staff case list, case page and stage actions (enforcement.case.*),
 * the calculator and baselines, figures with Excel export, and the public penalty disclosures.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { requirePermission, type Actor } from '../../platform/http/actor.ts';
import { withContext, PUBLIC_CONTEXT, type Tx } from '../../platform/db/context.ts';
import { toXlsx, sendXlsx } from '../../platform/export/xlsx.ts';
import type { EnforcementService } from './enforcement.service.ts';
import {
  addRecord, applyToCourt, changeDisclosure, close, decide, file, holdHearing, linkSource, notFile, openCase, propose, recordDefence, recordExecution,
  requestHearing, review, serveNotice, submitReview, transfer,
} from './cases.ts';
import { calculate, listBaselines } from './discretion.ts';
import { caseDetail, listCases, listPenaltyDisclosures, statistics } from './views.ts';
import { enforcementTodos } from './todos.ts';
import { baselineVersions, reviseBaseline, settingsView, updateSettings } from './settings.ts';

export interface EnforcementRouteOptions extends RouteOptions {
  enforcement: EnforcementService;
}

const tags = ['enforcement'];
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Id = z.object({ id: z.coerce.number().int().positive() });
const Version = { version: z.number().int().positive().optional() };
const Text = (max: number) => z.string().trim().min(2).max(max);
const Money = z.number().min(0).max(1e11);
const Facts = z.strictObject({
  areaM2: z.number().min(0).max(1e9).nullable().optional(), croplandM2: z.number().min(0).max(1e9).nullable().optional(),
  basicFarmlandM2: z.number().min(0).max(1e9).nullable().optional(), landClass: z.enum(['cropland', 'construction', 'unused', 'other']).nullable().optional(),
  fitsPlan: z.boolean().nullable().optional(), rectified: z.boolean().nullable().optional(), mineralValue: Money.nullable().optional(), illegalGains: Money.nullable().optional(),
});
const Point = z.strictObject({ lon: z.number().min(73).max(136), lat: z.number().min(3).max(54) });
const Source = z.strictObject({
  kind: z.enum(['tipoff', 'patch']), id: z.string().trim().min(1).max(100), ref: z.string().trim().min(1).max(100), divisionCode: z.string().regex(/^\d{6}(\d{3})?$/),
  summary: Text(4000), location: Point.nullable().default(null), geometry: z.object({ type: z.string(), coordinates: z.unknown() }).nullable().default(null),
  areaM2: z.number().min(0).nullable().default(null), croplandM2: z.number().min(0).nullable().default(null), basicFarmlandM2: z.number().min(0).nullable().default(null),
  attachments: z.array(z.object({ label: z.string().max(200), sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(), url: z.string().max(500).nullable() })).max(50).default([]),
});
const Penalty = z.strictObject({ fine: Money, confiscate: z.boolean().default(false), demolish: z.boolean().default(false), restore: z.boolean().default(false), other: z.string().trim().max(500).nullable().default(null) });

export const enforcementRoutes: FastifyPluginAsync<EnforcementRouteOptions> = async (app, { platform, enforcement }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = enforcement.deps;
  platform.todos.register('enforcement', enforcementTodos);
  const detail = (actor: Actor, id: number) => enforcement.inScope(actor, (trx) => caseDetail(trx, platform.documents, actor, id, deps.field));

  r.get('/api/enforcement/cases', {
    schema: {
      tags, summary: 'Cases in your scope (执法案件台账), newest first',
      querystring: z.strictObject({
        status: z.enum(['proposed', 'not_filed', 'transferred', 'investigating', 'reviewing', 'reviewed', 'notified', 'hearing', 'decided', 'executing', 'closed']).optional(),
        warn: z.enum(['yellow', 'red']).optional(), q: z.string().trim().max(60).optional(),
        page: z.coerce.number().int().min(1).max(10000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
        before: z.string().max(60).optional().describe('keyset paging: nextBefore of the previous page (page is then ignored)'),
      }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'enforcement.case.read');
    return enforcement.inScope(actor, (trx) => listCases(trx, req.query));
  });

  r.post('/api/enforcement/cases', {
    schema: {
      tags, summary: 'Open a case from an inspection (巡查), a transfer (移送) or by hand; joinCaseId adds the source to an open case at the same place',
      body: z.strictObject({
        sourceKind: z.enum(['inspection', 'transfer', 'manual']), sourceRef: z.string().trim().min(1).max(100), divisionCode: z.string().regex(/^\d{6}(\d{3})?$/),
        title: Text(200), summary: Text(4000), location: Point.nullable().default(null), transferringAuthority: z.string().trim().max(100).nullable().optional(),
        joinCaseId: z.number().int().positive().nullable().optional(),
      }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'enforcement.case.investigate');
    const res = await enforcement.inScope(actor, (trx) => openCase(deps, trx, actor, req.body));
    return reply.status(res.created ? 201 : 200).send(res);
  });

  r.post('/api/enforcement/cases/from-source', {
    schema: { tags, summary: 'Open (or find) the case of a tip-off or a patch (see enforcement/README.md, Interfaces); idempotent per kind and id', body: Source },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'enforcement.case.investigate');
    const res = await enforcement.inScope(actor, (trx) => enforcement.openCaseFromSource(trx, actor, req.body));
    return reply.status(res.created ? 201 : 200).send(res);
  });

  r.get('/api/enforcement/cases/:id', { schema: { tags, summary: 'One case with sources, records, stage clocks, events, documents', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'enforcement.case.read');
    return detail(actor, req.params.id);
  });

  const action = <S extends z.ZodType>(path: string, summary: string, body: S, permission: string, run: (trx: Tx, actor: Actor, id: number, b: z.infer<S>) => Promise<unknown>) => {
    r.post(`/api/enforcement/cases/:id/${path}`, { schema: { tags, summary, params: Id, body } }, async (req) => {
      const actor = requirePermission(req, permission);
      const result = await enforcement.inScope(actor, (trx) => run(trx, actor, req.params.id, req.body as z.infer<S>));
      return { result: result ?? null, case: await detail(actor, req.params.id) };
    });
  };

  action('sources', 'Link one more tip-off or patch at the same place (一案多源)', Source, 'enforcement.case.investigate', (t, a, id, b) => linkSource(deps, t, a, id, b));
  action('file', '立案 (leader): the 立案呈批表 is issued', z.strictObject({ opinion: Text(500), ...Version }), 'enforcement.case.decide', (t, a, id, b) => file(deps, t, a, id, b));
  action('not-file', '不予立案 with the reason', z.strictObject({ reason: Text(1000), ...Version }), 'enforcement.case.decide', (t, a, id, b) => notFile(deps, t, a, id, b));
  action('transfer', '移送 to public security (涉嫌犯罪) or discipline bodies', z.strictObject({ to: Text(100), reason: Text(1000), ...Version }), 'enforcement.case.decide', (t, a, id, b) => transfer(deps, t, a, id, b));
  action('records', 'Add an investigation record (询问笔录, 现场勘验笔录, measurement, photos)', z.strictObject({
    kind: z.enum(['inquiry', 'site', 'measurement', 'photo', 'field', 'other']), recordedOn: DATE, title: Text(200), content: Text(20000),
    values: z.record(z.string().max(40), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).default({}),
    files: z.array(z.uuid()).max(50).default([]), ...Version,
  }), 'enforcement.case.investigate', (t, a, id, b) => addRecord(deps, t, a, id, b));
  action('propose', 'Penalty proposal with the calculator; outside the band only with a reason', z.strictObject({
    violationKind: z.string().trim().min(2).max(60), facts: Facts,
    party: z.strictObject({ kind: z.enum(['person', 'company']), name: Text(200), idNumber: z.string().trim().max(40).nullable().default(null), address: z.string().trim().max(300).nullable().default(null) }),
    fine: Money, measures: z.strictObject({ confiscate: z.boolean().default(false), demolish: z.boolean().default(false), restore: z.boolean().default(false) }),
    departureReason: z.string().trim().max(2000).nullable().default(null), ...Version,
  }), 'enforcement.case.investigate', (t, a, id, b) => propose(deps, t, a, id, b));
  action('submit-review', '调查终结: to 案件审理 (legal review)', z.strictObject({ ...Version }), 'enforcement.case.investigate', (t, a, id, b) => submitReview(deps, t, a, id, b));
  action('review', '案件审理 (法制审核): approve (signing off a departure) or return', z.strictObject({ approve: z.boolean(), opinion: Text(2000), approveDeparture: z.boolean().default(false), ...Version }),
    'enforcement.case.review', (t, a, id, b) => review(deps, t, a, id, b));
  action('notice', '告知: serve the 行政处罚告知书 (and 听证告知书 above the thresholds)', z.strictObject({ servedOn: DATE, ...Version }), 'enforcement.case.investigate', (t, a, id, b) => serveNotice(deps, t, a, id, b));
  action('defence', 'Record the party\'s statement and defence (陈述申辩)', z.strictObject({ text: Text(4000), ...Version }), 'enforcement.case.investigate', (t, a, id, b) => recordDefence(deps, t, a, id, b));
  action('hearing-request', 'The party asked for a hearing (听证申请): only in time; the clock stops', z.strictObject({ requestedOn: DATE, ...Version }), 'enforcement.case.investigate', (t, a, id, b) => requestHearing(deps, t, a, id, b));
  action('hearing', 'The hearing was held (听证): the clock runs again', z.strictObject({ heldOn: DATE, summary: Text(4000), ...Version }), 'enforcement.case.investigate', (t, a, id, b) => holdHearing(deps, t, a, id, b));
  action('decide', '处罚决定 (leader): the 行政处罚决定书 is issued and the decision published (双公示)', z.strictObject({
    penalty: Penalty, legalBasis: Text(1000), departureReason: z.string().trim().max(2000).nullable().default(null), ...Version,
  }), 'enforcement.case.decide', (t, a, id, b) => decide(deps, t, a, id, b));
  action('execution', '执行: fine paid, demolished, confiscated, land returned, with evidence', z.strictObject({
    finePaid: Money.default(0), demolishedM2: z.number().min(0).max(1e9).default(0), landReturnedM2: z.number().min(0).max(1e9).default(0), confiscated: z.boolean().default(false),
    note: Text(2000), files: z.array(z.uuid()).max(50), complete: z.boolean().default(false), ...Version,
  }), 'enforcement.case.investigate', (t, a, id, b) => recordExecution(deps, t, a, id, b));
  action('court', '申请人民法院强制执行', z.strictObject({ appliedOn: DATE, court: Text(100), ...Version }), 'enforcement.case.investigate', (t, a, id, b) => applyToCourt(deps, t, a, id, b));
  action('close', '结案 (leader): only with execution evidence; the 结案呈批表 is issued', z.strictObject({ note: Text(1000), ...Version }), 'enforcement.case.decide', (t, a, id, b) => close(deps, t, a, id, b));
  action('disclosure', '复议/诉讼 changed or withdrew the decision: the disclosure says so with the reason', z.strictObject({ status: z.enum(['changed', 'withdrawn']), reason: Text(1000), ...Version }),
    'enforcement.case.decide', (t, a, id, b) => changeDisclosure(deps, t, a, id, b));

  r.post('/api/enforcement/calculate', {
    schema: { tags, summary: 'Discretion calculator (裁量计算): band, range, proposed amount, rule and sources', body: z.strictObject({ violationKind: z.string().trim().min(2).max(60), facts: Facts }) },
  }, async (req) => {
    const actor = requirePermission(req, 'enforcement.case.read');
    return enforcement.inScope(actor, (trx) => calculate(trx, actor.scopePath ?? 'cn', req.body.violationKind, req.body.facts));
  });

  r.get('/api/enforcement/baselines', { schema: { tags, summary: 'Discretion baselines (裁量基准) that apply in your scope' } }, async (req) => {
    const actor = requirePermission(req, 'enforcement.case.read');
    const rows = await enforcement.inScope(actor, (trx) => listBaselines(trx, actor.scopePath));
    // Per violation kind the nearest scope's bands apply (discretion.ts): those are `effective`.
    const depth = (p: string) => p.split('.').length;
    const nearest = new Map<string, number>();
    for (const b of rows) nearest.set(b.violationKind, Math.max(nearest.get(b.violationKind) ?? 0, depth(b.orgPathText)));
    return rows.map((b) => ({
      ...b, fineMin: Number(b.fineMin), fineMax: Number(b.fineMax), createdAt: b.createdAt.toISOString(), retiredAt: b.retiredAt?.toISOString() ?? null,
      effective: depth(b.orgPathText) === nearest.get(b.violationKind),
    }));
  });

  const Days = z.number().int().min(1).max(365);
  const Threshold = z.number().min(0).max(1e10);
  r.get('/api/enforcement/settings', { schema: { tags, summary: 'The settings in force here (执法办案参数: stage limits, warnings, disclosure days, thresholds), where they come from, their versions' } }, async (req) => {
    const actor = requirePermission(req, 'enforcement.settings.manage');
    return enforcement.inScope(actor, (trx) => settingsView(trx, actor));
  });

  r.put('/api/enforcement/settings', {
    schema: {
      tags, summary: 'Change the settings of your scope (a new version, audited); `version` is the one you edited',
      body: z.strictObject({
        stageDays: z.strictObject({ filing: Days, investigation: Days, review: Days, notice: Days, decision: Days, execution: Days, closing: Days }),
        warnDays: z.number().int().min(0).max(20), disclosureDays: z.number().int().min(1).max(60),
        reviewFinePerson: Threshold, reviewFineCompany: Threshold, hearingFinePerson: Threshold, hearingFineCompany: Threshold,
        reason: Text(500), version: z.number().int().min(0),
      }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'enforcement.settings.manage');
    return enforcement.inScope(actor, (trx) => updateSettings(deps, trx, actor, req.body));
  });

  r.post('/api/enforcement/baselines/:id/revise', {
    schema: {
      tags, summary: 'Revise a discretion band (裁量基准修订): a new version; a wider scope\'s band is refined for your scope', params: Id,
      body: z.strictObject({
        bandName: z.string().trim().min(1).max(50), fineMin: z.number().min(0).max(1e6), fineMax: z.number().min(0).max(1e6),
        confiscate: z.boolean(), demolish: z.boolean(), restore: z.boolean(), legalBasis: Text(1000), note: z.string().trim().max(1000).nullable().default(null), reason: Text(500),
      }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'enforcement.settings.manage');
    return enforcement.inScope(actor, (trx) => reviseBaseline(deps, trx, actor, req.params.id, req.body));
  });

  r.get('/api/enforcement/baselines/:id/versions', { schema: { tags, summary: 'The versions of a discretion band, newest first', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'enforcement.case.read');
    return enforcement.inScope(actor, (trx) => baselineVersions(trx, req.params.id));
  });

  const Period = z.strictObject({ from: DATE.default('2000-01-01'), to: DATE.default('2999-12-31') });
  r.get('/api/enforcement/statistics', { schema: { tags, summary: 'Figures per county bureau (filed, closed, overdue by stage, fines, area returned, demolished)', querystring: Period } }, async (req) => {
    const actor = requirePermission(req, 'enforcement.statistics.read');
    return enforcement.inScope(actor, async (trx) => ({
      items: await statistics(trx, req.query),
      // The satellite patches judged 违法 and their rectification (整改), when the patches module is wired.
      patchRectification: deps.patchRectification ? await deps.patchRectification(trx, req.query) : null,
    }));
  });

  r.get('/api/enforcement/statistics.xlsx', { schema: { tags, summary: 'The same figures as Excel', querystring: Period } }, async (req, reply) => {
    const actor = requirePermission(req, 'enforcement.statistics.read');
    const [rows, rect] = await enforcement.inScope(actor, async (trx) => [await statistics(trx, req.query), deps.patchRectification ? await deps.patchRectification(trx, req.query) : []] as const);
    const body = await toXlsx([{
      name: '执法案件统计', rows, columns: [
        { header: '承办机关', value: (x: typeof rows[number]) => x.bureau, width: 28 }, { header: '案件数', value: (x) => x.opened }, { header: '立案', value: (x) => x.filed },
        { header: '结案', value: (x) => x.closed }, { header: '在办', value: (x) => x.open }, { header: '超期', value: (x) => x.overdue },
        { header: '超期（按环节）', value: (x) => Object.entries(x.overdueByStage).map(([k, v]) => `${k}:${v}`).join(' '), width: 30 },
        { header: '决定罚款（元）', value: (x) => x.finesDecided, format: '#,##0.00' }, { header: '已收缴罚款（元）', value: (x) => x.finesCollected, format: '#,##0.00' },
        { header: '退还土地（m²）', value: (x) => x.areaReturnedM2, format: '#,##0.00' }, { header: '拆除面积（m²）', value: (x) => x.demolishedM2, format: '#,##0.00' },
        { header: '不予立案', value: (x) => x.notFiled }, { header: '移送', value: (x) => x.transferred },
      ],
    }, {
      name: '卫片图斑整改', rows: rect, columns: [
        { header: '县（市、区）', value: (x: typeof rect[number]) => x.countyName, width: 20 }, { header: '违法图斑', value: (x) => x.illegalPatches },
        { header: '整改中', value: (x) => x.pending }, { header: '已拆除复耕', value: (x) => x.demolished }, { header: '已没收', value: (x) => x.confiscated },
        { header: '已完善手续', value: (x) => x.legalised }, { header: '整改率', value: (x) => x.rectificationRate, format: '0.00%' }, { header: '待移送', value: (x) => x.awaitingEnforcement },
      ],
    }]);
    return sendXlsx(reply, `执法案件统计_${req.query.from}_${req.query.to}.xlsx`, body);
  });

  r.post('/api/enforcement/warnings/scan', { schema: { tags, summary: 'Run the deadline scan now (it also runs every 30 minutes)' } }, async (req) => {
    requirePermission(req, 'enforcement.case.decide');
    return enforcement.scanDeadlines();
  });

  r.get('/api/public/enforcement/disclosures', {
    config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Published penalty decisions (行政处罚结果公示, 双公示); persons masked (王**), never ID numbers or addresses',
      querystring: z.strictObject({ q: z.string().trim().max(60).optional(), page: z.coerce.number().int().min(1).max(10000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
    },
  }, async (req) => withContext(platform.db, PUBLIC_CONTEXT, (trx) => listPenaltyDisclosures(trx, req.query)));
};
