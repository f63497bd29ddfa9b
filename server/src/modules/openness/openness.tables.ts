/** Kysely types of the `openness` schema (migration 0820_openness.sql). Dates are 'YYYY-MM-DD' strings. */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | T, string | T>;
export type EntryStatus = 'draft' | 'submitted' | 'returned' | 'published' | 'withdrawn';
export type LetterKind = 'mailbox' | 'consult';
export type LetterStatus = 'received' | 'answered' | 'published';
export type SurveyStatus = 'draft' | 'open' | 'closed';
export interface SurveyOption { key: string; label: string }

export interface IndexSerialsTable { bureauCode: string; category: string; year: number; lastSerial: number }

export interface EntriesTable {
  id: Generated<number>;
  orgPath: string;
  orgUnitId: number;
  divisionCode: string;
  category: string;
  title: string;
  docNo: string | null;
  body: string;
  status: Generated<EntryStatus>;
  indexNo: string | null;
  createdAt: Generated<Date>;
  createdBy: number;
  updatedAt: Generated<Date>;
  submittedAt: Date | null;
  submittedBy: number | null;
  reviewedAt: Date | null;
  reviewedBy: number | null;
  reviewNote: string | null;
  publishedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
}

export interface AnnualReportsTable {
  id: Generated<number>;
  orgPath: string;
  orgUnitId: number;
  divisionCode: string;
  year: number;
  figures: Json<Record<string, unknown>>;
  documentId: number | null;
  docNo: string | null;
  publishedAt: Generated<Date>;
  publishedBy: number;
}

export interface LettersTable {
  id: Generated<number>;
  letterNo: string;
  kind: LetterKind;
  orgPath: string;
  orgUnitId: number;
  divisionCode: string;
  subject: string;
  body: string;
  writerName: string;
  writerPhone: string;
  consentPublish: boolean;
  queryCodeHash: string;
  status: Generated<LetterStatus>;
  receivedAt: Generated<Date>;
  receivedOn: string;
  dueDate: string;
  reply: string | null;
  repliedAt: Date | null;
  repliedOn: string | null;
  repliedBy: number | null;
  publicSubject: string | null;
  publicBody: string | null;
  publicReply: string | null;
  publishedAt: Date | null;
  publishedBy: number | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: Date | null;
}

export interface SurveysTable {
  id: Generated<number>;
  orgPath: string;
  orgUnitId: number;
  divisionCode: string;
  title: string;
  description: Generated<string>;
  options: Json<SurveyOption[]>;
  status: Generated<SurveyStatus>;
  closesOn: string;
  createdAt: Generated<Date>;
  createdBy: number;
  openedAt: Date | null;
  closedAt: Date | null;
}

export interface SurveyVotesTable { surveyId: number; userId: number; optionKey: string; votedAt: Generated<Date> }

export interface OpennessTables {
  'openness.index_serials': IndexSerialsTable;
  'openness.entries': EntriesTable;
  'openness.annual_reports': AnnualReportsTable;
  'openness.letters': LettersTable;
  'openness.surveys': SurveysTable;
  'openness.survey_votes': SurveyVotesTable;
}
