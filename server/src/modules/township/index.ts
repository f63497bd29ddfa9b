export { createTownshipService, townshipScore, DEFAULT_ANSWER_WORKDAYS, type TownshipService, type TownshipDeps, type SubmitArticle } from './township.service.ts';
export { townshipRoutes, type TownshipRouteOptions } from './township.routes.ts';
export { createTownshipFieldForm, PATROL_FIELD_KIND } from './township.field.ts';
export { createTownshipExchangeKind, type TownshipReportData } from './township.exchange.ts';
export type { TownshipTables } from './township.tables.ts';
export { seedDemoTownship } from './township.seed.ts';
