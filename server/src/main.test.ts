import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MAIN = path.resolve(import.meta.dirname, 'main.ts');

interface Started { child: ChildProcess; out: () => string; url: Promise<string>; exit: Promise<number | null> }

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [MAIN], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', ...env },
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) { clearInterval(timer); resolve(m[1]!); }
    }, 50);
    child.on('exit', () => { clearInterval(timer); reject(new Error(`server exited: ${out}`)); });
  });
  url.catch(() => {});
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, url, exit };
}

describe('server process', () => {
  it('stops with a message naming the variable when a setting is bad', async () => {
    const s = start({ PORT: 'eighty', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-env-')) });
    assert.equal(await s.exit, 2);
    assert.match(s.out(), /PORT: must be a whole number/);
  });

  it('refuses a second server on the same data directory, and shuts down cleanly on Ctrl-C', { timeout: 120_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-main-'));
    try {
      const first = start({ DATA_DIR: dataDir, DEMO: 'true' });
      const url = await first.url;
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      assert.match(first.out(), /demo accounts/);

      const second = start({ DATA_DIR: dataDir });
      assert.equal(await second.exit, 3);
      assert.match(second.out(), /another Sunland server \(pid \d+\) is already using the data directory/);
      // The first one is unharmed.
      assert.equal((await fetch(`${url}/healthz`)).status, 200);

      first.child.kill('SIGINT');
      assert.equal(await first.exit, 0);
      assert.match(first.out(), /stopped/);
      assert.equal(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false, 'PostgreSQL left running');
      assert.equal(fs.existsSync(path.join(dataDir, 'sunland.pid')), false, 'lock left behind');

      // And it starts again on the same data (no re-seed, data intact).
      const again = start({ DATA_DIR: dataDir });
      const url2 = await again.url;
      assert.equal((await fetch(`${url2}/api/divisions?parent=520304`)).status, 200);
      again.child.kill('SIGINT');
      assert.equal(await again.exit, 0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
