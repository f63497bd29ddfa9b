/** The geometry worker pool: answers from a worker thread, a bounded queue, a timeout that replaces the worker. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../http/errors.ts';
import { createGeoPool } from './pool.ts';
import type { Area } from './area.ts';

const square = { type: 'Polygon', coordinates: [[[106.9, 27.7], [106.901, 27.7], [106.901, 27.701], [106.9, 27.701], [106.9, 27.7]]] };

/** A polygon of n vertices on a small circle: slow enough to validate to trip a short timeout. */
function circle(n: number) {
  const ring = Array.from({ length: n }, (_, i) => [106.9 + 0.01 * Math.cos((2 * Math.PI * i) / n), 27.7 + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}

describe('geometry pool', () => {
  it('runs tasks in a worker and passes domain errors back as AppErrors', async () => {
    const pool = createGeoPool({ size: 1 });
    try {
      const a = await pool.run<Area>({ op: 'area', body: square });
      assert.ok(a.areaM2 > 10_000 && a.areaM2 < 12_000, String(a.areaM2));
      await assert.rejects(pool.run({ op: 'area', body: { type: 'Point', coordinates: [1, 2] } }),
        (e) => e instanceof AppError && e.code === 'geo.geometry_unsupported' && e.status === 422);
    } finally {
      await pool.close();
    }
  });

  it('refuses work beyond its queue at once, times a slow task out and settles the queued one on a new worker', async () => {
    const pool = createGeoPool({ size: 1, maxQueue: 1, timeoutMs: 30 });
    try {
      const slow = pool.run({ op: 'validate', body: circle(150_000), repair: false });
      const queued = pool.run<Area>({ op: 'area', body: square });
      await assert.rejects(pool.run({ op: 'area', body: square }), (e) => e instanceof AppError && e.code === 'request.busy' && e.status === 503);
      await assert.rejects(slow, (e) => e instanceof AppError && e.code === 'geo.too_complex');
      // The queued task ran on the replacement worker (its start may itself pass 30 ms on a busy machine).
      const after = await queued.catch((e: unknown) => e);
      assert.ok(!(after instanceof Error) || (after instanceof AppError && after.code === 'geo.too_complex'), String(after));
    } finally {
      await pool.close();
    }
  });
});
