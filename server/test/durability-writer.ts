/**
 * Child process of durability.test.ts: starts the platform's embedded PostgreSQL in DATA_DIR,
 * checks that every id the parent says was acknowledged is present, then writes org units
 * through the real orgs service as the application role, printing `ack <code>` after each
 * commit returns. The parent kills it (and PostgreSQL) with SIGKILL at random moments.
 */
import { loadEnv } from '../src/env.ts';
import { startEmbedded } from '../src/platform/db/embedded.ts';
import { withDatabase, createDb, createPool } from '../src/platform/db/database.ts';
import { bootstrapDatabase } from '../src/platform/db/bootstrap.ts';
import { withContext, SYSTEM_CONTEXT } from '../src/platform/db/context.ts';
import { createOrgsService } from '../src/platform/orgs/orgs.service.ts';

const env = loadEnv({ ...process.env, LOG_LEVEL: 'silent', DEMO: 'false' });
const embedded = await startEmbedded(env.dataDir);
const boot = await bootstrapDatabase(env, withDatabase(embedded.adminUrl, 'sunland'), { demo: false });
const db = createDb(createPool(boot.appUrl, 8));
const orgs = createOrgsService({ db });

const expected: string[] = JSON.parse(process.env.EXPECT_CODES ?? '[]');
const present = new Set(
  (await db.selectFrom('orgs.org_units').select('code').where('code', 'like', 'DUR-%-%-%').execute()).map((r) => r.code),
);
const missing = expected.filter((c) => !present.has(c));
process.stdout.write(`verified ${expected.length} missing ${JSON.stringify(missing)} total ${present.size}\n`);

const parent =
  (await orgs.findOrgUnitByCode('DUR-B')) ??
  (await withContext(db, SYSTEM_CONTEXT, (trx) =>
    orgs.createOrgUnit(trx, { parentId: null, divisionCode: '520304', kind: 'bureau', code: 'DUR-B', name: '耐久性测试局' }),
  ));
const cycle = process.env.CYCLE ?? '0';
let n = 0;
async function writer(lane: number): Promise<void> {
  for (;;) {
    const code = `DUR-${cycle}-${lane}-${n++}`;
    await withContext(db, SYSTEM_CONTEXT, (trx) =>
      orgs.createOrgUnit(trx, { parentId: parent.id, kind: 'department', code, name: '耐久性测试' }),
    );
    process.stdout.write(`ack ${code}\n`);
  }
}
await Promise.all([0, 1, 2, 3].map(writer));
