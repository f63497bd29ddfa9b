/**
 * A read-only OGC SensorThings API 1.1 endpoint at /sta/v1.1/ over the monitoring tables, for
 * existing SensorThings clients (FROST's conventions): entity sets Things, Locations, Sensors,
 * ObservedProperties, Datastreams, Observations; one entity `Set(id)`; navigation
 * `Things(1)/Datastreams`, `Datastreams(1)/Observations`; options $top (≤ 1000), $skip,
 * $orderby (one property, asc|desc), $filter (comparisons eq ne gt ge lt le of a property with a
 * number, 'string' or ISO time, joined by `and`), $count, $expand (one level of navigation
 * properties, comma-separated). @iot.id, @iot.selfLink and @iot.navigationLink on every entity,
 * @iot.nextLink when more remain. Staff with hazards.site.read; RLS limits rows to their scope.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import type { RouteOptions } from '../../platform/platform.ts';
import { requirePermission } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { Tx } from '../../platform/db/context.ts';
import type { MonitoringService } from './monitoring.service.ts';

export interface StaRouteOptions extends RouteOptions { monitoring: MonitoringService }

const BASE = '/sta/v1.1';

interface EntityDef {
  table: string;
  /** STA property → SQL expression. */
  props: Record<string, string>;
  /** Navigation property → [entity set, foreign key on the other side or this side]. */
  nav: Record<string, { set: string; many: boolean; local?: string; remote?: string }>;
  present(row: Record<string, unknown>): Record<string, unknown>;
}

/** Rows come through the CamelCasePlugin: snake_case columns read as camelCase keys. */
const camel = (c: string) => c.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null ? null : String(v));

const ENTITIES: Record<string, EntityDef> = {
  Things: {
    table: 'hazards.things',
    props: { id: 'id', name: 'name', description: 'description' },
    nav: { Datastreams: { set: 'Datastreams', many: true, remote: 'thing_id' }, Locations: { set: 'Locations', many: true, remote: 'id' } },
    present: (r) => ({ name: r.name, description: r.description, properties: { deviceId: r.deviceId, siteId: r.siteId } }),
  },
  Locations: {
    table: 'hazards.things',
    props: { id: 'id', name: 'name', description: 'description' },
    nav: { Things: { set: 'Things', many: true, remote: 'id' } },
    present: (r) => ({ name: r.name, description: r.description, encodingType: 'application/geo+json', location: { type: 'Point', coordinates: [r.lon, r.lat] } }),
  },
  Sensors: {
    table: 'hazards.sensors',
    props: { id: 'id', name: 'name', description: 'description' },
    nav: { Datastreams: { set: 'Datastreams', many: true, remote: 'sensor_id' } },
    present: (r) => ({ name: r.name, description: r.description, encodingType: r.encodingType, metadata: r.metadata }),
  },
  ObservedProperties: {
    table: 'hazards.observed_properties',
    props: { id: 'id', name: 'name', description: 'description', definition: 'definition' },
    nav: { Datastreams: { set: 'Datastreams', many: true, remote: 'observed_property_id' } },
    present: (r) => ({ name: r.name, description: r.description, definition: r.definition }),
  },
  Datastreams: {
    table: 'hazards.datastreams',
    props: { id: 'id', name: 'name', description: 'description' },
    nav: {
      Thing: { set: 'Things', many: false, local: 'thing_id' }, Sensor: { set: 'Sensors', many: false, local: 'sensor_id' },
      ObservedProperty: { set: 'ObservedProperties', many: false, local: 'observed_property_id' }, Observations: { set: 'Observations', many: true, remote: 'datastream_id' },
    },
    present: (r) => ({
      name: r.name, description: r.description, observationType: 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement',
      unitOfMeasurement: { name: r.unitName, symbol: r.unitSymbol, definition: r.unitDefinition },
    }),
  },
  Observations: {
    table: 'hazards.observations',
    props: { id: 'id', phenomenonTime: 'phenomenon_time', resultTime: 'result_time', result: 'result' },
    nav: { Datastream: { set: 'Datastreams', many: false, local: 'datastream_id' } },
    present: (r) => ({ phenomenonTime: iso(r.phenomenonTime), resultTime: iso(r.resultTime), result: r.result }),
  },
};

const OPS: Record<string, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };

