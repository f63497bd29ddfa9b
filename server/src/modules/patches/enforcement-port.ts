/**
 * What the patches module needs from enforcement (移送立案): app.ts passes enforcement's
 * `openCaseFromSource` (enforcement/index.ts) as `openEnforcementCase`; this module takes only its
 * type. Without it (a deployment without enforcement) a 违法 patch shows
 * "awaiting enforcement" (待移送).
 */
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import type { CaseSource } from '../enforcement/index.ts';

/** What a patch hands over: enforcement's own type (a type-only import through its index.ts). */
export type EnforcementSource = CaseSource;

export type OpenEnforcementCase = (trx: Tx, actor: ActingUser, source: EnforcementSource) => Promise<{ caseId: string; caseNo: string; created: boolean }>;
