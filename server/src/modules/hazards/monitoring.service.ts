/**
 * Monitoring (专业监测): devices (SensorThings Things) report observations over MQTT or HTTP;
 * each batch is stored (a repeat of datastream + time is the same observation: QoS 1
 * redelivery changes nothing), then the datastream's thresholds are evaluated, ThingsBoard-style:
 * one active alarm per datastream and metric, raised once, escalated when the level rises (SMS
 * to the site's 群测群防 roster each time), lowered, cleared when the value falls back, and
 * acknowledged by a person. Refused input (unknown device, topic or datastream, malformed
 * payload, time far in the future) is logged in hazards.ingest_rejections and changes nothing else.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { SYSTEM_CONTEXT, withContext, type Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { NotifyService } from '../../platform/notify/index.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { Metric } from './hazards.tables.ts';

export const LEVELS: Record<number, { zh: string; colour: string; en: string }> = {
  1: { zh: '一级', colour: '红色', en: 'red' }, 2: { zh: '二级', colour: '橙色', en: 'orange' },
  3: { zh: '三级', colour: '黄色', en: 'yellow' }, 4: { zh: '四级', colour: '蓝色', en: 'blue' },
};
const METRIC_ZH: Record<Metric, string> = { value: '当前值', sum_1h: '1小时累计', sum_24h: '24小时累计', rate_24h: '24小时变化量' };

export const deviceTopic = (deviceId: string) => `sunland/devices/${deviceId}/observations`;
const TOPIC = /^sunland\/devices\/([A-Za-z0-9_-]{3,40})\/observations$/;
export const hashSecret = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export interface ObservationIn { datastream: string; phenomenonTime: string; result: number }

export class Rejected extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** Parses a device payload: one observation or `{observations: [...]}` (at most 500). */
export function parsePayload(raw: string | Buffer): ObservationIn[] {
  let data: unknown;
  try {
    data = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    throw new Rejected('payload', 'payload is not JSON');
  }
  const list = data && typeof data === 'object' && Array.isArray((data as { observations?: unknown }).observations)
    ? (data as { observations: unknown[] }).observations : [data];
  if (list.length === 0 || list.length > 500) throw new Rejected('observations', 'between 1 and 500 observations per message');
  return list.map((o, i) => {
    if (!o || typeof o !== 'object') throw new Rejected(`observations[${i}]`, 'an observation is an object');
    const { datastream, phenomenonTime, result } = o as Record<string, unknown>;
    if (typeof datastream !== 'string' || !/^[a-z0-9_]{1,30}$/.test(datastream)) throw new Rejected(`observations[${i}].datastream`, 'datastream code missing or malformed');
    if (typeof phenomenonTime !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(phenomenonTime) || Number.isNaN(Date.parse(phenomenonTime))) {
      throw new Rejected(`observations[${i}].phenomenonTime`, 'phenomenonTime is not an ISO 8601 time with zone');
    }
    if (typeof result !== 'number' || !Number.isFinite(result)) throw new Rejected(`observations[${i}].result`, 'result is not a finite number');
    return { datastream, phenomenonTime, result };
  });
}

export interface MonitoringDeps {
  db: Db;
  audit: AuditService;
  notify: Pick<NotifyService, 'enqueue'>;
  maxFutureSeconds: number;
  now?: () => Date;
  log?: (msg: string) => void;
}

