/**
 * Read models: the window queue, case lists, the case page (with the deadline explanation),
 * and the applicant's tracking view. Every read runs inside the caller's RLS context.
 */
import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { maskIdNumber } from '../../platform/identity/id-numbers.ts';
import { nowOf, todayOf, type ActingUser, type ApprovalsDeps } from './approvals.deps.ts';
import type { CaseView, TrackView } from './approvals.schemas.ts';
import { decisionWording } from './decision-wording.ts';
import type { CasesTable, CaseStatus } from './approvals.tables.ts';
import { caseDeadline, tolerateUncoveredYear } from './case-deadline.ts';

export const STATUS_NAMES: Record<CaseStatus, string> = {
  submitted: '已提交，待受理', supplement_requested: '待补正材料', resubmitted: '已补正，待受理', refused: '不予受理',
  in_review: '审查中', pending_decision: '待审批决定', decided: '已作出决定', completed: '已办结', withdrawn: '已撤回',
};

const EVENT_TEXT: Record<string, string> = {
  submitted: '提交申请', accepted: '已受理', supplement_requested: '一次性告知补正材料', resubmitted: '已补正材料', refused: '不予受理',
  stage_started: '进入审查环节', stage_passed: '审查环节通过', stage_failed: '审查环节未通过', paused: '暂停计时（特殊环节）',
  resumed: '恢复计时', extension_approved: '经批准延期', decided: '作出审批决定', completed: '办结送达', withdrawn: '申请人撤回',
};

