/**
 * What staff and reporters see of a report. Handler views never carry reporter identity; it is
 * read only on request by `tipoffs.reporter.read`, and every such read is audited.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  DISPOSAL_OUTCOMES, REFUSAL_REASONS, STATUSES, VIOLATION_TYPES,
  type ListQuery, type ReportSummary, type ReportView, type TrackView,
} from './tipoffs.schemas.ts';
import { asSystem, contextOf, type ActingUser, type TipoffsDeps } from './tipoffs.deps.ts';
import { closeChecklist, DISPUTE_DAYS } from './ledger.ts';
import type { ReportsTable, StageKey } from './tipoffs.tables.ts';
import type { Selectable } from 'kysely';

export const STAGE_NAMES: Record<StageKey, string> = {
  triage: '判定', assign: '转办/交办', verify: '核查', dispose: '处置', feedback: '反馈', close: '销号',
};

type Row = Selectable<ReportsTable> & { orgPathText: string; divisionName: string | null };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function baseQuery(trx: Tx) {
  return trx.selectFrom('tipoffs.reports as r').leftJoin('orgs.divisions as d', 'd.code', 'r.divisionCode')
    .selectAll('r').select([sql<string>`r.org_path::text`.as('orgPathText'), 'd.name as divisionName']);
}

/** Checks whether a computed date is provisional (预计), from a calendar snapshot. */
export type ProvisionalCheck = { isProvisional(date: string): boolean };

/** A stage due date computed by the calendar in a year not declared yet; a 交办 date set by a person never is. */
function stageDueProvisional(r: Pick<Row, 'stageDueDate' | 'assignMode' | 'assignDueDate'>, cal: ProvisionalCheck): boolean {
  if (!r.stageDueDate) return false;
  if (r.assignMode === 'assign' && r.stageDueDate === r.assignDueDate) return false;
  return cal.isProvisional(r.stageDueDate);
}

function summary(r: Row, dupCount: number, cal: ProvisionalCheck): ReportSummary {
  return {
    id: r.id, reportNo: r.reportNo, channel: r.channel as ReportSummary['channel'], violationType: r.violationType as ReportSummary['violationType'],
    status: r.status, divisionCode: r.divisionCode, divisionName: r.divisionName ?? r.divisionCode, address: r.address, lon: r.lon, lat: r.lat, placePending: r.placePending,
    party: r.party, receivedAt: r.receivedAt.toISOString(), stage: r.stage, stageDueDate: r.stageDueDate, warnLevel: r.warnLevel,
    stageDueDateProvisional: stageDueProvisional(r, cal),
    assignedCountyCode: r.countyCode, duplicateCandidates: dupCount, version: r.rowVersion,
  };
}

/**
 * The code prefix of a division and everything in it (GB/T 2260: 52 province, 5203 city,
 * 520304 county, 520304102 township). A prefix match has real statistics, unlike ltree's `<@`.
 */
