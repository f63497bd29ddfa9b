/**
 * A store for @fastify/rate-limit that counts in PostgreSQL (platform.rate_limit_hits), so the
 * routes' limits (login, SMS codes, public forms, Open311, ratings) hold across every server
 * process: two processes behind one load balancer do not allow twice the attempts. Each route
 * counts on its own (its method and URL are part of the key), as with the in-memory store.
 */
import crypto from 'node:crypto';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

/** Counters whose window ended are swept about once in this many hits. */
const SWEEP_EVERY = 500;

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
    constructor(options: object = {}) {
      const r = (options as RouteInfo).routeInfo;
      this.namespace = r?.url ? `${[r.method].flat().join(',')} ${r.url}` : 'global';
    }
    incr(key: string, cb: Callback, timeWindow: number): void {
      hit(this.namespace, key, timeWindow, true, cb);
    }
    read(key: string, cb: Callback, timeWindow: number): void {
      hit(this.namespace, key, timeWindow, false, cb);
    }
    child(routeOptions: object): PgRateLimitStore {
      return new PgRateLimitStore(routeOptions);
    }
  };
}