export function caseSummaryQuery(trx: Tx) {
  return trx.selectFrom('approvals.cases as c')
    .innerJoin('approvals.matters as m', 'm.id', 'c.matterId')
    .innerJoin('approvals.matter_versions as v', 'v.id', 'c.matterVersionId')
    .select(['c.caseNo', 'm.code as matterCode', 'v.name as matterName', 'c.status', 'c.decision', 'c.applicantName', 'c.channel',
      'c.submittedAt', 'c.receivedOn', 'c.acceptedOn', 'c.dueDate', 'c.warnLevel', 'c.rowVersion']);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof caseSummaryQuery>['execute']>>[number];

export function presentSummary(r: SummaryRow, now: Date) {
  const waiting = r.status === 'submitted' || r.status === 'resubmitted';
  return {
    caseNo: r.caseNo, matterCode: r.matterCode, matterName: r.matterName, status: r.status, decision: r.decision, applicantName: r.applicantName,
    channel: r.channel, submittedAt: r.submittedAt.toISOString(), receivedOn: r.receivedOn, acceptedOn: r.acceptedOn, dueDate: r.dueDate,
    warnLevel: r.warnLevel, version: r.rowVersion,
    waitingMinutes: waiting ? Math.max(0, Math.floor((now.getTime() - r.submittedAt.getTime()) / 60000)) : null,
  };
}

/** The window queue: cases waiting for acceptance, longest waiting first. */
export async function windowQueue(deps: ApprovalsDeps, trx: Tx, limit: number) {
  // The oldest waiting ids first (index cases_waiting), then the join for those few rows only.
  const oldest = trx.selectFrom('approvals.cases').select('id').where('status', 'in', ['submitted', 'resubmitted']).orderBy('submittedAt').orderBy('id').limit(limit);
  const rows = await caseSummaryQuery(trx).where('c.id', 'in', oldest).orderBy('c.submittedAt').orderBy('c.id').execute();
  const now = nowOf(deps);
  return rows.map((r) => presentSummary(r, now));
}

export async function listCases(deps: ApprovalsDeps, trx: Tx, f: { status?: CaseStatus[] | undefined; warnLevel?: string | undefined; matterCode?: string | undefined; department?: string | undefined; limit: number; before?: string | undefined }) {
  let q = caseSummaryQuery(trx).orderBy('c.id', 'desc').limit(f.limit);
  if (f.status?.length) q = q.where('c.status', 'in', f.status);
  if (f.warnLevel) q = q.where('c.warnLevel', '=', f.warnLevel as 'green');
  if (f.matterCode) q = q.where('m.code', '=', f.matterCode);
  if (f.before) q = q.where('c.caseNo', '<', f.before);
  if (f.department) {
    // Cases whose active stage lists this department (the reviewer's inbox).
    q = q.where(sql<boolean>`exists (select 1 from approvals.case_stages s where s.case_id = c.id and s.status = 'active' and ${f.department} = any(s.departments))`);
  }
  const rows = await q.execute();
  const now = nowOf(deps);
  return rows.map((r) => presentSummary(r, now));
}

/** The applicant's own cases (RLS: applicant_user_id = the acting user). */
export async function myCases(deps: ApprovalsDeps, trx: Tx, actor: ActingUser) {
  const rows = await caseSummaryQuery(trx).where('c.applicantUserId', '=', actor.userId).orderBy('c.id', 'desc').limit(200).execute();
  const now = nowOf(deps);
  return rows.map((r) => presentSummary(r, now));
}

export async function getCaseRow(trx: Tx, caseNo: string): Promise<Selectable<CasesTable>> {
  const c = await trx.selectFrom('approvals.cases').selectAll().where('caseNo', '=', caseNo).executeTakeFirst();
  if (!c) throw new AppError('approvals.case_not_found', `case ${caseNo} not found`, { field: 'caseNo' });
  return c;
}

/**
 * Events of one transaction share their time (now()). Acceptance records its event after the
 * first stage has started (the due date is known only then), yet reads first: 受理 → 审查.
 */
const ACCEPTED_FIRST = sql`case when kind = 'accepted' then 0 else 1 end`;

export async function caseView(deps: ApprovalsDeps, trx: Tx, caseNo: string, opts: { revealId: boolean; staff: boolean }): Promise<CaseView> {
  const c = await getCaseRow(trx, caseNo);
  const [summary] = await caseSummaryQuery(trx).where('c.id', '=', c.id).execute();
  const v = await trx.selectFrom('approvals.matter_versions').selectAll().where('id', '=', c.matterVersionId).executeTakeFirstOrThrow();
  const files = await trx.selectFrom('approvals.case_materials').select(['materialKey', 'fileId', 'round', 'createdAt']).where('caseId', '=', c.id).orderBy('id').execute();
  const sups = await trx.selectFrom('approvals.supplement_requests').selectAll().where('caseId', '=', c.id).orderBy('round').execute();
  const stages = opts.staff ? await trx.selectFrom('approvals.case_stages').selectAll().where('caseId', '=', c.id).orderBy('idx').execute() : [];
  const opinions = opts.staff ? await trx.selectFrom('approvals.opinions').selectAll().where('caseId', '=', c.id).orderBy('id').execute() : [];
  const stops = opts.staff ? await trx.selectFrom('approvals.clock_stops').selectAll().where('caseId', '=', c.id).orderBy('id').execute() : [];
  const exts = opts.staff ? await trx.selectFrom('approvals.extensions').selectAll().where('caseId', '=', c.id).orderBy('id').execute() : [];
  const docs = await trx.selectFrom('approvals.case_documents').selectAll().where('caseId', '=', c.id).orderBy('id').execute();
  let evq = trx.selectFrom('approvals.case_events').selectAll().where('caseId', '=', c.id).orderBy('at').orderBy(ACCEPTED_FIRST).orderBy('id');
  if (!opts.staff) evq = evq.where('public', '=', true);
  const events = await evq.execute();
  // The applicant's scope cannot read clock stops; they see the stored due date instead.
  const deadline = opts.staff ? await tolerateUncoveredYear(() => caseDeadline(deps, trx, c, todayOf(deps))) : null;
  return {
    ...presentSummary(summary!, nowOf(deps)),
    applicant: { kind: c.applicantKind, name: c.applicantName, idNumber: opts.revealId ? c.applicantIdNumber : maskIdNumber(c.applicantIdNumber), phone: c.applicantPhone, contactName: c.contactName },
    orgUnitId: c.orgUnitId, matterVersion: v.version, matterType: v.type, formData: c.formData,
    decisionWording: decisionWording(v.type, v.name).key,
    materials: v.materials.map((m) => ({
      key: m.key, name: m.name, required: m.required,
      files: files.filter((f) => f.materialKey === m.key).map((f) => ({ fileId: f.fileId, round: f.round, createdAt: f.createdAt.toISOString() })),
    })),
    supplementRequests: sups.map((s) => ({ round: s.round, phase: s.phase, items: s.items, note: s.note, requestedAt: s.requestedAt.toISOString(), answeredAt: s.answeredAt?.toISOString() ?? null })),
    stages: stages.map((s) => ({
      id: s.id, idx: s.idx, key: s.key, name: s.name, kind: s.kind, rule: s.rule, departments: s.departments, limitDays: s.limitDays, pausesClock: s.pausesClock,
      status: s.status, startedOn: s.startedOn, dueDate: s.dueDate, completedAt: s.completedAt?.toISOString() ?? null, warnLevel: s.warnLevel,
      opinions: opinions.filter((o) => o.stageId === s.id).map((o) => ({ department: o.department, verdict: o.verdict, comment: o.comment, userId: o.userId, createdAt: o.createdAt.toISOString() })),
    })),
    clockStops: stops.map((s) => ({ id: s.id, kind: s.kind, reason: s.reason, startedOn: s.startedOn, endedOn: s.endedOn, workdays: s.workdays })),
    extensions: exts.map((e) => ({ id: e.id, days: e.days, reason: e.reason, status: e.status, requestedAt: e.requestedAt.toISOString(), decidedAt: e.decidedAt?.toISOString() ?? null })),
    documents: docs.map((d) => ({ documentId: d.documentId, kind: d.kind, docNo: d.docNo, createdAt: d.createdAt.toISOString() })),
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actorName: e.actorName, details: e.details })),
    deadline,
    deadlineExplanation: deadline ? deadline.steps.map((s) => s.text) : [],
    acceptSeconds: c.acceptSeconds, acceptOverStandard: c.acceptOverStandard, deemedAccepted: c.deemedAccepted,
    refusalReason: c.refusalReason, decisionReason: c.decisionReason, decidedOn: c.decidedOn, workdaysUsed: c.workdaysUsed,
    promisedDays: c.promisedDays, statutoryDays: c.statutoryDays, extensionDays: c.extensionDays, pausedSince: c.pausedSince, delivery: c.delivery,
  };
}

