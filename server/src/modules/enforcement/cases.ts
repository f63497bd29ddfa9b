/**
 * The case lifecycle (办案流程): open (from a source or by hand) → 立案 (leader) or 不予立案 / 移送
 * → 调查取证 (records) → penalty proposal with the calculator → 案件审理 (legal review; mandatory
 * above the thresholds or for a departure) → 告知 (notice; defence; a hearing above the thresholds
 * stops the clock) → 处罚决定 (leader; published) → 执行 (evidence; court) → 结案 (leader, only with
 * execution evidence). Every step locks the case row: of two simultaneous actions one fails.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { publicApplicantName } from '../approvals/index.ts';
import {
  addDays, addEvent, auditCase, DECISION_DAYS, DEFENCE_WORKDAYS, dueDateOf, HEARING_REQUEST_DAYS, lockCase, moveStage, nowOf, settingsFor, todayOf, updateCase,
  type CaseRow, type EnforcementDeps,
} from './enforcement.deps.ts';
import { calculate, insideBand, type Proposal } from './discretion.ts';
import { issueCaseDocument, issueCaseDocuments } from './documents.ts';
import type { Attachment, CaseFacts, Penalty, RecordKind, SourceKind } from './enforcement.tables.ts';

type V = { version?: number | undefined };

/** Shape of see enforcement/README.md, Interfaces: what a tip-off or a patch hands over. */
export interface CaseSource {
  kind: 'tipoff' | 'patch';
  id: string;
  ref: string;
  divisionCode: string;
  summary: string;
  location: { lon: number; lat: number } | null;
  geometry: { type: string; coordinates: unknown } | null;
  areaM2: number | null; croplandM2: number | null; basicFarmlandM2: number | null;
  attachments: { label: string; sha256: string | null; url: string | null }[];
}

export interface ManualCaseInput {
  sourceKind: 'inspection' | 'transfer' | 'manual';
  sourceRef: string;
  divisionCode: string;
  title: string;
  summary: string;
  location: { lon: number; lat: number } | null;
  transferringAuthority?: string | null | undefined;
  /** Join an open case at the same place instead of opening one. */
  joinCaseId?: number | null | undefined;
}

/** The county bureau handling a division (a township code is handled by its county). */
async function countyBureau(trx: Tx, divisionCode: string) {
  const div = await trx.selectFrom('orgs.divisions').select(['code', sql<string>`path::text`.as('path')]).where('code', '=', divisionCode).where('validTo', 'is', null).executeTakeFirst();
  if (!div) throw new AppError('orgs.division_not_found', `divisionCode: no division ${divisionCode}`, { field: 'divisionCode' });
  const b = await trx.selectFrom('orgs.org_units').select(['id', 'name', sql<string>`path::text`.as('path')])
    .where('kind', '=', 'bureau').where('active', '=', true).where('level', '=', 'county')
    .where(sql<boolean>`path @> ${div.path}::ltree`).orderBy(sql`nlevel(path)`, 'desc').limit(1).executeTakeFirst();
  if (!b) throw new AppError('enforcement.no_bureau', `divisionCode: no county bureau handles ${divisionCode}`, { field: 'divisionCode' });
  return b;
}

async function nextCaseNo(trx: Tx, orgPath: string, divisionCode: string, year: number): Promise<string> {
  const r = await sql<{ last: number }>`
    insert into enforcement.case_sequences (org_path, year, last) values (${orgPath}::ltree, ${year}, 1)
    on conflict (org_path, year) do update set last = enforcement.case_sequences.last + 1 returning last`.execute(trx);
  return `ZF${divisionCode.slice(0, 6)}-${year}-${String(r.rows[0]!.last).padStart(4, '0')}`;
}

async function insertCase(deps: EnforcementDeps, trx: Tx, actor: ActingUser | null, input: {
  divisionCode: string; title: string; summary: string; location: { lon: number; lat: number } | null; geometry: unknown; facts: CaseFacts;
}) {
  const b = await countyBureau(trx, input.divisionCode);
  const scope = actor?.scopePath ?? null;
  if (actor && !(scope && (b.path === scope || b.path.startsWith(`${scope}.`)))) {
    throw new AppError('access.out_of_scope', `divisionCode: ${input.divisionCode} is handled by ${b.name}, outside your scope`, { field: 'divisionCode' });
  }
  const caseNo = await nextCaseNo(trx, b.path, input.divisionCode, Number(todayOf(deps).slice(0, 4)));
  const row = await trx.insertInto('enforcement.cases').values({
    caseNo, orgPath: b.path, orgUnitId: b.id, divisionCode: input.divisionCode, title: input.title, summary: input.summary,
    lon: input.location?.lon ?? null, lat: input.location?.lat ?? null, geometry: input.geometry ? JSON.stringify(input.geometry) : null,
    facts: JSON.stringify(input.facts), createdBy: actor?.userId ?? null,
  }).returning(['id', 'caseNo', sql<string>`org_path::text`.as('orgPathText')]).executeTakeFirstOrThrow();
  const stage = await moveStage(deps, trx, row, 'filing');
  await updateCase(trx, row.id, stage);
  return row;
}

