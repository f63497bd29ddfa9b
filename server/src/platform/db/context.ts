/**
 * Every unit of work that touches scoped data runs in a transaction that first tells
 * PostgreSQL who is acting, so row-level security can filter by the actor's subtree even
 * when a query forgets to.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './database.ts';

export type Tx = Transaction<Database>;

/** Who acts in a transaction, as far as the database needs to know. */
export interface DbContext {
  /** Acting user, or null for the public and for system jobs. */
  userId: number | null;
  /** ltree paths the actor may act in; empty means nothing scoped is visible. */
  scopes: readonly string[];
}

/** The scope of the whole country: system jobs (deadline scans, outbox) run with it. */
export const SYSTEM_CONTEXT: DbContext = { userId: null, scopes: ['cn'] };
export const PUBLIC_CONTEXT: DbContext = { userId: null, scopes: [] };

const LTREE = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

export function scopesLiteral(scopes: readonly string[]): string {
  for (const s of scopes) if (!LTREE.test(s)) throw new Error(`invalid scope path: ${s}`);
  return `{${scopes.join(',')}}`;
}

/** Sets the RLS context of an open transaction (local to it). */
export async function setContext(trx: Tx, ctx: DbContext): Promise<void> {
  await sql`select set_config('sunland.scopes', ${scopesLiteral(ctx.scopes)}, true),
                   set_config('sunland.user_id', ${ctx.userId === null ? '' : String(ctx.userId)}, true)`.execute(trx);
}

/** Runs `fn` in a transaction with the RLS context of `ctx`. */
export function withContext<T>(db: Db, ctx: DbContext, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await setContext(trx, ctx);
    return fn(trx);
  });
}
