import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const WRITER = path.resolve(import.meta.dirname, '../../../test/durability-writer.ts');
const CYCLES = Number(process.env.DURABILITY_CYCLES ?? 8);

interface CycleResult { acked: string[]; verified: { count: number; missing: string[] } | null }

/** Runs one writer life: start, verify, write, until killed with SIGKILL after `killAfterMs`. */
function runCycle(dataDir: string, cycle: number, expect: string[], killAfterMs: number): Promise<CycleResult> {
  return new Promise((resolve, reject) => {
    // Own process group, so SIGKILL reaches the writer and the PostgreSQL it started alike.
    const child = spawn(process.execPath, [WRITER], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATA_DIR: dataDir, CYCLE: String(cycle), EXPECT_CODES: JSON.stringify(expect) },
    });
    const res: CycleResult = { acked: [], verified: null };
    let buf = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('ack ')) res.acked.push(line.slice(4));
        const m = /^verified (\d+) missing (\[.*\]) total/.exec(line);
        if (m) {
          res.verified = { count: Number(m[1]), missing: JSON.parse(m[2]!) };
          timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), killAfterMs);
        }
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited ${code ?? signal} before being killed: ${stderr}`));
      // Kill any straggler of the group (PostgreSQL backends) before the next life starts.
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
      resolve(res);
    });
  });
}

it(`keeps every acknowledged write across ${CYCLES} SIGKILLs of the writer and its PostgreSQL`, { timeout: 240_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-durability-'));
  const acked: string[] = [];
  try {
    for (let cycle = 0; cycle <= CYCLES; cycle++) {
      // Random moments: early in a write burst, or well into it.
      const killAfter = cycle === CYCLES ? 50 : 30 + Math.floor(Math.random() * 700);
      const r = await runCycle(dataDir, cycle, acked, killAfter);
      assert.ok(r.verified, `cycle ${cycle}: writer never reported verification`);
      assert.equal(r.verified.count, acked.length);
      assert.deepEqual(r.verified.missing, [], `cycle ${cycle}: acknowledged writes lost`);
      acked.push(...r.acked);
    }
    assert.ok(acked.length > CYCLES * 5, `too few writes to prove anything: ${acked.length}`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