/**
 * see enforcement/README.md, Interfaces: opens the case of a tip-off or a patch in the caller's transaction, or returns
 * the case it already has (idempotent per kind and id).
 */
export async function openCaseFromSource(deps: EnforcementDeps, trx: Tx, actor: ActingUser, source: CaseSource): Promise<{ caseId: number; caseNo: string; created: boolean }> {
  if (source.kind !== 'tipoff' && source.kind !== 'patch') throw invalid('source.kind', 'tipoff or patch', '应为举报或图斑');
  if (!source.id?.trim()) throw invalid('source.id', 'required', '必须填写');
  await sql`select pg_advisory_xact_lock(hashtext(${`enforcement.source:${source.kind}:${source.id}`}))`.execute(trx);
  const existing = await trx.selectFrom('enforcement.sources as s').innerJoin('enforcement.cases as c', 'c.id', 's.caseId')
    .select(['c.id', 'c.caseNo']).where('s.kind', '=', source.kind).where('s.sourceId', '=', source.id).executeTakeFirst();
  if (existing) return { caseId: existing.id, caseNo: existing.caseNo, created: false };
  const facts: CaseFacts = {
    areaM2: source.areaM2, croplandM2: source.croplandM2, basicFarmlandM2: source.basicFarmlandM2,
    landClass: (source.basicFarmlandM2 ?? 0) > 0 || (source.croplandM2 ?? 0) > 0 ? 'cropland' : null,
  };
  const title = `${source.kind === 'tipoff' ? '举报' : '卫片图斑'} ${source.ref} 涉嫌违法案`;
  const c = await insertCase(deps, trx, actor, { divisionCode: source.divisionCode, title, summary: source.summary.slice(0, 4000), location: source.location, geometry: source.geometry, facts });
  await addSource(trx, actor, c, source.kind, source.id, source.ref, source.summary, { areaM2: source.areaM2, croplandM2: source.croplandM2, basicFarmlandM2: source.basicFarmlandM2 }, source.attachments);
  await addEvent(trx, c, actor, 'opened', { source: { kind: source.kind, ref: source.ref } });
  await auditCase(deps, trx, actor, c, 'opened', { sourceKind: source.kind, sourceRef: source.ref });
  return { caseId: c.id, caseNo: c.caseNo, created: true };
}

async function addSource(trx: Tx, actor: ActingUser | null, c: { id: number; orgPathText: string }, kind: SourceKind, sourceId: string | null, ref: string, summary: string, details: Record<string, unknown>, attachments: Attachment[]) {
  await trx.insertInto('enforcement.sources').values({
    caseId: c.id, orgPath: c.orgPathText, kind, sourceId, ref, summary, details: JSON.stringify(details), attachments: JSON.stringify(attachments), addedBy: actor?.userId ?? null,
  }).execute();
}

/** An inspection (巡查), a transfer (移送) or a hand entry; or one more source joining an open case at the same place. */
export async function openCase(deps: EnforcementDeps, trx: Tx, actor: ActingUser, input: ManualCaseInput) {
  const details = input.sourceKind === 'transfer' ? { transferringAuthority: input.transferringAuthority ?? null } : {};
  if (input.sourceKind === 'transfer' && !input.transferringAuthority?.trim()) throw invalid('transferringAuthority', 'a transfer names the authority that sent it (移送机关)', '移送案件须填写移送机关');
  if (input.joinCaseId) {
    const c = await lockCase(trx, input.joinCaseId, ['proposed', 'investigating'], { action: 'add a source to' });
    await addSource(trx, actor, c, input.sourceKind, null, input.sourceRef, input.summary, details, []);
    await updateCase(trx, c.id, {});
    await addEvent(trx, c, actor, 'source_added', { kind: input.sourceKind, ref: input.sourceRef });
    await auditCase(deps, trx, actor, c, 'source_added', { kind: input.sourceKind, ref: input.sourceRef });
    return { caseId: c.id, caseNo: c.caseNo, created: false };
  }
  const c = await insertCase(deps, trx, actor, { divisionCode: input.divisionCode, title: input.title, summary: input.summary, location: input.location, geometry: null, facts: {} });
  await addSource(trx, actor, c, input.sourceKind, null, input.sourceRef, input.summary, details, []);
  await addEvent(trx, c, actor, 'opened', { source: { kind: input.sourceKind, ref: input.sourceRef } });
  await auditCase(deps, trx, actor, c, 'opened', { sourceKind: input.sourceKind, sourceRef: input.sourceRef });
  return { caseId: c.id, caseNo: c.caseNo, created: true };
}

