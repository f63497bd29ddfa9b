/**
 * Loads reference data (always) and demo data (DEMO=true, first start only) with the
 * migration role. Each data set runs once, recorded in platform.seeds.
 */
import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { loadDivisionRows } from '../platform/orgs/divisions.data.ts';
import { insertDivisions } from '../platform/orgs/orgs.repo.ts';
import { seedDemoIdentity, syncBuiltInRoles, type DemoAccount } from '../platform/identity/index.ts';
import { BUILT_IN_ROLES } from '../platform/access/permissions.ts';
import { seedDemoApprovals } from '../modules/approvals/index.ts';
import { seedDemoTipoffs } from '../modules/tipoffs/index.ts';
import { seedDemoMap } from '../modules/map/index.ts';
import { seedDemoPatches } from '../modules/patches/index.ts';
import { seedStatisticsForms, seedDemoStatistics } from '../modules/statistics/index.ts';
import { seedDemoHazards } from '../modules/hazards/index.ts';
import { seedDemoEnforcement } from '../modules/enforcement/index.ts';
import { seedDemoTrading } from '../modules/trading/index.ts';
import { seedDemoTownship } from '../modules/township/index.ts';
import { seedDemoOrgs } from './demo-orgs.ts';
import { seedDemoFieldSites } from '../platform/field/index.ts';
import { seedDemoPortal } from '../modules/portal/index.ts';

async function once(db: Db, name: string, fn: (trx: Db) => Promise<void>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('sunland.seed'))`.execute(trx);
    const done = await trx.selectFrom('platform.seeds').select('name').where('name', '=', name).executeTakeFirst();
    if (done) return false;
    await fn(trx);
    await trx.insertInto('platform.seeds').values({ name }).execute();
    return true;
  });
}

export async function seedReference(ownerDb: Db): Promise<void> {
  await once(ownerDb, 'divisions', async (trx) => {
    await insertDivisions(trx, loadDivisionRows());
  });
  await once(ownerDb, 'statistics-forms', async (trx) => {
    await seedStatisticsForms(trx);
  });
  // Every start: permissions that modules added to the built-in roles since their migration.
  await ownerDb.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('sunland.seed'))`.execute(trx);
    await syncBuiltInRoles(trx, BUILT_IN_ROLES);
  });
}

/** Returns the demo accounts when they were created now, [] when they already existed. */
export async function seedDemo(ownerDb: Db): Promise<DemoAccount[]> {
  let accounts: DemoAccount[] = [];
  await once(ownerDb, 'demo', async (trx) => {
    await seedDemoOrgs(trx);
    accounts = await seedDemoIdentity(trx);
  });
  // Separate data sets, so that a data directory made before a module existed gets them too.
  await once(ownerDb, 'demo-approvals', async (trx) => {
    await seedDemoApprovals(trx);
  });
  await once(ownerDb, 'demo-map', async (trx) => {
    await seedDemoMap(trx);
  });
  await once(ownerDb, 'demo-tipoffs', async (trx) => {
    await seedDemoTipoffs(trx);
  });
  await once(ownerDb, 'demo-field', async (trx) => {
    await seedDemoFieldSites(trx);
  });
  await once(ownerDb, 'demo-patches', async (trx) => {
    await seedDemoPatches(trx);
  });
  await once(ownerDb, 'demo-statistics', async (trx) => {
    await seedDemoStatistics(trx);
  });
  await once(ownerDb, 'demo-hazards', async (trx) => {
    await seedDemoHazards(trx);
  });
  await once(ownerDb, 'demo-enforcement', async (trx) => {
    await seedDemoEnforcement(trx);
  });
  await once(ownerDb, 'demo-trading', async (trx) => {
    await seedDemoTrading(trx);
  });
  await once(ownerDb, 'demo-township', async (trx) => {
    await seedDemoTownship(trx);
  });
  await once(ownerDb, 'demo-portal', async (trx) => {
    await seedDemoPortal(trx);
  });
  return accounts;
}
