/**
 * The decision (审批决定: 准予许可 / 不予许可, or 准予登记 … by the matter's type, see decision-wording.ts) by the leader, delivery of the result (办结, 送达),
 * and withdrawal by the applicant (撤回).
 */
import type { Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { APPEAL_NOTICE, type DocumentBody, type DocumentKind } from '../../platform/documents/index.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import {
  addEvent, auditCase, issueCaseDocuments, lockCase, matterVersionOf, nowOf, smsApplicant, todayOf, updateCase,
  type ActingUser, type ApprovalsDeps,
} from './approvals.deps.ts';
import type { CasesTable } from './approvals.tables.ts';
import { clearWarnings } from './review-flow.ts';
import { refreshCaseDeadline } from './case-deadline.ts';
import { publishDisclosure } from './disclosure.ts';
import { decisionWording, firstBasis } from './decision-wording.ts';

type Case = Selectable<CasesTable>;

export async function decideCase(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string,
  input: { decision: 'granted' | 'denied'; reason: string; version?: number | undefined },
): Promise<Case> {
  const c = await lockCase(trx, caseNo, ['pending_decision'], { action: 'decide', version: input.version });
  const reason = input.reason.trim();
  if (input.decision === 'denied' && reason.length < 4) throw invalid('reason', 'a denial states its reasons', '不予许可须说明理由');
  const v = await matterVersionOf(trx, c.matterVersionId);
  const today = todayOf(deps);
  // Close a stop still open (e.g. a pause left running): the decision ends the clock.
  const open = await trx.selectFrom('approvals.clock_stops').selectAll().where('caseId', '=', c.id).where('endedAt', 'is', null).executeTakeFirst();
  if (open) {
    await trx.updateTable('approvals.clock_stops').set({ endedAt: nowOf(deps), endedOn: today, endedBy: actor.userId, workdays: Math.max(0, await deps.calendar.workdaysBetween(open.startedOn, today)) })
      .where('id', '=', open.id).execute();
  }
  const closedPause = await trx.selectFrom('approvals.clock_stops').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('workdays'), eb.lit(0)).as('n')).where('caseId', '=', c.id).executeTakeFirstOrThrow();
  const workdaysUsed = Math.max(0, (await deps.calendar.workdaysBetween(c.acceptedOn!, today)) - Number(closedPause.n));
  let next = await updateCase(trx, c, {
    status: 'decided', decision: input.decision, decidedAt: nowOf(deps), decidedOn: today, decidedBy: actor.userId, decisionReason: reason, workdaysUsed,
  });
  const d = await refreshCaseDeadline(deps, trx, next, today);
  await clearWarnings(deps, trx, c.id);
  const granted = input.decision === 'granted';
  const fields = [
    { label: '办件编号', value: c.caseNo }, { label: '申请事项', value: v.name }, { label: '申请人', value: c.applicantName },
    { label: '受理日期', value: c.acceptedOn ?? '' }, { label: '决定日期', value: today },
  ];
  const w = decisionWording(v.type, v.name);
  const basis = firstBasis(v.legalBasis);
  const main = granted ? w.grantDocument : w.denyDocument;
  const docs: { kind: DocumentKind; body: DocumentBody; title: string }[] = [{ kind: main.kind, title: main.title, body: {
    recipient: c.applicantName,
    paragraphs: granted ? [w.grantParagraph(basis), ...(reason ? [reason] : [])] : [w.denyParagraph(basis), reason],
    fields,
    ...(granted ? {} : { legalNotice: [APPEAL_NOTICE] }),
  } }];
  if (granted && w.licenceTitle) {
    docs.push({ kind: 'licence', title: w.licenceTitle, body: {
      recipient: c.applicantName,
      paragraphs: [`准予“${v.name}”。`],
      fields: [...fields, ...Object.entries(c.formData).slice(0, 6).map(([k, val]) => ({ label: v.form.find((f) => f.key === k)?.label ?? k, value: String(val ?? '') }))],
    } });
  }
  // Decision and licence together: both rendered before the audit chain head is taken.
  const [decision, licence] = await issueCaseDocuments(deps, trx, actor, c, docs);
  const licenceNo: string | null = licence?.docNo ?? null;
  await publishDisclosure(deps, trx, c, { decision: input.decision, matterName: v.name, documentNo: decision!.docNo }); // 公示, personal data redacted
  // The public log gets what the disclosure shows plus the documents' hashes: a reissued or altered PDF no longer matches.
  await deps.publish?.(trx, 'approvals.decision', {
    caseNo: c.caseNo, matterName: v.name, decision: input.decision, decidedOn: today,
    documents: [decision, licence].filter((x) => x !== undefined).map((x) => ({ docNo: x.docNo, sha256: x.sha256 })),
  });
  await addEvent(trx, c, actor, 'decided', { decision: input.decision, decisionDocNo: decision!.docNo, licenceNo, onTime: d ? d.level !== 'red' : null, workdaysUsed });
  await smsApplicant(deps, trx, c, `您申请的“${v.name}”（办件编号${c.caseNo}）已${granted ? w.grantedName : `作出${w.deniedName}决定`}，请登录下载决定文书或到窗口领取。`, 'decided');
  await auditCase(deps, trx, actor, c, 'decided', { decision: input.decision, workdaysUsed, dueDate: d?.dueDate ?? null });
  next = (await trx.selectFrom('approvals.cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow());
  return next;
}

export async function completeCase(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string, input: { delivery: 'pickup' | 'post' | 'electronic'; version?: number | undefined },
): Promise<Case> {
  const c = await lockCase(trx, caseNo, ['decided'], { action: 'complete', version: input.version });
  const v = await matterVersionOf(trx, c.matterVersionId);
  const next = await updateCase(trx, c, { status: 'completed', completedAt: nowOf(deps), delivery: input.delivery });
  const how = { pickup: '已在窗口领取', post: '已邮寄送达', electronic: '已电子送达' }[input.delivery];
  await addEvent(trx, c, actor, 'completed', { delivery: input.delivery });
  await smsApplicant(deps, trx, c, `您申请的“${v.name}”（办件编号${c.caseNo}）办理结果${how}，感谢您的办理，欢迎评价。`, 'completed');
  await auditCase(deps, trx, actor, c, 'completed', { delivery: input.delivery });
  return next;
}

export async function withdrawCase(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string, input: { reason: string; version?: number | undefined },
): Promise<Case> {
  const c = await lockCase(trx, caseNo, ['submitted', 'supplement_requested', 'resubmitted', 'in_review', 'pending_decision'], { action: 'withdraw', version: input.version });
  if (actor.kind === 'public' && c.applicantUserId !== actor.userId) throw new AppError('approvals.case_not_found', `case ${caseNo} not found`, { field: 'caseNo' });
  const today = todayOf(deps);
  const open = await trx.selectFrom('approvals.clock_stops').selectAll().where('caseId', '=', c.id).where('endedAt', 'is', null).executeTakeFirst();
  if (open) {
    await trx.updateTable('approvals.clock_stops').set({ endedAt: nowOf(deps), endedOn: today, endedBy: actor.userId, workdays: Math.max(0, await deps.calendar.workdaysBetween(open.startedOn, today)) })
      .where('id', '=', open.id).execute();
  }
  const next = await updateCase(trx, c, { status: 'withdrawn', withdrawnAt: nowOf(deps), currentStage: null, pausedSince: null, warnLevel: 'green' });
  await clearWarnings(deps, trx, c.id);
  await addEvent(trx, c, actor, 'withdrawn', { reason: input.reason.trim() });
  await auditCase(deps, trx, actor, c, 'withdrawn', { reason: input.reason.trim() });
  return next;
}
