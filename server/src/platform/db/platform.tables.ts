import type { Generated } from 'kysely';

export interface PlatformTables {
  'platform.seeds': { name: string; appliedAt: Generated<Date> };
}
