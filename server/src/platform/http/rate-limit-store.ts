/**
 * A store for @fastify/rate-limit that counts in PostgreSQL (platform.rate_limit_hits), so the
 * routes' limits (login, SMS codes, public forms, Open311, ratings) hold across every server
 * process: two processes behind one load balancer do not allow twice the attempts. Each route
 * counts on its own (its method and URL are part of the key), as with the in-memory store.
 *
 * Flood guards of hot read routes (a limit above LOCAL_ABOVE per window, e.g. 6000 tiles a
 * minute) stay in process memory: a database write per tile would cost more than it guards, and
 * N processes allowing N × 6000 tiles is no security matter. Security limits are all far lower.
 */
import crypto from 'node:crypto';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

/** Counters whose window ended are swept about once in this many hits. */
const SWEEP_EVERY = 500;

/** Limits above this many requests per window are counted per process, in memory. */
export const LOCAL_ABOVE = 1000;

/** Fixed-window counters in process memory, for the flood guards of hot routes. */
class MemoryCounter {
  private readonly counts = new Map<string, { hits: number; start: number }>();
  hit(key: string, windowMs: number, increment: boolean): { current: number; ttl: number } {
    const now = Date.now();
    if (this.counts.size > 50_000) {
      for (const [k, v] of this.counts) if (v.start + windowMs <= now) this.counts.delete(k);
    }
    let c = this.counts.get(key);
    if (!c || c.start + windowMs <= now) {
      if (!increment) return { current: 0, ttl: 0 };
      c = { hits: 0, start: now };
      this.counts.set(key, c);
    }
    if (increment) c.hits++;
    return { current: c.hits, ttl: c.start + windowMs - now };
  }
}

/** Route keys are kept short: a long client key (a pasted login name) is hashed. */
function storageKey(namespace: string, key: string): string {
  const full = `${namespace}|${key}`;
  return full.length <= 200 ? full : `${namespace}|sha256:${crypto.createHash('sha256').update(key).digest('hex')}`;
}

type RouteInfo = { routeInfo?: { method?: string | string[]; url?: string } };

export function pgRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  let sinceSweep = 0;
  const hit = (namespace: string, key: string, windowMs: number, increment: boolean, cb: Callback) => {
    sql<{ hits: number; ttl_ms: number }>`select * from platform.rate_limit_hit(${storageKey(namespace, key)}, ${Math.min(windowMs, 2 ** 31 - 1)}, ${increment})`
      .execute(db)
      .then(({ rows }) => {
        const r = rows[0] ?? { hits: 0, ttl_ms: 0 };
        cb(null, { current: r.hits, ttl: r.ttl_ms });
        if (increment && ++sinceSweep >= SWEEP_EVERY) {
          sinceSweep = 0;
          sql`select platform.rate_limit_sweep()`.execute(db).catch(() => undefined);
        }
      }, (err: Error) => cb(err));
  };

  return class PgRateLimitStore {
    readonly namespace: string;
    /** Set for a flood guard above LOCAL_ABOVE: counted here, not in the database. */
    readonly memory: MemoryCounter | null;
    constructor(options: object = {}) {
      const r = (options as RouteInfo).routeInfo;
      this.namespace = r?.url ? `${[r.method].flat().join(',')} ${r.url}` : 'global';
      const max = (options as { max?: unknown }).max;
      this.memory = typeof max === 'number' && max > LOCAL_ABOVE ? new MemoryCounter() : null;
    }
    incr(key: string, cb: Callback, timeWindow: number): void {
      if (this.memory) cb(null, this.memory.hit(key, timeWindow, true));
      else hit(this.namespace, key, timeWindow, true, cb);
    }
    read(key: string, cb: Callback, timeWindow: number): void {
      if (this.memory) cb(null, this.memory.hit(key, timeWindow, false));
      else hit(this.namespace, key, timeWindow, false, cb);
    }
    child(routeOptions: object): PgRateLimitStore {
      return new PgRateLimitStore(routeOptions);
    }
  };
}
