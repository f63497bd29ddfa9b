/**
 * The case list (执法案件台账) filtered and searched: free text through the trigram index under RLS
 * (migration 0900), a case number by its beginning, keyset paging by `before`, and a bad cursor
 * refused by name. The plans are read with EXPLAIN as the app role, RLS on: before 0900 the text
 * search could only scan the table (ILIKE is not LEAKPROOF), whatever the planner was told.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs, ok } from './enforcement.test-helpers.ts';

const t: TestApp = await startTestApp();
let scope = '';

describe('enforcement case list: search and paging', () => {
  before(async () => {
    const rows = await t.testDb.owner.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520304-B').execute();
    const u = rows[0]!;
    scope = String(u.path);
    const c = new pg.Client({ connectionString: t.testDb.ownerUrl });
    await c.connect();
    await c.query(`
      insert into enforcement.cases (case_no, org_path, org_unit_id, division_code, status, warn_level, title, summary, party_name, closed_by, created_at)
      select 'ZFL' || lpad(g::text, 6, '0'), $1::ltree, $2::bigint, '520304', (array['investigating','closed'])[1 + (g % 2)], 'green',
        '列表测试案件 ' || g, '列表测试。', case when g % 100 = 7 then 'Acme 示例建材有限公司' else '当事人' || g end, 1, now() - (g || ' minutes')::interval
      from generate_series(1, 3000) g`, [scope, u.id]);
    await c.query('analyze enforcement.cases');
    await c.end();
  });

  it('finds by a part of the party name or title, in any letter case, and by the beginning of a case number', async () => {
    const leader = await loginAs(t, 'leader');
    const byParty = await ok(call(t, leader, 'GET', `/api/enforcement/cases?pageSize=100&q=${encodeURIComponent('acme 示例')}`));
    assert.equal(byParty.total, 30, 'g % 100 = 7 among 3,000');
    assert.ok(byParty.items.every((r: any) => r.partyName === 'Acme 示例建材有限公司'));
    const byTitle = await ok(call(t, leader, 'GET', `/api/enforcement/cases?q=${encodeURIComponent('列表测试案件 2999')}`));
    assert.deepEqual(byTitle.items.map((r: any) => r.caseNo), ['ZFL002999']);
    const byNo = await ok(call(t, leader, 'GET', '/api/enforcement/cases?q=zfl00012&pageSize=50'));
    assert.deepEqual(byNo.items.map((r: any) => r.caseNo).sort(), Array.from({ length: 10 }, (_, i) => `ZFL00012${i}`), 'ZFL000120 … ZFL000129');
    const literal = await ok(call(t, leader, 'GET', `/api/enforcement/cases?q=${encodeURIComponent('100%')}`));
    assert.equal(literal.total, 0, '% is a character, not a wildcard');
  });

  it('pages by keyset: `nextBefore` continues exactly where the page ended, filtered or not', async () => {
    const leader = await loginAs(t, 'leader');
    for (const filter of ['status=closed', '']) {
      const p1 = await ok(call(t, leader, 'GET', `/api/enforcement/cases?pageSize=40&${filter}`));
      const p2 = await ok(call(t, leader, 'GET', `/api/enforcement/cases?pageSize=40&${filter}&before=${encodeURIComponent(p1.nextBefore)}`));
      const byOffset = await ok(call(t, leader, 'GET', `/api/enforcement/cases?pageSize=80&${filter}`));
      assert.deepEqual([...p1.items, ...p2.items].map((r: any) => r.id), byOffset.items.map((r: any) => r.id), filter);
    }
    const bad = await call(t, leader, 'GET', '/api/enforcement/cases?before=yesterday');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'before');
  });

  it('the text search and the status page use their indexes under RLS (EXPLAIN as the app role)', async () => {
    const c = new pg.Client({ connectionString: t.testDb.appUrl });
    await c.connect();
    const plan = async (q: string, setup: string[] = []) => {
      await c.query('begin');
      try {
        await c.query(`select set_config('sunland.scopes', $1, true)`, [`{${scope}}`]);
        // However cheap a table scan looks on 3,000 rows: is an index usable at all?
        for (const s of ['set local enable_seqscan = off', 'set local max_parallel_workers_per_gather = 0', ...setup]) await c.query(s);
        return (await c.query(`explain ${q}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await c.query('rollback');
      }
    };
    try {
      const text = await plan(`select id from enforcement.cases where search_text like '%acme 示例%' order by created_at desc, id desc limit 50`, ['set local enable_indexscan = off']);
      assert.match(text, /Bitmap Index Scan on cases_search_trgm/, text);
      const status = await plan(`select id from enforcement.cases where status = 'closed' order by created_at desc, id desc limit 50 offset 100`, ['set local enable_sort = off']);
      assert.doesNotMatch(status, /Sort/, status);
      const count = await plan(`select count(*) from enforcement.cases`);
      assert.match(count, /InitPlan/, `the scope is read once per statement: ${count}`);
    } finally {
      await c.end();
    }
  });
});
