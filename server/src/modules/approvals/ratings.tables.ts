/** Kysely types of the 好差评, 差评整改 and 公示 tables (migration 0110_approvals_ratings.sql). */
import type { ColumnType, Generated } from 'kysely';

export type RectificationStatus = 'open' | 'visited' | 'done';

export interface RatingsTable {
  id: Generated<number>;
  caseId: number;
  orgPath: string;
  level: number;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  comment: string | null;
  followUp: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface RectificationsTable {
  id: Generated<number>;
  caseId: number;
  ratingId: number;
  orgPath: string;
  orgUnitId: number;
  status: Generated<RectificationStatus>;
  openedOn: string;
  visitDueDate: string | null;
  dueDate: string | null;
  visitedAt: Date | null;
  visitedBy: number | null;
  visitNote: string | null;
  result: string | null;
  completedAt: Date | null;
  completedBy: number | null;
  rowVersion: Generated<number>;
  createdAt: Generated<Date>;
}

export interface DisclosuresTable {
  id: Generated<number>;
  /** Null on the internet side for a disclosure that crossed without its case (walk-in). */
  caseId: number | null;
  orgPath: string;
  caseNo: string;
  matterCode: string;
  matterName: string;
  applicantKind: 'person' | 'company';
  applicantName: string;
  decision: 'granted' | 'denied';
  decidedAt: Date;
  orgName: string;
  documentNo: string | null;
  publishedAt: Generated<Date>;
}

export interface RatingsTables {
  'approvals.ratings': RatingsTable;
  'approvals.rectifications': RectificationsTable;
  'approvals.disclosures': DisclosuresTable;
}
