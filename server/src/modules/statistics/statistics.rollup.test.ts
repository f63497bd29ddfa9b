import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import readExcelFile from 'read-excel-file/node';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { GOOD_SUPPLY, openPeriod } from './statistics.test-helpers.ts';

const t: TestApp = await startTestApp();
let county: string; let city: string; let province: string;
const sign = { responsiblePerson: '张伟', statistician: '何丽' };

async function period(code: string) {
  const f = await t.testDb.owner.selectFrom('statistics.forms').select('id').where('code', '=', 'TDGY').executeTakeFirstOrThrow();
  return t.testDb.owner.selectFrom('statistics.periods').selectAll().where('formId', '=', f.id).where('period', '=', code).executeTakeFirstOrThrow();
}

/** An accepted report put straight into the database (a unit with no account in the demo). */
async function reported(code: string, division: string, values: Record<string, number>) {
  const p = await period(code);
  const path = `cn.p52.c5203.x${division}`;
  const r = await t.testDb.owner.insertInto('statistics.reports').values({
    periodId: p.id, formId: p.formId, orgPath: path, divisionCode: division, unitName: `${division}局`, status: 'accepted', revision: 1, firstSubmittedAt: new Date(`${p.dueOn}T01:00:00Z`),
  }).returning('id').executeTakeFirstOrThrow();
  for (const [cell, value] of Object.entries(values)) await t.testDb.owner.insertInto('statistics.report_values').values({ reportId: r.id, orgPath: path, cell, value }).execute();
}

before(async () => {
  county = await loginAs(t, 'bz_stat');
  city = await loginAs(t, 'city_stat');
  province = await loginAs(t, 'prov_stat');
});

/** The kept part sums (statistics.rollup_parts, 0971) equal the report rows and value rows of the period, summed here apart. */
async function assertPartsExact(periodId: number, step: string) {
  const { sql } = await import('kysely');
  const db = t.testDb.owner;
  const expected = await sql<{ k: string; total: string; n: number }>`
    select concat_ws('|', r.status, statistics.rollup_part_of(r.org_path), '') as k, count(*)::text as total, count(*)::int as n
      from statistics.reports r where r.period_id = ${periodId} and r.status in ('submitted', 'accepted') group by 1
    union all
    select concat_ws('|', r.status, statistics.rollup_part_of(r.org_path), v.cell), sum(v.value)::text, count(*)::int
      from statistics.reports r join statistics.report_values v on v.report_id = r.id
     where r.period_id = ${periodId} and r.status in ('submitted', 'accepted') group by 1`.execute(db);
  const kept = await sql<{ k: string; total: string; n: number }>`
    select concat_ws('|', status, part_path, cell) as k, total::text as total, n from statistics.rollup_parts where period_id = ${periodId}`.execute(db);
  const norm = (rows: { k: string; total: string; n: number }[]) => Object.fromEntries(rows.map((x) => [x.k, `${Number(x.total)}×${x.n}`]).sort(([a], [b]) => a!.localeCompare(b!)));
  assert.deepEqual(norm(kept.rows), norm(expected.rows), `rollup_parts after ${step}`);
}

