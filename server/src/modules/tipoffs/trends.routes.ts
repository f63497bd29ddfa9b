/** Trend routes (趋势分析, Excel) and the Open311 client keys (issued by an administrator). */
import crypto from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { sendXlsx, toXlsx } from '../../platform/export/xlsx.ts';
import type { TipoffsRouteOptions } from './tipoffs.routes.ts';
import {
  ApiKeyCreated, ApiKeyInput, ApiKeyView, CHANNELS, HeatmapQuery, HeatmapResponse, HotspotsResponse, RisingResponse, STATUSES,
  TrendsQuery, TrendsResponse, VIOLATION_TYPES,
} from './tipoffs.schemas.ts';
import { heatmap, hotspots, risingFor, trendSeries } from './trends.ts';
import { sha256Hex, todayOf } from './tipoffs.deps.ts';
import { listReports } from './views.ts';

const tags = ['tipoffs'];

export const trendsRoutes: FastifyPluginAsync<TipoffsRouteOptions> = async (app, { platform, tipoffs }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = tipoffs;

  r.get('/api/tipoffs/trends', {
    schema: { tags, summary: 'Weekly or monthly counts by area (county), type or channel', querystring: TrendsQuery, response: { 200: TrendsResponse } },
  }, async (req) => {
    const actor = requirePermission(req, 'tipoffs.trends.read');
    return tipoffs.inScope(actor, (trx) => trendSeries(trx, req.query, todayOf(deps)));
  });

  r.get('/api/tipoffs/trends/heatmap', {
    schema: { tags, summary: 'Heat map: report counts in grid cells of `cell` degrees (cell centres)', querystring: HeatmapQuery, response: { 200: HeatmapResponse } },
  }, async (req) => {
    const actor = requirePermission(req, 'tipoffs.trends.read');
    return tipoffs.inScope(actor, (trx) => heatmap(trx, req.query));
  });

  r.get('/api/tipoffs/trends/rising', {
    schema: { tags, summary: 'Areas whose recent weekly count rose unusually against their own history (苗头性问题)', response: { 200: RisingResponse } },
  }, async (req) => {
    const actor = requirePermission(req, 'tipoffs.trends.read');
    return tipoffs.inScope(actor, (trx) => risingFor(trx, actor.scopePath ?? 'cn', todayOf(deps)));
  });

  r.get('/api/tipoffs/trends/hotspots', {
    schema: { tags, summary: 'Places reported again and again (重复举报点位)', querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(20) }), response: { 200: HotspotsResponse } },
  }, async (req) => {
    const actor = requirePermission(req, 'tipoffs.trends.read');
    return tipoffs.inScope(actor, (trx) => hotspots(trx, req.query.limit));
  });

  r.get('/api/tipoffs/trends/export.xlsx', {
    schema: { tags, summary: 'Excel: counts per period, rising areas, repeated places and the ledger (no reporter data)', querystring: TrendsQuery },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'tipoffs.trends.read');
    const today = todayOf(deps);
    const cal = await deps.calendar.snapshot();
    const data = await tipoffs.inScope(actor, async (trx) => ({
      trend: await trendSeries(trx, req.query, today),
      rising: await risingFor(trx, actor.scopePath ?? 'cn', today),
      spots: await hotspots(trx, 200),
      ledger: await listReports(trx, { limit: 200, ...(req.query.from ? { from: req.query.from } : {}), ...(req.query.to ? { to: req.query.to } : {}) }, cal),
    }));
    type S = (typeof data.trend.series)[number];
    const body = await toXlsx([
      {
        name: '统计', rows: data.trend.series,
        columns: [
          { header: req.query.by === 'area' ? '地区' : req.query.by === 'type' ? '违法类型' : '举报渠道', value: (s: S) => s.name, width: 24 },
          ...data.trend.periods.map((p, i) => ({ header: p, value: (s: S) => s.counts[i] ?? 0, width: 12 })),
          { header: '合计', value: (s: S) => s.total, width: 10 },
        ],
      },
      {
        name: '苗头性问题', rows: data.rising.items,
        columns: [
          { header: '地区', value: (x: (typeof data.rising.items)[number]) => x.divisionName, width: 20 },
          { header: '近期周均', value: (x: (typeof data.rising.items)[number]) => x.recent },
          { header: '历史周均', value: (x: (typeof data.rising.items)[number]) => x.mean },
          { header: '标准差', value: (x: (typeof data.rising.items)[number]) => x.sd },
          { header: '阈值', value: (x: (typeof data.rising.items)[number]) => x.threshold },
        ],
      },
      {
        name: '重复举报点位', rows: data.spots.items,
        columns: [
          { header: '地址', value: (x: (typeof data.spots.items)[number]) => x.address, width: 40 },
          { header: '经度', value: (x: (typeof data.spots.items)[number]) => x.lon },
          { header: '纬度', value: (x: (typeof data.spots.items)[number]) => x.lat },
          { header: '举报次数', value: (x: (typeof data.spots.items)[number]) => x.count },
          { header: '未办结', value: (x: (typeof data.spots.items)[number]) => x.openCount },
        ],
      },
      {
        name: '台账', rows: data.ledger.items,
        columns: [
          { header: '举报编号', value: (x: (typeof data.ledger.items)[number]) => x.reportNo, width: 22 },
          { header: '接收时间', value: (x: (typeof data.ledger.items)[number]) => new Date(x.receivedAt), width: 18 },
          { header: '渠道', value: (x: (typeof data.ledger.items)[number]) => CHANNELS[x.channel], width: 12 },
          { header: '违法类型', value: (x: (typeof data.ledger.items)[number]) => VIOLATION_TYPES[x.violationType].name, width: 20 },
          { header: '地区', value: (x: (typeof data.ledger.items)[number]) => x.divisionName, width: 14 },
          { header: '地址', value: (x: (typeof data.ledger.items)[number]) => x.address, width: 36 },
          { header: '状态', value: (x: (typeof data.ledger.items)[number]) => STATUSES[x.status], width: 16 },
          { header: '环节期限', value: (x: (typeof data.ledger.items)[number]) => x.stageDueDate, width: 12 },
        ],
      },
    ]);
    return sendXlsx(reply, `举报趋势分析-${today}.xlsx`, body);
  });

  // Open311 client keys: only the hash is stored; the key is shown once.
  r.get('/api/tipoffs/apikeys', { schema: { tags, summary: 'Open311 client keys', response: { 200: z.object({ items: z.array(ApiKeyView) }) } } }, async (req) => {
    const actor = requirePermission(req, 'tipoffs.apikey.manage');
    const rows = await tipoffs.inScope(actor, (trx) => trx.selectFrom('tipoffs.api_keys').selectAll().orderBy('id').execute());
    return { items: rows.map((k) => ({ id: k.id, name: k.name, contact: k.contact, prefix: k.prefix, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null, lastUsedAt: k.lastUsedAt?.toISOString() ?? null })) };
  });

  r.post('/api/tipoffs/apikeys', { schema: { tags, summary: 'Issue an Open311 client key (shown once)', body: ApiKeyInput, response: { 201: ApiKeyCreated } } }, async (req, reply) => {
    const actor = requirePermission(req, 'tipoffs.apikey.manage');
    const key = `o311_${crypto.randomBytes(24).toString('base64url')}`;
    const k = await tipoffs.inScope(actor, async (trx) => {
      const row = await trx.insertInto('tipoffs.api_keys').values({ name: req.body.name, contact: req.body.contact ?? null, prefix: key.slice(0, 9), keyHash: sha256Hex(key), createdBy: actor.userId, revokedAt: null, lastUsedAt: null })
        .returningAll().executeTakeFirstOrThrow();
      await platform.audit.record(trx, actor, { action: 'tipoffs.apikey.created', entityType: 'tipoffs.api_key', entityId: row.id, details: { name: row.name, prefix: row.prefix } });
      return row;
    });
    return reply.status(201).send({ id: k.id, name: k.name, contact: k.contact, prefix: k.prefix, createdAt: k.createdAt.toISOString(), revokedAt: null, lastUsedAt: null, key });
  });

  r.post('/api/tipoffs/apikeys/:id/revoke', {
    schema: { tags, summary: 'Revoke an Open311 client key', params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: ApiKeyView } },
  }, async (req) => {
    const actor = requirePermission(req, 'tipoffs.apikey.manage');
    return tipoffs.inScope(actor, async (trx) => {
      const k = await trx.updateTable('tipoffs.api_keys').set({ revokedAt: new Date() }).where('id', '=', req.params.id).where('revokedAt', 'is', null).returningAll().executeTakeFirst();
      if (!k) throw new AppError('tipoffs.apikey_not_found', `no active key ${req.params.id}`, { field: 'id' });
      await platform.audit.record(trx, actor, { action: 'tipoffs.apikey.revoked', entityType: 'tipoffs.api_key', entityId: k.id, details: { name: k.name, prefix: k.prefix } });
      return { id: k.id, name: k.name, contact: k.contact, prefix: k.prefix, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt!.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null };
    });
  });
};
