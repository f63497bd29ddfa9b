/**
 * Fewer round trips and fewer socket writes per scoped transaction (issue 10).
 *
 * Kysely sends `begin` on its own and waits for the answer before the first statement; every
 * scoped unit of work then sends the RLS context (`set_config`) and waits again, and ends with a
 * `commit`. Here `begin` and the context are held back and written together with the transaction's
 * first statement, as ONE pipelined extended-protocol message (Parse/Bind/Execute of each, then a
 * single Sync; `pipeline` below):
 *
 * - **A plain read** — a builder SELECT with no locking clause (`for update`/`for share`) and no
 *   call of a function that could write (see `isPlainRead`) — goes WITHOUT `begin`: context and
 *   SELECT before one Sync are one implicit transaction, so the `set_config(…, true)` settings
 *   (and RLS) hold for the SELECT and end with it. There is no `commit` to send at all. A read-only
 *   request costs one write to PostgreSQL and one answer. If the unit of work then runs another
 *   statement, that one starts a transaction of its own (`begin`, the context again, the
 *   statement: one message). Under READ COMMITTED (the default; a transaction with an isolation
 *   level or access mode is left alone) every statement reads its own snapshot anyway, and a plain
 *   SELECT locks and writes nothing, so nothing a later statement could rely on is lost.
 * - **Any other builder statement** (an insert, update, delete, a locking SELECT) goes as
 *   `begin`, the context and the statement in one message; its `commit` is awaited as before.
 *   A transaction that ran only builder SELECTs inside an explicit `begin` is read-only: its
 *   `commit` is sent but not waited for (pg queues the next user's statements behind it on the
 *   same connection, so nothing overtakes it).
 * - **Raw SQL first** (it may hold several statements, which the extended protocol cannot carry):
 *   `begin` and the context go first in one message, then the statement as Kysely sends it.
 *
 * SELECTs with parameters, wherever they are sent, are prepared once per connection (a named
 * statement: PostgreSQL plans the RLS'd query once instead of at every request), and so is the
 * context statement; at most MAX_PREPARED per
 * connection, then the unnamed statement. Parameters are sent exactly as pg sends them (text, types
 * inferred by PostgreSQL), so a pipelined statement answers what the same statement answers alone.
 */
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import { CompiledQuery as Compiled } from 'kysely';
import pg from 'pg';
import { prepareValue } from 'pg/lib/utils.js';

/** The first line of the context statement (see platform/db/context.ts setContext). */
export const CONTEXT_MARK = '/* sunland:context */';
/** The context statement (context.ts setContext): scopes and user id, and a cached session's check when it carries one. */
export const CONTEXT_SQL = `${CONTEXT_MARK}
select set_config('sunland.scopes', $1, true), set_config('sunland.user_id', $2, true)`;
export const CONTEXT_WITH_CHECK_SQL = `${CONTEXT_SQL}, identity.session_check($3, $4, $5, $6, $7, $8)`;

/** Prepared statements kept per connection (each holds a plan in its PostgreSQL backend). */
export const MAX_PREPARED = 200;

/** One statement of a pipeline. `prepare`: as a named statement kept on the connection. */
export interface PipelineStep { text: string; values: readonly unknown[]; prepare: boolean }

/** The statement names prepared on each pg connection (pg's own Connection object): SQL text → name. */
const preparedOn = new WeakMap<object, Map<string, string>>();
let statementCounter = 0;

/** SQLSTATE 0A000 "cached plan must not change result type": a table changed under a prepared statement. */
function isStalePlan(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err.code === '0A000' && /cached plan/.test(err.message ?? '');
}

interface PgWire {
  stream: { cork?: () => void; uncork?: () => void };
  parse(m: { text: string; name: string; types: unknown[] }): void;
  bind(m: { portal: string; statement: string; values: readonly unknown[]; binary: boolean; valueMapper: (v: unknown) => unknown }): void;
  describe(m: { type: 'P'; name: string }): void;
  execute(m: { portal: string; rows: number }): void;
  sync(): void;
}
type PgResult = { command: string; rowCount: number | null; rows: unknown[] };

/**
 * Several statements written to PostgreSQL at once and closed by ONE Sync (a pg "submittable"
 * passed to Client.query). Without an explicit `begin` among them they are one implicit
 * transaction. Thenable: it settles with the LAST statement's result, which is what Kysely reads.
 */
export class Pipeline extends (pg.Query as unknown as new (config: { text: string }) => object) implements PromiseLike<PgResult> {
  readonly text: string;
  /** Its statements, in order (the bench replays them: bench/target.ts). */
  readonly steps: readonly PipelineStep[];
  private readonly done: Promise<PgResult>;
  private settle!: (err: Error | null, results?: PgResult | PgResult[]) => void;
  /** Names this submit parsed on the connection: forgotten again if the message fails. */
  private parsedNow: { names: Map<string, string>; text: string }[] = [];
  private named: { names: Map<string, string>; text: string }[] = [];

