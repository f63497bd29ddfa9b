import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs, makeStaff } from '../../platform/identity/test-helpers.ts';
import { createBatch, importGeoJson, feature, openLand } from './patches.test-helpers.ts';
import { reportBody, setPowDifficulty, submitPublic } from '../tipoffs/tipoffs.test-helpers.ts';

const t: TestApp = await startTestApp();
let demoId = '';
let demoBatch = '';

before(async () => {
  const p = await t.testDb.owner.selectFrom('patches.patches as p').innerJoin('patches.batches as b', 'b.id', 'p.batchId').select(['p.id', 'b.batchNo']).orderBy('p.tbbh').executeTakeFirstOrThrow();
  demoId = p.id; demoBatch = p.batchNo;
});

describe('who sees and does what with patches (patches.*, row-level security)', () => {
  it('a county sees only its own patches: another county sees neither the batch nor the patch, and cannot judge it', async () => {
    const own = await loginAs(t, 'inspector');
    const ownList = await call(t, own, 'GET', `/api/patches/patches?batchNo=${demoBatch}`);
    assert.equal(ownList.status, 200);
    assert.ok(ownList.body.length >= 3);
    assert.ok(ownList.body.every((p: { countyCode: string }) => p.countyCode === '520304'));
    const other = await loginAs(t, 'hc_inspector');
    assert.deepEqual((await call(t, other, 'GET', `/api/patches/patches?batchNo=${demoBatch}`)).body, []);
    assert.equal((await call(t, other, 'GET', '/api/patches/batches')).body.length, 0, 'the batch has no patch of 汇川区');
    assert.equal((await call(t, other, 'GET', `/api/patches/patches/${demoId}`)).status, 404);
    const v = await call(t, other, 'POST', `/api/patches/patches/${demoId}/verdict`, { classCode: 'OTHER_FALSE', reason: '实地未变化' });
    assert.equal(v.status, 404);
    const p = await t.testDb.owner.selectFrom('patches.patches').select(['status', 'verdictClass']).where('id', '=', demoId).executeTakeFirstOrThrow();
    assert.deepEqual(p, { status: 'pending', verdictClass: null });
  });

  it('the city sees every county of its city; staff without the permission are refused; a county cannot import', async () => {
    const city = await loginAs(t, 'supervisor');
    assert.ok((await call(t, city, 'GET', '/api/patches/batches')).body.some((b: { batchNo: string }) => b.batchNo === demoBatch));
    assert.equal((await call(t, null, 'GET', '/api/patches/batches')).status, 401);
    assert.equal((await call(t, await loginAs(t, 'window'), 'GET', '/api/patches/patches')).status, 403);
    const county = await loginAs(t, 'inspector');
    const res = await call(t, county, 'POST', '/api/patches/batches', { name: '县级自建批次', source: 'self', beforeDate: '2026-01-01', afterDate: '2026-02-01', deadline: '2026-03-01' });
    assert.equal(res.status, 403);
    const batchNo = await createBatch(t, city);
    const imp = await importGeoJson(t, county, batchNo, [feature('X1', await openLand(t))]);
    assert.equal(imp.status, 403);
  });

  it('only the reviewing level above the county accepts: a county post holding the review right is refused, and the patch stays submitted', async () => {
    const city = await loginAs(t, 'supervisor');
    const county = await loginAs(t, 'inspector');
    const batchNo = await createBatch(t, city);
    assert.equal((await importGeoJson(t, city, batchNo, [feature('R1', await openLand(t, 3))])).status, 200);
    const id = (await call(t, city, 'GET', `/api/patches/patches?batchNo=${batchNo}`)).body[0].id as string;
    assert.equal((await call(t, county, 'POST', `/api/patches/patches/${id}/verdict`, { classCode: 'OTHER_AGRI', reason: '种植结构调整为果园' })).status, 200);
    assert.equal((await call(t, county, 'POST', `/api/patches/batches/${batchNo}/counties/520304/submit`)).status, 200);
    await makeStaff(t, 'county_reviewer', '520304-B', 'supervisor');
    const countyReviewer = await loginAs(t, 'county_reviewer');
    const r = await call(t, countyReviewer, 'POST', `/api/patches/patches/${id}/review`, { action: 'accept' });
    assert.equal(r.status, 403);
    assert.equal((await call(t, city, 'GET', `/api/patches/patches/${id}`)).body.status, 'submitted');
    assert.equal((await call(t, city, 'POST', `/api/patches/patches/${id}/review`, { action: 'accept' })).status, 200);
  });

  it('the demo batch\'s synthetic imagery: the after tile shows the patch painted in where the before tile has land use; another county gets 404', async () => {
    const own = await loginAs(t, 'inspector');
    const p = await t.testDb.owner.selectFrom('patches.patches').select(['lon', 'lat']).where('id', '=', demoId).executeTakeFirstOrThrow();
    const z = 17; const n = 2 ** z;
    const x = Math.floor(((p.lon + 180) / 360) * n);
    const s = Math.sin((p.lat * Math.PI) / 180);
    const y = Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n);
    const tile = async (cookie: string, phase: string) => t.inject({ method: 'GET', url: `/api/patches/batches/${demoBatch}/imagery/${phase}/${z}/${x}/${y}.png`, headers: { cookie } });
    const before = await tile(own, 'before');
    const after = await tile(own, 'after');
    assert.equal(before.statusCode, 200);
    assert.equal(before.headers['content-type'], 'image/png');
    assert.equal(before.rawPayload.subarray(1, 4).toString(), 'PNG');
    assert.notDeepEqual(before.rawPayload, after.rawPayload, 'the change is painted into the after image');
    assert.equal((await tile(await loginAs(t, 'hc_inspector'), 'after')).statusCode, 404);
  });

  it('a tip-off at the same place is found near the patch and linked (through tipoffs/index.ts); another county cannot link it; an unknown number names the field', async () => {
    await setPowDifficulty(t, 1);
    const p = await t.testDb.owner.selectFrom('patches.patches').select(['lon', 'lat']).where('id', '=', demoId).executeTakeFirstOrThrow();
    const sub = await submitPublic(t, reportBody({ place: { divisionCode: '520304', address: '播州区某村', point: { lon: p.lon, lat: p.lat } } }));
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    const reportNo = sub.body.reportNo as string;
    // The tip-off ledger's own steps (triage, assignment) are its tests' business: here it is simply handed to 播州区.
    await t.testDb.owner.updateTable('tipoffs.reports').set({ orgPath: 'cn.p52.c5203.x520304' }).where('reportNo', '=', reportNo).execute();
    const own = await loginAs(t, 'inspector');
    const near = await call(t, own, 'GET', `/api/patches/patches/${demoId}/tipoffs-near`);
    assert.equal(near.status, 200);
    assert.ok(near.body.some((r: { reportNo: string }) => r.reportNo === reportNo), JSON.stringify(near.body));
    const unknown = await call(t, own, 'POST', `/api/patches/patches/${demoId}/tipoffs`, { reportNo: 'JB-NOPE-0000' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.field, 'reportNo');
    const linked = await call(t, own, 'POST', `/api/patches/patches/${demoId}/tipoffs`, { reportNo });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    assert.deepEqual(linked.body.map((l: { tipoffNo: string }) => l.tipoffNo), [reportNo]);
    assert.deepEqual((await call(t, own, 'GET', `/api/patches/by-tipoff/${reportNo}`)).body.map((x: { id: string }) => x.id), [demoId]);
    assert.equal((await call(t, await loginAs(t, 'hc_inspector'), 'POST', `/api/patches/patches/${demoId}/tipoffs`, { reportNo })).status, 404);
  });
});
