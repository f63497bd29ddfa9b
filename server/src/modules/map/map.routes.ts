/**
 * The map HTTP API: layers, features (bbox pages, single, history, edits), search, overlay
 * analysis (JSON and PDF) and attaching the overlay report to an approval case.
 */
import crypto from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission, actorContext, type Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { withContext } from '../../platform/db/context.ts';
import type { RouteOptions } from '../../platform/platform.ts';
import type { ApprovalsService } from '../approvals/index.ts';
import { createGeoPool } from '../../platform/geo/index.ts';
import { parseBbox, type LayersService } from './layers.service.ts';
import { analyseOverlay, checkRedline, DEFAULT_BUFFER_M } from './overlay.service.ts';
import { overlayDocumentBody } from './overlay.pdf.ts';
import { redlineOfCase } from './case-redline.ts';

export interface MapRouteOptions extends RouteOptions {
  layers: LayersService;
  approvals: ApprovalsService;
}

const tags = ['map'];
const LayerCode = z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) });
const LayerFeature = LayerCode.extend({ id: z.coerce.number().int().positive() });
const Json = z.record(z.string(), z.unknown());
const FeatureBody = z.strictObject({
  geometry: z.looseObject({ type: z.string() }).describe('GeoJSON geometry in EPSG:4490'),
  properties: Json.optional(),
  code: z.string().trim().min(1).max(60).nullable().optional(),
  name: z.string().trim().min(1).max(120).nullable().optional(),
  orgPath: z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/).optional().describe('division path of the feature; default your scope'),
});
const OverlayBody = z.strictObject({
  geometry: z.looseObject({ type: z.string() }).optional().describe('red line: GeoJSON Polygon/MultiPolygon (or Feature) in EPSG:4490'),
  caseNo: z.string().min(6).max(40).optional().describe('or: the approval case whose red_line material is the red line'),
  bufferM: z.number().min(0).max(5000).optional().describe(`hazard-site buffer in metres (default ${DEFAULT_BUFFER_M})`),
}).refine((b) => (b.geometry === undefined) !== (b.caseNo === undefined), { message: 'give either geometry or caseNo', path: ['geometry'] });