/** Links one more tip-off or patch to an open case at the same place (one case, several sources). */
export async function linkSource(deps: EnforcementDeps, trx: Tx, actor: ActingUser, caseId: number, source: CaseSource) {
  const c = await lockCase(trx, caseId, ['proposed', 'investigating'], { action: 'link a source to' });
  const other = await trx.selectFrom('enforcement.sources as s').innerJoin('enforcement.cases as c', 'c.id', 's.caseId').select('c.caseNo')
    .where('s.kind', '=', source.kind).where('s.sourceId', '=', source.id).executeTakeFirst();
  if (other) throw new AppError('enforcement.source_linked', `source: ${source.ref} belongs to case ${other.caseNo}`, { field: 'source.id' });
  await addSource(trx, actor, c, source.kind, source.id, source.ref, source.summary, { areaM2: source.areaM2, croplandM2: source.croplandM2, basicFarmlandM2: source.basicFarmlandM2 }, source.attachments);
  await updateCase(trx, c.id, {});
  await addEvent(trx, c, actor, 'source_added', { kind: source.kind, ref: source.ref });
  await auditCase(deps, trx, actor, c, 'source_added', { kind: source.kind, ref: source.ref });
}

/** 立案 (leader approves): the 立案呈批表 is issued; the 90-day decision limit starts. */
export async function file(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: { opinion: string } & V) {
  const c = await lockCase(trx, id, ['proposed'], { version: input.version, action: 'file' });
  const today = todayOf(deps);
  const stage = await moveStage(deps, trx, c, 'investigation');
  const doc = await issueCaseDocument(deps, trx, actor, c, 'filing_form', { opinion: input.opinion });
  await updateCase(trx, c.id, { status: 'investigating', filedBy: actor.userId, filedAt: nowOf(deps), filedOn: today, decisionDueDate: addDays(today, DECISION_DAYS), ...stage });
  await addEvent(trx, c, actor, 'filed', { opinion: input.opinion, documentNo: doc.docNo, documentId: doc.id });
  await auditCase(deps, trx, actor, c, 'filed', { documentNo: doc.docNo });
}

export async function notFile(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: { reason: string } & V) {
  const c = await lockCase(trx, id, ['proposed'], { version: input.version, action: 'refuse to file' });
  const stage = await moveStage(deps, trx, c, null);
  await updateCase(trx, c.id, { status: 'not_filed', notFiledReason: input.reason, ...stage });
  await addEvent(trx, c, actor, 'not_filed', { reason: input.reason });
  await auditCase(deps, trx, actor, c, 'not_filed', { reason: input.reason });
  await tellTipoffs(deps, trx, actor, c, `不予立案：${input.reason}`);
}

/** 移送: to public security (涉嫌犯罪) or discipline bodies (公职人员违纪违法). */
export async function transfer(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: { to: string; reason: string } & V) {
  const c = await lockCase(trx, id, ['proposed', 'investigating', 'reviewing', 'reviewed'], { version: input.version, action: 'transfer' });
  const stage = await moveStage(deps, trx, c, null);
  await updateCase(trx, c.id, { status: 'transferred', transferredTo: input.to, transferReason: input.reason, ...stage });
  await addEvent(trx, c, actor, 'transferred', { to: input.to, reason: input.reason });
  await auditCase(deps, trx, actor, c, 'transferred', { to: input.to });
  await tellTipoffs(deps, trx, actor, c, `已移送${input.to}处理`);
}

const EVIDENCE_MIME = ['image/jpeg', 'image/png', 'application/pdf', 'application/ofd'];

async function checkFiles(deps: EnforcementDeps, trx: Tx, ids: string[], field: string) {
  for (const [i, fileId] of ids.entries()) {
    let up;
    try {
      up = await deps.files.getUpload(trx, fileId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'files.not_found') throw new AppError('files.not_found', `${field}[${i}]: upload ${fileId} not found`, { field: `${field}[${i}]` });
      throw e;
    }
    if (!EVIDENCE_MIME.includes(up.mime)) throw new AppError('files.type_not_allowed', `${field}[${i}]: ${up.mime} is not evidence (JPEG/PNG photos, PDF/OFD documents)`, { field: `${field}[${i}]` });
  }
}

export interface RecordInput {
  kind: Exclude<RecordKind, 'execution'>;
  recordedOn: string;
  title: string;
  content: string;
  values: Record<string, string | number | boolean | null>;
  files: string[];
}

