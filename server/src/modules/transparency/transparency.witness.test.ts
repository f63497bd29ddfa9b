/**
 * Witnesses (C2SP tlog-witness / tlog-cosignature/v1), with a witness run in process: it cosigns a
 * checkpoint after checking consistency with the last one it cosigned; /log/checkpoint carries the
 * cosignature lines; the verifier (library and CLI) checks them; a forked log is refused by the
 * witness, which keeps what it saw; a forged or unknown cosignature is refused by the log.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call } from '../../platform/identity/test-helpers.ts';
import { appendEntries, createTransparencyService, entryBytes } from './transparency.service.ts';
import { createWitness, WitnessError } from './witness.ts';
import { newSeed, checkpointBody, signNote } from './note.ts';
import { cosignedCheckpointOf, VerifyError } from '../../../../tools/verifier.ts';

const t: TestApp = await startTestApp();
const owner = t.testDb.owner;
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-witness-'));

const bare = createTransparencyService({ db: t.platform.db });
const logVkey = await bare.vkey();
const origin = logVkey.split('+')[0]!;
const witness = createWitness({ name: 'witness.example/w1', seed: newSeed(), logs: [{ origin, vkey: logVkey }] });
const stranger = createWitness({ name: 'witness.example/w2', seed: newSeed(), logs: [{ origin, vkey: logVkey }] });
const log = createTransparencyService({ db: t.platform.db, witnessVkeys: [witness.vkey], witnesses: [witness] });

function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['tools/verify.ts', ...args], { cwd: ROOT, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function publish(n: number, tag: string) {
  for (let i = 0; i < n; i++) await log.publishNow('test.witnessed', { tag, i });
}

describe('witness cosignatures (见证方联署)', () => {
  it('a witness cosigns a new checkpoint; /log/checkpoint carries the line; the verifier checks it', async () => {
    await publish(10, 'a');
    await log.issueCheckpoint();
    assert.deepEqual(await log.requestCosignatures(), [{ witness: 'witness.example/w1', ok: true }]);
    assert.equal(witness.last(origin)?.size, 10);
    const res = await t.inject({ method: 'GET', url: '/log/checkpoint' });
    const note = res.body;
    assert.match(note, /\n\n(— sunland\.local\/log \S+\n)+— witness\.example\/w1 \S+\n$/, 'the log\'s signatures (Ed25519, SM2), then the cosignature');
    const ok = cosignedCheckpointOf(note, logVkey, [witness.vkey]);
    assert.equal(ok.checkpoint.size, 10);
    assert.equal(ok.witnesses[0]!.name, 'witness.example/w1');
    assert.throws(() => cosignedCheckpointOf(note, logVkey, [stranger.vkey]), (e: VerifyError) => e.code === 'note.no_cosignature');
    const json = await call(t, null, 'GET', '/api/transparency/checkpoint');
    assert.equal(json.body.cosignatures.length, 1);
    fs.writeFileSync(path.join(dir, 'checkpoint'), note);
    fs.writeFileSync(path.join(dir, 'vkey'), logVkey);
    fs.writeFileSync(path.join(dir, 'w1'), witness.vkey);
    fs.writeFileSync(path.join(dir, 'w2'), stranger.vkey);
    const good = await cli('cosigned', path.join(dir, 'checkpoint'), '--vkey', path.join(dir, 'vkey'), '--witness', path.join(dir, 'w1'));
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /^OK checkpoint of sunland\.local\/log at size 10 cosigned by witness\.example\/w1/);
    const bad = await cli('cosigned', path.join(dir, 'checkpoint'), '--vkey', path.join(dir, 'vkey'), '--witness', path.join(dir, 'w1'), '--witness', path.join(dir, 'w2'));
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /FAILED \[note\.no_cosignature\]/);
    // A cosignature line altered by one character no longer verifies.
    const line = json.body.cosignatures[0].line as string;
    // A character inside the signature (not the last one before the padding, whose low bits are unused).
    const i = line.length - 20;
    const flipped = line.slice(0, i) + (line[i] === 'A' ? 'B' : 'A') + line.slice(i + 1);
    assert.throws(() => cosignedCheckpointOf(note.replace(line, flipped), logVkey, [witness.vkey]), (e: VerifyError) => e.code === 'note.bad_cosignature');
  });

  it('the next checkpoint is cosigned after a consistency proof from the last cosigned size', async () => {
    await publish(7, 'b');
    await log.issueCheckpoint();
    assert.deepEqual(await log.requestCosignatures(), [{ witness: 'witness.example/w1', ok: true }]);
    assert.equal(witness.last(origin)?.size, 17);
  });

  it('a fork (history rewritten and re-signed with the log key) is refused by the witness, which keeps what it saw', async () => {
    const saw = witness.last(origin)!;
    const rows = await owner.selectFrom('transparency.entries').select(['kind', 'data']).orderBy('idx').execute();
    await owner.transaction().execute(async (trx) => {
      for (const table of ['nodes', 'entry_hashes', 'cosignatures']) await sql`delete from ${sql.table(`transparency.${table}`)}`.execute(trx);
      await sql`delete from transparency.entries`.execute(trx);
      await sql`delete from transparency.checkpoints`.execute(trx);
      await sql`update transparency.tree set size = 0`.execute(trx);
      const altered = rows.map((r, i) => (i === 3 ? { kind: r.kind, data: entryBytes('test.witnessed', { tag: 'a', i: 'rewritten' }, new Date()) } : r));
      await appendEntries(trx, [...altered, { kind: 'test.witnessed', data: entryBytes('test.witnessed', { tag: 'c' }, new Date()) }]);
    });
    await log.issueCheckpoint();
    const [r] = await log.requestCosignatures();
    assert.equal(r!.ok, false);
    assert.match(r!.error!, /^witness\.fork: /);
    assert.deepEqual(witness.last(origin), saw, 'the witness still holds the checkpoint it cosigned');
    const cp = await call(t, null, 'GET', '/api/transparency/checkpoint');
    assert.deepEqual(cp.body.cosignatures, [], 'the forked checkpoint carries no cosignature');
  });

  it('the witness refuses a checkpoint not signed by the log, a stale old size (naming its own) and a same-size different root', async () => {
    const other = newSeed();
    const forged = signNote(checkpointBody(origin, 30, Buffer.alloc(32, 1)), origin, other);
    await assert.rejects(witness.addCheckpoint({ oldSize: 17, proof: [], checkpoint: forged }), (e: WitnessError) => e.code === 'witness.bad_checkpoint');
    const cp = await log.latestCheckpoint();
    await assert.rejects(witness.addCheckpoint({ oldSize: 0, proof: [], checkpoint: cp.note }), (e: WitnessError) => e.code === 'witness.conflict' && e.size === 17);
    const k = await owner.selectFrom('transparency.log_key').select(['seed']).executeTakeFirstOrThrow();
    const sameSize = signNote(checkpointBody(origin, 17, Buffer.alloc(32, 2)), origin, k.seed);
    await assert.rejects(witness.addCheckpoint({ oldSize: 17, proof: [], checkpoint: sameSize }), (e: WitnessError) => e.code === 'witness.fork');
  });

  it('a pushed cosignature is stored only when it verifies under a configured witness key, naming the field otherwise', async () => {
    const cp = await log.latestCheckpoint();
    const strangerLine = await (async () => {
      const s = createWitness({ name: 'witness.example/w3', seed: newSeed(), logs: [{ origin, vkey: logVkey }] });
      return s.addCheckpoint({ oldSize: 0, proof: [], checkpoint: cp.note });
    })();
    const unknown = await call(t, null, 'POST', '/api/transparency/cosignatures', { size: cp.size, line: strangerLine });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.error.field, 'line');
    await assert.rejects(log.addCosignature(cp.size, strangerLine.replace('witness.example/w3', 'witness.example/w1')), (e: { code: string }) => e.code === 'transparency.bad_cosignature');
    const none = await call(t, null, 'POST', '/api/transparency/cosignatures', { size: 999999, line: strangerLine });
    assert.equal(none.status, 404);
    assert.equal((await owner.selectFrom('transparency.cosignatures').selectAll().execute()).length, 0, 'nothing stored');
  });
});
