import type { Generated } from 'kysely';

export interface PlatformTables {
  'platform.seeds': { name: string; appliedAt: Generated<Date> };
  'platform.secrets': { name: string; value: Buffer; createdAt: Generated<Date> };
  'platform.pow_used': { challengeHash: string; expiresAt: Date };
}
