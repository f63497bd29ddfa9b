/** Kysely types of the `patches` schema (migration 0600_patches.sql). Dates are 'YYYY-MM-DD' strings. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Num = ColumnType<string | null, string | number | null, string | number | null>;
export type BatchSource = 'ministry' | 'province' | 'self';
export type PatchStatus = 'pending' | 'proposed' | 'submitted' | 'returned' | 'accepted';
export type Rectification = 'none' | 'pending' | 'demolished' | 'confiscated' | 'legalised';
export type VerdictKind = 'legal' | 'illegal' | 'other';

export interface ClassesTable {
  code: string;
  parentCode: string | null;
  verdict: VerdictKind;
  name: string;
  nameEn: string;
  rule: 'match' | 'partial_match' | 'default' | 'manual';
  matchLayers: string[];
  minShare: ColumnType<string, string | number, string | number>;
  sortOrder: number;
  active: boolean;
}

export interface BatchesTable {
  id: Generated<number>;
  batchNo: string;
  name: string;
  source: BatchSource;
  beforeDate: string;
  afterDate: string;
  areaDesc: Generated<string>;
  deadline: string;
  imageryBeforeUrl: string | null;
  imageryAfterUrl: string | null;
  syntheticImagery: Generated<boolean>;
  status: Generated<'draft' | 'open' | 'closed'>;
  patchCount: Generated<number>;
  orgPath: string;
  createdAt: Generated<Date>;
  createdBy: number | null;
  importedAt: Date | null;
}

export interface BatchCountiesTable {
  batchId: number;
  countyCode: string;
  orgPath: string;
  status: Generated<'open' | 'submitted' | 'accepted'>;
  submittedAt: Date | null;
  submittedBy: number | null;
  acceptedAt: Date | null;
  acceptedBy: number | null;
}

export interface Precheck {
  engine: string;
  approvals: { layer: string; code: string | null; name: string | null; date: string | null; overlapM2: number; share: number }[];
  approvedShare: number;
  croplandM2: number;
  basicFarmlandM2: number;
  planZones: { zone: string; overlapM2: number }[];
  miningRights: { code: string | null; name: string | null; overlapM2: number }[];
  matched: { layer: string; code: string | null; share: number }[];
}

export interface FieldRecordStored {
  recordId: string;
  values: Record<string, string | number | boolean | null>;
  position: { lon: number; lat: number; accuracyM: number | null } | null;
  distanceM: number | null;
  photos: {
    sha256: string; takenAt: string; lon: number | null; lat: number | null; headingDeg: number | null; distanceM: number | null; far: boolean;
    /** The photo's EXIF (time taken, GPS) and its distance to the patch; early: taken before the batch's later image date. */
    exif?: { takenAt: string | null; lon: number | null; lat: number | null } | null; exifDistanceM?: number | null; early?: boolean;
  }[];
  signatureSha256: string | null;
  recordedAt: string;
  receivedAt: string;
  inspector: { userId: number; displayName: string };
  farPhotos: number;
  /** Photos taken before the batch's later image date (后时相), by their EXIF time (else the app's). */
  earlyPhotos?: number;
}

export interface PatchesTable {
  id: Generated<string>;
  batchId: number;
  tbbh: string;
  changeType: string;
  beforePhase: string;
  afterPhase: string;
  statedAreaM2: Num;
  areaM2: ColumnType<string, string | number, string | number>;
  geom: Json<unknown>;
  bbox: string;
  geomHash: string;
  lon: number;
  lat: number;
  countyCode: string;
  townshipCode: string | null;
  orgPath: string;
  precheck: Json<Precheck | Record<string, never>>;
  suggestedClass: string | null;
  status: Generated<PatchStatus>;
  verdictClass: string | null;
  verdictApprovalNo: string | null;
  verdictCroplandM2: Num;
  verdictBasicFarmlandM2: Num;
  verdictReason: string | null;
  reviewComment: string | null;
  fieldRecord: ColumnType<FieldRecordStored | null, string | null | undefined, string | null>;
  enforcementCaseNo: string | null;
  enforcementCaseId: string | null;
  rectification: Generated<Rectification>;
  rectificationApprovalNo: string | null;
  rectifiedAt: Date | null;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface PatchTipoffsTable {
  patchId: string;
  tipoffId: number;
  tipoffNo: string;
  orgPath: string;
  linkedAt: Generated<Date>;
  linkedBy: number | null;
}

export type ImportPhase = 'parsing' | 'validating' | 'inserting' | 'done' | 'failed';

/** Progress of a batch import (migration 0975), written outside the import's transaction. */
export interface ImportProgressTable {
  userId: number;
  token: string;
  orgPath: string;
  batchNo: string;
  dryRun: boolean;
  phase: ImportPhase;
  total: Generated<number>;
  parsed: Generated<number>;
  validated: Generated<number>;
  inserted: Generated<number>;
  steps: Generated<number>;
  message: string | null;
  startedAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface PatchesTables {
  'patches.classes': ClassesTable;
  'patches.batches': BatchesTable;
  'patches.batch_counties': BatchCountiesTable;
  'patches.patches': PatchesTable;
  'patches.patch_tipoffs': PatchTipoffsTable;
  'patches.import_progress': ImportProgressTable;
}
