export { createSelectionService, SERVICE_TYPES, type SelectionService } from './selection.service.ts';
export { selectionRoutes, type SelectionRouteOptions } from './selection.routes.ts';
export { drawOrder, drawSeed, poolHash } from './draw-algorithm.ts';
export type { SelectionTables } from './selection.tables.ts';
export { seedDemoSelectionOnFirstStart } from './selection.demo.ts';
