import type { Generated } from 'kysely';

export interface CalendarOverridesTable {
  date: string;
  kind: 'workday' | 'holiday';
  name: string;
  createdBy: number | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface CalendarCoveredYearsTable {
  year: number;
  source: Generated<'chinese-days' | 'override'>;
  note: string;
  declaredBy: number | null;
  declaredAt: Generated<Date>;
}

export interface CalendarStateTable {
  id: boolean;
  version: number;
  changedAt: Date;
}

export interface CalendarTables {
  'calendar.overrides': CalendarOverridesTable;
  'calendar.covered_years': CalendarCoveredYearsTable;
  'calendar.state': CalendarStateTable;
}
