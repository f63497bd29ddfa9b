/**
 * Kysely over `pg`. Two kinds of connection exist: the migration role (owns the tables, used
 * only by the migrator and seeds) and the application role (owns nothing, subject to RLS).
 */
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { deferredBegin } from './deferred-begin.ts';

// int8 (bigint ids, counts) as string would leak into every type; our ids fit in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric stays a string (money, areas): callers convert where exactness allows.
// date stays 'YYYY-MM-DD' text rather than a local-midnight Date.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Kysely<Database>;

export function createPool(connectionString: string, max = 10, applicationName = 'sunland'): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: applicationName });
  // An idle client losing its connection (e.g. PostgreSQL restarting) must not crash the server.
  pool.on('error', () => {});
  return pool;
}

export function createDb(pool: pg.Pool): Db {
  return new Kysely<Database>({
    // `begin` and the RLS context travel with a transaction's first statement (one message; none for a plain read).
    dialect: deferredBegin(new PostgresDialect({ pool })),
    // Column names map snake_case ⇄ camelCase; keys inside JSON columns (e-forms, attributes)
    // are data and stay exactly as stored.
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
  });
}

/**
 * Refuses to run the server as a superuser, a BYPASSRLS role, or a role that owns tables:
 * row-level security must apply to every query the application makes.
 */
export async function assertApplicationRole(db: Db): Promise<void> {
  const { rows } = await sql<{ user: string; super: boolean; bypass: boolean; owned: number }>`
    select current_user as user, r.rolsuper as super, r.rolbypassrls as bypass,
      (select count(*)::int from pg_class c where c.relowner = r.oid and c.relkind in ('r','p','v','m')) as owned
    from pg_roles r where r.rolname = current_user`.execute(db);
  const r = rows[0];
  if (!r) throw new Error('database: cannot read the application role');
  if (r.super) throw new Error(`database: refusing to run as superuser "${r.user}"; use the application role`);
  if (r.bypass) throw new Error(`database: refusing to run as "${r.user}", which has BYPASSRLS`);
  if (r.owned > 0) throw new Error(`database: refusing to run as "${r.user}", which owns ${r.owned} tables (RLS would not apply)`);
}

/** Replaces the database name of a connection URL (keeps host, socket and credentials). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}

/** Replaces the credentials of a connection URL. */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}
