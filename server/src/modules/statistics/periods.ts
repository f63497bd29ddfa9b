/**
 * Reporting periods (报告期) in DHIS2's ISO-like notation: monthly 202611, quarterly 2026Q3,
 * half-yearly 2026S1, yearly 2026. A period's window opens the day after it ends and lasts
 * `windowDays` calendar days (e.g. 1st–10th of the next month).
 */
export type PeriodType = 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';

export interface PeriodInfo { code: string; type: PeriodType; year: number; index: number; start: string; end: string }

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const lastDay = (y: number, m: number) => iso(y, m + 1, 0);

export function parsePeriod(code: string, type: PeriodType): PeriodInfo | null {
  const m = {
    monthly: /^(\d{4})(0[1-9]|1[0-2])$/, quarterly: /^(\d{4})Q([1-4])$/, half_yearly: /^(\d{4})S([12])$/, yearly: /^(\d{4})$/,
  }[type].exec(code);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  const index = type === 'yearly' ? 1 : Number(m[2]);
  const months = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 }[type];
  const firstMonth = (index - 1) * months + 1;
  return { code, type, year, index, start: iso(year, firstMonth, 1), end: lastDay(year, firstMonth + months - 1) };
}

export function periodCode(type: PeriodType, year: number, index: number): string {
  switch (type) {
    case 'monthly': return `${year}${String(index).padStart(2, '0')}`;
    case 'quarterly': return `${year}Q${index}`;
    case 'half_yearly': return `${year}S${index}`;
    case 'yearly': return `${year}`;
  }
}

const PER_YEAR: Record<PeriodType, number> = { monthly: 12, quarterly: 4, half_yearly: 2, yearly: 1 };

/** The period before (上期). */
export function previousPeriod(p: PeriodInfo): string {
  return p.index > 1 ? periodCode(p.type, p.year, p.index - 1) : periodCode(p.type, p.year - 1, PER_YEAR[p.type]);
}

/** The same period a year earlier (上年同期). */
export const lastYearPeriod = (p: PeriodInfo): string => periodCode(p.type, p.year - 1, p.index);

export function reportingWindow(p: PeriodInfo, windowDays: number): { opensOn: string; dueOn: string } {
  const end = new Date(`${p.end}T00:00:00Z`);
  const opens = new Date(end.getTime() + 86400_000);
  const due = new Date(opens.getTime() + (windowDays - 1) * 86400_000);
  return { opensOn: opens.toISOString().slice(0, 10), dueOn: due.toISOString().slice(0, 10) };
}
