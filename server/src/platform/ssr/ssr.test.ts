/** The escaping template and the public page sender (issue 18). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { createPublicPages, html, raw, requestLang } from './index.ts';

describe('html template', () => {
  it('escapes interpolated text, joins arrays and passes SafeHtml through', () => {
    const evil = '<img src=x onerror="alert(1)">&\'';
    const out = html`<p title="${evil}">${evil}</p><ul>${['a<b', 'c'].map((x) => html`<li>${x}</li>`)}</ul>${null}${false}${raw('<b>ok</b>')}`;
    assert.equal(out.value, '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;</p><ul><li>a&lt;b</li><li>c</li></ul><b>ok</b>');
  });
});

describe('public pages', () => {
  async function app() {
    const f = Fastify();
    const pages = createPublicPages();
    f.get('/p', (req, reply) => pages.send(req, reply, { title: '标题', lang: requestLang(req), body: html`<h1>${'正文'}</h1>`, breadcrumbs: [{ label: '首页', href: '/' }, { label: '页' }] }));
    f.get('/custom', (req, reply) => pages.send(req, reply, { title: 't', lang: 'zh-CN', body: html`x` }));
    pages.setLayout((_req, page) => html`<!doctype html><html lang="${page.lang}"><title>${page.title}</title>SITE${page.body}</html>`);
    return f;
  }

  it('renders through the installed layout with the language chosen by query, cookie or header', async () => {
    const f = await app();
    const zh = await f.inject('/p');
    assert.match(String(zh.headers['content-type']), /text\/html/);
    assert.ok((zh.body).includes('<html lang="zh-CN">'), 'missing ' + '<html lang="zh-CN">');
    assert.ok((zh.body).includes('SITE<h1>正文</h1>'), 'missing ' + 'SITE<h1>正文</h1>');
    assert.ok(((await f.inject({ url: '/p', headers: { 'accept-language': 'en-GB,en;q=0.8' } })).body).includes('lang="en-US"'), 'missing ' + 'lang="en-US"');
    const q = await f.inject('/p?lang=en-US');
    assert.ok((q.body).includes('lang="en-US"'), 'missing ' + 'lang="en-US"');
    assert.ok((String(q.headers['set-cookie'])).includes('lang=en-US'), 'missing ' + 'lang=en-US');
    assert.equal(q.headers['cache-control'], 'private, max-age=60');
    assert.ok(((await f.inject({ url: '/p', headers: { cookie: 'lang=en-US' } })).body).includes('lang="en-US"'), 'missing ' + 'lang="en-US"');
  });

  it('answers 304 to a matching If-None-Match and a changed page gets a new ETag', async () => {
    const f = await app();
    const first = await f.inject('/p');
    const etag = String(first.headers.etag);
    assert.match(String(etag), /^"[\w-]{27}"$/);
    assert.equal(first.headers['cache-control'], 'public, max-age=60');
    const again = await f.inject({ url: '/p', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const other = await f.inject({ url: '/p', headers: { 'if-none-match': etag, 'accept-language': 'en' } });
    assert.equal(other.statusCode, 200);
    assert.notEqual(other.headers.etag, etag);
  });

  it('the default layout has a skip link, main landmark, language and elder switches', async () => {
    const f = Fastify();
    const pages = createPublicPages();
    f.get('/d', (req, reply) => pages.send(req, reply, { title: '<x>', lang: requestLang(req), body: html`b` }));
    const r = await f.inject('/d?elder=1');
    assert.ok((r.body).includes('<a class="skip" href="#main">跳到正文</a>'), 'missing ' + '<a class="skip" href="#main">跳到正文</a>');
    assert.ok((r.body).includes('<main id="main">b</main>'), 'missing ' + '<main id="main">b</main>');
    assert.ok((r.body).includes('<body class="elder">'), 'missing ' + '<body class="elder">');
    assert.ok((r.body).includes('<title>&lt;x&gt; - 阳光国土</title>'), 'missing ' + '<title>&lt;x&gt; - 阳光国土</title>');
    assert.ok((r.body).includes('href="/d?elder=1&amp;lang=en-US"'), 'missing ' + 'href="/d?elder=1&amp;lang=en-US"');
    assert.ok((r.body).includes('href="/d?elder=0">标准模式'), 'missing ' + 'href="/d?elder=0">标准模式');
  });
});
