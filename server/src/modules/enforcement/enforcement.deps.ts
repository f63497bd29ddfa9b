/**
 * What the enforcement use cases are given (platform services, optional neighbours, a clock) and
 * the small steps every transition takes: lock the case, move the stage clock, record the event
 * and the audit entry.
 */
import { sql, type Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { CalendarService } from '../../platform/calendar/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { NotifyService } from '../../platform/notify/index.ts';
import type { DocumentService } from '../../platform/documents/index.ts';
import type { FieldService } from '../../platform/field/index.ts';
import type { RectificationFigure } from '../patches/index.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { CaseStatus, CasesTable, StageKey } from './enforcement.tables.ts';

/** What a tip-off learns when its case ends: tipoffs/index.ts `caseOutcome` fits. */
export type TipoffCaseOutcome = (trx: Tx, actor: ActingUser | null, input: { reportId: number; caseNo: string; outcome: string }) => Promise<void>;
/** transparency/index.ts `publish` fits. */
export type Publish = (trx: Tx, kind: string, payload: unknown) => Promise<{ index: number }>;

export interface EnforcementDeps {
  db: Db;
  audit: AuditService;
  calendar: CalendarService;
  files: FileStore;
  notify: NotifyService;
  documents: DocumentService;
  /** Optional: the public log (transparency module). */
  publish?: Publish | undefined;
  /** Optional: feedback to the reporters of a tip-off source when its case is closed (tipoffs module). */
  tipoffOutcome?: TipoffCaseOutcome | undefined;
  /** Optional: the offline field app's records (platform/field): a case shows the field records of its sources (a patch's 外业核查). */
  field?: Pick<FieldService, 'listRecords' | 'formOf'> | undefined;
  /** Optional: the rectification (整改) of illegal patches per county (patches/index.ts `rectificationByCounty`), shown beside the figures. */
  patchRectification?: ((trx: Tx, period: { from: string; to: string }) => Promise<RectificationFigure[]>) | undefined;
  now?: () => Date;
}

/**
 * Working-day limits per stage. None of them is a national figure we could confirm except where
 * marked: they are data (enforcement.settings.stage_days) and these are the defaults.
 * - filing 10: 立案 within 10 working days of finding the violation (国土资源行政处罚办法 2014 第十一条; likely, not re-read).
 * - investigation 30, review 10, notice 5, decision 10, execution 60, closing 10: unconfirmed guesses.
 * The whole case: a decision within 90 days of filing (行政处罚法 2021 第六十条, confirmed) — tracked as decision_due_date.
 */
export const DEFAULT_STAGE_DAYS: Record<StageKey, number> = { filing: 10, investigation: 30, review: 10, notice: 5, decision: 10, execution: 60, closing: 10 };
/** 陈述申辩: 3 working days after the notice (unconfirmed default). */
export const DEFENCE_WORKDAYS = 3;
/** 听证: the party asks within 5 days of the notice (行政处罚法 第六十四条 第一项). */
export const HEARING_REQUEST_DAYS = 5;
/** 行政处罚法 第六十条: decided within 90 days of filing. */
export const DECISION_DAYS = 90;

export interface EffectiveSettings {
  stageDays: Record<StageKey, number>;
  warnDays: number;
  disclosureDays: number;
  reviewFine: { person: number; company: number };
  hearingFine: { person: number; company: number };
}

/** Thresholds: 较大数额罚款 of 1万 (person) / 10万 (company) are common provincial figures, unconfirmed for the demo province. */
export const DEFAULT_SETTINGS: EffectiveSettings = {
  stageDays: DEFAULT_STAGE_DAYS, warnDays: 2, disclosureDays: 7,
  reviewFine: { person: 10000, company: 100000 }, hearingFine: { person: 10000, company: 100000 },
};

export async function settingsFor(trx: Tx | Db, orgPath: string): Promise<EffectiveSettings> {
  const row = await trx.selectFrom('enforcement.settings').selectAll()
    .where(sql<boolean>`org_path @> ${orgPath}::ltree`).orderBy(sql`nlevel(org_path)`, 'desc').limit(1).executeTakeFirst();
  if (!row) return DEFAULT_SETTINGS;
  return {
    stageDays: { ...DEFAULT_STAGE_DAYS, ...row.stageDays }, warnDays: row.warnDays, disclosureDays: row.disclosureDays,
    reviewFine: { person: Number(row.reviewFinePerson), company: Number(row.reviewFineCompany) },
    hearingFine: { person: Number(row.hearingFinePerson), company: Number(row.hearingFineCompany) },
  };
}

const CST = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
export function nowOf(deps: EnforcementDeps): Date {
  return deps.now ? deps.now() : new Date();
}
export function todayOf(deps: EnforcementDeps): string {
  return CST.format(nowOf(deps));
}
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Due date, or null when the calendar does not cover that year yet. */
export async function dueDateOf(deps: EnforcementDeps, startOn: string, days: number): Promise<string | null> {
  try {
    return await deps.calendar.addWorkdays(startOn, days);
  } catch (e) {
    if (e instanceof AppError && e.code === 'calendar.year_not_covered') return null;
    throw e;
  }
}

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

export function findCase(trx: Tx, id: number) {
  return trx.selectFrom('enforcement.cases').selectAll().select(sql<string>`org_path::text`.as('orgPathText')).where('id', '=', id).executeTakeFirst();
}

/**
 * Locks the case (RLS: out of scope reads as absent) and checks its state and, when the client
 * sent one, its version. Of two simultaneous actions one waits here and then fails.
 */
export async function lockCase(trx: Tx, id: number, allowed: readonly CaseStatus[], opts: { version?: number | undefined; action: string }) {
  const c = await trx.selectFrom('enforcement.cases').selectAll().select(sql<string>`org_path::text`.as('orgPathText')).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!c) throw new AppError('enforcement.case_not_found', `id: case ${id} not found`, { field: 'id' });
  if (opts.version !== undefined && opts.version !== c.rowVersion) {
    throw new AppError('enforcement.case_state_changed', `case ${c.caseNo} changed meanwhile (version ${c.rowVersion}, you had ${opts.version}); reload it`, { status: c.status, version: c.rowVersion });
  }
  if (!allowed.includes(c.status)) {
    throw new AppError('enforcement.case_wrong_state', `cannot ${opts.action} case ${c.caseNo} in status ${c.status}`, { status: c.status, version: c.rowVersion });
  }
  return c;
}

