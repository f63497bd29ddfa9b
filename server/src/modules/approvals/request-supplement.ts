/**
 * One-time supplement notice (一次性告知, 行政许可法 art. 32): every missing or deficient
 * material at once. Before acceptance the case waits for the applicant and a new 5-day window
 * starts on resubmission; during review the clock stops until the last listed item arrives.
 */
import type { Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import {
  addEvent, auditCase, issueCaseDocument, lockCase, matterVersionOf, nowOf, smsApplicant, todayOf, updateCase,
  type ActingUser, type ApprovalsDeps,
} from './approvals.deps.ts';
import type { CasesTable, SupplementItem } from './approvals.tables.ts';
import { refreshCaseDeadline } from './case-deadline.ts';
import { asBureau, checkMaterialFiles } from './submit-case.ts';

type Case = Selectable<CasesTable>;

function requirePerm(actor: ActingUser, permission: string) {
  if (!actor.permissions.has(permission)) throw new AppError('access.forbidden', `missing permission ${permission}`, { permission });
}

export async function requestSupplement(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string,
  input: { items: { key: string; reason: string }[]; note?: string | undefined; version?: number | undefined },
): Promise<Case> {
  const c = await lockCase(trx, caseNo, ['submitted', 'resubmitted', 'in_review', 'pending_decision'], { action: 'request a supplement for', version: input.version, code: 'approvals.case_not_acceptable' });
  const phase = c.status === 'submitted' || c.status === 'resubmitted' ? 'acceptance' : 'review';
  requirePerm(actor, phase === 'acceptance' ? 'approvals.case.accept' : 'approvals.case.review');
  if (phase === 'review' && c.pausedSince) {
    throw new AppError('approvals.clock_already_stopped', `the clock of case ${caseNo} is already stopped since ${c.pausedSince}; resume it first`, { pausedSince: c.pausedSince });
  }
  const v = await matterVersionOf(trx, c.matterVersionId);
  const defs = new Map(v.materials.map((m) => [m.key, m]));
  const seen = new Set<string>();
  const items: SupplementItem[] = input.items.map((it, i) => {
    const def = defs.get(it.key);
    if (!def) throw invalid(`items.${i}.key`, `${it.key} is not a material of this matter`, `${it.key}不是本事项的申请材料`);
    if (def.kind !== 'file') throw invalid(`items.${i}.key`, `${def.name} is filled in the e-form, not uploaded`, `${def.name}在电子表单中填写，无需上传`);
    if (seen.has(it.key)) throw invalid(`items.${i}.key`, `${it.key} is listed twice; list every material once with all its reasons`, `${def.name}重复列出：每项材料列一次，写明全部理由`);
    seen.add(it.key);
    return { key: it.key, name: def.name, reason: it.reason.trim() };
  });
  if (!items.length) throw invalid('items', 'list at least one material', '至少列出一项需补正的材料');
  const prev = await trx.selectFrom('approvals.supplement_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('caseId', '=', c.id).executeTakeFirstOrThrow();
  const round = Number(prev.n) + 1;
  const today = todayOf(deps);
  const req = await trx.insertInto('approvals.supplement_requests').values({
    caseId: c.id, orgPath: c.orgPath, applicantUserId: c.applicantUserId, round, phase, items: JSON.stringify(items),
    note: input.note?.trim() || null, requestedAt: nowOf(deps), requestedBy: actor.userId,
  }).returningAll().executeTakeFirstOrThrow();
  if (phase === 'review') {
    await trx.insertInto('approvals.clock_stops').values({
      caseId: c.id, orgPath: c.orgPath, stageId: null, kind: 'supplement', reason: `审查中补正材料（第${round}次）`, startedOn: today, startedBy: actor.userId,
    }).execute();
  }
  let next = await updateCase(trx, c, { status: 'supplement_requested' });
  if (phase === 'review') await refreshCaseDeadline(deps, trx, next);
  const doc = await issueCaseDocument(deps, trx, actor, c, 'supplement_notice', {
    recipient: c.applicantName,
    paragraphs: [`你（单位）提交的“${v.name}”申请（办件编号${c.caseNo}），经审查，申请材料不齐全或者不符合法定形式。依照《中华人民共和国行政许可法》第三十二条，现一次性告知需要补正的全部内容如下：`],
    fields: [{ label: '办件编号', value: c.caseNo }, { label: '申请事项', value: v.name }, { label: '承办人', value: actor.displayName }, { label: '告知日期', value: today }],
    table: { caption: '需补正的材料', columns: ['材料名称', '补正理由及标准'], widths: [200, 280], rows: items.map((i) => [i.name, i.reason]) },
    closing: [
      ...(input.note?.trim() ? [input.note.trim()] : []),
      phase === 'acceptance' ? '请按上述要求一次补齐后重新提交，补齐之日起五个工作日内作出是否受理的决定。' : '补正期间不计入办理时限，自收到全部补正材料之日起恢复计算。',
    ],
    acknowledgement: true,
  });
  await trx.updateTable('approvals.supplement_requests').set({ documentId: doc.id }).where('id', '=', req.id).execute();
  await addEvent(trx, c, actor, 'supplement_requested', { round, phase, items: items.map((i) => ({ key: i.key, name: i.name, reason: i.reason })) });
  await smsApplicant(deps, trx, c, `您申请的“${v.name}”（办件编号${c.caseNo}）需补正${items.length}项材料：${items.map((i) => i.name).join('、')}。请登录或到窗口一次补齐。`, `supplement-${round}`);
  await auditCase(deps, trx, actor, c, 'supplement_requested', { round, phase, keys: items.map((i) => i.key) });
  next = (await trx.selectFrom('approvals.cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow());
  return next;
}

/**
 * The applicant (or the window for them) hands in the listed items: exactly the listed keys,
 * each at least once; anything else is refused and nothing is stored.
 */
export async function answerSupplement(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string, input: { materials: Record<string, string[]>; version?: number | undefined },
): Promise<Case> {
  const c = await lockCase(trx, caseNo, ['supplement_requested'], { action: 'answer a supplement for', version: input.version });
  if (actor.kind === 'public' && c.applicantUserId !== actor.userId) throw new AppError('approvals.case_not_found', `case ${caseNo} not found`, { field: 'caseNo' });
  const req = await trx.selectFrom('approvals.supplement_requests').selectAll().where('caseId', '=', c.id).where('answeredAt', 'is', null)
    .orderBy('round', 'desc').executeTakeFirstOrThrow();
  const listed = new Set(req.items.map((i) => i.key));
  const v = await matterVersionOf(trx, c.matterVersionId);
  await checkMaterialFiles(deps, trx, v.materials, input.materials, listed);
  const missing = req.items.filter((i) => !input.materials[i.key]?.length);
  if (missing.length) {
    throw new AppError('approvals.supplement_incomplete', `materials.${missing[0]!.key}: every listed item is needed at once; missing ${missing.map((m) => m.name).join('、')}`, {
      field: `materials.${missing[0]!.key}`, missing: missing.map((m) => m.key),
    });
  }
  for (const [key, ids] of Object.entries(input.materials)) {
    for (const fileId of ids) {
      await trx.insertInto('approvals.case_materials').values({
        caseId: c.id, orgPath: c.orgPath, applicantUserId: c.applicantUserId, materialKey: key, fileId, round: req.round, uploadedBy: actor.userId,
      }).execute();
    }
  }
  const now = nowOf(deps);
  const today = todayOf(deps);
  await trx.updateTable('approvals.supplement_requests').set({ answeredAt: now }).where('id', '=', req.id).execute();
  let next: Case;
  if (req.phase === 'acceptance') {
    // The 5-day notice window starts again from the day everything arrived.
    next = await updateCase(trx, c, { status: 'resubmitted', receivedOn: today, checkStartedAt: null });
  } else {
    // The clock belongs to the bureau: an applicant answering online restarts it in the bureau's scope.
    next = await updateCase(trx, c, { status: c.currentStage === null ? 'pending_decision' : 'in_review' });
    const restart = async () => {
      const open = await trx.selectFrom('approvals.clock_stops').selectAll().where('caseId', '=', c.id).where('endedAt', 'is', null).executeTakeFirst();
      if (open) {
        const days = Math.max(0, await deps.calendar.workdaysBetween(open.startedOn, today));
        await trx.updateTable('approvals.clock_stops').set({ endedAt: now, endedOn: today, endedBy: actor.userId, workdays: days }).where('id', '=', open.id).execute();
      }
      await refreshCaseDeadline(deps, trx, next);
    };
    if (actor.kind === 'public') await asBureau(trx, actor, c.orgPath, restart);
    else await restart();
  }
  await addEvent(trx, c, actor, 'resubmitted', { round: req.round, keys: Object.keys(input.materials) });
  await auditCase(deps, trx, actor, c, 'resubmitted', { round: req.round, phase: req.phase });
  return (await trx.selectFrom('approvals.cases').selectAll().where('id', '=', next.id).executeTakeFirstOrThrow());
}
