/**
 * The layer registry and its features: listing, bbox search (GiST `box` candidates, then an
 * exact JSTS test), single features, history, search by code or address, and edits that write
 * the history row, bump the layer version and audit in one transaction.
 *
 * Who sees what (the same rule for the map API, OGC API Features and the tiles): a public layer
 * everyone, anonymous included; a scoped layer a staff post with `map.layer.read`, and then only
 * the features inside the post's scope (RLS on map.features).
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { PUBLIC_CONTEXT, withContext, type DbContext, type Tx } from '../../platform/db/context.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import { ellipsoidalAreaM2, geometryEngine, validateGeometry, type Geometry } from '../../platform/geo/index.ts';
import { normaliseGeometry } from '../../platform/geo/formats/feature-utils.ts';
import type { AttributeDef, FeatureChange, LayerStyle } from './map.tables.ts';
import { bboxOf, bboxPolygon, boxText, type BBox } from './geometry.ts';
import { filterSql, queryablesOf, spatialNodes, type Expr } from './cql2.ts';

export interface LayerInfo {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  geometryType: string;
  attributeSchema: AttributeDef[];
  visibility: 'public' | 'scoped';
  synthetic: boolean;
  sourceNote: string;
  style: LayerStyle;
  sortOrder: number;
  featureCount: number;
  version: number;
  updatedAt: string;
}

export interface MapFeature {
  type: 'Feature';
  id: number;
  geometry: Geometry;
  properties: Record<string, unknown>;
  layer: string;
  code: string | null;
  name: string | null;
  areaM2: number | null;
  version: number;
  updatedAt: string;
}

export interface FeaturePage {
  type: 'FeatureCollection';
  features: MapFeature[];
  /** Cursor for the next page (`after=`), null on the last page. */
  next: number | null;
}

export interface FeatureVersion {
  version: number;
  change: FeatureChange;
  code: string | null;
  properties: Record<string, unknown>;
  geometry: Geometry;
  changedBy: number | null;
  changedByName: string | null;
  changedAt: string;
}

export interface FeatureInput {
  geometry: unknown;
  properties?: Record<string, unknown>;
  code?: string | null;
  name?: string | null;
  /** Division path of the feature; default the editor's scope. */
  orgPath?: string;
}

export const MAX_PAGE = 10_000;

export interface LayerPatch {
  version: number;
  name?: string;
  nameEn?: string;
  sortOrder?: number;
  sourceNote?: string;
  style?: LayerStyle;
  attributeSchema?: AttributeDef[];
}

/** Throws unless the actor may read the layer (public, or scoped with map.layer.read). */
export function assertMayRead(actor: Actor | null, layer: { visibility: string; code: string }): void {
  if (layer.visibility === 'public') return;
  if (!actor) throw new AppError('auth.unauthenticated', `layer ${layer.code} is not public: login required`);
  if (!actor.permissions.has('map.layer.read')) {
    throw new AppError('access.forbidden', `layer ${layer.code}: missing permission map.layer.read`, { permission: 'map.layer.read' });
  }
}

export function mayRead(actor: Actor | null, layer: { visibility: string }): boolean {
  return layer.visibility === 'public' || (!!actor && actor.permissions.has('map.layer.read'));
}

/** RLS context for reading a layer: public layers as the public (same answer for everyone). */
export function readContext(actor: Actor | null, layer: { visibility: string }): DbContext {
  return layer.visibility === 'public' ? PUBLIC_CONTEXT : actorContext(actor);
}

type LayerRow = Awaited<ReturnType<typeof loadLayers>>[number];
function loadLayers(q: Tx | Db) {
  return q.selectFrom('map.layers').selectAll().orderBy('sortOrder').orderBy('id').execute();
}
function presentLayer(r: LayerRow): LayerInfo {
  return {
    id: r.id, code: r.code, name: r.name, nameEn: r.nameEn, kind: r.kind, geometryType: r.geometryType, attributeSchema: r.attributeSchema,
    visibility: r.visibility, synthetic: r.synthetic, sourceNote: r.sourceNote, style: r.style, sortOrder: r.sortOrder,
    featureCount: r.featureCount, version: r.version, updatedAt: r.updatedAt.toISOString(),
  };
}

