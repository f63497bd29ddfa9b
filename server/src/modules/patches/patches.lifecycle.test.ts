import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import type { Geometry } from '../../platform/geo/index.ts';
import { approvals2024, openLand, unusedApproval, CENTRE, createBatch, feature, importGeoJson, rect } from './patches.test-helpers.ts';

const t: TestApp = await startTestApp();
let city = '';
let county = '';
let batchNo = '';
const ids: Record<string, string> = {};
let approvalCode = '';

before(async () => {
  city = await loginAs(t, 'supervisor');
  county = await loginAs(t, 'inspector');
  batchNo = await createBatch(t, city);
});

describe('a monitoring batch (监测批次) from import to the 15 % figure', () => {
  it('the dry run reports counts per county, invalid geometries with their location, patches outside every county and duplicates of an earlier batch; nothing is written', async () => {
    const demo = await t.testDb.owner.selectFrom('patches.patches').select('tbbh').orderBy('tbbh').executeTakeFirstOrThrow();
    const a = await unusedApproval(t);
    assert.ok(a, 'the demo map has 2024 approvals');
    const bowtie: Geometry = { type: 'Polygon', coordinates: [[[CENTRE[0], CENTRE[1]], [CENTRE[0] + 0.001, CENTRE[1] + 0.001], [CENTRE[0] + 0.001, CENTRE[1]], [CENTRE[0], CENTRE[1] + 0.001], [CENTRE[0], CENTRE[1]]]] };
    const res = await importGeoJson(t, city, batchNo, [
      feature('T0001', a.geom), feature('T0002', await openLand(t)),
      feature('T0003', bowtie), feature('T0004', rect(100.5, 30.1)), feature(demo.tbbh, await openLand(t, 1)),
    ], 'dryRun=true');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const r = res.body.report;
    assert.equal(res.body.applied, false);
    assert.deepEqual(r.counties, [{ countyCode: '520304', count: 2 }]);
    assert.equal(r.invalid.length, 1);
    assert.equal(r.invalid[0].tbbh, 'T0003');
    assert.equal(r.invalid[0].location.length, 2, 'the self-intersection is located');
    assert.deepEqual(r.outside.map((o: { tbbh: string }) => o.tbbh), ['T0004']);
    assert.deepEqual(r.duplicates.map((d: { tbbh: string; by: string }) => [d.tbbh, d.by]), [[demo.tbbh, 'tbbh']]);
    const n = await t.testDb.owner.selectFrom('patches.patches as p').innerJoin('patches.batches as b', 'b.id', 'p.batchId').select('p.id').where('b.batchNo', '=', batchNo).execute();
    assert.equal(n.length, 0);
  });

  it('a file in a projected CRS read as degrees (wrong projection) is refused naming the feature, nothing written', async () => {
    const projected = await importGeoJson(t, city, batchNo, [feature('P0001', rect(35_583_000, 3_047_000, 50, 40))], 'dryRun=false');
    assert.ok(projected.status >= 400 && projected.status < 500, JSON.stringify(projected.body));
    assert.match(JSON.stringify(projected.body.error), /features\[0\]|coordinates|crs/i);
    assert.equal((await t.testDb.owner.selectFrom('patches.patches').select('id').where('tbbh', '=', 'P0001').execute()).length, 0);
  });

  it('applying a file with a problem is refused naming the feature, and nothing is half-applied', async () => {
    const res = await importGeoJson(t, city, batchNo, [feature('T0001', rect(CENTRE[0] - 0.02, CENTRE[1])), feature('T0004', rect(100.5, 30.1))]);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'patches.import_invalid');
    assert.match(res.body.error.message, /features\[1\] \(T0004\): outside every county/);
    const b = await t.testDb.owner.selectFrom('patches.batches').select(['status', 'patchCount']).where('batchNo', '=', batchNo).executeTakeFirstOrThrow();
    assert.deepEqual(b, { status: 'draft', patchCount: 0 });
    assert.equal((await t.testDb.owner.selectFrom('patches.patches').select('id').where('tbbh', '=', 'T0001').execute()).length, 0);
    const corrupt = await t.inject({ method: 'POST', url: `/api/patches/batches/${batchNo}/import?format=shapefile&dryRun=false`, headers: { cookie: city, 'content-type': 'application/zip' }, payload: Buffer.from('PK\u0003\u0004 not really a zip') });
    assert.ok(corrupt.statusCode >= 400 && corrupt.statusCode < 500, corrupt.body);
    assert.ok(JSON.parse(corrupt.body).error.message.length > 0);
  });

  it('applies a zipped Shapefile in one transaction with the pre-check: an approved site is suggested 合法 with its approval number, open land W', async () => {
    const a = await unusedApproval(t);
    approvalCode = a.code;
    const fc = { type: 'FeatureCollection', features: [feature('T0001', a.geom, { TBMJ: 1234.5 }), feature('T0002', await openLand(t))] };
    const shp = await t.inject({ method: 'POST', url: '/api/geo/convert?from=geojson&to=shapefile', headers: { cookie: city, 'content-type': 'application/geo+json' }, payload: JSON.stringify(fc) });
    assert.equal(shp.statusCode, 200, shp.body);
    const res = await t.inject({ method: 'POST', url: `/api/patches/batches/${batchNo}/import?format=shapefile&dryRun=false`, headers: { cookie: city, 'content-type': 'application/zip' }, payload: shp.rawPayload });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(JSON.parse(res.body).applied, true);
    const list = await call(t, city, 'GET', `/api/patches/patches?batchNo=${batchNo}`);
    assert.equal(list.body.length, 2);
    for (const p of list.body) ids[p.tbbh] = p.id;
    const legal = await call(t, county, 'GET', `/api/patches/patches/${ids.T0001}`);
    assert.equal(legal.status, 200);
    assert.equal(legal.body.suggestedClass, 'LEGAL');
    assert.equal(legal.body.countyCode, '520304');
    assert.match(legal.body.townshipCode, /^520304\d{3}$/);
    assert.equal(Number(legal.body.statedAreaM2), 1234.5);
    const m = legal.body.precheck.approvals.find((x: { layer: string }) => x.layer === 'approved_land');
    assert.equal(m.code, approvalCode);
    assert.ok(m.share > 0.99, `matched share ${m.share}`);
    const w = await call(t, county, 'GET', `/api/patches/patches/${ids.T0002}`);
    assert.equal(w.body.suggestedClass, 'ILLEGAL_W');
    assert.equal(w.body.precheck.approvals.length, 0);
    assert.ok(w.body.precheck.planZones.length >= 1, 'the plan zone is named');
    const batch = await call(t, city, 'GET', `/api/patches/batches/${batchNo}`);
    assert.equal(batch.body.status, 'open');
    assert.deepEqual(batch.body.counties.map((c: { countyCode: string }) => c.countyCode), ['520304']);
  });

  it('the county proposes verdicts (bad ones refused naming the field) and cannot submit while a patch has none', async () => {
    const noNo = await call(t, county, 'POST', `/api/patches/patches/${ids.T0001}/verdict`, { classCode: 'LEGAL' });
    assert.equal(noNo.status, 400);
    assert.equal(noNo.body.error.field, 'approvalNo');
    const ok = await call(t, county, 'POST', `/api/patches/patches/${ids.T0001}/verdict`, { classCode: 'LEGAL', approvalNo: approvalCode });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const early = await call(t, county, 'POST', `/api/patches/batches/${batchNo}/counties/520304/submit`);
    assert.equal(early.status, 409);
    assert.match(early.body.error.message, /T0002/);
    const parent = await call(t, county, 'POST', `/api/patches/patches/${ids.T0002}/verdict`, { classCode: 'ILLEGAL', croplandM2: 100, basicFarmlandM2: 0 });
    assert.equal(parent.status, 400);
    assert.equal(parent.body.error.field, 'classCode');
    const tooMuch = await call(t, county, 'POST', `/api/patches/patches/${ids.T0002}/verdict`, { classCode: 'ILLEGAL_W', croplandM2: 1e6, basicFarmlandM2: 0 });
    assert.equal(tooMuch.status, 400);
    assert.equal(tooMuch.body.error.field, 'croplandM2');
    const ill = await call(t, county, 'POST', `/api/patches/patches/${ids.T0002}/verdict`, { classCode: 'ILLEGAL_W', croplandM2: 600, basicFarmlandM2: 120 });
    assert.equal(ill.status, 200);
    const sub = await call(t, county, 'POST', `/api/patches/batches/${batchNo}/counties/520304/submit`);
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    assert.equal(sub.body.submitted, 2);
    assert.equal(sub.body.late, false);
  });

  it('only the reviewing level reviews: the county cannot; a return needs a comment; the county answers and resubmits; accepted verdicts are locked', async () => {
    assert.equal((await call(t, county, 'POST', `/api/patches/patches/${ids.T0002}/review`, { action: 'accept' })).status, 403);
    const bare = await call(t, city, 'POST', `/api/patches/patches/${ids.T0002}/review`, { action: 'return' });
    assert.equal(bare.status, 400);
    assert.equal(bare.body.error.field, 'comment');
    const ret = await call(t, city, 'POST', `/api/patches/patches/${ids.T0002}/review`, { action: 'return', comment: '请补充占用永久基本农田的举证照片' });
    assert.equal(ret.status, 200);
    assert.equal(ret.body.status, 'returned');
    assert.equal((await call(t, county, 'POST', `/api/patches/patches/${ids.T0002}/verdict`, { classCode: 'ILLEGAL_W', croplandM2: 600, basicFarmlandM2: 150 })).status, 200);
    assert.equal((await call(t, county, 'POST', `/api/patches/batches/${batchNo}/counties/520304/submit`)).status, 200);
    for (const id of [ids.T0001, ids.T0002]) {
      const acc = await call(t, city, 'POST', `/api/patches/patches/${id}/review`, { action: 'accept' });
      assert.equal(acc.status, 200, JSON.stringify(acc.body));
    }
    const illegal = await call(t, county, 'GET', `/api/patches/patches/${ids.T0002}`);
    assert.equal(illegal.body.status, 'accepted');
    // Accepted as 违法, the patch is handed to enforcement (wired in app.ts): a case opens with the patch attached.
    assert.equal(illegal.body.awaitingEnforcement, false);
    assert.match(String(illegal.body.enforcementCaseNo), /^ZF520304-\d{4}-\d{4}$/, 'the enforcement case number');
    const opened = await t.testDb.owner.selectFrom('enforcement.cases').select(['caseNo']).where('caseNo', '=', illegal.body.enforcementCaseNo).execute();
    assert.equal(opened.length, 1, 'the case exists in the enforcement module');
    assert.equal(illegal.body.rectification, 'pending');
    const bc = await t.testDb.owner.selectFrom('patches.batch_counties as c').innerJoin('patches.batches as b', 'b.id', 'c.batchId').select('c.status').where('b.batchNo', '=', batchNo).executeTakeFirstOrThrow();
    assert.equal(bc.status, 'accepted');
    const locked = await call(t, county, 'POST', `/api/patches/patches/${ids.T0002}/verdict`, { classCode: 'OTHER_FALSE', reason: '实地未变化' });
    assert.equal(locked.status, 409);
    assert.equal(locked.body.error.code, 'patches.patch_locked');
    assert.equal((await call(t, county, 'POST', `/api/patches/patches/${ids.T0002}/verdict-change`, { classCode: 'OTHER_FALSE', reason: 'x', changeReason: '复核' })).status, 403);
    const noReason = await call(t, city, 'POST', `/api/patches/patches/${ids.T0001}/verdict-change`, { classCode: 'ILLEGAL_B', croplandM2: 50, basicFarmlandM2: 0 });
    assert.equal(noReason.status, 400);
    const after = await call(t, county, 'GET', `/api/patches/patches/${ids.T0001}`);
    assert.equal(after.body.verdictClass, 'LEGAL', 'nothing changed');
  });

  it('a change of a locked verdict with the right and a reason is audited with before and after', async () => {
    const ch = await call(t, city, 'POST', `/api/patches/patches/${ids.T0001}/verdict-change`, { classCode: 'ILLEGAL_B', croplandM2: 50, basicFarmlandM2: 0, changeReason: '省级抽查发现超出批准范围建设' });
    assert.equal(ch.status, 200, JSON.stringify(ch.body));
    assert.equal(ch.body.verdictClass, 'ILLEGAL_B');
    assert.equal(ch.body.rectification, 'pending');
    const a = await t.testDb.owner.selectFrom('audit.entries').select(['details']).where('action', '=', 'patches.patch.verdict_changed').where('entityId', '=', ids.T0001!).executeTakeFirstOrThrow();
    const d = a.details as { before: { classCode: string }; after: { classCode: string }; changeReason: string };
    assert.equal(d.before.classCode, 'LEGAL');
    assert.equal(d.after.classCode, 'ILLEGAL_B');
    assert.match(d.changeReason, /超出批准范围/);
  });

  it('rectification (整改): a legalisation names its approval number; demolition removes the illegal state', async () => {
    const bad = await call(t, county, 'POST', `/api/patches/patches/${ids.T0002}/rectification`, { state: 'legalised' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'approvalNo');
    const ok = await call(t, county, 'POST', `/api/patches/patches/${ids.T0002}/rectification`, { state: 'demolished', note: '已拆除并复耕' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.rectification, 'demolished');
    assert.equal((await call(t, county, 'POST', `/api/patches/patches/${ids.T0002}/rectification`, { state: 'confiscated' })).status, 409);
  });

  it('the 15 % figure of 2024: illegal cropland ÷ cropland of the year\'s approved construction land, as the map\'s own overlay measures it', async () => {
    // A 2024 approval (农用地转用) over a cropland parcel of the demo map, entered through the map API.
    const field = await sql<{ geom: Geometry }>`select f.geom from map.features f join map.layers l on l.id = f.layer_id
      where l.code = 'landuse' and f.properties->>'dlbm' like '01%' and f.org_path <@ 'cn.p52.c5203.x520304' order by f.id limit 1`.execute(t.testDb.owner);
    const made = await call(t, county, 'POST', '/api/map/layers/approved_land/features', {
      geometry: field.rows[0]!.geom, code: '黔府土批〔2024〕88号', name: '测试农转用项目', properties: { pzwh: '黔府土批〔2024〕88号', pzrq: '2024-06-15', xmmc: '测试农转用项目' },
      orgPath: 'cn.p52.c5203.x520304',
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    let denom = 0;
    for (const a of await approvals2024(t)) {
      const o = await call(t, county, 'POST', '/api/map/overlay', { geometry: a.geom });
      assert.equal(o.status, 200, JSON.stringify(o.body));
      denom += o.body.cropland.areaM2;
    }
    const res = await call(t, county, 'GET', '/api/patches/figures?year=2024');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const c = res.body.counties.find((x: { countyCode: string }) => x.countyCode === '520304');
    assert.equal(c.countyName, '播州区');
    assert.equal(c.illegalCroplandM2, 650);
    assert.ok(Math.abs(c.newConstructionCroplandM2 - denom) < 1, `${c.newConstructionCroplandM2} vs overlay ${denom}`);
    assert.ok(denom > 0, 'the 2024 approval occupies cropland');
    assert.ok(Math.abs(c.ratio - 650 / denom) < 1e-3);
    assert.equal(c.atOrAboveLine, denom === 0 || 650 / denom >= 0.15);
    assert.equal(res.body.interview.some((x: { countyCode: string }) => x.countyCode === '520304'), c.atOrAboveLine);
    assert.equal(c.illegalPatches, 2);
    assert.equal(c.rectified, 1);
    assert.equal(c.rectificationRate, 0.5);
    const b = res.body.batches.find((x: { batchNo: string }) => x.batchNo === batchNo);
    assert.equal(b.onTime, true);
    const demo = res.body.batches.find((x: { deadline: string }) => x.deadline === '2025-02-28');
    assert.deepEqual([demo.submittedAt, demo.onTime], [null, false], 'the demo batch is past its deadline without submission: late');
    assert.equal(b.accepted, 2);
    const x = await t.inject({ method: 'GET', url: '/api/patches/figures/export.xlsx?year=2024', headers: { cookie: county } });
    assert.equal(x.statusCode, 200);
    assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');
    assert.equal((await call(t, county, 'GET', '/api/patches/figures?year=1999')).status, 400);
  });
});
