/**
 * Runtime features of a layer that another module owns (出让地块 of trading, 隐患点 of hazards):
 * the owning module adds, updates or removes the feature `key` (its business code) inside its own
 * transaction, while the server runs. Each change writes a `map.feature_versions` row and bumps
 * the layer's version through `map.touch_layer()`, the key of the tile cache and the tiles' ETag,
 * so every process serves fresh tiles from the next request on (tiles.service.ts keys by version).
 *
 * The caller has checked its own permissions; the features are written in the caller's RLS
 * context (a staff post whose scope holds `orgPath`, or the system context of a job).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { ellipsoidalAreaM2, type Geometry } from '../../platform/geo/index.ts';
import { bboxOf, boxText } from './geometry.ts';
import { checkGeometry, checkProperties } from './layers.service.ts';

export interface LayerFeatureInput {
  /** The layer's code, e.g. `trading_lots`. */
  layerCode: string;
  /** The feature's business code (要素编码), unique within the layer for the owning module, e.g. a lot number. */
  key: string;
  name: string;
  geometry: unknown;
  /** Attributes; each must be in the layer's attribute schema (`validation.invalid` naming `properties.x`). */
  properties: Record<string, unknown>;
  /** Division path of the feature (RLS of scoped layers). */
  orgPath: string;
  /** Who changed it (history), null for the system. */
  userId?: number | null;
}

export interface LayerFeatureChange {
  featureId: number;
  /** The feature's version after the change (a removal: the version of its delete history row). */
  version: number;
  /** The layer's version after the change (tiles rendered for an older one are not served again). */
  layerVersion: number;
  change: 'create' | 'update' | 'delete';
}

const COLUMNS = ['id', 'layerId', 'code', 'name', 'properties', 'geom', 'version', 'isPublic', 'orgPath'] as const;

async function layerOf(trx: Tx, code: string) {
  return trx.selectFrom('map.layers').select(['id', 'code', 'visibility', 'geometryType', 'attributeSchema']).where('code', '=', code).executeTakeFirst();
}

async function touch(trx: Tx, layerId: number, delta: number, userId: number | null): Promise<number> {
  const r = await sql<{ v: number }>`select map.touch_layer(${layerId}, ${delta}, ${userId}) as v`.execute(trx);
  return r.rows[0]!.v;
}

async function history(trx: Tx, f: { id: number; layerId: number; version: number; code: string | null; properties: Record<string, unknown>; geom: Geometry; isPublic: boolean; orgPath: string },
  change: 'create' | 'update' | 'delete', userId: number | null) {
  await trx.insertInto('map.feature_versions').values({
    featureId: f.id, layerId: f.layerId, version: f.version, change, code: f.code, properties: JSON.stringify(f.properties),
    geom: JSON.stringify(f.geom), isPublic: f.isPublic, orgPath: f.orgPath, changedBy: userId,
  }).execute();
}

/**
 * Adds the feature `key` to the layer, or replaces its shape, name and attributes (version + 1),
 * in the caller's transaction. Null when the layer is not registered in this deployment (a
 * database without the one map's layers): the owner's step goes on without the map.
 */
export async function upsertLayerFeature(trx: Tx, input: LayerFeatureInput): Promise<LayerFeatureChange | null> {
  const layer = await layerOf(trx, input.layerCode);
  if (!layer) return null;
  const geom = checkGeometry(input.geometry, layer.geometryType);
  const properties = checkProperties(input.properties, layer.attributeSchema);
  const areaM2 = geom.type === 'Polygon' || geom.type === 'MultiPolygon' ? Math.round(ellipsoidalAreaM2(geom) * 100) / 100 : null;
  const userId = input.userId ?? null;
  const cur = await trx.selectFrom('map.features').select(COLUMNS).where('layerId', '=', layer.id).where('code', '=', input.key).forUpdate().executeTakeFirst();
  if (!cur) {
    const row = await trx.insertInto('map.features').values({
      layerId: layer.id, code: input.key, name: input.name, properties: JSON.stringify(properties), geom: JSON.stringify(geom),
      bbox: boxText(bboxOf(geom)), areaM2, isPublic: layer.visibility === 'public', orgPath: input.orgPath, updatedBy: userId,
    }).returning(COLUMNS).executeTakeFirstOrThrow();
    await history(trx, { ...row, geom }, 'create', userId);
    return { featureId: row.id, version: row.version, layerVersion: await touch(trx, layer.id, 1, userId), change: 'create' };
  }
  const row = await trx.updateTable('map.features').set({
    name: input.name, properties: JSON.stringify(properties), geom: JSON.stringify(geom), bbox: boxText(bboxOf(geom)), areaM2,
    orgPath: input.orgPath, version: cur.version + 1, updatedAt: new Date(), updatedBy: userId,
  }).where('id', '=', cur.id).returning(COLUMNS).executeTakeFirstOrThrow();
  await history(trx, { ...row, geom }, 'update', userId);
  return { featureId: row.id, version: row.version, layerVersion: await touch(trx, layer.id, 0, userId), change: 'update' };
}

