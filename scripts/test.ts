/**
 * `npm test`: starts one PostgreSQL for the whole run (embedded, or the server of DATABASE_URL),
 * migrates and seeds a template database once, then runs every test file with node's test
 * runner. Each file clones its own database from the template (CREATE DATABASE … TEMPLATE).
 *
 * Browser tests need Chromium; it is installed from Debian's packages when missing.
 *
 * Every Node process of the run (each test file, each journey's server) shares Node's on-disk
 * compile cache (NODE_COMPILE_CACHE, node_modules/.cache/node-compile-cache): the server's module
 * graph is stripped of its types and compiled once instead of in every process (about 0.7 s of
 * CPU saved per test file on the 2-core CI machine). NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { loadEnv } from '../server/src/env.ts';
import { startEmbedded, type EmbeddedDatabase } from '../server/src/platform/db/embedded.ts';
import { withDatabase } from '../server/src/platform/db/database.ts';
import { bootstrapDatabase } from '../server/src/platform/db/bootstrap.ts';
import { ensureChromium, ensureGdal } from './chromium.ts';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
if (!process.env.NODE_DISABLE_COMPILE_CACHE) {
  // Inherited by the test runner's children and by the journeys' server processes.
  process.env.NODE_COMPILE_CACHE ??= path.join(root, 'node_modules/.cache/node-compile-cache');
  module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE);
}
// Without arguments: everything, in two phases — the API and unit tests two files at a time,
// then the browser journeys one at a time (each runs a server and a Chromium; two at once on a
// 2-core machine starve each other's animations and clicks).
// TEST_OVERLAP=1 runs the two phases side by side instead, the API files one at a time
// (TEST_CONCURRENCY) beside the journeys one at a time (E2E_CONCURRENCY): a journey leaves much
// of a core idle (it waits on the browser and the server). With files given, their API and
// journey files are the two phases.
const overlap = process.env.TEST_OVERLAP === '1';
const apiFiles = args.length ? args.filter((a) => !a.startsWith('e2e')) : ['server/**/*.test.ts', 'web/**/*.test.ts', 'scripts/**/*.test.ts'];
const e2eFiles = args.length ? args.filter((a) => a.startsWith('e2e')) : ['e2e/**/*.test.ts'];
const phases: { files: string[]; concurrency: string }[] = overlap
  ? [
    { files: apiFiles, concurrency: process.env.TEST_CONCURRENCY ?? '1' },
    { files: e2eFiles, concurrency: process.env.E2E_CONCURRENCY ?? '1' },
  ].filter((p) => p.files.length)
  : args.length
    ? [{ files: args, concurrency: process.env.TEST_CONCURRENCY ?? '2' }]
    : [
      { files: apiFiles, concurrency: process.env.TEST_CONCURRENCY ?? '2' },
      { files: e2eFiles, concurrency: process.env.E2E_CONCURRENCY ?? '1' },
    ];

const needsBrowser = !args.length || args.some((a) => a.startsWith('e2e'));
// The static delivery test serves the built web app (web-delivery.test.ts).
const needsWeb = needsBrowser || args.some((a) => a.includes('web-delivery'));
if (needsBrowser) ensureChromium();
// The GIS round trip (map.gdal.test.ts) runs GDAL's ogr2ogr against /ogc.
if (!args.length || args.some((a) => a.includes('gdal'))) ensureGdal();
// The web build (vite, then brotli) runs in its own process while PostgreSQL starts and the
// template is migrated and seeded: both are ready before the first test file starts.
const webBuilt: Promise<void> = needsWeb ? buildWebInBackground() : Promise.resolve();
webBuilt.catch(() => undefined); // awaited below; no unhandled rejection meanwhile

function buildWebInBackground(): Promise<void> {
  const child = spawn(process.execPath, [path.join(root, 'scripts/build-web.ts')], { cwd: root, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (c, sig) => (c === 0 ? resolve() : reject(new Error(`the web build failed (${sig ?? `exit code ${c}`})`))));
  });
}

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
const webError = await webBuilt.then(() => null, (e: unknown) => e as Error);

function runPhase(phase: { files: string[]; concurrency: string }): Promise<number> {
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
  const started = Date.now();
  return new Promise((resolve) => child.on('exit', (x, sig) => {
    process.stdout.write(`# ${phase.files.join(' ')}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    resolve(x ?? (sig ? 1 : 0));
  }));
}
let code = 0;
if (webError) {
  process.stderr.write(`# ${webError.message}\n`);
  code = 1;
} else if (overlap) {
  code = Math.max(code, ...(await Promise.all(phases.map(runPhase))));
} else {
  for (const phase of phases) code = Math.max(code, await runPhase(phase));
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