const FEATURE_COLUMNS = ['id', 'layerId', 'code', 'name', 'properties', 'geom', 'areaM2', 'version', 'updatedAt', 'orgPath', 'isPublic'] as const;
type FeatureRow = { id: number; code: string | null; name: string | null; properties: Record<string, unknown>; geom: Geometry; areaM2: number | null; version: number; updatedAt: Date };
function presentFeature(layerCode: string, r: FeatureRow): MapFeature {
  return {
    type: 'Feature', id: r.id, geometry: r.geom, properties: r.properties, layer: layerCode, code: r.code, name: r.name,
    areaM2: r.areaM2, version: r.version, updatedAt: r.updatedAt.toISOString(),
  };
}

export function parseBbox(raw: string | undefined, field = 'bbox'): BBox | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = raw.split(',').map((s) => Number(s.trim()));
  if (n.length !== 4 && n.length !== 6) throw invalid(field, 'four numbers minLon,minLat,maxLon,maxLat', '应为4个数：最小经度,最小纬度,最大经度,最大纬度');
  const b = (n.length === 6 ? [n[0], n[1], n[3], n[4]] : n) as BBox;
  if (b.some((v) => !Number.isFinite(v))) throw invalid(field, 'numbers expected', '应为数字');
  if (b[0] > b[2] || b[1] > b[3]) throw invalid(field, 'min must not exceed max', '最小值不能大于最大值');
  if (b[1] < -90 || b[3] > 90 || b[0] < -180 || b[2] > 180) throw invalid(field, 'longitude −180…180, latitude −90…90', '经度应在−180至180之间，纬度应在−90至90之间');
  return b;
}

