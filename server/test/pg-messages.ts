/**
 * Test support: the text of every message the process's pg clients send while `fn` runs (each
 * `Client.query` is one message and one answer, i.e. one round trip). Shared by the round-trip
 * tests (platform/db/deferred-begin.test.ts, identity/identity.session-cache.test.ts,
 * modules/trading/trading.bidlock.test.ts).
 * `keep` maps a message's text to what is recorded, or undefined to leave it out.
 */
import pg from 'pg';

export async function pgMessages(fn: () => Promise<unknown>, keep: (text: string) => string | undefined = (text) => text): Promise<string[]> {
  const seen: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const kept = keep(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text ?? '');
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
