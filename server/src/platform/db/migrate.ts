/**
 * Applies `server/migrations/*.sql` in name order, each once and in its own transaction,
 * as the migration role, under an advisory lock so two starting servers never race.
 * It also creates the application role `sunland_app` (LOGIN, no superuser, no BYPASSRLS,
 * owns nothing) and keeps its password in step with `DATA_DIR/secrets/app-db-password`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { withCredentials, withDatabase } from './database.ts';

export const APP_ROLE = 'sunland_app';
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../migrations');

export interface MigrateResult {
  applied: string[];
  appUrl: string;
}

function appPassword(secretsDir: string): string {
  const file = path.join(secretsDir, 'app-db-password');
  fs.mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const pw = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, pw + '\n', { mode: 0o600 });
  return pw;
}

/** Creates the database named in `url` if it does not exist, connecting to `postgres` to do so. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(name)} encoding 'UTF8'`);
  } catch (e) {
    // Another process may have created it at the same moment.
    if ((e as { code?: string }).code !== '42P04') throw e;
  } finally {
    await client.end();
  }
}

/** Ensures the application role exists with a known password; returns its connection URL. */
export async function ensureAppRole(migrationUrl: string, secretsDir: string): Promise<string> {
  const password = appPassword(secretsDir);
  const client = new pg.Client({ connectionString: migrationUrl });
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(hashtext('sunland.app_role'))`);
    const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [APP_ROLE]);
    if (!rowCount) {
      await client.query(
        `create role ${APP_ROLE} login nosuperuser nobypassrls nocreatedb nocreaterole noinherit`,
      );
    }
    // PASSWORD cannot take a bind parameter; the value is base64url, so a literal is safe.
    await client.query(`alter role ${APP_ROLE} with login password ${client.escapeLiteral(password)}`);
    await client.query(`select pg_advisory_unlock(hashtext('sunland.app_role'))`);
  } finally {
    await client.end();
  }
  return withCredentials(migrationUrl, APP_ROLE, password);
}

export function listMigrations(dir = MIGRATIONS_DIR): { version: string; file: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), file: path.join(dir, f) }));
}

/** Applies pending migrations. Safe to call from several processes at once. */
export async function migrate(migrationUrl: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const client = new pg.Client({ connectionString: migrationUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query(`select pg_advisory_lock(hashtext('sunland.migrate'))`);
    await client.query(`
      create schema if not exists platform;
      comment on schema platform is 'Shared platform services (平台公共服务)';
      create table if not exists platform.schema_migrations (
        version text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      );
      comment on table platform.schema_migrations is 'Applied SQL migrations (数据库迁移记录)';
      comment on column platform.schema_migrations.version is 'File name without .sql';
      comment on column platform.schema_migrations.checksum is 'sha256 of the file when applied';
      comment on column platform.schema_migrations.applied_at is 'When it was applied';`);
    const done = new Map(
      (await client.query<{ version: string; checksum: string }>('select version, checksum from platform.schema_migrations')).rows.map(
        (r) => [r.version, r.checksum],
      ),
    );
    for (const m of listMigrations(dir)) {
      const text = fs.readFileSync(m.file, 'utf8');
      const checksum = crypto.createHash('sha256').update(text).digest('hex');
      const prior = done.get(m.version);
      if (prior !== undefined) {
        if (prior !== checksum) throw new Error(`migration ${m.version} was edited after it was applied; add a new migration instead`);
        continue;
      }
      await client.query('begin');
      try {
        await client.query(text);
        await client.query('insert into platform.schema_migrations (version, checksum) values ($1, $2)', [m.version, checksum]);
        await client.query('commit');
      } catch (e) {
        await client.query('rollback');
        throw new Error(`migration ${m.version} failed: ${(e as Error).message}`);
      }
      applied.push(m.version);
    }
  } finally {
    await client.query(`select pg_advisory_unlock(hashtext('sunland.migrate'))`).catch(() => {});
    await client.end();
  }
  return applied;
}
