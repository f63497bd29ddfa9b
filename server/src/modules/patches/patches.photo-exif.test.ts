/**
 * EXIF of field photos (照片 EXIF): a real JPEG carrying the camera's time taken and GPS position
 * is uploaded through the field app's resumable upload; the server reads the EXIF, keeps it, and a
 * record naming the photo flags it when the camera's position is far from the patch (even though
 * the app's stated position is on it) or when it was taken before the batch's later image date.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../platform/identity/test-helpers.ts';
import { makeJpeg, makePng, sha256 } from '../../platform/field/field.fixtures.ts';
import { req, uploadPhoto } from '../../platform/field/field.test-helpers.ts';
import { distanceToGeometryM } from '../../platform/field/distance.ts';

const t: TestApp = await startTestApp({ PATCH_PHOTO_MAX_DISTANCE_M: '500' });
let inspector = '';
let patch: { id: string; version: string; geometry: { type: 'Polygon'; coordinates: number[][][] }; photosNotBefore: string };

before(async () => {
  inspector = await loginAs(t, 'inspector');
  const list = await req(t, inspector, 'GET', '/api/field/assignments');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  patch = list.body.find((a: { kind: string }) => a.kind === 'patch');
  assert.ok(patch, 'the inspector has demo patches to check');
});

describe('EXIF of field photos (照片 EXIF 信息)', () => {
  it('reads the time taken and GPS position of an uploaded JPEG and answers them; a photo without EXIF has none', async () => {
    const jpeg = makeJpeg(1, { takenAt: '2025:01:10 10:15:30', offset: '+08:00', lon: 106.8312345, lat: 27.5412345 });
    const up = await uploadPhoto(t, inspector, jpeg, { name: 'IMG_0001.jpg', mime: 'image/jpeg', chunk: 200 });
    assert.equal(up.status, 200, JSON.stringify(up.body));
    assert.equal(up.body.complete, true);
    assert.deepEqual(up.body.exif, { takenAt: '2025-01-10T02:15:30.000Z', lon: 106.8312345, lat: 27.5412345 });
    const row = await t.testDb.owner.selectFrom('field.uploads').select(['exifTakenAt', 'exifLon', 'exifLat']).where('id', '=', up.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { exifTakenAt: new Date('2025-01-10T02:15:30Z'), exifLon: 106.8312345, exifLat: 27.5412345 });
    const png = await uploadPhoto(t, inspector, makePng(4242));
    assert.equal(png.body.exif, null);
  });

  it('flags a photo whose EXIF position is far from the patch, and one taken before the later image date; the patch shows the EXIF beside each photo', async () => {
    assert.equal(patch.photosNotBefore, '2024-12-31', 'the demo batch\'s later image date');
    const ring = patch.geometry.coordinates[0]!;
    // The patch's middle, to the 1e-6 degree EXIF rationals carry well.
    const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
    const [lon, lat] = [r6(ring.reduce((s, p) => s + p[0]!, 0) / ring.length), r6(ring.reduce((s, p) => s + p[1]!, 0) / ring.length)];
    const farLon = r6(lon + 0.02); // ~2 km east
    const photos = [
      makeJpeg(11, { takenAt: '2025:01:10 10:15:30', offset: '+08:00', lon, lat }),         // on the patch, after the image: fine
      makeJpeg(12, { takenAt: '2025:01:10 10:16:00', offset: '+08:00', lon: farLon, lat }),  // the camera was 2 km away
      makeJpeg(13, { takenAt: '2024:11:02 09:00:00', lon, lat }),                            // taken before 后时相 2024-12-31
    ];
    for (const p of photos) {
      const up = await uploadPhoto(t, inspector, p, { name: 'p.jpg', mime: 'image/jpeg', chunk: 4096 });
      assert.equal(up.body.complete, true, JSON.stringify(up.body));
    }
    const body = {
      recordId: crypto.randomUUID(), kind: 'patch', assignmentId: patch.id, baseVersion: patch.version,
      values: { landUse: 'building', occupiesCropland: false, note: '新建厂房' },
      position: { lon, lat, accuracyM: 6 },
      // The app states every photo on the patch, taken now: only the EXIF tells otherwise.
      photos: photos.map((p) => ({ sha256: sha256(p), takenAt: '2025-01-10T02:20:00.000Z', lon, lat, headingDeg: 90 })),
      signatureSha256: null, recordedAt: '2025-01-10T02:21:00.000Z',
    };
    const res = await req(t, inspector, 'POST', '/api/field/records', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.photos.map((p: { far: boolean; early: boolean }) => [p.far, p.early]), [[false, false], [true, false], [false, true]]);
    assert.equal(res.body.farPhotos, 1);
    assert.equal(res.body.earlyPhotos, 1);
    const expected = distanceToGeometryM([farLon, lat], patch.geometry)!;
    assert.ok(expected > 500);
    assert.equal(res.body.photos[1].exifDistanceM, expected);
    assert.equal(res.body.photos[1].distanceM, 0, 'the app\'s own position was on the patch');
    assert.equal(res.body.photos[2].exif.takenAt, '2024-11-02T01:00:00.000Z', 'no offset in the EXIF: China time');

    const view = await req(t, inspector, 'GET', `/api/patches/patches/${patch.id}`);
    const fr = view.body.fieldRecord;
    assert.equal(fr.earlyPhotos, 1);
    assert.deepEqual(fr.photos[1].exif, { takenAt: '2025-01-10T02:16:00.000Z', lon: farLon, lat });
    assert.deepEqual(fr.photos.map((p: { far: boolean; early: boolean }) => [p.far, p.early]), [[false, false], [true, false], [false, true]]);
  });

  it('the distance limit is configuration: a photo 300 m off is not far under 500 m', async () => {
    const ring = patch.geometry.coordinates[0]!;
    const east = Math.max(...ring.map((c) => c[0]!));
    const p = makeJpeg(21, { takenAt: '2025:01:11 10:00:00', lon: east + 0.003, lat: ring[0]![1]! }); // ~300 m east of the patch
    await uploadPhoto(t, inspector, p, { name: 'p.jpg', mime: 'image/jpeg', chunk: 4096 });
    const list = await req(t, inspector, 'GET', '/api/field/assignments');
    const now = list.body.find((a: { id: string }) => a.id === patch.id);
    const res = await req(t, inspector, 'POST', '/api/field/records', {
      recordId: crypto.randomUUID(), kind: 'patch', assignmentId: patch.id, baseVersion: now.version,
      values: { landUse: 'building', occupiesCropland: false }, position: null,
      photos: [{ sha256: sha256(p), takenAt: '2025-01-11T02:00:00.000Z', lon: null, lat: null, headingDeg: null }],
      signatureSha256: null, recordedAt: '2025-01-11T02:01:00.000Z',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const d = res.body.photos[0].exifDistanceM;
    assert.ok(d > 100 && d < 500, `~300 m: ${d}`);
    assert.equal(res.body.photos[0].far, false);
  });
});
