/**
 * Working-day arithmetic on 'YYYY-MM-DD' dates, pure once its data is given. A day is a
 * working day when an override says so, else when the State Council schedule (chinese-days)
 * names it, else when it is Monday–Friday inside a covered year. In a year not covered yet the
 * answer is PROVISIONAL (预计): the statutory holidays of the 全国年节及纪念日放假办法 (fixed and
 * lunar dates) plus weekends, without guessing the 调休 make-up days of the coming notice.
 */
import { createRequire } from 'node:module';
import chineseDays from 'chinese-days';
import { AppError } from '../http/errors.ts';

export type DayKind = 'workday' | 'holiday';
export type DaySource = 'override' | 'chinese-days' | 'weekday' | 'provisional';

export interface DayInfo {
  date: string;
  workday: boolean;
  /** Holiday or make-up day name, e.g. 春节; '' for an ordinary day. */
  name: string;
  source: DaySource;
  /** True when the year is not covered yet: the answer follows the 放假办法, not the year's notice. */
  provisional?: boolean;
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

/**
 * A due date as a citizen reads it: 2027年1月15日, with （预计） when provisional. Never prints
 * null or undefined: an absent date reads 待定.
 */
export function formatDueDate(date: string | null | undefined, provisional = false): string {
  if (!date) return '待定';
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日${provisional ? '（预计）' : ''}`;
}

export const formatDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (date: string, n: number) => formatDate(parseDate(date) + n * DAY_MS);

/** Gregorian date of a lunar month/day in the lunar year that starts in `year` (null outside the table). */
function lunarToSolar(year: number, month: number, dayOfMonth: number): string | null {
  // chinese-days' getLunarDate counts days in UTC (its getSolarDateFromLunar depends on the process time zone).
  const start = Date.UTC(year, 0, 1);
  for (let ms = start; ms < Date.UTC(year + 1, 0, 1); ms += DAY_MS) {
    const date = formatDate(ms);
    const l = chineseDays.getLunarDate(date);
    if (l.lunarYear === year && l.lunarMon === month && l.lunarDay === dayOfMonth && !l.isLeap) return date;
  }
  return null;
}

/** 清明 (pure brightness solar term) in April, by the usual 21st/20th-century formula. */
function qingming(year: number): number {
  const y = year % 100;
  const c = year >= 2000 ? 4.81 : 5.59;
  return Math.floor(y * 0.2422 + c) - Math.floor(y / 4);
}

const provisionalCache = new Map<number, ReadonlyMap<string, string>>();

/**
 * Statutory holidays of a year by the 全国年节及纪念日放假办法 as amended 2024-11 (from 2025):
 * 元旦 1-1; 春节 农历除夕、正月初一至初三; 清明 (solar term); 劳动节 5-1, 5-2; 端午 农历五月初五;
 * 中秋 农历八月十五; 国庆节 10-1…10-3. Weekends are handled by the caller; no 调休 is guessed.
 * Lunar dates are only known for 1900–2099 (chinese-days' table); outside it only the fixed ones.
 */
export function provisionalHolidays(year: number): ReadonlyMap<string, string> {
  const hit = provisionalCache.get(year);
  if (hit) return hit;
  const days = new Map<string, string>();
  const ymd = (m: number, d: number) => formatDate(Date.UTC(year, m - 1, d));
  days.set(ymd(1, 1), '元旦');
  if (year >= 1901 && year <= 2099) {
    // 除夕 is the day before 正月初一; 春节 may start in January, so look the lunar new year up in `year`.
    const newYear = lunarToSolar(year, 1, 1);
    if (newYear) for (let i = -1; i <= 2; i++) days.set(addDays(newYear, i), '春节');
    days.set(ymd(4, qingming(year)), '清明');
    const duanwu = lunarToSolar(year, 5, 5);
    if (duanwu) days.set(duanwu, '端午');
    const zhongqiu = lunarToSolar(year, 8, 15);
    if (zhongqiu) days.set(zhongqiu, '中秋');
  }
  days.set(ymd(5, 1), '劳动节');
  days.set(ymd(5, 2), '劳动节');
  for (let d = 1; d <= 3; d++) days.set(ymd(10, d), '国庆节');
  provisionalCache.set(year, days);
  return days;
}

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

  /**
   * Whether a date computed by this calendar (a due date) may still move when a year is declared:
   * its year is not covered, or it lies from 20 December on and the next year is not covered
   * (the next notice can move late December days, e.g. 2018-12-29 was worked for New Year 2019).
   */
  function isProvisional(date: string): boolean {
    parseDate(date);
    const year = Number(date.slice(0, 4));
    return !isCovered(year) || (date.slice(5) >= NEXT_YEAR_REACH && !isCovered(year + 1));
  }

  function day(date: string): DayInfo {
    const ms = parseDate(date);
    const o = data.overrides.get(date);
    if (o) return { date, workday: o.kind === 'workday', name: o.name, source: 'override' };
    const year = Number(date.slice(0, 4));
    const dow = new Date(ms).getUTCDay();
    if (!isCovered(year)) {
      const holiday = provisionalHolidays(year).get(date);
      if (holiday) return { date, workday: false, name: holiday, source: 'provisional', provisional: true };
      return { date, workday: dow >= 1 && dow <= 5, name: '', source: 'provisional', provisional: true };
    }
    const official = data.official.get(date);
    if (official) return { date, workday: official.workday, name: official.name, source: 'chinese-days' };
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

  /** Every day of a month; in a year not covered, days without an override are provisional (source 'provisional'). */
  function listDays(year: number, month: number): { covered: boolean; days: DayInfo[] } {
    const first = Date.UTC(year, month - 1, 1);
    const days: DayInfo[] = [];
    for (let ms = first; new Date(ms).getUTCMonth() === month - 1; ms += DAY_MS) days.push(day(formatDate(ms)));
    return { covered: isCovered(year), days };
  }

  return { day, isWorkday, nextWorkday, addWorkdays, workdaysBetween, listDays, isCovered, isProvisional };
}

export type WorkCalendar = ReturnType<typeof createWorkCalendar>;
