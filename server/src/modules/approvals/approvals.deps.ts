/**
 * What the approvals use cases are given: the platform services they call, a clock, and the
 * small shared steps every transition takes (lock the case, record the event, issue a document,
 * send the SMS). Services never see HTTP.
 */
import { sql, type Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { CalendarService } from '../../platform/calendar/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { NotifyService } from '../../platform/notify/index.ts';
import type { DocumentService, DocumentKind, DocumentBody } from '../../platform/documents/index.ts';
import type { IdentityService } from '../../platform/identity/index.ts';
import type { OrgsService } from '../../platform/orgs/index.ts';
import type { Publisher } from '../transparency/index.ts';
import type { SerialSide } from '../../platform/exchange/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { CaseStatus, CasesTable } from './approvals.tables.ts';
import { chinaDay } from './deadlines.ts';
import type { ActingUser } from '../../platform/http/actor.ts';

export interface ApprovalsDeps {
  db: Db;
  audit: AuditService;
  calendar: CalendarService;
  files: FileStore;
  notify: NotifyService;
  documents: DocumentService;
  orgs: OrgsService;
  /** The verified identity of a public account: an online application is made in its name. */
  identity: Pick<IdentityService, 'verifiedIdentity'>;
  /** Publishes to the transparency log (阳光日志) inside the deciding transaction; absent = not logged. */
  publish?: Publisher;
  /** The clock; tests move it. */
  now?: () => Date;
  /** SITE_ROLE: with two sites each numbers cases from its own serials (platform/exchange numbering.ts); default all. */
  siteRole?: SerialSide;
}

/** Who acts (the platform's ActingUser): a request's Actor fits; null for system jobs and the public. */
export type { ActingUser };

export type CaseRow = Awaited<ReturnType<typeof findCaseForUpdate>> & {};

export function nowOf(deps: ApprovalsDeps): Date {
  return deps.now ? deps.now() : new Date();
}
export function todayOf(deps: ApprovalsDeps): string {
  return chinaDay(nowOf(deps));
}

export function findCaseForUpdate(trx: Tx, caseNo: string) {
  return trx.selectFrom('approvals.cases').selectAll().where('caseNo', '=', caseNo).forUpdate().executeTakeFirst();
}

/**
 * Locks the case row (RLS applies: out of scope reads as absent) and checks its state and,
 * when the client sent one, its version. The loser of two simultaneous actions waits on the
 * lock and then fails here, so two transitions never both succeed.
 */
export async function lockCase(
  trx: Tx, caseNo: string, allowed: readonly CaseStatus[], opts: { version?: number | undefined; code?: 'approvals.case_not_acceptable' | 'approvals.case_wrong_state'; action: string },
) {
  const c = await findCaseForUpdate(trx, caseNo);
  if (!c) throw new AppError('approvals.case_not_found', `case ${caseNo} not found`, { field: 'caseNo' });
  if (opts.version !== undefined && opts.version !== c.rowVersion) {
    throw new AppError('approvals.case_state_changed', `case ${caseNo} changed meanwhile (version ${c.rowVersion}, you had ${opts.version}); reload it`, { status: c.status, version: c.rowVersion });
  }
  if (!allowed.includes(c.status)) {
    throw new AppError(opts.code ?? 'approvals.case_wrong_state', `cannot ${opts.action} case ${caseNo} in status ${c.status}`, { status: c.status, version: c.rowVersion });
  }
  return c;
}

/** Applies a change and bumps the version. */
export async function updateCase(trx: Tx, c: { id: number }, patch: Omit<Updateable<CasesTable>, 'id' | 'rowVersion'>) {
  return trx.updateTable('approvals.cases')
    .set({ ...patch, rowVersion: sql`row_version + 1`, updatedAt: sql`now()` } as never)
    .where('id', '=', c.id).returningAll().executeTakeFirstOrThrow();
}

export async function addEvent(
  trx: Tx, c: { id: number; orgPath: string; applicantUserId: number | null }, actor: ActingUser | null,
  kind: string, details: Record<string, unknown> = {}, isPublic = true,
) {
  await trx.insertInto('approvals.case_events').values({
    caseId: c.id, orgPath: c.orgPath, applicantUserId: c.applicantUserId, kind,
    actorUserId: actor?.userId ?? null, actorName: actor?.displayName ?? (actor ? actor.username : '系统'),
    public: isPublic, details: JSON.stringify(details),
  }).execute();
}

export async function auditCase(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser | null, c: { id: number; caseNo: string; orgPath: string }, action: string, details: Record<string, unknown> = {},
) {
  await deps.audit.record(trx, actor, { action: `approvals.case.${action}`, entityType: 'approvals.case', entityId: c.id, orgPath: c.orgPath, details: { caseNo: c.caseNo, ...details } });
}

/** Issues a document for the case and links it; the unit is the actor's, else the handling bureau. */
export async function issueCaseDocument(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser | null, c: CaseDocumentSubject, kind: DocumentKind, body: DocumentBody, title?: string,
) {
  const [doc] = await issueCaseDocuments(deps, trx, actor, c, [{ kind, body, ...(title ? { title } : {}) }]);
  return doc!;
}

type CaseDocumentSubject = { id: number; caseNo: string; orgPath: string; orgUnitId: number; applicantUserId: number | null };

/**
 * The single call into the documents platform: numbering, PDF with QR, registry and audit.
 * Several documents of one transition (decision and licence) go together, so each is rendered
 * before the transaction takes the audit chain head (documents.issueAll).
 */
export async function issueCaseDocuments(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser | null, c: CaseDocumentSubject, docs: readonly { kind: DocumentKind; body: DocumentBody; title?: string }[],
) {
  const orgUnitId = actor?.orgUnitId ?? c.orgUnitId;
  const issued = await deps.documents.issueAll(trx, actor, docs.map((d) => ({
    kind: d.kind, ...(d.title ? { title: d.title } : {}), orgUnitId, subject: { type: 'approvals.case', id: c.caseNo }, body: d.body, issuedAt: nowOf(deps),
  })));
  for (const [i, doc] of issued.entries()) {
    await trx.insertInto('approvals.case_documents').values({
      caseId: c.id, orgPath: c.orgPath, applicantUserId: c.applicantUserId, documentId: doc.id, kind: docs[i]!.kind, docNo: doc.docNo,
    }).execute();
  }
  return issued;
}

/** Queues an SMS to the applicant through the outbox; a bad number must not undo the transition. */
export async function smsApplicant(deps: ApprovalsDeps, trx: Tx, c: { applicantPhone: string; caseNo: string }, text: string, key: string) {
  await deps.notify.enqueue(trx, { channel: 'sms', to: c.applicantPhone, body: `【阳光国土】${text}`, dedupeKey: `approvals:${c.caseNo}:${key}` });
}

export async function matterVersionOf(trx: Tx | Db, versionId: number) {
  const v = await trx.selectFrom('approvals.matter_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
  if (!v) throw new AppError('approvals.matter_not_found', `matter version ${versionId} not found`);
  return v;
}