function isUnder(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}.`);
}

export function checkGeometry(raw: unknown, geometryType: string): Geometry {
  const g = normaliseGeometry(raw, 'geometry');
  const polygonLayer = geometryType === 'Polygon' || geometryType === 'MultiPolygon';
  const ok = polygonLayer ? g.type === 'Polygon' || g.type === 'MultiPolygon'
    : geometryType === 'Point' ? g.type === 'Point' || g.type === 'MultiPoint'
      : g.type === 'LineString' || g.type === 'MultiLineString';
  if (!ok) throw new AppError('map.geometry_type_mismatch', `geometry: a ${g.type} on a ${geometryType} layer`, { field: 'geometry.type' });
  const errors = validateGeometry(g).filter((p) => p.severity === 'error');
  if (errors.length) {
    throw new AppError('geo.geometry_invalid', `geometry: ${errors[0]!.message}`, { field: 'geometry', problems: errors.slice(0, 20) });
  }
  return g;
}

export function checkProperties(props: Record<string, unknown>, schema: AttributeDef[]): Record<string, unknown> {
  const byKey = new Map(schema.map((a) => [a.key, a]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    const def = byKey.get(k);
    if (!def) throw invalid(`properties.${k}`, `not an attribute of the layer (${schema.map((a) => a.key).join(', ')})`, `不是该图层的属性（可用：${schema.map((a) => a.key).join('、')}）`);
    if (v === null) { out[k] = null; continue; }
    if (def.type === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) throw invalid(`properties.${k}`, 'a number expected', '应为数字');
    if (def.type === 'date' && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))) throw invalid(`properties.${k}`, 'a date YYYY-MM-DD expected', '应为日期（年-月-日）');
    if ((def.type === 'text' || def.type === 'code') && typeof v !== 'string' && !(k === 'gdzb' && Array.isArray(v))) {
      throw invalid(`properties.${k}`, 'text expected', '应为文字');
    }
    out[k] = v;
  }
  return out;
}

export interface LayersDeps {
  db: Db;
  audit: AuditService;
  /**
   * Connection for the heavy read paths (bbox features, OGC items, extents, search): a read
   * replica when DATABASE_READ_URL is set, with the same app role and row-level security.
   * Edits, and the reads that follow an edit (getFeature, history), stay on the primary.
   */
  readDb?: Db;
}

export function createLayersService({ db, audit, readDb = db }: LayersDeps) {
  async function layerByCode(q: Tx | Db, code: string): Promise<LayerRow> {
    const l = await q.selectFrom('map.layers').selectAll().where('code', '=', code).executeTakeFirst();
    if (!l) throw new AppError('map.layer_not_found', `layer ${code} not found`, { field: 'code' });
    return l;
  }

  /** A readable layer, or map.layer_not_found / auth / access errors. */
  async function readableLayer(actor: Actor | null, code: string): Promise<LayerRow> {
    const l = await layerByCode(db, code);
    assertMayRead(actor, l);
    return l;
  }

  async function listLayers(actor: Actor | null): Promise<LayerInfo[]> {
    return (await loadLayers(db)).filter((l) => mayRead(actor, l)).map(presentLayer);
  }

  async function getLayer(actor: Actor | null, code: string): Promise<LayerInfo> {
    return presentLayer(await readableLayer(actor, code));
  }

  /**
   * Features of a layer meeting `bbox` (all when undefined), in id order from `afterId`.
   * Candidates come from the GiST index on (layer_id, bbox); the exact test drops those whose
   * extent meets the box but whose shape does not. `next` is the last id examined.
   */
  async function featuresInBox(
    actor: Actor | null, layerCode: string, bbox: BBox | undefined, { limit = 1000, afterId = 0 }: { limit?: number; afterId?: number } = {},
  ): Promise<FeaturePage> {
    const layer = await readableLayer(actor, layerCode);
    const lim = Math.max(1, Math.min(MAX_PAGE, limit));
    const rows = await withContext(readDb, readContext(actor, layer), (trx) => {
      let q = trx.selectFrom('map.features').select(FEATURE_COLUMNS).where('layerId', '=', layer.id).where('id', '>', afterId);
      if (bbox) q = q.where(sql<boolean>`bbox && ${boxText(bbox)}::box`);
      return q.orderBy('id').limit(lim + 1).execute();
    });
    const more = rows.length > lim;
    const page = more ? rows.slice(0, lim) : rows;
    const engine = geometryEngine();
    const box = bbox ? bboxPolygon(bbox) : undefined;
    const features = page.filter((r) => !box || boxInside(bboxOf(r.geom), bbox!) || engine.intersects(box, r.geom)).map((r) => presentFeature(layer.code, r));
    return { type: 'FeatureCollection', features, next: more ? page[page.length - 1]!.id : null };
  }

  /**
   * `featuresInBox` with a checked CQL2 filter (cql2.ts) for OGC API – Features Part 3. Spatial
   * predicates are decided first — candidates from the box index, the exact test by the geometry
   * engine — and enter the statement as id lists; the rest is SQL with bound values.
   * `numberMatched` is the exact count, given when asked for and no `bbox` is set (the bbox's
   * exact test runs on each page's rows, so its count would need every geometry read).
   */
  async function queryFeatures(
    actor: Actor | null, layerCode: string,
    { bbox, filter, limit = 1000, afterId = 0, count = false }: { bbox?: BBox; filter?: Expr; limit?: number; afterId?: number; count?: boolean },
  ): Promise<FeaturePage & { numberMatched?: number }> {
    const layer = await readableLayer(actor, layerCode);
    const lim = Math.max(1, Math.min(MAX_PAGE, limit));
    const engine = geometryEngine();
    return withContext(readDb, readContext(actor, layer), async (trx) => {
      for (const node of filter ? spatialNodes(filter) : []) {
        const candidates = await trx.selectFrom('map.features').select(['id', 'geom'])
          .where('layerId', '=', layer.id).where(sql<boolean>`bbox && ${boxText(bboxOf(node.geometry))}::box`).execute();
        node.ids = candidates.filter((r) => engine.intersects(node.geometry, r.geom)).map((r) => r.id);
      }
      const cond = filter ? filterSql(filter, queryablesOf(layer.attributeSchema)) : undefined;
      let q = trx.selectFrom('map.features').select(FEATURE_COLUMNS).where('layerId', '=', layer.id).where('id', '>', afterId);
      if (bbox) q = q.where(sql<boolean>`bbox && ${boxText(bbox)}::box`);
      if (cond) q = q.where(cond);
      const rows = await q.orderBy('id').limit(lim + 1).execute();
      const more = rows.length > lim;
      const page = more ? rows.slice(0, lim) : rows;
      const box = bbox ? bboxPolygon(bbox) : undefined;
      const features = page.filter((r) => !box || boxInside(bboxOf(r.geom), bbox!) || engine.intersects(box, r.geom)).map((r) => presentFeature(layer.code, r));
      let numberMatched: number | undefined;
      if (count && !bbox) {
        let c = trx.selectFrom('map.features').select(sql<string>`count(*)`.as('n')).where('layerId', '=', layer.id);
        if (cond) c = c.where(cond);
        numberMatched = Number((await c.executeTakeFirstOrThrow()).n);
      }
      return { type: 'FeatureCollection' as const, features, next: more ? page[page.length - 1]!.id : null, ...(numberMatched !== undefined ? { numberMatched } : {}) };
    });
  }

  async function getFeature(actor: Actor | null, layerCode: string, id: number): Promise<MapFeature> {
    const layer = await readableLayer(actor, layerCode);
    const r = await withContext(db, readContext(actor, layer), (trx) =>
      trx.selectFrom('map.features').select(FEATURE_COLUMNS).where('layerId', '=', layer.id).where('id', '=', id).executeTakeFirst());
    if (!r) throw new AppError('map.feature_not_found', `feature ${id} of layer ${layerCode} not found`, { field: 'id' });
    return presentFeature(layer.code, r);
  }

  /** Every version of a feature, newest first (also of a deleted one). */
  async function featureHistory(actor: Actor | null, layerCode: string, id: number): Promise<FeatureVersion[]> {
    const layer = await readableLayer(actor, layerCode);
    const rows = await withContext(db, readContext(actor, layer), (trx) =>
      trx.selectFrom('map.feature_versions as v')
        .leftJoin('identity.users as u', 'u.id', 'v.changedBy')
        .select(['v.version', 'v.change', 'v.code', 'v.properties', 'v.geom', 'v.changedBy', 'v.changedAt', 'u.displayName'])
        .where('v.layerId', '=', layer.id).where('v.featureId', '=', id).orderBy('v.version', 'desc').execute());
    if (rows.length === 0) {
      // A seeded feature has no history until its first edit: show it as version 1.
      const f = await getFeature(actor, layerCode, id);
      return [{ version: f.version, change: 'create', code: f.code, properties: f.properties, geometry: f.geometry, changedBy: null, changedByName: null, changedAt: f.updatedAt }];
    }
    return rows.map((r) => ({
      version: r.version, change: r.change, code: r.code, properties: r.properties, geometry: r.geom,
      changedBy: r.changedBy, changedByName: r.displayName ?? null, changedAt: r.changedAt.toISOString(),
    }));
  }

  /** Parcels (and other coded features) by code prefix or address fragment, across readable layers. */
  async function search(actor: Actor | null, q: string, limit = 20): Promise<MapFeature[]> {
    const text = q.trim();
    if (text.length < 2) throw invalid('q', 'at least 2 characters', '至少输入2个字符');
    const layers = (await loadLayers(db)).filter((l) => mayRead(actor, l));
    const byId = new Map(layers.map((l) => [l.id, l]));
    const ids = layers.map((l) => l.id);
    if (ids.length === 0) return [];
    const like = text.replace(/[\\%_]/g, (c) => `\\${c}`);
    const run = (ctx: DbContext, layerIds: number[]) => layerIds.length === 0 ? Promise.resolve([]) : withContext(readDb, ctx, (trx) =>
      trx.selectFrom('map.features').select(FEATURE_COLUMNS).where('layerId', 'in', layerIds)
        .where((eb) => eb.or([
          eb('code', 'like', `${like.toUpperCase()}%`),
          eb('code', 'like', `${like}%`),
          eb(sql`properties->>'zl'`, 'like', `%${like}%`),
          eb('name', 'like', `%${like}%`),
        ]))
        .orderBy('code').limit(limit).execute());
    const pub = layers.filter((l) => l.visibility === 'public').map((l) => l.id);
    const scoped = layers.filter((l) => l.visibility !== 'public').map((l) => l.id);
    const rows = [...await run(actorContext(actor), scoped), ...await run(PUBLIC_CONTEXT, pub)].slice(0, limit);
    return rows.map((r) => presentFeature(byId.get(r.layerId)!.code, r));
  }

  async function writeVersion(trx: Tx, f: { id: number; layerId: number; version: number; code: string | null; properties: Record<string, unknown>; geom: Geometry; isPublic: boolean; orgPath: string }, change: FeatureChange, actor: Actor) {
    await trx.insertInto('map.feature_versions').values({
      featureId: f.id, layerId: f.layerId, version: f.version, change, code: f.code, properties: JSON.stringify(f.properties),
      geom: JSON.stringify(f.geom), isPublic: f.isPublic, orgPath: f.orgPath, changedBy: actor.userId,
    }).execute();
  }

  async function touch(trx: Tx, layerId: number, delta: number, actor: Actor): Promise<number> {
    const r = await sql<{ v: number }>`select map.touch_layer(${layerId}, ${delta}, ${actor.userId}) as v`.execute(trx);
    return r.rows[0]!.v;
  }

  function editable(actor: Actor, layer: LayerRow) {
    if (!actor.scopePath) throw new AppError('access.forbidden', 'a staff post with a scope is needed', { permission: 'map.feature.edit' });
    void layer;
  }

  async function createFeature(actor: Actor, layerCode: string, input: FeatureInput, ip?: string): Promise<MapFeature> {
    const layer = await layerByCode(db, layerCode);
    editable(actor, layer);
    const geom = checkGeometry(input.geometry, layer.geometryType);
    const properties = checkProperties(input.properties ?? {}, layer.attributeSchema);
    const orgPath = input.orgPath ?? actor.scopePath!;
    if (!isUnder(orgPath, actor.scopePath!)) throw new AppError('access.forbidden', `orgPath: ${orgPath} is outside your scope`, { field: 'orgPath' });
    return withContext(db, actorContext(actor), async (trx) => {
      const area = geom.type === 'Polygon' || geom.type === 'MultiPolygon' ? Math.round(ellipsoidalAreaM2(geom) * 100) / 100 : null;
      const row = await trx.insertInto('map.features').values({
        layerId: layer.id, code: input.code ?? null, name: input.name ?? null, properties: JSON.stringify(properties), geom: JSON.stringify(geom),
        bbox: boxText(bboxOf(geom)), areaM2: area, isPublic: layer.visibility === 'public', orgPath, updatedBy: actor.userId,
      }).returning(FEATURE_COLUMNS).executeTakeFirstOrThrow();
      await writeVersion(trx, { ...row, geom }, 'create', actor);
      const layerVersion = await touch(trx, layer.id, 1, actor);
      await audit.record(trx, actor, {
        action: 'map.feature.created', entityType: 'map.feature', entityId: row.id, orgPath,
        details: { layer: layer.code, code: row.code, layerVersion }, ip,
      });
      return presentFeature(layer.code, row);
    });
  }

  async function lockFeature(trx: Tx, layer: LayerRow, id: number, version: number) {
    const cur = await trx.selectFrom('map.features').select(FEATURE_COLUMNS).where('layerId', '=', layer.id).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!cur) throw new AppError('map.feature_not_found', `feature ${id} of layer ${layer.code} not found`, { field: 'id' });
    if (cur.version !== version) {
      throw new AppError('map.version_conflict', `feature ${id} is at version ${cur.version}, not ${version}`, { field: 'version', current: cur.version });
    }
    return cur;
  }

  async function updateFeature(actor: Actor, layerCode: string, id: number, input: Partial<FeatureInput> & { version: number }, ip?: string): Promise<MapFeature> {
    const layer = await layerByCode(db, layerCode);
    editable(actor, layer);
    const geom = input.geometry === undefined ? undefined : checkGeometry(input.geometry, layer.geometryType);
    const props = input.properties === undefined ? undefined : checkProperties(input.properties, layer.attributeSchema);
    return withContext(db, actorContext(actor), async (trx) => {
      const cur = await lockFeature(trx, layer, id, input.version);
      const g = geom ?? cur.geom;
      const changed: string[] = [];
      if (geom) changed.push('geometry');
      if (props) changed.push(...Object.keys(props).filter((k) => JSON.stringify(props[k]) !== JSON.stringify(cur.properties[k])).map((k) => `properties.${k}`));
      if (input.code !== undefined && input.code !== cur.code) changed.push('code');
      if (input.name !== undefined && input.name !== cur.name) changed.push('name');
      const properties = props ? { ...cur.properties, ...props } : cur.properties;
      const row = await trx.updateTable('map.features').set({
        properties: JSON.stringify(properties), geom: JSON.stringify(g), bbox: boxText(bboxOf(g)),
        areaM2: geom && (geom.type === 'Polygon' || geom.type === 'MultiPolygon') ? Math.round(ellipsoidalAreaM2(geom) * 100) / 100 : cur.areaM2,
        code: input.code === undefined ? cur.code : input.code, name: input.name === undefined ? cur.name : input.name,
        version: cur.version + 1, updatedAt: new Date(), updatedBy: actor.userId,
      }).where('id', '=', id).returning(FEATURE_COLUMNS).executeTakeFirstOrThrow();
      await writeVersion(trx, { ...row, geom: g }, 'update', actor);
      const layerVersion = await touch(trx, layer.id, 0, actor);
      await audit.record(trx, actor, {
        action: 'map.feature.updated', entityType: 'map.feature', entityId: id, orgPath: cur.orgPath,
        details: { layer: layer.code, code: row.code, version: row.version, changed, layerVersion }, ip,
      });
      return presentFeature(layer.code, row);
    });
  }

  async function deleteFeature(actor: Actor, layerCode: string, id: number, version: number, ip?: string): Promise<{ id: number; version: number }> {
    const layer = await layerByCode(db, layerCode);
    editable(actor, layer);
    return withContext(db, actorContext(actor), async (trx) => {
      const cur = await lockFeature(trx, layer, id, version);
      await trx.deleteFrom('map.features').where('id', '=', id).execute();
      await writeVersion(trx, { ...cur, version: cur.version + 1 }, 'delete', actor);
      const layerVersion = await touch(trx, layer.id, -1, actor);
      await audit.record(trx, actor, {
        action: 'map.feature.deleted', entityType: 'map.feature', entityId: id, orgPath: cur.orgPath,
        details: { layer: layer.code, code: cur.code, version: cur.version + 1, layerVersion }, ip,
      });
      return { id, version: cur.version + 1 };
    });
  }

  /** Extent of the features the actor may read, [minLon, minLat, maxLon, maxLat], null when none. */
  async function layerExtent(actor: Actor | null, code: string): Promise<BBox | null> {
    const layer = await readableLayer(actor, code);
    const r = await withContext(readDb, readContext(actor, layer), (trx) => sql<{ a: number | null; b: number | null; c: number | null; d: number | null }>`
      select min((bbox[1])[0]) as a, min((bbox[1])[1]) as b, max((bbox[0])[0]) as c, max((bbox[0])[1]) as d
      from map.features where layer_id = ${layer.id}`.execute(trx));
    const e = r.rows[0];
    return e && e.a !== null ? [e.a, e.b!, e.c!, e.d!] : null;
  }

  /**
   * Changes a layer's registry entry (names, legend, attribute schema, order, source note);
   * map.layer.manage inside the layer's owning subtree. Visibility is fixed per layer: changing
   * it would have to rewrite `is_public` on every feature, including those outside the scope.
   */
  async function updateLayer(actor: Actor, code: string, patch: LayerPatch, ip?: string): Promise<LayerInfo> {
    return withContext(db, actorContext(actor), async (trx) => {
      // No FOR UPDATE: it would apply the update policy and hide an out-of-scope layer as absent;
      // the version condition on the update is the lock.
      const cur = await trx.selectFrom('map.layers').selectAll().where('code', '=', code).executeTakeFirst();
      if (!cur) throw new AppError('map.layer_not_found', `layer ${code} not found`, { field: 'code' });
      if (cur.version !== patch.version) {
        throw new AppError('map.version_conflict', `layer ${code} is at version ${cur.version}, not ${patch.version}`, { field: 'version', current: cur.version });
      }
      const set: Record<string, unknown> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.nameEn !== undefined) set.nameEn = patch.nameEn;
      if (patch.sortOrder !== undefined) set.sortOrder = patch.sortOrder;
      if (patch.sourceNote !== undefined) set.sourceNote = patch.sourceNote;
      if (patch.style !== undefined) set.style = JSON.stringify(patch.style);
      if (patch.attributeSchema !== undefined) set.attributeSchema = JSON.stringify(patch.attributeSchema);
      const row = await trx.updateTable('map.layers').set({ ...set, version: cur.version + 1, updatedAt: new Date(), updatedBy: actor.userId })
        .where('id', '=', cur.id).where('version', '=', patch.version).returningAll().executeTakeFirst();
      if (!row) {
        const now = await trx.selectFrom('map.layers').select('version').where('id', '=', cur.id).executeTakeFirstOrThrow();
        if (now.version !== patch.version) throw new AppError('map.version_conflict', `layer ${code} changed meanwhile`, { field: 'version', current: now.version });
        throw new AppError('access.forbidden', `layer ${code} is managed outside your scope`, { permission: 'map.layer.manage' });
      }
      await audit.record(trx, actor, {
        action: 'map.layer.updated', entityType: 'map.layer', entityId: cur.id, orgPath: cur.orgPath,
        details: { code, changed: Object.keys(set), version: row.version }, ip,
      });
      return presentLayer(row);
    });
  }

  /**
   * Keeps the feature `code` of a layer that another module owns (e.g. hazards' 隐患点) equal to
   * that module's record, inside the caller's transaction: created, updated (version + history)
   * or deleted when `input` is null. The caller has checked the permission and the scope.
   */
  async function syncModuleFeature(trx: Tx, actor: Actor | null, layerCode: string, code: string,
    input: { name: string; properties: Record<string, unknown>; geometry: Geometry; orgPath: string } | null): Promise<void> {
    const layer = await layerByCode(trx, layerCode);
    const by = { userId: actor?.userId ?? null } as Actor;
    const cur = await trx.selectFrom('map.features').select(FEATURE_COLUMNS).where('layerId', '=', layer.id).where('code', '=', code).forUpdate().executeTakeFirst();
    if (!input) {
      if (!cur) return;
      await trx.deleteFrom('map.features').where('id', '=', cur.id).execute();
      await writeVersion(trx, { ...cur, version: cur.version + 1 }, 'delete', by);
      await touch(trx, layer.id, -1, by);
      return;
    }
    const geom = checkGeometry(input.geometry, layer.geometryType);
    const properties = checkProperties(input.properties, layer.attributeSchema);
    if (!cur) {
      const row = await trx.insertInto('map.features').values({
        layerId: layer.id, code, name: input.name, properties: JSON.stringify(properties), geom: JSON.stringify(geom),
        bbox: boxText(bboxOf(geom)), areaM2: null, isPublic: layer.visibility === 'public', orgPath: input.orgPath, updatedBy: actor?.userId ?? null,
      }).returning(FEATURE_COLUMNS).executeTakeFirstOrThrow();
      await writeVersion(trx, { ...row, geom }, 'create', by);
      await touch(trx, layer.id, 1, by);
      return;
    }
    const row = await trx.updateTable('map.features').set({
      name: input.name, properties: JSON.stringify(properties), geom: JSON.stringify(geom), bbox: boxText(bboxOf(geom)), orgPath: input.orgPath,
      version: cur.version + 1, updatedAt: new Date(), updatedBy: actor?.userId ?? null,
    }).where('id', '=', cur.id).returning(FEATURE_COLUMNS).executeTakeFirstOrThrow();
    await writeVersion(trx, { ...row, geom }, 'update', by);
    await touch(trx, layer.id, 0, by);
  }

  return { listLayers, getLayer, layerExtent, updateLayer, readableLayer, featuresInBox, queryFeatures, getFeature, featureHistory, search, createFeature, updateFeature, deleteFeature, syncModuleFeature };
}

function boxInside(inner: BBox, outer: BBox): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

export type LayersService = ReturnType<typeof createLayersService>;