/** 询问笔录, 现场勘验笔录 (with a PDF), measurements, photos, field-app records. */
export async function addRecord(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: RecordInput & V) {
  const c = await lockCase(trx, id, ['investigating'], { version: input.version, action: 'add a record to' });
  if (input.recordedOn > todayOf(deps)) throw invalid('recordedOn', 'cannot be in the future', '不能晚于今天');
  const files = [...new Set(input.files)];
  await checkFiles(deps, trx, files, 'files');
  if (input.kind === 'photo' && !files.length) throw invalid('files', 'a photo record needs at least one photo', '照片记录须至少上传一张照片');
  const doc = input.kind === 'inquiry' || input.kind === 'site'
    ? await issueCaseDocument(deps, trx, actor, c, input.kind === 'inquiry' ? 'inquiry_record' : 'site_record', { record: input, photos: files.length }) : null;
  const r = await trx.insertInto('enforcement.records').values({
    caseId: c.id, orgPath: c.orgPathText, kind: input.kind, recordedOn: input.recordedOn, title: input.title, content: input.content,
    values: JSON.stringify(input.values), files, documentId: doc?.id ?? null, createdBy: actor.userId,
  }).returning('id').executeTakeFirstOrThrow();
  await updateCase(trx, c.id, {});
  await addEvent(trx, c, actor, 'record_added', { recordId: r.id, kind: input.kind, title: input.title, files: files.length, documentNo: doc?.docNo ?? null });
  await auditCase(deps, trx, actor, c, 'record_added', { recordId: r.id, kind: input.kind });
  return { recordId: r.id, documentNo: doc?.docNo ?? null };
}

export interface PartyInput { kind: 'person' | 'company'; name: string; idNumber: string | null; address: string | null }
export interface ProposeInput {
  violationKind: string;
  facts: CaseFacts;
  party: PartyInput;
  fine: number;
  measures: { confiscate: boolean; demolish: boolean; restore: boolean };
  departureReason: string | null;
}

/** Legal review mandatory / hearing right: above the thresholds, or confiscation/demolition, or a departure. */
async function thresholds(trx: Tx, c: CaseRow, partyKind: 'person' | 'company', fine: number, measures: { confiscate: boolean; demolish: boolean }, departure: boolean) {
  const s = await settingsFor(trx, c.orgPathText);
  const heavy = measures.confiscate || measures.demolish;
  return {
    reviewRequired: departure || heavy || fine >= s.reviewFine[partyKind],
    hearingEligible: heavy || fine >= s.hearingFine[partyKind],
  };
}

/** The penalty proposal (处罚建议) with the calculator; outside the band only with a reason. */
export async function propose(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: ProposeInput & V) {
  const c = await lockCase(trx, id, ['investigating'], { version: input.version, action: 'propose a penalty for' });
  const calc = await calculate(trx, c.orgPathText, input.violationKind, input.facts);
  const departure = !insideBand(calc, input.fine);
  const reason = input.departureReason?.trim() || null;
  if (departure && !reason) {
    throw new AppError('enforcement.penalty_outside_band', `fine: ${input.fine} 元 is outside the band ${calc.range.min}–${calc.range.max} 元 (${calc.bandName}); state the reason of the departure (departureReason)`, { field: 'departureReason', range: calc.range });
  }
  const t = await thresholds(trx, c, input.party.kind, input.fine, input.measures, departure);
  const proposal = { calculation: calc, fine: input.fine, measures: input.measures, departure, departureReason: departure ? reason : null, proposedBy: actor.userId, proposedAt: nowOf(deps).toISOString() };
  await updateCase(trx, c.id, {
    violationKind: input.violationKind, facts: JSON.stringify({ ...c.facts, ...input.facts }), partyKind: input.party.kind, partyName: input.party.name,
    partyIdNumber: input.party.idNumber, partyAddress: input.party.address, proposal: JSON.stringify(proposal), departureReason: departure ? reason : null,
    reviewRequired: t.reviewRequired, hearingEligible: t.hearingEligible,
    // A new proposal needs a new review.
    reviewBy: null, reviewOpinion: null, reviewDepartureApproved: null, reviewedAt: null,
  });
  await addEvent(trx, c, actor, 'proposed', { ruleId: calc.ruleId, band: calc.bandName, proposedAmount: calc.amount, fine: input.fine, departure, reviewRequired: t.reviewRequired });
  await auditCase(deps, trx, actor, c, 'proposed', { ruleId: calc.ruleId, fine: input.fine, departure });
  return { calculation: calc, departure, ...t };
}

async function needRecords(trx: Tx, c: CaseRow) {
  const n = await trx.selectFrom('enforcement.records').select((eb) => eb.fn.countAll<number>().as('n')).where('caseId', '=', c.id).where('kind', 'in', ['inquiry', 'site']).executeTakeFirstOrThrow();
  if (Number(n.n) === 0) throw new AppError('enforcement.records_missing', `case ${c.caseNo} has no inquiry or site inspection record (询问笔录/现场勘验笔录) yet`, { status: c.status });
  if (!c.proposal) throw new AppError('enforcement.records_missing', `case ${c.caseNo} has no penalty proposal yet`, { status: c.status });
}

