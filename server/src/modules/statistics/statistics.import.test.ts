import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import readExcelFile from 'read-excel-file/node';
import writeExcelFile from 'write-excel-file/node';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { SEED_FORMS } from './forms.seed.ts';
import { openPeriod } from './statistics.test-helpers.ts';

const t: TestApp = await startTestApp();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let county: string; let province: string;

before(async () => {
  county = await loginAs(t, 'bz_stat');
  province = await loginAs(t, 'prov_stat');
  for (const p of ['202409', '202411', '202412']) await openPeriod(t, 'TDGY', p);
  await openPeriod(t, 'TDZF', '2024Q3');
  await openPeriod(t, 'TDZF', '2024Q2');
});

async function template(form: string, period: string) {
  const res = await t.inject({ method: 'GET', url: `/api/statistics/my/${form}/${period}/template.xlsx`, headers: { cookie: county } });
  assert.equal(res.statusCode, 200, res.body);
  return (await readExcelFile(res.rawPayload)) as { sheet: string; data: unknown[][] }[];
}

/** Writes the sheets back with some cells changed (A1 notation on the first sheet) and lines added. */
async function filled(sheets: { sheet: string; data: unknown[][] }[], edits: Record<string, unknown>, extra: unknown[][] = []): Promise<Buffer> {
  const data = sheets[0]!.data.map((r) => [...r]);
  for (const [addr, v] of Object.entries(edits)) {
    const m = /^([A-Z])(\d+)$/.exec(addr)!;
    data[Number(m[2]) - 1]![m[1]!.charCodeAt(0) - 65] = v;
  }
  data.push(...extra);
  const cell = (v: unknown) => (v === null || v === undefined ? null : { value: v, type: typeof v === 'number' ? Number : String });
  const parts = sheets.map((s, i) => ({ sheet: s.sheet, data: (i === 0 ? data : s.data).map((r) => r.map(cell)) }));
  return (await writeExcelFile(parts as never).toBuffer()) as Buffer;
}

