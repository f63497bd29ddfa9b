/**
 * `npm test`: starts one PostgreSQL for the whole run (embedded, or the server of DATABASE_URL),
 * migrates and seeds a template database once, then runs every test file with node's test
 * runner. Each file clones its own database from the template (CREATE DATABASE … TEMPLATE).
 *
 * Browser tests need Chromium; it is installed from Debian's packages when missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEnv } from '../server/src/env.ts';
import { startEmbedded, type EmbeddedDatabase } from '../server/src/platform/db/embedded.ts';
import { withDatabase } from '../server/src/platform/db/database.ts';
import { bootstrapDatabase } from '../server/src/platform/db/bootstrap.ts';
import { ensureChromium, ensureGdal } from './chromium.ts';
import { ensureWebBuilt } from './build-web.ts';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
// Without arguments: everything, in two phases — the API and unit tests two files at a time,
// then the browser journeys one at a time (each runs a server and a Chromium; two at once on a
// 2-core machine starve each other's animations and clicks).
const phases: { files: string[]; concurrency: string }[] = args.length
  ? [{ files: args, concurrency: process.env.TEST_CONCURRENCY ?? '2' }]
  : [
    { files: ['server/**/*.test.ts', 'web/**/*.test.ts', 'scripts/**/*.test.ts'], concurrency: process.env.TEST_CONCURRENCY ?? '2' },
    { files: ['e2e/**/*.test.ts'], concurrency: process.env.E2E_CONCURRENCY ?? '1' },
  ];

const needsBrowser = !args.length || args.some((a) => a.startsWith('e2e'));
// The static delivery test serves the built web app (web-delivery.test.ts).
const needsWeb = needsBrowser || args.some((a) => a.includes('web-delivery'));
if (needsBrowser) ensureChromium();
if (needsWeb) await ensureWebBuilt();
// The GIS round trip (map.gdal.test.ts) runs GDAL's ogr2ogr against /ogc.
if (!args.length || args.some((a) => a.includes('gdal'))) ensureGdal();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-test-'));
let embedded: EmbeddedDatabase | null = null;
let adminUrl: string;
if (process.env.DATABASE_URL) {
  adminUrl = process.env.DATABASE_URL;
} else {
  embedded = await startEmbedded(dataDir);
  adminUrl = embedded.adminUrl;
}
const template = `sunland_tpl_${process.pid}`;
// The map demo seeds 2,000 parcels instead of 50,000 for tests (server/src/modules/map/map.seed.ts).
process.env.MAP_DEMO_SIZE ??= 'small';
// No demo tip-off reports in the template: the tip-off tests count the ledger (tipoffs.demo-reports.ts).
process.env.TIPOFFS_DEMO_REPORTS ??= '0';
// No demo approvals cases either: the approvals tests count cases (approvals/demo-cases.ts).
process.env.APPROVALS_DEMO_CASES ??= '0';
// No demo agencies or draw: the selection tests and journey build their own registry (selection.demo.ts).
process.env.SELECTION_DEMO ??= 'false';
// No demo 政务公开 entries, letters or survey: the openness tests count them (openness.demo.ts).
process.env.OPENNESS_DEMO ??= 'false';
const env = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
const t0 = Date.now();
const boot = await bootstrapDatabase(env, withDatabase(adminUrl, template), { demo: true });
process.stdout.write(`# template database ${template} ready in ${Date.now() - t0} ms\n`);

let code = 0;
for (const phase of phases) {
  const child = spawn(
    process.execPath,
    ['--test', `--test-concurrency=${phase.concurrency}`, '--test-timeout=300000', ...phase.files],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        SUNLAND_TEST_ADMIN_URL: adminUrl,
        SUNLAND_TEST_TEMPLATE: template,
        SUNLAND_TEST_APP_URL: boot.appUrl,
        SUNLAND_TEST_DATA_DIR: dataDir,
      },
    },
  );
  const c: number = await new Promise((resolve) => child.on('exit', (x, sig) => resolve(x ?? (sig ? 1 : 0))));
  code = Math.max(code, c);
}

// Drop what we created on an external server; the embedded one goes with its directory.
if (!embedded) {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await c.connect();
  const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`sunland_t%_${process.pid}%`]);
  for (const r of rows) await c.query(`drop database if exists "${r.datname}" with (force)`);
  await c.end();
} else {
  await embedded.stop();
}
fs.rmSync(dataDir, { recursive: true, force: true });
spawnSync('true');
process.exit(code);
