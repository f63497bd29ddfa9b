import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { geodesicLengthM } from './geodesic.ts';

describe('map measuring: geodesic length on CGCS2000', () => {
  it('gives a degree of the equator as a × π / 180 and a degree of meridian at the equator as 110,574.389 m', () => {
    // On the equator the geodesic is the equator itself: 6378137 × π/180 = 111,319.491 m.
    assert.ok(Math.abs(geodesicLengthM([[105, 0], [106, 0]]) - 111_319.4908) < 0.001);
    // Meridian arc from 0° to 1° on GRS80/CGCS2000 (textbook value 110,574.389 m); a sphere of mean
    // radius would give 111,195 m.
    assert.ok(Math.abs(geodesicLengthM([[105, 0], [105, 1]]) - 110_574.389) < 0.01);
  });

  it('adds the segments of a line', () => {
    const one = geodesicLengthM([[107.6, 27.9], [107.61, 27.9]]);
    assert.ok(Math.abs(geodesicLengthM([[107.6, 27.9], [107.61, 27.9], [107.61, 27.91]]) - one - geodesicLengthM([[107.61, 27.9], [107.61, 27.91]])) < 1e-9);
    assert.ok(one > 983 && one < 986, `${one} m`); // 0.01° of longitude at 27.9°N ≈ 984.6 m
    assert.equal(geodesicLengthM([[107.6, 27.9]]), 0);
  });
});