export function divisionPrefix(code: string): string {
  if (code.length === 6 && code.endsWith('0000')) return code.slice(0, 2);
  if (code.length === 6 && code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** [from, to) of the division codes in a division: all digits, so a plain btree range. */
export function divisionRange(code: string): [string, string] {
  const p = divisionPrefix(code);
  return [p, String(Number(p) + 1).padStart(p.length, '0')];
}

export async function listReports(trx: Tx, q: ListQuery, cal: ProvisionalCheck) {
  // A page of 50 rows: parallel workers cost more to start than they save.
  await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
  let query = baseQuery(trx).orderBy('r.id', 'desc').limit(q.limit + 1);
  if (q.status) query = query.where('r.status', '=', q.status);
  if (q.channel) query = query.where('r.channel', '=', q.channel);
  if (q.violationType) query = query.where('r.violationType', '=', q.violationType);
  if (q.warnLevel) query = query.where('r.warnLevel', '=', q.warnLevel);
  if (q.divisionCode) {
    const [lo, hi] = divisionRange(q.divisionCode);
    query = q.divisionCode.length === 9 ? query.where('r.divisionCode', '=', q.divisionCode) : query.where('r.divisionCode', '>=', lo).where('r.divisionCode', '<', hi);
  }
  if (q.from) query = query.where('r.receivedOn', '>=', q.from);
  if (q.to) query = query.where('r.receivedOn', '<=', q.to);
  if (q.before) query = query.where('r.id', '<', q.before);
  if (q.q && /^JB\d{6,}$/i.test(q.q.trim())) {
    // A report number: exact, on its unique index.
    query = query.where('r.reportNo', '=', q.q.trim().toUpperCase());
  } else if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) => eb.or([eb('r.address', 'like', like), eb('r.party', 'like', like)]));
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const dups = page.length
    ? await trx.selectFrom('tipoffs.duplicates').select(['reportId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'open').where('reportId', 'in', page.map((r) => r.id)).groupBy('reportId').execute()
    : [];
  const byId = new Map(dups.map((d) => [d.reportId, Number(d.n)]));
  return { items: page.map((r) => summary(r, byId.get(r.id) ?? 0, cal)), nextBefore: rows.length > q.limit ? page[page.length - 1]!.id : null };
}

export async function getReportRow(trx: Tx, id: number): Promise<Row> {
  const r = await baseQuery(trx).where('r.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('tipoffs.report_not_found', `report ${id} not found`, { field: 'id' });
  return r;
}

/**
 * The staff view. `revealReporter` (needs tipoffs.reporter.read, checked by the route) adds the
 * reporters of this report and of the reports merged into it, and audits the read.
 */
export async function reportView(deps: TipoffsDeps, trx: Tx, actor: ActingUser, id: number, opts: { revealReporter?: boolean; ip?: string } = {}): Promise<ReportView> {
  const r = await getReportRow(trx, id);
  const cal = await deps.calendar.snapshot();
  const canReadReporter = actor.permissions.has('tipoffs.reporter.read');
  const files = await trx.selectFrom('tipoffs.files').select(['fileId', 'name', 'mime', 'stage', 'createdAt']).where('reportId', '=', r.id).orderBy('id').execute();
  const stages = await trx.selectFrom('tipoffs.stages').selectAll().where('reportId', '=', r.id).orderBy('id').execute();
  const events = await trx.selectFrom('tipoffs.events').select(['at', 'kind', 'actorName', 'details']).where('reportId', '=', r.id).orderBy('id').execute();
  const merged = await trx.selectFrom('tipoffs.reports').select(['id', 'reportNo']).where('mergedIntoId', '=', r.id).orderBy('id').execute();
  const dups = await trx.selectFrom('tipoffs.duplicates as d')
    .innerJoin('tipoffs.reports as o', (j) => j.on(sql<boolean>`o.id = case when d.report_id = ${r.id} then d.candidate_id else d.report_id end`))
    .select(['d.id', 'o.id as otherId', 'o.reportNo as otherReportNo', 'd.distanceM', 'd.days', 'd.status'])
    .where((eb) => eb.or([eb('d.reportId', '=', r.id), eb('d.candidateId', '=', r.id)])).orderBy('d.id').execute();
  // How many reporters (not who): counted with the system scope, as the handling county cannot see the rows.
  const count = await asSystem(trx, contextOf(actor), () => trx.selectFrom('tipoffs.reporters').select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('reportId', '=', r.id), eb('reportId', 'in', merged.length ? merged.map((m) => m.id) : [-1])])).executeTakeFirstOrThrow());
  let reporters: ReportView['reporters'] = null;
  if (opts.revealReporter && canReadReporter) {
    const rows = await trx.selectFrom('tipoffs.reporters').selectAll()
      .where((eb) => eb.or([eb('reportId', '=', r.id), eb('reportId', 'in', merged.length ? merged.map((m) => m.id) : [-1])])).orderBy('id').execute();
    reporters = rows.map((p) => ({ id: p.id, reportId: p.reportId, anonymous: p.anonymous, name: p.name, phone: p.phone, email: p.email, idNumber: p.idNumber }));
    await deps.audit.record(trx, actor, {
      action: 'tipoffs.reporter.read', entityType: 'tipoffs.report', entityId: r.id, orgPath: r.intakeOrgPath,
      details: { reportNo: r.reportNo, reporterIds: rows.map((p) => p.id), fields: ['name', 'phone', 'email', 'idNumber'] }, ...(opts.ip ? { ip: opts.ip } : {}),
    });
  }
  const checklist = await closeChecklist(trx, r);
  return {
    ...summary(r, dups.filter((d) => d.status === 'open').length, cal),
    trackingCode: canReadReporter && opts.revealReporter ? r.trackingCode : null,
    facts: r.facts, channelRef: r.channelRef, intakeOrgPath: String(r.intakeOrgPath), orgPath: r.orgPathText,
    files: files.map((f) => ({ fileId: f.fileId, name: f.name, mime: f.mime, stage: f.stage, createdAt: f.createdAt.toISOString() })),
    reporters, reporterCount: Number(count.n),
    triage: r.triageDecision ? { decision: r.triageDecision, reason: r.refusalReason as keyof typeof REFUSAL_REASONS | null, redirect: r.refusalRedirect, note: r.triageNote, at: iso(r.triagedAt)! } : null,
    assignment: r.assignMode ? {
      mode: r.assignMode, countyCode: r.countyCode!, countyOrgPath: String(r.countyOrgPath), assignedByOrgPath: String(r.assignedByPath),
      dueDate: r.assignDueDate, instructions: r.assignInstructions, at: iso(r.assignedAt)!,
    } : null,
    verification: r.verifiedOn ? { verifiedOn: r.verifiedOn, findings: r.findings ?? '', violationFound: !!r.violationFound, at: iso(r.verifiedAt)! } : null,
    disposal: r.disposalOutcome ? { outcome: r.disposalOutcome, caseNo: r.disposalCaseNo, summary: r.disposalSummary ?? '', at: iso(r.disposedAt)! } : null,
    feedback: r.feedbackAt ? { text: r.feedbackText ?? '', at: r.feedbackAt.toISOString(), recipients: r.feedbackRecipients ?? 0 } : null,
    closedAt: iso(r.closedAt), mergedIntoId: r.mergedIntoId, mergedReports: merged, reopenCount: r.reopenCount,
    deadlines: stages.map((s) => ({
      stage: s.stage, startedOn: s.startedOn, dueDate: s.dueDate, limitDays: s.limitDays, level: s.level,
      dueDateProvisional: !!s.dueDate && !(r.assignMode === 'assign' && s.dueDate === r.assignDueDate) && cal.isProvisional(s.dueDate),
    })),
    duplicates: dups.map((d) => ({ proposalId: d.id, otherId: d.otherId, otherReportNo: d.otherReportNo, distanceM: d.distanceM, days: d.days, status: d.status })),
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actorName: e.actorName, details: e.details })),
    closeChecklist: { ...checklist, signOffOrgPath: checklist.signOffOrgPath ? String(checklist.signOffOrgPath) : null },
  };
}

