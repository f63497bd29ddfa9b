/**
 * The system under benchmark, in its own process so the load generator does not share its
 * event loop: embedded PostgreSQL + the real app, and a bare Fastify route as the ceiling.
 * Prints one JSON line {appUrl, bareUrl, cookie, ownerUrl} when ready; stops on SIGINT.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { Pipeline, type PipelineStep } from '../server/src/platform/db/deferred-begin.ts';
import { pgSubmitted } from '../server/test/pg-messages.ts';
import { loadEnv } from '../server/src/env.ts';
import { startEmbedded } from '../server/src/platform/db/embedded.ts';
import { withDatabase } from '../server/src/platform/db/database.ts';
import { bootstrapDatabase } from '../server/src/platform/db/bootstrap.ts';
import { buildApp } from '../server/src/app.ts';
import { createMonitoringService, startEmbeddedBroker } from '../server/src/modules/hazards/index.ts';

const dataDir = process.env.BENCH_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-bench-'));
// The load generator plays many citizens through a loopback "proxy" (X-Forwarded-For).
const env = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: 'false', DEMO: 'true', TRUST_PROXY: '127.0.0.1' });
const embedded = await startEmbedded(dataDir);
const boot = await bootstrapDatabase(env, withDatabase(embedded.adminUrl, 'sunland'), { demo: true });
const app = await buildApp({ env, appUrl: boot.appUrl });
const appUrl = await app.http.listen({ port: 0, host: '127.0.0.1' });

// The hazards module's embedded MQTT broker on a free port, in this process (startBackground, which
// starts it in production, is not run here: no jobs). The hazards suite publishes to it.
const mqttBroker = await startEmbeddedBroker(createMonitoringService({ db: app.platform.db, audit: app.platform.audit, notify: app.platform.notify, maxFutureSeconds: env.OBS_MAX_FUTURE_S }), { port: 0 });

const bare = Fastify();
bare.get('/bare', async () => ({ status: 'ok' }));
// The platform's sender (the notify outbox dispatcher) is not started here (no jobs), so that
// other suites' SMS are not sent in the background of their figures; the hazards suite asks it to
// deliver everything due, in this process, through the configured provider (table: notify.sms_messages).
bare.post('/notify/deliver', async () => ({ delivered: await app.platform.notify.deliverDue() }));
// The raw driver ceiling: one pg prepared `select 1` per request, as the app role, no context, no
// app hooks: the most a database-backed route can do on this machine (bench/run.ts http.raw_driver_route).
const rawPool = new pg.Pool({ connectionString: boot.appUrl, max: 10 });
bare.get('/raw-db', async () => {
  const r = await rawPool.query<{ one: number }>({ name: 'bench_select_1', text: 'select 1 as one' });
  return { one: r.rows[0]!.one };
});
// The scoped read's database work alone: the very messages the app sends to PostgreSQL for
// `GET /api/notifications?limit=20` (recorded below, after the login), replayed one request at a
// time from the bare server — no session cache, Kysely, hooks or schema. The most the scoped read
// could do on this machine if the app's own code cost nothing (bench/run.ts http.scoped_read_db_only).
let scopedMessages: PipelineStep[][] = [];
bare.get('/scoped-db-only', async () => {
  const client = await rawPool.connect();
  try {
    let rows: unknown[] = [];
    for (const steps of scopedMessages) rows = (await client.query(new Pipeline(steps) as never) as unknown as { rows: unknown[] }).rows;
    return { rows };
  } finally {
    client.release();
  }
});
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

let cookie: string | null = null;
const login = await app.http.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'window', password: 'Sunland@2026' } });
if (login.statusCode === 200) {
  const c = login.cookies.find((x) => x.name === 'sunland_session');
  if (c) cookie = `sunland_session=${c.value}`;
}
if (cookie) scopedMessages = await recordMessages(() => app.http.inject({ method: 'GET', url: '/api/notifications?limit=20', headers: { cookie: cookie! } }));

/**
 * The pipelined messages the app writes to PostgreSQL while `request` runs (its second run: the
 * first fills the session cache, as the load's first request does).
 */
async function recordMessages(request: () => Promise<{ statusCode: number }>): Promise<PipelineStep[][]> {
  await request();
  let status = 0;
  const sent = await pgSubmitted(async () => { status = (await request()).statusCode; }, (q) => (q instanceof Pipeline ? [...q.steps] : undefined));
  if (status !== 200) throw new Error(`the recorded request answered ${status}`);
  if (sent.length === 0) throw new Error('the recorded request sent no pipelined message');
  return sent;
}

// ownerUrl: the migration role on the same database, for suites that bulk-load data.
process.stdout.write(JSON.stringify({ appUrl, bareUrl, cookie, ownerUrl: withDatabase(embedded.adminUrl, 'sunland'), appDbUrl: boot.appUrl, mqttPort: mqttBroker.port, scopedReadStatements: scopedMessages.map((m) => m.length) }) + '\n');

process.on('SIGINT', async () => {
  await bare.close();
  await rawPool.end();
  await mqttBroker.close();
  await app.close();
  await embedded.stop();
  if (!process.env.BENCH_DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
