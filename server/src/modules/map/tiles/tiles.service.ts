/**
 * Vector tiles of the map layers: one tile = the layer's features whose `bbox` meets the tile
 * (GiST candidate search), read under the actor's row-level security, clipped and simplified for
 * the zoom and encoded as a Mapbox Vector Tile. Each layer has a zoom range (LAYER_ZOOM): below its
 * minimum zoom, and wherever a tile would hold more than MAX_FEATURES_PER_TILE features, the
 * tile carries the layer aggregated instead — a count per cell of a 32 × 32 grid over the tile —
 * so no tile is ever cut. Encoded tiles are kept in a memory LRU keyed by
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
import { degreesPerPixel, MAX_ZOOM, tileBounds, type TileCoord } from './tile-math.ts';

/** Most features drawn one by one in a tile; a tile that would hold more is aggregated. */
export const MAX_FEATURES_PER_TILE = 5000;
/** Cells per side of an aggregated tile (32 × 32 = 1,024 features at most). */
export const AGGREGATE_CELLS = 32;

export interface ZoomRange { minZoom: number; maxZoom: number }
/**
 * Zoom ranges of the built-in layers: from the minimum zoom on, a tile of the demo county holds
 * at most a few thousand features that measure ≥ 2 pixels (the full demo grid has ≈ 7,600
 * parcels in a zoom-12 tile and ≈ 1,900 in a zoom-13 one; land-use patches of 5 × 5 parcels are
 * ≈ 4 pixels wide at zoom 10). Below it the layer is served aggregated; the web map does not ask.
 */
export const LAYER_ZOOM: Record<string, ZoomRange> = {
  divisions: { minZoom: 0, maxZoom: MAX_ZOOM },
  plan_zones: { minZoom: 9, maxZoom: MAX_ZOOM },
  eco_redline: { minZoom: 9, maxZoom: MAX_ZOOM },
  landuse: { minZoom: 10, maxZoom: MAX_ZOOM },
  basic_farmland: { minZoom: 10, maxZoom: MAX_ZOOM },
  mining_rights: { minZoom: 10, maxZoom: MAX_ZOOM },
  hazard_sites: { minZoom: 10, maxZoom: MAX_ZOOM },
  approved_land: { minZoom: 11, maxZoom: MAX_ZOOM },
  supplied_land: { minZoom: 11, maxZoom: MAX_ZOOM },
  temporary_land: { minZoom: 11, maxZoom: MAX_ZOOM },
  facility_agri: { minZoom: 11, maxZoom: MAX_ZOOM },
  trading_lots: { minZoom: 9, maxZoom: MAX_ZOOM },
  parcels: { minZoom: 13, maxZoom: MAX_ZOOM },
};
/** A layer's zoom range (layers not listed: every zoom; over-full tiles are aggregated all the same). */
export function zoomRange(code: string): ZoomRange {
  return LAYER_ZOOM[code] ?? { minZoom: 0, maxZoom: MAX_ZOOM };
}
/** Features whose box is under this many display pixels (width + height: under about one pixel square) are left out. */
const MIN_FEATURE_PIXELS = 2;
/** Bump when the encoding changes, so ETags of tiles rendered by an older build do not match. */
const RENDER_REV = 2;

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
  /** The tile holds the layer aggregated (below its zoom range, or too many features for one tile). */
  aggregated: boolean;
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

    const aggregate = async (): Promise<RenderedTile> => {
      const body = encodeTile(layer.code, await aggregateCells(ctx, layer, coord), coord);
      cache.set(key, { body, aggregated: true });
      return { body, etag, layer, aggregated: true, cached: false };
    };
    if (coord.z < zoomRange(layer.code).minZoom) return aggregate();

    const [minLon, minLat, maxLon, maxLat] = tileBounds(coord);
    const areal = !/Point/.test(layer.geometryType);
    const minSize = areal ? degreesPerPixel(coord.z) * MIN_FEATURE_PIXELS : 0;
    const box = sql`box(point(${minLon}, ${minLat}), point(${maxLon}, ${maxLat}))`;
    const rows = await withContext(db, ctx, async (trx) => {
      // Counted first (no geometry read): an over-full tile is aggregated without loading 5,001 shapes.
      const { rows: [c] } = await sql<{ n: number }>`select count(*)::int as n from (select 1 from map.features
        where layer_id = ${layer.id} and bbox && ${box} ${minSize > 0 ? sql`and width(bbox) + height(bbox) >= ${minSize}` : sql``}
        limit ${MAX_FEATURES_PER_TILE + 1}) s`.execute(trx);
      if (c!.n > MAX_FEATURES_PER_TILE) return null;
      return trx.selectFrom('map.features')
        .select(['id', 'code', 'name', 'properties', 'geom'])
        .where('layerId', '=', layer.id)
        .where(sql<boolean>`bbox && ${box}`)
        .$if(minSize > 0, (q) => q.where(sql<boolean>`width(bbox) + height(bbox) >= ${minSize}`))
        .orderBy('id')
        .execute();
    });
    // Too many for one tile: the whole layer aggregated rather than some features silently left out.
    if (rows === null) return aggregate();
    const features: TileFeature[] = rows.map((r) => ({
      id: r.id,
      geometry: r.geom as Geometry,
      properties: { ...scalarProperties(r.properties as Record<string, unknown>), ...(r.code ? { code: r.code } : {}), ...(r.name ? { name: r.name } : {}) },
    }));
    const body = encodeTile(layer.code, features, coord);
    cache.set(key, { body, aggregated: false });
    return { body, etag, layer, aggregated: false, cached: false };
  }

  /**
   * The layer's features meeting the tile counted per cell of an AGGREGATE_CELLS² grid over it,
   * by the centre of each feature's box (so each feature counts in one tile only); one square
   * feature per non-empty cell with `count`, `areaM2` (their total area) and `aggregated: 1`.
   */
  async function aggregateCells(ctx: DbContext, layer: TileLayer, coord: TileCoord): Promise<TileFeature[]> {
    const [w, s, e, n] = tileBounds(coord, 0);
    const cw = (e - w) / AGGREGATE_CELLS, ch = (n - s) / AGGREGATE_CELLS;
    const { rows } = await withContext(db, ctx, (trx) => sql<{ i: number; j: number; n: number; a: number }>`
      select floor(((c)[0] - ${w}::float8) / ${cw}::float8)::int as i, floor(((c)[1] - ${s}::float8) / ${ch}::float8)::int as j,
        count(*)::int as n, coalesce(sum(area_m2), 0)::float8 as a
      from (select center(bbox) as c, area_m2 from map.features
        where layer_id = ${layer.id} and bbox && box(point(${w}::float8, ${s}::float8), point(${e}::float8, ${n}::float8))) f
      where (c)[0] >= ${w}::float8 and (c)[0] < ${e}::float8 and (c)[1] >= ${s}::float8 and (c)[1] < ${n}::float8
      group by 1, 2`.execute(trx));
    return rows.filter((r) => r.i >= 0 && r.i < AGGREGATE_CELLS && r.j >= 0 && r.j < AGGREGATE_CELLS).map((r) => {
      const x0 = w + r.i * cw, y0 = s + r.j * ch;
      return {
        id: r.j * AGGREGATE_CELLS + r.i + 1,
        geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + cw, y0], [x0 + cw, y0 + ch], [x0, y0 + ch], [x0, y0]]] },
        properties: { aggregated: 1, count: r.n, areaM2: Math.round(r.a) },
      };
    });
  }

  return { getTileLayer, etagOf, getTile, cache };
}
