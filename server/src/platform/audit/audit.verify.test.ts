import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext, type Tx } from '../db/context.ts';
import type { AuditEntriesTable } from './audit.tables.ts';
import { entryHash } from './audit.hash.ts';

const t: TestApp = await startTestApp();
const { audit, db } = t.platform;
const owner = t.testDb.owner;
const CLI = path.join(import.meta.dirname, 'verify-cli.ts');

let first = 0;
let last = 0;

async function rowAt(seq: number): Promise<AuditEntriesTable> {
  return owner.selectFrom('audit.entries').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
}

/** Tampering as the owner, with the append-only trigger switched off, as an attacker with DBA rights would. */
async function tamper(fn: (trx: Tx) => Promise<unknown>): Promise<void> {
  await owner.transaction().execute(async (trx) => {
    await sql`alter table audit.entries disable trigger user`.execute(trx);
    await fn(trx as unknown as Tx);
    await sql`alter table audit.entries enable trigger user`.execute(trx);
  });
}

const insertRow = (trx: Tx, r: AuditEntriesTable) =>
  trx.insertInto('audit.entries').values({ ...r, details: JSON.stringify(r.details) as never }).execute();

function runCli(env: Record<string, string>, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function problems() {
  const v = await audit.verify();
  return v.problems.map(({ seq, kind, count, originalSeq }) => ({ seq, kind, ...(count !== undefined ? { count } : {}), ...(originalSeq !== undefined ? { originalSeq } : {}) }));
}

before(async () => {
  for (let i = 0; i < 10; i++) {
    await withContext(db, { userId: 7, scopes: ['cn'] }, (trx) =>
      audit.record(trx, { userId: 7, username: 'u7' }, { action: 'test.item.changed', entityType: 'item', entityId: i, orgPath: 'cn.p52', details: { i } }));
  }
  const h = await owner.selectFrom('audit.chain_head').select('seq').executeTakeFirstOrThrow();
  last = h.seq;
  first = last - 9;
});

describe('audit chain verification', () => {
  it('reports an intact chain, and the CLI exits 0', async () => {
    const v = await audit.verify();
    assert.equal(v.ok, true);
    assert.equal(v.checked, last);
    assert.deepEqual(v.problems, []);
    const cli = await runCli({ DATABASE_URL: t.testDb.ownerUrl });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, new RegExp(`audit chain intact: ${last} entries checked`));
  });

  it('finds an edited entry by its hash, and the CLI exits 1 naming it', async () => {
    const k = first + 3;
    const original = await rowAt(k);
    await tamper((trx) => trx.updateTable('audit.entries').set({ details: JSON.stringify({ i: 999 }) as never }).where('seq', '=', k).execute());
    assert.deepEqual(await problems(), [{ seq: k, kind: 'edited' }]);
    const cli = await runCli({ DATABASE_URL: t.testDb.ownerUrl });
    assert.equal(cli.code, 1);
    assert.match(cli.stdout, new RegExp(`seq ${k}: edited`));
    await tamper((trx) => trx.updateTable('audit.entries').set({ details: JSON.stringify(original.details) as never }).where('seq', '=', k).execute());
    assert.equal((await audit.verify()).ok, true);
  });

  it('finds an edited entry whose hash the forger recomputed: the next link breaks', async () => {
    const k = first + 2;
    const original = await rowAt(k);
    const forged = { ...original, details: { i: 'forged' } };
    forged.hash = entryHash(forged, 'sm3');
    await tamper((trx) => trx.updateTable('audit.entries').set({ details: JSON.stringify(forged.details) as never, hash: forged.hash }).where('seq', '=', k).execute());
    assert.deepEqual(await problems(), [{ seq: k + 1, kind: 'broken_link' }]);
    await tamper((trx) => trx.updateTable('audit.entries').set({ details: JSON.stringify(original.details) as never, hash: original.hash }).where('seq', '=', k).execute());
    assert.equal((await audit.verify()).ok, true);
  });

  it('finds a deleted entry by the gap in seq', async () => {
    const k = first + 5;
    const original = await rowAt(k);
    await tamper((trx) => trx.deleteFrom('audit.entries').where('seq', '=', k).execute());
    assert.deepEqual(await problems(), [{ seq: k, kind: 'deleted', count: 1 }]);
    await tamper((trx) => insertRow(trx, original));
    assert.equal((await audit.verify()).ok, true);
  });

  it('finds a deleted entry even when the later entries were renumbered to close the gap', async () => {
    const k = first + 4;
    const original = await rowAt(k);
    await tamper(async (trx) => {
      await trx.deleteFrom('audit.entries').where('seq', '=', k).execute();
      await sql`update audit.entries set seq = seq + 1000000 where seq > ${k}`.execute(trx);
      await sql`update audit.entries set seq = seq - 1000001 where seq > 1000000`.execute(trx);
    });
    assert.deepEqual(await problems(), [{ seq: k, kind: 'deleted', count: 1 }]);
    await tamper(async (trx) => {
      await sql`update audit.entries set seq = seq + 1000001 where seq >= ${k}`.execute(trx);
      await sql`update audit.entries set seq = seq - 1000000 where seq > 1000000`.execute(trx);
      await insertRow(trx, original);
    });
    assert.equal((await audit.verify()).ok, true);
  });

  it('finds the last entry deleted by comparing with the chain head', async () => {
    const original = await rowAt(last);
    await tamper((trx) => trx.deleteFrom('audit.entries').where('seq', '=', last).execute());
    assert.deepEqual(await problems(), [{ seq: last, kind: 'deleted', count: 1 }]);
    await tamper((trx) => insertRow(trx, original));
    assert.equal((await audit.verify()).ok, true);
  });

  it('finds two swapped entries and the positions they were written at', async () => {
    const k = first + 6;
    const swap = async (trx: Tx) => {
      await sql`update audit.entries set seq = 999999999 where seq = ${k}`.execute(trx);
      await sql`update audit.entries set seq = ${k} where seq = ${k + 1}`.execute(trx);
      await sql`update audit.entries set seq = ${k + 1} where seq = 999999999`.execute(trx);
    };
    await tamper(swap);
    assert.deepEqual(await problems(), [
      { seq: k, kind: 'reordered', originalSeq: k + 1 },
      { seq: k + 1, kind: 'reordered', originalSeq: k },
    ]);
    await tamper(swap);
    assert.equal((await audit.verify()).ok, true);
  });

  it('finds swapped contents that keep their seq', async () => {
    const k = first + 1;
    const [a, b] = [await rowAt(k), await rowAt(k + 1)];
    await tamper(async (trx) => {
      await trx.deleteFrom('audit.entries').where('seq', 'in', [k, k + 1]).execute();
      await insertRow(trx, { ...b, seq: k });
      await insertRow(trx, { ...a, seq: k + 1 });
    });
    assert.deepEqual((await problems()).map((p) => [p.seq, p.kind]), [[k, 'reordered'], [k + 1, 'reordered']]);
    await tamper(async (trx) => {
      await trx.deleteFrom('audit.entries').where('seq', 'in', [k, k + 1]).execute();
      await insertRow(trx, a);
      await insertRow(trx, b);
    });
    assert.equal((await audit.verify()).ok, true);
  });

  it('runs the CLI against the socket of a running server’s data directory', async () => {
    const admin = process.env.SUNLAND_TEST_ADMIN_URL!;
    const host = new URL(admin).searchParams.get('host');
    if (!host) return; // an external DATABASE_URL server: no embedded socket to reach
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-cli-'));
    try {
      fs.symlinkSync(host, path.join(dataDir, 'pg'));
      fs.mkdirSync(path.join(dataDir, 'secrets'));
      fs.writeFileSync(path.join(dataDir, 'secrets', 'pg-superuser-password'), decodeURIComponent(new URL(admin).password));
      // The data directory is locked by a live process (this one), as a running server would hold it.
      fs.writeFileSync(path.join(dataDir, 'sunland.pid'), String(process.pid));
      const cli = await runCli({ DATA_DIR: dataDir }, [`--database=${t.testDb.name}`]);
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, /audit chain intact/);
      assert.ok(fs.existsSync(path.join(dataDir, 'sunland.pid')), 'the CLI must not take over a held lock');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
