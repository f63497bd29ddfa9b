export {
  createAuditService, recordAuditEntry, recordReadEntry,
  type AuditService, type AuditActor, type AuditEntry, type ReadEntry, type AuditListItem,
} from './audit.service.ts';
export { verifyChain, type VerifyResult, type ChainProblem, type ProblemKind } from './audit.verify.ts';
export { canonicalJson } from './canonical-json.ts';
export { entryHash, HASH_ALG, GENESIS_HASH } from './audit.hash.ts';
export { auditRoutes } from './audit.routes.ts';
export { type AnchorSink, type SignedHead } from './anchor.ts';
export { findHead as findAuditHead, entriesAfter as auditEntriesAfter } from './audit.repo.ts';
