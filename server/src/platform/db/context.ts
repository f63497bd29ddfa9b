/**
 * Every unit of work that touches scoped data runs in a transaction that first tells
 * PostgreSQL who is acting, so row-level security can filter by the actor's subtree even
 * when a query forgets to.
 */
import { CompiledQuery, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './database.ts';
import { CONTEXT_SQL, CONTEXT_WITH_CHECK_SQL } from './deferred-begin.ts';
import { AppError } from '../http/errors.ts';

export type Tx = Transaction<Database>;

/** Who acts in a transaction, as far as the database needs to know. */
export interface DbContext {
  /** Acting user, or null for the public and for system jobs. */
  userId: number | null;
  /** ltree paths the actor may act in; empty means nothing scoped is visible. */
  scopes: readonly string[];
  /**
   * A session taken from the process cache and not yet confirmed in this request: the context
   * statement confirms it (identity.session_check) in the same round trip, before any data.
   */
  session?: SessionCheck | undefined;
}

/** A cached session to confirm against the database (see identity.service.ts, migration 0420). */
export interface SessionCheck {
  id: string;
  /** md5 of the identity.session_lookup JSON the cache holds. */
  digest: string;
  /** identity.session_epoch when the cache took it (migration 0995): unchanged, the check is cheap. */
  epoch: number;
  /** The active post the cached facts name (null for public accounts). */
  activePostId: number | null;
  idleMinutes: number;
  maxAgeDays: number;
  /** Set once confirmed: later transactions of the same request skip the check. */
  verified: boolean;
  /** Called when the database refuses it (ended, expired, or changed): the cache drops it. */
  rejected(): void;
}

/** SQLSTATEs raised by identity.session_check: the session ended (invalid_authorization_specification), or changed. */
const SESSION_ENDED = '28000';
const SESSION_CHANGED = '28S01';

/** The scope of the whole country: system jobs (deadline scans, outbox) run with it. */
export const SYSTEM_CONTEXT: DbContext = { userId: null, scopes: ['cn'] };
export const PUBLIC_CONTEXT: DbContext = { userId: null, scopes: [] };

const LTREE = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

export function scopesLiteral(scopes: readonly string[]): string {
  for (const s of scopes) if (!LTREE.test(s)) throw new Error(`invalid scope path: ${s}`);
  return `{${scopes.join(',')}}`;
}

/**
 * Sets the RLS context of an open transaction (local to it). The statement starts with
 * CONTEXT_MARK, so a transaction's deferred `begin` travels with it and its first statement in one
 * message (deferred-begin.ts); it is the same text for every request (the values are parameters),
 * so each connection prepares it once.
 */
export async function setContext(trx: Tx, ctx: DbContext): Promise<void> {
  if (ctx.userId !== null && !Number.isSafeInteger(ctx.userId)) throw new Error(`invalid user id: ${ctx.userId}`);
  const s = ctx.session && !ctx.session.verified ? ctx.session : null;
  const values: unknown[] = [scopesLiteral(ctx.scopes), ctx.userId === null ? '' : String(ctx.userId)];
  if (s) values.push(s.id, Math.trunc(s.idleMinutes), Math.trunc(s.maxAgeDays), s.digest, Math.trunc(s.epoch), s.activePostId === null ? null : Math.trunc(s.activePostId));
  try {
    // A fixed text (compiled here, not by Kysely at every request).
    await trx.executeQuery(CompiledQuery.raw(s ? CONTEXT_WITH_CHECK_SQL : CONTEXT_SQL, values));
  } catch (e) {
    throw sessionError(ctx, e);
  }
  if (s) s.verified = true;
}

/**
 * An ended or changed session, refused by identity.session_check, as the AppError the client
 * gets (the cache drops the session); any other error unchanged.
 */
function sessionError(ctx: DbContext, e: unknown): unknown {
  const s = ctx.session;
  const code = (e as { code?: string }).code;
  if (s && (code === SESSION_ENDED || code === SESSION_CHANGED)) {
    s.verified = false;
    s.rejected();
    if (code === SESSION_ENDED) return new AppError('auth.unauthenticated', 'login required');
    return new AppError('auth.session_changed', 'your post or permissions changed: reload the page');
  }
  return e;
}

/**
 * Runs `fn` in a transaction with the RLS context of `ctx`. The context statement travels with
 * the transaction's first statement (deferred-begin.ts), so a session it confirms may be refused
 * there: that refusal is mapped here as in setContext.
 */
export function withContext<T>(db: Db, ctx: DbContext, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await setContext(trx, ctx);
    return fn(trx);
  }).catch((e: unknown) => {
    throw sessionError(ctx, e);
  });
}
