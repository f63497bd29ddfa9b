/**
 * Server-side progress of a batch import (导入进度): the dry run and the apply write how far they
 * stand (parsed, validated, inserted) outside the import's transaction, so that the page polling
 * GET /api/patches/import-progress/:token sees the apply advance before anything is committed.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { CENTRE, createBatch, feature, importGeoJson, rect } from './patches.test-helpers.ts';

const t: TestApp = await startTestApp();
let city = '';
let county = '';

/** `n` small patches on a grid around the demo county's centre. */
function grid(prefix: string, n: number, row = 0) {
  return Array.from({ length: n }, (_, k) => feature(`${prefix}${String(k).padStart(4, '0')}`,
    rect(CENTRE[0] - 0.012 + (k % 30) * 0.0008, CENTRE[1] - 0.012 + (row + Math.floor(k / 30)) * 0.0008, 0.0003, 0.0002)));
}

const progressOf = (cookie: string, token: string) => call(t, cookie, 'GET', `/api/patches/import-progress/${token}`);

before(async () => {
  city = await loginAs(t, 'supervisor');
  county = await loginAs(t, 'inspector');
});

describe('import progress (导入进度)', () => {
  it('the dry run reports its phases and counts in several steps, ending done with every feature validated', async () => {
    const batchNo = await createBatch(t, city);
    const token = crypto.randomUUID();
    const res = await importGeoJson(t, city, batchNo, grid('D', 60), `dryRun=true&progress=${token}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const p = await progressOf(city, token);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(p.body.phase, 'done');
    assert.equal(p.body.dryRun, true);
    assert.equal(p.body.batchNo, batchNo);
    assert.deepEqual([p.body.total, p.body.parsed, p.body.validated, p.body.inserted], [60, 60, 60, 0]);
    // parsing, validating 0, …, every tenth of 60 …, done: well over two steps.
    assert.ok(p.body.steps >= 5, `steps: ${p.body.steps}`);
  });

  it('the apply shows its patches inserted while it still runs (nothing committed yet), then done', async () => {
    const batchNo = await createBatch(t, city);
    const token = crypto.randomUUID();
    const seen: { phase: string; inserted: number }[] = [];
    let running!: Promise<{ status: number; body: any }>;
    // Hold the import just before its end: the county rows cannot be inserted while this lock is held.
    await t.testDb.owner.transaction().execute(async (trx) => {
      await sql`lock table patches.batch_counties in share row exclusive mode`.execute(trx);
      running = importGeoJson(t, city, batchNo, grid('A', 50, 10), `dryRun=false&progress=${token}`);
      const until = Date.now() + 60_000;
      for (;;) {
        const p = await progressOf(city, token);
        if (p.status === 200) seen.push({ phase: p.body.phase, inserted: p.body.inserted });
        if (p.status === 200 && p.body.phase === 'inserting' && p.body.inserted === 50) break;
        assert.ok(Date.now() < until, `the progress never reached 50 inserted: ${JSON.stringify(seen.slice(-3))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      // The progress is visible, the patches are not: the import's transaction has not committed.
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from patches.patches p join patches.batches b on b.id = p.batch_id where b.batch_no = ${batchNo}`.execute(t.testDb.owner);
      assert.equal(rows[0]!.n, 0);
    });
    const res = await running;
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.applied, true);
    const p = await progressOf(city, token);
    assert.equal(p.body.phase, 'done');
    assert.deepEqual([p.body.total, p.body.validated, p.body.inserted], [50, 50, 50]);
    assert.ok(p.body.steps >= 10, `validating and inserting in tenths: ${p.body.steps} steps`);
    const inserted = seen.filter((s) => s.phase === 'inserting').map((s) => s.inserted);
    assert.deepEqual(inserted, [...inserted].sort((a, b) => a - b), 'the inserted count only grows');
  });

  it('a refused apply ends failed with the reason; a run is its importer\'s own; a bad token is a 400 naming it', async () => {
    const batchNo = await createBatch(t, city);
    const token = crypto.randomUUID();
    const res = await importGeoJson(t, city, batchNo, [...grid('F', 3, 20), feature('F9999', rect(100.5, 30.1))], `dryRun=false&progress=${token}`);
    assert.equal(res.status, 422);
    const p = await progressOf(city, token);
    assert.equal(p.body.phase, 'failed');
    assert.match(p.body.message, /features\[3\] \(F9999\): outside every county/);
    const other = await progressOf(county, token);
    assert.equal(other.status, 403, 'the county inspector may not import at all');
    const unknown = await progressOf(city, crypto.randomUUID());
    assert.equal(unknown.status, 404);
    assert.match(JSON.stringify(unknown.body), /token/);
    const bad = await progressOf(city, 'not-a-uuid');
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /token/);
    const badQuery = await importGeoJson(t, city, batchNo, grid('G', 1, 21), 'dryRun=true&progress=nope');
    assert.equal(badQuery.status, 400);
    assert.match(JSON.stringify(badQuery.body), /progress/);
  });
});
