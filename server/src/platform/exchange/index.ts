export {
  createExchangeService, siteName, type ExchangeService, type ExchangeKind, type ExchangeDeps, type PkiService, type TransparencyLog,
  type PeerCard, type ImportResult, type RecordResult, type SiteRole, type SealedFields,
} from './exchange.service.ts';
export { exchangeRoutes, type ExchangeRouteOptions } from './exchange.routes.ts';
export { HASH_ALGORITHM, split, PackageRefused, type Manifest, type RefusalReason } from './package.ts';
export type { ExchangeTables } from './exchange.tables.ts';
export { siteRoleGate, routeSide, STAFF_SIDE, type Side, type SiteRoute } from './site-role.ts';
export { sideSerial, firstSideSerial, nextSideSerialSql, serialSide, type SerialSide } from './numbering.ts';
