/**
 * `npm run audit:verify`: recomputes the audit hash chain, compares it with the newest signed
 * anchors of the anchor file (AUDIT_ANCHOR_FILE, default DATA_DIR/audit-anchors.jsonl: a cut
 * tail or a reset chain head shows there), and exits 0 when it is intact, 1 with the problems
 * when it is not, 2 when it cannot check at all.
 *
 * It connects with DATABASE_URL, or else to the embedded database of DATA_DIR: started here
 * when no server holds the data directory, or through the running server's socket when one does.
 * `--database=<name>` picks another database of the embedded cluster (default `sunland`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadEnv } from '../../env.ts';
import { createDb, createPool, withDatabase } from '../db/database.ts';
import { startEmbedded, type EmbeddedDatabase } from '../db/embedded.ts';
import { lockDataDir, type DataDirLock } from '../lock.ts';
import { verifyChain, type VerifyResult } from './audit.verify.ts';
import { verifyAnchors } from './audit.service.ts';
import { anchorFilePath } from './anchor.ts';

const out = (m: string) => process.stdout.write(`${m}\n`);
const dbArg = process.argv.slice(2).find((a) => a.startsWith('--database='));
const DB_NAME = dbArg ? dbArg.slice('--database='.length) : 'sunland';

async function connectionUrl(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const env = loadEnv();
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, cleanup: async () => {} };
  const pgDir = path.join(env.dataDir, 'pg');
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) throw new Error(`no database in ${pgDir}: set DATA_DIR or DATABASE_URL`);
  let lock: DataDirLock;
  try {
    lock = lockDataDir(env.dataDir);
  } catch {
    // A server runs on this directory: use its PostgreSQL through the socket in DATA_DIR/pg.
    const password = fs.readFileSync(path.join(env.dataDir, 'secrets', 'pg-superuser-password'), 'utf8').trim();
    const url = `postgres://postgres:${encodeURIComponent(password)}@localhost/${encodeURIComponent(DB_NAME)}?host=${encodeURIComponent(pgDir)}`;
    return { url, cleanup: async () => {} };
  }
  let embedded: EmbeddedDatabase | null = null;
  try {
    embedded = await startEmbedded(env.dataDir);
  } catch (e) {
    lock.release();
    throw e;
  }
  const started = embedded;
  return {
    url: withDatabase(started.adminUrl, DB_NAME),
    cleanup: async () => {
      await started.stop();
      lock.release();
    },
  };
}

function report(r: VerifyResult, anchors: number, file: string): void {
  out(anchors
    ? `checked against the newest ${anchors} signed anchor(s) of ${file}`
    : `no signed anchors in ${file}: a cut tail with a reset chain head cannot be detected`);
  const range = r.checked ? `seq ${r.anchorSeq + 1}..${r.headSeq}` : 'no entries';
  if (r.ok) {
    out(`audit chain intact: ${r.checked} entries checked (${range}), algorithm ${r.algorithm}${r.anchorSeq ? `, starting after retention anchor ${r.anchorSeq}` : ''}`);
    return;
  }
  out(`audit chain NOT intact: ${r.problems.length} problem(s) in ${r.checked} entries (${range})`);
  for (const p of r.problems) out(`  seq ${p.seq}: ${p.kind} — ${p.message}`);
}

let code = 2;
try {
  const { url, cleanup } = await connectionUrl();
  const db = createDb(createPool(url, 2));
  try {
    const env = loadEnv();
    const { result, anchors } = await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
      const chain = await verifyChain(trx);
      const extra = await verifyAnchors(trx, env);
      const problems = [...chain.problems, ...extra.problems];
      return { result: { ...chain, ok: problems.length === 0, problems }, anchors: extra.anchors };
    });
    report(result, anchors, anchorFilePath(env));
    code = result.ok ? 0 : 1;
  } finally {
    await db.destroy();
    await cleanup();
  }
} catch (e) {
  process.stderr.write(`audit:verify failed: ${(e as Error).message}\n`);
  code = 2;
}
process.exit(code);
