/**
 * The Kysely view of every table, as `schema.table` keys. Each module declares its own tables
 * in its `*.tables.ts` and they are joined here; a module's service only queries its own.
 */
import type { PlatformTables } from './platform.tables.ts';
import type { OrgsTables } from '../orgs/orgs.tables.ts';

export interface Database extends PlatformTables, OrgsTables {}
