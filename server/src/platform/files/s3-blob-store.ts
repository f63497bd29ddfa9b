/**
 * Content-addressed file bytes in an S3-compatible bucket (MinIO, Ceph RGW, the clouds' object
 * stores), so that several server processes share one store. The key is
 * `<prefix>aa/bb/<sha256>`, as on the local disk. Uploads are staged to a local temporary file
 * (hashed, size-limited and checked as by LocalBlobStore), then streamed to the bucket with a
 * multipart upload; downloads stream the object's body. No whole file is held in memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AppError } from '../http/errors.ts';
import { LocalBlobStore, SHA256, stageBlob, type BlobStore, type PutOptions } from './blob-store.ts';

export interface S3Settings {
  /** `s3://bucket` or `s3://bucket/prefix`. */
  url: string;
  /** e.g. http://minio:9000; unset: the provider's default for the region. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style addressing (`endpoint/bucket/key`), as MinIO and most self-hosted stores want. */
  forcePathStyle: boolean;
  /** Where uploads are staged before they go to the bucket. */
  stagingDir: string;
}

/** Parses `s3://bucket/prefix`; throws with the setting's name on anything else. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) throw new Error('FILE_STORE_URL: must be s3://bucket or s3://bucket/prefix');
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: m[1]!, prefix: prefix ? `${prefix}/` : '' };
}

function isNotFound(e: unknown): boolean {
  if (e instanceof S3ServiceException) return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata.httpStatusCode === 404;
  return false;
}

export class S3BlobStore implements BlobStore {
  readonly bucket: string;
  readonly prefix: string;
  readonly client: S3Client;
  private readonly stagingDir: string;

  constructor(settings: S3Settings) {
    const { bucket, prefix } = parseS3Url(settings.url);
    this.bucket = bucket;
    this.prefix = prefix;
    this.stagingDir = settings.stagingDir;
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.accessKeyId && settings.secretAccessKey
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
        : undefined,
    });
  }

  keyOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new AppError('files.not_found', 'not a SHA-256 key');
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  async put(stream: Readable, opts: PutOptions): Promise<{ sha256: string; size: number; created: boolean }> {
    const staged = await stageBlob(stream, this.stagingDir, opts);
    try {
      if (await this.has(staged.sha256)) return { sha256: staged.sha256, size: staged.size, created: false };
      // Multipart in 8 MiB parts, at most 2 in flight: bounded memory whatever the file size.
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: this.keyOf(staged.sha256), Body: fs.createReadStream(staged.path), ContentLength: staged.size },
        partSize: 8 * 1024 * 1024,
        queueSize: 2,
      });
      await upload.done();
      return { sha256: staged.sha256, size: staged.size, created: true };
    } finally {
      await fs.promises.rm(staged.path, { force: true });
    }
  }

  async get(sha256: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return out.Body as Readable;
    } catch (e) {
      if (isNotFound(e)) throw new AppError('files.not_found', `no stored content ${sha256}`);
      throw e;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  /** Size of a stored object, or null when absent (used by the copy command). */
  async sizeOf(sha256: string): Promise<number | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return out.ContentLength ?? null;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }
}

export interface BlobStoreEnv {
  dataDir: string;
  FILE_STORE_URL?: string;
  S3_ENDPOINT?: string;
  S3_REGION: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_FORCE_PATH_STYLE?: boolean;
}

/** The bucket of FILE_STORE_URL, or the local disk under DATA_DIR/files when it is unset (one process). */
export function blobStoreFromEnv(env: BlobStoreEnv): BlobStore {
  if (!env.FILE_STORE_URL) return new LocalBlobStore(path.join(env.dataDir, 'files'));
  return new S3BlobStore({
    url: env.FILE_STORE_URL,
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined,
    stagingDir: path.join(env.dataDir ?? os.tmpdir(), 'files-staging'),
  });
}
