/** Kysely types of the `enforcement` schema (migration 0640_enforcement.sql). Dates are 'YYYY-MM-DD' strings. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Num = ColumnType<string, string | number, string | number>;
type NumNull = ColumnType<string | null, string | number | null, string | number | null>;

export type CaseStatus = 'proposed' | 'not_filed' | 'transferred' | 'investigating' | 'reviewing' | 'reviewed' | 'notified' | 'hearing' | 'decided' | 'executing' | 'closed';
export type StageKey = 'filing' | 'investigation' | 'review' | 'notice' | 'decision' | 'execution' | 'closing';
export type Light = 'green' | 'yellow' | 'red';
export type SourceKind = 'tipoff' | 'patch' | 'inspection' | 'transfer' | 'manual';
export type RecordKind = 'inquiry' | 'site' | 'measurement' | 'photo' | 'field' | 'execution' | 'other';

/** Facts deciding the band (裁量情节). */
export interface CaseFacts {
  areaM2?: number | null;
  croplandM2?: number | null;
  basicFarmlandM2?: number | null;
  landClass?: 'cropland' | 'construction' | 'unused' | 'other' | null;
  fitsPlan?: boolean | null;
  rectified?: boolean | null;
  mineralValue?: number | null;
  illegalGains?: number | null;
}

export interface Penalty {
  fine: number;
  confiscate: boolean;
  demolish: boolean;
  restore: boolean;
  other: string | null;
}

export interface EnforcementSettingsTable {
  orgPath: string;
  stageDays: Json<Partial<Record<StageKey, number>>>;
  warnDays: number;
  disclosureDays: number;
  reviewFinePerson: Num;
  reviewFineCompany: Num;
  hearingFinePerson: Num;
  hearingFineCompany: Num;
  updatedAt: Generated<Date>;
  updatedBy: number | null;
  version: Generated<number>;
  changeReason: string | null;
}

/** Every version of a scope's settings (migration 0901). */
export interface SettingsVersionsTable {
  id: Generated<number>;
  orgPath: string;
  version: number;
  stageDays: Json<Partial<Record<StageKey, number>>>;
  warnDays: number;
  disclosureDays: number;
  reviewFinePerson: Num;
  reviewFineCompany: Num;
  hearingFinePerson: Num;
  hearingFineCompany: Num;
  changeReason: string;
  changedBy: number;
  changedByName: string;
  changedAt: Generated<Date>;
}

export interface CaseSequencesTable { orgPath: string; year: number; last: number }

export interface CasesTable {
  id: Generated<number>;
  caseNo: string;
  orgPath: string;
  orgUnitId: number;
  divisionCode: string;
  status: Generated<CaseStatus>;
  stage: StageKey | null;
  stageStartedOn: string | null;
  stageDueDate: string | null;
  clockPausedOn: string | null;
  warnLevel: Generated<Light>;
  title: string;
  summary: string;
  violationKind: string | null;
  partyKind: 'person' | 'company' | null;
  partyName: string | null;
  partyIdNumber: string | null;
  partyAddress: string | null;
  lon: number | null;
  lat: number | null;
  geometry: ColumnType<unknown, string | null, string | null>;
  facts: ColumnType<CaseFacts, string | undefined, string>;
  proposal: ColumnType<unknown, string | null, string | null>;
  departureReason: string | null;
  reviewRequired: boolean | null;
  hearingEligible: boolean | null;
  filedBy: number | null;
  filedAt: Date | null;
  filedOn: string | null;
  decisionDueDate: string | null;
  notFiledReason: string | null;
  transferredTo: string | null;
  transferReason: string | null;
  reviewBy: number | null;
  reviewOpinion: string | null;
  reviewDepartureApproved: boolean | null;
  reviewedAt: Date | null;
  noticeServedOn: string | null;
  defenceDueDate: string | null;
  hearingRequestDue: string | null;
  hearingRequestedOn: string | null;
  hearingHeldOn: string | null;
  hearingPausedDays: Generated<number>;
  defenceText: string | null;
  decidedBy: number | null;
  decidedAt: Date | null;
  decidedOn: string | null;
  penalty: ColumnType<Penalty | null, string | null, string | null>;
  legalBasis: string | null;
  fineAmount: NumNull;
  finePaid: ColumnType<string, string | number | undefined, string | number>;
  demolishedM2: ColumnType<string, string | number | undefined, string | number>;
  landReturnedM2: ColumnType<string, string | number | undefined, string | number>;
  confiscated: Generated<boolean>;
  courtAppliedOn: string | null;
  disclosureDueDate: string | null;
  closedBy: number | null;
  closedAt: Date | null;
  closeNote: string | null;
  rowVersion: Generated<number>;
  createdAt: Generated<Date>;
  createdBy: number | null;
  updatedAt: Generated<Date>;
}

