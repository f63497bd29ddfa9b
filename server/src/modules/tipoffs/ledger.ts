/**
 * The ledger (台账) transitions: triage, assignment to the county (转办/交办), on-site
 * verification, disposal, feedback to every reporter, close-out (销号) with the assigning level's
 * sign-off, merging duplicates, evidence, and reopening when the reporter disputes the feedback.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { DISPOSAL_OUTCOMES, REFUSAL_REASONS, type AssignInput, type DisposeInput, type TriageInput, type VerifyInput } from './tipoffs.schemas.ts';
import {
  addEvent, asSystem, auditReport, contextOf, findReportForUpdate, lockReport, moveScope, moveStage, nowOf, todayOf, updateReport,
  type ActingUser, type ReportRow, type TipoffsDeps,
} from './tipoffs.deps.ts';
import { countyBureauOf, messageReporter, OPEN_STATUSES } from './intake.ts';
import type { ReportStatus } from './tipoffs.tables.ts';

type V = { version?: number | undefined };

const ref = (r: ReportRow) => ({ id: r.id, reportNo: r.reportNo, orgPath: r.orgPathText });

/** Users whose active post grants `permission` and whose scope covers `orgPath`. */
export async function usersCovering(trx: Tx, permission: string, orgPath: string): Promise<number[]> {
  const { rows } = await sql<{ userId: number }>`
    select distinct p.user_id as "userId" from access.posts p
    join access.role_permissions rp on rp.role_id = p.role_id and rp.permission = ${permission}
    where p.active and p.scope_path @> ${orgPath}::ltree`.execute(trx);
  return rows.map((x) => Number(x.userId));
}

async function notifyHandlers(deps: TipoffsDeps, trx: Tx, actor: ActingUser | null, r: { id: number; reportNo: string }, orgPath: string, permission: string, subject: string, body: string) {
  const users = await asSystem(trx, contextOf(actor), () => usersCovering(trx, permission, orgPath));
  for (const to of users) {
    if (actor && to === actor.userId) continue;
    await deps.notify.enqueue(trx, { channel: 'inapp', to: String(to), subject, body, data: { link: `/tipoffs/reports/${r.id}`, reportNo: r.reportNo } });
  }
}

export async function triage(deps: TipoffsDeps, trx: Tx, actor: ActingUser, id: number, input: TriageInput & V) {
  const r = await lockReport(trx, id, ['received'], { version: input.version, action: 'triage' });
  const now = nowOf(deps);
  if (input.decision === 'accept') {
    const stage = await moveStage(deps, trx, { id: r.id, orgPath: r.orgPathText }, 'assign');
    await updateReport(trx, r.id, { status: 'accepted', triageDecision: 'accept', triageNote: input.note ?? null, triagedAt: now, ...stage });
    await addEvent(trx, { id: r.id, orgPath: r.orgPathText }, actor, 'accepted', {});
    await auditReport(deps, trx, actor, ref(r), 'triaged', { decision: 'accept' });
    return;
  }
  const reason = REFUSAL_REASONS[input.reason];
  const redirect = input.redirect?.trim() || reason.redirect;
  const stage = await moveStage(deps, trx, { id: r.id, orgPath: r.orgPathText }, null);
  await updateReport(trx, r.id, {
    status: 'refused', triageDecision: 'refuse', refusalReason: input.reason, refusalRedirect: redirect, triageNote: input.note ?? null, triagedAt: now, ...stage,
  });
  await addEvent(trx, { id: r.id, orgPath: r.orgPathText }, actor, 'refused', { reason: input.reason, reasonName: reason.name, redirect });
  // The reporter learns why and where to go instead (告知).
  const text = `您的举报（${r.reportNo}）经判定不予受理：${reason.name}。建议：${redirect}。`;
  await sendToReporters(deps, trx, actor, r, `举报办理结果 ${r.reportNo}`, text, `refused:${r.id}`);
  await auditReport(deps, trx, actor, ref(r), 'refused', { reason: input.reason });
}

