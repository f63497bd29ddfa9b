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
 */
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import { CompiledQuery as Compiled } from 'kysely';

/** The first line of the context statement (see platform/db/context.ts setContext). */
export const CONTEXT_MARK = '/* sunland:context */';

class DeferredConnection implements DatabaseConnection {
  pendingBegin = false;
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
    if (query.query?.kind !== 'SelectQueryNode' && !(query.parameters.length === 0 && query.sql.startsWith(CONTEXT_MARK))) this.wrote = true;
    if (this.pendingBegin) {
      this.pendingBegin = false;
      if (query.parameters.length === 0 && query.sql.startsWith(CONTEXT_MARK)) {
        // A multi-statement simple query: pg answers with one result per statement; the context's rows are not used.
        await this.inner.executeQuery(Compiled.raw(`begin; ${query.sql}`));
        return { rows: [] };
      }
      await this.inner.executeQuery(Compiled.raw('begin'));
    }
    return this.inner.executeQuery<R>(query);
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    this.wrote = true;
    if (!this.pendingBegin) return this.inner.streamQuery<R>(query, chunkSize);
    this.pendingBegin = false;
    return beginThenStream<R>(this.inner, query, chunkSize);
  }
}

async function* beginThenStream<R>(inner: DatabaseConnection, query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
  await inner.executeQuery(Compiled.raw('begin'));
  yield* inner.streamQuery<R>(query, chunkSize);
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
    if (settings.isolationLevel || settings.accessMode) {
      c.wrote = true;
      return this.inner.beginTransaction(c.inner, settings);
    }
    c.pendingBegin = true;
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as DeferredConnection;
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
    if (c.pendingBegin) { c.pendingBegin = false; return; }
    return this.inner.rollbackTransaction(c.inner);
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as DeferredConnection;
    c.pendingBegin = false;
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
