/**
 * The box test that lets the overlay skip the engine for features wholly inside or outside the
 * red line: it must never say 'inside' or 'outside' wrongly, and leaves anything touching an edge
 * to the engine.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Geometry } from '../../platform/geo/index.ts';
import { boxTester, type BBox } from './geometry.ts';

const square: Geometry = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] };
// An L: the square without its north-east quarter.
const ell: Geometry = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 5], [5, 5], [5, 10], [0, 10], [0, 0]]] };
// The square with a hole [4, 6] × [4, 6], and a second square far east.
const holed: Geometry = {
  type: 'MultiPolygon',
  coordinates: [
    [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]],
    [[[20, 0], [30, 0], [30, 10], [20, 10], [20, 0]]],
  ],
};

describe('boxTester', () => {
  it('places boxes clear of every edge inside or outside', () => {
    const t = boxTester(square);
    assert.equal(t([1, 1, 2, 2]), 'inside');
    assert.equal(t([0.001, 0.001, 9.999, 9.999]), 'inside');
    assert.equal(t([11, 1, 12, 2]), 'outside');
    assert.equal(t([-5, -5, -1, -1]), 'outside');
  });

  it('leaves boxes that touch, cross or come within the margin of an edge undecided', () => {
    const t = boxTester(square);
    assert.equal(t([0, 1, 2, 2]), 'unknown'); // touches the west edge
    assert.equal(t([9, 9, 11, 11]), 'unknown'); // holds a corner
    assert.equal(t([-1, 4, 11, 6]), 'unknown'); // crosses both sides, no vertex inside
    assert.equal(t([1e-10, 1, 2, 2]), 'unknown'); // within 1e-9° of the edge
    assert.equal(t([-1, -1, 11, 11]), 'unknown'); // holds the whole red line
  });

  it('follows concave outlines, holes and several parts', () => {
    const l = boxTester(ell);
    assert.equal(l([6, 6, 9, 9]), 'outside'); // the missing quarter
    assert.equal(l([6, 1, 9, 4]), 'inside');
    assert.equal(l([4, 4, 6, 6]), 'unknown'); // the inner corner
    // A diagonal edge whose extent covers the box but which passes beside it.
    const tri = boxTester({ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [0, 10], [0, 0]]] });
    assert.equal(tri([1, 1, 2, 2]), 'inside');
    assert.equal(tri([7, 7, 8, 8]), 'outside');
    const h = boxTester(holed);
    assert.equal(h([4.5, 4.5, 5.5, 5.5]), 'outside'); // in the hole
    assert.equal(h([1, 1, 3, 3]), 'inside');
    assert.equal(h([21, 1, 29, 9]), 'inside'); // the second part
    assert.equal(h([12, 1, 18, 9]), 'outside'); // between the parts
  });

  it('leaves everything to the engine for non-areal or very detailed red lines', () => {
    assert.equal(boxTester({ type: 'Point', coordinates: [1, 1] })([0, 0, 2, 2] as BBox), 'unknown');
    const ring: [number, number][] = [];
    for (let i = 0; i < 1500; i++) ring.push([5 + 5 * Math.cos((2 * Math.PI * i) / 1500), 5 + 5 * Math.sin((2 * Math.PI * i) / 1500)]);
    ring.push(ring[0]!);
    assert.equal(boxTester({ type: 'Polygon', coordinates: [ring] })([4, 4, 6, 6]), 'unknown');
  });
});
