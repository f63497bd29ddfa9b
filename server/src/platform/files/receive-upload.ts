/**
 * One multipart upload (field `file`) taken from a request: type-checked against its bytes,
 * stored, recorded as an upload and audited in one transaction. The platform's /api/files and
 * the modules' public upload routes differ only in the options.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import { withContext, type DbContext } from '../db/context.ts';
import { AppError } from '../http/errors.ts';
import type { AuditActor, AuditService } from '../audit/index.ts';
import { cleanName, type FileStore, type Upload } from './files.service.ts';
import type { FileKind } from './file-types.ts';

export interface ReceiveUploadOptions {
  /** RLS context of the transaction that records the upload. */
  context: DbContext;
  /** Who the audit names; null for an anonymous citizen. */
  actor: AuditActor | null;
  uploadedBy: number | null;
  /** Scope the upload belongs to; null for an applicant's own upload. */
  orgPath: string | null;
  /** Scope of the audit entry; defaults to the upload's. */
  auditOrgPath?: string | null;
  /** Allowed kinds; the store's defaults when unset. */
  allow?: readonly FileKind[];
  /** What the file is for, written into the audit entry. */
  purpose?: string;
}

export async function receiveUpload(
  req: FastifyRequest, deps: { db: Db; files: FileStore; audit: AuditService }, o: ReceiveUploadOptions,
): Promise<Upload> {
  if (!req.isMultipart()) {
    throw new AppError('request.unsupported_media_type', 'body: send multipart/form-data with the file in the field `file`', { field: 'body' });
  }
  const part = await req.file();
  if (!part) throw new AppError('validation.failed', 'file: required', { field: 'file' });
  if (part.fieldname !== 'file') {
    part.file.resume();
    throw new AppError('validation.failed', `${part.fieldname}: unknown field; send the file as \`file\``, { field: part.fieldname });
  }
  const name = cleanName(part.filename);
  const declaredMime = part.mimetype ?? '';
  const content = await deps.files.putContent(part.file, { name, declaredMime, ...(o.allow ? { allow: o.allow } : {}) });
  return withContext(deps.db, o.context, async (trx) => {
    const u = await deps.files.createUpload(trx, { content, name, declaredMime, uploadedBy: o.uploadedBy, orgPath: o.orgPath });
    await deps.audit.record(trx, o.actor, {
      action: 'files.upload.created', entityType: 'file_upload', entityId: u.id,
      orgPath: o.auditOrgPath === undefined ? u.orgPath : o.auditOrgPath,
      details: { sha256: u.sha256, size: u.size, mime: u.mime, name: u.name, newContent: content.created, ...(o.purpose ? { purpose: o.purpose } : {}) },
      ip: req.ip,
    });
    return u;
  });
}
