/**
 * A case opened from a patch shows the patch's field record (外业核查, the offline field app):
 * the form values with their labels, position and distance, the photos with time, place and
 * heading, and the inspector's signature — downloadable by the county's enforcement staff, and
 * by nobody in another county. Everything goes through the HTTP API: import → field record →
 * verdict → accept → case.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { makePng, req, uploadPhoto } from '../../platform/field/field.test-helpers.ts';
import { createBatch, feature, importGeoJson, openLand } from '../patches/patches.test-helpers.ts';
import { call, loginAs, ok } from './enforcement.test-helpers.ts';

const t: TestApp = await startTestApp();

describe('field records on an enforcement case', () => {
  it('the case of a 违法 patch shows its field record, photos and signature; another county sees none of it; the figures show its rectification', async () => {
    const city = await loginAs(t, 'supervisor');
    const inspector = await loginAs(t, 'inspector');
    const batchNo = await createBatch(t, city);
    const geom = await openLand(t, 2);
    const imported = await importGeoJson(t, city, batchNo, [feature('5203042024FR001', geom, { TBMJ: 2000 })]);
    assert.equal(imported.status, 200, JSON.stringify(imported.body));

    const assignments = await req(t, inspector, 'GET', '/api/field/assignments');
    const a = (assignments.body as any[]).find((x) => x.kind === 'patch' && x.title.includes('5203042024FR001'));
    assert.ok(a, 'the patch is an assignment of the field app');
    const photo = await uploadPhoto(t, inspector, makePng(7, 32, 24), { name: 'site.png' });
    const signature = await uploadPhoto(t, inspector, makePng(8, 40, 20), { name: 'signature.png' });
    const [lon, lat] = (geom.coordinates as number[][][])[0]![0]!;
    const rec = await req(t, inspector, 'POST', '/api/field/records', {
      recordId: crypto.randomUUID(), kind: 'patch', assignmentId: a.id, baseVersion: a.version,
      values: { landUse: 'building', builder: '某建材公司', startDate: '2024-10-01', occupiesCropland: true, croplandM2: 800, note: '新建钢结构厂房' },
      position: { lon, lat, accuracyM: 5 },
      photos: [{ sha256: photo.body.sha256, takenAt: '2024-12-20T03:00:00.000Z', lon, lat, headingDeg: 135 }],
      signatureSha256: signature.body.sha256, recordedAt: '2024-12-20T03:05:00.000Z',
    });
    assert.equal(rec.status, 201, JSON.stringify(rec.body));

    await ok(call(t, inspector, 'POST', `/api/patches/patches/${a.id}/verdict`, { classCode: 'ILLEGAL_W', croplandM2: 800, basicFarmlandM2: 0 }));
    await ok(call(t, inspector, 'POST', `/api/patches/batches/${batchNo}/counties/520304/submit`));
    const accepted = await ok(call(t, city, 'POST', `/api/patches/patches/${a.id}/review`, { action: 'accept' }));
    assert.match(String(accepted.enforcementCaseNo), /^ZF520304-/);

    const leader = await loginAs(t, 'leader');
    const list = await ok(call(t, leader, 'GET', `/api/enforcement/cases?q=${encodeURIComponent(accepted.enforcementCaseNo)}`));
    assert.equal(list.items.length, 1);
    const c = await ok(call(t, leader, 'GET', `/api/enforcement/cases/${list.items[0].id}`));
    assert.equal(c.fieldRecords.length, 1, JSON.stringify(c.fieldRecords));
    const fr = c.fieldRecords[0];
    assert.equal(fr.sourceRef, '5203042024FR001');
    assert.equal(fr.form['zh-CN'], '卫片图斑外业核查');
    const value = (name: string) => fr.values.find((v: any) => v.name === name)?.value;
    assert.deepEqual(value('landUse'), { 'zh-CN': '建筑物（房屋、厂房）', 'en-US': 'Buildings (houses, sheds)' }, 'the option label, not its code');
    assert.deepEqual(value('occupiesCropland'), { 'zh-CN': '是', 'en-US': 'Yes' });
    assert.equal(value('croplandM2'), '800');
    assert.equal(fr.distanceM, 0, 'the inspector stood on the patch');
    assert.equal(fr.photos.length, 1);
    assert.equal(fr.photos[0].headingDeg, 135);
    for (const url of [fr.photos[0].url, fr.signatureUrl]) {
      assert.match(String(url), /^\/api\/files\/[0-9a-f-]{36}\?inline=1$/);
      const file = await t.inject({ method: 'GET', url, headers: { cookie: leader } });
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'image/png');
    }
    const patchSource = c.sources.find((s: any) => s.kind === 'patch');
    assert.ok(patchSource.attachments.some((x: any) => x.sha256 === photo.body.sha256 && x.url === fr.photos[0].url), 'the source attachment links the same photo');

    // Another county: the case is not there, and neither are the photos.
    const other = await loginAs(t, 'hc_inspector');
    assert.equal((await t.inject({ method: 'GET', url: fr.photos[0].url, headers: { cookie: other } })).statusCode, 404);

    // The figures page: the county's illegal patches and their rectification (整改), from the patches module.
    const period = 'from=2024-01-01&to=2024-12-31';
    const before = await ok(call(t, leader, 'GET', `/api/enforcement/statistics?${period}`));
    const row = (b: any) => b.patchRectification.find((r: any) => r.countyCode === '520304');
    assert.deepEqual(row(before), { ...row(before), countyName: '播州区', illegalPatches: 1, pending: 1, demolished: 0, rectificationRate: 0, awaitingEnforcement: 0 });
    await ok(call(t, inspector, 'POST', `/api/patches/patches/${a.id}/rectification`, { state: 'demolished', note: '已拆除复耕' }));
    const after = await ok(call(t, leader, 'GET', `/api/enforcement/statistics?${period}`));
    assert.deepEqual(row(after), { ...row(after), illegalPatches: 1, pending: 0, demolished: 1, rectificationRate: 1 });
    assert.deepEqual((await ok(call(t, leader, 'GET', '/api/enforcement/statistics?from=2025-01-01&to=2025-12-31'))).patchRectification, [], 'batches imaged in another year');
    const xlsx = await t.inject({ method: 'GET', url: `/api/enforcement/statistics.xlsx?${period}`, headers: { cookie: leader } });
    assert.equal(xlsx.statusCode, 200);
  });
});