describe('roll-ups (汇总) are live and follow the hierarchy valid in the period', () => {
  it('the county\'s accepted value reaches the city and province roll-ups; completeness rises', async () => {
    await openPeriod(t, 'TDGY', '202407');
    const before = await call(t, province, 'GET', '/api/statistics/completeness?form=TDGY&period=202407&by=city');
    assert.equal(before.status, 200, JSON.stringify(before.body));
    const zunyi0 = before.body.groups.find((g: any) => g.path === 'cn.p52.c5203');
    assert.equal(zunyi0.expected, 5, 'the five demo counties of 遵义市 report TDGY');
    assert.equal(zunyi0.submitted, 0);
    assert.equal((await call(t, county, 'PUT', '/api/statistics/my/TDGY/202407/values', { values: GOOD_SUPPLY })).status, 200);
    const sub = await call(t, county, 'POST', '/api/statistics/my/TDGY/202407/submit', sign);
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    const live = await call(t, province, 'GET', '/api/statistics/rollup?form=TDGY&period=202407&by=city');
    assert.equal(live.body.groups.length, 1);
    assert.equal(live.body.groups[0].name, '遵义市');
    assert.equal(live.body.groups[0].values['01.2'], 10.4, 'the total (合计) is recomputed from the sums');
    const acceptedOnly0 = await call(t, province, 'GET', '/api/statistics/rollup?form=TDGY&period=202407&by=city&accepted=1');
    assert.deepEqual(acceptedOnly0.body.groups, []);
    assert.equal((await call(t, city, 'POST', `/api/statistics/reports/${sub.body.id}/review`, { decision: 'accept' })).status, 200);
    const acc = await call(t, province, 'GET', '/api/statistics/rollup?form=TDGY&period=202407&by=province&accepted=1');
    assert.equal(acc.body.total.values['02.2'], 3.5);
    assert.equal(acc.body.groups[0].name, '贵州省');
    const after = await call(t, province, 'GET', '/api/statistics/completeness?form=TDGY&period=202407&by=city');
    const zunyi = after.body.groups.find((g: any) => g.path === 'cn.p52.c5203');
    assert.deepEqual([zunyi.submitted, zunyi.onTime, zunyi.accepted], [1, 1, 1]);
    const xlsx = await t.inject({ method: 'GET', url: '/api/statistics/completeness.xlsx?form=TDGY&period=202407&by=city', headers: { cookie: province } });
    assert.equal(xlsx.statusCode, 200);
    const [sheet] = await readExcelFile(xlsx.rawPayload);
    assert.deepEqual(sheet!.data[0], ['地区', '应报', '已报', '报送率', '按时报送', '及时率', '审核通过']);
    assert.deepEqual(sheet!.data[1]!.slice(0, 3), ['遵义市', 5, 1]);
  });

  it('a merged county stays under itself for earlier periods; a county moved to another city rolls up where it stood then', async () => {
    const db = t.testDb.owner;
    // 测试县 (520399) merged into 播州区 on 2024-07-01; 移交县 (520398) moved from 遵义市 to 贵阳市 the same day.
    await db.insertInto('orgs.divisions').values([
      { code: '520399', name: '测试县', level: 'county', parentCode: '520300', path: 'cn.p52.c5203.x520399', validFrom: '2000-01-01', validTo: '2024-07-01', replacedBy: '520304' },
      { code: '520398', name: '移交县', level: 'county', parentCode: '520300', path: 'cn.p52.c5203.x520398', validFrom: '2000-01-01', validTo: '2024-07-01', replacedBy: null },
      { code: '520398', name: '移交县', level: 'county', parentCode: '520100', path: 'cn.p52.c5203.x520398', validFrom: '2024-07-01', validTo: null, replacedBy: null },
    ]).execute();
    const f = await db.selectFrom('statistics.forms').select('id').where('code', '=', 'TDGY').executeTakeFirstOrThrow();
    await db.insertInto('statistics.assignments').values([
      { formId: f.id, orgPath: 'cn.p52.c5203.x520399', divisionCode: '520399', unitName: '测试县局', validFrom: '2000-01-01', validTo: '2024-07-01' },
      { formId: f.id, orgPath: 'cn.p52.c5203.x520398', divisionCode: '520398', unitName: '移交县局', validFrom: '2000-01-01', validTo: null },
    ]).execute();
    await openPeriod(t, 'TDGY', '202406');
    await openPeriod(t, 'TDGY', '202408');
    await reported('202406', '520399', { '02.1': 5, '02.2': 5 });
    await reported('202406', '520398', { '02.1': 7, '02.2': 7 });
    await reported('202408', '520398', { '02.1': 11, '02.2': 11 });

    const june = await call(t, province, 'GET', '/api/statistics/rollup?form=TDGY&period=202406&by=city');
    assert.deepEqual(june.body.groups.map((g: any) => [g.code, g.values['02.1']]), [['520300', 12]]);
    const juneCounties = await call(t, province, 'GET', '/api/statistics/rollup?form=TDGY&period=202406&by=county');
    assert.deepEqual(juneCounties.body.groups.map((g: any) => [g.name, g.values['02.1']]), [['移交县', 7], ['测试县', 5]]);
    const aug = await call(t, province, 'GET', '/api/statistics/rollup?form=TDGY&period=202408&by=city');
    assert.deepEqual(aug.body.groups.map((g: any) => [g.code, g.name, g.values['02.1']]), [['520100', '贵阳市', 11]]);
    const compJune = await call(t, province, 'GET', '/api/statistics/completeness?form=TDGY&period=202406&by=county');
    assert.ok(compJune.body.groups.some((g: any) => g.name === '测试县'));
    const compAug = await call(t, province, 'GET', '/api/statistics/completeness?form=TDGY&period=202408&by=county');
    assert.ok(!compAug.body.groups.some((g: any) => g.name === '测试县'), 'the merged county is no longer expected');
  });

  it('the overdue list names the units that did not submit by the deadline', async () => {
    await openPeriod(t, 'TDGY', '202402', -3);
    const c = await call(t, city, 'GET', '/api/statistics/completeness?form=TDGY&period=202402&by=county');
    assert.equal(c.status, 200);
    assert.ok(c.body.overdue.some((u: any) => u.divisionCode === '520304'));
    assert.equal(c.body.overdue.length, c.body.total.expected - c.body.total.submitted);
  });
});

