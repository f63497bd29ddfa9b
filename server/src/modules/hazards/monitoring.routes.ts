/**
 * Monitoring HTTP surface: device registration (hazards.device.manage), HTTP ingest for devices
 * (device id + secret in the Authorization header, Basic), datastream readings, alarms and their
 * acknowledgement (hazards.alarm.ack).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { requirePermission } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { Rejected, type MonitoringService } from './monitoring.service.ts';

export interface MonitoringRouteOptions extends RouteOptions { monitoring: MonitoringService }

const tags = ['hazards'];
const Id = z.object({ id: z.coerce.number().int().min(1) });
const Level = z.number().min(-1e9).max(1e9).nullable().default(null);

export const monitoringRoutes: FastifyPluginAsync<MonitoringRouteOptions> = async (app, { monitoring }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/hazards/devices', {
    schema: {
      tags, summary: 'Register a monitoring device at a site with its datastreams and thresholds; the secret is shown once',
      body: z.strictObject({
        siteId: z.number().int().min(1),
        deviceId: z.string().regex(/^[A-Za-z0-9_-]{3,40}$/),
        name: z.string().trim().min(2).max(100),
        description: z.string().trim().max(500).default(''),
        datastreams: z.array(z.strictObject({
          code: z.string().regex(/^[a-z0-9_]{1,30}$/), name: z.string().trim().min(1).max(100),
          observedProperty: z.enum(['rainfall', 'displacement', 'crack_width', 'tilt', 'water_level']), sensor: z.string().max(100),
          unitName: z.string().min(1).max(40), unitSymbol: z.string().min(1).max(10),
          thresholds: z.array(z.strictObject({ metric: z.enum(['value', 'sum_1h', 'sum_24h', 'rate_24h']), blue: Level, yellow: Level, orange: Level, red: Level })).max(4).default([]),
        })).min(1).max(10),
      }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'hazards.device.manage');
    return reply.status(201).send(await monitoring.inScope(actor, (trx) => monitoring.registerDevice(trx, actor, req.body)));
  });

  // Devices that cannot speak MQTT post the same payload here, authenticated as on MQTT.
  r.post('/api/hazards/ingest/:deviceId', {
    schema: { tags, summary: 'HTTP ingest of observations (device id and secret as Basic authorization)', params: z.object({ deviceId: z.string().regex(/^[A-Za-z0-9_-]{3,40}$/) }), body: z.unknown() },
  }, async (req, reply) => {
    const auth = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
    const [user, secret] = auth ? Buffer.from(auth[1]!, 'base64').toString('utf8').split(/:(.*)/s) : [];
    if (user !== req.params.deviceId || !secret || !(await monitoring.authenticateDevice(req.params.deviceId, secret))) {
      throw new AppError('hazards.device_unauthorised', 'authorization: unknown device or wrong secret', { field: 'authorization' });
    }
    try {
      const res = await monitoring.ingest('http', req.params.deviceId, req.url, JSON.stringify(req.body));
      return reply.status(201).send(res);
    } catch (e) {
      if (e instanceof Rejected) throw new AppError('hazards.observation_rejected', `${e.field}: ${e.message}`, { field: e.field });
      throw e;
    }
  });

  r.get('/api/hazards/datastreams', { schema: { tags, summary: 'Datastreams with their latest value and thresholds', querystring: z.object({ siteId: z.coerce.number().int().min(1).optional() }) } }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.read');
    return monitoring.inScope(actor, async (trx) => {
      let q = trx.selectFrom('hazards.datastreams as d').innerJoin('hazards.things as t', 't.id', 'd.thingId')
        .select(['d.id', 'd.code', 'd.name', 'd.unitSymbol', 'd.lastResult', 'd.lastTime', 't.deviceId', 't.name as thingName', 't.siteId']).orderBy('d.id');
      if (req.query.siteId) q = q.where('t.siteId', '=', req.query.siteId);
      const rows = await q.execute();
      const th = rows.length ? await trx.selectFrom('hazards.thresholds').selectAll().where('datastreamId', 'in', rows.map((x) => x.id)).execute() : [];
      return rows.map((d) => ({ ...d, thresholds: th.filter((x) => x.datastreamId === d.id).map(({ metric, blue, yellow, orange, red }) => ({ metric, blue, yellow, orange, red })) }));
    });
  });

  r.get('/api/hazards/datastreams/:id/observations', {
    schema: { tags, summary: 'Observations of a datastream in a period, oldest first (for the chart)', params: Id, querystring: z.object({ hours: z.coerce.number().int().min(1).max(24 * 90).default(48) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.read');
    return monitoring.inScope(actor, async (trx) => {
      const ds = await trx.selectFrom('hazards.datastreams').select(['id', 'lastTime']).where('id', '=', req.params.id).executeTakeFirst();
      if (!ds) throw new AppError('hazards.datastream_not_found', `id: no datastream ${req.params.id}`, { field: 'id' });
      const to = ds.lastTime ?? new Date();
      return trx.selectFrom('hazards.observations').select(['phenomenonTime', 'result']).where('datastreamId', '=', ds.id)
        .where('phenomenonTime', '>', new Date(to.getTime() - req.query.hours * 3600_000)).orderBy('phenomenonTime').limit(5000).execute();
    });
  });

  r.get('/api/hazards/alarms', {
    schema: { tags, summary: 'Monitoring alarms (监测报警), newest first', querystring: z.object({ status: z.enum(['active', 'cleared']).optional(), siteId: z.coerce.number().int().min(1).optional() }) },
  }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.read');
    return monitoring.inScope(actor, (trx) => monitoring.listAlarms(trx, req.query));
  });

  r.get('/api/hazards/alarms/:id/events', { schema: { tags, summary: 'What happened to an alarm', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'hazards.site.read');
    return monitoring.inScope(actor, (trx) => monitoring.alarmEvents(trx, req.params.id));
  });

  r.post('/api/hazards/alarms/:id/acknowledge', { schema: { tags, summary: 'Acknowledge an alarm (确认报警)', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'hazards.alarm.ack');
    return monitoring.inScope(actor, (trx) => monitoring.acknowledge(trx, actor, req.params.id));
  });

  r.get('/api/hazards/rejections', { schema: { tags, summary: 'Refused device input (拒收记录), newest first' } }, async (req) => {
    const actor = requirePermission(req, 'hazards.device.manage');
    return monitoring.inScope(actor, (trx) => trx.selectFrom('hazards.ingest_rejections').selectAll().orderBy('id', 'desc').limit(200).execute());
  });
};
