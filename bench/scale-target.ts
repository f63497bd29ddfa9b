/**
 * One more server process for the scale-out suite (bench/suites/scaleout.ts): the real app on
 * the bench's database (SCALE_APP_DB_URL, the application role), with its own DATA_DIR and the
 * file store of FILE_STORE_URL (an S3 server shared by every process). With SCALE_S3=1 it is
 * instead the S3-compatible server (s3rver) in a process of its own, so that neither the load
 * generator nor a server under test pays for it.
 * Prints one JSON line ({url} or {endpoint}) when ready; stops on SIGINT.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-scale-'));
let stop: () => Promise<void>;
if (process.env.SCALE_S3 === '1') {
  const { default: S3rver } = await import('s3rver');
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dataDir, configureBuckets: [{ name: 'bench-files', configs: [] }] });
  const addr = await server.run();
  process.stdout.write(JSON.stringify({ endpoint: `http://127.0.0.1:${addr.port}` }) + '\n');
  stop = () => server.close();
} else {
  const { loadEnv } = await import('../server/src/env.ts');
  const { buildApp } = await import('../server/src/app.ts');
  const pass = Object.fromEntries(['FILE_STORE_URL', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'TRADING_TAG_KEY'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
  const env = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: 'false', DEMO: 'true', TRUST_PROXY: '127.0.0.1', MQTT_PORT: '0', ...pass });
  const app = await buildApp({ env, appUrl: process.env.SCALE_APP_DB_URL! });
  const url = await app.http.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(JSON.stringify({ url }) + '\n');
  stop = () => app.close();
}
process.on('SIGINT', async () => {
  await stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