const EVENT_TEXT: Record<string, (d: Record<string, unknown>) => string> = {
  received: () => '举报已接收',
  accepted: () => '经判定予以受理',
  refused: (d) => `经判定不予受理：${String(d.reasonName ?? '')}`,
  assigned: (d) => `已${d.mode === 'assign' ? '交办' : '转办'}至${String(d.county ?? '')}核查处理`,
  verified: () => '已完成现场核查',
  disposed: (d) => `已处置：${String(d.outcomeName ?? '')}`,
  feedback_given: () => '已反馈办理结果',
  closed: () => '已办结销号',
  reopened: () => '举报人对办理结果有异议，已重新办理',
  merged: (d) => `与同一线索合并办理（${String(d.into ?? '')}）`,
  case_outcome: (d) => `立案查处结果（${String(d.caseNo ?? '')}）：${String(d.outcome ?? '')}`,
};

/** The reporter's view by tracking code (system scope; the caller found the report by its code). */
export async function trackView(trx: Tx, trackingCode: string, now: Date): Promise<TrackView> {
  const own = await baseQuery(trx).where('r.trackingCode', '=', trackingCode).executeTakeFirst();
  if (!own) throw new AppError('tipoffs.tracking_not_found', 'no report with this tracking code', { field: 'trackingCode' });
  const target = own.mergedIntoId ? await getReportRow(trx, own.mergedIntoId) : own;
  const ids = own.mergedIntoId ? [own.id, target.id] : [own.id];
  const events = await trx.selectFrom('tipoffs.events').select(['at', 'kind', 'details', 'reportId']).where('reportId', 'in', ids).where('public', '=', true).orderBy('at').orderBy('id').execute();
  const type = VIOLATION_TYPES[own.violationType as keyof typeof VIOLATION_TYPES];
  const reason = own.refusalReason ? REFUSAL_REASONS[own.refusalReason as keyof typeof REFUSAL_REASONS] : null;
  const canDispute = (target.status === 'feedback_given' || target.status === 'closed') && !!target.feedbackAt
    && now.getTime() - target.feedbackAt.getTime() <= DISPUTE_DAYS * 86400_000;
  return {
    trackingCode: own.trackingCode, reportNo: own.reportNo, violationType: own.violationType as TrackView['violationType'],
    violationTypeName: type?.name ?? own.violationType, status: target.status, statusName: STATUSES[target.status],
    receivedAt: own.receivedAt.toISOString(),
    refusal: reason && own.refusalReason ? { reason: own.refusalReason as keyof typeof REFUSAL_REASONS, reasonName: reason.name, redirect: own.refusalRedirect ?? reason.redirect, note: own.triageNote } : null,
    mergedInto: own.mergedIntoId ? target.reportNo : null,
    feedback: target.feedbackAt && target.disposalOutcome ? {
      text: target.feedbackText ?? '', outcome: target.disposalOutcome, outcomeName: DISPOSAL_OUTCOMES[target.disposalOutcome],
      caseNo: target.disposalCaseNo, givenAt: target.feedbackAt.toISOString(),
    } : null,
    canDispute,
    events: events.filter((e) => e.reportId === own.id || e.kind !== 'received')
      .map((e) => ({ at: e.at.toISOString(), kind: e.kind, text: (EVENT_TEXT[e.kind] ?? (() => e.kind))(e.details) })),
  };
}

