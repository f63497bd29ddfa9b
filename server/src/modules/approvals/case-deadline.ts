/**
 * Recomputes a case's and its active stage's due date and light from the stored clock stops
 * and approved extensions, and writes them to the case row. Called by every transition that
 * moves the clock and by the supervision scan.
 */
import type { Tx } from '../../platform/db/context.ts';
import type { ApprovalsDeps } from './approvals.deps.ts';
import { todayOf } from './approvals.deps.ts';
import { chinaDay, computeDeadline, type Deadline } from './deadlines.ts';
import { settingsFor } from './settings.ts';
import type { CasesTable, CaseStagesTable } from './approvals.tables.ts';
import type { Selectable } from 'kysely';
import { AppError } from '../../platform/http/errors.ts';

type CaseLike = Pick<Selectable<CasesTable>, 'id' | 'orgPath' | 'acceptedOn' | 'promisedDays' | 'decidedOn' | 'status'>;

async function stopsOf(trx: Tx, caseId: number) {
  return trx.selectFrom('approvals.clock_stops').select(['kind', 'reason', 'startedOn', 'endedOn', 'stageId']).where('caseId', '=', caseId).orderBy('id').execute();
}

/** The case deadline, or null before acceptance. */
export async function caseDeadline(deps: ApprovalsDeps, trx: Tx, c: CaseLike, today = todayOf(deps)): Promise<Deadline | null> {
  if (!c.acceptedOn) return null;
  const s = await settingsFor(trx, c.orgPath);
  const stops = await stopsOf(trx, c.id);
  const extensions = await trx.selectFrom('approvals.extensions').select(['days', 'reason']).where('caseId', '=', c.id).where('status', '=', 'approved').orderBy('id').execute();
  // A withdrawn or refused case has no light; a decided one is measured up to its decision day.
  const endedOn = c.decidedOn ?? (c.status === 'withdrawn' ? today : null);
  return computeDeadline(deps.calendar, {
    startOn: c.acceptedOn, limitDays: c.promisedDays, stops, extensions, today, warnDays: s.warnDays, warnRatio: s.warnRatio, endedOn,
  });
}

/** A stage's own deadline: its limit from its start, plus stops recorded during it. */
export async function stageDeadline(deps: ApprovalsDeps, trx: Tx, c: CaseLike, st: Selectable<CaseStagesTable>, today = todayOf(deps)): Promise<Deadline | null> {
  if (!st.startedOn) return null;
  const s = await settingsFor(trx, c.orgPath);
  // A special step (特殊环节) is itself the case's stop; its own limit still runs.
  const stops = st.pausesClock ? [] : (await stopsOf(trx, c.id)).filter((x) => x.stageId === st.id);
  return computeDeadline(deps.calendar, {
    startOn: st.startedOn, limitDays: st.limitDays, stops, extensions: [], today, warnDays: Math.min(s.warnDays, 1), warnRatio: s.warnRatio,
    endedOn: st.completedAt ? chinaDay(st.completedAt) : null,
  });
}

/**
 * Kept for safety: the calendar no longer refuses a year it does not cover (it answers
 * provisionally, 预计), so a due date is always computed; should a calendar error of that kind
 * still arise, the transition happens and the next scan fills the date in.
 */
export async function tolerateUncoveredYear<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && e.code === 'calendar.year_not_covered') return null;
    throw e;
  }
}

/** Writes the case's paused days and open stop, and its due date and light when the calendar allows. */
export async function refreshCaseDeadline(deps: ApprovalsDeps, trx: Tx, c: CaseLike, today = todayOf(deps)): Promise<Deadline | null> {
  const open = await trx.selectFrom('approvals.clock_stops').select('startedOn').where('caseId', '=', c.id).where('endedAt', 'is', null).executeTakeFirst();
  const closed = await trx.selectFrom('approvals.clock_stops').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('workdays'), eb.lit(0)).as('n'))
    .where('caseId', '=', c.id).where('endedAt', 'is not', null).executeTakeFirstOrThrow();
  const d = await tolerateUncoveredYear(() => caseDeadline(deps, trx, c, today));
  await trx.updateTable('approvals.cases').set({
    pausedDays: Number(closed.n), pausedSince: open?.startedOn ?? null,
    ...(d ? { dueDate: d.dueDate, warnLevel: d.level } : {}),
  }).where('id', '=', c.id).execute();
  return d;
}

/** Writes a stage's due date and light. */
export async function refreshStageDeadline(deps: ApprovalsDeps, trx: Tx, c: CaseLike, st: Selectable<CaseStagesTable>, today = todayOf(deps)): Promise<Deadline | null> {
  const d = await tolerateUncoveredYear(() => stageDeadline(deps, trx, c, st, today));
  if (!d) return null;
  await trx.updateTable('approvals.case_stages').set({ dueDate: d.dueDate, warnLevel: d.level }).where('id', '=', st.id).execute();
  return d;
}
