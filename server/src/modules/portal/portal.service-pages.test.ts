/**
 * /services, /disclosure and /map are server-rendered (issue 18): fetched without any script,
 * each page carries its content (before, these paths answered the web app's empty index.html, or
 * 404 without a build). The data is compared with the owning modules' own JSON API.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call } from '../../platform/identity/test-helpers.ts';
import { seedDemoCasesOnFirstStart } from '../approvals/index.ts';

const t: TestApp = await startTestApp();
const p = t.platform;
// Decided cases (and so published decisions) through approvals' own use cases, as the demo makes them.
await seedDemoCasesOnFirstStart({ db: p.db, audit: p.audit, calendar: p.calendar, files: p.files, notify: p.notify, documents: p.documents, orgs: p.orgs, identity: p.identity }, 12);
const get = (url: string, headers: Record<string, string> = {}) => t.inject({ url, headers });
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function assertPage(res: Awaited<ReturnType<typeof get>>, h1: string) {
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  assert.match(String(res.headers['content-type']), /text\/html/);
  assert.ok(res.body.includes(`<h1`) && res.body.includes(h1), `no <h1> ${h1}`);
  assert.match(res.body, /<a class="skip" href="#main">/);
  assert.match(res.body, /<nav class="mainnav"/);
  assert.match(res.body, /<footer>/);
  assert.match(String(res.headers.etag), /^"/);
  assert.match(String(res.headers['cache-control']), /max-age=10/);
  assert.doesNotMatch(res.body, /<script(?![^>]*\bsrc="\/assets\/)/i, 'no inline script');
}

describe('server-rendered citizen pages (no JavaScript)', () => {
  it('/services lists every matter of the guide with links to its guide and to apply online; 304, English, elder mode', async () => {
    const matters = (await call(t, null, 'GET', '/api/public/approvals/matters')).body as { code: string; name: string; department: string }[];
    assert.ok(matters.length >= 2, 'the demo catalogue has matters');
    const res = await get('/services');
    assertPage(res, '办事指南');
    assert.doesNotMatch(res.body, /<script/i, 'the list needs no script at all');
    for (const m of matters) {
      assert.ok(res.body.includes(`<a href="/services/${m.code}">${esc(m.name)}</a>`), `missing ${m.name}`);
      assert.ok(res.body.includes(`href="/services/${m.code}/apply"`), `no apply link for ${m.code}`);
      assert.ok(res.body.includes(`<h2 id="dept-`) && res.body.includes(esc(m.department)), `no group ${m.department}`);
    }
    for (const href of ['/track', '/disclosure', '/map']) assert.ok(res.body.includes(`href="${href}"`), `no link to ${href}`);
    assert.equal((await get('/services', { 'if-none-match': String(res.headers.etag) })).statusCode, 304);
    const en = await get('/services', { cookie: 'lang=en-US' });
    assert.match(en.body, /<html lang="en-US">/);
    assert.match(en.body, /<h1 data-testid="services-title">Service guide<\/h1>/);
    assert.match(en.body, /Apply online/);
    assert.match((await get('/services?elder=1')).body, /<html lang="zh-CN" class="elder">/);
  });

  it('/disclosure: decisions and penalties as tables, filters as a GET form, paging links; bad filters are 400 naming the field', async () => {
    const api = (await call(t, null, 'GET', '/api/public/approvals/disclosures?pageSize=20')).body as { total: number; items: { caseNo: string; applicantName: string }[] };
    assert.ok(api.items.length > 0, 'the demo has published decisions');
    const res = await get('/disclosure');
    assertPage(res, '审批结果公示');
    assert.match(res.body, /<form class="svc-filter" method="get" action="\/disclosure"/);
    for (const name of ['q', 'matterCode', 'from', 'to']) assert.match(res.body, new RegExp(`name="${name}"`));
    for (const d of api.items) assert.ok(res.body.includes(`<td>${d.caseNo}</td>`) && res.body.includes(esc(d.applicantName)), `missing ${d.caseNo}`);
    assert.match(res.body, /行政处罚结果公示/);
    assert.match(res.body, api.total > 20 ? /<a href="\/disclosure\?page=2" rel="next">下一页<\/a>/ : new RegExp(`共 ${api.total} 条`));

    const one = api.items[api.items.length - 1]!;
    const filtered = await get(`/disclosure?q=${encodeURIComponent(one.caseNo)}&matterCode=&from=&to=`);
    assert.equal(filtered.statusCode, 200);
    assert.ok(filtered.body.includes(`<td>${one.caseNo}</td>`));
    const table = /data-testid="disclosure-table">([\s\S]*?)<\/table>/.exec(filtered.body)?.[1] ?? '';
    assert.equal((table.match(/<tr><td>/g) ?? []).length, 1, 'only the filtered decision');
    assert.ok(filtered.body.includes(`value="${one.caseNo}"`), 'the form keeps the filter');
    const none = await get('/disclosure?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA');
    assert.match(none.body, /没有符合条件的公示信息。/);

    const bad = await get('/disclosure?from=2026-13');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /from/);
    assert.equal((await get('/disclosure?page=0')).statusCode, 400);
    const en = await get('/disclosure?lang=en-US');
    assert.match(en.body, /Published decisions/);
    assert.match(en.body, /Published penalty decisions/);
  });

  it('/map: a shell with the public layers and their legend, a <noscript> note and the map container', async () => {
    const layers = (await call(t, null, 'GET', '/api/map/layers')).body as { name: string; nameEn: string }[];
    assert.ok(layers.length > 0, 'the demo has public layers');
    const res = await get('/map');
    assertPage(res, '公众一张图');
    assert.match(res.body, /<ul class="legend" data-testid="map-legend">/);
    for (const l of layers) assert.ok(res.body.includes(`<strong>${esc(l.name)}</strong>`), `missing layer ${l.name}`);
    assert.match(res.body, /<noscript><p data-testid="map-noscript">/);
    assert.match(res.body, /<div id="root" class="map-mount" data-embedded="map">/);
    const en = await get('/map', { cookie: 'lang=en-US' });
    for (const l of layers) assert.ok(en.body.includes(`<strong>${esc(l.nameEn)}</strong>`), `missing layer ${l.nameEn}`);
  });

  it('every portal page links the three in its main navigation', async () => {
    const home = await get('/portal');
    for (const href of ['/services', '/disclosure', '/map']) assert.ok(home.body.includes(`<li><a href="${href}">`), `no nav link to ${href}`);
    assert.match((await get('/services')).body, /<li><a href="\/services" aria-current="page">办事指南<\/a><\/li>/);
  });
});
