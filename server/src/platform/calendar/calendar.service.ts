/**
 * The working-day calendar service. Each process caches the overrides and declared years and
 * checks the change counter `calendar.state.version` at most once per `ttlMs`: a change made
 * by another server process is seen within that time, one made here at once (`invalidate`).
 */
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { AppError } from '../http/errors.ts';
import { createWorkCalendar, loadOfficialData, parseDate, type DayKind, type WorkCalendar } from './work-calendar.ts';
import * as repo from './calendar.repo.ts';

export interface CalendarServiceDeps {
  db: Db;
  audit: AuditService;
  /** How long a process trusts its cache before re-checking the change counter. */
  ttlMs?: number;
}

export interface OverrideInput {
  date: string;
  kind: DayKind;
  name: string;
}

type Actor = AuditActor & { scopePath?: string | null };

export function createCalendarService({ db, audit, ttlMs = 1000 }: CalendarServiceDeps) {
  const official = loadOfficialData();
  let cached: { version: number; calendar: WorkCalendar; checkedAt: number } | null = null;
  let pending: Promise<WorkCalendar> | null = null;

  async function refresh(): Promise<WorkCalendar> {
    const v = await repo.version(db);
    if (cached && cached.version === v) {
      cached.checkedAt = Date.now();
      return cached.calendar;
    }
    // Read after the counter: a change in between only causes one more reload next time.
    const [overrides, years] = await Promise.all([repo.allOverrides(db), repo.declaredYears(db)]);
    const calendar = createWorkCalendar({
      ...official,
      overrides: new Map(overrides.map((o) => [o.date, { kind: o.kind, name: o.name }])),
      declaredYears: new Set(years.map((y) => y.year)),
    });
    cached = { version: v, calendar, checkedAt: Date.now() };
    return calendar;
  }

  /** The current calendar; pure and synchronous once obtained, for batch computations. */
  function snapshot(): Promise<WorkCalendar> {
    if (cached && Date.now() - cached.checkedAt < ttlMs) return Promise.resolve(cached.calendar);
    pending ??= refresh().finally(() => (pending = null));
    return pending;
  }

  const auditPath = (actor: Actor) => actor.scopePath ?? null;
  const declaredListeners: ((year: number) => Promise<unknown>)[] = [];

  return {
    snapshot,
    /** Forces the next call to re-check the change counter; call after committing a change. */
    invalidate(): void {
      if (cached) cached.checkedAt = 0;
    },
    officialYears: (): number[] => [...official.officialYears].sort((a, b) => a - b),

    async isWorkday(date: string): Promise<boolean> {
      return (await snapshot()).isWorkday(date);
    },
    async day(date: string) {
      return (await snapshot()).day(date);
    },
    /** Nth working day after `from` (YYYY-MM-DD); `from` itself is not counted. Throws calendar.year_not_covered. */
    async addWorkdays(from: string, days: number): Promise<string> {
      return (await snapshot()).addWorkdays(from, days);
    },
    async workdaysBetween(a: string, b: string): Promise<number> {
      return (await snapshot()).workdaysBetween(a, b);
    },
    async nextWorkday(date: string): Promise<string> {
      return (await snapshot()).nextWorkday(date);
    },
    /** Whether a computed date (a due date) may still move: its year (or, from 12-20, the next) is not covered yet. */
    async isProvisional(date: string): Promise<boolean> {
      return (await snapshot()).isProvisional(date);
    },
    /**
     * Modules register here what to redo when a year is declared (recompute open deadlines and tell
     * the handlers whose dates moved). Called after the declaration committed, in this process.
     */
    onYearDeclared(listener: (year: number) => Promise<unknown>): void {
      declaredListeners.push(listener);
    },
    /** Runs the listeners of onYearDeclared, one after the other; call after commit and invalidate(). */
    async yearDeclared(year: number): Promise<void> {
      for (const l of declaredListeners) await l(year);
    },
    async listDays(year: number, month: number) {
      return (await snapshot()).listDays(year, month);
    },

    listOverrides: (year: number) => repo.overridesOfYear(db, year),

    async listYears() {
      const declared = await repo.declaredYears(db);
      const years = new Map<number, { year: number; source: 'chinese-days' | 'override'; note: string }>();
      for (const y of official.officialYears) years.set(y, { year: y, source: 'chinese-days', note: '国务院办公厅节假日安排 (chinese-days)' });
      for (const y of declared) if (!years.has(y.year)) years.set(y.year, { year: y.year, source: 'override', note: y.note });
      return [...years.values()].sort((a, b) => a.year - b.year);
    },

    async setOverride(trx: Tx, actor: Actor, input: OverrideInput) {
      parseDate(input.date, 'date');
      const name = input.name.trim();
      if (!name) throw new AppError('validation.failed', 'name: required', { field: 'name' });
      const before = await repo.findOverride(trx, input.date);
      const row = await repo.upsertOverride(trx, { date: input.date, kind: input.kind, name, createdBy: actor.userId });
      await audit.record(trx, actor, {
        action: before ? 'calendar.override.updated' : 'calendar.override.created',
        entityType: 'calendar_override', entityId: input.date, orgPath: auditPath(actor),
        details: { kind: row.kind, name: row.name, ...(before ? { previous: { kind: before.kind, name: before.name } } : {}) },
      });
      return row;
    },

    async deleteOverride(trx: Tx, actor: Actor, date: string): Promise<void> {
      parseDate(date, 'date');
      const before = await repo.findOverride(trx, date);
      if (!before || !(await repo.deleteOverride(trx, date))) {
        throw new AppError('calendar.override_not_found', `no override on ${date}`, { field: 'date' });
      }
      await audit.record(trx, actor, {
        action: 'calendar.override.deleted', entityType: 'calendar_override', entityId: date, orgPath: auditPath(actor),
        details: { kind: before.kind, name: before.name },
      });
    },

    /** Declares a year complete after its holidays were entered as overrides. */
    async declareYear(trx: Tx, actor: Actor, input: { year: number; note: string }) {
      const entered = await repo.overridesOfYear(trx, input.year);
      if (!official.officialYears.has(input.year) && !entered.some((o) => o.kind === 'holiday')) {
        throw new AppError('calendar.year_empty',
          `year: enter the holidays of ${input.year} as overrides before declaring it covered`, { field: 'year', year: input.year });
      }
      const row = await repo.upsertYear(trx, { year: input.year, note: input.note.trim(), declaredBy: actor.userId });
      await audit.record(trx, actor, {
        action: 'calendar.year.declared', entityType: 'calendar_year', entityId: input.year, orgPath: auditPath(actor),
        details: { note: row.note, overrides: entered.length },
      });
      return { year: row.year, source: row.source, note: row.note };
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
