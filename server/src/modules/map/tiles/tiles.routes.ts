/**
 * `GET /tiles/{layer}/{z}/{x}/{y}.mvt` — Mapbox Vector Tiles of a map layer — and
 * `GET /api/map/config` — what the web map needs to start (tile URL, basemap).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../../platform/platform.ts';
import type { TilesService } from './tiles.service.ts';
import { parseTileCoord, MAX_ZOOM } from './tile-math.ts';
import { LAYER_ZOOM } from './tiles.service.ts';

export interface TilesRouteOptions extends RouteOptions {
  tiles: TilesService;
}

const TileParams = z.object({
  layer: z.string().max(40).describe('Layer code, e.g. parcels'),
  z: z.string().max(3).describe(`Zoom 0…${MAX_ZOOM}`),
  x: z.string().max(9),
  y: z.string().max(14).describe('Row followed by .mvt, e.g. 6712.mvt'),
});

const MapConfig = z.object({
  tileUrl: z.string(),
  maxZoom: z.number(),
  layerZoom: z.record(z.string(), z.object({ minZoom: z.number(), maxZoom: z.number() })).describe('Zoom range of each layer: below minZoom its tiles hold the layer aggregated'),
  basemap: z.object({ url: z.string(), labelsUrl: z.string().nullable(), attribution: z.string() }).nullable(),
});

export const tilesRoutes: FastifyPluginAsync<TilesRouteOptions> = async (app, { platform, tiles }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const env = platform.env;

  r.get('/tiles/:layer/:z/:x/:y', {
    config: { rateLimit: { max: 6000, timeWindow: '1 minute' } },
    schema: {
      tags: ['map'],
      summary: 'Mapbox Vector Tile (spec 2.1) of a layer: features meeting the tile, clipped and simplified for the zoom',
      description: 'Coordinates are EPSG:4490 taken as WGS 84 for Web-Mercator tiling (the frames differ by centimetres). ' +
        'Public layers need no login; a scoped layer needs a staff session and holds only the features of the actor\'s scope. ' +
        'An empty tile is a 200 with an empty body. `ETag` changes with the layer version; send `If-None-Match` for a 304. ' +
        '`?v=<layer version>` lets the client cache the tile for a day. Below the layer\'s minimum zoom (`layerZoom` of /api/map/config), or when over 5000 features ' +
        'would meet the tile, the tile holds the layer aggregated: one square per cell of a 32 × 32 grid with `count`, `areaM2` and `aggregated: 1`, and the header `X-Tile-Aggregated: 1`. No tile is cut.',
      params: TileParams,
      querystring: z.object({ v: z.coerce.number().int().optional().describe('Layer version the client knows (from GET /api/map/layers)') }),
    },
  }, async (req, reply) => {
    const coord = parseTileCoord(req.params.z, req.params.x, req.params.y);
    const layer = await tiles.getTileLayer(req.actor, req.params.layer);
    const etag = tiles.etagOf(req.actor, layer);
    const scope = layer.visibility === 'public' ? 'public' : 'private';
    // A URL naming the current version may be kept; otherwise revalidate every time (cheap: 304).
    const cacheControl = req.query.v === layer.version ? `${scope}, max-age=86400` : `${scope}, no-cache`;
    reply.header('etag', etag).header('cache-control', cacheControl);
    // A scoped tile depends on who asks; a public one is the same for everyone (shared caches may keep it).
    if (scope === 'private') reply.header('vary', 'Cookie');
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    const tile = await tiles.getTile(req.actor, layer, coord);
    if (tile.aggregated) reply.header('x-tile-aggregated', '1');
    return reply
      .header('content-type', 'application/vnd.mapbox-vector-tile')
      .header('x-layer-version', String(layer.version))
      .send(Buffer.from(tile.body.buffer, tile.body.byteOffset, tile.body.byteLength));
  });

  r.get('/api/map/config', {
    schema: {
      tags: ['map'], summary: 'Settings of the web map: vector tile URL template and the optional basemap (MAP_BASEMAP_URL)',
      response: { 200: MapConfig },
    },
  }, async () => ({
    tileUrl: '/tiles/{layer}/{z}/{x}/{y}.mvt',
    maxZoom: MAX_ZOOM,
    layerZoom: LAYER_ZOOM,
    basemap: env.MAP_BASEMAP_URL
      ? { url: env.MAP_BASEMAP_URL, labelsUrl: env.MAP_BASEMAP_LABELS_URL ?? null, attribution: env.MAP_BASEMAP_ATTRIBUTION }
      : null,
  }));
};
