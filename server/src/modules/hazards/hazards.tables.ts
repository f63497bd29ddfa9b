/** Kysely types of the `hazards` schema (migration 0700_hazards.sql). */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
export type HazardType = 'landslide' | 'collapse' | 'debris_flow' | 'ground_collapse' | 'ground_fissure' | 'ground_subsidence' | 'unstable_slope';
export type Scale = 'small' | 'medium' | 'large' | 'huge';
export type Stability = 'stable' | 'basically_stable' | 'unstable';
export type RiskLevel = 'low' | 'medium' | 'high' | 'very_high';
export type SiteStatus = 'registered' | 'cancelled';
export type PersonRole = 'monitor' | 'village' | 'township';
export type Metric = 'value' | 'sum_1h' | 'sum_24h' | 'rate_24h';

export interface SitesTable {
  id: Generated<number>;
  siteNo: string;
  name: string;
  hazardType: HazardType;
  townshipCode: string;
  orgPath: string;
  location: string;
  lon: number;
  lat: number;
  scale: Scale;
  volumeM3: number | null;
  stability: Stability;
  threatenedHouseholds: Generated<number>;
  threatenedPeople: Generated<number>;
  threatenedProperty: ColumnType<string, string | number, string | number>;
  riskLevel: RiskLevel;
  measures: Generated<string>;
  evacuationRoute: Generated<string>;
  shelter: Generated<string>;
  warningSignal: Generated<string>;
  status: Generated<SiteStatus>;
  cancelReason: string | null;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  updatedBy: number | null;
}

export interface SiteVersionsTable {
  siteId: number;
  version: number;
  change: 'registered' | 'updated' | 'cancelled' | 'restored';
  snapshot: Json<Record<string, unknown>>;
  changedFields: Generated<string[]>;
  orgPath: string;
  changedBy: number | null;
  changedAt: Generated<Date>;
}

export interface SitePeopleTable {
  id: Generated<number>;
  siteId: number;
  orgPath: string;
  role: PersonRole;
  name: string;
  phone: string;
  userId: number | null;
  createdAt: Generated<Date>;
}

export interface HouseholdsTable {
  id: Generated<number>;
  siteId: number;
  orgPath: string;
  headName: string;
  members: number;
  phone: string | null;
  address: string;
  createdAt: Generated<Date>;
}

export interface SensorsTable { id: Generated<number>; name: string; description: string; encodingType: Generated<string>; metadata: Generated<string> }
export interface ObservedPropertiesTable { id: Generated<number>; code: string; name: string; definition: string; description: string }

