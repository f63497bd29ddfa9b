/**
 * Moves a single-machine install's files into a bucket: every blob of the local store
 * (DATA_DIR/files/aa/bb/<sha256>) is hashed (a file whose bytes no longer match its name is
 * reported, not copied), copied when the bucket lacks it, then read back from the bucket and
 * hashed again. Safe to run again: what is already there is only checked.
 *
 *   DATA_DIR=/srv/sunland FILE_STORE_URL=s3://bucket/prefix S3_ENDPOINT=… npm run files:copy-to-bucket
 *
 * Exits 1 when any blob could not be copied or checked.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { SHA256 } from './blob-store.ts';
import type { S3BlobStore } from './s3-blob-store.ts';

export interface CopyReport {
  copied: number;
  alreadyThere: number;
  verified: number;
  failed: { sha256: string; reason: string }[];
}

async function hashOf(stream: Readable): Promise<{ sha256: string; size: number }> {
  const h = crypto.createHash('sha256');
  let size = 0;
  for await (const c of stream) { h.update(c as Buffer); size += (c as Buffer).length; }
  return { sha256: h.digest('hex'), size };
}

/** Every `<root>/aa/bb/<sha256>` file, in name order. */
function* localBlobs(root: string): Generator<{ sha256: string; file: string }> {
  if (!fs.existsSync(root)) return;
  for (const a of fs.readdirSync(root).filter((x) => /^[0-9a-f]{2}$/.test(x)).sort()) {
    for (const b of fs.readdirSync(path.join(root, a)).filter((x) => /^[0-9a-f]{2}$/.test(x)).sort()) {
      for (const name of fs.readdirSync(path.join(root, a, b)).sort()) {
        if (SHA256.test(name) && name.startsWith(a + b)) yield { sha256: name, file: path.join(root, a, b, name) };
      }
    }
  }
}

export async function copyLocalStoreToBucket(localRoot: string, bucket: S3BlobStore, log: (line: string) => void = () => {}): Promise<CopyReport> {
  const report: CopyReport = { copied: 0, alreadyThere: 0, verified: 0, failed: [] };
  for (const { sha256, file } of localBlobs(localRoot)) {
    try {
      const local = await hashOf(fs.createReadStream(file));
      if (local.sha256 !== sha256) {
        report.failed.push({ sha256, reason: `local file is damaged (its bytes hash to ${local.sha256})` });
        log(`DAMAGED ${sha256}`);
        continue;
      }
      const size = await bucket.sizeOf(sha256);
      if (size === local.size) report.alreadyThere++;
      else {
        const put = await bucket.put(fs.createReadStream(file), { maxBytes: Number.MAX_SAFE_INTEGER });
        // put() skips a key that exists: a wrong-sized object there is reported by the read-back check.
        if (put.created) report.copied++;
      }
      const back = await hashOf(await bucket.get(sha256));
      if (back.sha256 !== sha256 || back.size !== local.size) {
        report.failed.push({ sha256, reason: `the bucket's copy hashes to ${back.sha256} (${back.size} bytes)` });
        log(`MISMATCH ${sha256}`);
        continue;
      }
      report.verified++;
    } catch (e) {
      report.failed.push({ sha256, reason: (e as Error).message });
      log(`FAILED ${sha256}: ${(e as Error).message}`);
    }
  }
  return report;
}

if (process.argv[1] === import.meta.filename) {
  const { loadEnv } = await import('../../env.ts');
  const { S3BlobStore: Store, blobStoreFromEnv } = await import('./s3-blob-store.ts');
  const env = loadEnv();
  if (!env.FILE_STORE_URL) {
    process.stderr.write('FILE_STORE_URL: set it to the target bucket (s3://bucket/prefix)\n');
    process.exit(2);
  }
  const store = blobStoreFromEnv(env);
  if (!(store instanceof Store)) process.exit(2);
  const r = await copyLocalStoreToBucket(path.join(env.dataDir, 'files'), store, (l) => process.stdout.write(`${l}\n`));
  process.stdout.write(`copied ${r.copied}, already there ${r.alreadyThere}, verified ${r.verified}, failed ${r.failed.length}\n`);
  for (const f of r.failed) process.stdout.write(`  ${f.sha256}: ${f.reason}\n`);
  process.exit(r.failed.length ? 1 : 0);
}
