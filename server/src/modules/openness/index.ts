export { createOpennessService, type OpennessService } from './openness.service.ts';
export { opennessRoutes, type OpennessRouteOptions } from './openness.routes.ts';
export type { OpennessDeps, PortalIndex, PerformanceSource, CountyMonthFigures } from './openness.deps.ts';
export type { OpennessTables } from './openness.tables.ts';
export { CATEGORIES } from './categories.ts';
export { maskPersonalData } from './mask.ts';
export { seedDemoOpennessOnFirstStart } from './openness.demo.ts';
export { websiteInteractionFigures, type WebsiteInteractionFigures } from './website-figures.ts';
