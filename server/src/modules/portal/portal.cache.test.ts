/**
 * Public pages are cached in each process and dropped on any change — in the process that made
 * it at once, and in every other process through NOTIFY sunland_portal within a second. Two
 * buildApp instances on one database play two server processes.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { loadEnv } from '../../env.ts';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { article, columnId } from './portal.test-support.ts';
import { replayed } from '../../platform/ssr/index.ts';

const a: TestApp = await startTestApp();
const dataDirB = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-app-b-'));
const envB = loadEnv({ DATA_DIR: dataDirB, LOG_LEVEL: 'silent', JOBS: 'false', DEMO: 'true', TRUST_PROXY: '127.0.0.1', MQTT_PORT: '0' });
const appB = await buildApp({ env: envB, appUrl: a.testDb.appUrl });
await appB.http.ready();
const b = { ...a, env: envB, inject: appB.http.inject.bind(appB.http) } as TestApp;
after(async () => {
  await appB.close();
  fs.rmSync(dataDirB, { recursive: true, force: true });
});

const page = async (app: TestApp, url: string) => (await app.inject({ url })).body;
/** Re-reads a page until `ok` or `ms` have passed; returns the time it took. */
async function within(ms: number, app: TestApp, url: string, ok: (body: string) => boolean): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (ok(await page(app, url))) return Date.now() - start;
    if (Date.now() - start > ms) assert.fail(`${url} did not change within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('page cache across two processes', () => {
  it('serves a page from the cache, and drops it on publish in this process at once and in the other within a second', async () => {
    const demo = await a.testDb.owner.selectFrom('portal.articles').select(['id', 'title']).where('title', '=', '播州区开展地质灾害应急演练').executeTakeFirstOrThrow();
    for (const app of [a, b]) assert.match(await page(app, '/site/520304'), /播州区开展地质灾害应急演练/);
    await new Promise((r) => setTimeout(r, 300)); // both listeners are up
    // A change that sends no notification (triggers off) is not seen: the page came from the cache.
    await a.testDb.owner.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await trx.updateTable('portal.articles').set({ title: '未经通知的修改' }).where('id', '=', demo.id).execute();
    });
    for (const app of [a, b]) assert.match(await page(app, '/site/520304'), /播州区开展地质灾害应急演练/, 'cached');
    // Publishing through B: B answers with the new page at once, A within a second.
    const editor = await loginAs(b, 'web_editor');
    const made = await call(b, editor, 'POST', '/api/portal/articles', article(await columnId(a, '520304', 'news'), { title: '缓存失效测试稿件' }));
    await call(b, editor, 'POST', `/api/portal/articles/${made.body.id}/submit`);
    await call(b, await loginAs(b, 'web_reviewer'), 'POST', `/api/portal/articles/${made.body.id}/review`, { decision: 'approve', opinion: null });
    assert.match(await page(b, '/site/520304'), /缓存失效测试稿件/);
    const took = await within(1000, a, '/site/520304', (body) => body.includes('缓存失效测试稿件'));
    assert.ok(took < 1000, `seen by the other process after ${took} ms`);
    assert.match(await page(a, '/site/520304'), /未经通知的修改/, 'the whole cache was dropped');
  });

  it('answers with a strong ETag and public Cache-Control, and 304 to If-None-Match', async () => {
    const first = await a.inject({ url: '/site/520304/c/news' });
    assert.equal(first.statusCode, 200);
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[^"]+"$/);
    assert.match(String(first.headers['cache-control']), /public, max-age=\d+/);
    const again = await a.inject({ url: '/site/520304/c/news', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  it('serves a hit from the prepared answer: nothing rendered or looked up again, brotli and gzip compressed once', async () => {
    const url = '/site/520304/c/notice';
    const first = await a.inject({ url });
    assert.equal(first.statusCode, 200);
    // Count every render and page-data lookup from here on.
    const pages = a.platform.publicPages;
    let renders = 0;
    const { send, prepare } = pages;
    pages.send = (...args) => { renders += 1; return send.apply(pages, args); };
    pages.prepare = (...args) => { renders += 1; return prepare.apply(pages, args); };
    try {
      const answers = [];
      for (const enc of [undefined, 'br', 'gzip, deflate', 'gzip;q=0, br;q=0'] as const) {
        answers.push(await a.inject({ url, headers: enc ? { 'accept-encoding': enc } : {} }));
      }
      assert.equal(renders, 0, 'a hit neither renders nor hashes the page again');
      const [plain, br, gz, none] = answers as [typeof first, typeof first, typeof first, typeof first];
      assert.equal(plain.body, first.body);
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString(), first.body);
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(zlib.gunzipSync(gz.rawPayload).toString(), first.body);
      assert.equal(none.headers['content-encoding'], undefined);
      assert.equal(none.body, first.body);
      assert.match(String(br.headers.vary), /Accept-Encoding/);
      // Each encoding is its own representation (own ETag); any of them revalidates.
      assert.notEqual(br.headers.etag, plain.headers.etag);
      assert.equal((await a.inject({ url, headers: { 'if-none-match': String(br.headers.etag), 'accept-encoding': 'br' } })).statusCode, 304);
      // ?lang= sets a cookie: that answer is personal, rendered for the request, not served to others.
      const en = await a.inject({ url: `${url}?lang=en-US` });
      assert.match(String(en.headers['cache-control']), /^private/);
      assert.equal(renders, 1);
      assert.equal((await a.inject({ url })).body, first.body, 'the shared answer is still the zh-CN one');
    } finally {
      pages.send = send;
      pages.prepare = prepare;
    }
  });
});

describe('the fast path of a hit', () => {
  // Kept-alive connections, as browsers and the bench use them (Connection and Keep-Alive headers).
  const agent = new http.Agent({ keepAlive: true });
  after(() => agent.destroy());
  /** One GET over a real socket: status, every header as sent (Date's value aside), and the bytes. */
  function get(port: number, url: string, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; headers: string[]; body: Buffer }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: url, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const pairs: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i]!.toLowerCase();
            pairs.push(name === 'date' ? 'date: <now>' : `${name}: ${res.rawHeaders[i + 1]}`);
          }
          resolve({ status: res.statusCode!, headers: pairs.sort(), body: Buffer.concat(chunks) });
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('answers a hit with the very status, headers and bytes of the ordinary answer (CSP and security headers included), 304 too', async () => {
    await a.http.listen({ port: 0, host: '127.0.0.1' });
    const port = (a.http.server.address() as { port: number }).port;
    // The security headers every answer of the app carries, as a route outside the portal gets them.
    const other = await get(port, '/healthz');
    const security = other.headers.filter((h) => /^(content-security-policy|x-frame-options|x-content-type-options|referrer-policy|cross-origin-opener-policy): /.test(h));
    assert.equal(security.length, 5);
    const demo = await a.testDb.owner.selectFrom('portal.articles as a').innerJoin('portal.sites as s', 's.id', 'a.siteId').select('a.id')
      .where('s.code', '=', '520304').where('a.status', '=', 'published').orderBy('a.id').limit(1).executeTakeFirstOrThrow();
    let fresh = 0;
    for (const path of ['/site/520304', `/site/520304/a/${demo.id}`, '/site/520304/c/news', '/portal']) {
      for (const enc of [undefined, 'br, gzip', 'gzip']) {
        // A URL not asked for before (the routes ignore the extra parameter): its first answer is the ordinary one.
        const url = `${path}?fresh=${++fresh}`;
        const h: Record<string, string> = enc ? { 'accept-encoding': enc } : {};
        const start = replayed.count;
        const ordinary = await get(port, url, h);
        assert.equal(replayed.count, start, 'the first answer went the ordinary way');
        const before = replayed.count;
        const fast = await get(port, url, h);
        assert.equal(replayed.count, before + 1, `${url} ${enc}: the hit took the fast path`);
        assert.equal(fast.status, 200);
        assert.deepEqual(fast.headers, ordinary.headers, `${url} ${enc}: the same headers`);
        assert.ok(fast.body.equals(ordinary.body), `${url} ${enc}: the same bytes`);
        for (const s of security) assert.ok(fast.headers.includes(s), `${url} ${enc}: ${s}`);
        for (const name of ['etag', 'cache-control', 'vary', 'content-type', 'content-length', 'date', 'connection', 'keep-alive']) {
          assert.ok(fast.headers.some((x) => x.startsWith(`${name}: `)), `${url} ${enc}: ${name}`);
        }
        assert.equal(fast.headers.some((x) => x.startsWith('content-encoding: ')), enc !== undefined);
        // Revalidation: the first 304 the ordinary way, the next from the fast path, alike.
        const etag = fast.headers.find((x) => x.startsWith('etag: '))!.slice(6);
        const notModified = await get(port, url, { ...h, 'if-none-match': etag });
        const n = replayed.count;
        const notModifiedFast = await get(port, url, { ...h, 'if-none-match': etag });
        assert.equal(replayed.count, n + 1);
        assert.equal(notModified.status, 304);
        assert.equal(notModifiedFast.status, 304);
        assert.deepEqual(notModifiedFast.headers, notModified.headers);
        assert.equal(notModifiedFast.body.length, 0);
      }
    }
    // Not the fast path: a signed-in visitor, a language choice (sets a cookie).
    const n = replayed.count;
    const cookie = await loginAs(a, 'web_editor');
    assert.equal((await get(port, '/site/520304', { cookie })).status, 200);
    const en = await get(port, '/site/520304?lang=en-US');
    assert.ok(en.headers.some((x) => x.startsWith('set-cookie: lang=en-US')));
    assert.equal(replayed.count, n);
  });
});
