/**
 * Clock stops (特殊环节: hearing, expert review, public notice, on-site inspection) entered by
 * the handlers, and extensions (延期, 行政许可法 art. 42): at most 10 working days in total,
 * approved by the leader, the reason told to the applicant by SMS.
 */
import type { Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  addEvent, auditCase, issueCaseDocument, lockCase, matterVersionOf, nowOf, smsApplicant, todayOf, updateCase,
  type ActingUser, type ApprovalsDeps,
} from './approvals.deps.ts';
import type { CasesTable, ClockStopKind } from './approvals.tables.ts';
import { refreshCaseDeadline } from './case-deadline.ts';
import { STOP_NAMES } from './deadlines.ts';
import { formatDueDate } from '../../platform/calendar/index.ts';

type Case = Selectable<CasesTable>;

/** 行政许可法 art. 42: one extension of up to ten working days. */
export const MAX_EXTENSION_DAYS = 10;

export async function pauseClock(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string,
  input: { kind: Exclude<ClockStopKind, 'supplement'>; reason: string; version?: number | undefined },
): Promise<Case> {
  const c = await lockCase(trx, caseNo, ['in_review', 'pending_decision'], { action: 'stop the clock of', version: input.version });
  if (c.pausedSince) throw new AppError('approvals.clock_already_stopped', `the clock of case ${caseNo} is already stopped since ${c.pausedSince}`, { pausedSince: c.pausedSince });
  const stage = c.currentStage === null ? null
    : await trx.selectFrom('approvals.case_stages').select('id').where('caseId', '=', c.id).where('idx', '=', c.currentStage).executeTakeFirst();
  await trx.insertInto('approvals.clock_stops').values({
    caseId: c.id, orgPath: c.orgPath, stageId: stage?.id ?? null, kind: input.kind, reason: input.reason.trim(), startedOn: todayOf(deps), startedBy: actor.userId,
  }).execute();
  const next = await updateCase(trx, c, {});
  const d = await refreshCaseDeadline(deps, trx, next);
  await addEvent(trx, c, actor, 'paused', { kind: input.kind, kindName: STOP_NAMES[input.kind], reason: input.reason.trim() });
  const v = await matterVersionOf(trx, c.matterVersionId);
  await smsApplicant(deps, trx, c, `您申请的“${v.name}”（办件编号${c.caseNo}）进入${STOP_NAMES[input.kind]}环节，所需时间不计入办理时限。`, `paused-${next.rowVersion}`);
  await auditCase(deps, trx, actor, c, 'paused', { kind: input.kind, reason: input.reason.trim(), dueDate: d?.dueDate ?? null });
  return (await trx.selectFrom('approvals.cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow());
}

export async function resumeClock(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string, input: { version?: number | undefined }): Promise<Case> {
  const c = await lockCase(trx, caseNo, ['in_review', 'pending_decision'], { action: 'resume the clock of', version: input.version });
  const open = await trx.selectFrom('approvals.clock_stops').selectAll().where('caseId', '=', c.id).where('endedAt', 'is', null).executeTakeFirst();
  if (!open) throw new AppError('approvals.clock_not_stopped', `the clock of case ${caseNo} is running`);
  if (open.kind === 'supplement') throw new AppError('approvals.clock_not_stopped', 'a supplement stop ends when the applicant hands in the materials');
  const st = open.stageId ? await trx.selectFrom('approvals.case_stages').select(['pausesClock', 'status']).where('id', '=', open.stageId).executeTakeFirst() : null;
  if (st?.pausesClock && st.status === 'active') throw new AppError('approvals.clock_not_stopped', 'this stop is a special stage; it ends with the stage');
  const today = todayOf(deps);
  const days = Math.max(0, await deps.calendar.workdaysBetween(open.startedOn, today));
  await trx.updateTable('approvals.clock_stops').set({ endedAt: nowOf(deps), endedOn: today, endedBy: actor.userId, workdays: days }).where('id', '=', open.id).execute();
  const next = await updateCase(trx, c, {});
  const d = await refreshCaseDeadline(deps, trx, next);
  await addEvent(trx, c, actor, 'resumed', { kind: open.kind, days, dueDate: d?.dueDate ?? null });
  await auditCase(deps, trx, actor, c, 'resumed', { kind: open.kind, days, dueDate: d?.dueDate ?? null });
  return (await trx.selectFrom('approvals.cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow());
}

export async function requestExtension(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string, input: { days: number; reason: string; version?: number | undefined },
) {
  const c = await lockCase(trx, caseNo, ['in_review', 'pending_decision', 'supplement_requested'], { action: 'extend', version: input.version });
  if (!c.acceptedOn) throw new AppError('approvals.case_wrong_state', 'only an accepted case can be extended');
  const used = await trx.selectFrom('approvals.extensions').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('days'), eb.lit(0)).as('n'))
    .where('caseId', '=', c.id).where('status', 'in', ['pending', 'approved']).executeTakeFirstOrThrow();
  if (Number(used.n) + input.days > MAX_EXTENSION_DAYS) {
    throw new AppError('approvals.extension_too_long', `days: at most ${MAX_EXTENSION_DAYS} working days of extension in total (行政许可法 art. 42); ${Number(used.n)} already asked`, { field: 'days' });
  }
  const ext = await trx.insertInto('approvals.extensions').values({
    caseId: c.id, orgPath: c.orgPath, days: input.days, reason: input.reason.trim(), requestedBy: actor.userId, requestedAt: nowOf(deps),
  }).returningAll().executeTakeFirstOrThrow();
  await updateCase(trx, c, {});
  await addEvent(trx, c, actor, 'extension_requested', { days: input.days, reason: input.reason.trim() }, false);
  await auditCase(deps, trx, actor, c, 'extension_requested', { extensionId: ext.id, days: input.days });
  return ext;
}

export async function decideExtension(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string, extensionId: number, input: { approve: boolean; note?: string | undefined },
): Promise<Case> {
  const c = await lockCase(trx, caseNo, ['in_review', 'pending_decision', 'supplement_requested'], { action: 'decide an extension of' });
  const ext = await trx.selectFrom('approvals.extensions').selectAll().where('id', '=', extensionId).where('caseId', '=', c.id).forUpdate().executeTakeFirst();
  if (!ext) throw new AppError('approvals.extension_not_found', `extension ${extensionId} of case ${caseNo} not found`, { field: 'extensionId' });
  if (ext.status !== 'pending') throw new AppError('approvals.extension_not_pending', `extension ${extensionId} is already ${ext.status}`, { status: ext.status });
  await trx.updateTable('approvals.extensions').set({
    status: input.approve ? 'approved' : 'rejected', decidedAt: nowOf(deps), decidedBy: actor.userId, decisionNote: input.note?.trim() || null,
  }).where('id', '=', ext.id).execute();
  let next = await updateCase(trx, c, input.approve ? { extensionDays: c.extensionDays + ext.days } : {});
  const d = await refreshCaseDeadline(deps, trx, next);
  if (input.approve) {
    const v = await matterVersionOf(trx, c.matterVersionId);
    await issueCaseDocument(deps, trx, actor, c, 'extension_notice', {
      recipient: c.applicantName,
      paragraphs: [`你（单位）申请的“${v.name}”（办件编号${c.caseNo}），因${ext.reason}，经本机关负责人批准，依照《中华人民共和国行政许可法》第四十二条，办理期限延长${ext.days}个工作日。`],
      fields: [{ label: '办件编号', value: c.caseNo }, { label: '延长天数', value: `${ext.days}个工作日` }, { label: '延长后办结日期', value: formatDueDate(d?.dueDate, d?.provisional) }],
    });
    await smsApplicant(deps, trx, c, `您申请的“${v.name}”（办件编号${c.caseNo}）因${ext.reason.slice(0, 60)}，经批准延期${ext.days}个工作日，办结日期${formatDueDate(d?.dueDate, d?.provisional)}。`, `extension-${ext.id}`);
  }
  await addEvent(trx, c, actor, input.approve ? 'extension_approved' : 'extension_rejected', { days: ext.days, reason: ext.reason, dueDate: d?.dueDate ?? null });
  await auditCase(deps, trx, actor, c, input.approve ? 'extension_approved' : 'extension_rejected', { extensionId: ext.id, days: ext.days, dueDate: d?.dueDate ?? null });
  next = (await trx.selectFrom('approvals.cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow());
  return next;
}
