import type { ColumnType, Generated } from 'kysely';
import type { RatingsTables } from './ratings.tables.ts';

type Json<T> = ColumnType<T, string | T, string | T>;

export type CaseStatus =
  | 'submitted' | 'supplement_requested' | 'resubmitted' | 'refused' | 'in_review'
  | 'pending_decision' | 'decided' | 'completed' | 'withdrawn';
export type WarnLevel = 'green' | 'yellow' | 'red';
export type MatterType = '行政许可' | '行政确认' | '公共服务' | '其他';
export type ImplementingLevel = 'province' | 'city' | 'county' | 'township';

export interface MaterialDef {
  key: string;
  name: string;
  required: boolean;
  form: 'original' | 'copy';
  pages: number;
  kind: 'file' | 'eform';
  sampleFileId?: string | null;
  note?: string;
}

export interface FormField {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'select' | 'textarea';
  required: boolean;
  options?: string[];
  max?: number;
}

export type ClockStopKind = 'supplement' | 'hearing' | 'expert_review' | 'public_notice' | 'on_site_inspection' | 'other';

export interface FlowStage {
  key: string;
  name: string;
  kind: 'single' | 'parallel';
  departments: string[];
  rule: 'all_agree' | 'any_refuse';
  limitDays: number;
  /** 特殊环节: the stage's time is not counted in the case limit. */
  pausesClock?: boolean;
  pauseKind?: ClockStopKind;
}

export interface SupplementItem { key: string; name: string; reason: string }

export interface SettingsTable {
  orgPath: string;
  caseNoPattern: Generated<string>;
  warnDays: Generated<number>;
  warnRatio: ColumnType<string, string | number | undefined, string | number>;
  deemedAcceptDays: Generated<number>;
  /** 0110: 好差评 tags and rectification limits. */
  ratingGoodTags: Generated<string[]>;
  ratingBadTags: Generated<string[]>;
  rectifyDays: Generated<number>;
  visitDays: Generated<number>;
  updatedAt: Generated<Date>;
  updatedBy: number | null;
}

export interface MattersTable {
  id: Generated<number>;
  code: string;
  orgPath: string;
  orgUnitId: number;
  currentVersionId: number | null;
  active: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface MatterVersionsTable {
  id: Generated<number>;
  matterId: number;
  version: number;
  orgPath: string;
  name: string;
  type: MatterType;
  implementingLevel: ImplementingLevel;
  department: string;
  legalBasis: string;
  conditions: string;
  materials: Json<MaterialDef[]>;
  form: Json<FormField[]>;
  fees: string;
  statutoryDays: number;
  promisedDays: number;
  counterVisits: number;
  complex: Generated<boolean>;
  flow: Json<FlowStage[]>;
  note: string | null;
  createdAt: Generated<Date>;
  createdBy: number | null;
}

export interface CaseNumbersTable {
  divisionCode: string;
  day: string;
  lastSerial: number;
}

export interface CasesTable {
  id: Generated<number>;
  caseNo: string;
  matterId: number;
  matterVersionId: number;
  orgPath: string;
  orgUnitId: number;
  divisionCode: string;
  applicantUserId: number | null;
  applicantKind: 'person' | 'company';
  applicantName: string;
  applicantIdNumber: string;
  applicantPhone: string;
  contactName: string | null;
  channel: 'online' | 'walk_in';
  formData: Json<Record<string, unknown>>;
  status: CaseStatus;
  decision: 'granted' | 'denied' | null;
  rowVersion: Generated<number>;
  submittedAt: Generated<Date>;
  receivedOn: string;
  checkStartedAt: Date | null;
  acceptedAt: Date | null;
  acceptedOn: string | null;
  acceptedBy: number | null;
  deemedAccepted: Generated<boolean>;
  acceptSeconds: number | null;
  acceptOverStandard: boolean | null;
  refusedAt: Date | null;
  refusalReason: string | null;
  promisedDays: number;
  statutoryDays: number;
  extensionDays: Generated<number>;
  pausedDays: Generated<number>;
  pausedSince: string | null;
  dueDate: string | null;
  warnLevel: Generated<WarnLevel>;
  currentStage: number | null;
  decidedAt: Date | null;
  decidedOn: string | null;
  decidedBy: number | null;
  decisionReason: string | null;
  completedAt: Date | null;
  delivery: 'pickup' | 'post' | 'electronic' | null;
  withdrawnAt: Date | null;
  workdaysUsed: number | null;
  updatedAt: Generated<Date>;
}

export interface CaseMaterialsTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  applicantUserId: number | null;
  materialKey: string;
  fileId: string;
  round: number;
  uploadedBy: number | null;
  createdAt: Generated<Date>;
}

