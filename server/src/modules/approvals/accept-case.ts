/**
 * Acceptance (受理) after the formal check against the materials checklist, and deemed
 * acceptance (视为受理): without a notice within 5 working days of receipt the case counts as
 * accepted from the receipt date (行政许可法 art. 32).
 */
import type { Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  addEvent, auditCase, issueCaseDocument, lockCase, matterVersionOf, nowOf, smsApplicant, todayOf, updateCase,
  type ActingUser, type ApprovalsDeps,
} from './approvals.deps.ts';
import type { CasesTable, MaterialDef } from './approvals.tables.ts';
import { enterReview } from './review-flow.ts';
import { settingsFor } from './settings.ts';
import { tolerateUncoveredYear } from './case-deadline.ts';

type Case = Selectable<CasesTable>;

/** Window service standard (受理时限): 20 minutes for a simple matter, 40 for a complex one. */
export const ACCEPT_STANDARD_MINUTES = { simple: 20, complex: 40 } as const;

/** Required file materials with no file in any round. */
export async function missingMaterials(trx: Tx, c: Case, defs: readonly MaterialDef[]): Promise<MaterialDef[]> {
  const have = new Set((await trx.selectFrom('approvals.case_materials').select('materialKey').where('caseId', '=', c.id).execute()).map((r) => r.materialKey));
  return defs.filter((d) => d.required && d.kind === 'file' && !have.has(d.key));
}

/**
 * The materials received over every round, with their number of files: what the notices list.
 * The electronic form counts once; a material with no file (an optional one such as the
 * 占用永久基本农田的论证材料 of a project that takes no farmland) is not listed.
 */
export async function receivedMaterials(trx: Tx, c: Case, defs: readonly MaterialDef[]): Promise<(MaterialDef & { files: number })[]> {
  const rows = await trx.selectFrom('approvals.case_materials').select(['materialKey', (eb) => eb.fn.countAll<string>().as('n')])
    .where('caseId', '=', c.id).groupBy('materialKey').execute();
  const count = new Map(rows.map((r) => [r.materialKey, Number(r.n)]));
  return defs.map((d) => ({ ...d, files: d.kind === 'eform' ? 1 : (count.get(d.key) ?? 0) })).filter((d) => d.files > 0);
}

/** The window opens the case for the formal check: the time-to-accept runs from here. */
export async function startCheck(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string): Promise<Case> {
  const c = await lockCase(trx, caseNo, ['submitted', 'resubmitted'], { action: 'check', code: 'approvals.case_not_acceptable' });
  if (c.checkStartedAt) return c;
  const next = await updateCase(trx, c, { checkStartedAt: nowOf(deps) });
  await addEvent(trx, c, actor, 'check_started', {}, false);
  return next;
}