/** 调查终结 → 案件审理. */
export async function submitReview(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: V) {
  const c = await lockCase(trx, id, ['investigating'], { version: input.version, action: 'submit for legal review' });
  await needRecords(trx, c);
  const stage = await moveStage(deps, trx, c, 'review');
  await updateCase(trx, c.id, { status: 'reviewing', ...stage });
  await addEvent(trx, c, actor, 'review_requested', {});
  await auditCase(deps, trx, actor, c, 'review_requested');
}

/** 案件审理 (法制审核): approve (and sign off a departure) or return for more investigation. */
export async function review(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: { approve: boolean; opinion: string; approveDeparture: boolean } & V) {
  const c = await lockCase(trx, id, ['reviewing'], { version: input.version, action: 'review' });
  const proposal = c.proposal as { departure: boolean; createdBy?: number; proposedBy: number } | null;
  if (proposal && proposal.proposedBy === actor.userId) throw new AppError('enforcement.reviewer_conflict', 'the legal review is not done by the investigator who proposed the penalty', { permission: 'enforcement.case.review' });
  if (!input.approve) {
    const stage = await moveStage(deps, trx, c, 'investigation');
    await updateCase(trx, c.id, { status: 'investigating', reviewOpinion: input.opinion, reviewBy: actor.userId, reviewedAt: nowOf(deps), reviewDepartureApproved: null, ...stage });
    await addEvent(trx, c, actor, 'review_returned', { opinion: input.opinion });
    await auditCase(deps, trx, actor, c, 'review_returned');
    return;
  }
  if (proposal?.departure && !input.approveDeparture) throw invalid('approveDeparture', 'the proposal departs from the band: approve the departure or return the case', '处罚建议偏离裁量基准档次：请同意偏离或退回案件');
  const stage = await moveStage(deps, trx, c, 'notice');
  await updateCase(trx, c.id, { status: 'reviewed', reviewOpinion: input.opinion, reviewBy: actor.userId, reviewedAt: nowOf(deps), reviewDepartureApproved: proposal?.departure ? true : null, ...stage });
  await addEvent(trx, c, actor, 'reviewed', { opinion: input.opinion, departureApproved: Boolean(proposal?.departure) });
  await auditCase(deps, trx, actor, c, 'reviewed', { departureApproved: Boolean(proposal?.departure) });
}

/** 告知: the 行政处罚告知书 (and the 听证告知书 above the thresholds) are served. */
export async function serveNotice(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: { servedOn: string } & V) {
  const c = await lockCase(trx, id, ['investigating', 'reviewed'], { version: input.version, action: 'serve the notice of' });
  await needRecords(trx, c);
  if (c.status === 'investigating' && c.reviewRequired) {
    throw new AppError('enforcement.legal_review_required', `case ${c.caseNo}: the penalty is above the thresholds (or departs from the band), the legal review (法制审核) cannot be skipped`, { status: c.status });
  }
  const today = todayOf(deps);
  if (input.servedOn > today) throw invalid('servedOn', 'cannot be in the future', '不能晚于今天');
  const defenceDue = await dueDateOf(deps, input.servedOn, DEFENCE_WORKDAYS) ?? addDays(input.servedOn, DEFENCE_WORKDAYS + 2);
  const hearingDue = c.hearingEligible ? addDays(input.servedOn, HEARING_REQUEST_DAYS) : null;
  const [notice, hearing] = await issueCaseDocuments(deps, trx, actor, c, [
    ['penalty_notice', { servedOn: input.servedOn, defenceDue, hearingDue, penaltyText: proposedPenaltyText(c) }],
    ...(c.hearingEligible ? [['hearing_notice', { servedOn: input.servedOn, hearingDue }] as const] : []),
  ] as never);
  const stage = await moveStage(deps, trx, c, 'decision');
  await updateCase(trx, c.id, { status: 'notified', noticeServedOn: input.servedOn, defenceDueDate: defenceDue, hearingRequestDue: hearingDue, ...stage });
  await addEvent(trx, c, actor, 'notified', { servedOn: input.servedOn, defenceDue, hearingDue, noticeNo: notice!.docNo, hearingNoticeNo: hearing?.docNo ?? null });
  await auditCase(deps, trx, actor, c, 'notified', { noticeNo: notice!.docNo, hearingNoticeNo: hearing?.docNo ?? null });
}

export async function recordDefence(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: { text: string } & V) {
  const c = await lockCase(trx, id, ['notified'], { version: input.version, action: 'record the defence of' });
  await updateCase(trx, c.id, { defenceText: input.text });
  await addEvent(trx, c, actor, 'defence_recorded', { text: input.text });
  await auditCase(deps, trx, actor, c, 'defence_recorded');
}

