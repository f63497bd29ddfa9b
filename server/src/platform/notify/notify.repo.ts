import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { SYSTEM_CONTEXT, withContext, type Tx } from '../db/context.ts';
import { compiledQuery } from '../db/compiled.ts';
import type { Channel } from './notify.tables.ts';

type Q = Db | Tx;

export interface NewOutboxRow {
  channel: Channel;
  recipient: string;
  subject: string | null;
  body: string;
  data: Record<string, unknown>;
  dedupeKey: string | null;
  nextAttemptAt?: Date;
}

/**
 * Inserts a message through notify.enqueue (SECURITY DEFINER, migration 0520): the outbox is
 * under RLS and a caller's context cannot read it; with a dedupe key already taken, returns the
 * id of the earlier row.
 */
export async function insertOutbox(q: Q, row: NewOutboxRow): Promise<number> {
  const { rows } = await sql<{ id: string | number }>`
    select notify.enqueue(${row.channel}, ${row.recipient}, ${row.subject}, ${row.body}, ${JSON.stringify(row.data)}::jsonb,
                          ${row.dedupeKey}, ${row.nextAttemptAt ?? null}::timestamptz) as id`.execute(q);
  return Number(rows[0]!.id);
}

/** Runs a dispatcher statement in the system context, the only one RLS lets handle the outbox. */
const system = <T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> => withContext(db, SYSTEM_CONTEXT, fn);

export type ClaimedRow = {
  id: number;
  channel: Channel;
  recipient: string;
  subject: string | null;
  body: string;
  data: Record<string, unknown>;
  attempts: number;
};

/**
 * Claims up to `limit` due messages: locks them (skipping rows another dispatcher holds), counts
 * the attempt and moves `next_attempt_at` ahead by the lease, then commits. Another dispatcher
 * sees them as not due until the lease ends, so a crash mid-send means a retry, never a loss.
 */
export async function claimDue(db: Db, limit: number, leaseMs: number, channels: readonly Channel[]): Promise<ClaimedRow[]> {
  if (channels.length === 0) return [];
  const { rows } = await system(db, (trx) => sql<ClaimedRow>`
    with due as (
      select id from notify.outbox
      where status = 'pending' and next_attempt_at <= now() and channel = any(${channels}::text[])
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    )
    update notify.outbox o
       set attempts = o.attempts + 1,
           next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
      from due where o.id = due.id
    returning o.id, o.channel, o.recipient, o.subject, o.body, o.data, o.attempts`.execute(trx));
  return rows;
}

