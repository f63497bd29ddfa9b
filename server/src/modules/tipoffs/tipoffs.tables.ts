/** Kysely types of the `tipoffs` schema (migration 0200_tipoffs.sql). Dates are 'YYYY-MM-DD' strings. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | T, string | T>;

export type ReportStatus = 'received' | 'accepted' | 'refused' | 'assigned' | 'verified' | 'disposed' | 'feedback_given' | 'closed' | 'merged';
export type StageKey = 'triage' | 'assign' | 'verify' | 'dispose' | 'feedback' | 'close';
export type Light = 'green' | 'yellow' | 'red';
export type StageDays = Record<StageKey, number>;

export interface TipoffSettingsTable {
  orgPath: string;
  stageDays: Json<StageDays>;
  warnDays: number;
  duplicateDistanceM: number;
  duplicateWindowDays: number;
  powDifficulty: number;
  surgeWeeks: number;
  surgeHistoryWeeks: number;
  surgeK: ColumnType<string, string | number, string | number>;
  updatedAt: Generated<Date>;
  updatedBy: number | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  contact: string | null;
  prefix: string;
  keyHash: string;
  createdAt: Generated<Date>;
  createdBy: number | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface SecretsTable { name: string; value: Buffer; createdAt: Generated<Date> }
export interface PowUsedTable { challengeHash: string; expiresAt: Date }

export interface ReportsTable {
  id: Generated<number>;
  reportNo: string;
  trackingCode: string;
  channel: string;
  channelRef: string | null;
  violationType: string;
  status: Generated<ReportStatus>;
  divisionCode: string;
  divisionPath: string;
  address: string;
  lon: number | null;
  lat: number | null;
  placePending: Generated<boolean>;
  party: string;
  facts: string;
  intakeOrgPath: string;
  orgPath: string;
  receivedAt: Generated<Date>;
  receivedOn: string;
  stage: StageKey | null;
  stageStartedOn: string | null;
  stageDueDate: string | null;
  warnLevel: Generated<Light>;
  triageDecision: 'accept' | 'refuse' | null;
  refusalReason: string | null;
  refusalRedirect: string | null;
  triageNote: string | null;
  triagedAt: Date | null;
  assignMode: 'transfer' | 'assign' | null;
  countyCode: string | null;
  countyOrgPath: string | null;
  assignedByPath: string | null;
  assignDueDate: string | null;
  assignInstructions: string | null;
  assignedAt: Date | null;
  verifiedOn: string | null;
  findings: string | null;
  violationFound: boolean | null;
  verifiedAt: Date | null;
  disposalOutcome: 'no_violation' | 'stopped_rectified' | 'case_filed' | null;
  disposalCaseNo: string | null;
  disposalSummary: string | null;
  disposedAt: Date | null;
  feedbackText: string | null;
  feedbackAt: Date | null;
  feedbackRecipients: number | null;
  closedAt: Date | null;
  closeNote: string | null;
  mergedIntoId: number | null;
  reopenCount: Generated<number>;
  idempotencyKey: string | null;
  idempotencyHash: string | null;
  apiKeyId: number | null;
  createdBy: number | null;
  rowVersion: Generated<number>;
  updatedAt: Generated<Date>;
}

export interface ReportersTable {
  id: Generated<number>;
  reportId: number;
  orgPath: string;
  anonymous: boolean;
  name: string | null;
  phone: string | null;
  email: string | null;
  idNumber: string | null;
  /** The public account that filed a real-name report while signed in (migration 0430). */
  accountUserId: Generated<number | null>;
  createdAt: Generated<Date>;
}

export interface ReportFilesTable {
  id: Generated<number>;
  reportId: number;
  orgPath: string;
  fileId: string;
  stage: 'intake' | 'verify' | 'dispose' | 'evidence';
  name: string;
  mime: string;
  addedBy: number | null;
  createdAt: Generated<Date>;
}

export interface StagesTable {
  id: Generated<number>;
  reportId: number;
  orgPath: string;
  stage: StageKey;
  startedOn: string;
  limitDays: number;
  dueDate: string | null;
  endedOn: string | null;
  level: Generated<Light>;
}

export interface EventsTable {
  id: Generated<number>;
  reportId: number;
  orgPath: string;
  at: Generated<Date>;
  kind: string;
  actorUserId: number | null;
  actorName: string | null;
  public: Generated<boolean>;
  details: Json<Record<string, unknown>>;
}

export interface DuplicatesTable {
  id: Generated<number>;
  reportId: number;
  candidateId: number;
  orgPath: string;
  distanceM: number;
  days: number;
  status: Generated<'open' | 'merged' | 'dismissed'>;
  createdAt: Generated<Date>;
  decidedAt: Date | null;
  decidedBy: number | null;
}

export interface WarningsTable {
  id: Generated<number>;
  reportId: number;
  orgPath: string;
  stage: StageKey;
  level: 'yellow' | 'red';
  dueDate: string;
  raisedAt: Generated<Date>;
  clearedAt: Date | null;
}

export interface TipoffsTables {
  'tipoffs.settings': TipoffSettingsTable;
  'tipoffs.api_keys': ApiKeysTable;
  'tipoffs.secrets': SecretsTable;
  'tipoffs.pow_used': PowUsedTable;
  'tipoffs.reports': ReportsTable;
  'tipoffs.reporters': ReportersTable;
  'tipoffs.files': ReportFilesTable;
  'tipoffs.stages': StagesTable;
  'tipoffs.events': EventsTable;
  'tipoffs.duplicates': DuplicatesTable;
  'tipoffs.warnings': WarningsTable;
}
