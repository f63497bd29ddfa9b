import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { publishedArticle } from './portal.test-support.ts';
import { contrastWithWhite, themeColour } from './public-layout.ts';

const t: TestApp = await startTestApp();
const get = (url: string, headers: Record<string, string> = {}) => t.inject({ url, headers });

describe('server-rendered public pages (no JavaScript)', () => {
  it('the top site at /portal and a county at /site/520304: navigation, footer, no script', async () => {
    const top = await get('/portal');
    assert.equal(top.statusCode, 200);
    assert.match(String(top.headers['content-type']), /text\/html/);
    assert.match(top.body, /<html lang="zh-CN">/);
    assert.match(top.body, /<h1>贵州省自然资源厅<\/h1>/);
    const home = await get('/site/520304');
    for (const s of ['<a class="skip" href="#main">跳到正文</a>', 'href="/site/520304/c/news"', 'href="/gk"', 'href="/hudong"', 'href="/sunshine"', '主办单位：遵义市播州区自然资源局',
      'ICP备案号：黔ICP备05000003号', '公安备案号：贵公网安备 52030402000003号', '网站标识码：5203040031', '播州区开展地质灾害应急演练', '<meta name="SiteIDCode" content="5203040031">']) {
      assert.ok(home.body.includes(s), `home lacks ${s}`);
    }
    assert.doesNotMatch(home.body, /<script/i);
    assert.match(home.body, /--primary:#1d5e3a/);
    // The rules are a file of their own, linked (not repeated in every page), cached for a year.
    assert.doesNotMatch(home.body, /font:16px/, 'the page repeats the style sheet');
    const href = /<link rel="stylesheet" href="(\/ssr\/portal\.[A-Za-z0-9_-]{12}\.css)">/.exec(home.body)?.[1];
    assert.ok(href, 'the page links the portal style sheet');
    const css = await get(href);
    assert.equal(css.statusCode, 200);
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(css.headers.vary, 'Accept-Encoding');
    assert.match(css.body, /font:16px\/1.7 "Noto Sans CJK SC"/, 'the style sheet is not HTML-escaped');
    assert.match(css.body, /html\.elder h1\{font-size:1\.6em\}/, 'elder mode enlarges headings with the text');
    const br = await get(href, { 'accept-encoding': 'br, gzip' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.ok(Number(br.headers['content-length']) < css.body.length / 2);
    assert.equal((await get(href, { 'if-none-match': String(css.headers.etag) })).statusCode, 304);
    // A page of another server version (a CDN's copy, a rolling deploy) names rules this process does not have: it gets the current ones, for a minute.
    const other = await get('/ssr/portal.AAAAAAAAAAAA.css');
    assert.equal(other.statusCode, 200);
    assert.equal(other.body, css.body);
    assert.equal(other.headers['cache-control'], 'public, max-age=60');
    assert.equal((await get('/ssr/nosuch.AAAAAAAAAAAA.css')).statusCode, 404);
    assert.equal((await get('/ssr/portal.css')).statusCode, 404);
    assert.equal((await get('/')).body.match(/<link rel="stylesheet" href="\/ssr\/(portal|home)\.[^"]+\.css">/g)?.length, 2, 'the platform home links the portal and home sheets');
    assert.equal((await get('/site/999999')).statusCode, 404);
    assert.equal((await get('/site/520304/a/99999999')).statusCode, 404);
    assert.equal((await get('/site/520304/c/nope')).statusCode, 404);
  });

  it('column list with paging, article page with its metadata, English and elder mode', async () => {
    const id = await publishedArticle(t, { title: '页面测试稿件', keywords: ['测试', '页面'] });
    const list = await get('/site/520304/c/news');
    assert.match(list.body, new RegExp(`<a href="/site/520304/a/${id}">页面测试稿件</a>`));
    assert.match(list.body, /第 1 页，共 1 页/);
    const page = await get(`/site/520304/a/${id}`);
    assert.match(page.body, /<nav class="crumbs" aria-label="当前位置">/);
    assert.match(page.body, /来源：播州区自然资源局办公室/);
    assert.match(page.body, /<meta name="keywords" content="测试,页面">/);
    const en = await get(`/site/520304/a/${id}?lang=en-US`);
    assert.match(en.body, /<html lang="en-US">/);
    assert.match(en.body, /Skip to content/);
    assert.match(en.body, /Bozhou District Bureau of Natural Resources/);
    assert.match(en.body, /Source: 播州区自然资源局办公室/);
    const elder = await get(`/site/520304?elder=1`);
    assert.match(elder.body, /<html lang="zh-CN" class="elder">/);
    assert.match(elder.body, /标准模式/);
  });

  it('RSS, Atom and sitemap.xml list published articles only', async () => {
    const rss = await get('/site/520304/c/news/rss.xml');
    assert.match(String(rss.headers['content-type']), /application\/rss\+xml/);
    assert.match(rss.body, /<rss version="2.0"><channel><title>遵义市播州区自然资源局 - 工作动态<\/title>/);
    assert.match(rss.body, /<item><title>播州区开展地质灾害应急演练<\/title>/);
    const atom = await get('/site/520304/c/news/atom.xml');
    assert.match(atom.body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    assert.match(atom.body, /<entry><title>播州区开展地质灾害应急演练<\/title>/);
    const sitemap = await get('/site/520304/sitemap.xml');
    assert.match(sitemap.body, /<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    assert.match(sitemap.body, /\/site\/520304\/c\/notice<\/loc>/);
    const editor = await loginAs(t, 'web_editor');
    const col = await t.testDb.owner.selectFrom('portal.columns as c').innerJoin('portal.sites as s', 's.id', 'c.siteId').select('c.id').where('s.code', '=', '520304').where('c.slug', '=', 'news').executeTakeFirstOrThrow();
    const draft = await call(t, editor, 'POST', '/api/portal/articles', { columnId: col.id, title: '未发布的草稿标题', bodyHtml: '<p>草稿</p>' });
    assert.equal(draft.status, 201);
    for (const u of ['/site/520304/c/news/rss.xml', '/site/520304/sitemap.xml', '/site/520304/c/news']) assert.doesNotMatch((await get(u)).body, /未发布的草稿标题|\/a\/${draft.body.id}</);
  });

  it('leaves the single-page app its routes (`/` is the server-rendered home, public-home.test.ts)', async () => {
    for (const u of ['/public/login', '/verify', '/track'] /* /services, /disclosure, /map: portal.service-pages.test.ts */) {
      const r = await get(u);
      assert.doesNotMatch(r.body, /<a class="skip" href="#main">跳到正文<\/a>/, `${u} is not the portal`);
    }
  });

  it('a theme colour too light for white text falls back to one that passes AA', () => {
    assert.ok(contrastWithWhite('#1d5e3a') >= 4.5);
    assert.equal(themeColour({ primaryColor: '#ffee00' }), '#8c1c13');
    assert.ok(contrastWithWhite('#8c1c13') >= 4.5);
  });
});