/** Report id by tracking code, or tracking_not_found. The merge target when merged. */
export async function reportIdForTracking(trx: Tx, trackingCode: string): Promise<number> {
  const r = await trx.selectFrom('tipoffs.reports').select(['id', 'mergedIntoId']).where('trackingCode', '=', trackingCode).executeTakeFirst();
  if (!r) throw new AppError('tipoffs.tracking_not_found', 'no report with this tracking code', { field: 'trackingCode' });
  return r.mergedIntoId ?? r.id;
}


/**
 * 我的办件: the real-name reports a public account filed while signed in, each as its tracking
 * page shows it (with the tracking code, which is the reporter's own). Read with the system scope
 * but only through the account link: anonymous reports are never linked (migration 0430).
 */
export async function myReports(trx: Tx, accountUserId: number, now: Date): Promise<TrackView[]> {
  const rows = await trx.selectFrom('tipoffs.reporters as p').innerJoin('tipoffs.reports as r', 'r.id', 'p.reportId')
    .select('r.trackingCode').where('p.accountUserId', '=', accountUserId).where('p.anonymous', '=', false)
    .orderBy('r.receivedAt', 'desc').orderBy('r.id', 'desc').limit(100).execute();
  const out: TrackView[] = [];
  for (const r of rows) out.push(await trackView(trx, r.trackingCode, now));
  return out;
}
