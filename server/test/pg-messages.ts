/**
 * Test support: the text of every message the process's pg clients send while `fn` runs (each
 * `Client.query` is one message and one answer, i.e. one round trip). Shared by the round-trip
 * tests (platform/db/deferred-begin.test.ts, identity/identity.session-cache.test.ts,
 * modules/trading/trading.bidlock.test.ts) and the bench (bench/target.ts records the scoped
 * read's messages with `pgSubmitted`).
 * `keep` maps a message's text to what is recorded, or undefined to leave it out.
 */
import pg from 'pg';

export function pgMessages(fn: () => Promise<unknown>, keep: (text: string) => string | undefined = (text) => text): Promise<string[]> {
  return pgSubmitted(fn, (query) => keep(typeof query === 'string' ? query : (query as { text?: string })?.text ?? ''));
}

/** What `keep` makes of each first argument of `Client.query` (text, config or submittable) while `fn` runs. */
export async function pgSubmitted<T>(fn: () => Promise<unknown>, keep: (query: unknown) => T | undefined): Promise<T[]> {
  const seen: T[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const kept = keep(args[0]);
    if (kept !== undefined) seen.push(kept);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen;
}
