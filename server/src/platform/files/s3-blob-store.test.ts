import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startTestS3 } from '../../../test/s3-server.ts';
import { LocalBlobStore } from './blob-store.ts';
import { S3BlobStore, blobStoreFromEnv, parseS3Url } from './s3-blob-store.ts';
import { copyLocalStoreToBucket } from './copy-to-bucket.ts';
import { loadEnv } from '../../env.ts';

const s3 = await startTestS3('sunland-files', 'county/files');
const stagingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-stage-'));
const store = new S3BlobStore({
  url: s3.env.FILE_STORE_URL!, endpoint: s3.endpoint, region: 'us-east-1',
  accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, stagingDir,
});

/** A stream of `n` pseudo-random bytes in 64 KiB chunks, never one buffer. */
function randomStream(n: number, seed: string): { stream: Readable; sha256: string } {
  const hash = crypto.createHash('sha256');
  const chunks: Buffer[] = [];
  let left = n;
  let i = 0;
  while (left > 0) {
    const c = crypto.createHash('sha512').update(`${seed}:${i++}`).digest();
    const part = Buffer.alloc(Math.min(left, 64 * 1024));
    for (let o = 0; o < part.length; o += c.length) c.copy(part, o);
    chunks.push(part);
    hash.update(part);
    left -= part.length;
  }
  return { stream: Readable.from(chunks), sha256: hash.digest('hex') };
}

async function collect(r: Readable): Promise<{ sha256: string; size: number; chunks: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  let chunks = 0;
  for await (const c of r) { hash.update(c as Buffer); size += (c as Buffer).length; chunks++; }
  return { sha256: hash.digest('hex'), size, chunks };
}

async function keys(): Promise<string[]> {
  const out = await store.client.send(new ListObjectsV2Command({ Bucket: 'sunland-files' }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

describe('S3BlobStore on an S3-compatible server (s3rver)', () => {
  it('stores a file under its SHA-256 key below the prefix, multipart, and streams it back', async () => {
    // 9 MiB: past the 8 MiB part size, so the upload is multipart.
    const { stream, sha256 } = randomStream(9 * 1024 * 1024, 'big');
    const put = await store.put(stream, { maxBytes: 10 * 1024 * 1024 });
    assert.deepEqual(put, { sha256, size: 9 * 1024 * 1024, created: true });
    assert.ok((await keys()).includes(`county/files/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`));
    assert.equal(await store.has(sha256), true);
    const got = await collect(await store.get(sha256));
    assert.equal(got.sha256, sha256);
    assert.equal(got.size, 9 * 1024 * 1024);
    assert.ok(got.chunks > 1, 'the body arrives as a stream of chunks');
    assert.deepEqual(fs.readdirSync(stagingDir), [], 'the staged copy is removed');
  });

  it('keeps the same content once', async () => {
    const a = await store.put(Readable.from([Buffer.from('宗地图 v1')]), { maxBytes: 1024 });
    const before = await keys();
    const b = await store.put(Readable.from([Buffer.from('宗地'), Buffer.from('图 v1')]), { maxBytes: 1024 });
    assert.equal(a.created, true);
    assert.deepEqual(b, { sha256: a.sha256, size: a.size, created: false });
    assert.deepEqual(await keys(), before);
  });

  it('stores nothing past maxBytes or when accept() refuses', async () => {
    const before = await keys();
    await assert.rejects(store.put(randomStream(5000, 'x').stream, { maxBytes: 4096 }), { code: 'files.too_large' });
    await assert.rejects(
      store.put(Readable.from([Buffer.from('not a pdf')]), { maxBytes: 4096, accept: async () => { throw new Error('refused'); } }),
      /refused/,
    );
    assert.deepEqual(await keys(), before);
    assert.deepEqual(fs.readdirSync(stagingDir), []);
  });

  it('answers files.not_found and false for an absent or malformed key', async () => {
    const absent = 'a'.repeat(64);
    assert.equal(await store.has(absent), false);
    await assert.rejects(store.get(absent), { code: 'files.not_found' });
    await assert.rejects(store.get('../../etc/passwd'), { code: 'files.not_found' });
  });
});

describe('FILE_STORE_URL setting', () => {
  it('picks the bucket when set and the local disk when unset; a bad URL names the setting', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-env-'));
    assert.ok(blobStoreFromEnv(loadEnv({ DATA_DIR: dataDir })) instanceof LocalBlobStore);
    const s = blobStoreFromEnv(loadEnv({ DATA_DIR: dataDir, ...s3.env }));
    assert.ok(s instanceof S3BlobStore);
    assert.equal((s as S3BlobStore).prefix, 'county/files/');
    assert.deepEqual(parseS3Url('s3://bucket'), { bucket: 'bucket', prefix: '' });
    assert.throws(() => loadEnv({ DATA_DIR: dataDir, FILE_STORE_URL: 'http://bucket/x' }), /FILE_STORE_URL/);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('copying a local store into the bucket (files:copy-to-bucket)', () => {
  it('copies every blob, checks each hash read back, reports a damaged local file, and is safe to run again', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-local-'));
    const local = new LocalBlobStore(root);
    const shas: string[] = [];
    for (const text of ['界址点成果表', '宗地图', '权属来源证明']) {
      shas.push((await local.put(Readable.from([Buffer.from(text)]), { maxBytes: 1024 })).sha256);
    }
    const damaged = (await local.put(Readable.from([Buffer.from('会被损坏')]), { maxBytes: 1024 })).sha256;
    fs.writeFileSync(local.pathOf(damaged), 'bit rot');
    const target = new S3BlobStore({
      url: 's3://sunland-files/moved', endpoint: s3.endpoint, region: 'us-east-1',
      accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, stagingDir,
    });
    const first = await copyLocalStoreToBucket(root, target);
    assert.equal(first.copied, 3);
    assert.equal(first.verified, 3);
    assert.deepEqual(first.failed.map((f) => f.sha256), [damaged]);
    assert.match(first.failed[0]!.reason, /damaged/);
    for (const sha of shas) assert.equal((await collect(await target.get(sha))).sha256, sha);
    assert.equal(await target.has(damaged), false);

    const again = await copyLocalStoreToBucket(root, target);
    assert.deepEqual({ copied: again.copied, alreadyThere: again.alreadyThere, verified: again.verified }, { copied: 0, alreadyThere: 3, verified: 3 });
    fs.rmSync(root, { recursive: true, force: true });
  });
});
