import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAdmin, loginAs } from '../identity/test-helpers.ts';

const t: TestApp = await startTestApp();
let secadmin = '';
let window = '';
const beyond = Math.max(...t.platform.calendar.officialYears()) + 1;

before(async () => {
  secadmin = await loginAdmin(t, 'secadmin');
  window = await loginAs(t, 'window');
});

describe('calendar administration over HTTP (security admin)', () => {
  it('sets an override that changes the public computation, lists it, and removes it; all audited', async () => {
    const set = await call(t, secadmin, 'POST', '/api/calendar/overrides', { date: '2025-10-09', kind: 'holiday', name: '地方假日' });
    assert.equal(set.status, 200);
    assert.equal(set.body.kind, 'holiday');
    assert.deepEqual((await call(t, null, 'GET', '/api/calendar/add-workdays?from=2025-09-30&days=1')).body, { date: '2025-10-10' });
    const list = await call(t, secadmin, 'GET', '/api/calendar/overrides?year=2025');
    assert.deepEqual(list.body.map((o: { date: string }) => o.date), ['2025-10-09']);
    const grid = await call(t, secadmin, 'GET', '/api/calendar/days?year=2025&month=10');
    assert.deepEqual(grid.body.days[8], { date: '2025-10-09', workday: false, name: '地方假日', source: 'override' });
    assert.equal((await call(t, secadmin, 'DELETE', '/api/calendar/overrides/2025-10-09')).status, 204);
    assert.deepEqual((await call(t, null, 'GET', '/api/calendar/add-workdays?from=2025-09-30&days=1')).body, { date: '2025-10-09' });
    const again = await call(t, secadmin, 'DELETE', '/api/calendar/overrides/2025-10-09');
    assert.equal(again.status, 404);
    assert.equal(again.body.error.code, 'calendar.override_not_found');
    const trail = await t.testDb.owner.selectFrom('audit.entries').select(['action', 'actorUsername'])
      .where('entityType', '=', 'calendar_override').orderBy('seq').execute();
    assert.deepEqual(trail, [
      { action: 'calendar.override.created', actorUsername: 'secadmin' },
      { action: 'calendar.override.deleted', actorUsername: 'secadmin' },
    ]);
  });

  it('opens a year beyond the data once its holidays are entered and it is declared', async () => {
    assert.equal((await call(t, null, 'GET', `/api/calendar/add-workdays?from=${beyond}-05-06&days=1`)).body.provisional, true);
    const empty = await call(t, secadmin, 'POST', '/api/calendar/years', { year: beyond, note: '国办发明电' });
    assert.equal(empty.status, 422);
    assert.equal(empty.body.error.code, 'calendar.year_empty');
    await call(t, secadmin, 'POST', '/api/calendar/overrides', { date: `${beyond}-05-07`, kind: 'holiday', name: '劳动节' });
    const declared = await call(t, secadmin, 'POST', '/api/calendar/years', { year: beyond, note: '国办发明电 (test)' });
    assert.equal(declared.status, 200);
    const next = await call(t, null, 'GET', `/api/calendar/add-workdays?from=${beyond}-05-06&days=1`);
    assert.equal(next.status, 200);
    assert.notEqual(next.body.date, `${beyond}-05-07`);
    const years = await call(t, secadmin, 'GET', '/api/calendar/years');
    assert.deepEqual(years.body.at(-1), { year: beyond, source: 'override', note: '国办发明电 (test)' });
    assert.equal(years.body[0].source, 'chinese-days');
  });

  it('names the bad field of a body', async () => {
    const res = await call(t, secadmin, 'POST', '/api/calendar/overrides', { date: '2025-13-01', kind: 'holiday', name: 'x' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'date');
    const kind = await call(t, secadmin, 'POST', '/api/calendar/overrides', { date: '2025-12-01', kind: 'weekend', name: 'x' });
    assert.equal(kind.body.error.field, 'kind');
  });

  it('is refused to staff without platform.calendar.manage and to the anonymous', async () => {
    for (const [method, url, payload] of [
      ['POST', '/api/calendar/overrides', { date: '2025-12-01', kind: 'holiday', name: 'x' }],
      ['DELETE', '/api/calendar/overrides/2025-12-01', undefined],
      ['POST', '/api/calendar/years', { year: 2030, note: 'x' }],
      ['GET', '/api/calendar/overrides?year=2025', undefined],
      ['GET', '/api/calendar/days?year=2025&month=1', undefined],
    ] as const) {
      assert.equal((await call(t, window, method, url, payload)).status, 403, `${method} ${url}`);
      assert.equal((await call(t, null, method, url, payload)).status, 401, `${method} ${url}`);
    }
  });
});