export const mapRoutes: FastifyPluginAsync<MapRouteOptions> = async (app, { platform, layers, approvals }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Case red lines are parsed off the event loop, as /api/geo/* is (workers start on first use).
  const geoPool = createGeoPool({ size: platform.env.GEO_WORKERS });
  app.addHook('onClose', async () => { await geoPool.close(); });

  r.get('/api/map/layers', {
    schema: { tags, summary: 'Layers the caller may see (public ones anonymously; scoped ones with map.layer.read)' },
  }, async (req) => layers.listLayers(req.actor));

  r.get('/api/map/layers/:code', { schema: { tags, summary: 'One layer of the registry', params: LayerCode } },
    async (req) => layers.getLayer(req.actor, req.params.code));

  const Paint = { fill: z.string().max(40), stroke: z.string().max(40) };
  r.patch('/api/map/layers/:code', {
    schema: {
      tags, summary: 'Change a layer’s names, legend, attribute schema, order or source note (map.layer.manage; audited)',
      params: LayerCode,
      body: z.strictObject({
        version: z.number().int().positive(),
        name: z.string().trim().min(1).max(60).optional(),
        nameEn: z.string().trim().min(1).max(80).optional(),
        sortOrder: z.number().int().min(0).max(10_000).optional(),
        sourceNote: z.string().max(2000).optional(),
        style: z.strictObject({
          field: z.string().max(40).optional(), default: z.strictObject(Paint), radius: z.number().min(1).max(30).optional(),
          classes: z.array(z.strictObject({ value: z.string().max(60), label: z.string().max(60), labelEn: z.string().max(80), ...Paint })).max(100).optional(),
        }).optional(),
        attributeSchema: z.array(z.strictObject({
          key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), label: z.string().min(1).max(40), labelEn: z.string().min(1).max(60),
          type: z.enum(['text', 'number', 'date', 'code']), unit: z.string().max(10).optional(),
        })).max(100).optional(),
      }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'map.layer.manage');
    return layers.updateLayer(actor, req.params.code, req.body, req.ip);
  });

  r.get('/api/map/layers/:code/features', {
    schema: {
      tags, summary: 'Features of a layer meeting a bbox, in id order; `next` is the cursor for `after`',
      params: LayerCode,
      querystring: z.strictObject({
        bbox: z.string().max(200).optional().describe('minLon,minLat,maxLon,maxLat (EPSG:4490)'),
        limit: z.coerce.number().int().min(1).max(10_000).default(1000),
        after: z.coerce.number().int().min(0).default(0),
      }),
    },
  }, async (req) => layers.featuresInBox(req.actor, req.params.code, parseBbox(req.query.bbox), { limit: req.query.limit, afterId: req.query.after }));

  r.get('/api/map/layers/:code/features/:id', { schema: { tags, summary: 'One feature', params: LayerFeature } },
    async (req) => layers.getFeature(req.actor, req.params.code, req.params.id));

  r.get('/api/map/layers/:code/features/:id/history', { schema: { tags, summary: 'Every version of a feature, newest first: who changed what and when', params: LayerFeature } },
    async (req) => layers.featureHistory(req.actor, req.params.code, req.params.id));

  r.post('/api/map/layers/:code/features', {
    schema: { tags, summary: 'Create a feature (map.feature.edit; audited; bumps the layer version)', params: LayerCode, body: FeatureBody },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'map.feature.edit');
    return reply.status(201).send(await layers.createFeature(actor, req.params.code, req.body, req.ip));
  });

  r.patch('/api/map/layers/:code/features/:id', {
    schema: {
      tags, summary: 'Change a feature’s geometry, attributes, code or name (map.feature.edit; optimistic `version`)',
      params: LayerFeature, body: FeatureBody.partial().extend({ version: z.number().int().positive() }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'map.feature.edit');
    return layers.updateFeature(actor, req.params.code, req.params.id, req.body, req.ip);
  });

  r.delete('/api/map/layers/:code/features/:id', {
    schema: { tags, summary: 'Delete a feature (map.feature.edit; its history stays)', params: LayerFeature, querystring: z.strictObject({ version: z.coerce.number().int().positive() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'map.feature.edit');
    return layers.deleteFeature(actor, req.params.code, req.params.id, req.query.version, req.ip);
  });

  r.get('/api/map/search', {
    schema: { tags, summary: 'Find features by code prefix (宗地代码 …) or address / name fragment', querystring: z.strictObject({ q: z.string().max(100), limit: z.coerce.number().int().min(1).max(100).default(20) }) },
  }, async (req) => layers.search(req.actor, req.query.q, req.query.limit));

  async function redlineOf(actor: Actor, body: z.infer<typeof OverlayBody>) {
    if (body.geometry) return checkRedline(body.geometry);
    return redlineOfCase(approvals, geoPool, actor, body.caseNo!);
  }

  r.post('/api/map/overlay', {
    schema: { tags, summary: 'Overlay analysis (叠加/压覆分析) of a red line: land use, cropland, basic farmland, plan zones and verdict, eco red line, mining rights, hazard sites, parcels', body: OverlayBody },
  }, async (req) => {
    const actor = requirePermission(req, 'map.overlay.run');
    const redline = await redlineOf(actor, req.body);
    return (await analyseOverlay(platform.db, actor, redline, { bufferM: req.body.bufferM })).report;
  });

  r.post('/api/map/overlay/pdf', {
    schema: { tags, summary: 'The overlay report as a PDF issued through platform.documents (numbered, verifiable)', body: OverlayBody },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'map.overlay.run');
    if (!actor.orgUnitId) throw new AppError('access.forbidden', 'a staff post in an org unit is needed to issue a report', { permission: 'map.overlay.run' });
    const redline = await redlineOf(actor, req.body);
    const { report, drawing } = await analyseOverlay(platform.db, actor, redline, { bufferM: req.body.bufferM });
    const subject = req.body.caseNo ? `办件 ${req.body.caseNo}` : '所提交红线';
    const key = crypto.createHash('sha256').update(JSON.stringify(redline)).digest('hex').slice(0, 32);
    const doc = await withContext(platform.db, actorContext(actor), (trx) => platform.documents.issue(trx, actor, {
      kind: 'overlay_report', orgUnitId: actor.orgUnitId!, subject: { type: 'map.overlay', id: req.body.caseNo ?? key }, body: overlayDocumentBody(report, drawing, subject),
    }));
    return reply.type('application/pdf').header('X-Document-No', encodeURIComponent(doc.docNo)).header('X-Document-Id', String(doc.id))
      .header('Content-Disposition', `attachment; filename="overlay-${doc.id}.pdf"`).send(doc.bytes);
  });

  r.post('/api/approvals/cases/:caseNo/overlay', {
    schema: {
      tags: ['map', 'approvals'], summary: 'Run the overlay on the case’s red line (or the given one) and attach the report PDF to the case (用地预审)',
      params: z.object({ caseNo: z.string().min(6).max(40) }),
      body: z.strictObject({ geometry: z.looseObject({ type: z.string() }).optional(), bufferM: z.number().min(0).max(5000).optional() }).optional(),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'map.overlay.run');
    if (!actor.permissions.has('approvals.case.read')) {
      throw new AppError('access.forbidden', 'missing permission approvals.case.read', { permission: 'approvals.case.read' });
    }
    const caseNo = req.params.caseNo;
    const c = await approvals.findCase(actor, caseNo);
    const redline = req.body?.geometry ? checkRedline(req.body.geometry)
      : await redlineOfCase(approvals, geoPool, actor, caseNo);
    const { report, drawing } = await analyseOverlay(platform.db, actor, redline, { bufferM: req.body?.bufferM });
    const doc = await approvals.attachDocument(actor, c, {
      kind: 'overlay_report',
      body: overlayDocumentBody(report, drawing, `办件 ${caseNo}`),
      event: { kind: 'overlay_attached', details: { verdict: report.planZones.verdict }, public: false },
      also: (trx, d) => platform.audit.record(trx, actor, {
        action: 'map.overlay.attached', entityType: 'approvals.case', entityId: c.id, orgPath: c.orgPath,
        details: { caseNo, documentId: d.id, docNo: d.docNo, verdict: report.planZones.verdict, redlineM2: report.redline.areaM2 }, ip: req.ip,
      }).then(() => undefined),
    });
    return reply.status(201).send({ documentId: doc.id, docNo: doc.docNo, verifyUrl: doc.verifyUrl, report });
  });

};
