import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tileGeometry } from './clip-tile.ts';
import { BUFFER, EXTENT, tileBounds } from './tile-math.ts';

const c = { z: 10, x: 816, y: 430 };
const [w, s, e, n] = tileBounds(c, 0);
const lon = (f: number) => w + (e - w) * f;
const lat = (f: number) => s + (n - s) * f;
const area = (r: number[][]) => r.slice(0, -1).reduce((a, p, i) => a + p[0]! * r[i + 1]![1]! - r[i + 1]![0]! * p[1]!, 0) / 2;

describe('clip-tile', () => {
  it('winds the exterior ring positive and a hole negative in tile coordinates (MVT 2.1), closed', () => {
    // RFC 7946 order: exterior counter-clockwise, hole clockwise.
    const outer = [[lon(0.2), lat(0.2)], [lon(0.8), lat(0.2)], [lon(0.8), lat(0.8)], [lon(0.2), lat(0.8)], [lon(0.2), lat(0.2)]];
    const hole = [[lon(0.4), lat(0.4)], [lon(0.4), lat(0.6)], [lon(0.6), lat(0.6)], [lon(0.6), lat(0.4)], [lon(0.4), lat(0.4)]];
    const g = tileGeometry({ type: 'Polygon', coordinates: [outer, hole] }, c);
    assert.equal(g?.type, 3);
    const [o, h] = g!.geometry as number[][][];
    assert.ok(area(o!) > 0 && area(h!) < 0);
    assert.deepEqual(o![0], o![o!.length - 1]);
    // x grows east, y grows south: the south-west corner is at (0.2, 0.8) of the extent (mercator ≈ linear in a tile).
    const xs = o!.map((p) => p[0]!), ys = o!.map((p) => p[1]!);
    assert.ok(Math.abs(Math.min(...xs) - 0.2 * EXTENT) <= 1 && Math.abs(Math.max(...xs) - 0.8 * EXTENT) <= 1);
    assert.ok(Math.abs(Math.min(...ys) - 0.2 * EXTENT) < 5 && Math.abs(Math.max(...ys) - 0.8 * EXTENT) < 5);
  });

  it('clips a polygon larger than the tile to the tile plus its buffer', () => {
    const big = [[lon(-2), lat(-2)], [lon(3), lat(-2)], [lon(3), lat(3)], [lon(-2), lat(3)], [lon(-2), lat(-2)]];
    const g = tileGeometry({ type: 'Polygon', coordinates: [big] }, c)!;
    const ring = (g.geometry as number[][][])[0]!;
    for (const [x, y] of ring) {
      assert.ok(x! >= -BUFFER && x! <= EXTENT + BUFFER && y! >= -BUFFER && y! <= EXTENT + BUFFER, `${x},${y}`);
    }
    assert.equal(ring.length, 5, 'the buffered tile square');
  });

  it('drops what lies outside, cuts lines at the buffer and keeps points inside only', () => {
    const far = [[lon(5), lat(5)], [lon(6), lat(5)], [lon(6), lat(6)], [lon(5), lat(5)]];
    assert.equal(tileGeometry({ type: 'Polygon', coordinates: [far] }, c), null);
    const line = tileGeometry({ type: 'LineString', coordinates: [[lon(-1), lat(0.5)], [lon(2), lat(0.5)]] }, c)!;
    assert.equal(line.type, 2);
    const [a, b] = (line.geometry as number[][][])[0]!;
    assert.deepEqual([a![0], b![0]], [-BUFFER, EXTENT + BUFFER]);
    const pts = tileGeometry({ type: 'MultiPoint', coordinates: [[lon(0.5), lat(0.5)], [lon(1.5), lat(0.5)]] }, c)!;
    assert.deepEqual(pts.geometry, [[2048, (pts.geometry as number[][])[0]![1]]]);
  });

  it('simplifies away vertices that move the outline by less than the tolerance', () => {
    const wiggly = [[lon(0.1), lat(0.1)]];
    for (let i = 1; i < 100; i++) wiggly.push([lon(0.1 + 0.008 * i), lat(0.1 + (i % 2) * 1e-7)]);
    wiggly.push([lon(0.9), lat(0.9)], [lon(0.1), lat(0.9)], [lon(0.1), lat(0.1)]);
    const g = tileGeometry({ type: 'Polygon', coordinates: [wiggly] }, c)!;
    assert.ok((g.geometry as number[][][])[0]!.length <= 6, 'the wiggles along the south edge are gone');
  });
});
