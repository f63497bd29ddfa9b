export { createTradingService, publicLot, type TradingService } from './trading.service.ts';
export { tradingRoutes, type TradingRouteOptions } from './trading.routes.ts';
export { createBankSimulator, signPayment, type DepositBank, type BankPayment } from './bank.ts';
export { bidHash, canonicalBid, type ChainBid } from './bid-chain.ts';
export { reserveCommitment } from './bidding.ts';
export type { TradingDeps } from './trading.deps.ts';
export type { TradingTables } from './trading.tables.ts';
export { seedDemoTrading } from './trading.seed.ts';
export { loadTagKey } from './tag-key.ts';
