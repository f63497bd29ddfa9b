export { seedDemoMap, seedModuleFeatures, DEMO_COUNTY, COUNTY_PATH } from './map.seed.ts';
export { createLayersService, type LayersService, type LayerInfo, type MapFeature, type FeaturePage } from './layers.service.ts';
export { mapRoutes, type MapRouteOptions } from './map.routes.ts';
export { ogcRoutes } from './ogc.routes.ts';
export { runOverlay, analyseOverlay, type OverlayReport } from './overlay.service.ts';
export { overlayEngine, setOverlayEngine, type OverlayEngine } from './overlay.engine.ts';
export type { MapTables } from './map.tables.ts';
export { divisionAt } from './divisions.ts';
export { overlayLayers, layerFeatures, layerFeaturesInBox, type LayerOverlap } from './overlay.layers.ts';