describe('reminders before the deadline (催报)', () => {
  it('go once, in-app, to the statisticians of units that have not submitted', async () => {
    await openPeriod(t, 'TDGY', '202401', 1);
    const { createStatisticsService } = await import('./index.ts');
    const svc = createStatisticsService({ db: t.platform.db, audit: t.platform.audit, notify: t.platform.notify });
    const n = await svc.sendReminders();
    assert.ok(n >= 2, `reminded ${n}`);
    const bz = await t.testDb.owner.selectFrom('identity.users').select('id').where('username', '=', 'bz_stat').executeTakeFirstOrThrow();
    const msgs = await t.testDb.owner.selectFrom('notify.outbox').select(['recipient', 'body']).where('recipient', '=', String(bz.id)).where('body', 'like', '%202401%').execute();
    assert.equal(msgs.length, 1);
    assert.equal(await svc.sendReminders(), 0, 'once per unit and period');
  });
});

describe('the packed values the roll-up reads (statistics.report_cells) follow every write', () => {
  it('a unit\'s saves — new cells, changed cells, cleared cells — are mirrored exactly; the roll-up equals the sum of the value rows', async () => {
    await openPeriod(t, 'TDGY', '202409');
    assert.equal((await call(t, county, 'PUT', '/api/statistics/my/TDGY/202409/values', { values: GOOD_SUPPLY })).status, 200);
    const changed = { ...GOOD_SUPPLY, '02.2': 7.25, '05.4': null, '06.4': 0.12 };
    const res = await call(t, county, 'PUT', '/api/statistics/my/TDGY/202409/values', { values: changed });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const p = await period('202409');
    const r = await t.testDb.owner.selectFrom('statistics.reports').select('id').where('periodId', '=', p.id).executeTakeFirstOrThrow();
    const rows = await t.testDb.owner.selectFrom('statistics.report_values').select(['cell', 'value']).where('reportId', '=', r.id).execute();
    const packed = await t.testDb.owner.selectFrom('statistics.report_cells').select('cells').where('reportId', '=', r.id).executeTakeFirstOrThrow();
    assert.deepEqual(Object.fromEntries(Object.entries(packed.cells).map(([k, v]) => [k, Number(v)])), Object.fromEntries(rows.map((x) => [x.cell, Number(x.value)])));
    assert.equal(packed.cells['02.2'], 7.25);
    assert.ok(!('05.4' in packed.cells), 'a cleared cell leaves the packed row');
    // Two more counties reported straight into the database: the roll-up sums all three exactly.
    await reported('202409', '520303', { '02.2': 0.1, '06.4': 0.2 });
    await reported('202409', '520302', { '02.2': 0.2 });
    // (The changed values would fail the form's checks; the report is marked accepted directly.)
    await t.testDb.owner.updateTable('statistics.reports').set({ status: 'accepted' }).where('id', '=', r.id).execute();
    const roll = await call(t, province, 'GET', '/api/statistics/rollup?form=TDGY&period=202409&by=province');
    assert.equal(roll.status, 200, JSON.stringify(roll.body));
    assert.equal(roll.body.total.units, 3);
    assert.equal(roll.body.total.values['02.2'], 7.55, '7.25 + 0.1 + 0.2 summed as numeric, not 7.550000000000001');
    assert.equal(roll.body.total.values['06.4'], 0.32);
  });
});

