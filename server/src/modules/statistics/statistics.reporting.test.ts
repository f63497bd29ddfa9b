import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { GOOD_SUPPLY, openPeriod } from './statistics.test-helpers.ts';

const t: TestApp = await startTestApp();
const P = '202403';
let county: string; let city: string; let province: string; let otherCounty: string;
const sign = { responsiblePerson: '张伟', statistician: '何丽', phone: '0851-27222222' };

before(async () => {
  await openPeriod(t, 'TDGY', P);
  await openPeriod(t, 'TDGY', '202303');
  county = await loginAs(t, 'bz_stat');
  city = await loginAs(t, 'city_stat');
  province = await loginAs(t, 'prov_stat');
  otherCounty = await loginAs(t, 'hc_stat');
});

async function stored(reportId: number) {
  const rows = await t.testDb.owner.selectFrom('statistics.report_values').select(['cell', 'value']).where('reportId', '=', reportId).execute();
  return Object.fromEntries(rows.map((r) => [r.cell, Number(r.value)]));
}

describe('a county fills, checks and submits; the city returns a cell; the county corrects; the city accepts', () => {
  let id = 0;

  it('the report opens with the form as printed: header, rows × columns, computed cells', async () => {
    const res = await call(t, county, 'GET', `/api/statistics/my/TDGY/${P}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    id = res.body.report.id;
    assert.equal(res.body.form.name, '建设用地供应情况');
    assert.equal(res.body.form.tableNo, '自然资土地统1表');
    assert.equal(res.body.period.version, 1);
    assert.equal(res.body.report.status, 'draft');
    assert.ok(res.body.computed.includes('01.2'));
  });

  it('bad values are refused with the cell named, and nothing of the batch is saved', async () => {
    const before = await stored(id); // the derived cells filled when the report opened (02.1 from approvals)
    for (const [values, cell, re] of [
      [{ '02.1': 3, '02.2': 'abc' }, '02.2', /not a number/],
      [{ '02.1': 3, '99.1': 1 }, '99.1', /no such cell/],
      [{ '02.1': 3, '01.2': 5 }, '01.2', /is computed/],
      [{ '02.1': 3, '02.4': 5 }, '02.4', /left blank/],
      [{ '02.1': 1.5 }, '02.1', /at most 0 decimals/],
      [{ '02.1': -1 }, '02.1', /negative/],
    ] as const) {
      const res = await call(t, county, 'PUT', `/api/statistics/my/TDGY/${P}/values`, { values });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'statistics.values_invalid');
      assert.match(res.body.error.message, new RegExp(cell.replace('.', '\\.')));
      assert.match(res.body.error.message, re);
      assert.equal(res.body.error.field, cell);
    }
    assert.deepEqual(await stored(id), before, 'nothing half-saved');
  });

  it('values save; the answer carries the check report; a hard check blocks submission naming its cells', async () => {
    const bad = await call(t, county, 'PUT', `/api/statistics/my/TDGY/${P}/values`, { values: { ...GOOD_SUPPLY, '02.3': 9 } });
    assert.equal(bad.status, 200, JSON.stringify(bad.body));
    const hard = bad.body.checks.find((c: any) => c.key === 'of-which@02');
    assert.equal(hard.level, 'hard');
    assert.deepEqual(hard.cells.map((c: any) => [c.cell, c.value]), [['02.3', 9], ['02.2', 3.5]]);
    const sub = await call(t, county, 'POST', `/api/statistics/my/TDGY/${P}/submit`, sign);
    assert.equal(sub.status, 422);
    assert.equal(sub.body.error.code, 'statistics.check_failed');
    assert.match(sub.body.error.message, /02\.3/);
    const r = await t.testDb.owner.selectFrom('statistics.reports').select(['status', 'revision']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(r, { status: 'draft', revision: 0 });
  });

  it('a soft check (a jump over 50 % against last year) needs an explanation (上报说明) to submit', async () => {
    // Last year the county supplied 5 ha in the same month.
    const ly = await call(t, county, 'PUT', '/api/statistics/my/TDGY/202303/values', { values: { '02.1': 1, '02.2': 5 } });
    assert.equal(ly.status, 200, JSON.stringify(ly.body));
    await call(t, county, 'PUT', `/api/statistics/my/TDGY/${P}/values`, { values: { '02.3': 1.2 } });
    const view = await call(t, county, 'GET', `/api/statistics/my/TDGY/${P}`);
    assert.deepEqual(view.body.checks.map((c: any) => c.key), ['jump']);
    assert.deepEqual(view.body.checks[0].cells.map((c: any) => [c.ref, c.value]), [['lastyear:01.2', 5], ['01.2', 10.4]]);
    const unexplained = await call(t, county, 'POST', `/api/statistics/my/TDGY/${P}/submit`, sign);
    assert.equal(unexplained.status, 422);
    assert.equal(unexplained.body.error.code, 'statistics.explanation_required');
    assert.equal(unexplained.body.error.field, 'explanations.jump');
    const unsigned = await call(t, county, 'POST', `/api/statistics/my/TDGY/${P}/submit`, { explanations: { jump: '本月集中供应两宗工业用地' }, statistician: '何丽' });
    assert.equal(unsigned.status, 400, 'the unit head signs');
    const ok = await call(t, county, 'POST', `/api/statistics/my/TDGY/${P}/submit`, { ...sign, explanations: { jump: '本月集中供应两宗工业用地' } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.revision, 1);
    const rev = await t.testDb.owner.selectFrom('statistics.revisions').selectAll().where('reportId', '=', id).executeTakeFirstOrThrow();
    assert.equal(rev.responsiblePerson, '张伟');
    assert.equal(rev.statistician, '何丽');
    assert.deepEqual(rev.explanations, { jump: '本月集中供应两宗工业用地' });
  });

  it('once submitted the unit cannot change values until it is returned', async () => {
    const res = await call(t, county, 'PUT', `/api/statistics/my/TDGY/${P}/values`, { values: { '02.1': 3 } });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'statistics.report_wrong_state');
  });

  it('the city never edits the county\'s values (上级不得代填代改), by the API or straight in the database', async () => {
    const res = await call(t, city, 'PUT', `/api/statistics/reports/${id}/values`, { values: { '02.1': 99 } });
    assert.equal(res.status, 403);
    const own = await call(t, city, 'GET', `/api/statistics/my/TDGY/${P}`);
    assert.equal(own.status, 403, 'the city bureau has no fill permission');
    assert.equal((await stored(id))['02.1'], 2);
  });

  it('the city returns with a comment on a cell; a comment on an unknown cell is refused', async () => {
    const wrong = await call(t, city, 'POST', `/api/statistics/reports/${id}/review`, { decision: 'return', comment: '请核实', cellComments: [{ cell: '77.1', comment: 'x' }] });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.field, 'cellComments.0.cell');
    const byProvince = await call(t, province, 'POST', `/api/statistics/reports/${id}/review`, { decision: 'accept' });
    assert.equal(byProvince.status, 403, 'only the level directly above reviews');
    const ret = await call(t, city, 'POST', `/api/statistics/reports/${id}/review`, { decision: 'return', comment: '挂牌面积请核实', cellComments: [{ cell: '06.2', comment: '与土地市场动态监测系统不一致' }] });
    assert.equal(ret.status, 200, JSON.stringify(ret.body));
    const view = await call(t, county, 'GET', `/api/statistics/my/TDGY/${P}`);
    assert.equal(view.body.report.status, 'returned');
    assert.deepEqual(view.body.cellComments, [{ cell: '06.2', comment: '与土地市场动态监测系统不一致' }]);
  });

  it('the county corrects and resubmits; the diff shows the changed cell; the city accepts', async () => {
    const fix = await call(t, county, 'PUT', `/api/statistics/my/TDGY/${P}/values`, { values: { '06.2': 4.2 } });
    assert.equal(fix.status, 200);
    const diffNow = await call(t, city, 'GET', `/api/statistics/reports/${id}/diff?from=1`);
    assert.deepEqual(diffNow.body.changes, [{ cell: '06.2', before: 4.8, after: 4.2 }]);
    const re = await call(t, county, 'POST', `/api/statistics/my/TDGY/${P}/submit`, { ...sign, explanations: { jump: '本月集中供应两宗工业用地' } });
    assert.equal(re.status, 200, JSON.stringify(re.body));
    assert.equal(re.body.revision, 2);
    const diff = await call(t, city, 'GET', `/api/statistics/reports/${id}/diff?from=1&to=2`);
    assert.deepEqual(diff.body.changes, [{ cell: '06.2', before: 4.8, after: 4.2 }]);
    const acc = await call(t, city, 'POST', `/api/statistics/reports/${id}/review`, { decision: 'accept', comment: null });
    assert.equal(acc.status, 200);
    const r = await t.testDb.owner.selectFrom('statistics.reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(r.status, 'accepted');
    assert.ok(r.acceptedBy && r.submittedBy && r.reviewedBy);
    const events = await t.testDb.owner.selectFrom('statistics.events').select('kind').where('reportId', '=', id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.kind), ['submitted', 'returned', 'submitted', 'accepted']);
    const audit = await t.testDb.owner.selectFrom('audit.entries').select('action').where('action', 'like', 'statistics.report.%').execute();
    assert.ok(audit.length >= 4);
  });

  it('another county sees nothing of it; the province sees it', async () => {
    assert.equal((await call(t, otherCounty, 'GET', `/api/statistics/reports/${id}`)).status, 404);
    const list = await call(t, otherCounty, 'GET', `/api/statistics/reports?form=TDGY&period=${P}`);
    assert.deepEqual(list.body, []);
    assert.equal((await call(t, province, 'GET', `/api/statistics/reports/${id}`)).status, 200);
  });
});

describe('two simultaneous submissions of one report: exactly one wins', () => {
  it('one 200, one 409, one revision', async () => {
    await openPeriod(t, 'TDGY', '202404');
    const c2 = await loginAs(t, 'bz_stat');
    assert.equal((await call(t, county, 'PUT', '/api/statistics/my/TDGY/202404/values', { values: GOOD_SUPPLY })).status, 200);
    const body = { ...sign, expectedRevision: 0 };
    const [a, b] = await Promise.all([
      call(t, county, 'POST', '/api/statistics/my/TDGY/202404/submit', body),
      call(t, c2, 'POST', '/api/statistics/my/TDGY/202404/submit', body),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const loser = a.status === 409 ? a : b;
    assert.match(loser.body.error.code, /statistics\.(report_wrong_state|report_changed)/);
    const r = await t.testDb.owner.selectFrom('statistics.reports as r').innerJoin('statistics.periods as p', 'p.id', 'r.periodId')
      .select(['r.id', 'r.revision']).where('p.period', '=', '202404').where('r.divisionCode', '=', '520304').executeTakeFirstOrThrow();
    assert.equal(r.revision, 1);
    const revs = await t.testDb.owner.selectFrom('statistics.revisions').select('revision').where('reportId', '=', r.id).execute();
    assert.equal(revs.length, 1);
  });
});

describe('the window locks after the deadline; only the level above reopens it, for one unit, with a reason', () => {
  it('after the lock a save names the cell; the city reopens; the county saves', async () => {
    await openPeriod(t, 'TDGY', '202405', -1);
    const locked = await call(t, county, 'PUT', '/api/statistics/my/TDGY/202405/values', { values: { '02.1': 1 } });
    assert.equal(locked.status, 423);
    assert.equal(locked.body.error.code, 'statistics.window_closed');
    assert.equal(locked.body.error.field, '02.1');
    assert.equal((await call(t, county, 'POST', '/api/statistics/my/TDGY/202405/submit', sign)).status, 423);
    const self = await call(t, county, 'POST', '/api/statistics/reopen', { form: 'TDGY', period: '202405', orgPath: 'cn.p52.c5203.x520304', reason: '补报' });
    assert.equal(self.status, 403, 'the county may not reopen its own window');
    const noReason = await call(t, city, 'POST', '/api/statistics/reopen', { form: 'TDGY', period: '202405', orgPath: 'cn.p52.c5203.x520304' });
    assert.equal(noReason.status, 400);
    const ok = await call(t, city, 'POST', '/api/statistics/reopen', { form: 'TDGY', period: '202405', orgPath: 'cn.p52.c5203.x520304', reason: '系统故障未能按时报送', days: 2 });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((await call(t, county, 'PUT', '/api/statistics/my/TDGY/202405/values', { values: { '02.1': 1, '02.2': 1 } })).status, 200);
    const other = await call(t, otherCounty, 'PUT', '/api/statistics/my/TDGY/202405/values', { values: { '02.1': 1 } });
    assert.equal(other.status, 423, 'reopened for one unit only');
  });
});

describe('a unit that does not report a form, and a period that does not exist', () => {
  it('are refused by name', async () => {
    const city2 = await call(t, await loginAs(t, 'bz_stat'), 'GET', '/api/statistics/my/TDGY/2024Q1');
    assert.equal(city2.status, 400);
    const future = await call(t, county, 'GET', '/api/statistics/my/TDGY/209901');
    assert.equal(future.status, 422);
    const unknown = await call(t, county, 'GET', '/api/statistics/my/NOPE/202401');
    assert.equal(unknown.status, 404);
  });
});
