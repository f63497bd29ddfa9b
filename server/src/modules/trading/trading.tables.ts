/** Kysely types of the `trading` schema (migration 0660_trading.sql); merged into the database type here. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
export type LotKind = 'land' | 'mining';
export type LotMethod = 'listing' | 'auction' | 'tender';
export type LotStatus = 'draft' | 'announced' | 'listing' | 'confirming' | 'timed' | 'evaluating' | 'closed';

export interface LotsTable {
  id: Generated<number>;
  lotNo: string;
  orgPath: string;
  kind: LotKind;
  method: LotMethod;
  title: string;
  parcelId: number | null;
  geometry: Json<unknown> | null;
  areaM2: ColumnType<string, string | number, string | number>;
  landUse: string | null;
  termYears: number;
  indicators: Json<Record<string, unknown>>;
  mineral: string | null;
  conditions: string;
  startPrice: number;
  increment: number;
  deposit: number;
  minBidders: number;
  announceAt: Date | null;
  listingStart: Date;
  listingEnd: Date;
  depositDeadline: Date;
  confirmMinutes: Generated<number>;
  countdownMinutes: Generated<number>;
  reserveWindowMinutes: Generated<number>;
  status: Generated<LotStatus>;
  publicKey: Buffer | null;
  announcementHash: string | null;
  announcementEntryIdx: number | null;
  currentPrice: number | null;
  lastSeq: Generated<number>;
  chainHead: Generated<string>;
  timedDeadline: Date | null;
  reserveCipher: string | null;
  reserveCommitment: string | null;
  reserveEnteredBy: number | null;
  reserveEnteredAt: Date | null;
  reserveWitnessedBy: number | null;
  reserveEntryIdx: number | null;
  reserveOpened: number | null;
  reserveSalt: string | null;
  outcome: 'sold' | 'unsold' | 'withdrawn' | null;
  outcomeReason: string | null;
  winnerNumber: string | null;
  finalPrice: number | null;
  closedAt: Date | null;
  /** 终止出让决定人 (migration 1020). */
  withdrawnBy: Generated<number | null>;
  /** 开工时间 / 竣工时间 (YYYY-MM-DD), land lots (migration 1030). */
  startBy: Generated<string | null>;
  completeBy: Generated<string | null>;
  resultEntryIdx: number | null;
  createdAt: Generated<Date>;
  createdBy: number | null;
  approvedBy: number | null;
  orgUnitId: number | null;
  confirmationDocId: number | null;
  pendingIncrement: number | null;
  pendingIncrementAt: Date | null;
  evaluation: 'highest_price' | 'comprehensive' | null;
  priceWeight: number | null;
  panelSize: number | null;
  panel: Json<{ id: string; name: string }[]> | null;
  panelDrawNo: string | null;
  openingPublicKey: Buffer | null;
  commitmentsEntryIdx: number | null;
}

export type ApplicationStatus = 'applied' | 'qualified' | 'refund_pending' | 'refunded' | 'converted';
export interface ApplicationsTable {
  id: Generated<number>;
  lotId: number;
  accountTag: string;
  sealedAccount: string;
  depositAccount: string;
  depositPaid: Generated<number>;
  paidAt: Date | null;
  bidderNumber: string | null;
  qualifiedAt: Date | null;
  joinedTimed: Generated<boolean>;
  status: Generated<ApplicationStatus>;
  userId: number | null;
  refundRef: string | null;
  refundedAt: Date | null;
  qualificationDocId: number | null;
  createdAt: Generated<Date>;
}

export interface BidsTable {
  lotId: number;
  seq: number;
  at: Date;
  bidderNumber: string;
  amount: number;
  phase: 'listing' | 'timed';
  idempotencyKey: string;
  prevHash: string;
  hash: string;
}

export interface RefundsTable {
  id: Generated<number>;
  applicationId: number;
  amount: number;
  ref: string;
  status: Generated<'sent' | 'confirmed'>;
  sentAt: Generated<Date>;
  confirmedAt: Date | null;
}

export interface IncrementChangesTable {
  id: Generated<number>;
  lotId: number;
  oldIncrement: number;
  newIncrement: number;
  effectiveAt: Date;
  reason: string;
  announcedAt: Date;
  announcedBy: number;
  entryIdx: number;
}

export interface TenderBidsTable {
  id: Generated<number>;
  lotId: number;
  bidderNumber: string;
  sealed: string;
  commitment: string;
  submittedAt: Date;
  amount: number | null;
  salt: string | null;
  proposal: string | null;
  openedAt: Date | null;
}

export interface TenderScoresTable {
  lotId: number;
  memberId: string;
  bidderNumber: string;
  score: ColumnType<string, number | string, number | string>;
  enteredBy: number;
  enteredAt: Generated<Date>;
}

export interface ContractsTable {
  id: Generated<number>;
  lotId: number;
  orgPath: string;
  contractNo: string;
  signedOn: ColumnType<string, string, string>;
  buyerUserId: number;
  price: number;
  depositCredited: number;
  registeredBy: number;
  registeredAt: Generated<Date>;
}

export interface InstalmentsTable {
  id: Generated<number>;
  contractId: number;
  orgPath: string;
  seq: number;
  label: string;
  amount: number;
  dueDate: ColumnType<string, string, string>;
  paid: Generated<number>;
  paidOn: ColumnType<string | null, string | null, string | null>;
  overdueSince: ColumnType<string | null, string | null, string | null>;
}

export type LotDocumentKind = 'sale_documents' | 'parcel_map' | 'planning_conditions' | 'contract_model' | 'mining_area_map' | 'other';
export interface LotDocumentsTable {
  id: Generated<number>;
  lotId: number;
  orgPath: string;
  kind: LotDocumentKind;
  uploadId: string;
  name: string;
  sha256: string;
  size: ColumnType<number, number, number>;
  mime: string;
  addedBy: number;
  createdAt: Generated<Date>;
}

export interface TradingTables {
  'trading.lot_documents': LotDocumentsTable;
  'trading.contracts': ContractsTable;
  'trading.instalments': InstalmentsTable;
  'trading.tender_bids': TenderBidsTable;
  'trading.tender_scores': TenderScoresTable;
  'trading.increment_changes': IncrementChangesTable;
  'trading.lots': LotsTable;
  'trading.applications': ApplicationsTable;
  'trading.bids': BidsTable;
  'trading.refunds': RefundsTable;
}

declare module '../../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends TradingTables {}
}
