/**
 * The Kysely view of every table, as `schema.table` keys. Each module declares its own tables
 * in its `*.tables.ts` and they are joined here; a module's service only queries its own.
 */
import type { PlatformTables } from './platform.tables.ts';
import type { OrgsTables } from '../orgs/orgs.tables.ts';
import type { NotifyTables } from '../notify/notify.tables.ts';
import type { AuditTables } from '../audit/audit.tables.ts';
import type { CalendarTables } from '../calendar/calendar.tables.ts';
import type { FilesTables } from '../files/files.tables.ts';
import type { IdentityTables } from '../identity/identity.tables.ts';
import type { AccessTables } from '../access/access.tables.ts';
import type { DocumentsTables } from '../documents/documents.tables.ts';
import type { ApprovalsTables } from '../../modules/approvals/approvals.tables.ts';
import type { MapTables } from '../../modules/map/map.tables.ts';
import type { TipoffsTables } from '../../modules/tipoffs/tipoffs.tables.ts';
import type { TransparencyTables } from '../../modules/transparency/transparency.tables.ts';
import type { SelectionTables } from '../../modules/selection/selection.tables.ts';
import type { FieldTables } from '../field/field.tables.ts';

export interface Database extends PlatformTables, OrgsTables, NotifyTables, AuditTables, CalendarTables, FilesTables, IdentityTables, AccessTables, DocumentsTables, ApprovalsTables, MapTables, TipoffsTables, TransparencyTables, SelectionTables, FieldTables {}
import type { PatchesTables } from '../../modules/patches/patches.tables.ts';

export interface Database extends PlatformTables, OrgsTables, NotifyTables, AuditTables, CalendarTables, FilesTables, IdentityTables, AccessTables, DocumentsTables, ApprovalsTables, MapTables, TipoffsTables, TransparencyTables, SelectionTables, PatchesTables {}
import type { EnforcementTables } from '../../modules/enforcement/enforcement.tables.ts';

export interface Database extends PlatformTables, OrgsTables, NotifyTables, AuditTables, CalendarTables, FilesTables, IdentityTables, AccessTables, DocumentsTables, ApprovalsTables, MapTables, TipoffsTables, TransparencyTables, SelectionTables, EnforcementTables {}
import type { StatisticsTables } from '../../modules/statistics/statistics.tables.ts';

export interface Database extends PlatformTables, OrgsTables, NotifyTables, AuditTables, CalendarTables, FilesTables, IdentityTables, AccessTables, DocumentsTables, ApprovalsTables, MapTables, TipoffsTables, TransparencyTables, SelectionTables, StatisticsTables {}
import type { HazardsTables } from '../../modules/hazards/hazards.tables.ts';

export interface Database extends PlatformTables, OrgsTables, NotifyTables, AuditTables, CalendarTables, FilesTables, IdentityTables, AccessTables, DocumentsTables, ApprovalsTables, MapTables, TipoffsTables, TransparencyTables, SelectionTables, HazardsTables {}
import type { OpennessTables } from '../../modules/openness/openness.tables.ts';

export interface Database extends PlatformTables, OrgsTables, NotifyTables, AuditTables, CalendarTables, FilesTables, IdentityTables, AccessTables, DocumentsTables, ApprovalsTables, MapTables, TipoffsTables, TransparencyTables, SelectionTables, OpennessTables {}
import type { PkiTables } from '../pki/pki.tables.ts';

export interface Database extends PkiTables {}
import type { TownshipTables } from '../../modules/township/township.tables.ts';

export interface Database extends PlatformTables, OrgsTables, NotifyTables, AuditTables, CalendarTables, FilesTables, IdentityTables, AccessTables, DocumentsTables, ApprovalsTables, MapTables, TipoffsTables, TransparencyTables, SelectionTables, TownshipTables {}
import type { ExchangeTables } from '../exchange/exchange.tables.ts';

export interface Database extends ExchangeTables {}
import type { PortalTables } from '../../modules/portal/portal.tables.ts';

export interface Database extends PortalTables {}
