import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import type { AuditEntriesTable } from './audit.tables.ts';

type Q = Db | Tx;

/** Locks the chain head until the end of the transaction: the next writer waits here. */
export async function lockHead(trx: Tx): Promise<{ seq: number; hash: string }> {
  const { rows } = await sql<{ seq: number; hash: string }>`
    select seq, hash from audit.chain_head for update`.execute(trx);
  const head = rows[0];
  if (!head) throw new Error('audit.chain_head has no row: migrations incomplete');
  return head;
}

export function findHead(q: Q) {
  return q.selectFrom('audit.chain_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
}

export async function append(trx: Tx, row: AuditEntriesTable): Promise<void> {
  // No RETURNING: the row need not be readable by the writer under RLS.
  await trx.insertInto('audit.entries').values({ ...row, details: JSON.stringify(row.details) as never }).execute();
  await trx.updateTable('audit.chain_head').set({ seq: row.seq, hash: row.hash }).execute();
}

export interface EntryFilter {
  from?: Date;
  to?: Date;
  action?: string;
  actor?: string;
  entityType?: string;
  entityId?: string;
  before?: number;
  limit: number;
}

/** Newest first, keyset on seq. RLS of the transaction decides which entries are visible. */
export function listEntries(q: Q, f: EntryFilter) {
  let query = q.selectFrom('audit.entries').selectAll().orderBy('seq', 'desc').limit(f.limit);
  if (f.before !== undefined) query = query.where('seq', '<', f.before);
  if (f.from) query = query.where('occurredAt', '>=', f.from);
  if (f.to) query = query.where('occurredAt', '<', f.to);
  if (f.action) {
    query = f.action.endsWith('.*')
      ? query.where('action', 'like', `${f.action.slice(0, -2).replace(/[\\%_]/g, '\\$&')}.%`)
      : query.where('action', '=', f.action);
  }
  if (f.actor) {
    const actor = f.actor;
    query = /^\d+$/.test(actor)
      ? query.where((eb) => eb.or([eb('actorUserId', '=', Number(actor)), eb('actorUsername', '=', actor)]))
      : query.where('actorUsername', '=', actor);
  }
  if (f.entityType) query = query.where('entityType', '=', f.entityType);
  if (f.entityId) query = query.where('entityId', '=', f.entityId);
  return query.execute();
}

export function latestAnchor(q: Q) {
  return q.selectFrom('audit.anchors').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export function entriesAfter(q: Q, afterSeq: number, limit: number) {
  return q.selectFrom('audit.entries').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export async function purgeExpired(trx: Tx, cutoff: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`select audit.purge_expired(${cutoff}) as n`.execute(trx);
  return rows[0]?.n ?? 0;
}
