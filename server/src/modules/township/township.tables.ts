/** Kysely types of the `township` schema (migration 0840_township.sql). Dates are 'YYYY-MM-DD' strings. */
import type { ColumnType, Generated } from 'kysely';

export type EntryKind = 'patrol' | 'land_change';
export type Finding = 'illegal_building' | 'small_mine' | 'hazard_sign' | 'nothing_found' | 'land_change';
export type EntryStatus = 'draft' | 'reported';

export interface EntriesTable {
  id: Generated<string>;
  orgPath: string;
  townshipCode: string;
  kind: EntryKind;
  finding: Finding;
  place: string;
  lon: number | null;
  lat: number | null;
  description: string;
  observedOn: ColumnType<string, string, string>;
  status: Generated<EntryStatus>;
  reportedAt: Date | null;
  fieldRecordId: string | null;
  version: Generated<number>;
  createdAt: Generated<Date>;
  createdBy: number | null;
  updatedAt: Generated<Date>;
}

export interface NoticesTable {
  id: Generated<number>;
  orgPath: string;
  origin: 'county' | 'township';
  columnKind: 'notice' | 'news';
  title: string;
  body: string;
  readBy: string | null;
  portalArticleId: string | null;
  publishedAt: Generated<Date>;
  publishedBy: number | null;
  publisherName: string;
}

export interface NoticeReadsTable {
  noticeId: number;
  orgPath: string;
  userId: number;
  readAt: Generated<Date>;
}

export interface MessagesTable {
  id: Generated<number>;
  orgPath: string;
  subject: string;
  question: string;
  askedBy: number | null;
  askerName: string;
  askedAt: Generated<Date>;
  dueDate: string;
  answer: string | null;
  answeredBy: number | null;
  answererName: string | null;
  answeredAt: Date | null;
  answerWorkdays: number | null;
}

export interface PatrolAreasTable {
  id: Generated<string>;
  orgPath: string;
  townshipCode: string;
  name: string;
  geometry: ColumnType<{ type: 'Point' | 'Polygon' | 'MultiPolygon'; coordinates: unknown }, string, string>;
  version: Generated<number>;
}

export interface TownshipTables {
  'township.entries': EntriesTable;
  'township.notices': NoticesTable;
  'township.notice_reads': NoticeReadsTable;
  'township.messages': MessagesTable;
  'township.patrol_areas': PatrolAreasTable;
}
