import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { createDb, createPool } from '../../platform/db/database.ts';
import { withContext } from '../../platform/db/context.ts';
import { call, loginAs, makeStaff } from '../../platform/identity/test-helpers.ts';
import { createOrgsService } from '../../platform/orgs/index.ts';
import { GOOD_SUPPLY, openPeriod } from './statistics.test-helpers.ts';

const t: TestApp = await startTestApp();
const app = createDb(createPool(t.testDb.appUrl, 2));
after(() => app.destroy());
const BOZHOU = 'cn.p52.c5203.x520304';
let reportId = 0;

before(async () => {
  await openPeriod(t, 'TDGY', '202406');
  const county = await loginAs(t, 'bz_stat');
  const res = await call(t, county, 'PUT', '/api/statistics/my/TDGY/202406/values', { values: GOOD_SUPPLY });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  reportId = (await call(t, county, 'GET', '/api/statistics/my/TDGY/202406')).body.report.id;
});

describe('row-level security of statistics values (上级不得代填代改)', () => {
  it('the city, in scope, reads the county\'s values but cannot insert, update or delete one', async () => {
    const ctx = { userId: 1, scopes: ['cn.p52.c5203'] };
    const seen = await withContext(app, ctx, (trx) => trx.selectFrom('statistics.report_values').select('cell').where('reportId', '=', reportId).execute());
    assert.equal(seen.length, Object.keys(GOOD_SUPPLY).length);
    const upd = await withContext(app, ctx, (trx) => trx.updateTable('statistics.report_values').set({ value: 999 }).where('reportId', '=', reportId).executeTakeFirst());
    assert.equal(Number(upd.numUpdatedRows), 0);
    const del = await withContext(app, ctx, (trx) => trx.deleteFrom('statistics.report_values').where('reportId', '=', reportId).executeTakeFirst());
    assert.equal(Number(del.numDeletedRows), 0);
    await assert.rejects(withContext(app, ctx, (trx) => trx.insertInto('statistics.report_values').values({ reportId, orgPath: BOZHOU, cell: '08.1', value: 1 }).execute()), /row-level security/);
    const vals = await t.testDb.owner.selectFrom('statistics.report_values').select(['cell', 'value']).where('reportId', '=', reportId).execute();
    assert.equal(vals.find((v) => v.cell === '02.1')!.value, '2');
    assert.equal(vals.length, Object.keys(GOOD_SUPPLY).length);
  });

  it('the county itself may update its values; another county sees no row', async () => {
    const own = await withContext(app, { userId: 1, scopes: [BOZHOU] }, (trx) => trx.updateTable('statistics.report_values').set({ value: 3 }).where('reportId', '=', reportId).where('cell', '=', '02.1').executeTakeFirst());
    assert.equal(Number(own.numUpdatedRows), 1);
    const other = await withContext(app, { userId: 1, scopes: ['cn.p52.c5203.x520303'] }, async (trx) => ({
      values: await trx.selectFrom('statistics.report_values').select('cell').where('reportId', '=', reportId).execute(),
      reports: await trx.selectFrom('statistics.reports').select('id').where('id', '=', reportId).execute(),
      revisions: await sql`select 1 from statistics.revisions`.execute(trx),
    }));
    assert.deepEqual([other.values.length, other.reports.length], [0, 0]);
  });

  it('another province sees nothing by the API: no report, an empty roll-up, no completeness', async () => {
    const orgs = createOrgsService({ db: t.testDb.owner });
    await orgs.createOrgUnit(t.testDb.owner, { parentId: null, divisionCode: '510000', kind: 'bureau', code: '510000-B', name: '四川省自然资源厅' });
    await makeStaff(t, 'sc_stat', '510000-B', 'statistics_reviewer');
    const sc = await loginAs(t, 'sc_stat');
    assert.equal((await call(t, sc, 'GET', `/api/statistics/reports/${reportId}`)).status, 404);
    assert.deepEqual((await call(t, sc, 'GET', '/api/statistics/reports')).body, []);
    const roll = await call(t, sc, 'GET', '/api/statistics/rollup?form=TDGY&period=202406&by=county');
    assert.equal(roll.status, 200);
    assert.deepEqual(roll.body.groups, []);
    const comp = await call(t, sc, 'GET', '/api/statistics/completeness?form=TDGY&period=202406&by=county');
    assert.equal(comp.body.total.expected, 0);
  });

  it('permissions: the window clerk has no statistics; the county statistician cannot review; the public nothing', async () => {
    assert.equal((await call(t, await loginAs(t, 'window'), 'GET', '/api/statistics/forms')).status, 403);
    assert.equal((await call(t, null, 'GET', '/api/statistics/forms')).status, 401);
    const county = await loginAs(t, 'bz_stat');
    assert.equal((await call(t, county, 'POST', `/api/statistics/reports/${reportId}/review`, { decision: 'accept' })).status, 403);
    assert.equal((await call(t, county, 'POST', '/api/statistics/forms/TDGY/versions', { definition: {} })).status, 403);
  });
});
