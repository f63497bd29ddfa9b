import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { createTransparencyService, appendEntries } from './transparency.service.ts';
import { verifyConsistency, leafHash } from './merkle.ts';
import { checkpointBody, signNote } from './note.ts';
import {
  checkpointOf, mirror, sourceOf, verifyCheckpointConsistency, verifyEntryInclusion, verifyInclusionJson, verifyWholeLog,
} from '../../../../tools/verifier.ts';

const t: TestApp = await startTestApp();
const log = createTransparencyService({ db: t.platform.db });
const owner = t.testDb.owner;
let base = '';
let savedNote = '';
let vkey = '';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-log-'));
const ROOT = path.resolve(import.meta.dirname, '../../../..');

/** Runs the verifier CLI as a separate process (asynchronously: the server under test answers it). */
function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['tools/verify.ts', ...args], { cwd: ROOT, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** What an attacker with the database and the signing key does to rewrite history: rebuild the tree from altered entries and sign it. */
async function rewrite(entries: { kind: string; data: Buffer }[]): Promise<void> {
  await owner.transaction().execute(async (trx) => {
    await sql`delete from transparency.nodes`.execute(trx);
    await sql`delete from transparency.entry_hashes`.execute(trx);
    await sql`delete from transparency.entries`.execute(trx);
    await sql`delete from transparency.cosignatures`.execute(trx);
    await sql`delete from transparency.checkpoints`.execute(trx);
    await sql`update transparency.tree set size = 0`.execute(trx);
    await appendEntries(trx, entries);
  });
}

async function signedAt(size: number): Promise<string> {
  const k = await owner.selectFrom('transparency.log_key').select(['origin', 'seed']).executeTakeFirstOrThrow();
  const c = await call(t, null, 'GET', `/api/transparency/proofs/consistency?first=${size}&second=${size}`);
  return signNote(checkpointBody(k.origin, size, Buffer.from(c.body.secondRoot, 'base64')), k.origin, k.seed);
}

async function allEntries() {
  const rows = await owner.selectFrom('transparency.entries').select(['kind', 'data']).orderBy('idx').execute();
  return rows.map((r) => ({ kind: r.kind, data: r.data }));
}

before(async () => {
  await t.http.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.http.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/log`;
  for (let i = 0; i < 280; i++) await log.publishNow('test.entry', { i });
});

describe('the log core (sequencer, checkpoints, tiles, proofs)', () => {
  it('serialises concurrent appends: every index once, no fork', async () => {
    // Four service instances (as four server processes would have), each with its own publish queue: only the row lock orders them.
    const instances = Array.from({ length: 4 }, () => createTransparencyService({ db: t.platform.db }));
    const got = await Promise.all(Array.from({ length: 20 }, (_, i) => instances[i % 4]!.publishNow('test.concurrent', { i })));
    assert.deepEqual(got.map((g) => g.index).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => 280 + i));
    assert.equal(await log.treeSize(), 300);
    const nodes = await owner.selectFrom('transparency.nodes').select((eb) => eb.fn.countAll<number>().as('n')).where('level', '=', 0).executeTakeFirstOrThrow();
    assert.equal(Number(nodes.n), 300);
  });

  it('serves a signed checkpoint and the vkey that verifies it, with cache headers', async () => {
    await log.issueCheckpoint();
    const res = await t.inject({ method: 'GET', url: '/log/checkpoint' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/plain/);
    assert.match(res.headers['cache-control'] as string, /max-age=10/);
    savedNote = res.body;
    vkey = (await t.inject({ method: 'GET', url: '/log/vkey' })).body;
    const cp = checkpointOf(savedNote, vkey);
    assert.equal(cp.size, 300);
    assert.equal(cp.origin, 'sunland.local/log');
    fs.writeFileSync(path.join(dir, 'cp-300'), savedNote);
    fs.writeFileSync(path.join(dir, 'vkey'), vkey);
  });

  it('serves full tiles as immutable, partial tiles and entry bundles at the C2SP paths, 404 otherwise', async () => {
    const full = await t.inject({ method: 'GET', url: '/log/tile/0/000' });
    assert.equal(full.statusCode, 200);
    assert.equal(full.rawPayload.length, 256 * 32);
    assert.equal(full.headers['cache-control'], 'public, max-age=31536000, immutable');
    const first = await owner.selectFrom('transparency.entries').select('data').where('idx', '=', 0).executeTakeFirstOrThrow();
    assert.deepEqual(full.rawPayload.subarray(0, 32), leafHash(first.data));
    const partial = await t.inject({ method: 'GET', url: '/log/tile/0/001.p/44' });
    assert.equal(partial.statusCode, 200);
    assert.equal(partial.rawPayload.length, 44 * 32);
    assert.equal((await t.inject({ method: 'GET', url: '/log/tile/1/000.p/1' })).rawPayload.length, 32);
    const bundle = await t.inject({ method: 'GET', url: '/log/tile/entries/001.p/44' });
    assert.equal(bundle.statusCode, 200);
    assert.equal(bundle.rawPayload.readUInt16BE(0), (await owner.selectFrom('transparency.entries').select('data').where('idx', '=', 256).executeTakeFirstOrThrow()).data.length);
    for (const bad of ['/log/tile/0/001', '/log/tile/0/1', '/log/tile/0/000.p/256', '/log/tile/0/001.p/45', '/log/tile/entries/x000/001', '/log/tile/9/000']) {
      assert.equal((await t.inject({ method: 'GET', url: bad })).statusCode, 404, bad);
    }
  });

  it('gives inclusion and consistency proofs that verify, and names the field of a bad request', async () => {
    const cp = checkpointOf(savedNote, vkey);
    const inc = await call(t, null, 'GET', '/api/transparency/proofs/inclusion?index=257&size=300');
    assert.equal(inc.status, 200);
    verifyInclusionJson(cp, inc.body);
    assert.throws(() => verifyInclusionJson(cp, { ...inc.body, index: 256 }), { code: 'proof.inclusion_failed' });
    const other = await call(t, null, 'GET', '/api/transparency/proofs/inclusion?index=257&size=290');
    assert.throws(() => verifyInclusionJson(cp, other.body), { code: 'proof.wrong_tree_size' });
    const con = await call(t, null, 'GET', '/api/transparency/proofs/consistency?first=100&second=300');
    assert.ok(verifyConsistency(100, 300, con.body.proof.map((p: string) => Buffer.from(p, 'base64')), Buffer.from(con.body.firstRoot, 'base64'), cp.root));
    const beyond = await call(t, null, 'GET', '/api/transparency/proofs/inclusion?index=1&size=301');
    assert.equal(beyond.status, 422);
    assert.equal(beyond.body.error.code, 'transparency.size_beyond_tree');
    assert.equal(beyond.body.error.field, 'size');
    const notIn = await call(t, null, 'GET', '/api/transparency/proofs/inclusion?index=300&size=300');
    assert.equal(notIn.status, 422);
    assert.equal(notIn.body.error.field, 'index');
    const junk = await call(t, null, 'GET', '/api/transparency/proofs/inclusion?index=abc');
    assert.equal(junk.status, 400);
    assert.equal(junk.body.error.field, 'index');
    const reversed = await call(t, null, 'GET', '/api/transparency/proofs/consistency?first=10&second=5');
    assert.equal(reversed.status, 400);
    assert.equal(reversed.body.error.field, 'first');
  });

  it('issues a checkpoint on demand only with transparency.checkpoint.issue', async () => {
    await log.publishNow('test.entry', { i: 'later' });
    assert.equal((await call(t, null, 'POST', '/api/transparency/checkpoints')).status, 401);
    assert.equal((await call(t, await loginAs(t, 'window'), 'POST', '/api/transparency/checkpoints')).status, 403);
    const ok = await call(t, await loginAs(t, 'supervisor'), 'POST', '/api/transparency/checkpoints');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.size, 301);
    assert.equal(await log.checkpointIfGrown(), null);
  });
});

describe('the offline verifier against a saved checkpoint', () => {
  it('verifies inclusion, consistency and the whole log from the server and from a saved mirror', async () => {
    const cp = checkpointOf(savedNote, vkey);
    const r = await verifyEntryInclusion(cp, sourceOf(base), 290);
    assert.match(r.data, /"kind":"test.concurrent"/);
    const saved = path.join(dir, 'mirror');
    assert.deepEqual(await mirror(base, saved), { size: 301, files: 7 });
    const newer = checkpointOf(fs.readFileSync(path.join(saved, 'checkpoint'), 'utf8'), vkey);
    await verifyCheckpointConsistency(cp, newer, sourceOf(saved));
    assert.deepEqual(await verifyWholeLog(cp, sourceOf(saved)), { size: 300, entries: 300 });
    const run = await cli('inclusion', path.join(dir, 'cp-300'), '--vkey', path.join(dir, 'vkey'), '--source', saved, '--index', '7');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^OK entry 7 is in the log at size 300/);
  });

  it('refuses a malformed checkpoint and a wrong signature with clear errors (CLI exit 1)', async () => {
    const forged = savedNote.replace('\n300\n', '\n301\n');
    fs.writeFileSync(path.join(dir, 'forged'), forged);
    const bad = await cli('checkpoint', path.join(dir, 'forged'), '--vkey', path.join(dir, 'vkey'));
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /FAILED \[note\.bad_signature\]/);
    fs.writeFileSync(path.join(dir, 'garbled'), 'not a checkpoint\n');
    const garbled = await cli('checkpoint', path.join(dir, 'garbled'), '--vkey', path.join(dir, 'vkey'));
    assert.equal(garbled.status, 1);
    assert.match(garbled.stderr, /FAILED \[note\.malformed\]/);
  });

  it('runs as `npm run verify -- …` from the repository (the documented way)', async () => {
    fs.writeFileSync(path.join(dir, 'saved'), savedNote);
    const run = (file: string) => new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile('npm', ['run', '--silent', 'verify', '--', 'checkpoint', path.join(dir, file), '--vkey', path.join(dir, 'vkey')], { cwd: ROOT, encoding: 'utf8' },
        (err, stdout, stderr) => resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
    const ok = await run('saved');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^OK checkpoint of sunland\.local\/log: size 300, root /);
    const bad = await run('forged');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /FAILED \[note\.bad_signature\]/);
  });

  it('detects an altered entry', async () => {
    const cp = checkpointOf(savedNote, vkey);
    const orig = await owner.selectFrom('transparency.entries').select('data').where('idx', '=', 5).executeTakeFirstOrThrow();
    await owner.updateTable('transparency.entries').set({ data: Buffer.from(orig.data.toString().replace('"i":5', '"i":6')) }).where('idx', '=', 5).execute();
    await assert.rejects(verifyWholeLog(cp, sourceOf(base)), { code: 'log.root_mismatch', message: /entry 5 differs/ });
    await assert.rejects(verifyEntryInclusion(cp, sourceOf(base), 5), { code: 'proof.inclusion_failed' });
    await owner.updateTable('transparency.entries').set({ data: orig.data }).where('idx', '=', 5).execute();
    await verifyWholeLog(cp, sourceOf(base));
  });

  it('detects reordered entries even when the tree is rebuilt and re-signed', async () => {
    const cp = checkpointOf(savedNote, vkey);
    const entries = await allEntries();
    const swapped = [...entries];
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    await rewrite(swapped);
    const forgedNote = await signedAt(301);
    await assert.rejects(verifyWholeLog(cp, sourceOf(base)), { code: 'log.root_mismatch' });
    await assert.rejects(verifyCheckpointConsistency(cp, checkpointOf(forgedNote, vkey), sourceOf(base)), { code: 'proof.consistency_failed' });
    await rewrite(entries);
    await verifyWholeLog(cp, sourceOf(base));
  });

  it('detects removed entries', async () => {
    const cp = checkpointOf(savedNote, vkey);
    const entries = await allEntries();
    await rewrite(entries.filter((_, i) => i !== 100));
    await assert.rejects(verifyWholeLog(cp, sourceOf(base)), { code: 'log.root_mismatch' });
    await rewrite(entries.slice(0, 250));
    await assert.rejects(verifyWholeLog(cp, sourceOf(base)), { code: 'source.bundle_missing' });
    await rewrite(entries);
  });

  it('detects a fork: a log that shares the old size but not the old history', async () => {
    const cp = checkpointOf(savedNote, vkey);
    const entries = await allEntries();
    const forked = [...entries];
    forked[3] = { kind: 'test.entry', data: Buffer.from('{"forked":true}') };
    await rewrite([...forked, { kind: 'test.entry', data: Buffer.from('{"extra":1}') }]);
    const forkNote = await signedAt(302);
    fs.writeFileSync(path.join(dir, 'cp-fork'), forkNote);
    const run = await cli('consistency', path.join(dir, 'cp-300'), path.join(dir, 'cp-fork'), '--vkey', path.join(dir, 'vkey'), '--source', base);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /FAILED \[proof\.consistency_failed\].*forked or rewritten/);
    await rewrite([...entries, { kind: 'test.entry', data: Buffer.from('{"extra":1}') }]);
    const honest = checkpointOf(await signedAt(302), vkey);
    await verifyCheckpointConsistency(cp, honest, sourceOf(base));
  });
});
