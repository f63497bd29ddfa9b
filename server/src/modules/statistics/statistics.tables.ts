/** Kysely types of the `statistics` schema (migration 0680_statistics.sql). Dates are 'YYYY-MM-DD' strings. */
import type { ColumnType, Generated } from 'kysely';
import type { FormDefinition } from './forms.ts';
import type { PeriodType } from './periods.ts';

type Json<T> = ColumnType<T, string, string>;
export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'accepted';
export type ValueSource = 'entered' | 'excel' | 'api' | 'derived';
export interface CellComment { cell: string; comment: string }

export interface FormsTable {
  id: Generated<number>;
  code: string;
  tableNo: string;
  name: string;
  nameEn: string | null;
  authority: string;
  approvalNo: string | null;
  validUntil: string | null;
  periodType: PeriodType;
  windowDays: Generated<number>;
  remindDays: Generated<number>;
  simplified: string | null;
  createdAt: Generated<Date>;
}

export interface FormVersionsTable {
  id: Generated<number>;
  formId: number;
  version: number;
  definition: Json<FormDefinition>;
  note: string | null;
  createdAt: Generated<Date>;
  createdBy: number | null;
}

export interface AssignmentsTable {
  id: Generated<number>;
  formId: number;
  orgPath: string;
  divisionCode: string;
  unitName: string;
  validFrom: Generated<string>;
  validTo: string | null;
}

export interface PeriodsTable {
  id: Generated<number>;
  formId: number;
  period: string;
  versionId: number;
  startsOn: string;
  endsOn: string;
  opensOn: string;
  dueOn: string;
  createdAt: Generated<Date>;
}

export interface ReportsTable {
  id: Generated<number>;
  periodId: number;
  formId: number;
  orgPath: string;
  divisionCode: string;
  unitName: string;
  status: Generated<ReportStatus>;
  revision: Generated<number>;
  explanations: ColumnType<Record<string, string>, string | undefined, string>;
  responsiblePerson: string | null;
  statistician: string | null;
  phone: string | null;
  firstSubmittedAt: Date | null;
  submittedAt: Date | null;
  submittedBy: number | null;
  reviewedAt: Date | null;
  reviewedBy: number | null;
  acceptedAt: Date | null;
  acceptedBy: number | null;
  reopenedUntil: string | null;
  reopenReason: string | null;
  updatedAt: Generated<Date>;
}

export interface ReportValuesTable {
  reportId: number;
  orgPath: string;
  cell: string;
  value: ColumnType<string, string | number, string | number>;
  source: Generated<ValueSource>;
  sourceRef: string | null;
  updatedAt: Generated<Date>;
  updatedBy: number | null;
}

export interface RevisionsTable {
  id: Generated<number>;
  reportId: number;
  orgPath: string;
  revision: number;
  values: Json<Record<string, number>>;
  explanations: Json<Record<string, string>>;
  checkReport: Json<unknown>;
  responsiblePerson: string;
  statistician: string;
  submittedAt: Generated<Date>;
  submittedBy: number | null;
}

export interface EventsTable {
  id: Generated<number>;
  reportId: number;
  orgPath: string;
  kind: 'submitted' | 'returned' | 'accepted' | 'reopened';
  revision: number;
  actorId: number | null;
  actorName: string | null;
  comment: string | null;
  cellComments: ColumnType<CellComment[], string | undefined, string>;
  at: Generated<Date>;
}

export interface RemindersTable {
  periodId: number;
  orgPath: string;
  sentAt: Generated<Date>;
}

/** Entered values of a report packed {cell: value}, kept by triggers (migration 0941); read by roll-ups. */
export interface ReportCellsTable { reportId: number; orgPath: string; cells: Record<string, number> }
/** Roll-up sums kept per period, status, city-level part and cell (0971; cell '' = number of reports). Numeric as text. */
export interface RollupPartsTable { periodId: number; status: 'submitted' | 'accepted'; partPath: string; cell: string; total: string; n: number }

export interface StatisticsTables {
  'statistics.forms': FormsTable;
  'statistics.form_versions': FormVersionsTable;
  'statistics.assignments': AssignmentsTable;
  'statistics.periods': PeriodsTable;
  'statistics.reports': ReportsTable;
  'statistics.report_values': ReportValuesTable;
  'statistics.report_cells': ReportCellsTable;
  'statistics.rollup_parts': RollupPartsTable;
  'statistics.revisions': RevisionsTable;
  'statistics.events': EventsTable;
  'statistics.reminders': RemindersTable;
}
