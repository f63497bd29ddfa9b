/**
 * Brings a database to the state the server needs, with the migration role: the database
 * exists, the application role exists, migrations are applied and reference data is loaded.
 */
import path from 'node:path';
import type { Env } from '../../env.ts';
import { createDb, createPool } from './database.ts';
import { ensureAppRole, ensureDatabase, migrate } from './migrate.ts';
import { installJobsSchema } from '../jobs/jobs.install.ts';
import { seedDemo, seedReference } from '../../seed/seed.ts';
import type { DemoAccount } from '../identity/index.ts';

export interface Bootstrapped {
  appUrl: string;
  applied: string[];
  demoAccounts: DemoAccount[];
}

export async function bootstrapDatabase(env: Env, migrationUrl: string, opts: { demo: boolean }): Promise<Bootstrapped> {
  await ensureDatabase(migrationUrl);
  const appUrl = env.APP_DATABASE_URL ?? (await ensureAppRole(migrationUrl, path.join(env.dataDir, 'secrets')));
  const applied = await migrate(migrationUrl);
  // pg-boss's tables, owned by the migration role like ours; the app starts pg-boss with migrate off.
  await installJobsSchema(migrationUrl, decodeURIComponent(new URL(appUrl).username));
  const pool = createPool(migrationUrl, 2);
  const ownerDb = createDb(pool);
  try {
    await seedReference(ownerDb);
    const demoAccounts = opts.demo ? await seedDemo(ownerDb) : [];
    return { appUrl, applied, demoAccounts };
  } finally {
    await ownerDb.destroy();
  }
}
