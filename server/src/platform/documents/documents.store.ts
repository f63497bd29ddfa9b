/**
 * Where the PDF bytes live, keyed by their SHA-256. A tiny interface so the registry can move
 * onto the platform file store (`platform/files`, S3 in production) without touching the service.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface DocumentBlobStore {
  /** Stores the bytes durably (returns after fsync); storing the same bytes twice is harmless. */
  put(sha256: string, bytes: Buffer): Promise<void>;
  /** The bytes, or undefined when missing. */
  find(sha256: string): Promise<Buffer | undefined>;
}

const SHA = /^[0-9a-f]{64}$/;

/** `DATA_DIR/documents/<sha256>.pdf`, written to a temporary name, fsynced and renamed. */
export function createDiskBlobStore(dataDir: string): DocumentBlobStore {
  const dir = path.join(dataDir, 'documents');
  const fileOf = (sha256: string) => {
    if (!SHA.test(sha256)) throw new Error(`invalid sha256 ${sha256}`);
    return path.join(dir, `${sha256}.pdf`);
  };
  return {
    async put(sha256, bytes) {
      const target = fileOf(sha256);
      await fs.mkdir(dir, { recursive: true });
      const tmp = `${target}.${crypto.randomBytes(6).toString('hex')}.tmp`;
      const fh = await fs.open(tmp, 'w', 0o640);
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.rename(tmp, target);
      const d = await fs.open(dir, 'r');
      try { await d.sync(); } finally { await d.close(); }
    },
    async find(sha256) {
      try {
        return await fs.readFile(fileOf(sha256));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
  };
}
