/**
 * Review opinions (审查意见). Every department of the active stage sees the case at once and
 * records one opinion. all_agree: the stage completes when every department has answered —
 * passed if all agree, failed otherwise. any_refuse (一票否决): the first disagreement fails
 * the stage at once; it passes when all agree. A failed stage ends the review and the case
 * goes to the leader with the failure on record.
 */
import type { Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { addEvent, auditCase, lockCase, nowOf, updateCase, type ActingUser, type ApprovalsDeps } from './approvals.deps.ts';
import type { CasesTable } from './approvals.tables.ts';
import { activateStage, clearWarnings, closeStageStop } from './review-flow.ts';
import { refreshCaseDeadline } from './case-deadline.ts';

type Case = Selectable<CasesTable>;

/** The department label of the actor's post relative to the handling bureau: `bureau`, a label, or null. */
export async function departmentOf(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, bureauPath: string): Promise<string | null> {
  if (actor.orgUnitId === null) return null;
  const unit = await deps.orgs.getOrgUnit(actor.orgUnitId, trx);
  if (unit.path === bureauPath) return 'bureau';
  if (!unit.path.startsWith(`${bureauPath}.`)) return null;
  return unit.path.slice(bureauPath.length + 1).split('.')[0] ?? null;
}

export async function recordOpinion(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string,
  input: { verdict: 'agree' | 'disagree'; comment: string; version?: number | undefined },
): Promise<Case> {
  const c = await lockCase(trx, caseNo, ['in_review'], { action: 'review', version: input.version });
  const st = await trx.selectFrom('approvals.case_stages').selectAll().where('caseId', '=', c.id).where('idx', '=', c.currentStage!).executeTakeFirstOrThrow();
  const dept = await departmentOf(deps, trx, actor, c.orgPath);
  if (!dept || !st.departments.includes(dept)) {
    throw new AppError('approvals.not_your_department', `stage ${st.name} is reviewed by ${st.departments.join(', ')}; your post is in ${dept ?? 'another unit'}`, {
      departments: st.departments,
    });
  }
  const existing = await trx.selectFrom('approvals.opinions').select('id').where('stageId', '=', st.id).where('department', '=', dept).executeTakeFirst();
  if (existing) throw new AppError('approvals.opinion_exists', `department ${dept} has already given its opinion on stage ${st.name}`, { department: dept });
  await trx.insertInto('approvals.opinions').values({
    stageId: st.id, caseId: c.id, orgPath: c.orgPath, department: dept, verdict: input.verdict, comment: input.comment.trim(),
    userId: actor.userId, postId: actor.postId,
  }).execute();
  await addEvent(trx, c, actor, 'opinion', { stage: st.name, department: dept, verdict: input.verdict, comment: input.comment.trim() }, false);
  await auditCase(deps, trx, actor, c, 'reviewed', { stage: st.key, department: dept, verdict: input.verdict });

  const opinions = await trx.selectFrom('approvals.opinions').select(['department', 'verdict']).where('stageId', '=', st.id).execute();
  const anyNo = opinions.some((o) => o.verdict === 'disagree');
  const allIn = st.departments.every((d) => opinions.some((o) => o.department === d));
  const outcome = st.rule === 'any_refuse' && anyNo ? 'failed' : allIn ? (anyNo ? 'failed' : 'passed') : null;
  // Bump the version even when the stage stays open: a second opinion races on the row lock.
  let next = await updateCase(trx, c, {});
  if (!outcome) return next;

  await trx.updateTable('approvals.case_stages').set({ status: outcome, completedAt: nowOf(deps) }).where('id', '=', st.id).execute();
  await closeStageStop(deps, trx, actor, st.id);
  await clearWarnings(deps, trx, c.id, st.id);
  await addEvent(trx, c, actor, outcome === 'passed' ? 'stage_passed' : 'stage_failed', { stage: st.name });
  if (outcome === 'passed') {
    next = await activateStage(deps, trx, actor, next, st.idx + 1);
  } else {
    next = await updateCase(trx, next, { status: 'pending_decision', currentStage: null });
    await refreshCaseDeadline(deps, trx, next);
  }
  return next;
}