export function createMonitoringService(deps: MonitoringDeps) {
  const now = () => (deps.now ? deps.now() : new Date());

  async function reject(source: 'mqtt' | 'http', deviceId: string | null, topic: string | null, reason: string, payload: string | Buffer | null) {
    const text = payload === null ? null : (typeof payload === 'string' ? payload : payload.toString('utf8')).slice(0, 500).replaceAll(String.fromCharCode(0), '');
    deps.log?.(`hazards ingest refused (${source} ${deviceId ?? '?'}): ${reason}`);
    await withContext(deps.db, SYSTEM_CONTEXT, (trx) => trx.insertInto('hazards.ingest_rejections').values({ source, deviceId, topic, reason, payload: text }).execute());
  }

  /** The metric of a threshold at time `at` from the stored observations. */
  async function metricValue(trx: Tx, datastreamId: number, metric: Metric, at: Date): Promise<number | null> {
    if (metric === 'value') {
      const r = await trx.selectFrom('hazards.observations').select('result').where('datastreamId', '=', datastreamId).where('phenomenonTime', '<=', at)
        .orderBy('phenomenonTime', 'desc').limit(1).executeTakeFirst();
      return r?.result ?? null;
    }
    const hours = metric === 'sum_1h' ? 1 : 24;
    const from = new Date(at.getTime() - hours * 3600_000);
    if (metric === 'rate_24h') {
      const r = await sql<{ d: number | null }>`select max(result) filter (where phenomenon_time = (select max(phenomenon_time) from hazards.observations where datastream_id = ${datastreamId} and phenomenon_time > ${from} and phenomenon_time <= ${at}))
          - max(result) filter (where phenomenon_time = (select min(phenomenon_time) from hazards.observations where datastream_id = ${datastreamId} and phenomenon_time > ${from} and phenomenon_time <= ${at})) as d
        from hazards.observations where datastream_id = ${datastreamId} and phenomenon_time > ${from} and phenomenon_time <= ${at}`.execute(trx);
      return r.rows[0]?.d ?? null;
    }
    const r = await sql<{ s: number | null }>`select sum(result) as s from hazards.observations
      where datastream_id = ${datastreamId} and phenomenon_time > ${from} and phenomenon_time <= ${at}`.execute(trx);
    return r.rows[0]?.s === null || r.rows[0]?.s === undefined ? null : Number(r.rows[0].s);
  }

  function levelOf(t: { blue: number | null; yellow: number | null; orange: number | null; red: number | null }, v: number): number | null {
    if (t.red !== null && v >= t.red) return 1;
    if (t.orange !== null && v >= t.orange) return 2;
    if (t.yellow !== null && v >= t.yellow) return 3;
    if (t.blue !== null && v >= t.blue) return 4;
    return null;
  }

  async function alarmMessage(trx: Tx, alarm: { id: number; siteId: number | null; orgPath: string; severity: number; metric: Metric; lastValue: number }, ds: { name: string; unitSymbol: string }, kind: 'raised' | 'escalated') {
    if (alarm.siteId === null) return;
    const site = await trx.selectFrom('hazards.sites').select(['name', 'siteNo']).where('id', '=', alarm.siteId).executeTakeFirstOrThrow();
    const people = await trx.selectFrom('hazards.site_people').select(['phone', 'userId', 'role']).where('siteId', '=', alarm.siteId).orderBy('id').execute();
    const l = LEVELS[alarm.severity]!;
    const body = `【地灾监测${kind === 'raised' ? '报警' : '报警升级'}】${site.name}（${site.siteNo}）${ds.name}${METRIC_ZH[alarm.metric]}${Math.round(alarm.lastValue * 10) / 10}${ds.unitSymbol}，达${l.colour}（${l.zh}）阈值。请立即巡查，必要时组织群众撤离。报警编号${alarm.id}。`;
    const seen = new Set<string>();
    for (const p of people) {
      if (seen.has(p.phone)) continue;
      seen.add(p.phone);
      await deps.notify.enqueue(trx, { channel: 'sms', to: p.phone, body, dedupeKey: `hazards.alarm.${alarm.id}.${alarm.severity}.${p.phone}` });
      if (p.userId) await deps.notify.enqueue(trx, { channel: 'inapp', to: String(p.userId), subject: '地灾监测报警', body, dedupeKey: `hazards.alarm.${alarm.id}.${alarm.severity}.u${p.userId}` });
    }
  }

  /** Evaluates every threshold of a datastream at its latest time; caller holds the datastream lock. */
  async function evaluate(trx: Tx, ds: { id: number; name: string; unitSymbol: string; orgPath: string; siteId: number | null }, at: Date) {
    const thresholds = await trx.selectFrom('hazards.thresholds').selectAll().where('datastreamId', '=', ds.id).execute();
    for (const t of thresholds) {
      const v = await metricValue(trx, ds.id, t.metric, at);
      const level = v === null ? null : levelOf(t, v);
      const active = await trx.selectFrom('hazards.alarms').selectAll().where('datastreamId', '=', ds.id).where('metric', '=', t.metric).where('status', '=', 'active').forUpdate().executeTakeFirst();
      if (!active) {
        if (level === null) continue;
        const a = await trx.insertInto('hazards.alarms').values({
          datastreamId: ds.id, siteId: ds.siteId, orgPath: ds.orgPath, metric: t.metric, severity: level, peakSeverity: level, raisedValue: v!, lastValue: v!, raisedAt: now(),
          clearedAt: null, acknowledgedAt: null, acknowledgedBy: null,
        }).onConflict((oc) => oc.columns(['datastreamId', 'metric']).where('status', '=', 'active').doNothing()).returningAll().executeTakeFirst();
        if (!a) continue; // raised meanwhile by another transaction: that one raised it
        await trx.insertInto('hazards.alarm_events').values({ alarmId: a.id, orgPath: a.orgPath, kind: 'raised', severity: level, value: v, byUser: null }).execute();
        await deps.audit.record(trx, null, { action: 'hazards.alarm.raised', entityType: 'hazards.alarm', entityId: a.id, orgPath: a.orgPath, details: { datastreamId: ds.id, metric: t.metric, severity: level, value: v } });
        await alarmMessage(trx, a, ds, 'raised');
        continue;
      }
      if (level === null) {
        await trx.updateTable('hazards.alarms').set({ status: 'cleared', clearedAt: now(), lastValue: v ?? active.lastValue }).where('id', '=', active.id).execute();
        await trx.insertInto('hazards.alarm_events').values({ alarmId: active.id, orgPath: active.orgPath, kind: 'cleared', severity: null, value: v, byUser: null }).execute();
        await deps.audit.record(trx, null, { action: 'hazards.alarm.cleared', entityType: 'hazards.alarm', entityId: active.id, orgPath: active.orgPath, details: { value: v } });
        continue;
      }
      if (level === active.severity) {
        await trx.updateTable('hazards.alarms').set({ lastValue: v! }).where('id', '=', active.id).execute();
        continue;
      }
      const up = level < active.severity;
      const a = await trx.updateTable('hazards.alarms').set({ severity: level, peakSeverity: Math.min(level, active.peakSeverity), lastValue: v!, ...(up ? { acknowledgedAt: null, acknowledgedBy: null } : {}) })
        .where('id', '=', active.id).returningAll().executeTakeFirstOrThrow();
      await trx.insertInto('hazards.alarm_events').values({ alarmId: a.id, orgPath: a.orgPath, kind: up ? 'escalated' : 'lowered', severity: level, value: v, byUser: null }).execute();
      if (up) {
        await deps.audit.record(trx, null, { action: 'hazards.alarm.escalated', entityType: 'hazards.alarm', entityId: a.id, orgPath: a.orgPath, details: { severity: level, value: v } });
        await alarmMessage(trx, a, ds, 'escalated');
      }
    }
  }

  const service = {
    /**
     * Stores a device's observations and evaluates the thresholds, in one transaction: the
     * MQTT PUBACK / HTTP answer follows the commit. Refused input is logged and throws
     * `Rejected`; a database failure throws as is (the device sends again).
     */
    async ingest(source: 'mqtt' | 'http', deviceId: string, topic: string | null, payload: string | Buffer): Promise<{ stored: number; duplicates: number }> {
      let obs: ObservationIn[];
      try {
        obs = parsePayload(payload);
      } catch (e) {
        if (e instanceof Rejected) await reject(source, deviceId, topic, `${e.field}: ${e.message}`, payload);
        throw e;
      }
      const limit = now().getTime() + deps.maxFutureSeconds * 1000;
      const future = obs.findIndex((o) => Date.parse(o.phenomenonTime) > limit);
      if (future >= 0) {
        const e = new Rejected(`observations[${future}].phenomenonTime`, `phenomenonTime ${obs[future]!.phenomenonTime} is more than ${deps.maxFutureSeconds} s in the future`);
        await reject(source, deviceId, topic, `${e.field}: ${e.message}`, payload);
        throw e;
      }
      const outcome = await withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
        const thing = await trx.selectFrom('hazards.things').select(['id', 'siteId', 'orgPath', 'active']).where('deviceId', '=', deviceId).executeTakeFirst();
        if (!thing || !thing.active) return { rejected: new Rejected('device', `unknown or inactive device ${deviceId}`) };
        const codes = [...new Set(obs.map((o) => o.datastream))];
        const streams = await trx.selectFrom('hazards.datastreams').select(['id', 'code', 'name', 'unitSymbol', 'orgPath']).where('thingId', '=', thing.id).where('code', 'in', codes)
          .orderBy('id').forUpdate().execute();
        const byCode = new Map(streams.map((s) => [s.code, s]));
        const unknown = codes.find((c) => !byCode.has(c));
        if (unknown) return { rejected: new Rejected('datastream', `device ${deviceId} has no datastream ${unknown}`) };
        let stored = 0;
        const latest = new Map<number, Date>();
        for (const o of obs) {
          const ds = byCode.get(o.datastream)!;
          const t = new Date(o.phenomenonTime);
          const r = await trx.insertInto('hazards.observations').values({ datastreamId: ds.id, orgPath: ds.orgPath, phenomenonTime: t, result: o.result })
            .onConflict((oc) => oc.columns(['datastreamId', 'phenomenonTime']).doNothing()).returning('id').execute();
          const n = r.length;
          stored += n;
          if (n > 0 && (!latest.has(ds.id) || latest.get(ds.id)! < t)) latest.set(ds.id, t);
        }
        for (const ds of streams) {
          const t = latest.get(ds.id);
          if (!t) continue;
          const cur = await trx.updateTable('hazards.datastreams')
            .set({ lastResult: sql`case when last_time is null or last_time <= ${t} then (select result from hazards.observations where datastream_id = ${ds.id} and phenomenon_time = ${t}) else last_result end`, lastTime: sql`greatest(last_time, ${t})` })
            .where('id', '=', ds.id).returning(['lastTime']).executeTakeFirstOrThrow();
          await evaluate(trx, { ...ds, siteId: thing.siteId }, cur.lastTime!);
        }
        return { stored, duplicates: obs.length - stored };
      });
      if ('rejected' in outcome && outcome.rejected) {
        await reject(source, deviceId, topic, `${outcome.rejected.field}: ${outcome.rejected.message}`, payload);
        throw outcome.rejected;
      }
      return outcome;
    },

    /** MQTT: the device a client may be, checked against its secret; null when refused (logged). */
    async authenticateDevice(deviceId: string, secret: string): Promise<boolean> {
      const thing = await withContext(deps.db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('hazards.things').select(['secretHash', 'active']).where('deviceId', '=', deviceId).executeTakeFirst());
      const ok = !!thing && thing.active && crypto.timingSafeEqual(Buffer.from(thing.secretHash), Buffer.from(hashSecret(secret)));
      if (!ok) await reject('mqtt', deviceId, null, 'device: unknown device or wrong secret', null);
      return ok;
    },

    /** The device id a topic belongs to, or null (then the publish is refused and logged). */
    topicDevice(topic: string): string | null {
      return TOPIC.exec(topic)?.[1] ?? null;
    },

    async refuse(source: 'mqtt' | 'http', deviceId: string | null, topic: string | null, reason: string, payload: string | Buffer | null) {
      await reject(source, deviceId, topic, reason, payload);
    },

    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },

    /** Registers a device at a site with a new secret (returned once) and its datastreams. */
    async registerDevice(trx: Tx, actor: Actor, input: {
      siteId: number; deviceId: string; name: string; description: string;
      datastreams: { code: string; name: string; observedProperty: string; sensor: string; unitName: string; unitSymbol: string; thresholds: { metric: Metric; blue: number | null; yellow: number | null; orange: number | null; red: number | null }[] }[];
    }) {
      const site = await trx.selectFrom('hazards.sites').select(['id', 'orgPath', 'lon', 'lat', 'status']).where('id', '=', input.siteId).executeTakeFirst();
      if (!site) throw new AppError('hazards.site_not_found', `siteId: no hazard site ${input.siteId}`, { field: 'siteId' });
      const dup = await withContext(deps.db, SYSTEM_CONTEXT, (t2) => t2.selectFrom('hazards.things').select('id').where('deviceId', '=', input.deviceId).executeTakeFirst());
      if (dup) throw new AppError('conflict', `deviceId: device ${input.deviceId} exists`, { field: 'deviceId' });
      const secret = crypto.randomBytes(18).toString('base64url');
      const thing = await trx.insertInto('hazards.things').values({
        siteId: site.id, orgPath: site.orgPath, name: input.name, description: input.description, deviceId: input.deviceId, secretHash: hashSecret(secret), lon: site.lon, lat: site.lat,
      }).returningAll().executeTakeFirstOrThrow();
      const streams = [];
      for (const [i, d] of input.datastreams.entries()) {
        const op = await trx.selectFrom('hazards.observed_properties').select('id').where('code', '=', d.observedProperty).executeTakeFirst();
        if (!op) throw invalid(`datastreams[${i}].observedProperty`, `unknown observed property ${d.observedProperty}`, `观测属性${d.observedProperty}不存在`);
        const sensor = await trx.selectFrom('hazards.sensors').select('id').where('name', '=', d.sensor).executeTakeFirst();
        if (!sensor) throw invalid(`datastreams[${i}].sensor`, `unknown sensor ${d.sensor}`, `传感器${d.sensor}不存在`);
        const ds = await trx.insertInto('hazards.datastreams').values({
          thingId: thing.id, sensorId: sensor.id, observedPropertyId: op.id, orgPath: site.orgPath, code: d.code, name: d.name, unitName: d.unitName, unitSymbol: d.unitSymbol, lastResult: null, lastTime: null,
        }).returningAll().executeTakeFirstOrThrow();
        for (const t of d.thresholds) {
          await trx.insertInto('hazards.thresholds').values({ datastreamId: ds.id, orgPath: site.orgPath, ...t }).execute();
        }
        streams.push(ds);
      }
      await deps.audit.record(trx, actor, { action: 'hazards.device.registered', entityType: 'hazards.thing', entityId: thing.id, orgPath: site.orgPath, details: { deviceId: input.deviceId, datastreams: streams.map((s) => s.code) } });
      const { secretHash: _omit, ...shown } = thing;
      void _omit;
      return { ...shown, secret, topic: deviceTopic(thing.deviceId), datastreams: streams };
    },

    async listAlarms(trx: Tx, f: { status?: 'active' | 'cleared'; siteId?: number }) {
      let q = trx.selectFrom('hazards.alarms as a').innerJoin('hazards.datastreams as d', 'd.id', 'a.datastreamId')
        .leftJoin('hazards.sites as s', 's.id', 'a.siteId')
        .select(['a.id', 'a.datastreamId', 'a.siteId', 'a.metric', 'a.severity', 'a.peakSeverity', 'a.status', 'a.raisedValue', 'a.lastValue', 'a.raisedAt', 'a.clearedAt', 'a.acknowledgedAt', 'a.acknowledgedBy',
          'd.name as datastreamName', 'd.unitSymbol', 's.name as siteName', 's.siteNo'])
        .orderBy('a.id', 'desc').limit(500);
      if (f.status) q = q.where('a.status', '=', f.status);
      if (f.siteId) q = q.where('a.siteId', '=', f.siteId);
      return q.execute();
    },

    async alarmEvents(trx: Tx, alarmId: number) {
      return trx.selectFrom('hazards.alarm_events').selectAll().where('alarmId', '=', alarmId).orderBy('id').execute();
    },

    /** A person acknowledges (确认) an alarm; an escalation afterwards needs a new acknowledgement. */
    async acknowledge(trx: Tx, actor: Actor, alarmId: number) {
      const a = await trx.selectFrom('hazards.alarms').selectAll().where('id', '=', alarmId).forUpdate().executeTakeFirst();
      if (!a) throw new AppError('hazards.alarm_not_found', `id: no alarm ${alarmId}`, { field: 'id' });
      if (a.acknowledgedAt) throw new AppError('conflict', `alarm ${alarmId} is already acknowledged`);
      const updated = await trx.updateTable('hazards.alarms').set({ acknowledgedAt: now(), acknowledgedBy: actor.userId }).where('id', '=', alarmId).returningAll().executeTakeFirstOrThrow();
      await trx.insertInto('hazards.alarm_events').values({ alarmId, orgPath: a.orgPath, kind: 'acknowledged', severity: a.severity, value: null, byUser: actor.userId }).execute();
      await deps.audit.record(trx, actor, { action: 'hazards.alarm.acknowledged', entityType: 'hazards.alarm', entityId: alarmId, orgPath: a.orgPath, details: { severity: a.severity } });
      return updated;
    },
  };
  return service;
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;
