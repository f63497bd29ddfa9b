import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import readExcelFile from 'read-excel-file/node';
import { withContext } from '../../platform/db/context.ts';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, ensureMatters, login, makeReviewer, serviceAt, staff } from './approvals.test-helpers.ts';
import { copyMatter, planCase } from './statistics.test-fixtures.ts';
import { approvalStatistics } from './statistics.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);

// 播州区: one case decided. 汇川区 (another county of the same city): two cases, one decided.
const bozhou = { window: await staff(t, 'window'), windowCookie: await login(t, 'window'), reviewer: await staff(t, 'reviewer'), leader: await staff(t, 'leader') };
await planCase(t, bozhou, { matter: '520304-QR-0001', submit: '2025-03-03', accept: '2025-03-03', decide: '2025-03-05' });
await copyMatter(t, '520304-QR-0001', '520303-QR-0001', '520303-B');
await makeReviewer(t, 'hc_landuse', '520303-LANDUSE');
const hcLeader = await makeReviewer(t, 'hc_leader', '520303-B', 'leader');
const huichuan = { window: await staff(t, 'hc_window'), windowCookie: await login(t, 'hc_window'), reviewer: await staff(t, 'hc_landuse'), leader: await staff(t, 'hc_leader') };
await planCase(t, huichuan, { matter: '520303-QR-0001', submit: '2025-03-04', accept: '2025-03-04', decide: '2025-03-06' });
await planCase(t, huichuan, { matter: '520303-QR-0001', submit: '2025-03-05' });

const url = '/api/approvals/statistics?groupBy=org&from=2025-03-01&to=2025-03-31';
const byLabel = (body: any) => Object.fromEntries(body.rows.map((r: any) => [r.label, [r.received, r.accepted, r.completed]]));

describe('who may read approval statistics (approvals.statistics.read)', () => {
  it('leader, supervisor and window clerk may; reviewer, inspector, township clerk and anonymous may not', async () => {
    for (const u of ['leader', 'supervisor', 'window']) assert.equal((await call(t, await login(t, u), 'GET', url)).status, 200, u);
    for (const u of ['reviewer', 'inspector', 'township']) {
      const r = await call(t, await login(t, u), 'GET', url);
      assert.equal(r.status, 403, u);
      assert.equal(r.body.error.code, 'access.forbidden');
      assert.equal((await call(t, await login(t, u), 'GET', `${url.replace('statistics', 'statistics.xlsx')}`)).status, 403, `${u} xlsx`);
    }
    assert.equal((await call(t, null, 'GET', url)).status, 401);
    assert.equal((await call(t, null, 'GET', url.replace('statistics', 'statistics.xlsx'))).status, 401);
  });

  it('a county sees only its own bureau; the city supervisor sees both counties', async () => {
    const bz = await call(t, await login(t, 'leader'), 'GET', url);
    assert.deepEqual(byLabel(bz.body), { 遵义市播州区自然资源局: [1, 1, 1] });
    const hc = await call(t, hcLeader, 'GET', url);
    assert.deepEqual(byLabel(hc.body), { 遵义市汇川区自然资源局: [2, 1, 1] });
    const hcWindow = await call(t, await login(t, 'hc_window'), 'GET', url);
    assert.deepEqual(byLabel(hcWindow.body), { 遵义市汇川区自然资源局: [2, 1, 1] });
    const city = await call(t, await login(t, 'supervisor'), 'GET', url);
    assert.deepEqual(byLabel(city.body), { 遵义市播州区自然资源局: [1, 1, 1], 遵义市汇川区自然资源局: [2, 1, 1] });
    assert.deepEqual([city.body.total.received, city.body.total.completed], [3, 2]);
    // The Excel file holds the same scope.
    const xlsx = await t.inject({ method: 'GET', url: url.replace('statistics', 'statistics.xlsx'), headers: { cookie: hcLeader } });
    const [sheet] = await readExcelFile(xlsx.rawPayload);
    assert.deepEqual(sheet!.data.map((r) => r.slice(0, 2)), [['单位', '收件数'], ['遵义市汇川区自然资源局', 2], ['合计', 2]]);
  });

  it('row-level security holds even when the service is handed another county’s subtree', async () => {
    const hc = await staff(t, 'hc_leader');
    const out = await withContext(t.platform.db, { userId: hc.userId, scopes: [hc.scopePath!] }, (trx) =>
      approvalStatistics(serviceAt(t, '2025-03-31').deps, trx, 'cn.p52.c5203.x520304', { groupBy: 'org', from: '2025-03-01', to: '2025-03-31' }));
    assert.deepEqual(out.rows, []);
    assert.equal(out.total.received, 0);
  });
});
