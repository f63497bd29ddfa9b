/**
 * Files (文件存储): bytes are checked while they stream in (size limit, real type) and stored
 * once per SHA-256; each upload is a row naming the content, its original name and the
 * uploader's scope, which row-level security uses to decide who may download it.
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import { AppError } from '../http/errors.ts';
import { LocalBlobStore, type BlobStore } from './blob-store.ts';
import { classify, DEFAULT_KINDS, type FileKind } from './file-types.ts';
import * as repo from './files.repo.ts';

export interface FileStoreDeps {
  db: Db;
  dataDir: string;
  /** Largest accepted upload in bytes (FILE_MAX_BYTES). */
  maxBytes: number;
  /** Defaults to the local content-addressed store under DATA_DIR/files. */
  blobs?: BlobStore;
}

export interface StoredContent {
  sha256: string;
  size: number;
  mime: string;
  kind: FileKind;
  /** The bytes were new; false when the same content was already stored. */
  created: boolean;
}

export interface Upload {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  name: string;
  declaredMime: string;
  uploadedBy: number | null;
  orgPath: string | null;
  createdAt: Date;
}

/** The name as the user knows it: no directories (old IE sends C:\fakepath\…), no control characters. */
export function cleanName(raw: string | undefined): string {
  // oxlint-disable-next-line no-control-regex -- removing control characters is the point
  const base = path.win32.basename(path.posix.basename(raw ?? '')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!base) throw new AppError('validation.failed', 'file: a file name is required', { field: 'file' });
  if (base.length > 255) throw new AppError('validation.failed', 'file: the file name is longer than 255 characters', { field: 'file' });
  return base;
}

export function createFileStore({ dataDir, maxBytes, blobs = new LocalBlobStore(path.join(dataDir, 'files')) }: FileStoreDeps) {
  return {
    maxBytes,
    blobs,

    /**
     * Streams the bytes in and stores them when their real type is allowed and matches the
     * declared type and the name's extension. Throws files.too_large, files.type_not_allowed
     * or files.type_mismatch having stored nothing.
     */
    async putContent(stream: Readable, input: { name: string; declaredMime: string; allow?: readonly FileKind[] }): Promise<StoredContent> {
      let kind: { kind: FileKind; mime: string } | undefined;
      const stored = await blobs.put(stream, {
        maxBytes,
        accept: async (staged) => {
          kind = await classify(staged.path, input.name, input.declaredMime, input.allow ?? DEFAULT_KINDS);
        },
      });
      return { ...stored, ...kind! };
    },

    /** Records an upload of stored content in the caller's transaction (RLS checks the scope). */
    async createUpload(trx: Tx, input: {
      content: StoredContent; name: string; declaredMime: string; uploadedBy: number | null; orgPath: string | null;
    }): Promise<Upload> {
      const { content } = input;
      await repo.insertObject(trx, { sha256: content.sha256, size: content.size, mime: content.mime });
      const row = await repo.insertUpload(trx, {
        sha256: content.sha256, originalName: input.name, declaredMime: input.declaredMime, detectedMime: content.mime,
        uploadedBy: input.uploadedBy, orgPath: input.orgPath,
      });
      return {
        id: row.id, sha256: content.sha256, size: content.size, mime: content.mime, name: input.name, declaredMime: input.declaredMime,
        uploadedBy: input.uploadedBy, orgPath: input.orgPath, createdAt: row.createdAt,
      };
    },

    /** The upload when the transaction's actor may see it, else files.not_found (out of scope looks like absent). */
    async getUpload(trx: Tx, id: string): Promise<Upload> {
      const r = await repo.findUpload(trx, id);
      if (!r) throw new AppError('files.not_found', `file ${id} not found`, { field: 'id' });
      return {
        id: r.id, sha256: r.sha256, size: Number(r.size), mime: r.detectedMime, name: r.originalName, declaredMime: r.declaredMime,
        uploadedBy: r.uploadedBy, orgPath: r.orgPath, createdAt: r.createdAt,
      };
    },

    /** The stored bytes; callers must have checked access through getUpload. */
    openContent: (sha256: string): Promise<Readable> => blobs.get(sha256),
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
