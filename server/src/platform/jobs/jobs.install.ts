/**
 * Installs or upgrades pg-boss's schema with the MIGRATION role, from the SQL pg-boss publishes
 * for exactly that (`getConstructionPlans` / `getMigrationPlans`), and grants the application
 * role what pg-boss needs at run time. The application starts pg-boss with `migrate: false`,
 * so the app role never creates (and never owns) a table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { getConstructionPlans, getMigrationPlans } from 'pg-boss';

/** Postgres schema of pg-boss's tables. */
export const JOBS_SCHEMA = 'pgboss';

/** The schema version the installed pg-boss package expects (package.json `pgboss.schema`). */
export function pgBossSchemaVersion(): number {
  const entry = createRequire(import.meta.url).resolve('pg-boss');
  let dir = path.dirname(entry);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { pgboss?: { schema?: number } };
  const v = pkg.pgboss?.schema;
  if (typeof v !== 'number') throw new Error('pg-boss: cannot read the schema version from its package.json');
  return v;
}

async function installedVersion(client: pg.Client): Promise<number | null> {
  const { rows } = await client.query<{ t: string | null }>(`select to_regclass($1) as t`, [`${JOBS_SCHEMA}.version`]);
  if (!rows[0]?.t) return null;
  const v = await client.query<{ version: number }>(`select version from ${JOBS_SCHEMA}.version`);
  return v.rows[0] ? Number(v.rows[0].version) : null;
}

/**
 * Brings `pgboss` to the package's schema version and (re)grants the app role. Idempotent and
 * safe to run from several processes at once. Returns what it did.
 */
export async function installJobsSchema(migrationUrl: string, appRole: string): Promise<'created' | 'migrated' | 'current'> {
  const client = new pg.Client({ connectionString: migrationUrl });
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(hashtext('sunland.jobs_schema'))`);
    const target = pgBossSchemaVersion();
    const current = await installedVersion(client);
    let outcome: 'created' | 'migrated' | 'current' = 'current';
    // The plans carry their own BEGIN/COMMIT, so they run outside any transaction of ours.
    if (current === null) {
      await client.query(getConstructionPlans(JOBS_SCHEMA));
      outcome = 'created';
    } else if (current < target) {
      await client.query(getMigrationPlans(JOBS_SCHEMA, current));
      outcome = 'migrated';
    } else if (current > target) {
      throw new Error(`pg-boss schema ${JOBS_SCHEMA} is at version ${current}, newer than the installed package (${target}); upgrade pg-boss`);
    }
    const role = client.escapeIdentifier(appRole);
    // Granted on every start: a pg-boss upgrade may add tables or functions.
    await client.query(`
      comment on schema ${JOBS_SCHEMA} is 'Job queue and schedules of pg-boss (后台任务); installed from pg-boss''s published SQL';
      grant usage on schema ${JOBS_SCHEMA} to ${role};
      grant select, insert, update, delete on all tables in schema ${JOBS_SCHEMA} to ${role};
      grant usage, select, update on all sequences in schema ${JOBS_SCHEMA} to ${role};
      grant execute on all functions in schema ${JOBS_SCHEMA} to ${role};`);
    return outcome;
  } finally {
    await client.query(`select pg_advisory_unlock(hashtext('sunland.jobs_schema'))`).catch(() => {});
    await client.end();
  }
}
