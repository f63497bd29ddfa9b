/** Demo data of the tip-offs module (DEMO=true, once): the Open311 client key `open311-demo-key`. */
import type { Db } from '../../platform/db/database.ts';
import { sha256Hex } from './tipoffs.deps.ts';

export const DEMO_OPEN311_KEY = 'open311-demo-key';

export async function seedDemoTipoffs(db: Db): Promise<void> {
  await db.insertInto('tipoffs.api_keys').values({
    name: 'Open311 演示客户端 (demo)', contact: null, prefix: DEMO_OPEN311_KEY.slice(0, 9), keyHash: sha256Hex(DEMO_OPEN311_KEY),
    createdBy: null, revokedAt: null, lastUsedAt: null,
  }).onConflict((oc) => oc.column('keyHash').doNothing()).execute();
}
