export { createTransparencyService, entryBytes, type TransparencyService, type Published, type CheckpointView, type Publisher } from './transparency.service.ts';
export { transparencyRoutes, type TransparencyRouteOptions } from './transparency.routes.ts';
export type { TransparencyTables } from './transparency.tables.ts';
export { createWitness, WitnessError, type WitnessClient, type WitnessState } from './witness.ts';
export { createWitnessService, createHttpWitnessClient, parseWitnessList, type WitnessService } from './witness-http.ts';
export { witnessRoutes } from './witness.routes.ts';
/** RFC 9162 consistency-proof check, for those who follow another site's log (the exchange packages). */
export { verifyConsistency } from './merkle.ts';