async function finishAcceptance(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser | null, c: Case, acceptedOn: string, patch: { acceptedBy: number | null; deemedAccepted: boolean; acceptSeconds?: number; acceptOverStandard?: boolean },
): Promise<Case> {
  const v = await matterVersionOf(trx, c.matterVersionId);
  let next = await updateCase(trx, c, { acceptedAt: nowOf(deps), acceptedOn, ...patch });
  next = await enterReview(deps, trx, actor, next, v.flow);
  const due = next.dueDate ?? (await trx.selectFrom('approvals.cases').select('dueDate').where('id', '=', c.id).executeTakeFirstOrThrow()).dueDate;
  const deemed = patch.deemedAccepted === true;
  await addEvent(trx, c, actor, 'accepted', { acceptedOn, dueDate: due, deemed });
  await issueCaseDocument(deps, trx, actor, c, 'acceptance_notice', {
    recipient: c.applicantName,
    paragraphs: [deemed
      ? `你（单位）于${c.receivedOn}提交的“${v.name}”申请，我机关未在五个工作日内告知补正，依照《中华人民共和国行政许可法》第三十二条，自收到申请材料之日起即为受理。`
      : `你（单位）提交的“${v.name}”申请，申请材料齐全、符合法定形式，依照《中华人民共和国行政许可法》第三十二条，决定予以受理。`],
    fields: [
      { label: '办件编号', value: c.caseNo }, { label: '申请事项', value: v.name }, { label: '受理日期', value: acceptedOn },
      { label: '受理人', value: actor?.displayName ?? '系统（视为受理）' }, { label: '承诺办理期限', value: `${v.promisedDays}个工作日` },
      { label: '应办结日期', value: due ?? '' },
    ],
    table: { caption: '收到的申请材料', columns: ['材料名称', '原件/复印件', '份数'], widths: [320, 80, 60], rows: (await receivedMaterials(trx, c, v.materials)).map((m) => [m.name, m.form === 'original' ? '原件' : '复印件', String(m.files)]) },
    closing: ['办理期限不含依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审等特殊环节的时间。'],
  });
  await smsApplicant(deps, trx, c, `您申请的“${v.name}”（办件编号${c.caseNo}）已于${acceptedOn}受理，承诺办结日期${due}。`, `accepted`);
  await auditCase(deps, trx, actor, c, deemed ? 'deemed_accepted' : 'accepted', { acceptedOn, dueDate: due, ...(patch.acceptSeconds !== undefined ? { acceptSeconds: patch.acceptSeconds } : {}) });
  return (await trx.selectFrom('approvals.cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow());
}

export async function acceptCase(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string, opts: { version?: number | undefined }): Promise<Case> {
  const c = await lockCase(trx, caseNo, ['submitted', 'resubmitted'], { action: 'accept', version: opts.version, code: 'approvals.case_not_acceptable' });
  const v = await matterVersionOf(trx, c.matterVersionId);
  const missing = await missingMaterials(trx, c, v.materials);
  if (missing.length) {
    throw new AppError('approvals.materials_incomplete', `required materials missing: ${missing.map((m) => m.name).join('、')}; issue a supplement notice instead`, {
      missing: missing.map((m) => m.key),
    });
  }
  const now = nowOf(deps);
  const from = c.checkStartedAt ?? c.submittedAt;
  const acceptSeconds = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  const standard = (v.complex ? ACCEPT_STANDARD_MINUTES.complex : ACCEPT_STANDARD_MINUTES.simple) * 60;
  return finishAcceptance(deps, trx, actor, c, todayOf(deps), {
    acceptedBy: actor.userId, acceptSeconds, acceptOverStandard: acceptSeconds > standard, deemedAccepted: false,
  });
}

/**
 * Marks as accepted every case that waited past the notice window; returns their numbers.
 * Runs in the system scope; each case is locked and re-checked, so a clerk acting at the same
 * moment wins or loses cleanly.
 */
export async function deemAcceptances(deps: ApprovalsDeps, trx: Tx): Promise<string[]> {
  const today = todayOf(deps);
  const waiting = await trx.selectFrom('approvals.cases').select(['caseNo', 'receivedOn', 'orgPath'])
    .where('status', 'in', ['submitted', 'resubmitted']).orderBy('id').execute();
  const done: string[] = [];
  for (const w of waiting) {
    const s = await settingsFor(trx, w.orgPath);
    const lastDay = await tolerateUncoveredYear(() => deps.calendar.addWorkdays(w.receivedOn, s.deemedAcceptDays));
    if (lastDay === null || today <= lastDay) continue;
    const c = await trx.selectFrom('approvals.cases').selectAll().where('caseNo', '=', w.caseNo).forUpdate().executeTakeFirstOrThrow();
    if (c.status !== 'submitted' && c.status !== 'resubmitted') continue;
    await finishAcceptance(deps, trx, null, c, c.receivedOn, { deemedAccepted: true, acceptedBy: null });
    done.push(c.caseNo);
  }
  return done;
}