export interface Attachment { label: string; sha256: string | null; url: string | null }

export interface SourcesTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  kind: SourceKind;
  sourceId: string | null;
  ref: string;
  summary: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  attachments: ColumnType<Attachment[], string | undefined, string>;
  addedAt: Generated<Date>;
  addedBy: number | null;
}

export interface StagesTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  stage: StageKey;
  startedOn: string;
  limitDays: number;
  dueDate: string | null;
  endedOn: string | null;
  pausedDays: Generated<number>;
}

export interface RecordsTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  kind: RecordKind;
  recordedOn: string;
  title: string;
  content: string;
  values: ColumnType<Record<string, unknown>, string | undefined, string>;
  files: ColumnType<string[], string[] | undefined, string[]>;
  documentId: number | null;
  createdAt: Generated<Date>;
  createdBy: number | null;
}

export interface EventsTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  kind: string;
  actorUserId: number | null;
  actorName: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: Generated<Date>;
}

export interface BaselineConditions {
  landClass?: string;
  basicFarmland?: boolean;
  fitsPlan?: boolean;
  rectified?: boolean;
  areaMin?: number;
  areaMax?: number;
  valueMin?: number;
  valueMax?: number;
}

export interface BaselinesTable {
  id: Generated<number>;
  orgPath: string;
  violationKind: string;
  violationName: string;
  band: string;
  bandName: string;
  priority: Generated<number>;
  conditions: ColumnType<BaselineConditions, string | undefined, string>;
  fineBasis: 'per_m2' | 'gains_share' | 'none';
  fineMin: Num;
  fineMax: Num;
  confiscate: Generated<boolean>;
  demolish: Generated<boolean>;
  restore: Generated<boolean>;
  legalBasis: string;
  sources: ColumnType<string[], string[] | undefined, string[]>;
  confirmed: Generated<boolean>;
  note: string | null;
  active: Generated<boolean>;
  createdAt: Generated<Date>;
  version: Generated<number>;
  supersedesId: number | null;
  changeReason: string | null;
  changedBy: number | null;
  changedByName: string | null;
  retiredAt: Date | null;
}

export interface DisclosuresTable {
  id: Generated<number>;
  /** Null on the internet side (the case stays on the intranet). */
  caseId: number | null;
  orgPath: string;
  caseNo: string;
  partyName: string;
  partyKind: 'person' | 'company';
  facts: string;
  legalBasis: string;
  penalty: string;
  authority: string;
  decidedOn: string;
  documentNo: string | null;
  status: Generated<'published' | 'changed' | 'withdrawn'>;
  statusReason: string | null;
  statusChangedAt: Date | null;
  publishedAt: Generated<Date>;
}

export interface EnforcementTables {
  'enforcement.settings': EnforcementSettingsTable;
  'enforcement.settings_versions': SettingsVersionsTable;
  'enforcement.case_sequences': CaseSequencesTable;
  'enforcement.cases': CasesTable;
  'enforcement.sources': SourcesTable;
  'enforcement.stages': StagesTable;
  'enforcement.records': RecordsTable;
  'enforcement.events': EventsTable;
  'enforcement.baselines': BaselinesTable;
  'enforcement.disclosures': DisclosuresTable;
}
