/**
 * Vector tiles of the map layers: one tile = the layer's features whose `bbox` meets the tile
 * (GiST candidate search), read under the actor's row-level security, clipped and simplified for
 * the zoom and encoded as a Mapbox Vector Tile. Encoded tiles are kept in a memory LRU keyed by
 * layer id + layer version + scope + z/x/y: any feature change bumps the layer version, so an
 * edited layer is never served from the old tiles.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { withContext, type DbContext } from '../../../platform/db/context.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Geometry } from '../../../platform/geo/index.ts';
// The same read rule and RLS context as the feature API: tiles show nothing the API would not.
import { assertMayRead, readContext } from '../layers.service.ts';
import { encodeTile, scalarProperties, type TileFeature } from './encode-tile.ts';
import { TileCache } from './tile-cache.ts';
import { degreesPerPixel, tileBounds, type TileCoord } from './tile-math.ts';

/** Most features drawn in one tile; beyond it the largest are kept and the tile says so. */
export const MAX_FEATURES_PER_TILE = 5000;
/** Features whose box is under this many display pixels (width + height: under about one pixel square) are left out. */
const MIN_FEATURE_PIXELS = 2;
/** Bump when the encoding changes, so ETags of tiles rendered by an older build do not match. */
const RENDER_REV = 1;

export interface TileLayer {
  id: number;
  code: string;
  version: number;
  visibility: 'public' | 'scoped';
  geometryType: string;
}

export interface RenderedTile {
  body: Uint8Array;
  etag: string;
  layer: TileLayer;
  /** The candidate search found more than MAX_FEATURES_PER_TILE features. */
  truncated: boolean;
  cached: boolean;
}

export interface TilesService {
  /** Layer by code as the actor may see it; throws map.layer_not_found / auth / access errors. */
  getTileLayer(actor: Actor | null, code: string): Promise<TileLayer>;
  /** ETag of a tile without rendering it (for If-None-Match). */
  etagOf(actor: Actor | null, layer: TileLayer): string;
  getTile(actor: Actor | null, layer: TileLayer, tile: TileCoord): Promise<RenderedTile>;
  cache: TileCache;
}

function scopeKey(ctx: DbContext): string {
  if (ctx.scopes.length === 0) return 'public';
  return crypto.createHash('sha1').update(ctx.scopes.join(',')).digest('base64url').slice(0, 10);
}

export function createTilesService({ db, cacheBytes }: { db: Db; cacheBytes: number }): TilesService {
  const cache = new TileCache(cacheBytes);

  async function getTileLayer(actor: Actor | null, code: string): Promise<TileLayer> {
    // The registry is readable by everyone (its RLS policy is `true`): no context needed.
    const layer = await db.selectFrom('map.layers')
      .select(['id', 'code', 'version', 'visibility', 'geometryType'])
      .where('code', '=', code).executeTakeFirst();
    if (!layer) throw new AppError('map.layer_not_found', `layer ${code} not found`, { field: 'layer' });
    assertMayRead(actor, layer);
    return layer;
  }

  function etagOf(actor: Actor | null, layer: TileLayer): string {
    return `"${layer.id}.${layer.version}.${scopeKey(readContext(actor, layer))}.${RENDER_REV}"`;
  }

  async function getTile(actor: Actor | null, layer: TileLayer, coord: TileCoord): Promise<RenderedTile> {
    const ctx = readContext(actor, layer);
    const etag = etagOf(actor, layer);
    const key = `${layer.id}:${layer.version}:${scopeKey(ctx)}:${coord.z}/${coord.x}/${coord.y}`;
    const hit = cache.get(key);
    if (hit) return { ...hit, etag, layer, cached: true };

    const [minLon, minLat, maxLon, maxLat] = tileBounds(coord);
    const areal = !/Point/.test(layer.geometryType);
    const minSize = areal ? degreesPerPixel(coord.z) * MIN_FEATURE_PIXELS : 0;
    const rows = await withContext(db, ctx, (trx) => trx.selectFrom('map.features')
      .select(['id', 'code', 'name', 'properties', 'geom'])
      .where('layerId', '=', layer.id)
      .where(sql<boolean>`bbox && box(point(${minLon}, ${minLat}), point(${maxLon}, ${maxLat}))`)
      .$if(minSize > 0, (q) => q.where(sql<boolean>`width(bbox) + height(bbox) >= ${minSize}`))
      // Over the cap the largest features win: they are the ones visible at this zoom.
      .orderBy(sql`area(bbox)`, 'desc').orderBy('id')
      .limit(MAX_FEATURES_PER_TILE + 1)
      .execute());
    const truncated = rows.length > MAX_FEATURES_PER_TILE;
    const features: TileFeature[] = rows.slice(0, MAX_FEATURES_PER_TILE).map((r) => ({
      id: r.id,
      geometry: r.geom as Geometry,
      properties: { ...scalarProperties(r.properties as Record<string, unknown>), ...(r.code ? { code: r.code } : {}), ...(r.name ? { name: r.name } : {}) },
    }));
    const body = encodeTile(layer.code, features, coord);
    cache.set(key, { body, truncated });
    return { body, etag, layer, truncated, cached: false };
  }

  return { getTileLayer, etagOf, getTile, cache };
}
