/**
 * compiledQuery (compiled.ts, issue 10): a hot read's query is built and compiled once per shape,
 * then run with each call's values, answering exactly what the builder answers.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb } from '../../../test/harness.ts';
import { createDb, createPool } from './database.ts';
import { SYSTEM_CONTEXT, withContext } from './context.ts';
import { compiledQuery } from './compiled.ts';

const tdb = await createTestDb();
const db = createDb(createPool(tdb.appUrl, 2));
after(async () => {
  await db.destroy();
  await tdb.drop();
});

describe('compiledQuery', () => {
  let builds = 0;
  const units = compiledQuery((q, p: { deep: boolean; limit: number; belowId?: number | undefined; code?: string | undefined }) => {
    builds++;
    let s = q.selectFrom('orgs.org_units').select(['id', 'parentId', 'code']).orderBy('id').limit(p.limit);
    if (p.deep) s = s.where('parentId', 'is not', null);
    if (p.belowId !== undefined) s = s.where('id', '<', p.belowId);
    if (p.code !== undefined) s = s.where('code', '=', p.code);
    return s;
  });
  const direct = (p: { deep: boolean; limit: number; belowId?: number; code?: string }) => withContext(db, SYSTEM_CONTEXT, (trx) => {
    let s = trx.selectFrom('orgs.org_units').select(['id', 'parentId', 'code']).orderBy('id').limit(p.limit);
    if (p.deep) s = s.where('parentId', 'is not', null);
    if (p.belowId !== undefined) s = s.where('id', '<', p.belowId);
    if (p.code !== undefined) s = s.where('code', '=', p.code);
    return s.execute();
  });

  it('answers what the builder answers, for every shape and value, building each shape once', async () => {
    const cases = [
      { deep: false, limit: 3 }, { deep: false, limit: 5 }, { deep: true, limit: 4 }, { deep: true, limit: 2 },
      { deep: false, limit: 10, belowId: 4 }, { deep: false, limit: 10, belowId: 2 }, { deep: true, limit: 10, belowId: 6 },
    ];
    for (const c of cases) {
      const expected = await direct(c);
      assert.ok(expected.length > 0, JSON.stringify(c));
      assert.deepEqual(await withContext(db, SYSTEM_CONTEXT, (trx) => units(trx, c)), expected, JSON.stringify(c));
      // camelCase keys, as Kysely returns them
      assert.ok('parentId' in expected[0]!);
    }
    // Shapes: deep × (belowId given or not) seen: 4 of them, each compiled once for 7 calls.
    assert.equal(builds, 4);
    const code = (await direct({ deep: true, limit: 1 }))[0]!.code;
    assert.deepEqual(await withContext(db, SYSTEM_CONTEXT, (trx) => units(trx, { deep: true, limit: 5, code })), await direct({ deep: true, limit: 5, code }));
    assert.deepEqual(await withContext(db, SYSTEM_CONTEXT, (trx) => units(trx, { deep: true, limit: 5, code: "no'such" })), []);
    assert.equal(builds, 5);
  });

  it('refuses a value the builder computes with instead of passing as a parameter', async () => {
    const wrong = compiledQuery((q, p: { limit: number }) => q.selectFrom('orgs.org_units').select('id').limit(Number(p.limit) + 1));
    await assert.rejects(withContext(db, SYSTEM_CONTEXT, (trx) => wrong(trx, { limit: 2 })), /limit must be passed to the builder as a value/);
  });
});