describe('the national roll-up (one SQL aggregate, kept under a stamp until a report or the hierarchy changes)', () => {
  const CELLS = ['02.1', '02.2', '05.4'];
  const nation = { userId: null, scopes: ['cn'] };

  it('equals a sum computed independently from the value rows; answers from its cache until a submit, an acceptance, a return or a hierarchy change', async () => {
    const { createStatisticsService } = await import('./index.ts');
    const { withContext } = await import('../../platform/db/context.ts');
    // A second service on the same database, as a second server process would be.
    const svc = createStatisticsService({ db: t.platform.db, audit: t.platform.audit, notify: t.platform.notify });
    const roll = (accepted = false) => withContext(t.platform.db, nation, (trx) => svc.rollup(trx, 'TDGY', '202410', 'province', accepted ? ['accepted'] : ['submitted', 'accepted']));
    await openPeriod(t, 'TDGY', '202410');
    const db = t.testDb.owner;
    const p = await period('202410');
    // Every 40th county of the country (other than the demo counties of 遵义市), accepted, values in cents.
    const counties = (await db.selectFrom('orgs.divisions').select(['code', 'path']).where('level', '=', 'county').where('validTo', 'is', null)
      .where('code', 'not like', '5203%').orderBy('code').execute()).filter((_, i) => i % 40 === 0);
    assert.ok(counties.length >= 50, `${counties.length} counties`);
    let seed = 7;
    const cents = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 100000;
    const expected = new Map<string, Record<string, number>>(); // province code → cell → cents
    for (const c of counties) {
      const r = await db.insertInto('statistics.reports').values({ periodId: p.id, formId: p.formId, orgPath: c.path, divisionCode: c.code, unitName: `${c.code}局`, status: 'accepted', revision: 1, firstSubmittedAt: new Date() })
        .returning('id').executeTakeFirstOrThrow();
      const values = CELLS.map((cell) => ({ reportId: r.id, orgPath: c.path, cell, value: cents() / 100 }));
      await db.insertInto('statistics.report_values').values(values).execute();
      const prov = `${c.code.slice(0, 2)}0000`;
      const e = expected.get(prov) ?? {};
      for (const v of values) e[v.cell] = (e[v.cell] ?? 0) + Math.round(v.value * 100);
      expected.set(prov, e);
    }
    const first = await roll();
    assert.deepEqual(first.groups.map((g) => g.code), [...expected.keys()].sort(), 'one group per province');
    assert.equal(first.total.units, counties.length);
    for (const g of first.groups) for (const cell of CELLS) assert.equal(Math.round(g.values[cell]! * 100), expected.get(g.code)![cell], `${g.name} ${cell}`);
    const natCents = CELLS.map((cell) => [...expected.values()].reduce((s, e) => s + e[cell]!, 0));
    assert.deepEqual(CELLS.map((cell) => Math.round(first.total.values[cell]! * 100)), natCents);
    assert.deepEqual(svc.rollupStats(), { computed: 1, hits: 0 });
    await assertPartsExact(p.id, 'the bulk insert');

    // Nothing changed: the same roll-up, from the cache.
    assert.deepEqual(await roll(), first);
    assert.deepEqual(svc.rollupStats(), { computed: 1, hits: 1 });

    // 播州区 submits through the app (the other service): the cached roll-up is not served again.
    assert.equal((await call(t, county, 'PUT', '/api/statistics/my/TDGY/202410/values', { values: GOOD_SUPPLY })).status, 200);
    const sub = await call(t, county, 'POST', '/api/statistics/my/TDGY/202410/submit', sign);
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    const submitted = await roll();
    assert.equal(svc.rollupStats().computed, 2);
    assert.equal(submitted.total.units, counties.length + 1);
    await assertPartsExact(p.id, 'the submission');
    const gz = (r: typeof first) => r.groups.find((g) => g.code === '520000');
    assert.equal(Math.round(gz(submitted)!.values['02.2']! * 100), (expected.get('520000')?.['02.2'] ?? 0) + 350);
    const acceptedOnly = await roll(true);
    assert.equal(acceptedOnly.total.units, counties.length, 'a submitted report is not in the accepted-only roll-up');
    assert.equal((await call(t, city, 'POST', `/api/statistics/reports/${sub.body.id}/review`, { decision: 'accept' })).status, 200);
    assert.equal((await roll(true)).total.units, counties.length + 1, 'the acceptance reaches the accepted-only roll-up');
    await assertPartsExact(p.id, 'the acceptance');

    // A county of the sample reported under another province from the period's end (a made-up
    // move, to show the hierarchy stamp): the cached roll-up is recomputed and moves its values.
    const moved = counties.find((c) => !c.code.startsWith('11'))!;
    const before = await roll();
    const hits = svc.rollupStats().hits;
    assert.equal((await roll()).total.units, before.total.units);
    assert.equal(svc.rollupStats().hits, hits + 1);
    const old = await db.selectFrom('orgs.divisions').selectAll().where('code', '=', moved.code).where('validTo', 'is', null).executeTakeFirstOrThrow();
    await db.updateTable('orgs.divisions').set({ validTo: '2024-10-01' }).where('code', '=', moved.code).where('validFrom', '=', old.validFrom).execute();
    await db.insertInto('orgs.divisions').values({ ...old, parentCode: '110100', validFrom: '2024-10-01', validTo: null }).execute();
    const after = await roll();
    const beijing = (r: typeof first) => r.groups.find((g) => g.code === '110000')!.values['02.1']!;
    const mine = expected.get(`${moved.code.slice(0, 2)}0000`) && (await db.selectFrom('statistics.report_values as v').innerJoin('statistics.reports as r', 'r.id', 'v.reportId')
      .select('v.value').where('r.divisionCode', '=', moved.code).where('r.periodId', '=', p.id).where('v.cell', '=', '02.1').executeTakeFirstOrThrow()).value;
    assert.equal(Math.round(beijing(after) * 100), Math.round(beijing(before) * 100) + Math.round(Number(mine) * 100), 'the moved county\'s value now rolls up to 北京市');

    // A return takes the report out of the roll-up again.
    await db.updateTable('statistics.reports').set({ status: 'returned' }).where('id', '=', sub.body.id).execute();
    assert.equal((await roll()).total.units, counties.length);
    await assertPartsExact(p.id, 'the return');

    // A value changed under an accepted report, and a report deleted: the kept sums follow.
    const [one, two] = counties.filter((c) => c.code !== moved.code);
    await db.updateTable('statistics.report_values').set({ value: 1234.56 }).where('cell', '=', '02.2')
      .where('reportId', '=', db.selectFrom('statistics.reports').select('id').where('periodId', '=', p.id).where('divisionCode', '=', one!.code)).execute();
    const gone = await db.selectFrom('statistics.reports').select('id').where('periodId', '=', p.id).where('divisionCode', '=', two!.code).executeTakeFirstOrThrow();
    await db.deleteFrom('statistics.report_values').where('reportId', '=', gone.id).execute();
    await db.deleteFrom('statistics.reports').where('id', '=', gone.id).execute();
    await assertPartsExact(p.id, 'a changed value and a deleted report');
    const now = await roll();
    assert.equal(now.total.units, counties.length - 1);

    // The roll-up reads the kept sums of whole parts (it does not re-sum their reports): a kept
    // total changed by hand shows in a new service's first roll-up, and the count check falls back.
    const fresh = createStatisticsService({ db: t.platform.db, audit: t.platform.audit, notify: t.platform.notify });
    const part = one!.path.split('.').slice(0, 3).join('.');
    await db.updateTable('statistics.rollup_parts').set((eb) => ({ total: eb('total', '+', '100') })).where('periodId', '=', p.id).where('partPath', '=', part).where('cell', '=', '02.2').execute();
    const tampered = await withContext(t.platform.db, nation, (trx) => fresh.rollup(trx, 'TDGY', '202410', 'province'));
    assert.equal(Math.round(tampered.total.values['02.2']! * 100), Math.round(now.total.values['02.2']! * 100) + 10000);
    await db.updateTable('statistics.rollup_parts').set((eb) => ({ total: eb('total', '-', '100') })).where('periodId', '=', p.id).where('partPath', '=', part).where('cell', '=', '02.2').execute();
    await db.updateTable('statistics.rollup_parts').set((eb) => ({ total: eb('total', '+', '1') })).where('periodId', '=', p.id).where('partPath', '=', part).where('cell', '=', '').execute();
    const fresh2 = createStatisticsService({ db: t.platform.db, audit: t.platform.audit, notify: t.platform.notify }); // no cached answer
    const counted = await withContext(t.platform.db, nation, (trx) => fresh2.rollup(trx, 'TDGY', '202410', 'province'));
    assert.deepEqual(counted.total, now.total, 'a part whose kept count disagrees is summed report by report');
  });
});
