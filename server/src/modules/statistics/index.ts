export { createStatisticsService, type StatisticsService, type StatisticsDeps, type DerivedProvider } from './statistics.service.ts';
export { statisticsRoutes, type StatisticsRouteOptions } from './statistics.routes.ts';
export { seedStatisticsForms, seedDemoStatistics } from './statistics.seed.ts';
export type { StatisticsTables } from './statistics.tables.ts';
