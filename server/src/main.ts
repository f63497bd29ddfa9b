/**
 * Process entry: config → data-directory lock → PostgreSQL (embedded or DATABASE_URL) →
 * migrations and seeds → HTTP and jobs. Ctrl-C drains HTTP, stops jobs, then PostgreSQL.
 */
import { loadEnv, type Env } from './env.ts';
import { lockDataDir, type DataDirLock } from './platform/lock.ts';
import { startEmbedded, type EmbeddedDatabase } from './platform/db/embedded.ts';
import { withDatabase, assertApplicationRole } from './platform/db/database.ts';
import { bootstrapDatabase } from './platform/db/bootstrap.ts';
import { buildApp, type App } from './app.ts';
import { publicUrlFromListening, publicUrlWarning } from './platform/public-url.ts';
import type { AddressInfo } from 'node:net';
import { seedDemoCasesOnFirstStart } from './modules/approvals/index.ts';
import { seedDemoSelectionOnFirstStart } from './modules/selection/index.ts';
import { createTransparencyService } from './modules/transparency/index.ts';

const log = (m: string) => process.stdout.write(`[sunland] ${m}\n`);

async function main(): Promise<void> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }

  let lock: DataDirLock;
  try {
    lock = lockDataDir(env.dataDir);
  } catch (e) {
    process.stderr.write(`[sunland] ${(e as Error).message}\n`);
    process.exit(3);
  }

  let embedded: EmbeddedDatabase | null = null;
  let app: App | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    try {
      if (app) await app.close();
      if (embedded) await embedded.stop();
    } catch (e) {
      process.stderr.write(`[sunland] error during shutdown: ${String(e)}\n`);
    }
    lock.release();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));

  try {
    let migrationUrl: string;
    if (env.DATABASE_URL) {
      migrationUrl = env.DATABASE_URL;
      log('using the PostgreSQL server of DATABASE_URL');
    } else {
      embedded = await startEmbedded(env.dataDir, log);
      migrationUrl = withDatabase(embedded.adminUrl, 'sunland');
      log(`embedded PostgreSQL running in ${env.dataDir}/pg`);
    }
    const boot = await bootstrapDatabase(env, migrationUrl, { demo: env.DEMO });
    if (boot.applied.length) log(`applied migrations: ${boot.applied.join(', ')}`);

    app = await buildApp({ env, appUrl: boot.appUrl });
    await assertApplicationRole(app.platform.db);
    if (app.platform.readDb !== app.platform.db) await assertApplicationRole(app.platform.readDb);
    if (env.DEMO && env.APPROVALS_DEMO_CASES > 0) {
      const p = app.platform;
      const made = await seedDemoCasesOnFirstStart({ db: p.db, audit: p.audit, calendar: p.calendar, files: p.files, notify: p.notify, documents: p.documents, orgs: p.orgs, identity: p.identity }, env.APPROVALS_DEMO_CASES);
      if (made.length) log(`demo approvals cases: ${made.length} (waiting, in review, decided, rated, with a red card)`);
    }
    if (env.DEMO && env.SELECTION_DEMO) {
      const p = app.platform;
      const drawNo = await seedDemoSelectionOnFirstStart({ db: p.db, audit: p.audit, transparency: createTransparencyService({ db: p.db }) });
      if (drawNo) log(`demo agencies and a completed draw: ${drawNo}`);
    }
    if (env.JOBS) await app.startBackground();
    const address = await app.http.listen({ port: env.PORT, host: env.HOST });
    log(`listening on ${address}`);
    const listening = publicUrlFromListening(app.http.server.address() as AddressInfo);
    app.platform.documents.useListeningUrl(listening);
    log(`documents link to ${app.platform.documents.publicBaseUrl()}`);
    const urlWarning = publicUrlWarning(env, listening);
    if (urlWarning) log(urlWarning);
    if (boot.demoAccounts.length) {
      log('demo accounts (demo mode only; change the passwords for any real use):');
      for (const a of boot.demoAccounts) log(`  ${a.username.padEnd(16)} ${a.password.padEnd(18)} ${a.role} @ ${a.orgUnit}${a.note ? ` (${a.note})` : ''}`);
    } else if (env.DEMO) {
      log('demo accounts: see README.md (created on first start)');
    }
  } catch (e) {
    process.stderr.write(`[sunland] failed to start: ${(e as Error).message}\n`);
    try {
      if (app) await app.close();
      if (embedded) await embedded.stop();
    } finally {
      lock.release();
    }
    process.exit(1);
  }
}

await main();