/** Removes the feature `key` from the layer (history keeps its last state); null when there is none. */
export async function removeLayerFeature(trx: Tx, input: { layerCode: string; key: string; userId?: number | null }): Promise<LayerFeatureChange | null> {
  const layer = await layerOf(trx, input.layerCode);
  if (!layer) return null;
  const userId = input.userId ?? null;
  const cur = await trx.selectFrom('map.features').select(COLUMNS).where('layerId', '=', layer.id).where('code', '=', input.key).forUpdate().executeTakeFirst();
  if (!cur) return null;
  await trx.deleteFrom('map.features').where('id', '=', cur.id).execute();
  await history(trx, { ...cur, version: cur.version + 1 }, 'delete', userId);
  return { featureId: cur.id, version: cur.version + 1, layerVersion: await touch(trx, layer.id, -1, userId), change: 'delete' };
}

/** One feature of a whole-layer replacement (replaceLayerFeatures). */
export interface ReplacedFeature { code: string | null; name: string | null; properties: Record<string, unknown>; geometry: unknown; orgPath: string }

/**
 * Replaces every feature of a layer with `features` in the caller's transaction (the exchange's
 * map.public_layer apply on the internet side): each geometry and attribute set is checked against
 * the layer, the old features are deleted, the new ones inserted, the feature count set and the
 * layer's version bumped once (tiles refresh). Null when the layer is not registered here.
 */
export async function replaceLayerFeatures(trx: Tx, layerCode: string, features: Iterable<ReplacedFeature> | AsyncIterable<ReplacedFeature>, opts: { exchangedVersion?: string | null; userId?: number | null } = {}): Promise<{ layerVersion: number; count: number } | null> {
  const layer = await layerOf(trx, layerCode);
  if (!layer) return null;
  const userId = opts.userId ?? null;
  await trx.deleteFrom('map.features').where('layerId', '=', layer.id).execute();
  let count = 0;
  let batch: Parameters<ReturnType<Tx['insertInto']>['values']>[0][] = [];
  const flush = async () => {
    if (batch.length) await trx.insertInto('map.features').values(batch as never).execute();
    batch = [];
  };
  for await (const f of features) {
    const geom = checkGeometry(f.geometry, layer.geometryType);
    const properties = checkProperties(f.properties, layer.attributeSchema);
    const areaM2 = geom.type === 'Polygon' || geom.type === 'MultiPolygon' ? Math.round(ellipsoidalAreaM2(geom) * 100) / 100 : null;
    batch.push({
      layerId: layer.id, code: f.code, name: f.name, properties: JSON.stringify(properties), geom: JSON.stringify(geom),
      bbox: boxText(bboxOf(geom)), areaM2, isPublic: layer.visibility === 'public', orgPath: f.orgPath, updatedBy: userId,
    } as never);
    count++;
    if (batch.length >= 500) await flush();
  }
  await flush();
  const row = await trx.updateTable('map.layers')
    .set((eb) => ({ version: eb('version', '+', 1), featureCount: count, updatedAt: new Date(), updatedBy: userId, ...(opts.exchangedVersion !== undefined ? { exchangedVersion: opts.exchangedVersion } : {}) }))
    .where('id', '=', layer.id).returning('version').executeTakeFirstOrThrow();
  return { layerVersion: row.version, count };
}