/** The party asks for a hearing: only when eligible and in time; the clock stops. */
export async function requestHearing(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: { requestedOn: string } & V) {
  const c = await lockCase(trx, id, ['notified'], { version: input.version, action: 'record a hearing request for' });
  if (!c.hearingEligible || !c.hearingRequestDue) throw new AppError('enforcement.hearing_not_available', `case ${c.caseNo}: the penalty is below the hearing thresholds (听证)`, { field: 'requestedOn' });
  if (input.requestedOn > todayOf(deps)) throw invalid('requestedOn', 'cannot be in the future', '不能晚于今天');
  if (input.requestedOn > c.hearingRequestDue) {
    throw new AppError('enforcement.hearing_request_late', `requestedOn: the hearing had to be asked for by ${c.hearingRequestDue} (5 days after the notice); asked on ${input.requestedOn}`, { field: 'requestedOn', due: c.hearingRequestDue });
  }
  // The decision stage keeps running in enforcement.stages; clock_paused_on stops the scan, and the
  // hearing held moves its due date by the paused working days.
  await updateCase(trx, c.id, { status: 'hearing', hearingRequestedOn: input.requestedOn, clockPausedOn: todayOf(deps) });
  await addEvent(trx, c, actor, 'hearing_requested', { requestedOn: input.requestedOn });
  await auditCase(deps, trx, actor, c, 'hearing_requested');
}

/** The hearing was held: the clock runs again, its due date moved by the paused working days. */
export async function holdHearing(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: { heldOn: string; summary: string } & V) {
  const c = await lockCase(trx, id, ['hearing'], { version: input.version, action: 'record the hearing of' });
  const today = todayOf(deps);
  if (input.heldOn > today) throw invalid('heldOn', 'cannot be in the future', '不能晚于今天');
  const paused = c.clockPausedOn ? await deps.calendar.workdaysBetween(c.clockPausedOn, today).catch(() => 0) : 0;
  const due = c.stageDueDate && paused > 0 ? await dueDateOf(deps, c.stageDueDate, paused) : c.stageDueDate;
  await trx.updateTable('enforcement.stages').set({ dueDate: due, pausedDays: sql`paused_days + ${paused}` }).where('caseId', '=', c.id).where('endedOn', 'is', null).execute();
  await updateCase(trx, c.id, { status: 'notified', hearingHeldOn: input.heldOn, clockPausedOn: null, stageDueDate: due, hearingPausedDays: c.hearingPausedDays + paused });
  await addEvent(trx, c, actor, 'hearing_held', { heldOn: input.heldOn, summary: input.summary, pausedDays: paused });
  await auditCase(deps, trx, actor, c, 'hearing_held', { pausedDays: paused });
}

function proposedPenaltyText(c: CaseRow): string {
  const p = c.proposal as { fine: number; measures: { confiscate: boolean; demolish: boolean; restore: boolean } } | null;
  return p ? penaltyText({ fine: p.fine, ...p.measures, other: null }, c.violationKind) : '—';
}

export interface DecideInput { penalty: Penalty; legalBasis: string; departureReason: string | null }

/**
 * What 没收 takes depends on the violation: the buildings on illegally occupied land (土地管理法
 * 第七十七条), the illegal gains of a transfer (第七十四条), the minerals and gains of illegal or
 * cross-boundary mining (矿产资源法 第三十九、四十条).
 */
const CONFISCATED: Record<string, string> = {
  illegal_transfer: '没收违法所得',
  illegal_mining: '没收采出的矿产品和违法所得',
  cross_boundary_mining: '没收越界开采的矿产品和违法所得',
};
const MINING = new Set(['illegal_mining', 'cross_boundary_mining']);

function penaltyText(p: Penalty, violationKind: string | null): string {
  const kind = violationKind ?? '';
  const parts: string[] = [];
  if (p.fine > 0) parts.push(`罚款人民币 ${p.fine.toFixed(2)} 元`);
  if (p.confiscate) parts.push(CONFISCATED[kind] ?? '没收非法占用土地上新建的建筑物和其他设施');
  if (p.demolish) parts.push(kind === 'villager_house' ? '限期拆除在非法占用的土地上新建的房屋' : '限期拆除非法占用土地上新建的建筑物和其他设施');
  if (p.restore) parts.push(MINING.has(kind) ? '恢复被破坏的土地原状' : '退还非法占用的土地，恢复土地原状');
  if (p.other) parts.push(p.other);
  return parts.join('；') || '—';
}

