/**
 * Fewer round trips per scoped transaction. Kysely sends `begin` on its own and waits for the
 * answer before the first statement; every scoped unit of work then sends the RLS context
 * (`set_config`) and waits again. Here `begin` is held back and sent together with the first
 * statement when that statement is the context (`CONTEXT_MARK`, no parameters): one
 * simple-protocol message `begin; select set_config(…)`, one round trip instead of two. Any other
 * first statement gets its own `begin` first, exactly as before. A transaction that ran no
 * statement at all commits or rolls back nothing.
 *
 * A transaction that ran only query-builder SELECTs (besides its context statement) is read-only:
 * its `commit` is sent but not waited for, so the answer does not wait one more round trip. The
 * connection goes back to the pool at once; pg queues the next user's statements behind the commit
 * on the same connection, so nothing overtakes it. Anything else — an insert, update or delete, any
 * raw SQL (it may call a function that writes, e.g. the audit chain), a streamed query — makes the
 * transaction a writing one, whose commit is awaited as before.
 *
 * Prepared statements: a first SELECT this process has sent at least PREPARE_AFTER times is
 * prepared once per connection (`prepare sunland_N as …`, its own round trip, outside any
 * transaction) and then sent as `execute sunland_N('…', …)` inside the one message, with the same
 * literals. PostgreSQL then plans it once per connection instead of at every request (planning the
 * RLS'd inbox query cost more than running it). A SELECT PostgreSQL cannot prepare (a parameter
 * whose type it cannot infer) keeps the inlined form; at most MAX_PREPARED per connection.
 */
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import { CompiledQuery as Compiled } from 'kysely';
import pg from 'pg';
import { prepareValue } from 'pg/lib/utils.js';

/** The first line of the context statement (see platform/db/context.ts setContext). */
export const CONTEXT_MARK = '/* sunland:context */';

/**
 * First line of a multi-statement simple query whose LAST result is the answer: the pg clients
 * of our pools (database.ts `createPool`) return that result instead of the array of all.
 */
export const LAST_RESULT_MARK = '/* sunland:last */';

/**
 * The compiled statement with its `$n` parameters written in as quoted literals, exactly as pg
 * would send them as untyped text parameters (pg's prepareValue, then escapeLiteral; bytea as
 * hex), so PostgreSQL infers their types the same way. Placeholders inside quoted strings,
 * identifiers and comments are left alone. Null when a value cannot be written so (it then goes as before).
 */
export function inlineParameters(sqlText: string, parameters: readonly unknown[]): string | null {
  const literals = parameterLiterals(parameters);
  return literals === null ? null : inlineLiterals(sqlText, literals);
}

/** The parameters as quoted literals (see inlineParameters); null when one cannot be written so. */
export function parameterLiterals(parameters: readonly unknown[]): string[] | null {
  const literals: string[] = [];
  for (const v of parameters) {
    const p = prepareValue(v) as string | Buffer | null;
    if (p === null || p === undefined) literals.push('NULL');
    else if (Buffer.isBuffer(p)) literals.push(`'\\x${p.toString('hex')}'`);
    // A NUL byte cannot be in PostgreSQL text: the statement goes as before and the server refuses it.
    else if (typeof p === 'string' && !p.includes('\u0000')) literals.push(pg.escapeLiteral(p));
    else return null;
  }
  return literals;
}

