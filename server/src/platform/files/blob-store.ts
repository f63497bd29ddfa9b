/**
 * Content-addressed storage of file bytes. `LocalBlobStore` keeps them under
 * DATA_DIR/files/aa/bb/<sha256>; `S3BlobStore` (s3-blob-store.ts) keeps them in a bucket under
 * the same key, for several server processes (FILE_STORE_URL).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../http/errors.ts';

export interface StagedBlob {
  /** Local file holding the bytes while they are checked; gone after put() returns. */
  path: string;
  sha256: string;
  size: number;
}

export interface PutOptions {
  /** Reading stops and files.too_large is thrown past this many bytes; nothing is stored. */
  maxBytes: number;
  /** Sees the complete bytes before they are stored; throwing discards them. */
  accept?: (staged: StagedBlob) => Promise<void>;
}

export interface BlobStore {
  put(stream: Readable, opts: PutOptions): Promise<{ sha256: string; size: number; created: boolean }>;
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
}

export const SHA256 = /^[0-9a-f]{64}$/;

export class LocalBlobStore implements BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new AppError('files.not_found', 'not a SHA-256 key');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(stream: Readable, opts: PutOptions): Promise<{ sha256: string; size: number; created: boolean }> {
    const staged = await stageBlob(stream, path.join(this.root, 'tmp'), opts);
    try {
      const final = this.pathOf(staged.sha256);
      if (fs.existsSync(final)) {
        await fs.promises.rm(staged.path, { force: true });
        return { sha256: staged.sha256, size: staged.size, created: false };
      }
      await fs.promises.mkdir(path.dirname(final), { recursive: true });
      await fs.promises.rename(staged.path, final);
      await syncDir(path.dirname(final));
      return { sha256: staged.sha256, size: staged.size, created: true };
    } catch (e) {
      await fs.promises.rm(staged.path, { force: true });
      throw e;
    }
  }

  async get(sha256: string): Promise<Readable> {
    const p = this.pathOf(sha256);
    if (!(await this.has(sha256))) throw new AppError('files.not_found', `no stored content ${sha256}`);
    return fs.createReadStream(p);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.promises.access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Streams `stream` into a temporary file of `tmpDir` while hashing and counting it, then lets
 * `opts.accept` see it. The caller owns (and removes) the returned file; on any error it is gone.
 */
export async function stageBlob(stream: Readable, tmpDir: string, opts: PutOptions): Promise<StagedBlob> {
  await fs.promises.mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `${process.pid}-${crypto.randomUUID()}`);
  const hash = crypto.createHash('sha256');
  let size = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > opts.maxBytes) {
        done(new AppError('files.too_large', `file: larger than ${opts.maxBytes} bytes`, { field: 'file', maxBytes: opts.maxBytes }));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    // flush: fsync before close, so a renamed file is never empty after a crash.
    await pipeline(stream, limiter, fs.createWriteStream(tmp, { flags: 'wx', mode: 0o640, flush: true }));
    const staged = { path: tmp, sha256: hash.digest('hex'), size };
    if (opts.accept) await opts.accept(staged);
    return staged;
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

/** Makes a rename durable: the directory entry itself is flushed. */
async function syncDir(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