/** 处罚决定 (leader): within the band, or outside it with a reason the legal review signed off. */
export async function decide(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: DecideInput & V) {
  const c = await lockCase(trx, id, ['notified'], { version: input.version, action: 'decide' });
  const today = todayOf(deps);
  if (c.defenceDueDate && today <= c.defenceDueDate && !c.defenceText) {
    throw new AppError('enforcement.defence_period_running', `case ${c.caseNo}: the party may state a defence until ${c.defenceDueDate}; record it or wait`, { status: c.status });
  }
  const proposal = c.proposal as { calculation: Proposal } | null;
  if (!proposal || !c.partyKind || !c.partyName) throw new AppError('enforcement.records_missing', `case ${c.caseNo} has no penalty proposal`, { status: c.status });
  const outside = !insideBand(proposal.calculation, input.penalty.fine);
  const reason = input.departureReason?.trim() || c.departureReason;
  if (outside && !reason) {
    throw new AppError('enforcement.penalty_outside_band', `penalty.fine: ${input.penalty.fine} 元 is outside the band ${proposal.calculation.range.min}–${proposal.calculation.range.max} 元; a departure needs its reason (departureReason)`, { field: 'departureReason', range: proposal.calculation.range });
  }
  if (outside && !c.reviewDepartureApproved) {
    throw new AppError('enforcement.departure_needs_review', `case ${c.caseNo}: a penalty outside the band needs the legal review's sign-off (案件审理)`, { field: 'penalty.fine' });
  }
  const t = await thresholds(trx, c, c.partyKind, input.penalty.fine, input.penalty, outside);
  if (t.reviewRequired && !c.reviewedAt) {
    throw new AppError('enforcement.legal_review_required', `case ${c.caseNo}: this penalty is above the thresholds; the legal review (法制审核) cannot be skipped`, { field: 'penalty' });
  }
  const s = await settingsFor(trx, c.orgPathText);
  const decision = await issueCaseDocument(deps, trx, actor, c, 'decision', { penalty: input.penalty, penaltyText: penaltyText(input.penalty, c.violationKind), legalBasis: input.legalBasis });
  const disclosureDue = await dueDateOf(deps, today, s.disclosureDays);
  const stage = await moveStage(deps, trx, c, 'execution');
  await updateCase(trx, c.id, {
    status: 'decided', decidedBy: actor.userId, decidedAt: nowOf(deps), decidedOn: today, penalty: JSON.stringify(input.penalty), legalBasis: input.legalBasis,
    fineAmount: input.penalty.fine, departureReason: outside ? reason : null, disclosureDueDate: disclosureDue, ...stage,
  });
  const authority = await trx.selectFrom('orgs.org_units').select('name').where('id', '=', c.orgUnitId).executeTakeFirstOrThrow();
  // 双公示: published in the deciding transaction — well within the limit; a person masked, never an ID number or address.
  const pub = {
    caseNo: c.caseNo, partyKind: c.partyKind, partyName: publicApplicantName(c.partyKind, c.partyName), facts: c.summary.slice(0, 500),
    legalBasis: input.legalBasis, penalty: penaltyText(input.penalty, c.violationKind), authority: authority.name, decidedOn: today, documentNo: decision.docNo,
  };
  await trx.insertInto('enforcement.disclosures').values({ caseId: c.id, orgPath: c.orgPathText, ...pub }).execute();
  if (deps.publish) await deps.publish(trx, 'enforcement.penalty_decision', { ...pub, documentSha256: decision.sha256 });
  await addEvent(trx, c, actor, 'decided', { fine: input.penalty.fine, departure: outside, documentNo: decision.docNo });
  await auditCase(deps, trx, actor, c, 'decided', { fine: input.penalty.fine, departure: outside, documentNo: decision.docNo });
  return { documentNo: decision.docNo, documentId: decision.id };
}

export interface ExecutionInput { finePaid: number; demolishedM2: number; landReturnedM2: number; confiscated: boolean; note: string; files: string[]; complete: boolean }

/** 执行: what was done, with its evidence (receipts, photos). */
export async function recordExecution(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: ExecutionInput & V) {
  const c = await lockCase(trx, id, ['decided', 'executing'], { version: input.version, action: 'record the execution of' });
  const files = [...new Set(input.files)];
  if (!files.length) throw invalid('files', 'execution is recorded with its evidence (缴款凭证, 拆除/复耕照片)', '登记执行情况须附证明材料（缴款凭证、拆除/复耕照片）');
  await checkFiles(deps, trx, files, 'files');
  const r = await trx.insertInto('enforcement.records').values({
    caseId: c.id, orgPath: c.orgPathText, kind: 'execution', recordedOn: todayOf(deps), title: '执行情况', content: input.note,
    values: JSON.stringify({ finePaid: input.finePaid, demolishedM2: input.demolishedM2, landReturnedM2: input.landReturnedM2, confiscated: input.confiscated }), files, createdBy: actor.userId,
  }).returning('id').executeTakeFirstOrThrow();
  const stage = input.complete ? await moveStage(deps, trx, c, 'closing') : {};
  await updateCase(trx, c.id, {
    status: 'executing', finePaid: Number(c.finePaid) + input.finePaid, demolishedM2: Number(c.demolishedM2) + input.demolishedM2,
    landReturnedM2: Number(c.landReturnedM2) + input.landReturnedM2, confiscated: c.confiscated || input.confiscated, ...stage,
  });
  await addEvent(trx, c, actor, 'executed', { recordId: r.id, finePaid: input.finePaid, demolishedM2: input.demolishedM2, landReturnedM2: input.landReturnedM2, confiscated: input.confiscated, complete: input.complete });
  await auditCase(deps, trx, actor, c, 'executed', { recordId: r.id, finePaid: input.finePaid });
}

