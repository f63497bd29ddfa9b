/**
 * Patches HTTP surface (permissions patches.*): batches and the import (dry run, apply), the
 * patches with pre-check and field record, verdicts, submission, review, changes of locked
 * verdicts, enforcement hand-over, rectification, tip-off links and the figures (JSON, Excel).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { requirePermission } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { createGeoPool, type Feature } from '../../platform/geo/index.ts';
import type { ReadResult } from '../../platform/geo/geo.types.ts';
import { sendXlsx, toXlsx } from '../../platform/export/xlsx.ts';
import type { PatchesService } from './patches.service.ts';
import { patchesTodos } from './todos.ts';
import { importProgress, NO_PROGRESS } from './import-progress.ts';
import { syntheticTile } from './synthetic-imagery.ts';
import { ACCOUNTABILITY_LINE, batchCompletion, countyFigures, type BatchCompletion, type CountyFigure } from './figures.ts';

export interface PatchesRouteOptions extends RouteOptions {
  patches: PatchesService;
}

const tags = ['patches'];
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const BatchNo = z.object({ batchNo: z.string().regex(/^WP\d{8}$/, 'a batch number such as WP20260001') });
const PatchId = z.object({ id: z.uuid() });
const TILE_URL = z.string().trim().max(1000).regex(/^(https?:\/\/|\/)\S+$/, 'an XYZ or WMTS URL template (http(s)://… or /…)').nullable().default(null);
const Verdict = z.object({
  classCode: z.string().min(1).max(40),
  approvalNo: z.string().trim().max(100).nullable().default(null),
  croplandM2: z.number().min(0).max(1e9).nullable().default(null),
  basicFarmlandM2: z.number().min(0).max(1e9).nullable().default(null),
  reason: z.string().trim().max(1000).nullable().default(null),
});
const RAW_TYPES = ['application/octet-stream', 'application/zip', 'application/x-zip-compressed', 'application/geo+json', 'application/json'];
const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const patchesRoutes: FastifyPluginAsync<PatchesRouteOptions> = async (app, { patches, platform }) => {
  platform.todos.register('patches', patchesTodos);
  const fileLimit = platform.env.FILE_MAX_BYTES;
  const pool = createGeoPool({ size: platform.env.GEO_WORKERS });
  app.addHook('onClose', async () => { await pool.close(); });

  // The patch file arrives as the raw body; parsed in the geo worker pool (platform/geo).
  await app.register(async (files) => {
    files.removeAllContentTypeParsers();
    files.addContentTypeParser([...RAW_TYPES, '*'], { parseAs: 'buffer', bodyLimit: fileLimit }, (_req, body, done) => done(null, body));
    const r = files.withTypeProvider<ZodTypeProvider>();
    r.post('/api/patches/batches/:batchNo/import', {
      bodyLimit: fileLimit,
      schema: {
        tags, summary: 'Import the batch\'s patches (导入图斑) from a zipped Shapefile or GeoJSON: dryRun=true reports counts per county, invalid geometries, duplicates and patches outside every county; otherwise applied in one transaction with the pre-check',
        params: BatchNo,
        querystring: z.strictObject({
          format: z.enum(['geojson', 'shapefile']),
          dryRun: boolParam.default(true),
          skipDuplicates: boolParam.default(false),
          encoding: z.enum(['utf-8', 'gbk']).optional(),
          crs: z.coerce.number().int().min(2000).max(99999).optional().describe('EPSG code of the input when the file does not say'),
          progress: z.uuid().optional().describe('A token (UUID) of the client\'s choosing: the run\'s progress is then readable at GET /api/patches/import-progress/:token while it runs'),
        }),
      },
    }, async (req) => {
      const actor = requirePermission(req, 'patches.batch.import');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (body.length === 0) throw new AppError('patches.import_invalid', 'body: the file is empty', { field: 'body' });
      const q = req.query;
      const progress = q.progress ? importProgress(platform.db, actor, q.progress, req.params.batchNo, q.dryRun) : NO_PROGRESS;
      try {
        await progress.report('parsing', { parsed: 0 });
        const read = await pool.run<ReadResult>({ op: 'read', format: q.format, body, read: { crs: q.crs, encoding: q.format === 'shapefile' ? q.encoding : undefined } });
        const features: Feature[] = read.features;
        const out = await patches.inScope(actor, (trx) => patches.importFeatures(trx, actor, req.params.batchNo, features, { dryRun: q.dryRun, skipDuplicates: q.skipDuplicates, progress }));
        await progress.report('done', {});
        return out;
      } catch (e) {
        await progress.report('failed', {}, e instanceof Error ? e.message.slice(0, 500) : String(e)).catch(() => {});
        throw e;
      }
    });
  });

  app.withTypeProvider<ZodTypeProvider>().get('/api/patches/import-progress/:token', {
    schema: {
      tags, summary: 'Where a running import stands (导入进度): phase, total, parsed, validated, inserted — the import page polls it for its progress bar',
      params: z.object({ token: z.uuid() }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'patches.batch.import');
    return patches.inScope(actor, (trx) => patches.importProgress(trx, actor, req.params.token));
  });

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/patches/classes', { schema: { tags, summary: 'Verdict classes and sub-classes (判定类型)' } }, async (req) => {
    const actor = requirePermission(req, 'patches.patch.read');
    return patches.inScope(actor, (trx) => patches.classes(trx));
  });

  r.get('/api/patches/batches', { schema: { tags, summary: 'Monitoring batches in scope with progress per county (监测批次)' } }, async (req) => {
    const actor = requirePermission(req, 'patches.patch.read');
    return patches.inScope(actor, (trx) => patches.listBatches(trx));
  });

  r.post('/api/patches/batches', {
    schema: {
      tags, summary: 'Create a monitoring batch (新建监测批次) before importing its patches',
      body: z.object({
        name: z.string().trim().min(2).max(200), source: z.enum(['ministry', 'province', 'self']),
        beforeDate: DATE, afterDate: DATE, areaDesc: z.string().trim().max(500).default(''), deadline: DATE,
        imageryBeforeUrl: TILE_URL, imageryAfterUrl: TILE_URL, syntheticImagery: z.boolean().default(false),
      }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'patches.batch.import');
    return reply.status(201).send(await patches.inScope(actor, (trx) => patches.createBatch(trx, actor, req.body)));
  });

  r.get('/api/patches/batches/:batchNo', { schema: { tags, summary: 'One batch with its counties', params: BatchNo } }, async (req) => {
    const actor = requirePermission(req, 'patches.patch.read');
    return patches.inScope(actor, (trx) => patches.viewBatch(trx, req.params.batchNo));
  });

  r.post('/api/patches/batches/:batchNo/counties/:countyCode/submit', {
    schema: { tags, summary: 'The county submits its verdicts of the batch (上报)', params: BatchNo.extend({ countyCode: z.string().regex(/^\d{6}$/) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'patches.verdict.propose');
    return patches.inScope(actor, (trx) => patches.submit(trx, actor, req.params.batchNo, req.params.countyCode));
  });

  r.get('/api/patches/patches', {
    schema: {
      tags, summary: 'Patches in scope (图斑列表)',
      querystring: z.object({ batchNo: z.string().max(20).optional(), status: z.enum(['pending', 'proposed', 'submitted', 'returned', 'accepted']).optional(), countyCode: z.string().regex(/^\d{6}$/).optional() }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'patches.patch.read');
    return patches.inScope(actor, (trx) => patches.listPatches(trx, req.query));
  });

  r.get('/api/patches/patches/:id', { schema: { tags, summary: 'One patch: geometry, pre-check, field record, verdict, review, enforcement, rectification', params: PatchId } }, async (req) => {
    const actor = requirePermission(req, 'patches.patch.read');
    return patches.inScope(actor, (trx) => patches.viewPatch(trx, req.params.id));
  });

  r.post('/api/patches/patches/:id/verdict', { schema: { tags, summary: 'The county\'s verdict (判定): 合法 + approval no., 违法 + sub-type + areas, 其他 + reason', params: PatchId, body: Verdict } }, async (req) => {
    const actor = requirePermission(req, 'patches.verdict.propose');
    return patches.inScope(actor, (trx) => patches.propose(trx, actor, req.params.id, req.body));
  });

  r.post('/api/patches/patches/:id/review', {
    schema: { tags, summary: 'Review by the city or province (审核): accept (locks) or return with a comment', params: PatchId, body: z.object({ action: z.enum(['accept', 'return']), comment: z.string().trim().max(1000).nullable().default(null) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'patches.verdict.review');
    return patches.inScope(actor, (trx) => patches.review(trx, actor, req.params.id, req.body));
  });

  r.post('/api/patches/patches/:id/verdict-change', {
    schema: { tags, summary: 'Change an accepted (locked) verdict with a reason (变更判定, audited)', params: PatchId, body: Verdict.extend({ changeReason: z.string().trim().min(2).max(1000) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'patches.verdict.change');
    return patches.inScope(actor, (trx) => patches.changeAccepted(trx, actor, req.params.id, req.body));
  });

  r.post('/api/patches/patches/:id/hand-over', { schema: { tags, summary: 'Hand an accepted 违法 patch to enforcement (移送立案)', params: PatchId } }, async (req) => {
    const actor = requirePermission(req, 'patches.verdict.review');
    return patches.inScope(actor, (trx) => patches.handOver(trx, actor, req.params.id));
  });

  r.post('/api/patches/patches/:id/rectification', {
    schema: {
      tags, summary: 'Record the rectification (整改): demolished, confiscated, or legalised with the approval number', params: PatchId,
      body: z.object({ state: z.enum(['demolished', 'confiscated', 'legalised']), approvalNo: z.string().trim().max(100).nullable().default(null), note: z.string().trim().max(1000).nullable().default(null) }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'patches.rectification.manage');
    return patches.inScope(actor, (trx) => patches.rectify(trx, actor, req.params.id, req.body));
  });

  r.post('/api/patches/patches/:id/tipoffs', {
    schema: { tags, summary: 'Link a tip-off to the patch (关联举报)', params: PatchId, body: z.object({ reportNo: z.string().trim().min(4).max(40) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'patches.verdict.propose');
    return patches.inScope(actor, (trx) => patches.linkTipoff(trx, actor, req.params.id, req.body.reportNo));
  });

  r.get('/api/patches/patches/:id/tipoffs-near', { schema: { tags, summary: 'Tip-offs near the patch (candidates to link)', params: PatchId } }, async (req) => {
    const actor = requirePermission(req, 'patches.patch.read');
    return patches.inScope(actor, (trx) => patches.tipoffsNearPatch(trx, req.params.id));
  });

  r.get('/api/patches/by-tipoff/:reportNo', { schema: { tags, summary: 'Patches a tip-off is linked to', params: z.object({ reportNo: z.string().max(40) }) } }, async (req) => {
    const actor = requirePermission(req, 'patches.patch.read');
    return patches.inScope(actor, (trx) => patches.patchesOfTipoff(trx, req.params.reportNo));
  });

  r.get('/api/patches/batches/:batchNo/imagery/:phase/:z/:x/:y.png', {
    schema: {
      tags, summary: 'Synthetic before/after imagery of a demo batch (合成影像), drawn from the land-use layer with the patches painted in',
      params: BatchNo.extend({ phase: z.enum(['before', 'after']), z: z.coerce.number().int().min(0).max(22), x: z.coerce.number().int().min(0), y: z.coerce.number().int().min(0) }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'patches.patch.read');
    const { batchNo, phase, z: zoom, x, y } = req.params;
    if (x >= 2 ** zoom || y >= 2 ** zoom) throw new AppError('validation.failed', 'x: outside the tile matrix', { field: 'x' });
    const png = await patches.inScope(actor, async (trx) => {
      const b = await patches.viewBatch(trx, batchNo);
      if (!b.syntheticImagery) throw new AppError('patches.batch_not_found', `batchNo: batch ${batchNo} has no synthetic imagery`, { field: 'batchNo' });
      return syntheticTile(trx, b.id, phase, zoom, x, y);
    });
    return reply.type('image/png').header('cache-control', 'private, max-age=3600').send(png);
  });

  const FiguresQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
  r.get('/api/patches/figures', {
    schema: { tags, summary: 'Figures per county and year: illegal cropland ÷ new construction cropland against the 15 % line (约谈), batch completion by deadline, rectification rate', querystring: FiguresQuery },
  }, async (req) => {
    const actor = requirePermission(req, 'patches.figures.read');
    return patches.inScope(actor, async (trx) => {
      const counties = await countyFigures(trx, req.query.year);
      return { year: req.query.year, line: ACCOUNTABILITY_LINE, counties, interview: counties.filter((c) => c.atOrAboveLine), batches: await batchCompletion(trx, req.query.year) };
    });
  });

  r.get('/api/patches/figures/export.xlsx', { schema: { tags, summary: 'The same figures as Excel', querystring: FiguresQuery } }, async (req, reply) => {
    const actor = requirePermission(req, 'patches.figures.read');
    const { counties, batches } = await patches.inScope(actor, async (trx) => ({ counties: await countyFigures(trx, req.query.year), batches: await batchCompletion(trx, req.query.year) }));
    const body = await toXlsx([
      {
        name: `${req.query.year}年违法占用耕地比例`, rows: counties, columns: [
          { header: '县级行政区代码', value: (c: CountyFigure) => c.countyCode },
          { header: '县级行政区', value: (c: CountyFigure) => c.countyName },
          { header: '违法占用耕地（平方米）', value: (c: CountyFigure) => c.illegalCroplandM2, format: '#,##0.00' },
          { header: '新增建设用地占用耕地（平方米）', value: (c: CountyFigure) => c.newConstructionCroplandM2, format: '#,##0.00' },
          { header: '比例', value: (c: CountyFigure) => c.ratio, format: '0.00%' },
          { header: '达到15%（约谈问责）', value: (c: CountyFigure) => (c.atOrAboveLine ? '是' : '否') },
          { header: '违法图斑数', value: (c: CountyFigure) => c.illegalPatches },
          { header: '已整改', value: (c: CountyFigure) => c.rectified },
          { header: '整改率', value: (c: CountyFigure) => c.rectificationRate, format: '0.0%' },
        ],
      },
      {
        name: '批次按期完成情况', rows: batches, columns: [
          { header: '批次编号', value: (b: BatchCompletion) => b.batchNo },
          { header: '批次名称', value: (b: BatchCompletion) => b.name },
          { header: '县级行政区', value: (b: BatchCompletion) => b.countyName },
          { header: '截止日期', value: (b: BatchCompletion) => b.deadline },
          { header: '图斑数', value: (b: BatchCompletion) => b.patches },
          { header: '已判定', value: (b: BatchCompletion) => b.withVerdict },
          { header: '已审核通过', value: (b: BatchCompletion) => b.accepted },
          { header: '上报时间', value: (b: BatchCompletion) => b.submittedAt },
          { header: '按期上报', value: (b: BatchCompletion) => (b.onTime === null ? '未上报' : b.onTime ? '是' : '否') },
        ],
      },
    ]);
    return sendXlsx(reply, `卫片执法统计-${req.query.year}.xlsx`, body);
  });
};
