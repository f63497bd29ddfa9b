export { createEnforcementService, type EnforcementService } from './enforcement.service.ts';
export { enforcementRoutes, type EnforcementRouteOptions } from './enforcement.routes.ts';
export { calculate, type Proposal } from './discretion.ts';
export type { CaseSource } from './cases.ts';
export type { EnforcementDeps, TipoffCaseOutcome } from './enforcement.deps.ts';
export type { EnforcementTables } from './enforcement.tables.ts';
export { seedDemoEnforcement } from './enforcement.seed.ts';
export { penaltiesPerformance, type PenaltyCountyMonth } from './public-figures.ts';
export { caseStatistics, type CaseStatistics } from './stat-figures.ts';
export { listPenaltyDisclosures } from './views.ts'; // the portal's server-rendered 行政处罚结果公示 (/disclosure)
export { createEnforcementExchangeKinds, PENALTY_DISCLOSURE_COLUMNS } from './exchange-kinds.ts';
