/**
 * Who may sync field records and see them: an inspector of another county gets none of
 * 播州区's assignments, cannot submit on them, cannot read their records nor append to an
 * upload of someone else — and RLS alone still hides the rows.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext } from '../db/context.ts';
import { login } from '../../modules/approvals/approvals.test-helpers.ts';
import { demoSites, makePng, patchChunk, record, req, sha256, uploadPhoto } from './field.test-helpers.ts';

const t: TestApp = await startTestApp();
const inspector = await login(t, 'inspector');
const hcInspector = await login(t, 'hc_inspector');
const sites = await demoSites(t);

describe('field records across counties', () => {
  it('the inspector of 播州区 may submit on a 播州区 site; the one of 汇川区 only on his own', async () => {
    const hcList = await req(t, hcInspector, 'GET', '/api/field/assignments');
    assert.deepEqual(hcList.body.map((a: any) => a.id), [sites.hc1.id]);

    const png = makePng(31);
    await uploadPhoto(t, hcInspector, png);
    const onBozhou = await req(t, hcInspector, 'POST', '/api/field/records', record(sites.bz1.id, [{ sha256: sha256(png), lon: 106.842, lat: 27.536 }]));
    assert.deepEqual([onBozhou.status, onBozhou.body.error.code], [404, 'field.assignment_not_found']);
    assert.equal(Number((await sql<{ n: string }>`select count(*) as n from field.records`.execute(t.testDb.owner)).rows[0]!.n), 0);

    const own = await req(t, hcInspector, 'POST', '/api/field/records', record(sites.hc1.id, [{ sha256: sha256(png), lon: 106.934, lat: 27.706 }], { position: { lon: 106.934, lat: 27.706, accuracyM: 5 } }));
    assert.equal(own.status, 201, JSON.stringify(own.body));
    const mine = await req(t, inspector, 'POST', '/api/field/records', record(sites.bz1.id, []));
    assert.equal(mine.status, 201);

    // Reading: each sees the records of his own scope only.
    assert.equal((await req(t, hcInspector, 'GET', `/api/field/records?kind=demo-site&assignmentId=${sites.bz1.id}`)).body.length, 0);
    assert.equal((await req(t, inspector, 'GET', `/api/field/records?kind=demo-site&assignmentId=${sites.bz1.id}`)).body.length, 1);
    // Replaying 播州区's record id from 汇川区 does not reveal nor change it.
    const stolen = await req(t, hcInspector, 'POST', '/api/field/records', record(sites.hc1.id, [], { recordId: mine.body.recordId }));
    assert.deepEqual([stolen.status, stolen.body.error.code], [409, 'field.record_id_taken']);
  });

  it('a photo counts only for its uploader, and an upload is only its uploader’s to continue', async () => {
    const png = makePng(32);
    const up = await uploadPhoto(t, inspector, png);
    // 汇川区 names 播州区's photo in his record: not his upload.
    const r = await req(t, hcInspector, 'POST', '/api/field/records', record(sites.hc1.id, [{ sha256: sha256(png), lon: null, lat: null }]));
    assert.deepEqual([r.status, r.body.error.code], [422, 'field.photos_missing']);
    const begin = await req(t, inspector, 'POST', '/api/field/uploads', { name: 'p.png', mime: 'image/png', size: png.length });
    assert.equal((await req(t, hcInspector, 'GET', `/api/field/uploads/${begin.body.id}`)).status, 404);
    assert.equal((await patchChunk(t, hcInspector, begin.body.id, 0, png)).status, 404);
    assert.ok(up.body.complete);
  });

  it('RLS alone hides another county’s records and demo sites', async () => {
    const hc = { userId: 1, scopes: ['cn.p52.c5203.x520303'] };
    const seen = await withContext(t.platform.db, hc, async (trx) => ({
      records: await trx.selectFrom('field.records').select('assignmentId').execute(),
      sites: await trx.selectFrom('field.demo_sites').select('id').execute(),
    }));
    assert.deepEqual(seen.records.map((x) => x.assignmentId), [sites.hc1.id]);
    assert.deepEqual(seen.sites.map((x) => x.id), [sites.hc1.id]);
  });
});
