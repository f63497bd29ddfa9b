/**
 * 网站普查 external link check: links of published articles to other hosts are asked with HEAD,
 * then GET when HEAD is refused, with a time limit and a few at once; results are kept with the
 * day and shown in the health answer. A local HTTP server plays the outside world (no internet).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext, SYSTEM_CONTEXT } from '../../platform/db/context.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { publishedArticle } from './portal.test-support.ts';
import { checkAllSitesLinks, checkLink, checkSiteLinks, externalLinks, isInsideAddress, mapLimited } from './link-check.ts';

// The local server below plays the outside world, so this app may reach loopback addresses.
const t: TestApp = await startTestApp({ PORTAL_LINK_CHECK_INSIDE: 'true' });
const seen: string[] = [];
let inFlight = 0;
let maxInFlight = 0;
let slowAnswers = false;
const server = http.createServer((req, res) => {
  seen.push(`${req.method} ${req.url}`);
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  res.on('close', () => { inFlight -= 1; });
  const end = (status: number) => setTimeout(() => { res.statusCode = status; res.end('x'); }, 30);
  if (req.url === '/ok') return end(200);
  if (req.url === '/head-refused') return end(req.method === 'HEAD' ? 405 : 200);
  if (req.url === '/gone') return end(404);
  if (req.url === '/moved') { res.statusCode = 301; res.setHeader('location', '/ok'); return res.end(); }
  if (req.url === '/slow' && slowAnswers) return end(200);
  // /slow: never answers (until the test closes the server)
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => { server.closeAllConnections(); server.close(); });

describe('external link check (网站普查 外部链接)', () => {
  it('finds the absolute links to other hosts, not the site\'s own', () => {
    assert.deepEqual(externalLinks('<a href="https://a.example/x?a=1&amp;b=2#top">a</a><a href="/site/520304/c/news">in</a><a href="https://gov.example/p">own</a><a href="https://a.example/x?a=1&amp;b=2">again</a>', ['https://gov.example']),
      ['https://a.example/x?a=1&b=2']);
  });

  it('checks with HEAD then GET, a time limit and a concurrency limit; stores results with the day; the dashboard lists broken links', async () => {
    const links = ['ok', 'head-refused', 'gone', 'moved', 'slow'].map((p) => `<a href="${base}/${p}">${p}</a>`).join('、');
    const id = await publishedArticle(t, { title: '外部链接检查稿件', bodyHtml: `<p>参见${links}。</p>` });
    const site = await t.testDb.owner.selectFrom('portal.sites').select('id').where('code', '=', '520304').executeTakeFirstOrThrow();
    const started = Date.now();
    const r = await withContext(t.platform.db, SYSTEM_CONTEXT, (trx) => checkSiteLinks(trx, site.id, { timeoutMs: 400, concurrency: 2, allowInside: true, now: new Date('2026-12-06T02:00:00Z') }));
    assert.ok(Date.now() - started < 3000, 'the silent host is given up after the time limit');
    assert.deepEqual({ checked: r.checked, broken: r.broken, checkedOn: r.checkedOn }, { checked: 5, broken: 2, checkedOn: '2026-12-06' });
    assert.ok(maxInFlight <= 2, `at most 2 requests at once (saw ${maxInFlight})`);
    assert.ok(seen.includes('HEAD /head-refused') && seen.includes('GET /head-refused'), 'GET after a refused HEAD');
    assert.ok(!seen.includes('GET /ok'), 'no GET when HEAD answered');

    const h = await call(t, await loginAs(t, 'web_reviewer'), 'GET', '/api/portal/health');
    assert.equal(h.status, 200, JSON.stringify(h.body));
    const ext = h.body.site.externalLinks;
    assert.equal(ext.checkedOn, '2026-12-06');
    assert.equal(ext.checked, 5);
    const broken = Object.fromEntries(ext.broken.map((b: { url: string; httpStatus: number | null; error: string | null; articleIds: number[] }) => [b.url.slice(base.length), [b.httpStatus, b.error, b.articleIds]]));
    assert.deepEqual(broken, { '/gone': [404, null, [id]], '/slow': [null, 'timeout', [id]] });
  });

  it('POST /api/portal/health/links checks the post\'s own site now; another county\'s site is refused with the field named', async () => {
    slowAnswers = true;
    const rv = await loginAs(t, 'web_reviewer');
    const r = await call(t, rv, 'POST', '/api/portal/health/links', {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.broken, 1, 'only /gone now');
    const other = await t.testDb.owner.selectFrom('portal.sites').select('id').where('code', '=', '520303').executeTakeFirstOrThrow();
    const refused = await call(t, rv, 'POST', '/api/portal/health/links', { siteId: other.id });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.field, 'siteId');
    const bad = await call(t, rv, 'POST', '/api/portal/health/links', { siteId: 'x' });
    assert.equal(bad.status, 400);
  });

  it('does not reach inside addresses unless allowed (SSRF guard): IP literals, names resolving inside, and each redirect hop', async () => {
    for (const a of ['127.0.0.1', '10.2.3.4', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      assert.equal(isInsideAddress(a), true, a);
    }
    for (const a of ['8.8.8.8', '114.114.114.114', '2400:3200::1', '::ffff:8.8.8.8']) assert.equal(isInsideAddress(a), false, a);
    const before = seen.length;
    const port = new URL(base).port;
    for (const url of [`${base}/ok`, `http://localhost:${port}/ok`, `http://[::ffff:127.0.0.1]:${port}/ok`]) {
      const r = await checkLink(url, { timeoutMs: 400 });
      assert.deepEqual({ ok: r.ok, error: r.error }, { ok: false, error: 'inside_address' }, url);
    }
    assert.equal(seen.length, before, 'no request reached the inside server');
    const allowed = await checkLink(`${base}/moved`, { timeoutMs: 400, allowInside: true });
    assert.deepEqual({ ok: allowed.ok, status: allowed.httpStatus }, { ok: true, status: 200 }, 'a redirect is followed to its target');
  });

  it('the nightly run checks every site and stores each one\'s results', async () => {
    await t.testDb.owner.deleteFrom('portal.link_checks').execute();
    const runs = await checkAllSitesLinks(t.platform.db, { timeoutMs: 400, concurrency: 4, allowInside: true });
    const sites = await t.testDb.owner.selectFrom('portal.sites').select(['id', 'code']).execute();
    assert.equal(runs.length, sites.length, 'one run per site');
    assert.ok(runs.every((r) => !r.error), JSON.stringify(runs));
    const own = sites.find((s) => s.code === '520304')!;
    const stored = await t.testDb.owner.selectFrom('portal.link_checks').select(['url', 'ok']).where('siteId', '=', own.id).execute();
    assert.equal(stored.length, 5, 'the county site\'s five links are stored again');
    assert.equal(stored.filter((r) => !r.ok).length, 1, 'only /gone is broken now');
  });

  it('mapLimited keeps order and never runs more than the limit', async () => {
    let now = 0;
    let peak = 0;
    const out = await mapLimited([5, 1, 3, 2, 4], 2, async (x) => { now += 1; peak = Math.max(peak, now); await new Promise((r) => setTimeout(r, x)); now -= 1; return x * 10; });
    assert.deepEqual(out, [50, 10, 30, 20, 40]);
    assert.equal(peak, 2);
  });
});
