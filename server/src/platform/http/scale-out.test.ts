/**
 * Two server processes' worth of app (two buildApp instances) on one PostgreSQL and one
 * S3-compatible store (s3rver): what one counts or stores, the other sees.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { loadEnv } from '../../env.ts';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import { startTestS3 } from '../../../test/s3-server.ts';
import { loginAs } from '../identity/test-helpers.ts';

const s3 = await startTestS3();
// The per-address failure count (identity.login_throttle) would answer 429 after 20 failures on
// its own: raised here so that only the routes' request limit is tested.
const settings = { ...s3.env, LOGIN_ADDRESS_MAX_FAILURES: '100000' };
const a: TestApp = await startTestApp(settings);
const dataDirB = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-app-b-'));
const envB = loadEnv({ DATA_DIR: dataDirB, LOG_LEVEL: 'silent', JOBS: 'false', DEMO: 'true', TRUST_PROXY: '127.0.0.1', ...settings });
const appB = await buildApp({ env: envB, appUrl: a.testDb.appUrl });
await appB.http.ready();
const b = { ...a, env: envB, inject: appB.http.inject.bind(appB.http) } as TestApp;
after(async () => {
  await appB.close();
  fs.rmSync(dataDirB, { recursive: true, force: true });
});

const login = (app: TestApp, username: string, password: string, ip: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers: { 'x-forwarded-for': ip } });

describe('two server processes on one database and one object store', () => {
  it('the login request limit (30 a minute per address and name) counts attempts made on both', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) codes.push((await login(i % 2 ? b : a, 'nobody_here', `Wrong@${i}xyz`, '203.0.113.7')).statusCode);
    assert.ok(!codes.includes(429), `30 attempts pass: ${codes.join(',')}`);
    // The 31st, on either process, is over the shared count (in memory each had seen only 15).
    const onA = await login(a, 'nobody_here', 'Wrong@31xyz', '203.0.113.7');
    assert.equal(onA.statusCode, 429, onA.body);
    assert.equal(json(onA).error.code, 'request.rate_limited');
    const onB = await login(b, 'nobody_here', 'Wrong@32xyz', '203.0.113.7');
    assert.equal(onB.statusCode, 429, onB.body);
    // Another address is counted on its own.
    assert.notEqual((await login(b, 'nobody_here', 'Wrong@33xyz', '203.0.113.8')).statusCode, 429);
    const { rows } = await sql<{ hits: number }>`select hits from platform.rate_limit_hits where key = ${'POST /api/auth/login|203.0.113.7|nobody_here'}`.execute(a.testDb.owner);
    assert.equal(rows[0]?.hits, 32);
  });

  it('the flood guard of tiles (6000 a minute) stays in process memory: no database write per tile', async () => {
    const res = await a.inject({ method: 'GET', url: '/tiles/no_such_layer/0/0/0.mvt', headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(res.headers['x-ratelimit-limit'], '6000');
    assert.equal(res.headers['x-ratelimit-remaining'], '5999');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from platform.rate_limit_hits where key like ${'GET /tiles/%'}`.execute(a.testDb.owner);
    assert.equal(rows[0]?.n, 0);
  });

  it('a file uploaded through one process is downloaded through the other (from the bucket)', async () => {
    const data = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(4096), Buffer.from('\n%%EOF\n')]);
    const boundary = `----sunland${crypto.randomBytes(6).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="宗地图.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      data, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await a.inject({ method: 'POST', url: '/api/files', payload, headers: { cookie: await loginAs(a, 'window'), 'content-type': `multipart/form-data; boundary=${boundary}` } });
    assert.equal(up.statusCode, 201, up.body);
    const down = await b.inject({ method: 'GET', url: `/api/files/${json(up).id}`, headers: { cookie: await loginAs(b, 'reviewer') } });
    assert.equal(down.statusCode, 200, down.body);
    assert.deepEqual(down.rawPayload, data);
    // Nothing went to either process's local disk.
    assert.equal(fs.existsSync(path.join(a.env.dataDir, 'files')), false);
    assert.equal(fs.existsSync(path.join(dataDirB, 'files')), false);
  });
});
