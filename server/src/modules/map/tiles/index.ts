export { createTilesService, MAX_FEATURES_PER_TILE, type TilesService, type TileLayer } from './tiles.service.ts';
export { tilesRoutes, type TilesRouteOptions } from './tiles.routes.ts';
export { parseTileCoord, tileBounds, MAX_ZOOM, type TileCoord } from './tile-math.ts';
