export { createSitesService, HAZARD_TYPES, HAZARD_LAYER, type SitesService, type SiteInput } from './sites.service.ts';
export { sitesRoutes, type SitesRouteOptions } from './sites.routes.ts';
export { seedDemoHazards } from './hazards.seed.ts';
export type { HazardsTables } from './hazards.tables.ts';
export { createMonitoringService, parsePayload, deviceTopic, hashSecret, Rejected, LEVELS, type MonitoringService } from './monitoring.service.ts';
export { monitoringRoutes } from './monitoring.routes.ts';
export { staRoutes } from './sta.routes.ts';
export { startEmbeddedBroker, startExternalSubscriber, type MqttIngest } from './mqtt.ts';
