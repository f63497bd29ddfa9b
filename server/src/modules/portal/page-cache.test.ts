/** The page cache's own clock rules (page-cache.ts): scheduled changes and their lookup. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPageCache } from './page-cache.ts';

const settled = () => new Promise((r) => setTimeout(r, 20));

/** A cache on a fake clock whose next scheduled change is `next()` (looked up after every drop). */
async function cacheWith(next: () => number | null) {
  let clock = 1_000_000;
  let lookups = 0;
  const cache = createPageCache<string>({
    listen: async () => {}, now: () => clock,
    // Answered a few milliseconds later, like the database.
    nextChange: async () => { lookups += 1; await new Promise((r) => setTimeout(r, 5)); return next(); },
  });
  await cache.start();
  await settled(); // the first lookup answered
  return { cache, tick: (ms: number) => { clock += ms; }, now: () => clock, lookups: () => lookups };
}

describe('page cache and scheduled changes (定时发布, 过期)', () => {
  it('keeps pages until the next scheduled change falls due, then drops them and looks the next one up', async () => {
    let next: number | null = 1_000_000 + 5_000;
    const c = await cacheWith(() => next);
    assert.equal(await c.cache.get('p', async () => 'v1'), 'v1');
    assert.equal(await c.cache.get('p', async () => 'v2'), 'v1', 'kept before the change');
    c.tick(5_000);
    next = null;
    assert.equal(c.cache.peek('p'), undefined, 'dropped when the change falls due');
    assert.equal(c.lookups(), 2);
    assert.equal(await c.cache.get('p', async () => 'v3'), 'v3', 'nothing kept while the next change is being looked up');
    await settled();
    assert.equal(await c.cache.get('p', async () => 'v4'), 'v4');
    assert.equal(await c.cache.get('p', async () => 'v5'), 'v4', 'kept again once it is known');
  });

  it('a change time already past on this clock (the database clock behind) is looked at again in a second, not at every request', async () => {
    const c = await cacheWith(() => 1_000_000 - 10);
    assert.equal(await c.cache.get('p', async () => 'v1'), 'v1');
    assert.equal(await c.cache.get('p', async () => 'v2'), 'v1');
    assert.equal(c.lookups(), 1);
    c.tick(999);
    assert.equal(c.cache.peek('p'), 'v1');
    c.tick(1);
    assert.equal(c.cache.peek('p'), undefined);
    assert.equal(c.lookups(), 2);
    await settled();
    assert.equal(await c.cache.get('p', async () => 'v3'), 'v3');
    assert.equal(await c.cache.get('p', async () => 'v4'), 'v3', 'kept for the next second again');
  });
});
