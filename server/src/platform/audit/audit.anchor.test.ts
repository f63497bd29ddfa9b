/**
 * The signed anchors of the chain head outside the database: a cut tail with a reset chain head
 * passes the chain check alone, but not `audit:verify` against the anchor file.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../identity/test-helpers.ts';
import { verifyChain } from './audit.verify.ts';
import { readAnchors, verifySignature, type SignedHead } from './anchor.ts';
import { canonicalJson } from './canonical-json.ts';

const anchorFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-anchor-')), 'anchors', 'audit.jsonl');
const t: TestApp = await startTestApp({ AUDIT_ANCHOR_FILE: anchorFile, AUDIT_ANCHOR_INTERVAL_MINUTES: '5' });
const owner = t.testDb.owner;
const CLI = path.join(import.meta.dirname, 'verify-cli.ts');

function runCli(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI], { env: { ...process.env, DATABASE_URL: t.testDb.ownerUrl, AUDIT_ANCHOR_FILE: anchorFile } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const head = () => owner.selectFrom('audit.chain_head').select(['seq', 'hash']).executeTakeFirstOrThrow();

describe('audit anchors', () => {
  it('appends a signed head to the anchor file, once per head move', async () => {
    await loginAs(t, 'window');
    const signed = await t.platform.audit.anchorNow();
    assert.ok(signed);
    const h = await head();
    assert.equal(signed.seq, Number(h.seq));
    assert.equal(signed.hash, h.hash);
    assert.equal(verifySignature(signed), true);
    assert.equal(verifySignature({ ...signed, seq: signed.seq - 1 }), false);
    // Unchanged head: nothing new.
    assert.equal(await t.platform.audit.anchorNow(), null);
    await loginAs(t, 'reviewer');
    await t.platform.audit.anchorNow();
    const { anchors } = readAnchors(anchorFile);
    assert.equal(anchors.length, 2);
    assert.ok(anchors[1]!.seq > anchors[0]!.seq);
    const cli = await runCli();
    assert.equal(cli.code, 0, cli.stdout + cli.stderr);
    assert.match(cli.stdout, /audit chain intact/);
    assert.match(cli.stdout, /checked against the newest 2 signed anchor/);
  });

  it('schedules the anchor job at the configured interval', async () => {
    await t.platform.jobs.start();
    try {
      await t.platform.audit.registerJobs(t.platform.jobs);
      const { rows } = await sql<{ cron: string }>`select cron from pgboss.schedule where name = 'audit.anchor-head'`.execute(owner);
      assert.deepEqual(rows, [{ cron: '*/5 * * * *' }]);
    } finally {
      await t.platform.jobs.stop();
    }
  });

  it('reports a cut tail with a reset chain head, which the chain alone cannot see (exit 1)', async () => {
    for (const u of ['window', 'reviewer', 'leader', 'inspector']) await loginAs(t, u);
    await t.platform.audit.anchorNow();
    const before = await head();
    const keep = Number(before.seq) - 3;
    const kept = await owner.selectFrom('audit.entries').select('hash').where('seq', '=', keep).executeTakeFirstOrThrow();
    await owner.transaction().execute(async (trx) => {
      await sql`alter table audit.entries disable trigger user`.execute(trx);
      await sql`delete from audit.entries where seq > ${keep}`.execute(trx);
      await sql`update audit.chain_head set seq = ${keep}, hash = ${kept.hash}`.execute(trx);
      await sql`alter table audit.entries enable trigger user`.execute(trx);
    });
    // The hash chain by itself is consistent again: this is the hole the anchors close.
    assert.equal((await verifyChain(owner)).ok, true);

    const cli = await runCli();
    assert.equal(cli.code, 1, cli.stdout + cli.stderr);
    assert.match(cli.stdout, /audit chain NOT intact/);
    assert.match(cli.stdout, new RegExp(`seq ${keep + 1}: truncated`));

    const v = await t.platform.audit.verify();
    assert.equal(v.ok, false);
    assert.deepEqual(v.problems.map((p) => [p.kind, p.seq, p.count]), [['truncated', keep + 1, 3]]);
  });

  it('refuses an anchor line signed by another key', async () => {
    const other = crypto.generateKeyPairSync('ed25519');
    const spki = other.publicKey.export({ format: 'der', type: 'spki' });
    const unsigned = { v: 1 as const, seq: 1, hash: 'f'.repeat(64), at: new Date().toISOString(), key: spki.subarray(spki.length - 32).toString('base64') };
    const forged: SignedHead = { ...unsigned, sig: crypto.sign(null, Buffer.from(canonicalJson(unsigned)), other.privateKey).toString('base64') };
    assert.equal(verifySignature(forged), true);
    fs.appendFileSync(anchorFile, `${JSON.stringify(forged)}\n`);
    const v = await t.platform.audit.verify();
    assert.ok(v.problems.some((p) => p.kind === 'anchor_invalid' && p.seq === 1), JSON.stringify(v.problems));
  });
});