export async function assign(deps: TipoffsDeps, trx: Tx, actor: ActingUser, id: number, input: AssignInput & V) {
  const r = await lockReport(trx, id, ['accepted'], { version: input.version, action: 'assign' });
  if (!actor.scopePath) throw new AppError('access.forbidden', 'your post has no scope', { permission: 'tipoffs.report.assign' });
  let county: { name: string; divisionCode: string; path: string } | undefined;
  if (input.countyCode) {
    county = await trx.selectFrom('orgs.org_units').select(['name', 'divisionCode', sql<string>`path::text`.as('path')])
      .where('kind', '=', 'bureau').where('level', '=', 'county').where('active', '=', true).where('divisionCode', '=', input.countyCode).executeTakeFirst();
  } else if (r.placePending) {
    throw invalid('countyCode', `the place of report ${r.reportNo} is still to be determined (发生地待定): give the county it happened in`, `举报 ${r.reportNo} 的发生地待定，请选择违法行为发生地所在的县（区）`);
  } else {
    county = await countyBureauOf(trx, r.divisionPath);
  }
  const scope = actor.scopePath;
  if (!county || !(county.path === scope || county.path.startsWith(`${scope}.`))) {
    throw new AppError('tipoffs.county_not_found', `countyCode: no county bureau ${input.countyCode ?? `over ${r.divisionCode}`} in your scope`, { field: 'countyCode' });
  }
  const today = todayOf(deps);
  if (input.mode === 'assign') {
    if (!input.dueDate) throw invalid('dueDate', 'required for 交办 (mode assign)', '交办时必须填写办理期限');
    if (input.dueDate <= today) throw invalid('dueDate', `must be after today (${today})`, `应晚于今天（${today}）`);
  }
  const dueDate = input.mode === 'assign' ? input.dueDate! : null;
  await moveScope(trx, r.id, county.path);
  // Reports merged into this one go along (their reporters stay with the receiving bureau).
  for (const m of await trx.selectFrom('tipoffs.reports').select('id').where('mergedIntoId', '=', r.id).execute()) {
    await moveScope(trx, m.id, county.path);
    await trx.updateTable('tipoffs.reports').set({ orgPath: county.path }).where('id', '=', m.id).execute();
  }
  const stage = await moveStage(deps, trx, { id: r.id, orgPath: county.path }, 'verify', { orgPath: county.path, dueOverride: dueDate });
  // A report received without a known place (发生地待定) is placed in the county it goes to.
  const placed = r.placePending
    ? await trx.selectFrom('orgs.divisions').select(['code', sql<string>`path::text`.as('path')]).where('code', '=', county.divisionCode).executeTakeFirstOrThrow()
    : null;
  await updateReport(trx, r.id, {
    ...(placed ? { divisionCode: placed.code, divisionPath: placed.path, placePending: false } : {}),
    status: 'assigned', assignMode: input.mode, countyCode: county.divisionCode, countyOrgPath: county.path, orgPath: county.path,
    assignedByPath: scope, assignDueDate: dueDate, assignInstructions: input.instructions ?? null, assignedAt: nowOf(deps), ...stage,
  });
  await addEvent(trx, { id: r.id, orgPath: county.path }, actor, 'assigned', { mode: input.mode, county: county.name, dueDate });
  await notifyHandlers(deps, trx, actor, r, county.path, 'tipoffs.report.handle', `【${input.mode === 'assign' ? '交办' : '转办'}】${r.reportNo}`,
    `${county.name}：请核查处置举报 ${r.reportNo}（${r.address}）${dueDate ? `，${dueDate} 前报送办理结果` : ''}。`);
  await auditReport(deps, trx, actor, { id: r.id, reportNo: r.reportNo, orgPath: county.path }, 'assigned', { mode: input.mode, countyCode: county.divisionCode, dueDate });
}

