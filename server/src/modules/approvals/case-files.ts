/**
 * What other modules may ask of a case, through approvals/index.ts (the service object): find a
 * case the actor sees, read the latest upload of one of its materials, and file a document
 * another module produced (with its case event) — so that no module reads approvals tables or
 * calls its internals directly. The map module's red-line overlay is the first caller.
 */
import type { Readable } from 'node:stream';
import { withContext, type Tx } from '../../platform/db/context.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { DocumentBody, DocumentKind, IssuedDocument } from '../../platform/documents/index.ts';
import { addEvent, issueCaseDocument, type ApprovalsDeps } from './approvals.deps.ts';

/** A case as other modules see it. */
export interface CaseRef {
  id: number;
  caseNo: string;
  orgPath: string;
  orgUnitId: number;
  applicantUserId: number | null;
}

/** The latest upload of a material: its type and bytes. */
export interface MaterialFile {
  mime: string;
  bytes: Buffer;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function findRef(trx: Tx, caseNo: string): Promise<CaseRef | undefined> {
  return trx.selectFrom('approvals.cases').select(['id', 'caseNo', 'orgPath', 'orgUnitId', 'applicantUserId'])
    .where('caseNo', '=', caseNo).executeTakeFirst();
}

/** The case, looked up with the actor's scope (RLS); approvals.case_not_found otherwise. */
export async function findCaseRef(deps: ApprovalsDeps, actor: Actor, caseNo: string): Promise<CaseRef> {
  const c = await withContext(deps.db, actorContext(actor), (trx) => findRef(trx, caseNo));
  if (!c) throw new AppError('approvals.case_not_found', `case ${caseNo} not found`, { field: 'caseNo' });
  return c;
}

/**
 * The latest upload of `materialKey` on a case the actor sees (newest round first), or null when
 * none was uploaded. The file, which the applicant may have uploaded, is read as the staff routes
 * read it: with the case's subtree and the applicant as the context.
 */
export async function latestMaterialFile(deps: ApprovalsDeps, actor: Actor, caseNo: string, materialKey: string): Promise<MaterialFile | null> {
  const found = await withContext(deps.db, actorContext(actor), async (trx) => {
    const c = await findRef(trx, caseNo);
    if (!c) throw new AppError('approvals.case_not_found', `case ${caseNo} not found`, { field: 'caseNo' });
    const m = await trx.selectFrom('approvals.case_materials').select(['fileId']).where('caseId', '=', c.id)
      .where('materialKey', '=', materialKey).orderBy('round', 'desc').orderBy('id', 'desc').executeTakeFirst();
    return m ? { c, fileId: m.fileId } : null;
  });
  if (!found) return null;
  const upload = await withContext(deps.db, { userId: found.c.applicantUserId ?? null, scopes: [found.c.orgPath] },
    (trx) => deps.files.getUpload(trx, found.fileId));
  return { mime: upload.mime, bytes: await bytesOf(await deps.files.openContent(upload.sha256)) };
}

export interface AttachDocument {
  kind: DocumentKind;
  body: DocumentBody;
  /** The case event recorded with it (办理过程), with the document's id and number added to its details. */
  event: { kind: string; details?: Record<string, unknown>; public?: boolean };
  /** More work of the caller in the same transaction (its own audit entry). */
  also?: (trx: Tx, doc: IssuedDocument) => Promise<void>;
}

/** Issues a document produced by another module on a case the actor sees, with its case event, in one transaction. */
export function attachCaseDocument(deps: ApprovalsDeps, actor: Actor, c: CaseRef, a: AttachDocument) {
  return withContext(deps.db, actorContext(actor), async (trx) => {
    const d = await issueCaseDocument(deps, trx, actor, c, a.kind, a.body);
    await addEvent(trx, c, actor, a.event.kind, { documentId: d.id, docNo: d.docNo, ...a.event.details }, a.event.public ?? false);
    if (a.also) await a.also(trx, d);
    return d;
  });
}
