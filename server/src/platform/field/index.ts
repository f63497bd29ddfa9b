export type { LocalText, FieldFormField, FieldAssignment, FieldPhoto, FieldRecordInput, FieldFormProvider } from './field.types.ts';
export { createFieldService, CHUNK_MAX_BYTES, type FieldService, type FieldDeps, type RecordSubmission, type RecordAnswer, type FormView } from './field.service.ts';
export { fieldRoutes } from './field.routes.ts';
export { distanceToGeometryM, haversineM } from './distance.ts';
export { demoSiteProvider, seedDemoFieldSites, DEMO_SITE_PERMISSION } from './demo-site.provider.ts';
export type { FieldTables } from './field.tables.ts';
