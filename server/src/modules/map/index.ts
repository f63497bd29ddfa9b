export { seedDemoMap, DEMO_COUNTY, COUNTY_PATH } from './map.seed.ts';
export type { MapTables } from './map.tables.ts';
