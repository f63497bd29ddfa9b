/**
 * What the tip-off use cases are given (platform services, a clock) and the small steps every
 * transition takes: lock the report, move the stage clock, record the event and the audit entry.
 */
import crypto from 'node:crypto';
import { sql, type Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { setContext, SYSTEM_CONTEXT, type DbContext, type Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { CalendarService } from '../../platform/calendar/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { NotifyService } from '../../platform/notify/index.ts';
import type { OrgsService } from '../../platform/orgs/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { CaseSource } from '../enforcement/index.ts';
import type { ReportStatus, ReportsTable, StageDays, StageKey } from './tipoffs.tables.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import type { Publisher } from '../transparency/index.ts';
import type { SerialSide } from '../../platform/exchange/index.ts';

export interface TipoffsDeps {
  db: Db;
  audit: AuditService;
  calendar: CalendarService;
  files: FileStore;
  notify: NotifyService;
  orgs: OrgsService;
  /** The clock; tests fix it. */
  now?: () => Date;
  /**
   * Optional: opens the enforcement case of a report disposed as case_filed without a typed case
   * number (enforcement/index.ts `openCaseFromSource`, see enforcement/README.md, Interfaces; wired in app.ts).
   */
  openEnforcementCase?: OpenEnforcementCase | undefined;
  /** The transparency log's publish (transparency/index.ts `Publisher`): the outcome of a closed report is logged in the closing transaction. */
  publish?: Publisher;
  /** SITE_ROLE: with two sites each numbers reports from its own serials (platform/exchange numbering.ts); default all. */
  siteRole?: SerialSide;
}

/** Enforcement's `openCaseFromSource` (enforcement/index.ts), passed in by app.ts. */
export type OpenEnforcementCase = (trx: Tx, actor: ActingUser, source: CaseSource) => Promise<{ caseId: number | string; caseNo: string; created: boolean }>;

/** Who acts (the platform's ActingUser): a request's Actor fits; null for system jobs and the public. */
export type { ActingUser };

export const DEFAULT_STAGE_DAYS: StageDays = { triage: 1, assign: 2, verify: 10, dispose: 20, feedback: 5, close: 5 };

export interface EffectiveSettings {
  stageDays: StageDays;
  warnDays: number;
  duplicateDistanceM: number;
  duplicateWindowDays: number;
  powDifficulty: number;
  surgeWeeks: number;
  surgeHistoryWeeks: number;
  surgeK: number;
}

export const DEFAULT_SETTINGS: EffectiveSettings = {
  stageDays: DEFAULT_STAGE_DAYS, warnDays: 1, duplicateDistanceM: 200, duplicateWindowDays: 90, powDifficulty: 18,
  surgeWeeks: 4, surgeHistoryWeeks: 26, surgeK: 2,
};

const CST = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
/** The calendar day in China Standard Time. */
export function chinaDay(d: Date): string {
  return CST.format(d);
}

export function nowOf(deps: TipoffsDeps): Date {
  return deps.now ? deps.now() : new Date();
}
export function todayOf(deps: TipoffsDeps): string {
  return chinaDay(nowOf(deps));
}

/** Settings of the nearest ancestor row of `orgPath`, else the defaults. */
export async function settingsFor(trx: Tx | Db, orgPath: string): Promise<EffectiveSettings> {
  const row = await trx.selectFrom('tipoffs.settings').selectAll()
    .where(sql<boolean>`org_path @> ${orgPath}::ltree`).orderBy(sql`nlevel(org_path)`, 'desc').limit(1).executeTakeFirst();
  if (!row) return DEFAULT_SETTINGS;
  return {
    stageDays: { ...DEFAULT_STAGE_DAYS, ...row.stageDays }, warnDays: row.warnDays, duplicateDistanceM: row.duplicateDistanceM,
    duplicateWindowDays: row.duplicateWindowDays, powDifficulty: row.powDifficulty, surgeWeeks: row.surgeWeeks,
    surgeHistoryWeeks: row.surgeHistoryWeeks, surgeK: Number(row.surgeK),
  };
}

/** Runs `fn` with the system scope inside the caller's transaction, then restores `back`. */
export async function asSystem<T>(trx: Tx, back: DbContext, fn: () => Promise<T>): Promise<T> {
  await setContext(trx, SYSTEM_CONTEXT);
  try {
    return await fn();
  } finally {
    await setContext(trx, back);
  }
}

export function contextOf(actor: ActingUser | null): DbContext {
  if (!actor) return SYSTEM_CONTEXT;
  return { userId: actor.userId, scopes: actor.scopePath ? [actor.scopePath] : [] };
}

// Crockford base32 without I, L, O, U: read out on the phone without confusion.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 random symbols (60 bits) shown as XXXX-XXXX-XXXX. */
export function newTrackingCode(): string {
  const bytes = crypto.randomBytes(12);
  let s = '';
  for (const b of bytes) s += ALPHABET[b & 31];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}
/** Accepts lower case, missing dashes and the usual look-alikes (O→0, I/L→1). */
export function normalizeTrackingCode(raw: string): string | null {
  const s = raw.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(s)) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

export type ReportRow = NonNullable<Awaited<ReturnType<typeof findReportForUpdate>>>;

export function findReportForUpdate(trx: Tx, id: number) {
  return trx.selectFrom('tipoffs.reports').selectAll().select(sql<string>`org_path::text`.as('orgPathText')).where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Locks the report (RLS applies: out of scope reads as absent) and checks its state and, when
 * the client sent one, its version; of two simultaneous actions one waits here and then fails.
 */
export async function lockReport(trx: Tx, id: number, allowed: readonly ReportStatus[], opts: { version?: number | undefined; action: string }) {
  const r = await findReportForUpdate(trx, id);
  if (!r) throw new AppError('tipoffs.report_not_found', `report ${id} not found`, { field: 'id' });
  if (opts.version !== undefined && opts.version !== r.rowVersion) {
    throw new AppError('tipoffs.report_state_changed', `report ${r.reportNo} changed meanwhile (version ${r.rowVersion}, you had ${opts.version}); reload it`, { status: r.status, version: r.rowVersion });
  }
  if (!allowed.includes(r.status)) {
    throw new AppError('tipoffs.report_wrong_state', `cannot ${opts.action} report ${r.reportNo} in status ${r.status}`, { status: r.status, version: r.rowVersion });
  }
  return r;
}

export async function updateReport(trx: Tx, id: number, patch: Omit<Updateable<ReportsTable>, 'id' | 'rowVersion'>) {
  return trx.updateTable('tipoffs.reports')
    .set({ ...patch, rowVersion: sql`row_version + 1`, updatedAt: sql`now()` } as never)
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function addEvent(
  trx: Tx, r: { id: number; orgPath: string }, actor: ActingUser | null, kind: string, details: Record<string, unknown> = {}, isPublic = true, at?: Date,
) {
  await trx.insertInto('tipoffs.events').values({
    reportId: r.id, orgPath: r.orgPath, kind, actorUserId: actor?.userId ?? null,
    actorName: actor ? actor.displayName || actor.username : null, public: isPublic, details: JSON.stringify(details),
    ...(at ? { at } : {}),
  }).execute();
}

export async function auditReport(
  deps: TipoffsDeps, trx: Tx, actor: ActingUser | null, r: { id: number; reportNo: string; orgPath: string }, action: string, details: Record<string, unknown> = {}, ip?: string,
) {
  await deps.audit.record(trx, actor, {
    action: `tipoffs.report.${action}`, entityType: 'tipoffs.report', entityId: r.id, orgPath: r.orgPath,
    details: { reportNo: r.reportNo, ...details }, ...(ip ? { ip } : {}),
  });
}

/** Due date of a stage, or null when the calendar does not cover it yet (the transition still happens). */
export async function dueDateOf(deps: TipoffsDeps, startOn: string, days: number): Promise<string | null> {
  try {
    return await deps.calendar.addWorkdays(startOn, days);
  } catch (e) {
    if (e instanceof AppError && e.code === 'calendar.year_not_covered') return null;
    throw e;
  }
}

/**
 * Ends the running stage clock and starts `next` (null: none runs). `dueOverride` is a 交办
 * deadline. Returns the columns to set on the report.
 */
export async function moveStage(
  deps: TipoffsDeps, trx: Tx, r: { id: number; orgPath: string }, next: StageKey | null, opts: { orgPath?: string; dueOverride?: string | null } = {},
) {
  const today = todayOf(deps);
  await trx.updateTable('tipoffs.stages').set({ endedOn: today }).where('reportId', '=', r.id).where('endedOn', 'is', null).execute();
  if (!next) return { stage: null, stageStartedOn: null, stageDueDate: null, warnLevel: 'green' as const };
  const orgPath = opts.orgPath ?? r.orgPath;
  const settings = await settingsFor(trx, orgPath);
  const limitDays = settings.stageDays[next];
  const due = opts.dueOverride ?? await dueDateOf(deps, today, limitDays);
  await trx.insertInto('tipoffs.stages').values({ reportId: r.id, orgPath, stage: next, startedOn: today, limitDays, dueDate: due }).execute();
  return { stage: next, stageStartedOn: today, stageDueDate: due, warnLevel: 'green' as const };
}

/** Moves the rows that follow a report into its new handling scope (assignment). */
export async function moveScope(trx: Tx, reportId: number, orgPath: string) {
  for (const table of ['tipoffs.files', 'tipoffs.stages', 'tipoffs.events', 'tipoffs.warnings'] as const) {
    await trx.updateTable(table).set({ orgPath }).where('reportId', '=', reportId).execute();
  }
}

export function sha256Hex(s: string | Buffer): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}