function inlineLiterals(sqlText: string, literals: readonly string[]): string | null {
  let out = '';
  let i = 0;
  while (i < sqlText.length) {
    const c = sqlText[i]!;
    // Comments are copied whole: a quote or a `$1` inside one is not SQL.
    const comment = c === '-' && sqlText[i + 1] === '-' ? '\n' : c === '/' && sqlText[i + 1] === '*' ? '*/' : null;
    if (comment) {
      const end = sqlText.indexOf(comment, i + 2);
      const j = end < 0 ? sqlText.length : end + comment.length;
      out += sqlText.slice(i, j);
      i = j;
      continue;
    }
    if (c === "'" || c === '"') {
      // Copy a quoted string or identifier whole ('' and "" are escaped quotes inside).
      let j = i + 1;
      while (j < sqlText.length && !(sqlText[j] === c && sqlText[j + 1] !== c)) j += sqlText[j] === c ? 2 : 1;
      out += sqlText.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '$' && /[0-9]/.test(sqlText[i + 1] ?? '') && !/[A-Za-z0-9_$]/.test(sqlText[i - 1] ?? '')) {
      let j = i + 1;
      while (/[0-9]/.test(sqlText[j] ?? '')) j++;
      const n = Number(sqlText.slice(i + 1, j));
      const lit = literals[n - 1];
      if (lit === undefined) return null;
      out += lit;
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** A first SELECT is prepared on a connection once this process has sent it this many times. */
export const PREPARE_AFTER = 2;
/** Prepared statements kept per connection (each holds a plan in its PostgreSQL backend). */
export const MAX_PREPARED = 200;
/** First SELECTs counted (by text) before counting stops; SQL texts are few, this bounds memory. */
const MAX_COUNTED = 5_000;

/** How often each first-SELECT text was sent; -1: PostgreSQL cannot prepare it. */
const timesSeen = new Map<string, number>();
/** Per pg connection (Kysely keeps one inner connection per client): SQL text → statement name. */
const preparedOn = new WeakMap<DatabaseConnection, Map<string, string>>();
let statementCounter = 0;

/** SQLSTATE 0A000 "cached plan must not change result type": a table changed under a prepared SELECT. */
function isStalePlan(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err.code === '0A000' && /cached plan/.test(err.message ?? '');
}

/**
 * The name of `sqlText` prepared on `conn`, preparing it now (its own round trip, outside any
 * transaction: the connection has none open while `begin` is held back) once the text is common
 * enough; null to send it inlined.
 */
async function preparedName(conn: DatabaseConnection, sqlText: string): Promise<string | null> {
  let names = preparedOn.get(conn);
  const known = names?.get(sqlText);
  if (known) return known;
  const seen = timesSeen.get(sqlText) ?? 0;
  if (seen < 0) return null;
  if (seen + 1 < PREPARE_AFTER) {
    if (timesSeen.size < MAX_COUNTED || timesSeen.has(sqlText)) timesSeen.set(sqlText, seen + 1);
    return null;
  }
  if (!names) preparedOn.set(conn, (names = new Map()));
  if (names.size >= MAX_PREPARED) return null;
  const name = `sunland_${++statementCounter}`;
  try {
    await conn.executeQuery(Compiled.raw(`prepare ${name} as ${sqlText}`));
  } catch {
    // E.g. a parameter whose type PostgreSQL cannot infer on its own: the inlined form gives it one.
    timesSeen.set(sqlText, -1);
    return null;
  }
  names.set(sqlText, name);
  return name;
}

class DeferredConnection implements DatabaseConnection {
  pendingBegin = false;
  /** The context statement, held back to travel with the transaction's first statement. */
  pendingContext: string | null = null;
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

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const isContext = query.parameters.length === 0 && query.sql.startsWith(CONTEXT_MARK);
    const isSelect = query.query?.kind === 'SelectQueryNode';
    if (!isSelect && !isContext) this.wrote = true;
    if (this.pendingBegin) {
      if (isContext && this.pendingContext === null) {
        // Held back: it goes with the first real statement. Its errors (an ended session) surface
        // there; withContext maps them (context.ts).
        this.pendingContext = query.sql;
        return { rows: [] };
      }
      const head = this.pendingContext === null ? 'begin' : `begin; ${this.pendingContext}`;
      this.pendingBegin = false;
      this.pendingContext = null;
      const literals = isSelect ? parameterLiterals(query.parameters) : null;
      if (literals !== null) {
        // begin, the context and a builder SELECT in one simple-protocol message: one round trip.
        const name = await preparedName(this.inner, query.sql);
        const statement = name === null ? inlineLiterals(query.sql, literals)
          : literals.length ? `execute ${name}(${literals.join(', ')})` : `execute ${name}`;
        if (statement !== null) {
          try {
            return await this.inner.executeQuery<R>(Compiled.raw(`${LAST_RESULT_MARK}\n${head}; ${statement}`));
          } catch (e) {
            // A table changed under the prepared SELECT (a migration while running): this request
            // fails as any statement in flight would; the next one prepares it afresh.
            if (name !== null && isStalePlan(e)) preparedOn.get(this.inner)?.delete(query.sql);
            throw e;
          }
        }
      }
      // A multi-statement simple query: pg answers with one result per statement; the context's rows are not used.
      await this.inner.executeQuery(Compiled.raw(head));
      if (isContext) return { rows: [] };
    }
    return this.inner.executeQuery<R>(query);
  }

  /** Sends a held-back begin and context (before a stream, or a commit of a transaction that ran nothing else). */
  async flush(): Promise<void> {
    if (!this.pendingBegin) return;
    const head = this.pendingContext === null ? 'begin' : `begin; ${this.pendingContext}`;
    this.pendingBegin = false;
    this.pendingContext = null;
    await this.inner.executeQuery(Compiled.raw(head));
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
    c.pendingContext = null;
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
    if (c.pendingBegin && c.pendingContext !== null) await c.flush();
    if (c.pendingBegin) { c.pendingBegin = false; return; }
    if (!c.wrote) {
      // Read-only: nothing to make durable. A failed commit here ends a transaction that wrote nothing.
      this.inner.commitTransaction(c.inner).catch(() => undefined);
      return;
    }
    return this.inner.commitTransaction(c.inner);
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as DeferredConnection;
    if (c.pendingBegin) { c.pendingBegin = false; c.pendingContext = null; return; }
    return this.inner.rollbackTransaction(c.inner);
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as DeferredConnection;
    c.pendingBegin = false;
    c.pendingContext = null;
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
