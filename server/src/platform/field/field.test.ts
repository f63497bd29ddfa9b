/**
 * The field platform against real PostgreSQL: forms and assignments, resumable photo uploads
 * (offsets, a lost answer, a dropped connection, wrong types), and records synced exactly once
 * (replay, partial sync, conflict, far photos, bad values).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { login } from '../../modules/approvals/approvals.test-helpers.ts';
import { demoSites, makePng, patchChunk, record, req, sha256, uploadPhoto } from './field.test-helpers.ts';
import { distanceToGeometryM } from './distance.ts';

const t: TestApp = await startTestApp();
const inspector = await login(t, 'inspector');
const sites = await demoSites(t);
const count = async (table: 'field.records' | 'field.uploads' | 'files.uploads', where = sql`true`) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(t.testDb.owner)).rows[0]!.n);
const audits = async (action: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from audit.entries where action = ${action}`.execute(t.testDb.owner)).rows[0]!.n);

describe('forms and assignments', () => {
  it('gives the inspector the demo form with its fields and the county’s sites with geometry and version', async () => {
    const forms = await req(t, inspector, 'GET', '/api/field/forms');
    assert.equal(forms.status, 200);
    // The demo form, and the patches module's form (图斑外业核查) registered in app.ts.
    assert.deepEqual(forms.body.map((f: any) => f.kind), ['demo-site', 'patch']);
    assert.deepEqual(forms.body[0].fields.map((f: any) => f.name), ['situation', 'builder', 'startDate', 'croplandOccupied', 'note']);
    assert.equal(forms.body[0].maxPhotoDistanceM, 100);
    const a = await req(t, inspector, 'GET', '/api/field/assignments');
    assert.equal(a.status, 200);
    // The county's demo sites; the patches module's form adds the county's demo patches beside them.
    assert.deepEqual(a.body.filter((x: any) => x.kind === 'demo-site').map((x: any) => x.title.slice(6, 11)).sort(), ['BZ-01', 'BZ-02', 'BZ-03']);
    assert.ok(a.body.some((x: any) => x.kind === 'patch'), 'the patches of the county are assignments too');
    const bz1 = a.body.find((x: any) => x.id === sites.bz1.id);
    assert.deepEqual([bz1.kind, bz1.version, bz1.geometry.type, bz1.dueDate], ['demo-site', '1', 'Polygon', '2026-12-31']);
    assert.equal(bz1.details[0].value, '核实是否新建厂房、是否占用耕地');
  });

  it('refuses a post without a field form, and the public', async () => {
    const window = await login(t, 'window');
    assert.deepEqual((await req(t, window, 'GET', '/api/field/forms')).body, []);
    assert.equal((await req(t, window, 'GET', '/api/field/assignments')).status, 403);
    assert.equal((await req(t, window, 'POST', '/api/field/uploads', { name: 'a.png', mime: 'image/png', size: 10 })).status, 403);
    assert.equal((await req(t, null, 'GET', '/api/field/assignments')).status, 401);
  });
});

describe('resumable photo upload', () => {
  it('appends chunks at their offsets, answers a wrong offset with where it stands, and stores the photo by SHA-256', async () => {
    const png = makePng(1, 40, 40);
    const begin = await req(t, inspector, 'POST', '/api/field/uploads', { name: 'photo-1.png', mime: 'image/png', size: png.length });
    assert.equal(begin.status, 201);
    const id = begin.body.id;
    const half = Math.floor(png.length / 2);
    assert.deepEqual((await patchChunk(t, inspector, id, 0, png.subarray(0, half))).body.offset, half);
    // The answer to that chunk was lost: the client sends it again from 0 and is told where the upload stands.
    const again = await patchChunk(t, inspector, id, 0, png.subarray(0, half));
    assert.equal(again.status, 409);
    assert.deepEqual([again.body.error.code, again.body.error.offset, again.body.error.field], ['field.upload_offset_mismatch', half, 'Upload-Offset']);
    assert.equal((await req(t, inspector, 'GET', `/api/field/uploads/${id}`)).body.offset, half);
    const done = await patchChunk(t, inspector, id, half, png.subarray(half));
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual([done.body.complete, done.body.sha256, done.body.offset], [true, sha256(png), png.length]);
    const stored = await t.testDb.owner.selectFrom('files.uploads').select(['detectedMime', 'originalName']).where('sha256', '=', sha256(png)).execute();
    assert.deepEqual(stored, [{ detectedMime: 'image/png', originalName: 'photo-1.png' }]);
    // The last chunk repeated after a lost answer: the complete state, nothing stored twice.
    const replay = await patchChunk(t, inspector, id, half, png.subarray(half));
    assert.deepEqual([replay.status, replay.body.complete], [200, true]);
    assert.equal(await count('files.uploads', sql`sha256 = ${sha256(png)}`), 1);
    assert.equal(await audits('field.upload.completed'), 1);
  });

  it('resumes after a connection dropped in the middle of a chunk', async () => {
    const png = makePng(2, 60, 60);
    const begin = await req(t, inspector, 'POST', '/api/field/uploads', { name: 'photo-2.png', mime: 'image/png', size: png.length });
    const id = begin.body.id;
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.http.server.address() as { port: number }).port;
    // Announce the whole photo in one chunk, send a third of it, then drop the connection.
    await new Promise<void>((resolve) => {
      const r = http.request({ host: '127.0.0.1', port, method: 'PATCH', path: `/api/field/uploads/${id}`, headers: {
        cookie: inspector, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'content-length': String(png.length),
      } });
      r.on('error', () => resolve());
      r.write(png.subarray(0, Math.floor(png.length / 3)), () => setTimeout(() => { r.destroy(); resolve(); }, 100));
    });
    const st = await req(t, inspector, 'GET', `/api/field/uploads/${id}`);
    assert.deepEqual([st.body.offset, st.body.complete], [0, false], 'a broken chunk appends nothing');
    const done = await patchChunk(t, inspector, id, st.body.offset, png);
    assert.deepEqual([done.status, done.body.sha256], [200, sha256(png)]);
  });

  it('finishes an upload whose bytes all arrived when the server stopped before storing it', async () => {
    const png = makePng(3, 20, 20);
    const begin = await req(t, inspector, 'POST', '/api/field/uploads', { name: 'photo-3.png', mime: 'image/png', size: png.length });
    // The last chunk was appended and fsynced, then the process died before the file store took it.
    fs.writeFileSync(path.join(t.env.dataDir, 'field-uploads', `${begin.body.id}.part`), png);
    const st = await req(t, inspector, 'GET', `/api/field/uploads/${begin.body.id}`);
    assert.deepEqual([st.body.offset, st.body.complete], [png.length, false]);
    const done = await req(t, inspector, 'PATCH', `/api/field/uploads/${begin.body.id}`, Buffer.alloc(0), { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(png.length) });
    assert.deepEqual([done.status, done.body.complete, done.body.sha256], [200, true, sha256(png)]);
  });

  it('refuses a photo that is not JPEG or PNG, by declared type and by content, keeping nothing', async () => {
    const bad = await req(t, inspector, 'POST', '/api/field/uploads', { name: 'scan.pdf', mime: 'application/pdf', size: 100 });
    assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.field], [415, 'files.type_not_allowed', 'mime']);
    const before = await count('field.uploads');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const r = await uploadPhoto(t, inspector, pdf, { name: 'photo.jpg', mime: 'image/jpeg', chunk: 40 });
    assert.deepEqual([r.status, r.body.error.code, r.body.error.field], [415, 'files.type_mismatch', 'file']);
    assert.equal(await count('field.uploads'), before, 'the refused upload is dropped');
    assert.equal(await count('files.uploads', sql`sha256 = ${sha256(pdf)}`), 0);
    assert.equal((await req(t, inspector, 'GET', `/api/field/uploads/${r.id}`)).status, 404);
  });
});

describe('records', () => {
  const near = { lon: 106.8421, lat: 27.5361 }; // inside BZ-01
  const far = { lon: 106.842, lat: 27.541 };     // ~490 m north of it

  it('accepts a record once: a replay answers the first answer and changes nothing', async () => {
    const p1 = makePng(11); const p2 = makePng(12);
    await uploadPhoto(t, inspector, p1); await uploadPhoto(t, inspector, p2);
    const body = record(sites.bz1.id, [{ sha256: sha256(p1), ...near }, { sha256: sha256(p2), ...far }]);
    const first = await req(t, inspector, 'POST', '/api/field/records', body);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.distanceM, 0, 'the position is inside the polygon');
    assert.deepEqual(first.body.photos.map((p: any) => p.far), [false, true]);
    const expected = distanceToGeometryM([far.lon, far.lat], sites.bz1.geometry)!;
    assert.ok(expected > 400 && expected < 500, String(expected));
    assert.equal(first.body.photos[1].distanceM, expected);
    assert.equal(first.body.farPhotos, 1);
    // Replayed with other values (the app resent after a lost answer): the first answer, unchanged.
    const replay = await req(t, inspector, 'POST', '/api/field/records', { ...body, values: { ...body.values, note: 'changed' }, photos: [] });
    assert.equal(replay.status, 200);
    assert.deepEqual({ ...replay.body, replayed: false }, first.body);
    assert.equal(replay.body.replayed, true);
    assert.equal(await count('field.records', sql`record_id = ${body.recordId}`), 1);
    const row = await t.testDb.owner.selectFrom('field.records').select(['formValues', 'farPhotos']).where('recordId', '=', body.recordId).executeTakeFirstOrThrow();
    assert.equal(row.formValues.note, '已建成钢结构厂房一栋');
    assert.equal(await audits('field.record.accepted'), 1);
    const site = await t.testDb.owner.selectFrom('field.demo_sites').select('lastRecordId').where('id', '=', sites.bz1.id).executeTakeFirstOrThrow();
    assert.equal(site.lastRecordId, body.recordId);
  });

  it('refuses a partial sync, naming the photos not uploaded yet, and stores nothing', async () => {
    const p1 = makePng(21); const missing = makePng(22);
    await uploadPhoto(t, inspector, p1);
    const body = record(sites.bz2.id, [{ sha256: sha256(p1), ...near }, { sha256: sha256(missing), ...near }], { signatureSha256: sha256(makePng(23)) });
    const r = await req(t, inspector, 'POST', '/api/field/records', body);
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, 'field.photos_missing');
    assert.deepEqual(r.body.error.missing.map((m: any) => m.field), ['photos.1', 'signatureSha256']);
    assert.equal(r.body.error.missing[0].sha256, sha256(missing));
    assert.equal(await count('field.records', sql`record_id = ${body.recordId}`), 0);
    // Once uploaded, the same record goes through.
    await uploadPhoto(t, inspector, missing); await uploadPhoto(t, inspector, makePng(23), { name: 'signature.png' });
    assert.equal((await req(t, inspector, 'POST', '/api/field/records', body)).status, 201);
  });

  it('answers a conflict with the current version when the office changed the subject, storing nothing', async () => {
    await t.testDb.owner.updateTable('field.demo_sites').set({ version: 2, note: '扩大核查范围' }).where('id', '=', sites.bz3.id).execute();
    const body = record(sites.bz3.id, [], { position: null });
    const r = await req(t, inspector, 'POST', '/api/field/records', body);
    assert.equal(r.status, 409);
    assert.deepEqual([r.body.error.code, r.body.error.currentVersion, r.body.error.field], ['field.version_conflict', '2', 'baseVersion']);
    assert.equal(await count('field.records', sql`record_id = ${body.recordId}`), 0);
    // The inspector looked again and confirms on the new version: same record id, accepted.
    const ok = await req(t, inspector, 'POST', '/api/field/records', { ...body, baseVersion: '2' });
    assert.deepEqual([ok.status, ok.body.distanceM], [201, null]);
  });

  it('refuses bad values naming the field, and changes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ situation: 'unchanged' }, 'values.croplandOccupied'],
      [{ situation: 'flying', croplandOccupied: false }, 'values.situation'],
      [{ situation: 'unchanged', croplandOccupied: 'yes' }, 'values.croplandOccupied'],
      [{ situation: 'unchanged', croplandOccupied: false, colour: 'red' }, 'values.colour'],
      [{ situation: 'unchanged', croplandOccupied: false, startDate: '2026-13-45' }, 'values.startDate'],
      [{ situation: 'building', croplandOccupied: false }, 'values.builder'],
      [{ situation: 'unchanged', croplandOccupied: false, startDate: '2027-01-01' }, 'values.startDate'],
    ];
    for (const [values, field] of cases) {
      const r = await req(t, inspector, 'POST', '/api/field/records', record(sites.bz1.id, [], { values }));
      assert.deepEqual([r.status, r.body.error.field], [400, field], JSON.stringify(values));
    }
    const unknownKind = await req(t, inspector, 'POST', '/api/field/records', record(sites.bz1.id, [], { kind: 'no-such-form' }));
    assert.deepEqual([unknownKind.status, unknownKind.body.error.code], [404, 'field.form_not_found']);
    const noSuch = await req(t, inspector, 'POST', '/api/field/records', record('00000000-0000-4000-8000-000000000000', []));
    assert.deepEqual([noSuch.status, noSuch.body.error.field], [404, 'assignmentId']);
    const badId = await req(t, inspector, 'POST', '/api/field/records', { ...record(sites.bz1.id, []), recordId: 'abc' });
    assert.equal(badId.status, 400);
    assert.equal(await count('field.records', sql`assignment_id = ${sites.bz1.id}`), 1, 'only the first test’s record');
  });
});

describe('the field app page', () => {
  it('serves /field from field.html (its own entry) and the service worker with the shell to precache', async () => {
    const { WEB_DIST } = await import('../../app.ts');
    assert.ok(fs.existsSync(`${WEB_DIST}/field.html`), 'web/dist is built (npm test builds it)');
    for (const url of ['/field', '/field/']) {
      const page = await t.inject({ method: 'GET', url });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<link rel="manifest" href="\/field.webmanifest"/);
      assert.equal(page.headers['cache-control'], 'no-cache');
    }
    const sw = await t.inject({ method: 'GET', url: '/field-sw.js' });
    assert.equal(sw.statusCode, 200);
    assert.equal(sw.headers['cache-control'], 'no-cache');
    const precache = JSON.parse(/const PRECACHE = (\[.*\]);/.exec(sw.body)![1]!) as string[];
    assert.ok(precache.includes('/field.html') && precache.some((f) => /^\/assets\/field-.*\.js$/.test(f)), precache.join(' '));
    assert.ok(!precache.some((f) => /antd|index-/.test(f)), 'the workbench’s bundle is not part of the field app');
    const manifest = await t.inject({ method: 'GET', url: '/field.webmanifest' });
    assert.equal(JSON.parse(manifest.body).start_url, '/field');
  });
});
