export { createTipoffsService, type TipoffsService } from './tipoffs.service.ts';
export { tipoffsRoutes, type TipoffsRouteOptions } from './tipoffs.routes.ts';
export { seedDemoTipoffs, DEMO_OPEN311_KEY } from './tipoffs.seed.ts';
export { solveChallenge } from './pow.ts';
export type { TipoffsDeps } from './tipoffs.deps.ts';
export type { TipoffsTables } from './tipoffs.tables.ts';
export { tipoffByNo, tipoffsNear, type TipoffRef } from './report-ref.ts';
export { countReceived } from './counts.ts';
export { tipoffsPerformance, type TipoffsCountyMonth } from './open-figures.ts';
