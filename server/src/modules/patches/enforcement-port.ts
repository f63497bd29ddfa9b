/**
 * What the patches module needs from enforcement (移送立案): app.ts passes enforcement's
 * `openCaseFromSource` (enforcement/index.ts) as `openEnforcementCase`, so this module does not
 * import enforcement. Without it (a deployment without enforcement) a 违法 patch shows
 * "awaiting enforcement" (待移送).
 */
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';

export interface EnforcementSource {
  kind: 'tipoff' | 'patch';
  id: string;
  ref: string;
  divisionCode: string;
  summary: string;
  location: { lon: number; lat: number } | null;
  geometry: { type: string; coordinates: unknown } | null;
  areaM2: number | null; croplandM2: number | null; basicFarmlandM2: number | null;
  attachments: { label: string; sha256: string | null; url: string | null }[];
}

export type OpenEnforcementCase = (trx: Tx, actor: ActingUser, source: EnforcementSource) => Promise<{ caseId: string; caseNo: string; created: boolean }>;