async function upload(period: string, body: Buffer, dryRun: '0' | '1') {
  const res = await t.inject({ method: 'POST', url: `/api/statistics/my/TDGY/${period}/excel?dryRun=${dryRun}`, headers: { cookie: county, 'content-type': XLSX }, payload: body });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

/** The values the unit imported (derived cells, filled from other modules when the report opens, left out). */
async function stored(period: string) {
  return t.testDb.owner.selectFrom('statistics.report_values as v').innerJoin('statistics.reports as r', 'r.id', 'v.reportId').innerJoin('statistics.periods as p', 'p.id', 'r.periodId')
    .select(['v.cell', 'v.value', 'v.source']).where('p.period', '=', period).where('r.divisionCode', '=', '520304').where('v.source', '!=', 'derived').orderBy('v.cell').execute();
}

describe('Excel: the form as a template, a dry run naming every error by sheet and cell, then all or nothing', () => {
  it('the template looks like the printed form', async () => {
    const [form, meta] = await template('TDGY', '202409');
    assert.equal(form!.sheet, '自然资土地统1表');
    assert.equal(form!.data[0]![0], '建设用地供应情况');
    assert.match(String(form!.data[1]![0]), /表号：自然资土地统1表.*制定机关：自然资源部/);
    assert.deepEqual(form!.data[4]!.slice(0, 5), ['甲', '乙', '丙', '1', '2']);
    assert.deepEqual(form!.data[5]!.slice(0, 2), ['合计', '01']);
    assert.equal(form!.data[5]![3], '—', 'computed cells are marked');
    assert.equal(form!.data[6]![6], '×', 'blank cells are marked');
    assert.deepEqual(meta!.data[0], ['SUNLAND-STAT', 'TDGY', 1, '202409']);
  });

  it('a dry run lists every error with its sheet and cell, and an import with errors changes nothing', async () => {
    const sheets = await template('TDGY', '202409');
    const body = await filled(sheets, { D7: 2, E7: 'abc', D11: 1, E11: 2.1 }, [[ '虚构行', '99', '', 1 ]]);
    const dry = await upload('202409', body, '1');
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.equal(dry.body.ok, false);
    assert.deepEqual(dry.body.errors.map((e: any) => [e.sheet, e.address]).sort(), [['自然资土地统1表', 'B18'], ['自然资土地统1表', 'E7']]);
    assert.match(dry.body.errors.find((e: any) => e.address === 'E7').message, /02\.2.*not a number/);
    const real = await upload('202409', body, '0');
    assert.equal(real.status, 400);
    assert.equal(real.body.error.code, 'statistics.excel_invalid');
    assert.equal(real.body.error.errors.length, 2);
    assert.deepEqual(await stored('202409'), [], 'nothing half-imported');
  });

  it('a clean file imports every value at once, marked as from Excel', async () => {
    const sheets = await template('TDGY', '202409');
    const body = await filled(sheets, { D7: 2, E7: 3.5, D11: 1, E11: 2.1 });
    const dry = await upload('202409', body, '1');
    assert.deepEqual([dry.body.ok, dry.body.errors], [true, []]);
    assert.deepEqual(await stored('202409'), [], 'a dry run saves nothing');
    const real = await upload('202409', body, '0');
    assert.equal(real.status, 200, JSON.stringify(real.body));
    assert.deepEqual((await stored('202409')).map((v) => [v.cell, Number(v.value), v.source]), [['02.1', 2, 'excel'], ['02.2', 3.5, 'excel'], ['06.1', 1, 'excel'], ['06.2', 2.1, 'excel']]);
  });

  it('a workbook of another form, another version or another period, or not a workbook, is refused', async () => {
    const zf = await filled(await template('TDZF', '2024Q3'), {});
    const wrongForm = await upload('202409', zf, '1');
    assert.equal(wrongForm.status, 400);
    assert.equal(wrongForm.body.error.code, 'statistics.excel_wrong_form');
    const v1 = await filled(await template('TDGY', '202409'), { D7: 1, E7: 1 });
    const wrongPeriod = await upload('202411', v1, '1');
    assert.equal(wrongPeriod.body.error.code, 'statistics.excel_wrong_period');
    // Version 2 of the form; a period opened after it uses it, the earlier one keeps version 1.
    const def = structuredClone(SEED_FORMS[0]!.definition);
    def.rows.push({ code: '10', name: '其中：保障性住房用地', indent: 1 });
    const bad = await call(t, province, 'POST', '/api/statistics/forms/TDGY/versions', { definition: { ...def, checks: [{ id: 'x', expr: '[10.1] <= ', level: 'hard', message: 'm' }] } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'definition.checks.0.expr');
    const v2 = await call(t, province, 'POST', '/api/statistics/forms/TDGY/versions', { definition: def, note: '增加保障性住房用地' });
    assert.equal(v2.status, 201, JSON.stringify(v2.body));
    assert.equal(v2.body.version, 2);
    await openPeriod(t, 'TDGY', '202410');
    assert.equal((await call(t, county, 'GET', '/api/statistics/my/TDGY/202410')).body.period.version, 2);
    assert.equal((await call(t, county, 'GET', '/api/statistics/my/TDGY/202409')).body.period.version, 1, 'a period keeps its version');
    const v1b = await filled(await template('TDGY', '202409'), {});
    const wrongVersion = await upload('202410', v1b, '1');
    assert.equal(wrongVersion.body.error.code, 'statistics.excel_wrong_version');
    const junk = await upload('202410', Buffer.from('not a workbook at all'), '1');
    assert.equal(junk.status, 400);
    assert.equal(junk.body.error.code, 'statistics.excel_unreadable');
  });
});

describe('machine API shaped like DHIS2 dataValueSets', () => {
  it('all or nothing: conflicts name the cell; a clean set imports and is marked as from the API', async () => {
    const bad = await call(t, county, 'POST', '/api/statistics/dataValueSets', {
      dataSet: 'TDGY', period: '202411', orgUnit: '520304',
      dataValues: [{ dataElement: '02', categoryOptionCombo: '1', value: '4' }, { dataElement: '02', categoryOptionCombo: '2', value: 'x' }, { dataElement: '42', categoryOptionCombo: '1', value: 1 }],
    });
    assert.equal(bad.status, 409);
    assert.equal(bad.body.status, 'ERROR');
    assert.deepEqual(bad.body.conflicts.map((c: any) => c.object), ['02.2', '42.1']);
    assert.deepEqual(await stored('202411'), []);
    const other = await call(t, county, 'POST', '/api/statistics/dataValueSets', { dataSet: 'TDGY', period: '202411', orgUnit: '520303', dataValues: [{ dataElement: '02', categoryOptionCombo: '1', value: 1 }] });
    assert.equal(other.status, 400);
    assert.equal(other.body.error.field, 'orgUnit');
    const ok = await call(t, county, 'POST', '/api/statistics/dataValueSets', {
      dataSet: 'TDGY', period: '202411', orgUnit: '520304', dataValues: [{ dataElement: '02', categoryOptionCombo: '1', value: '4' }, { dataElement: '02', categoryOptionCombo: '2', value: 6.25 }],
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.importCount, { imported: 2, updated: 0, ignored: 0, deleted: 0 });
    assert.deepEqual((await stored('202411')).map((v) => [v.cell, Number(v.value), v.source]), [['02.1', 4, 'api'], ['02.2', 6.25, 'api']]);
  });
});

describe('values other modules know are filled in and marked', () => {
  it('a derived cell comes from its provider and is marked derived', async () => {
    const { createStatisticsService } = await import('./index.ts');
    const svc = createStatisticsService({
      db: t.platform.db, audit: t.platform.audit, notify: t.platform.notify,
      derived: { 'tipoffs.received': async (_trx, q) => (q.divisionCode === '520304' && q.from === '2024-04-01' && q.to === '2024-06-30' ? 17 : 0) },
    });
    const actor = (await t.testDb.owner.selectFrom('identity.users').select(['id']).where('username', '=', 'bz_stat').executeTakeFirstOrThrow());
    const acting = { userId: actor.id, username: 'bz_stat', displayName: '播州统计', kind: 'staff' as const, postId: null, orgUnitId: null, scopePath: 'cn.p52.c5203.x520304', permissions: new Set(['statistics.report.fill']) };
    const view = await svc.inScope({ ...acting, sessionId: 'x', roles: [] }, (trx) => svc.openOwn(trx, acting, 'TDZF', '2024Q2'));
    assert.equal(view.values['02.8'], 17);
    assert.deepEqual(view.sources['02.8'], { source: 'derived', ref: 'tipoffs.received' });
  });
});

describe('土地执法情况 takes the tip-offs received from the tip-offs module', () => {
  it('counts land tip-offs of the county in the quarter into 02.8, marked derived, and mineral ones into 03.8', async () => {
    const { setPowDifficulty, submitPublic, reportBody } = await import('../tipoffs/tipoffs.test-helpers.ts');
    await setPowDifficulty(t, 1);
    for (const body of [reportBody(), reportBody(), reportBody({ violationType: 'mineral_illegal_mining' })]) {
      const res = await submitPublic(t, body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const now = new Date();
    const q = `${now.getUTCFullYear()}Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    await openPeriod(t, 'TDZF', q);
    const view = await call(t, county, 'GET', `/api/statistics/my/TDZF/${q}`);
    assert.equal(view.status, 200, JSON.stringify(view.body));
    assert.equal(view.body.values['02.8'], 2);
    assert.equal(view.body.values['03.8'], 1);
    assert.deepEqual(view.body.sources['02.8'], { source: 'derived', ref: 'tipoffs.received' });
  });
});

describe('建设用地供应情况 takes 划拨宗数 from the approvals module', () => {
  it('counts the county\'s 国有建设用地使用权划拨 granted in the month into 02.1, marked derived; other months, matters and denials do not count', async () => {
    const db = t.testDb.owner;
    const huabo = await db.selectFrom('approvals.matter_versions').select(['id', 'matterId']).where('name', '=', '国有建设用地使用权划拨').executeTakeFirstOrThrow();
    const other = await db.selectFrom('approvals.matter_versions').select(['id', 'matterId']).where('name', '!=', '国有建设用地使用权划拨').executeTakeFirstOrThrow();
    const bureau = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520304-B').executeTakeFirstOrThrow();
    const hc = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520303-B').executeTakeFirstOrThrow();
    let n = 0;
    const decided = async (m: { id: number; matterId: number }, unit: { id: number; path: string }, decision: 'granted' | 'denied', decidedOn: string) => {
      n++;
      await db.insertInto('approvals.cases').values({
        caseNo: `TEST-HB-${n}`, matterId: m.matterId, matterVersionId: m.id, orgPath: unit.path, orgUnitId: unit.id, divisionCode: unit.path.slice(-6),
        applicantKind: 'company', applicantName: '遵义市某学校', applicantIdNumber: '52030400000000000X', applicantPhone: '13800000000', channel: 'walk_in',
        status: 'decided', decision, receivedOn: '2024-02-01', promisedDays: 20, statutoryDays: 20, decidedOn, decidedAt: new Date(`${decidedOn}T03:00:00Z`),
      } as never).execute();
    };
    await decided(huabo, bureau, 'granted', '2024-03-05');
    await decided(huabo, bureau, 'granted', '2024-03-31');
    await decided(huabo, bureau, 'granted', '2024-04-01'); // next month
    await decided(huabo, bureau, 'denied', '2024-03-10'); // 不予许可
    await decided(other, bureau, 'granted', '2024-03-12'); // another matter
    await decided(huabo, hc, 'granted', '2024-03-12'); // another county
    await openPeriod(t, 'TDGY', '202403');
    const view = await call(t, county, 'GET', '/api/statistics/my/TDGY/202403');
    assert.equal(view.status, 200, JSON.stringify(view.body));
    assert.equal(view.body.values['02.1'], 2);
    assert.deepEqual(view.body.sources['02.1'], { source: 'derived', ref: 'approvals.decided' });
  });
});
