/**
 * Demo data of the tip-offs module (DEMO=true, once): the Open311 client key `open311-demo-key`
 * and `TIPOFFS_DEMO_REPORTS` ledger reports (tipoffs.demo-reports.ts; none in the test template).
 */
import type { Db } from '../../platform/db/database.ts';
import { sha256Hex } from './tipoffs.deps.ts';
import { seedDemoReports } from './tipoffs.demo-reports.ts';

export const DEMO_OPEN311_KEY = 'open311-demo-key';

export async function seedDemoTipoffs(db: Db): Promise<void> {
  await db.insertInto('tipoffs.api_keys').values({
    name: 'Open311 演示客户端 (demo)', contact: null, prefix: DEMO_OPEN311_KEY.slice(0, 9), keyHash: sha256Hex(DEMO_OPEN311_KEY),
    createdBy: null, revokedAt: null, lastUsedAt: null,
  }).onConflict((oc) => oc.column('keyHash').doNothing()).execute();
  await seedDemoReports(db);
}