export interface ThingsTable {
  id: Generated<number>;
  siteId: number | null;
  orgPath: string;
  name: string;
  description: Generated<string>;
  deviceId: string;
  secretHash: string;
  lon: number;
  lat: number;
  active: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface DatastreamsTable {
  id: Generated<number>;
  thingId: number;
  sensorId: number;
  observedPropertyId: number;
  orgPath: string;
  code: string;
  name: string;
  description: Generated<string>;
  unitName: string;
  unitSymbol: string;
  unitDefinition: Generated<string>;
  lastResult: number | null;
  lastTime: Date | null;
}

export interface ObservationsTable {
  id: Generated<number>;
  datastreamId: number;
  orgPath: string;
  phenomenonTime: Date;
  resultTime: Generated<Date>;
  result: number;
}

export interface IngestRejectionsTable {
  id: Generated<number>;
  at: Generated<Date>;
  source: 'mqtt' | 'http';
  deviceId: string | null;
  topic: string | null;
  reason: string;
  payload: string | null;
}

export interface ThresholdsTable {
  id: Generated<number>;
  datastreamId: number;
  orgPath: string;
  metric: Metric;
  blue: number | null;
  yellow: number | null;
  orange: number | null;
  red: number | null;
}

export interface AlarmsTable {
  id: Generated<number>;
  datastreamId: number;
  siteId: number | null;
  orgPath: string;
  metric: Metric;
  severity: number;
  peakSeverity: number;
  status: Generated<'active' | 'cleared'>;
  raisedValue: number;
  lastValue: number;
  raisedAt: Generated<Date>;
  clearedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: number | null;
}

export interface AlarmEventsTable {
  id: Generated<number>;
  alarmId: number;
  orgPath: string;
  kind: 'raised' | 'escalated' | 'lowered' | 'cleared' | 'acknowledged';
  severity: number | null;
  value: number | null;
  byUser: number | null;
  at: Generated<Date>;
}

export interface HazardsTables extends HazardsWarningTables, HazardsReportTables, HazardsInspectionTables {
  'hazards.sites': SitesTable;
  'hazards.site_versions': SiteVersionsTable;
  'hazards.site_people': SitePeopleTable;
  'hazards.households': HouseholdsTable;
  'hazards.sensors': SensorsTable;
  'hazards.observed_properties': ObservedPropertiesTable;
  'hazards.things': ThingsTable;
  'hazards.datastreams': DatastreamsTable;
  'hazards.observations': ObservationsTable;
  'hazards.ingest_rejections': IngestRejectionsTable;
  'hazards.thresholds': ThresholdsTable;
  'hazards.alarms': AlarmsTable;
  'hazards.alarm_events': AlarmEventsTable;
}

export type WarningStatus = 'draft' | 'cosigned' | 'published' | 'cancelled';
export interface WarningsTable {
  id: Generated<number>;
  warningNo: string;
  orgPath: string;
  drill: Generated<boolean>;
  level: number;
  headline: string;
  advice: string;
  areaTownships: Generated<string[]>;
  areaPolygon: ColumnType<{ type: 'Polygon'; coordinates: number[][][] } | null, string | null, string | null>;
  areaDesc: string;
  validFrom: Date;
  validTo: Date;
  status: Generated<WarningStatus>;
  draftedBy: number;
  draftedOrgUnitId: number;
  cosignOrgUnitId: number;
  cosignOrgPath: string;
  cosignedBy: number | null;
  cosignedAt: Date | null;
  publishedBy: number | null;
  publishedAt: Date | null;
  capXml: string | null;
  createdAt: Generated<Date>;
}
export interface EscalationRulesTable { id: Generated<number>; orgPath: string; step: number; afterMinutes: number; targetRole: 'township_head' | 'county_duty' }
export interface EscalationContactsTable { id: Generated<number>; orgPath: string; role: 'township_head' | 'county_duty'; townshipCode: string | null; name: string; phone: string }
export interface DispatchesTable {
  id: Generated<number>;
  warningId: number;
  siteId: number;
  personId: number | null;
  orgPath: string;
  role: string;
  name: string;
  phone: string;
  ackCode: string;
  ackToken: string;
  sentAt: Generated<Date>;
  ackedAt: Date | null;
  ackedVia: 'link' | 'code' | 'app' | null;
  escalationStep: Generated<number>;
  escalatedAt: Date | null;
}
export interface HazardsWarningTables {
  'hazards.warnings': WarningsTable;
  'hazards.escalation_rules': EscalationRulesTable;
  'hazards.escalation_contacts': EscalationContactsTable;
  'hazards.dispatches': DispatchesTable;
}

export type EventGrade = 'small' | 'medium' | 'large' | 'huge';
export type ReportLevel = 'county_gov' | 'city' | 'province' | 'ministry';
export interface EventReportsTable {
  id: Generated<number>;
  reportNo: string;
  orgPath: string;
  kind: 'disaster' | 'danger';
  siteId: number | null;
  townshipCode: string;
  place: string;
  hazardType: string;
  occurredAt: Date;
  receivedAt: Generated<Date>;
  deaths: number;
  missing: number;
  injured: number;
  directLoss: ColumnType<string, number, number>;
  threatenedPeople: number;
  potentialLoss: ColumnType<string, number, number>;
  grade: EventGrade;
  reportTo: ReportLevel[];
  dueAt: Date;
  reported: ColumnType<Partial<Record<ReportLevel, string>>, string, string>;
  summary: string;
  createdBy: number;
  remindedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  overdueNotifiedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export interface EventGradingTable {
  kind: 'disaster' | 'danger'; grade: Exclude<EventGrade, 'small'>; minPeople: number; minLoss: ColumnType<string, number, number>; confirmed: boolean; source: string;
}
export interface EventTimeLimitsTable { grade: EventGrade; hours: number; reportTo: ReportLevel[]; remindMinutes: number; confirmed: boolean; source: string }
export interface HazardsReportTables { 'hazards.event_reports': EventReportsTable; 'hazards.event_grading': EventGradingTable; 'hazards.event_time_limits': EventTimeLimitsTable }

export type InspectionRound = 'pre_flood' | 'in_flood' | 'post_flood';
export interface InspectionResult {
  recordId: string; values: Record<string, string | number | boolean | null>;
  position: { lon: number; lat: number; accuracyM: number | null } | null; distanceM: number | null;
  photos: { sha256: string; takenAt: string; distanceM: number | null; far: boolean }[]; signatureSha256: string | null;
  inspector: { userId: number; displayName: string };
}
export interface InspectionsTable {
  id: Generated<string>;
  siteId: number;
  orgPath: string;
  round: InspectionRound;
  year: number;
  dueOn: ColumnType<string, string, string>;
  status: Generated<'open' | 'done'>;
  version: Generated<number>;
  recordId: string | null;
  result: ColumnType<InspectionResult | null, string | null, string | null>;
  recordedAt: Date | null;
  doneAt: Date | null;
  doneBy: number | null;
  createdBy: number;
  createdAt: Generated<Date>;
}
export interface HazardsInspectionTables { 'hazards.inspections': InspectionsTable }
