/**
 * Test fixture (not a test): a server process that dies by SIGKILL at a chosen point of the
 * outbox's life. Run by notify.crash.test.ts as `node outbox-crash.child.ts <mode>` with
 * CRASH_APP_URL, CRASH_PHONE and, for mid-send, CRASH_SMS_URL in the environment.
 *
 * - after-commit: enqueues and commits with delivery off, then dies before anything is sent.
 * - mid-send: delivers with an HTTP SMS gateway; the gateway kills this process while the
 *   request is open, i.e. after the provider got the message and before it was marked sent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEnv } from '../../env.ts';
import { buildApp } from '../../app.ts';

const mode = process.argv[2];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-crash-'));
const env = loadEnv({
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  JOBS: mode === 'mid-send' ? 'true' : 'false',
  ...(mode === 'mid-send' ? { SMS_PROVIDER: 'http', SMS_HTTP_URL: process.env.CRASH_SMS_URL! } : {}),
});
const app = await buildApp({ env, appUrl: process.env.CRASH_APP_URL! });
if (mode === 'mid-send') await app.startBackground();

const id = await app.platform.db.transaction().execute((trx) =>
  app.platform.notify.enqueue(trx, { channel: 'sms', to: process.env.CRASH_PHONE!, body: '崩溃测试' }));
process.stdout.write(`committed ${id}\n`);
fs.rmSync(dataDir, { recursive: true, force: true });
// after-commit: die right after the commit, before any dispatcher could act.
if (mode === 'after-commit') process.kill(process.pid, 'SIGKILL');
// mid-send: wait for the gateway to kill us.
setTimeout(() => process.exit(9), 20_000);
