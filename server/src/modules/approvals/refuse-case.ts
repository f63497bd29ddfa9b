/**
 * Refusal (不予受理): a written notice with the reasons and the right to appeal
 * (行政复议 within 60 days, 行政诉讼 within 6 months), and, when another agency is competent,
 * which one to apply to.
 */
import type { Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { APPEAL_NOTICE } from '../../platform/documents/index.ts';
import {
  addEvent, auditCase, issueCaseDocument, lockCase, matterVersionOf, nowOf, smsApplicant, todayOf, updateCase,
  type ActingUser, type ApprovalsDeps,
} from './approvals.deps.ts';
import type { CasesTable } from './approvals.tables.ts';

export async function refuseCase(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string,
  input: { reason: string; competentAgency?: string | undefined; version?: number | undefined },
): Promise<Selectable<CasesTable>> {
  const c = await lockCase(trx, caseNo, ['submitted', 'resubmitted'], { action: 'refuse', version: input.version, code: 'approvals.case_not_acceptable' });
  const v = await matterVersionOf(trx, c.matterVersionId);
  const reason = input.reason.trim();
  const next = await updateCase(trx, c, { status: 'refused', refusedAt: nowOf(deps), refusalReason: reason });
  await issueCaseDocument(deps, trx, actor, c, 'refusal_notice', {
    recipient: c.applicantName,
    paragraphs: [
      `你（单位）于${c.receivedOn}提交的“${v.name}”申请（办件编号${c.caseNo}），经审查，决定不予受理。理由如下：`,
      reason,
      ...(input.competentAgency ? [`该申请事项依法不属于本机关职权范围，请向${input.competentAgency}提出申请。`] : []),
    ],
    fields: [{ label: '办件编号', value: c.caseNo }, { label: '申请事项', value: v.name }, { label: '决定日期', value: todayOf(deps) }, { label: '经办人', value: actor.displayName }],
    legalNotice: [APPEAL_NOTICE],
  });
  await addEvent(trx, c, actor, 'refused', { reason, competentAgency: input.competentAgency ?? null });
  await smsApplicant(deps, trx, c, `您申请的“${v.name}”（办件编号${c.caseNo}）不予受理，理由：${reason.slice(0, 80)}。可登录查看《不予受理通知书》。`, 'refused');
  await auditCase(deps, trx, actor, c, 'refused', { reason });
  return next;
}
