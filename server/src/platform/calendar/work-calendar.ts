/**
 * Working-day arithmetic on 'YYYY-MM-DD' dates, pure once its data is given. A day is a
 * working day when an override says so, else when the State Council schedule (chinese-days)
 * names it, else when it is Monday–Friday — but that last rule only inside a covered year:
 * anywhere else the answer is calendar.year_not_covered, never a guess.
 */
import { createRequire } from 'node:module';
import { AppError } from '../http/errors.ts';

export type DayKind = 'workday' | 'holiday';
export type DaySource = 'override' | 'chinese-days' | 'weekday';

export interface DayInfo {
  date: string;
  workday: boolean;
  /** Holiday or make-up day name, e.g. 春节; '' for an ordinary day. */
  name: string;
  source: DaySource;
}

export interface CalendarData {
  /** State Council data: date → {workday, name}. */
  official: ReadonlyMap<string, { workday: boolean; name: string }>;
  officialYears: ReadonlySet<number>;
  overrides: ReadonlyMap<string, { kind: DayKind; name: string }>;
  declaredYears: ReadonlySet<number>;
}

/**
 * From this day of December on, the next year's notice can move days (e.g. 2018-12-29 was a
 * make-up working day of the 2019 New Year), so the next year must be covered too.
 */
const NEXT_YEAR_REACH = '12-20';
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a calendar date; throws calendar.invalid_date naming `field`. */
export function parseDate(value: string, field = 'date'): number {
  const m = DATE.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new AppError('calendar.invalid_date', `${field}: not a calendar date (YYYY-MM-DD): ${value}`, { field });
  }
  return ms;
}

export const formatDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (date: string, n: number) => formatDate(parseDate(date) + n * DAY_MS);

/** The State Council schedule bundled in chinese-days, and the years it fully covers. */
export function loadOfficialData(): Pick<CalendarData, 'official' | 'officialYears'> {
  const require = createRequire(import.meta.url);
  const raw = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
  const official = new Map<string, { workday: boolean; name: string }>();
  const festivals = new Map<number, Set<string>>();
  // Values read "English name,中文名,n"; the Chinese name is what users see.
  const cn = (v: string) => v.split(',')[1] ?? v;
  for (const [date, v] of Object.entries(raw.holidays)) {
    official.set(date, { workday: false, name: cn(v) });
    const y = Number(date.slice(0, 4));
    if (!festivals.has(y)) festivals.set(y, new Set());
    festivals.get(y)!.add(cn(v));
  }
  for (const [date, v] of Object.entries(raw.workdays)) official.set(date, { workday: true, name: cn(v) });
  // A year's notice always schedules 春节 and 国庆节; a stray date of a neighbouring notice does not cover a year.
  const officialYears = new Set([...festivals].filter(([, names]) => names.has('春节') && names.has('国庆节')).map(([y]) => y));
  return { official, officialYears };
}

export function createWorkCalendar(data: CalendarData) {
  const isCovered = (year: number) => data.officialYears.has(year) || data.declaredYears.has(year);

  function requireCovered(date: string): void {
    const year = Number(date.slice(0, 4));
    const missing = !isCovered(year) ? year : date.slice(5) >= NEXT_YEAR_REACH && !isCovered(year + 1) ? year + 1 : null;
    if (missing !== null) {
      throw new AppError('calendar.year_not_covered',
        `the working-day calendar of ${missing} is not known yet (needed for ${date}); the security admin must enter it`,
        { year: missing, date });
    }
  }

  function day(date: string): DayInfo {
    const ms = parseDate(date);
    const o = data.overrides.get(date);
    if (o) return { date, workday: o.kind === 'workday', name: o.name, source: 'override' };
    requireCovered(date);
    const official = data.official.get(date);
    if (official) return { date, workday: official.workday, name: official.name, source: 'chinese-days' };
    const dow = new Date(ms).getUTCDay();
    return { date, workday: dow >= 1 && dow <= 5, name: '', source: 'weekday' };
  }

  const isWorkday = (date: string) => day(date).workday;

  /** First working day strictly after `date`. */
  function nextWorkday(date: string): string {
    let d = date;
    do d = addDays(d, 1);
    while (!isWorkday(d));
    return d;
  }

  /**
   * Nth working day after `from`; `from` itself is not counted (行政许可法 periods start the
   * day after acceptance). n = 0 gives `from` when it is a working day, else the next one.
   */
  function addWorkdays(from: string, n: number): string {
    parseDate(from, 'from');
    if (!Number.isInteger(n) || n < 0) throw new AppError('validation.failed', `days: a whole number ≥ 0, got ${n}`, { field: 'days' });
    if (n === 0) return isWorkday(from) ? from : nextWorkday(from);
    let d = from;
    for (let left = n; left > 0; left--) d = nextWorkday(d);
    return d;
  }

  /** Working days after `a` up to and including `b`; negative when b is before a. */
  function workdaysBetween(a: string, b: string): number {
    const [ma, mb] = [parseDate(a, 'from'), parseDate(b, 'to')];
    if (mb < ma) return -workdaysBetween(b, a);
    let n = 0;
    for (let d = addDays(a, 1); parseDate(d) <= mb; d = addDays(d, 1)) if (isWorkday(d)) n++;
    return n;
  }

  /** Every day of a month; in a year not covered, days without an override have workday null. */
  function listDays(year: number, month: number): { covered: boolean; days: (Omit<DayInfo, 'workday'> & { workday: boolean | null })[] } {
    const first = Date.UTC(year, month - 1, 1);
    const days: (Omit<DayInfo, 'workday'> & { workday: boolean | null })[] = [];
    for (let ms = first; new Date(ms).getUTCMonth() === month - 1; ms += DAY_MS) {
      const date = formatDate(ms);
      try {
        days.push(day(date));
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'calendar.year_not_covered') throw e;
        days.push({ date, workday: null, name: '', source: 'weekday' });
      }
    }
    return { covered: isCovered(year), days };
  }

  return { day, isWorkday, nextWorkday, addWorkdays, workdaysBetween, listDays, isCovered };
}

export type WorkCalendar = ReturnType<typeof createWorkCalendar>;