function sameId(a: string, b: string): boolean {
  const x = Buffer.from(a.trim().toUpperCase());
  const y = Buffer.from(b.trim().toUpperCase());
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * The case for tracking without login: the number and the applicant's ID number must both
 * match; a wrong pair is not_found whichever part was wrong. Call in the system scope.
 */
export async function findForTracking(trx: Tx, caseNo: string, idNumber: string): Promise<Selectable<CasesTable>> {
  const c = await trx.selectFrom('approvals.cases').selectAll().where('caseNo', '=', caseNo).executeTakeFirst();
  if (!c || !sameId(c.applicantIdNumber, idNumber)) throw new AppError('approvals.case_not_found', 'no case matches this case number and ID number');
  return c;
}

/**
 * What the applicant sees without login. The deadline is computed like the case page's (the
 * route runs in the system scope, so clock stops count); only the step sentences go out
 * (stop kinds and day counts, approved extensions with the reason the notice already told the
 * applicant), never opinions, stop reasons or who handled the case.
 */
export async function trackView(deps: ApprovalsDeps, trx: Tx, c: Selectable<CasesTable>): Promise<TrackView> {
  const v = await trx.selectFrom('approvals.matter_versions').select(['name', 'type']).where('id', '=', c.matterVersionId).executeTakeFirstOrThrow();
  const events = await trx.selectFrom('approvals.case_events').select(['at', 'kind', 'details']).where('caseId', '=', c.id).where('public', '=', true)
    .orderBy('at').orderBy(ACCEPTED_FIRST).orderBy('id').execute();
  const docs = await trx.selectFrom('approvals.case_documents').selectAll().where('caseId', '=', c.id).orderBy('id').execute();
  const sup = c.status === 'supplement_requested'
    ? await trx.selectFrom('approvals.supplement_requests').selectAll().where('caseId', '=', c.id).where('answeredAt', 'is', null).orderBy('round', 'desc').executeTakeFirst()
    : undefined;
  const deadline = c.status === 'refused' ? null : await tolerateUncoveredYear(() => caseDeadline(deps, trx, c, todayOf(deps)));
  return {
    caseNo: c.caseNo, matterName: v.name, status: c.status, statusName: STATUS_NAMES[c.status], decision: c.decision, decisionWording: decisionWording(v.type, v.name).key,
    submittedAt: c.submittedAt.toISOString(), acceptedOn: c.acceptedOn, dueDate: c.dueDate,
    promisedDays: c.promisedDays,
    deadlineExplanation: deadline ? deadline.steps.map((st) => st.text) : [],
    supplement: sup ? { round: sup.round, items: sup.items, note: sup.note } : null,
    events: events.map((e) => ({
      at: e.at.toISOString(), kind: e.kind,
      text: e.kind === 'stage_started' ? `进入“${String((e.details as { stage?: string }).stage ?? '')}”环节` : (EVENT_TEXT[e.kind] ?? e.kind),
    })),
    documents: docs.map((d) => ({ documentId: d.documentId, kind: d.kind, docNo: d.docNo, createdAt: d.createdAt.toISOString() })),
  };
}
