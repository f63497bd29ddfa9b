import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { GOOD_SUPPLY, openPeriod } from './statistics.test-helpers.ts';

const t: TestApp = await startTestApp();
let county: string; let city: string; let province: string;

async function todos(cookie: string): Promise<Record<string, number>> {
  const res = await call(t, cookie, 'GET', '/api/todos');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return Object.fromEntries(res.body.filter((x: { module: string }) => x.module === 'statistics').map((x: { key: string; count: number }) => [x.key, x.count]));
}
const n = (o: Record<string, number>, k: string) => o[`statistics.todos.${k}`] ?? 0;

before(async () => {
  county = await loginAs(t, 'bz_stat');
  city = await loginAs(t, 'city_stat');
  province = await loginAs(t, 'prov_stat');
});

describe('统计直报 on the workbench: reports due, returned and to review', () => {
  it('a unit sees the windows it must still report, due soon and overdue apart; the level above sees what waits for its review', async () => {
    const t0 = await todos(county);
    await openPeriod(t, 'TDZF', '2024Q3', 30); // due in a month
    await openPeriod(t, 'TDBG', '2024', 2); // within the form's 7 reminder days
    await openPeriod(t, 'KCKF', '2024', -3); // the window closed three days ago
    const t1 = await todos(county);
    assert.equal(n(t1, 'due') - n(t0, 'due'), 1);
    assert.equal(n(t1, 'dueSoon') - n(t0, 'dueSoon'), 1);
    assert.equal(n(t1, 'overdue') - n(t0, 'overdue'), 1);
    const item = (await call(t, county, 'GET', '/api/todos')).body.find((x: { key: string }) => x.key === 'statistics.todos.overdue');
    assert.deepEqual([item.level, item.link], ['danger', '/app/statistics']);
    assert.equal(n(await todos(province), 'due'), 0, 'a reviewer post without filling rights has nothing to fill');

    // 播州区 submits: it leaves the unit's list and waits on the city's, not on the province's.
    await openPeriod(t, 'TDGY', '202410', 20);
    const c0 = await todos(city);
    const p0 = await todos(province);
    const before = await todos(county);
    assert.equal((await call(t, county, 'PUT', '/api/statistics/my/TDGY/202410/values', { values: GOOD_SUPPLY })).status, 200);
    const sub = await call(t, county, 'POST', '/api/statistics/my/TDGY/202410/submit', { responsiblePerson: '张伟', statistician: '何丽' });
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    const after = await todos(county);
    assert.equal(n(before, 'due') + n(before, 'dueSoon') - n(after, 'due') - n(after, 'dueSoon'), 1);
    assert.equal(n(await todos(city), 'review') - n(c0, 'review'), 1);
    assert.equal(n(await todos(province), 'review'), n(p0, 'review'), 'the province does not review a county');

    // The city returns it: the unit has it to correct, the city no longer to review.
    assert.equal((await call(t, city, 'POST', `/api/statistics/reports/${sub.body.id}/review`, { decision: 'return', comment: '请核实划拨面积' })).status, 200);
    assert.equal(n(await todos(county), 'returned') - n(before, 'returned'), 1);
    assert.equal(n(await todos(city), 'review'), n(c0, 'review'));
  });
});