export async function updateCase(trx: Tx, id: number, patch: Omit<Updateable<CasesTable>, 'id' | 'rowVersion'>) {
  return trx.updateTable('enforcement.cases')
    .set({ ...patch, rowVersion: sql`row_version + 1`, updatedAt: sql`now()` } as never)
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function addEvent(trx: Tx, c: { id: number; orgPathText: string }, actor: ActingUser | null, kind: string, details: Record<string, unknown> = {}) {
  await trx.insertInto('enforcement.events').values({
    caseId: c.id, orgPath: c.orgPathText, kind, actorUserId: actor?.userId ?? null,
    actorName: actor ? actor.displayName || actor.username : null, details: JSON.stringify(details),
  }).execute();
}

export async function auditCase(deps: EnforcementDeps, trx: Tx, actor: ActingUser | null, c: { id: number; caseNo: string; orgPathText: string }, action: string, details: Record<string, unknown> = {}) {
  await deps.audit.record(trx, actor, {
    action: `enforcement.case.${action}`, entityType: 'enforcement.case', entityId: c.id, orgPath: c.orgPathText, details: { caseNo: c.caseNo, ...details },
  });
}

/** Ends the running stage clock and starts `next` (null: none runs); returns the columns to set. */
export async function moveStage(deps: EnforcementDeps, trx: Tx, c: { id: number; orgPathText: string }, next: StageKey | null) {
  const today = todayOf(deps);
  await trx.updateTable('enforcement.stages').set({ endedOn: today }).where('caseId', '=', c.id).where('endedOn', 'is', null).execute();
  if (!next) return { stage: null, stageStartedOn: null, stageDueDate: null, warnLevel: 'green' as const, clockPausedOn: null };
  const s = await settingsFor(trx, c.orgPathText);
  const limitDays = s.stageDays[next];
  const due = await dueDateOf(deps, today, limitDays);
  await trx.insertInto('enforcement.stages').values({ caseId: c.id, orgPath: c.orgPathText, stage: next, startedOn: today, limitDays, dueDate: due }).execute();
  return { stage: next, stageStartedOn: today, stageDueDate: due, warnLevel: 'green' as const, clockPausedOn: null };
}
