export { createPatchesService, type PatchesService, type PatchesDeps } from './patches.service.ts';
export { patchesRoutes, type PatchesRouteOptions } from './patches.routes.ts';
export { createPatchFieldForm, type FieldFormProvider } from './field-form.ts';
export type { OpenEnforcementCase, EnforcementSource } from './enforcement-port.ts';
export { seedDemoPatches } from './patches.seed.ts';
export type { PatchesTables } from './patches.tables.ts';
export { rectificationByCounty, type RectificationFigure } from './figures.ts';
export { patchesPerformance, type PatchesCountyMonth } from './public-figures.ts';
export { illegalPatchStatistics, type IllegalPatchStatistics } from './stat-figures.ts';
