/**
 * An S3-compatible server for tests: s3rver (npm), started in-process on a loopback port with a
 * temporary directory and the named buckets; stopped after the test file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import S3rver from 's3rver';

export interface TestS3 {
  endpoint: string;
  /** Settings for loadEnv / startTestApp. */
  env: Record<string, string>;
  directory: string;
}

export async function startTestS3(bucket = 'sunland-files', prefix = 'files'): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const addr = await server.run();
  const endpoint = `http://127.0.0.1:${addr.port}`;
  after(async () => {
    await server.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });
  return {
    endpoint, directory,
    env: { FILE_STORE_URL: `s3://${bucket}/${prefix}`, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' },
  };
}