/** Staff evidence uploads (POST /api/files) the actor can see; photos or documents. */
async function attachEvidence(deps: TipoffsDeps, trx: Tx, actor: ActingUser, r: ReportRow, ids: string[], stage: 'verify' | 'dispose' | 'evidence', field: string) {
  const allowed = ['image/jpeg', 'image/png', 'application/pdf', 'application/ofd',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document'];
  let n = 0;
  for (const [i, fileId] of [...new Set(ids)].entries()) {
    let up;
    try {
      up = await deps.files.getUpload(trx, fileId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'files.not_found') throw new AppError('files.not_found', `${field}[${i}]: upload ${fileId} not found`, { field: `${field}[${i}]` });
      throw e;
    }
    if (!allowed.includes(up.mime)) throw new AppError('files.type_not_allowed', `${field}[${i}]: ${up.mime} is not evidence (photos JPEG/PNG or documents PDF/OFD/DOCX)`, { field: `${field}[${i}]` });
    const ins = await trx.insertInto('tipoffs.files').values({ reportId: r.id, orgPath: r.orgPathText, fileId, stage, name: up.name, mime: up.mime, addedBy: actor.userId })
      .onConflict((oc) => oc.columns(['reportId', 'fileId']).doNothing()).returning('id').executeTakeFirst();
    if (ins) n++;
  }
  return n;
}

export async function verify(deps: TipoffsDeps, trx: Tx, actor: ActingUser, id: number, input: VerifyInput & V) {
  const r = await lockReport(trx, id, ['assigned'], { version: input.version, action: 'verify' });
  if (input.verifiedOn > todayOf(deps)) throw invalid('verifiedOn', 'cannot be in the future', '不能晚于今天');
  const files = await attachEvidence(deps, trx, actor, r, input.evidence, 'verify', 'evidence');
  const stage = await moveStage(deps, trx, { id: r.id, orgPath: r.orgPathText }, 'dispose', { dueOverride: r.assignMode === 'assign' ? r.assignDueDate : null });
  await updateReport(trx, r.id, { status: 'verified', verifiedOn: input.verifiedOn, findings: input.findings, violationFound: input.violationFound, verifiedAt: nowOf(deps), ...stage });
  await addEvent(trx, { id: r.id, orgPath: r.orgPathText }, actor, 'verified', { verifiedOn: input.verifiedOn, violationFound: input.violationFound, files });
  await auditReport(deps, trx, actor, ref(r), 'verified', { violationFound: input.violationFound, files });
}

export async function dispose(deps: TipoffsDeps, trx: Tx, actor: ActingUser, id: number, input: DisposeInput & V) {
  const r = await lockReport(trx, id, ['verified'], { version: input.version, action: 'dispose' });
  if (input.outcome === 'case_filed' && !input.caseNo && !deps.openEnforcementCase) throw invalid('caseNo', 'the case number (立案号) is required when a case was filed', '已立案的，须填写立案号');
  if (r.violationFound === false && input.outcome !== 'no_violation') throw invalid('outcome', 'the verification found no violation', '核查结论为不存在违法行为，处理结果应为“经核查不存在违法行为”');
  if (r.violationFound === true && input.outcome === 'no_violation') throw invalid('outcome', 'the verification found a violation', '核查结论为存在违法行为，处理结果不能为“经核查不存在违法行为”');
  const files = await attachEvidence(deps, trx, actor, r, input.evidence, 'dispose', 'evidence');
  if (input.outcome === 'case_filed' && !input.caseNo && deps.openEnforcementCase) {
    // No number typed: the enforcement module opens the case with this report attached (立案审批 follows there).
    const attached = await trx.selectFrom('tipoffs.files').select(['fileId', 'name']).where('reportId', '=', r.id).orderBy('id').execute();
    const opened = await deps.openEnforcementCase(trx, actor, {
      kind: 'tipoff', id: String(r.id), ref: r.reportNo, divisionCode: r.divisionCode,
      summary: [r.facts, r.findings ? `核查：${r.findings}` : '', `处置：${input.summary}`].filter(Boolean).join('\n'),
      location: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null, geometry: null,
      areaM2: null, croplandM2: null, basicFarmlandM2: null,
      attachments: attached.map((f) => ({ label: f.name, sha256: null, url: `/api/tipoffs/reports/${r.id}/files/${f.fileId}` })),
    });
    input = { ...input, caseNo: opened.caseNo };
  }
  const stage = await moveStage(deps, trx, { id: r.id, orgPath: r.orgPathText }, 'feedback');
  await updateReport(trx, r.id, {
    status: 'disposed', disposalOutcome: input.outcome, disposalCaseNo: input.outcome === 'case_filed' ? input.caseNo! : null,
    disposalSummary: input.summary, disposedAt: nowOf(deps), ...stage,
  });
  await addEvent(trx, { id: r.id, orgPath: r.orgPathText }, actor, 'disposed', { outcome: input.outcome, outcomeName: DISPOSAL_OUTCOMES[input.outcome], caseNo: input.caseNo ?? null, files });
  if (r.assignMode === 'assign' && r.assignedByPath) {
    // 交办: the disposal summary is the report back to the assigning level.
    await notifyHandlers(deps, trx, actor, r, r.assignedByPath, 'tipoffs.report.assign', `【交办件办结报告】${r.reportNo}`, input.summary.slice(0, 200));
  }
  await auditReport(deps, trx, actor, ref(r), 'disposed', { outcome: input.outcome, caseNo: input.caseNo ?? null, files });
}

/** Reporter contacts of a report and of every report merged into it (read with the system scope). */
async function sendToReporters(deps: TipoffsDeps, trx: Tx, actor: ActingUser | null, r: { id: number }, subject: string, text: string, key: string): Promise<number> {
  return asSystem(trx, contextOf(actor), async () => {
    const rows = await trx.selectFrom('tipoffs.reporters').select(['id', 'phone', 'email'])
      .where((eb) => eb.or([eb('reportId', '=', r.id), eb('reportId', 'in', eb.selectFrom('tipoffs.reports').select('id').where('mergedIntoId', '=', r.id))]))
      .orderBy('id').execute();
    let n = 0;
    for (const p of rows) n += (await messageReporter(deps, trx, p, subject, text, `${key}:${p.id}`)) > 0 ? 1 : 0;
    return n;
  });
}

export async function feedback(deps: TipoffsDeps, trx: Tx, actor: ActingUser, id: number, input: { text: string } & V) {
  const r = await lockReport(trx, id, ['disposed'], { version: input.version, action: 'give feedback on' });
  const text = input.text.trim();
  const recipients = await sendToReporters(deps, trx, actor, r, `举报办理结果 ${r.reportNo}`, `您的举报（${r.reportNo}）办理结果：${text}`, `feedback:${r.id}:${r.reopenCount}`);
  const stage = await moveStage(deps, trx, { id: r.id, orgPath: r.orgPathText }, 'close');
  await updateReport(trx, r.id, { status: 'feedback_given', feedbackText: text, feedbackAt: nowOf(deps), feedbackRecipients: recipients, ...stage });
  await addEvent(trx, { id: r.id, orgPath: r.orgPathText }, actor, 'feedback_given', { text, recipients });
  await auditReport(deps, trx, actor, ref(r), 'feedback_given', { recipients });
}

/** What closing needs, for the checklist on the page and for the check itself. */
export async function closeChecklist(trx: Tx, r: { id: number; disposalOutcome: string | null; feedbackAt: Date | null; status: ReportStatus; assignedByPath: string | null }) {
  const ev = await trx.selectFrom('tipoffs.files').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reportId', '=', r.id).where('stage', 'in', ['verify', 'dispose', 'evidence']).executeTakeFirstOrThrow();
  return {
    disposal: r.disposalOutcome !== null,
    evidence: Number(ev.n) > 0,
    feedback: r.feedbackAt !== null && (r.status === 'feedback_given' || r.status === 'closed'),
    signOffOrgPath: r.assignedByPath,
  };
}

export async function close(deps: TipoffsDeps, trx: Tx, actor: ActingUser, id: number, input: { note?: string | undefined } & V) {
  const r = await lockReport(trx, id, [...OPEN_STATUSES], { version: input.version, action: 'close' });
  const c = await closeChecklist(trx, r);
  if (!c.disposal) throw new AppError('tipoffs.close_needs_disposal', `report ${r.reportNo} has no disposal record (处置记录) yet`, { status: r.status });
  if (!c.evidence) throw new AppError('tipoffs.close_needs_evidence', `report ${r.reportNo} has no evidence (photos or documents) from verification or disposal`, { status: r.status });
  if (!c.feedback) throw new AppError('tipoffs.close_needs_feedback', `report ${r.reportNo}: the feedback to the reporter has not been given`, { status: r.status });
  const scope = actor.scopePath ?? '';
  const signer = r.assignedByPath;
  if (!signer || !scope || !(signer === scope || signer.startsWith(`${scope}.`))) {
    throw new AppError('tipoffs.close_needs_assigning_level', `report ${r.reportNo} is closed out by the level that assigned it (${signer ?? '—'})`, { permission: 'tipoffs.report.close', signOffOrgPath: signer });
  }
  const stage = await moveStage(deps, trx, { id: r.id, orgPath: r.orgPathText }, null);
  await updateReport(trx, r.id, { status: 'closed', closedAt: nowOf(deps), closeNote: input.note ?? null, ...stage });
  await trx.updateTable('tipoffs.warnings').set({ clearedAt: nowOf(deps) }).where('reportId', '=', r.id).where('clearedAt', 'is', null).execute();
  await addEvent(trx, { id: r.id, orgPath: r.orgPathText }, actor, 'closed', {});
  // The outcome as Open311 discloses it, without the reporter or the feedback text, in the public log (阳光日志).
  await deps.publish?.(trx, 'tipoffs.outcome', {
    reportNo: r.reportNo, violationType: r.violationType, divisionCode: r.divisionCode, outcome: r.disposalOutcome,
    outcomeName: r.disposalOutcome ? DISPOSAL_OUTCOMES[r.disposalOutcome] : null, caseNo: r.disposalCaseNo, closedOn: todayOf(deps),
  });
  await auditReport(deps, trx, actor, ref(r), 'closed', { signedOffBy: scope });
}

export async function addEvidence(deps: TipoffsDeps, trx: Tx, actor: ActingUser, id: number, input: { files: string[]; note?: string | undefined } & V) {
  const r = await lockReport(trx, id, ['assigned', 'verified', 'disposed', 'feedback_given'], { version: input.version, action: 'add evidence to' });
  const files = await attachEvidence(deps, trx, actor, r, input.files, 'evidence', 'files');
  await updateReport(trx, r.id, {});
  await addEvent(trx, { id: r.id, orgPath: r.orgPathText }, actor, 'evidence_added', { files, note: input.note ?? null }, false);
  await auditReport(deps, trx, actor, ref(r), 'evidence_added', { files });
}

export async function merge(deps: TipoffsDeps, trx: Tx, actor: ActingUser, id: number, input: { intoId: number } & V) {
  if (input.intoId === id) throw invalid('intoId', 'a report cannot be merged into itself', '举报不能合并到其本身');
  const src = await lockReport(trx, id, ['received', 'accepted'], { version: input.version, action: 'merge' });
  const dst = await trx.selectFrom('tipoffs.reports').selectAll().select(sql<string>`org_path::text`.as('orgPathText')).where('id', '=', input.intoId).forUpdate().executeTakeFirst();
  if (!dst) throw new AppError('tipoffs.report_not_found', `report ${input.intoId} not found`, { field: 'intoId' });
  if (!(OPEN_STATUSES as readonly string[]).includes(dst.status)) {
    throw new AppError('tipoffs.report_wrong_state', `cannot merge into report ${dst.reportNo} in status ${dst.status}`, { field: 'intoId', status: dst.status });
  }
  const stage = await moveStage(deps, trx, { id: src.id, orgPath: src.orgPathText }, null);
  // The merged report is handled where the target is; its reporters stay with their own report and the receiving bureau.
  await moveScope(trx, src.id, dst.orgPathText);
  await updateReport(trx, src.id, { status: 'merged', mergedIntoId: dst.id, orgPath: dst.orgPathText, ...stage });
  // Reports merged into the source follow it.
  const followers = await trx.selectFrom('tipoffs.reports').select('id').where('mergedIntoId', '=', src.id).execute();
  for (const f of followers) await moveScope(trx, f.id, dst.orgPathText);
  await trx.updateTable('tipoffs.reports').set({ mergedIntoId: dst.id, orgPath: dst.orgPathText }).where('mergedIntoId', '=', src.id).execute();
  const now = nowOf(deps);
  await trx.updateTable('tipoffs.duplicates').set({ status: 'merged', decidedAt: now, decidedBy: actor.userId })
    .where((eb) => eb.or([eb.and([eb('reportId', '=', src.id), eb('candidateId', '=', dst.id)]), eb.and([eb('reportId', '=', dst.id), eb('candidateId', '=', src.id)])]))
    .execute();
  await addEvent(trx, { id: src.id, orgPath: dst.orgPathText }, actor, 'merged', { into: dst.reportNo });
  await addEvent(trx, { id: dst.id, orgPath: dst.orgPathText }, actor, 'merged_in', { from: src.reportNo }, false);
  if (dst.feedbackAt && dst.feedbackText) {
    // The target already answered: the newly merged reporters get the same feedback now.
    await asSystem(trx, contextOf(actor), async () => {
      const rows = await trx.selectFrom('tipoffs.reporters').select(['id', 'phone', 'email']).where('reportId', '=', src.id).execute();
      for (const p of rows) await messageReporter(deps, trx, p, `举报办理结果 ${dst.reportNo}`, `您的举报（${src.reportNo}）已并入 ${dst.reportNo} 办理，办理结果：${dst.feedbackText}`, `feedback:${dst.id}:${dst.reopenCount}:${p.id}`);
    });
  }
  await auditReport(deps, trx, actor, { id: src.id, reportNo: src.reportNo, orgPath: dst.orgPathText }, 'merged', { into: dst.reportNo, intoId: dst.id });
}

export async function dismissDuplicate(deps: TipoffsDeps, trx: Tx, actor: ActingUser, id: number, proposalId: number) {
  const r = await lockReport(trx, id, [...OPEN_STATUSES], { action: 'dismiss a duplicate of' });
  const d = await trx.updateTable('tipoffs.duplicates').set({ status: 'dismissed', decidedAt: nowOf(deps), decidedBy: actor.userId })
    .where('id', '=', proposalId).where('status', '=', 'open')
    .where((eb) => eb.or([eb('reportId', '=', r.id), eb('candidateId', '=', r.id)])).returning('id').executeTakeFirst();
  if (!d) throw new AppError('tipoffs.duplicate_not_found', `no open merge proposal ${proposalId} for report ${r.reportNo}`, { field: 'proposalId' });
  await addEvent(trx, { id: r.id, orgPath: r.orgPathText }, actor, 'duplicate_dismissed', { proposalId }, false);
  await deps.audit.record(trx, actor, { action: 'tipoffs.duplicate.dismissed', entityType: 'tipoffs.report', entityId: r.id, orgPath: r.orgPathText, details: { reportNo: r.reportNo, proposalId } });
}

export const DISPUTE_DAYS = 30;

/**
 * The reporter disputes the feedback (tracking code): back to verification by the county. Runs with the system scope.
 * On the internet side (SITE_ROLE=internet) the report is handled on the intranet: the dispute is
 * recorded here (status back to 重新办理, no stage clock, no handlers told) and crosses to the
 * intranet as `tipoffs.dispute` (tipoffs.exchange.ts), which reopens it there with `at` = the
 * moment the citizen filed it (the 30-day window is measured then, and the event keeps that time).
 */
export async function dispute(deps: TipoffsDeps, trx: Tx, reportId: number, reason: string, ip?: string, opts: { at?: Date } = {}) {
  const r = await lockReport(trx, reportId, ['feedback_given', 'closed'], { action: 'dispute' })
    .catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'tipoffs.report_wrong_state') throw new AppError('tipoffs.dispute_not_allowed', 'the report can be disputed once its feedback was given', { field: 'trackingCode' });
      throw e;
    });
  const now = opts.at ?? nowOf(deps);
  if (!r.feedbackAt || now.getTime() - r.feedbackAt.getTime() > DISPUTE_DAYS * 86400_000) {
    throw new AppError('tipoffs.dispute_not_allowed', `disputes are taken within ${DISPUTE_DAYS} days of the feedback`, { field: 'trackingCode' });
  }
  const handledHere = deps.siteRole !== 'internet';
  const stage = handledHere
    ? await moveStage(deps, trx, { id: r.id, orgPath: r.orgPathText }, 'verify')
    : { stage: null, stageStartedOn: null, stageDueDate: null, warnLevel: 'green' as const };
  await updateReport(trx, r.id, {
    status: 'assigned', reopenCount: r.reopenCount + 1, verifiedOn: null, findings: null, violationFound: null, verifiedAt: null,
    disposalOutcome: null, disposalCaseNo: null, disposalSummary: null, disposedAt: null, feedbackText: null, feedbackAt: null, feedbackRecipients: null,
    closedAt: null, closeNote: null, ...stage,
  });
  await addEvent(trx, { id: r.id, orgPath: r.orgPathText }, null, 'reopened', {
    reason, round: r.reopenCount + 1,
    previous: { outcome: r.disposalOutcome, caseNo: r.disposalCaseNo, feedback: r.feedbackText, verifiedOn: r.verifiedOn, findings: r.findings, closedAt: r.closedAt },
  }, true, opts.at);
  if (handledHere) await notifyHandlers(deps, trx, null, r, r.orgPathText, 'tipoffs.report.handle', `【举报人异议，重新办理】${r.reportNo}`, reason.slice(0, 200));
  await auditReport(deps, trx, null, ref(r), 'reopened', { reopenCount: r.reopenCount + 1 }, ip);
}

/**
 * The enforcement case of a report ended (结案, 不予立案, 移送): every reporter gets the outcome
 * and the tracking page shows it. Called by the enforcement module through tipoffs/index.ts.
 */
export async function caseOutcome(deps: TipoffsDeps, trx: Tx, actor: ActingUser | null, input: { reportId: number; caseNo: string; outcome: string }) {
  const r = await asSystem(trx, contextOf(actor), () => findReportForUpdate(trx, input.reportId));
  if (!r) return;
  const text = `您的举报（${r.reportNo}）已立案查处（案件编号 ${input.caseNo}），办理结果：${input.outcome}`;
  await sendToReporters(deps, trx, actor, r, `举报办理结果 ${r.reportNo}`, text, `case-outcome:${r.id}:${input.caseNo}`);
  await asSystem(trx, contextOf(actor), () => addEvent(trx, { id: r.id, orgPath: r.orgPathText }, actor, 'case_outcome', { caseNo: input.caseNo, outcome: input.outcome }));
  await asSystem(trx, contextOf(actor), () => auditReport(deps, trx, actor, ref(r), 'case_outcome', { caseNo: input.caseNo }));
}
