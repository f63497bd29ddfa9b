/**
 * The real server for browser tests: a fresh database cloned from the test template, and
 * `node server/src/main.ts` in its own process, exactly as `npm start` runs it (demo data on).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDb } from '../server/test/harness.ts';

const root = path.resolve(import.meta.dirname, '..');

export interface RunningServer {
  /** http://127.0.0.1:<port> */
  url: string;
  testDb: TestDb;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Ctrl-C: resolves with the exit code once the process has ended; drops the database. */
  stop(): Promise<number | null>;
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const testDb = await createTestDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'server/src/main.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: testDb.ownerUrl,
      APP_DATABASE_URL: testDb.appUrl,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      // The hazards module's MQTT broker on a free port: two journey servers (or a developer's own
      // server) never contend for 1883. No journey publishes over MQTT.
      MQTT_PORT: '0',
      ...env,
    },
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /\[sunland\] listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  // Listening is not ready: wait until the database answers too.
  for (let i = 0; ; i++) {
    const res = await fetch(`${url}/healthz`).catch(() => null);
    if (res?.ok) break;
    if (i > 100) throw new Error(`${url}/healthz never answered 200:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  let stopped: Promise<number | null> | null = null;
  return {
    url,
    testDb,
    output: () => out,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
        const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
        const code = await exited;
        clearTimeout(kill);
        await testDb.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
        return code;
      })();
      return stopped;
    },
  };
}