  constructor(steps: readonly PipelineStep[]) {
    const text = steps.map((s) => s.text).join(';\n');
    super({ text });
    this.text = text;
    this.steps = steps;
    this.done = new Promise<PgResult>((resolve, reject) => {
      this.settle = (err, results) => {
        if (err) reject(err);
        else resolve(Array.isArray(results) ? results[results.length - 1]! : results!);
      };
    });
    // pg calls `callback(err, results)` once: on the error, or at ReadyForQuery.
    (this as unknown as { callback: (err: Error | null, r?: PgResult | PgResult[]) => void }).callback = (err, r) => {
      if (err) this.forget(err);
      this.settle(err, r);
    };
  }

  /** Writes every step and one Sync in a single socket write (pg's Query.submit does the same for one statement). */
  submit(connection: PgWire): null {
    let names = preparedOn.get(connection);
    if (!names) preparedOn.set(connection, (names = new Map()));
    connection.stream.cork?.();
    try {
      for (const step of this.steps) {
        let name = step.prepare ? names.get(step.text) ?? '' : '';
        if (step.prepare && name) this.named.push({ names, text: step.text });
        if (!name || !step.prepare) {
          if (step.prepare && names.size < MAX_PREPARED) {
            name = `sunland_${++statementCounter}`;
            names.set(step.text, name);
            this.parsedNow.push({ names, text: step.text });
          }
          connection.parse({ text: step.text, name, types: [] });
        }
        connection.bind({ portal: '', statement: name, values: step.values, binary: false, valueMapper: prepareValue });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '', rows: 0 });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  /** After an error: names parsed by this message may not exist; a stale plan is prepared afresh next time. */
  private forget(err: Error): void {
    for (const p of this.parsedNow) p.names.delete(p.text);
    if (isStalePlan(err)) for (const p of this.named) p.names.delete(p.text);
  }

  // Kysely awaits what pg's Client.query returns, which for a submittable is the submittable itself.
  // oxlint-disable-next-line unicorn/no-thenable
  then<A = PgResult, B = never>(ok?: ((v: PgResult) => A | PromiseLike<A>) | null, fail?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.done.then(ok, fail);
  }
}

/**
 * Runs `steps` as one pipelined message on Kysely's pg connection: Kysely's PostgresConnection
 * hands its `sql` to pg's Client.query, which takes a submittable as it is, and awaits it.
 */
function pipeline<R>(conn: DatabaseConnection, steps: readonly PipelineStep[]): Promise<QueryResult<R>> {
  return conn.executeQuery<R>({ sql: new Pipeline(steps) as unknown as string, parameters: [], query: Compiled.raw('').query, queryId: { queryId: '' } } as unknown as CompiledQuery);
}

const BEGIN: PipelineStep = { text: 'begin', values: [], prepare: false };
const stepOf = (q: CompiledQuery, prepare: boolean): PipelineStep => ({ text: q.sql, values: q.parameters, prepare });

/** Calls that may write, lock or signal, even inside a SELECT (volatile built-ins). */
const WRITING_CALLS = /\b(nextval|setval|pg_advisory\w*|pg_try_advisory\w*|pg_notify|set_config|txid_current|pg_current_xact_id|lo_\w+|pg_terminate_backend|pg_cancel_backend|dblink\w*)\s*\(/i;
/** A schema-qualified or quoted name followed by `(`: one of our functions, which may write (the audit chain, claims…). */
const OWN_CALLS = /(\b[a-z_][a-z0-9_]*|")\s*\.\s*("?[a-z_][a-z0-9_]*"?)\s*\(|"\s*\(/i;
const LOCKING = /\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b|\binto\b/i;
const plainReads = new Map<string, boolean>();
/** Raw SQL that is one SELECT (it has parameters, so the extended protocol carries it: one statement). */
const SELECT_TEXT = /^\s*select\b/i;

/**
 * A builder SELECT that neither locks nor calls a function that could write: safe to run as its
 * own implicit transaction. Conservative: anything schema-qualified or quoted-and-called (our own
 * functions) or a writing built-in keeps the explicit transaction. Decided once per SQL text.
 */
export function isPlainRead(query: CompiledQuery): boolean {
  if (query.query?.kind !== 'SelectQueryNode') return false;
  let plain = plainReads.get(query.sql);
  if (plain === undefined) {
    plain = !LOCKING.test(query.sql) && !WRITING_CALLS.test(query.sql) && !OWN_CALLS.test(query.sql);
    if (plainReads.size < 5_000) plainReads.set(query.sql, plain);
  }
  return plain;
}

class DeferredConnection implements DatabaseConnection {
  /** `begin` not sent yet. */
  pendingBegin = false;
  /** The context statement, held back to travel with the transaction's first statement. */
  pendingContext: CompiledQuery | null = null;
  /** A plain read already ran the held context as an implicit transaction (its session is confirmed). */
  contextRan = false;
  /** Set by any statement other than the context and builder SELECTs (see above). */
  wrote = false;
  cancelQuery?: DatabaseConnection['cancelQuery'];
  collectSessionInfo?: DatabaseConnection['collectSessionInfo'];
  killSession?: DatabaseConnection['killSession'];
  readonly inner: DatabaseConnection;
  constructor(inner: DatabaseConnection) {
    this.inner = inner;
    // Query cancellation and session facts stay the inner connection's.
    if (inner.cancelQuery) this.cancelQuery = inner.cancelQuery.bind(inner);
    if (inner.collectSessionInfo) this.collectSessionInfo = inner.collectSessionInfo.bind(inner);
    if (inner.killSession) this.killSession = inner.killSession.bind(inner);
  }

  reset(): void {
    this.pendingBegin = false;
    this.pendingContext = null;
    this.contextRan = false;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const isContext = query.sql.startsWith(CONTEXT_MARK);
    const isSelect = query.query?.kind === 'SelectQueryNode';
    if (!isSelect && !isContext) this.wrote = true;
    if (!this.pendingBegin) {
      // Outside a held begin (a statement on its own, or later in a transaction): a SELECT with
      // parameters still goes as a named statement, planned once per connection.
      if (query.parameters.length > 0 && (isSelect || isContext || SELECT_TEXT.test(query.sql))) return pipeline<R>(this.inner, [stepOf(query, true)]);
      return this.inner.executeQuery<R>(query);
    }
    if (isContext) {
      // Held back: it goes with the first real statement. Its errors (an ended session) surface
      // there; withContext maps them (context.ts). A second context before any statement: the
      // first (with its session check, unless a plain read ran it already) goes now.
      if (this.pendingContext !== null && !this.contextRan) await this.flush();
      else {
        this.pendingContext = query;
        this.contextRan = false;
        return { rows: [] };
      }
      return this.inner.executeQuery<R>(query);
    }
    const context = this.pendingContext === null ? [] : [stepOf(this.pendingContext, true)];
    if (isPlainRead(query)) {
      // Context and SELECT: one implicit transaction, no begin, no commit.
      const r = await pipeline<R>(this.inner, [...context, stepOf(query, true)]);
      this.contextRan = true;
      // The session is confirmed now: later statements of this unit of work carry the context alone.
      if (this.pendingContext?.sql === CONTEXT_WITH_CHECK_SQL) this.pendingContext = Compiled.raw(CONTEXT_SQL, this.pendingContext.parameters.slice(0, 2));
      return r;
    }
    if (query.query && query.query.kind !== 'RawNode') {
      // begin, the context and one builder statement: one message.
      this.pendingBegin = false;
      this.pendingContext = null;
      return pipeline<R>(this.inner, [BEGIN, ...context, stepOf(query, isSelect)]);
    }
    await this.flush();
    return this.inner.executeQuery<R>(query);
  }

  /** Sends a held-back begin and context (before raw SQL or a stream, or at a commit that must confirm a session). */
  async flush(): Promise<void> {
    if (!this.pendingBegin) return;
    const context = this.pendingContext === null ? [] : [stepOf(this.pendingContext, true)];
    this.reset();
    await pipeline(this.inner, [BEGIN, ...context]);
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    this.wrote = true;
    if (!this.pendingBegin) return this.inner.streamQuery<R>(query, chunkSize);
    return flushThenStream<R>(this, query, chunkSize);
  }
}

async function* flushThenStream<R>(c: DeferredConnection, query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
  await c.flush();
  yield* c.inner.streamQuery<R>(query, chunkSize);
}

class DeferredBeginDriver implements Driver {
  private readonly inner: Driver;
  constructor(inner: Driver) { this.inner = inner; }
  init(): Promise<void> { return this.inner.init(); }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new DeferredConnection(await this.inner.acquireConnection());
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as DeferredConnection;
    c.wrote = false;
    c.reset();
    if (settings.isolationLevel || settings.accessMode) {
      c.wrote = true;
      return this.inner.beginTransaction(c.inner, settings);
    }
    c.pendingBegin = true;
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as DeferredConnection;
    // A transaction that ran only its context still confirms the session it carries (an ended
    // session must not pass unnoticed): begin and context go now, then the read-only commit.
    if (c.pendingBegin && c.pendingContext !== null && !c.contextRan) await c.flush();
    // Nothing sent, or only plain reads, each its own implicit transaction: nothing to commit.
    if (c.pendingBegin) { c.reset(); return; }
    if (!c.wrote) {
      // Read-only: nothing to make durable. A failed commit here ends a transaction that wrote nothing.
      this.inner.commitTransaction(c.inner).catch(() => undefined);
      return;
    }
    return this.inner.commitTransaction(c.inner);
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as DeferredConnection;
    if (c.pendingBegin) { c.reset(); return; }
    return this.inner.rollbackTransaction(c.inner);
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as DeferredConnection;
    c.reset();
    return this.inner.releaseConnection(c.inner);
  }
  destroy(): Promise<void> { return this.inner.destroy(); }
}

/** Wraps a dialect (PostgresDialect) so that its transactions defer `begin` as described above. */
export function deferredBegin(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new DeferredBeginDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