export async function markSent(db: Db, id: number, providerRef: string | null): Promise<void> {
  await system(db, (trx) => trx
    .updateTable('notify.outbox')
    .set({ status: 'sent', sentAt: sql`now()`, providerRef, lastError: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute());
}

/** A failed attempt: retry after `retryInMs`, or `final` status when there is no next attempt. */
export async function markFailed(db: Db, id: number, error: string, next: { retryInMs: number } | { final: 'failed' | 'dead' }): Promise<void> {
  const set =
    'final' in next
      ? { status: next.final, lastError: error }
      : { lastError: error, nextAttemptAt: sql<Date>`now() + make_interval(secs => ${next.retryInMs / 1000})` };
  await system(db, (trx) => trx.updateTable('notify.outbox').set(set).where('id', '=', id).where('status', '=', 'pending').execute());
}

/** Gives a claimed message back without counting the attempt (the channel is not configured here). */
export async function release(db: Db, id: number, error: string, retryInMs: number): Promise<void> {
  await system(db, (trx) => trx
    .updateTable('notify.outbox')
    .set({
      attempts: sql`greatest(attempts - 1, 0)`,
      lastError: error,
      nextAttemptAt: sql<Date>`now() + make_interval(secs => ${retryInMs / 1000})`,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute());
}

/** Milliseconds until the earliest pending message is due (0 if one is due now), or null if none. */
export async function msUntilNextDue(db: Db, channels: readonly Channel[]): Promise<number | null> {
  if (channels.length === 0) return null;
  const { rows } = await system(db, (trx) => sql<{ ms: number | null }>`
    select greatest(0, extract(epoch from (min(next_attempt_at) - now())) * 1000)::float8 as ms
    from notify.outbox where status = 'pending' and channel = any(${channels}::text[])`.execute(trx));
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? null : Number(ms);
}

/** Deletes settled (sent, failed, dead) messages created more than `days` ago. */
export async function purgeSettled(db: Db, days: number): Promise<number> {
  const r = await system(db, (trx) => trx
    .deleteFrom('notify.outbox')
    .where('status', '<>', 'pending')
    .where('createdAt', '<', sql<Date>`now() - make_interval(days => ${days})`)
    .executeTakeFirst());
  return Number(r.numDeletedRows);
}

// In-app inbox. RLS limits every read and update to the acting user's own rows.

/**
 * Delivers into an inbox; false when this outbox row was delivered before (a redelivery).
 * No ON CONFLICT: under RLS it would need to read other users' rows. Run it alone in its
 * transaction, since the unique violation ends that transaction.
 */
export async function insertInbox(db: Db, row: { userId: number; title: string; body: string; data: Record<string, unknown>; outboxId: number }): Promise<boolean> {
  try {
    await withContext(db, SYSTEM_CONTEXT, (trx) =>
      trx.insertInto('notify.inbox').values({ ...row, data: JSON.stringify(row.data) }).execute());
    return true;
  } catch (e) {
    const err = e as { code?: string; constraint?: string };
    if (err.code === '23505' && err.constraint === 'inbox_outbox_id_key') return false;
    throw e;
  }
}

const INBOX_COLUMNS = ['id', 'title', 'body', 'data', 'readAt', 'createdAt'] as const;

export function listInbox(trx: Tx, opts: { unread?: boolean; limit: number; beforeId?: number; afterId?: number }) {
  let q = trx.selectFrom('notify.inbox').select(INBOX_COLUMNS).orderBy('id', 'desc').limit(opts.limit);
  if (opts.unread) q = q.where('readAt', 'is', null);
  if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
  if (opts.afterId !== undefined) q = q.where('id', '>', opts.afterId);
  return q.execute();
}

/**
 * A page of the inbox and the unread count in one statement (one round trip): the count joined
 * with the page laterally, so an empty page still answers the count. The workbench polls it: built
 * and compiled once per shape (platform/db/compiled.ts).
 */
const inboxPageWithUnread = compiledQuery((db, p: { unread: boolean; limit: number; beforeId?: number | undefined }) => db
  .selectFrom((eb) => eb.selectFrom('notify.inbox').select((e) => e.fn.countAll<string>().as('n')).where('readAt', 'is', null).as('u'))
  .leftJoinLateral((eb) => {
    let q = eb.selectFrom('notify.inbox').select(INBOX_COLUMNS).orderBy('id', 'desc').limit(p.limit);
    if (p.unread) q = q.where('readAt', 'is', null);
    if (p.beforeId !== undefined) q = q.where('id', '<', p.beforeId);
    return q.as('i');
  }, (join) => join.onTrue())
  .select(['u.n', 'i.id', 'i.title', 'i.body', 'i.data', 'i.readAt', 'i.createdAt'])
  .orderBy('i.id', 'desc'));

export async function listInboxWithUnread(trx: Tx, opts: { unread?: boolean; limit: number; beforeId?: number }) {
  const rows = await inboxPageWithUnread(trx, { unread: opts.unread === true, limit: opts.limit, beforeId: opts.beforeId });
  const items = rows.filter((r) => r.id !== null).map((r) => ({ id: r.id!, title: r.title!, body: r.body!, data: r.data!, readAt: r.readAt, createdAt: r.createdAt! }));
  return { items, unread: Number(rows[0]?.n ?? 0) };
}

export function findInboxItem(trx: Tx, id: number) {
  return trx.selectFrom('notify.inbox').select(INBOX_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function countUnread(trx: Tx): Promise<number> {
  const r = await trx.selectFrom('notify.inbox').select((eb) => eb.fn.countAll<number>().as('n')).where('readAt', 'is', null).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Marks one item read; returns it, or undefined when it is not the actor's. */
export function markRead(trx: Tx, id: number) {
  return trx
    .updateTable('notify.inbox')
    .set({ readAt: sql`coalesce(read_at, now())` })
    .where('id', '=', id)
    .returning(INBOX_COLUMNS)
    .executeTakeFirst();
}

export async function markAllRead(trx: Tx): Promise<number> {
  const r = await trx.updateTable('notify.inbox').set({ readAt: sql`now()` }).where('readAt', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// Development SMS phone.

/** Records a "sent" SMS; the dispatcher's system context is the only writer (RLS, migration 0520). */
export async function insertSms(db: Db, row: { phone: string; body: string; idempotencyKey: string; confidential: boolean }): Promise<void> {
  await system(db, (trx) => trx.insertInto('notify.sms_messages').values(row).onConflict((oc) => oc.column('idempotencyKey').doNothing()).execute());
}

export function listSms(q: Q, opts: { phone?: string; limit: number }) {
  let s = q.selectFrom('notify.sms_messages').select(['id', 'phone', 'body', 'confidential', 'createdAt']).orderBy('id', 'desc').limit(opts.limit);
  if (opts.phone) s = s.where('phone', '=', opts.phone);
  return s.execute();
}
