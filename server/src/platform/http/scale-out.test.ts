/**
 * Two server processes' worth of app (two buildApp instances) on one PostgreSQL and one
 * S3-compatible store (s3rver): what one counts, stores, caches or notifies, the other sees —
 * a file, a session, a login limit, an in-app notification to a browser on the other process,
 * a tile after a layer edit; and two deadline scans at once send each warning once (issue 20).
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
import type { AddressInfo } from 'node:net';
import { call, loginAs } from '../identity/test-helpers.ts';
import { openEventStream, until } from '../../../test/sse.ts';
import { SYSTEM_CONTEXT, withContext } from '../db/context.ts';
import { applyOnline, ensureMatters, login as applicantLogin, PERSON_LOGIN, serviceAt, today } from '../../modules/approvals/approvals.test-helpers.ts';
import { decodeTile, makeGrid, makeLayer, tileOf, HUICHUAN } from '../../modules/map/tiles/tiles.test-fixtures.ts';

const s3 = await startTestS3();
// The per-address failure count (identity.login_throttle) would answer 429 after 20 failures on
// its own: raised here so that only the routes' request limit is tested.
const settings = { ...s3.env, LOGIN_ADDRESS_MAX_FAILURES: '100000' };
const a: TestApp = await startTestApp(settings);
const dataDirB = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-app-b-'));
const envB = loadEnv({ DATA_DIR: dataDirB, LOG_LEVEL: 'silent', JOBS: 'false', DEMO: 'true', TRUST_PROXY: '127.0.0.1', ...settings });
const appB = await buildApp({ env: envB, appUrl: a.testDb.appUrl });
await appB.http.ready();
const b = { ...a, env: envB, platform: appB.platform, inject: appB.http.inject.bind(appB.http) } as TestApp;
await appB.http.listen({ port: 0, host: '127.0.0.1' });
const portB = (appB.http.server.address() as AddressInfo).port;
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

  it('a session made on one process is valid on the other, and a logout on the other ends it on both', async () => {
    const cookie = await loginAs(a, 'reviewer');
    const me = await b.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(json(me).user.username, 'reviewer');
    assert.equal((await b.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode < 300, true);
    assert.equal((await a.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 401);
    assert.equal((await b.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 401);
  });

  it('an in-app notification created on one process reaches a browser connected to the other', async () => {
    const cookie = await loginAs(a, 'window');
    const userId = json(await a.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).user.id as number;
    const stream = openEventStream(portB, '/api/notifications/stream', { cookie });
    try {
      assert.equal((await stream.ready).statusCode, 200);
      await until(() => stream.comments > 0); // ": connected": B listens now
      await withContext(a.platform.db, SYSTEM_CONTEXT, (trx) =>
        a.platform.notify.enqueue(trx, { channel: 'inapp', to: String(userId), subject: '跨进程', body: '甲进程写入，乙进程推送' }));
      await a.platform.notify.deliverDue(); // delivered by process A into the inbox
      await until(() => stream.events.some((e) => e.event === 'notification'));
      const ev = stream.events.find((e) => e.event === 'notification')!;
      assert.equal(JSON.parse(ev.data!).title, '跨进程');
    } finally {
      stream.close();
    }
  });

  it('a tile cached on both processes is refreshed on both after a layer edit made through one', async () => {
    const layerId = await makeLayer(a.testDb.owner, 'so_parcels', 'public');
    await makeGrid(a.testDb.owner, layerId, { lon0: 106.9005, lat0: 27.6705, rows: 2, cols: 2, size: 0.001, gap: 0.0002, prefix: 'SO', orgPath: HUICHUAN, isPublic: true });
    const c = tileOf(106.901, 27.671, 14);
    const url = `/tiles/so_parcels/${c.z}/${c.x}/${c.y}.mvt`;
    const useOf = async (app: TestApp) => {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, res.body);
      return { etag: String(res.headers.etag), use: decodeTile(res.rawPayload, 'so_parcels', c).find((f) => f.properties.code === 'SO-0-0')?.properties.name };
    };
    const [a1, b1] = [await useOf(a), await useOf(b)];
    assert.ok(a1.use && a1.use !== '跨进程改名', `the fixture's name: ${a1.use}`);
    assert.equal(b1.use, a1.use);
    assert.deepEqual((await useOf(b)).etag, b1.etag, 'served again from B\'s cache');
    // The edit goes through process A's API, as an inspector of 汇川区 makes it.
    const f = await a.testDb.owner.selectFrom('map.features').select(['id', 'version']).where('code', '=', 'SO-0-0').executeTakeFirstOrThrow();
    const edit = await call(a, await loginAs(a, 'hc_inspector'), 'PATCH', `/api/map/layers/so_parcels/features/${f.id}`, { version: f.version, name: '跨进程改名' });
    assert.equal(edit.status, 200, JSON.stringify(edit.body));
    const [a2, b2] = [await useOf(a), await useOf(b)];
    assert.equal(b2.use, '跨进程改名', 'process B serves the edited feature, not its cached tile');
    assert.equal(a2.use, '跨进程改名');
    assert.notEqual(b2.etag, b1.etag);
    assert.equal(a2.etag, b2.etag);
  });

  it('two deadline scans at once, one per process, raise each warning once and send each message once', async () => {
    await ensureMatters(a);
    const person = await applicantLogin(a, PERSON_LOGIN);
    const { caseNo } = await applyOnline(a, person);
    const acc = await call(a, await loginAs(a, 'window'), 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    assert.equal(acc.status, 200, JSON.stringify(acc.body));
    const caseId = (await a.testDb.owner.selectFrom('approvals.cases').select('id').where('caseNo', '=', caseNo).executeTakeFirstOrThrow()).id;
    // Both processes scan on the day after the due date, at the same moment, three times over.
    const day = await a.platform.calendar.addWorkdays(String(acc.body.dueDate ?? today()), 1);
    const scanA = serviceAt(a, day), scanB = serviceAt(b, day);
    for (let i = 0; i < 3; i++) await Promise.all([scanA.scanDeadlines(), scanB.scanDeadlines()]);
    const warnings = await a.testDb.owner.selectFrom('approvals.warnings').select(['level', 'stageId']).where('caseId', '=', caseId).execute();
    const keys = warnings.map((w) => `${w.stageId ?? 'case'}:${w.level}`);
    assert.ok(keys.includes('case:red'), keys.join());
    assert.equal(new Set(keys).size, keys.length, `no warning twice: ${keys.join()}`);
    const msgs = await a.testDb.owner.selectFrom('notify.outbox').select(['recipient', 'subject', 'channel']).where('subject', 'like', `%${caseNo}%`).execute();
    const msgKeys = msgs.map((m) => `${m.channel}|${m.recipient}|${m.subject}`);
    assert.ok(msgKeys.length > 0, 'the handlers are told');
    assert.equal(new Set(msgKeys).size, msgKeys.length, `no message twice: ${msgKeys.join('\n')}`);
  });
});