export interface SupplementRequestsTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  applicantUserId: number | null;
  round: number;
  phase: 'acceptance' | 'review';
  items: Json<SupplementItem[]>;
  note: string | null;
  requestedAt: Generated<Date>;
  requestedBy: number | null;
  answeredAt: Date | null;
  documentId: number | null;
}

export interface CaseStagesTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  idx: number;
  key: string;
  name: string;
  kind: 'single' | 'parallel';
  rule: 'all_agree' | 'any_refuse';
  departments: string[];
  limitDays: number;
  pausesClock: Generated<boolean>;
  status: Generated<'pending' | 'active' | 'passed' | 'failed'>;
  startedAt: Date | null;
  startedOn: string | null;
  dueDate: string | null;
  pausedDays: Generated<number>;
  completedAt: Date | null;
  warnLevel: Generated<WarnLevel>;
}

export interface OpinionsTable {
  id: Generated<number>;
  stageId: number;
  caseId: number;
  orgPath: string;
  department: string;
  verdict: 'agree' | 'disagree';
  comment: string;
  userId: number;
  postId: number | null;
  createdAt: Generated<Date>;
}

export interface ClockStopsTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  stageId: number | null;
  kind: ClockStopKind;
  reason: string;
  startedAt: Generated<Date>;
  startedOn: string;
  startedBy: number | null;
  endedAt: Date | null;
  endedOn: string | null;
  endedBy: number | null;
  workdays: number | null;
}

export interface ExtensionsTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  days: number;
  reason: string;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  requestedAt: Generated<Date>;
  requestedBy: number | null;
  decidedAt: Date | null;
  decidedBy: number | null;
  decisionNote: string | null;
}

export interface CaseEventsTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  applicantUserId: number | null;
  at: Generated<Date>;
  kind: string;
  actorUserId: number | null;
  actorName: string | null;
  public: Generated<boolean>;
  details: Json<Record<string, unknown>>;
}

export interface CaseDocumentsTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  applicantUserId: number | null;
  documentId: number;
  kind: string;
  docNo: string;
  createdAt: Generated<Date>;
}

export interface WarningsTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  stageId: number | null;
  level: 'yellow' | 'red';
  dueDate: string;
  raisedAt: Generated<Date>;
  clearedAt: Date | null;
  details: Json<Record<string, unknown>>;
}

export interface UrgesTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  warningId: number | null;
  message: string;
  urgedBy: number;
  urgedAt: Generated<Date>;
  recipients: ColumnType<number[], number[] | undefined, number[]>;
}

export interface ApprovalsTables extends RatingsTables {
  'approvals.settings': SettingsTable;
  'approvals.matters': MattersTable;
  'approvals.matter_versions': MatterVersionsTable;
  'approvals.case_numbers': CaseNumbersTable;
  'approvals.cases': CasesTable;
  'approvals.case_materials': CaseMaterialsTable;
  'approvals.supplement_requests': SupplementRequestsTable;
  'approvals.case_stages': CaseStagesTable;
  'approvals.opinions': OpinionsTable;
  'approvals.clock_stops': ClockStopsTable;
  'approvals.extensions': ExtensionsTable;
  'approvals.case_events': CaseEventsTable;
  'approvals.case_documents': CaseDocumentsTable;
  'approvals.warnings': WarningsTable;
  'approvals.urges': UrgesTable;
}
