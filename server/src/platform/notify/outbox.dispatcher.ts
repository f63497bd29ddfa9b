/**
 * Delivers the outbox. Woken by NOTIFY on commit of an enqueue, by a timer at the next retry,
 * and by a pg-boss cron sweep; each wake-up drains all due rows in batches. Claims are short
 * transactions with `for update skip locked` plus a lease, so dispatchers in several processes
 * never send the same row at the same time.
 *
 * Guarantee: at-least-once. A crash after the provider accepted a message but before it was
 * marked sent leaves the row pending; it is sent again when the lease ends. Providers receive
 * `outbox:<id>` as idempotency key so they (and the dev SMS table, and the inbox) drop the repeat.
 */
import type { Db } from '../db/database.ts';
import { ChannelUnavailable, PermanentError, type EmailSender, type SmsProvider } from './channels.ts';
import * as repo from './notify.repo.ts';
import type { Channel } from './notify.tables.ts';

export interface DispatcherOptions {
  db: Db;
  sms: SmsProvider;
  email: EmailSender | null;
  maxAttempts: number;
  retryBaseMs: number;
  /** How long a claim keeps other dispatchers off a row; longer than any provider timeout. */
  leaseMs?: number;
  batchSize?: number;
  log?: (msg: string) => void;
}

const MAX_BACKOFF_MS = 3_600_000;
/** Re-check rows waiting on an unconfigured channel this often. */
const UNAVAILABLE_RETRY_MS = 60_000;
/** Longest sleep of the local timer; the cron sweep is the backstop beyond it. */
const MAX_SLEEP_MS = 60_000;

export interface Dispatcher {
  /** Drains due rows now (coalesces concurrent calls). */
  wake(): void;
  /** Resolves when the current drain, if any, has finished. */
  idle(): Promise<void>;
  /** Delivers what is due now in the calling process, running or not; returns how many were handled. */
  deliverNow(): Promise<number>;
  start(): void;
  /** Stops waking and waits for the drain in progress. */
  stop(): Promise<void>;
}

/** Delay before attempt `attempts + 1`: base · 2^(attempts−1), capped at one hour. */
export function backoffMs(baseMs: number, attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

export function createDispatcher(o: DispatcherOptions): Dispatcher {
  const leaseMs = o.leaseMs ?? 120_000;
  const batchSize = o.batchSize ?? 20;
  const log = o.log ?? ((m: string) => process.stderr.write(`[sunland] notify: ${m}\n`));
  // Every process claims every channel: an unconfigured one is released with an error recorded.
  const channels: Channel[] = ['inapp', 'sms', 'email'];
  let running = false;
  let draining: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  async function deliver(row: repo.ClaimedRow): Promise<string | null> {
    const idempotencyKey = `outbox:${row.id}`;
    switch (row.channel) {
      case 'sms':
        return o.sms.send({ to: row.recipient, text: row.body, idempotencyKey, confidential: row.data?.confidential === true });
      case 'email':
        if (!o.email) throw new ChannelUnavailable('SMTP not configured');
        return o.email.send({ to: row.recipient, subject: row.subject ?? '', text: row.body, idempotencyKey });
      case 'inapp': {
        const userId = Number(row.recipient);
        if (!Number.isSafeInteger(userId) || userId <= 0) throw new PermanentError(`not a user id: ${row.recipient}`);
        // Runs without a user: only the system context may deliver into inboxes (RLS).
        await repo.insertInbox(o.db, { userId, title: row.subject ?? '', body: row.body, data: row.data ?? {}, outboxId: row.id });
        return null;
      }
    }
  }

  async function handle(row: repo.ClaimedRow): Promise<void> {
    try {
      const ref = await deliver(row);
      await repo.markSent(o.db, row.id, ref);
    } catch (e) {
      const msg = String((e as Error)?.message ?? e).slice(0, 1000);
      if (e instanceof ChannelUnavailable) return repo.release(o.db, row.id, msg, UNAVAILABLE_RETRY_MS);
      if (e instanceof PermanentError) return repo.markFailed(o.db, row.id, msg, { final: 'failed' });
      if (row.attempts >= o.maxAttempts) {
        log(`message ${row.id} (${row.channel}) dead after ${row.attempts} attempts: ${msg}`);
        return repo.markFailed(o.db, row.id, msg, { final: 'dead' });
      }
      return repo.markFailed(o.db, row.id, msg, { retryInMs: backoffMs(o.retryBaseMs, row.attempts) });
    }
  }

  /** Claims and handles due rows until none is left (or the dispatcher stops); returns how many. */
  async function deliverDue(keepGoing: () => boolean): Promise<number> {
    let n = 0;
    while (keepGoing()) {
      const rows = await repo.claimDue(o.db, batchSize, leaseMs, channels);
      if (rows.length === 0) break;
      await Promise.all(rows.map((r) => handle(r).catch((e) => log(`message ${r.id}: ${String(e)}`))));
      n += rows.length;
    }
    return n;
  }

  async function drain(): Promise<void> {
    for (;;) {
      do {
        again = false;
        await deliverDue(() => running);
      } while (again && running);
      await armTimer();
      // A wake that arrived while the timer was being armed would otherwise be lost until the
      // timer fires (up to a lease later): go round once more.
      if (!again || !running) return;
    }
  }

  async function armTimer(): Promise<void> {
    if (!running) return;
    const ms = await repo.msUntilNextDue(o.db, channels);
    if (timer) clearTimeout(timer);
    timer = null;
    if (ms === null) return;
    timer = setTimeout(wake, Math.min(Math.max(ms, 10), MAX_SLEEP_MS));
    timer.unref();
  }

  function wake(): void {
    if (!running) return;
    if (draining) {
      again = true;
      return;
    }
    draining = drain()
      .catch((e) => {
        log(`dispatch failed: ${String((e as Error)?.message ?? e)}`);
        // The database may be restarting: try again shortly.
        if (running && !timer) {
          timer = setTimeout(wake, 5_000);
          timer.unref();
        }
      })
      .finally(() => {
        draining = null;
      });
  }

  return {
    wake,
    deliverNow: () => deliverDue(() => true),
    async idle() {
      while (draining) await draining;
    },
    start() {
      running = true;
      wake();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      while (draining) await draining;
    },
  };
}