/** `$filter`: `prop op literal (and prop op literal)*`; anything else is a 400 naming $filter. */
function parseFilter(def: EntityDef, raw: string): RawBuilder<unknown>[] {
  const parts = raw.split(/\s+and\s+/i);
  return parts.map((p) => {
    const m = /^\s*([A-Za-z@.]+)\s+(eq|ne|gt|ge|lt|le)\s+(.+?)\s*$/.exec(p);
    if (!m) throw invalid('$filter', `unsupported expression "${p.slice(0, 80)}": use property op value joined by and`, `不支持的表达式“${p.slice(0, 80)}”：应为“属性 运算符 值”，多个条件用 and 连接`);
    const prop = m[1] === '@iot.id' ? 'id' : m[1]!;
    const col = def.props[prop];
    if (!col) throw invalid('$filter', `unknown property ${m[1]}`, `属性${m[1]}不存在`);
    const lit = m[3]!;
    let value: unknown;
    if (/^-?\d+(\.\d+)?$/.test(lit)) value = Number(lit);
    else if (/^'([^']*)'$/.test(lit)) value = lit.slice(1, -1);
    else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(lit) && !Number.isNaN(Date.parse(lit))) value = new Date(lit);
    else throw invalid('$filter', `unsupported literal ${lit.slice(0, 40)}`, `不支持的取值${lit.slice(0, 40)}`);
    return sql`${sql.ref(col)} ${sql.raw(OPS[m[2]!]!)} ${value}`;
  });
}

interface Query { top: number; skip: number; orderby: { col: string; dir: 'asc' | 'desc' } | null; filter: RawBuilder<unknown>[]; count: boolean; expand: string[] }

function parseQuery(def: EntityDef, q: Record<string, string | undefined>): Query {
  const top = q.$top === undefined ? 100 : Number(q.$top);
  if (!Number.isInteger(top) || top < 0 || top > 1000) throw invalid('$top', 'a whole number 0–1000', '应为0至1000的整数');
  const skip = q.$skip === undefined ? 0 : Number(q.$skip);
  if (!Number.isInteger(skip) || skip < 0) throw invalid('$skip', 'a whole number ≥ 0', '应为不小于0的整数');
  let orderby: Query['orderby'] = null;
  if (q.$orderby) {
    const m = /^\s*([A-Za-z@.]+)(?:\s+(asc|desc))?\s*$/i.exec(q.$orderby);
    const col = m ? def.props[m[1] === '@iot.id' ? 'id' : m[1]!] : undefined;
    if (!m || !col) throw invalid('$orderby', 'one property, optionally asc or desc', '应为一个属性，可加 asc 或 desc');
    orderby = { col, dir: (m[2]?.toLowerCase() as 'asc' | 'desc') ?? 'asc' };
  }
  const expand = q.$expand ? q.$expand.split(',').map((s) => s.trim()) : [];
  for (const e of expand) if (!def.nav[e]) throw invalid('$expand', `unknown navigation property ${e}`, `导航属性${e}不存在`);
  if (q.$count !== undefined && q.$count !== 'true' && q.$count !== 'false') throw invalid('$count', 'true or false', '应为 true 或 false');
  return { top, skip, orderby, filter: q.$filter ? parseFilter(def, q.$filter) : [], count: q.$count === 'true', expand };
}

function origin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