/** 申请人民法院强制执行. */
export async function applyToCourt(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: { appliedOn: string; court: string } & V) {
  const c = await lockCase(trx, id, ['decided', 'executing'], { version: input.version, action: 'apply to the court for' });
  if (input.appliedOn > todayOf(deps)) throw invalid('appliedOn', 'cannot be in the future', '不能晚于今天');
  await updateCase(trx, c.id, { status: 'executing', courtAppliedOn: input.appliedOn });
  await addEvent(trx, c, actor, 'court_applied', { appliedOn: input.appliedOn, court: input.court });
  await auditCase(deps, trx, actor, c, 'court_applied', { court: input.court });
}

/** 结案 (leader): only with execution evidence; the reporters of tip-off sources get the outcome. */
export async function close(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: { note: string } & V) {
  const c = await lockCase(trx, id, ['decided', 'executing'], { version: input.version, action: 'close' });
  const ev = await trx.selectFrom('enforcement.records').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('caseId', '=', c.id).where('kind', '=', 'execution').where(sql<boolean>`cardinality(files) > 0`).executeTakeFirstOrThrow();
  if (Number(ev.n) === 0) throw new AppError('enforcement.close_needs_execution_evidence', `case ${c.caseNo} has no execution evidence (执行凭证) yet`, { status: c.status });
  const fine = Number(c.fineAmount ?? 0);
  if (fine > 0 && Number(c.finePaid) + 0.005 < fine && !c.courtAppliedOn) {
    throw new AppError('enforcement.close_needs_execution_evidence', `case ${c.caseNo}: the fine (${fine} 元) is not paid (${c.finePaid} 元) and no court application is recorded`, { status: c.status });
  }
  const doc = await issueCaseDocument(deps, trx, actor, c, 'closing_form', { note: input.note });
  const stage = await moveStage(deps, trx, c, null);
  await updateCase(trx, c.id, { status: 'closed', closedBy: actor.userId, closedAt: nowOf(deps), closeNote: input.note, ...stage });
  await addEvent(trx, c, actor, 'closed', { note: input.note, documentNo: doc.docNo });
  await auditCase(deps, trx, actor, c, 'closed', { documentNo: doc.docNo });
  const penalty = c.penalty ? penaltyText(c.penalty, c.violationKind) : '';
  await tellTipoffs(deps, trx, actor, c, `已作出行政处罚决定（${penalty}），执行完毕并结案`);
}

async function tellTipoffs(deps: EnforcementDeps, trx: Tx, actor: ActingUser, c: CaseRow, outcome: string) {
  if (!deps.tipoffOutcome) return;
  const srcs = await trx.selectFrom('enforcement.sources').select('sourceId').where('caseId', '=', c.id).where('kind', '=', 'tipoff').execute();
  for (const s of srcs) {
    const reportId = Number(s.sourceId);
    if (Number.isSafeInteger(reportId) && reportId > 0) await deps.tipoffOutcome(trx, actor, { reportId, caseNo: c.caseNo, outcome });
  }
}

/** 复议/诉讼 changed or withdrew the decision: the disclosure says so, with the reason. */
export async function changeDisclosure(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: { status: 'changed' | 'withdrawn'; reason: string } & V) {
  const c = await lockCase(trx, id, ['decided', 'executing', 'closed'], { version: input.version, action: 'change the disclosure of' });
  const d = await trx.updateTable('enforcement.disclosures').set({ status: input.status, statusReason: input.reason, statusChangedAt: nowOf(deps) })
    .where('caseId', '=', c.id).returning('id').executeTakeFirst();
  if (!d) throw new AppError('enforcement.case_wrong_state', `case ${c.caseNo} has no published decision`, { status: c.status });
  await updateCase(trx, c.id, {});
  if (deps.publish) await deps.publish(trx, 'enforcement.penalty_decision_changed', { caseNo: c.caseNo, status: input.status, reason: input.reason });
  await addEvent(trx, c, actor, 'disclosure_changed', { status: input.status, reason: input.reason });
  await auditCase(deps, trx, actor, c, 'disclosure_changed', { status: input.status });
}
