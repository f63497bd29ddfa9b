/**
 * The EXIF the field app writes into its stamped photo (exif.ts) is what the server reads back on
 * upload (platform/field/exif.ts, exifr): time taken, GPS position; a camera EXIF already there is replaced.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withExif } from './exif.ts';
import { readExif } from '../../../server/src/platform/field/exif.ts';
import { makeJpeg } from '../../../server/src/platform/field/field.fixtures.ts';

describe('field app photo EXIF', () => {
  it('writes time taken and GPS position that the server reads back, after the JFIF segment, replacing an older EXIF', async () => {
    const camera = makeJpeg(7, { takenAt: '2020:01:01 00:00:00', lon: 1, lat: 1 });
    const out = withExif(new Uint8Array(camera), { takenAt: new Date('2026-12-05T03:04:05Z'), lon: 106.8312345, lat: 27.5412345, headingDeg: 271.5 });
    assert.deepEqual([...out.subarray(0, 4)], [0xff, 0xd8, 0xff, 0xe0], 'SOI, then JFIF APP0 first');
    const back = await readExif(out);
    assert.deepEqual(back, { takenAt: '2026-12-05T03:04:05.000Z', lon: 106.8312345, lat: 27.5412345 });
    const noGps = await readExif(withExif(new Uint8Array(camera), { takenAt: new Date('2026-12-05T03:04:05Z'), lon: null, lat: null, headingDeg: null }));
    assert.deepEqual(noGps, { takenAt: '2026-12-05T03:04:05.000Z', lon: null, lat: null });
  });
});
