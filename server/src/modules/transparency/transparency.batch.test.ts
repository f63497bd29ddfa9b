/**
 * Batched appends: `publishNow` calls that wait while a batch commits go together into the next
 * one (one transaction, one sequencer lock), yet a call resolves only once its entry is committed
 * in the tree; a bad call fails alone; a checkpoint is signed every N entries.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { createTransparencyService } from './transparency.service.ts';
import { verifyInclusion } from './merkle.ts';

const t: TestApp = await startTestApp();
const owner = t.testDb.owner;

describe('batched appends (publish queue)', () => {
  it('many concurrent publishes share few transactions; each acknowledged entry is committed and provably in the tree', async () => {
    const log = createTransparencyService({ db: t.platform.db });
    const N = 600;
    const acks = await Promise.all(Array.from({ length: N }, async (_, i) => {
      const p = await log.publishNow('test.batch', { i });
      // Acknowledged = committed: another connection sees it at once.
      const row = await owner.selectFrom('transparency.entries').select('idx').where('idx', '=', p.index).executeTakeFirst();
      assert.ok(row, `entry ${p.index} acknowledged but not committed`);
      return p;
    }));
    assert.deepEqual(acks.map((a) => a.index).sort((a, b) => a - b), Array.from({ length: N }, (_, i) => i));
    // Rows written by one transaction share its xmin: far fewer transactions than entries.
    const txs = await sql<{ n: string }>`select count(distinct xmin::text) as n from transparency.entries`.execute(owner);
    const transactions = Number(txs.rows[0]!.n);
    assert.ok(transactions <= N / 10, `${transactions} transactions for ${N} entries`);
    const cp = await log.issueCheckpoint();
    for (const i of [0, 1, 255, 256, 599]) {
      const proof = await log.inclusionProof(i, cp.size);
      const ack = acks.find((a) => a.index === i)!;
      assert.ok(verifyInclusion(Buffer.from(ack.leafHash, 'hex'), i, cp.size, proof.proof.map((p) => Buffer.from(p, 'base64')), Buffer.from(cp.root, 'base64')));
    }
  });

  it('a bad call fails alone, naming the field; the others of its moment are logged', async () => {
    const log = createTransparencyService({ db: t.platform.db });
    const before = await log.treeSize();
    const results = await Promise.allSettled([
      log.publishNow('test.batch', { ok: 1 }),
      (async () => log.publishNow('Not A Kind', {}))(),
      (async () => log.publishNow('test.batch', { big: 'x'.repeat(70_000) }))(),
      log.publishNow('test.batch', { ok: 2 }),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    assert.equal((results[1] as PromiseRejectedResult).reason.details.field, 'kind');
    assert.equal((results[2] as PromiseRejectedResult).reason.code, 'transparency.entry_too_large');
    assert.equal(await log.treeSize(), before + 2);
  });

  it('several entries in the caller\'s transaction under one lock (publishMany), gone with a rollback', async () => {
    const log = createTransparencyService({ db: t.platform.db });
    const before = await log.treeSize();
    await assert.rejects(t.platform.db.transaction().execute(async (trx) => {
      await log.publishMany(trx, [{ kind: 'test.many', payload: { a: 1 } }, { kind: 'test.many', payload: { a: 2 } }]);
      throw new Error('the caller\'s decision fails');
    }));
    assert.equal(await log.treeSize(), before, 'nothing of a rolled-back transaction is in the log');
    const got = await t.platform.db.transaction().execute((trx) => log.publishMany(trx, [{ kind: 'test.many', payload: { a: 1 } }, { kind: 'test.many', payload: { a: 2 } }]));
    assert.deepEqual(got.map((g) => g.index), [before, before + 1]);
  });

  it('signs a checkpoint every N entries when asked to', async () => {
    const log = createTransparencyService({ db: t.platform.db, checkpointEvery: 50 });
    const start = (await log.latestCheckpoint()).size;
    for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: 30 }, (_, i) => log.publishNow('test.cp', { round, i })));
    const sizes = (await owner.selectFrom('transparency.checkpoints').select('size').where('size', '>', start).orderBy('size').execute()).map((r) => Number(r.size));
    assert.ok(sizes.length >= 1, 'a checkpoint was signed');
    assert.ok(sizes.every((s, i) => s - (i === 0 ? start : sizes[i - 1]!) >= 50), `checkpoints ${sizes.join(', ')} after ${start}`);
  });
});
