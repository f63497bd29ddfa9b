import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { repairGeometry, validateGeometry } from './validate.ts';
import { ellipsoidalAreaM2 } from './area.ts';
import { gkSquareRing } from './geo.fixtures.ts';
import { toCgcs2000 } from './crs.ts';
import type { Polygonal, PolygonGeometry } from './geo.types.ts';

const codes = (g: Parameters<typeof validateGeometry>[0]) => validateGeometry(g).map((p) => `${p.severity}:${p.code}`);

describe('geometry validation', () => {
  it('finds nothing wrong with a square with a hole', () => {
    const g: PolygonGeometry = { type: 'Polygon', coordinates: [gkSquareRing(35_500_000, 2_988_000, 1000), [...gkSquareRing(35_500_000, 2_988_000, 200)].reverse()] };
    assert.deepEqual(validateGeometry(g), []);
  });

  it('reports a self-intersection of a bow-tie at the crossing point', () => {
    const bowtie: PolygonGeometry = { type: 'Polygon', coordinates: [[[105, 27], [105.01, 27.01], [105.01, 27], [105, 27.01], [105, 27]]] };
    const problems = validateGeometry(bowtie).filter((p) => p.code === 'self_intersection');
    assert.equal(problems.length, 1);
    assert.ok(Math.abs(problems[0]!.location![0]! - 105.005) < 1e-9 && Math.abs(problems[0]!.location![1]! - 27.005) < 1e-9);
    assert.match(problems[0]!.message, /outer ring intersects itself at \(105\.0050000, 27\.0050000\)/);
  });

  it('repairs a bow-tie into its two triangles (even-odd), keeping the area', () => {
    const bowtie: PolygonGeometry = { type: 'Polygon', coordinates: [[[105, 27], [105.01, 27.01], [105.01, 27], [105, 27.01], [105, 27]]] };
    const fixed = repairGeometry(bowtie);
    assert.equal(fixed.type, 'MultiPolygon');
    assert.equal((fixed as Extract<Polygonal, { type: 'MultiPolygon' }>).coordinates.length, 2);
    assert.deepEqual(validateGeometry(fixed), []);
    // Two triangles of half the 0.01° cell each: together half the cell.
    const cell = ellipsoidalAreaM2({ type: 'Polygon', coordinates: [[[105, 27], [105.01, 27], [105.01, 27.01], [105, 27.01], [105, 27]]] });
    assert.ok(Math.abs(ellipsoidalAreaM2(fixed) - cell / 2) / cell < 1e-4);
  });

  it('reports unclosed rings, too few points, duplicate points and wrong orientation', () => {
    assert.deepEqual(codes({ type: 'Polygon', coordinates: [[[105, 27], [105.01, 27], [105.01, 27.01], [105, 27.01]]] }), ['error:unclosed_ring']);
    assert.deepEqual(codes({ type: 'Polygon', coordinates: [[[105, 27], [105.01, 27], [105, 27]]] }), ['error:too_few_points']);
    assert.deepEqual(codes({ type: 'Polygon', coordinates: [[[105, 27], [105.01, 27], [105.01, 27], [105.01, 27.01], [105, 27.01], [105, 27]]] }), ['warning:duplicate_point']);
    assert.deepEqual(codes({ type: 'Polygon', coordinates: [[[105, 27], [105, 27.01], [105.01, 27.01], [105.01, 27], [105, 27]]] }), ['warning:ring_orientation']);
  });

  it('reports slivers: a 1000 m × 0.01 m strip', () => {
    const strip = [[35_500_000, 2_988_000], [35_501_000, 2_988_000], [35_501_000, 2_988_000.01], [35_500_000, 2_988_000.01], [35_500_000, 2_988_000]]
      .map((p) => toCgcs2000(4523, p));
    const problems = validateGeometry({ type: 'Polygon', coordinates: [strip] });
    assert.deepEqual(problems.map((p) => p.code), ['sliver']);
  });

  it('reports a hole outside its shell through the geometry engine', () => {
    const g: PolygonGeometry = { type: 'Polygon', coordinates: [gkSquareRing(35_500_000, 2_988_000, 1000), [...gkSquareRing(35_510_000, 2_988_000, 200)].reverse()] };
    const problems = validateGeometry(g);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.code, 'invalid_topology');
    assert.match(problems[0]!.message, /Hole lies outside shell/);
  });

  it('repairs unclosed rings and duplicate points and rewinds', () => {
    const fixed = repairGeometry({ type: 'Polygon', coordinates: [[[105, 27], [105, 27.01], [105, 27.01], [105.01, 27.01], [105.01, 27]]] });
    assert.deepEqual(fixed, { type: 'Polygon', coordinates: [[[105, 27], [105.01, 27], [105.01, 27.01], [105, 27.01], [105, 27]]] });
  });

  it('refuses coordinates that are not degrees', () => {
    assert.deepEqual(codes({ type: 'Polygon', coordinates: [[[35_500_000, 2_988_000], [35_501_000, 2_988_000], [35_501_000, 2_989_000], [35_500_000, 2_988_000]]] }), ['error:coordinate_invalid']);
  });
});
