/**
 * The C2SP tlog-witness HTTP protocol between two Sunland instances: B (its own app and database)
 * witnesses A's log over HTTP. A asks B when it issues a checkpoint; A's /log/checkpoint carries
 * B's cosignature, which the verifier accepts; B answers a stale old size with 409 and its own
 * size, an unknown log with 404, a wrong signature with 403, a bad body with 400; a forked A is
 * refused (422) and B keeps what it cosigned.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { buildApp, type App } from '../../app.ts';
import { loadEnv } from '../../env.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { appendEntries, createTransparencyService, entryBytes } from './transparency.service.ts';
import { checkpointBody, newSeed, signNote, vkeyOf } from './note.ts';
import { formatAddCheckpoint } from './witness-http.ts';
import { cosignedCheckpointOf } from '../../../../tools/verifier.ts';

const WITNESS = 'witness.b.example/sunland';
const boot = await startTestApp();
const vkeyA = (await boot.inject({ method: 'GET', url: '/log/vkey' })).body.trim();
const originA = vkeyA.split('+')[0]!;

// Instance B: a witness of A's log, listening on a real port.
const b = await startTestApp({ TRANSPARENCY_WITNESS_NAME: WITNESS, TRANSPARENCY_WITNESSED_LOGS: vkeyA });
await b.http.listen({ host: '127.0.0.1', port: 0 });
const bUrl = `http://127.0.0.1:${(b.http.server.address() as AddressInfo).port}/witness`;
const vkeyB = (await b.inject({ method: 'GET', url: '/witness/vkey' })).body.trim();

// Instance A: the log, on the database `boot` made, configured to ask B.
const envA = loadEnv({ DATA_DIR: boot.env.DATA_DIR, LOG_LEVEL: 'silent', JOBS: 'false', DEMO: 'true', TRUST_PROXY: '127.0.0.1', TRANSPARENCY_WITNESSES: `${bUrl} ${vkeyB}` });
const appA: App = await buildApp({ env: envA, appUrl: boot.testDb.appUrl });
await appA.http.ready();
const a: TestApp = Object.assign(appA, { env: envA, testDb: boot.testDb, inject: appA.http.inject.bind(appA.http) as App['http']['inject'] });
after(() => appA.close());

const publisher = createTransparencyService({ db: a.platform.db });
async function publish(n: number, tag: string) {
  for (let i = 0; i < n; i++) await publisher.publishNow('test.witnessed', { tag, i });
}
async function issue() {
  const res = await call(a, await loginAs(a, 'supervisor'), 'POST', '/api/transparency/checkpoints');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { size: number; note: string; cosignatures: { witness: string; line: string }[] };
}
async function witnessed() {
  return b.testDb.owner.selectFrom('transparency.witnessed').select(['origin', 'size', 'root']).execute();
}
async function post(body: string) {
  const res = await fetch(`${bUrl}/add-checkpoint`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('tlog-witness over HTTP: instance B witnesses instance A', () => {
  it('A asks B when it issues a checkpoint; A\'s /log/checkpoint carries B\'s cosignature; the verifier accepts it', async () => {
    assert.match(vkeyB, /^witness\.b\.example\/sunland\+[0-9a-f]{8}\+/);
    assert.equal((await b.testDb.owner.selectFrom('platform.secrets').select('name').where('name', '=', 'transparency.witness').execute()).length, 1, 'B\'s witness key is a shared server secret');
    await publish(10, 'a');
    const cp = await issue();
    assert.equal(cp.size, 10);
    assert.deepEqual(cp.cosignatures.map((c) => c.witness), [WITNESS]);
    const note = (await a.inject({ method: 'GET', url: '/log/checkpoint' })).body;
    assert.ok(note.endsWith(`${cp.cosignatures[0]!.line}\n`));
    const ok = cosignedCheckpointOf(note, vkeyA, [vkeyB]);
    assert.equal(ok.checkpoint.size, 10);
    assert.equal(ok.witnesses[0]!.name, WITNESS);
    assert.equal((await a.inject({ method: 'GET', url: '/log/witnesses' })).body, `${vkeyB}\n`);
    const [row] = await witnessed();
    assert.equal(row!.origin, originA);
    assert.equal(Number(row!.size), 10);
  });

  it('the next checkpoint is cosigned after B checks the consistency proof A sends', async () => {
    await publish(6, 'b');
    const cp = await issue();
    assert.equal(cp.size, 16);
    assert.equal(cp.cosignatures.length, 1);
    const note = (await a.inject({ method: 'GET', url: '/log/checkpoint' })).body;
    assert.equal(cosignedCheckpointOf(note, vkeyA, [vkeyB]).checkpoint.size, 16);
    assert.equal(Number((await witnessed())[0]!.size), 16);
  });

  it('B answers a stale old size with 409 and its size, an unknown log 404, a wrong signature 403, a bad body 400', async () => {
    const cp = (await a.inject({ method: 'GET', url: '/log/checkpoint' })).body;
    const stale = await post(formatAddCheckpoint({ oldSize: 10, proof: [], checkpoint: cp }));
    assert.equal(stale.status, 409);
    assert.match(stale.type, /^text\/x\.tlog\.size/);
    assert.equal(stale.text, '16\n');
    const otherSeed = newSeed();
    const unknown = signNote(checkpointBody('other.example/log', 3, Buffer.alloc(32, 7)), 'other.example/log', otherSeed);
    assert.equal((await post(formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: unknown }))).status, 404);
    const forged = signNote(checkpointBody(originA, 20, Buffer.alloc(32, 7)), originA, otherSeed);
    assert.notEqual(vkeyOf(originA, otherSeed), vkeyA);
    assert.equal((await post(formatAddCheckpoint({ oldSize: 16, proof: [], checkpoint: forged }))).status, 403);
    const bad = await post('old sixteen\n\n' + cp);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /^old: /);
    assert.equal(Number((await witnessed())[0]!.size), 16, 'nothing changed');
  });

  it('when A has lost track of what B cosigned, B\'s 409 names its size and A asks again from there', async () => {
    await boot.testDb.owner.deleteFrom('transparency.cosignatures').execute();
    await publish(2, 'c');
    const cp = await issue();
    assert.equal(cp.size, 18);
    assert.deepEqual(cp.cosignatures.map((c) => c.witness), [WITNESS]);
    assert.equal(Number((await witnessed())[0]!.size), 18);
  });

  it('a forked A (history rewritten, re-signed with A\'s key) is refused by B, which keeps what it cosigned', async () => {
    const [saw] = await witnessed();
    const owner = boot.testDb.owner;
    const rows = await owner.selectFrom('transparency.entries').select(['kind', 'data']).orderBy('idx').execute();
    await owner.transaction().execute(async (trx) => {
      for (const table of ['nodes', 'entry_hashes', 'cosignatures']) await sql`delete from ${sql.table(`transparency.${table}`)}`.execute(trx);
      await sql`delete from transparency.entries`.execute(trx);
      await sql`delete from transparency.checkpoints`.execute(trx);
      await sql`update transparency.tree set size = 0`.execute(trx);
      const altered = rows.map((r, i) => (i === 3 ? { kind: r.kind, data: entryBytes('test.witnessed', { tag: 'a', i: 'rewritten' }, new Date()) } : r));
      await appendEntries(trx, [...altered, { kind: 'test.witnessed', data: entryBytes('test.witnessed', { tag: 'c' }, new Date()) }]);
    });
    const cp = await issue();
    assert.equal(cp.size, Number(saw!.size) + 1);
    assert.deepEqual(cp.cosignatures, [], 'the forked checkpoint carries no cosignature');
    // The same request by hand: B answers 422 (the proof does not show an extension).
    const proof = await call(a, null, 'GET', `/api/transparency/proofs/consistency?first=${saw!.size}&second=${cp.size}`);
    const res = await post(formatAddCheckpoint({ oldSize: Number(saw!.size), proof: proof.body.proof.map((h: string) => Buffer.from(h, 'base64')), checkpoint: cp.note }));
    assert.equal(res.status, 422, res.text);
    const [now] = await witnessed();
    assert.equal(Number(now!.size), Number(saw!.size));
    assert.ok(now!.root.equals(saw!.root), 'B still holds the checkpoint it cosigned');
  });
});
