/**
 * Moving a case through its flow: the stages are copied from the matter version at acceptance,
 * then activated one after another. A special step (特殊环节) opens a clock stop for the case
 * while it runs. After the last stage, or after a failed one, the case waits for the decision.
 */
import type { Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { addEvent, nowOf, todayOf, updateCase, type ActingUser, type ApprovalsDeps } from './approvals.deps.ts';
import type { CasesTable, FlowStage } from './approvals.tables.ts';
import { refreshCaseDeadline, refreshStageDeadline } from './case-deadline.ts';

type Case = Selectable<CasesTable>;

/** Copies the flow into case stages and starts the first; an empty flow goes straight to decision. */
export async function enterReview(deps: ApprovalsDeps, trx: Tx, actor: ActingUser | null, c: Case, flow: FlowStage[]): Promise<Case> {
  for (const [idx, s] of flow.entries()) {
    await trx.insertInto('approvals.case_stages').values({
      caseId: c.id, orgPath: c.orgPath, idx, key: s.key, name: s.name, kind: s.kind, rule: s.rule, departments: s.departments,
      limitDays: s.limitDays, pausesClock: s.pausesClock ?? false,
    }).execute();
  }
  return activateStage(deps, trx, actor, c, 0);
}

/** Activates stage `idx`, or moves the case to pending_decision when there is none. */
export async function activateStage(deps: ApprovalsDeps, trx: Tx, actor: ActingUser | null, c: Case, idx: number): Promise<Case> {
  const st = await trx.selectFrom('approvals.case_stages').selectAll().where('caseId', '=', c.id).where('idx', '=', idx).executeTakeFirst();
  const today = todayOf(deps);
  if (!st) {
    const next = await updateCase(trx, c, { status: 'pending_decision', currentStage: null });
    await refreshCaseDeadline(deps, trx, next);
    return next;
  }
  const started = await trx.updateTable('approvals.case_stages').set({ status: 'active', startedAt: nowOf(deps), startedOn: today })
    .where('id', '=', st.id).returningAll().executeTakeFirstOrThrow();
  if (started.pausesClock) {
    const flowKind = (await trx.selectFrom('approvals.matter_versions').select('flow').where('id', '=', c.matterVersionId).executeTakeFirstOrThrow())
      .flow.find((f) => f.key === st.key)?.pauseKind ?? 'other';
    await trx.insertInto('approvals.clock_stops').values({
      caseId: c.id, orgPath: c.orgPath, stageId: st.id, kind: flowKind, reason: `${st.name}（特殊环节，不计入办理时限）`, startedOn: today, startedBy: actor?.userId ?? null,
    }).execute();
  }
  const next = await updateCase(trx, c, { status: 'in_review', currentStage: idx });
  await refreshStageDeadline(deps, trx, next, started);
  await refreshCaseDeadline(deps, trx, next);
  await addEvent(trx, c, actor, 'stage_started', { stage: st.name, departments: st.departments });
  return next;
}

/** Closes the open clock stop of a stage (special step) when the stage ends. */
export async function closeStageStop(deps: ApprovalsDeps, trx: Tx, actor: ActingUser | null, stageId: number): Promise<void> {
  const open = await trx.selectFrom('approvals.clock_stops').selectAll().where('stageId', '=', stageId).where('endedAt', 'is', null).executeTakeFirst();
  if (!open) return;
  const today = todayOf(deps);
  const days = Math.max(0, await deps.calendar.workdaysBetween(open.startedOn, today));
  await trx.updateTable('approvals.clock_stops').set({ endedAt: nowOf(deps), endedOn: today, endedBy: actor?.userId ?? null, workdays: days })
    .where('id', '=', open.id).execute();
}

/** Clears the open warnings of a case (all, or of one stage) when they stop applying. */
export async function clearWarnings(deps: ApprovalsDeps, trx: Tx, caseId: number, stageId?: number): Promise<void> {
  let q = trx.updateTable('approvals.warnings').set({ clearedAt: nowOf(deps) }).where('caseId', '=', caseId).where('clearedAt', 'is', null);
  if (stageId !== undefined) q = q.where('stageId', '=', stageId);
  await q.execute();
}