export const staRoutes: FastifyPluginAsync<StaRouteOptions> = async (app, { monitoring }) => {
  async function selectRows(trx: Tx, set: string, where: RawBuilder<unknown>[], q: Pick<Query, 'top' | 'skip' | 'orderby'> & { limitPlusOne?: boolean }) {
    const def = ENTITIES[set]!;
    const cond = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
    const order = q.orderby ? sql`order by ${sql.ref(q.orderby.col)} ${sql.raw(q.orderby.dir)}, id` : sql`order by id`;
    const limit = q.top + (q.limitPlusOne ? 1 : 0);
    const r = await sql<Record<string, unknown>>`select * from ${sql.table(def.table)} ${cond} ${order} limit ${limit} offset ${q.skip}`.execute(trx);
    return r.rows;
  }

  function entity(base: string, set: string, row: Record<string, unknown>): Record<string, unknown> {
    const def = ENTITIES[set]!;
    const self = `${base}${BASE}/${set}(${row.id})`;
    const out: Record<string, unknown> = { '@iot.id': Number(row.id), '@iot.selfLink': self, ...def.present(row) };
    for (const n of Object.keys(def.nav)) out[`${n}@iot.navigationLink`] = `${self}/${n}`;
    return out;
  }

  async function expandInto(trx: Tx, base: string, set: string, row: Record<string, unknown>, out: Record<string, unknown>, expand: string[]) {
    const def = ENTITIES[set]!;
    for (const n of expand) {
      const nav = def.nav[n]!;
      const where = nav.local ? [sql`id = ${row[camel(nav.local)]}`] : [sql`${sql.ref(nav.remote!)} = ${row.id}`];
      const rows = await selectRows(trx, nav.set, where, { top: nav.many ? 100 : 1, skip: 0, orderby: nav.set === 'Observations' ? { col: 'phenomenon_time', dir: 'desc' } : null });
      out[n] = nav.many ? rows.map((r) => entity(base, nav.set, r)) : (rows[0] ? entity(base, nav.set, rows[0]) : null);
    }
  }

  async function collection(req: FastifyRequest, set: string, where: RawBuilder<unknown>[]) {
    const actor = requirePermission(req, 'hazards.site.read');
    const def = ENTITIES[set]!;
    const q = parseQuery(def, req.query as Record<string, string>);
    const base = origin(req);
    return monitoring.inScope(actor, async (trx) => {
      const all = [...where, ...q.filter];
      const rows = await selectRows(trx, set, all, { ...q, limitPlusOne: true });
      const more = rows.length > q.top;
      const page = more ? rows.slice(0, q.top) : rows;
      const value = [];
      for (const r of page) {
        const e = entity(base, set, r);
        await expandInto(trx, base, set, r, e, q.expand);
        value.push(e);
      }
      const out: Record<string, unknown> = {};
      if (q.count) {
        const cond = all.length ? sql`where ${sql.join(all, sql` and `)}` : sql``;
        const c = await sql<{ n: string }>`select count(*) as n from ${sql.table(def.table)} ${cond}`.execute(trx);
        out['@iot.count'] = Number(c.rows[0]!.n);
      }
      if (more) {
        const [pathPart] = req.url.split('?');
        const params = Object.entries(req.query as Record<string, string>).filter(([k]) => k !== '$skip' && k !== '$top');
        params.push(['$top', String(q.top)], ['$skip', String(q.skip + q.top)]);
        out['@iot.nextLink'] = `${base}${pathPart}?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
      }
      out.value = value;
      return out;
    });
  }

  async function one(req: FastifyRequest, set: string, id: number, query = req.query as Record<string, string>) {
    const actor = requirePermission(req, 'hazards.site.read');
    const def = ENTITIES[set]!;
    const q = parseQuery(def, query);
    const base = origin(req);
    return monitoring.inScope(actor, async (trx) => {
      const rows = await selectRows(trx, set, [sql`id = ${id}`], { top: 1, skip: 0, orderby: null });
      if (!rows[0]) throw new AppError('not_found', `${set}(${id}) not found`, { field: 'id' });
      const e = entity(base, set, rows[0]);
      await expandInto(trx, base, set, rows[0], e, q.expand);
      return { row: rows[0], entity: e };
    });
  }

  app.get(`${BASE}`, { schema: { tags: ['hazards', 'sensorthings'], summary: 'SensorThings 1.1 service root' } }, async (req) => {
    const base = origin(req);
    return {
      value: Object.keys(ENTITIES).map((name) => ({ name, url: `${base}${BASE}/${name}` })),
      serverSettings: { conformance: ['http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel', 'http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities', 'http://www.opengis.net/spec/iot_sensing/1.1/req/request-data'] },
    };
  });

  // Entity sets, one entity, and one level of navigation: /Things, /Things(1), /Things(1)/Datastreams.
  app.get(`${BASE}/*`, { schema: { tags: ['hazards', 'sensorthings'], summary: 'SensorThings entity sets, entities and navigation (read only)' } }, async (req) => {
    const path = (req.params as { '*': string })['*'];
    const m = /^([A-Za-z]+)(?:\((\d{1,15})\)(?:\/([A-Za-z]+))?)?$/.exec(path);
    const set = m?.[1];
    if (!m || !set || !ENTITIES[set]) throw new AppError('not_found', `no SensorThings resource ${path.slice(0, 80)}`, { field: 'path' });
    if (m[2] === undefined) return collection(req, set, []);
    const id = Number(m[2]);
    if (!m[3]) return (await one(req, set, id)).entity;
    const nav = ENTITIES[set]!.nav[m[3]];
    if (!nav) throw new AppError('not_found', `${set} has no navigation property ${m[3]}`, { field: 'path' });
    const { row } = await one(req, set, id, {});
    if (nav.local) {
      return (await one(req, nav.set, Number(row[camel(nav.local)]), {})).entity;
    }
    return collection(req, nav.set, [sql`${sql.ref(nav.remote!)} = ${id}`]);
  });
};
