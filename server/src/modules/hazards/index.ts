export { createSitesService, HAZARD_TYPES, HAZARD_LAYER, type SitesService, type SiteInput } from './sites.service.ts';
export { sitesRoutes, type SitesRouteOptions } from './sites.routes.ts';
export { seedDemoHazards } from './hazards.seed.ts';
export type { HazardsTables } from './hazards.tables.ts';
