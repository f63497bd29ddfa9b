/**
 * Test harness: each test file gets its own database cloned from the migrated, seeded template
 * that `npm test` prepared, and the real application built on it (no mocks of our own code).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { after } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { loadEnv, type Env } from '../src/env.ts';
import { withDatabase, createDb, createPool, type Db } from '../src/platform/db/database.ts';
import { buildApp, type App } from '../src/app.ts';

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests with 'npm test' (scripts/test.ts prepares the database)`);
  return v;
}

export interface TestDb {
  name: string;
  /** Superuser / migration-role URL of this database: bypasses RLS, for arranging and inspecting. */
  ownerUrl: string;
  /** Application-role URL of this database: RLS applies. */
  appUrl: string;
  /** Kysely on the owner connection. */
  owner: Db;
  drop(): Promise<void>;
}

/** Clones the template into a fresh database for this test file; dropped after the file. */
export async function createTestDb(): Promise<TestDb> {
  const admin = need('SUNLAND_TEST_ADMIN_URL');
  const template = need('SUNLAND_TEST_TEMPLATE');
  const name = `sunland_t${crypto.randomBytes(5).toString('hex')}_${process.ppid}`;
  const c = new pg.Client({ connectionString: withDatabase(admin, 'postgres') });
  await c.connect();
  // Clones can collide on the template's lock when two files start at once: retry briefly.
  for (let i = 0; ; i++) {
    try {
      await c.query(`create database "${name}" template "${template}"`);
      break;
    } catch (e) {
      if (i > 50 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await c.end();
  const ownerUrl = withDatabase(admin, name);
  const owner = createDb(createPool(ownerUrl, 3));
  const appUrl = withDatabase(need('SUNLAND_TEST_APP_URL'), name);
  let dropped = false;
  const db: TestDb = {
    name, ownerUrl, appUrl, owner,
    async drop() {
      if (dropped) return;
      dropped = true;
      await owner.destroy();
      const c2 = new pg.Client({ connectionString: withDatabase(admin, 'postgres') });
      await c2.connect();
      await c2.query(`drop database if exists "${name}" with (force)`);
      await c2.end();
    },
  };
  return db;
}

export interface TestApp extends App {
  env: Env;
  testDb: TestDb;
  inject: App['http']['inject'];
}

/**
 * Builds the real app on a fresh database. Call it at the top level of a test file
 * (`const t = await startTestApp()`): it is closed and dropped after the file.
 */
export async function startTestApp(envOverrides: Record<string, string> = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-app-'));
  // Tests play several clients through one loopback "proxy" (X-Forwarded-For).
  const env = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', JOBS: 'false', DEMO: 'true', TRUST_PROXY: '127.0.0.1',
    // No embedded MQTT broker on the fixed port: tests that need one start it on a free port.
    MQTT_PORT: '0', ...envOverrides });
  const app = await buildApp({ env, appUrl: testDb.appUrl });
  await app.http.ready();
  const t: TestApp = Object.assign(app, { env, testDb, inject: app.http.inject.bind(app.http) as App['http']['inject'] });
  after(async () => {
    await app.close();
    await testDb.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return t;
}

/** The JSON body of a response. */
export function json<T = any>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}

/** Demo password of every demo account (see README). */
export const DEMO_PASSWORD = 'Sunland@2026';

/**
 * Declares next year in the working-day calendar, as the security admin does once the State
 * Council publishes it: tests on the real date (a case accepted in December) would otherwise
 * run into a year `chinese-days` may not cover yet. Fixed-date deadline tests do not need it.
 */
export async function declareNextCalendarYear(owner: Db): Promise<void> {
  await owner.insertInto('calendar.covered_years')
    .values({ year: new Date().getFullYear() + 1, note: 'test fixture: declared without holidays', declaredBy: null, source: 'override' })
    .onConflict((oc) => oc.column('year').doNothing()).execute();
}
