import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { article, columnId, png, publishedArticle, upload } from './portal.test-support.ts';
import { MEDIA_MAX_BYTES } from './staff.routes.ts';

const t: TestApp = await startTestApp();

describe('articles: write, review, publish, withdraw (编辑 → 审核 → 签发)', () => {
  it('an editor writes with an image, the reviewer approves, and the article with its image is public', async () => {
    const editor = await loginAs(t, 'web_editor');
    const img = await upload(t, editor, '现场.png', png(8), 'image/png');
    assert.equal(img.status, 201, JSON.stringify(img.body));
    const col = await columnId(t, '520304', 'news');
    const made = await call(t, editor, 'POST', '/api/portal/articles', article(col, {
      title: '播州区开展耕地保护专项检查', bodyHtml: `<p>检查现场：</p><p><img src="${img.body.url}" alt="检查现场"></p>`, media: [img.body],
    }));
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = made.body.id;
    // Not public while a draft or waiting for review.
    assert.equal((await t.inject({ url: `/site/520304/a/${id}` })).statusCode, 404);
    assert.equal((await t.inject({ url: `/portal/media/${img.body.sha256}` })).statusCode, 404, 'the image of an unpublished article is not served');
    const forEditor = await t.inject({ url: `/portal/media/${img.body.sha256}`, headers: { cookie: editor } });
    assert.equal(forEditor.statusCode, 200, 'the editor sees it while writing');
    assert.equal(forEditor.headers['cache-control'], 'private, no-store');
    assert.equal((await t.inject({ url: `/portal/media/${img.body.sha256}`, headers: { cookie: await loginAs(t, 'hc_editor') } })).statusCode, 404, 'another county\'s editor does not');
    assert.equal((await call(t, editor, 'POST', `/api/portal/articles/${id}/submit`)).status, 200);
    assert.equal((await t.inject({ url: `/site/520304/a/${id}` })).statusCode, 404);
    const reviewer = await loginAs(t, 'web_reviewer');
    const ok = await call(t, reviewer, 'POST', `/api/portal/articles/${id}/review`, { decision: 'approve', opinion: '同意' });
    assert.equal(ok.body.status, 'published');
    const page = await t.inject({ url: `/site/520304/a/${id}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>播州区开展耕地保护专项检查<\/h1>/);
    assert.match(page.body, new RegExp(`<img src="/portal/media/${img.body.sha256}" alt="检查现场"`));
    const media = await t.inject({ url: `/portal/media/${img.body.sha256}` });
    assert.equal(media.statusCode, 200);
    assert.equal(media.headers['content-type'], 'image/png');
    const rec = await call(t, reviewer, 'GET', `/api/portal/articles/${id}`);
    assert.deepEqual(rec.body.events.map((e: { kind: string }) => e.kind), ['created', 'submitted', 'reviewed', 'published']);
  });

  it('script in article HTML is removed before it is stored (the usual XSS payloads)', async () => {
    const payloads = [
      '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<svg onload=alert(1)>',
      '<iframe src="https://evil.example"></iframe>', '<p onclick="alert(1)" style="background:url(javascript:alert(1))">p</p>',
      '<a href="JaVaScRiPt:alert(1)">y</a>', '<img src="data:image/png;base64,AAAA">', '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
      '<object data="x.swf"></object>', '<body onload=alert(1)>', '<input autofocus onfocus=alert(1)>', '"><script>alert(1)</script>',
      '<a href="&#106;avascript:alert(1)">z</a>', '<style>body{display:none}</style>', '<form action="https://evil.example"><button>go</button></form>',
    ];
    const id = await publishedArticle(t, { title: '安全测试稿件', bodyHtml: `<p>正文</p>${payloads.join('')}<a href="https://www.mnr.gov.cn/">自然资源部</a>` });
    const stored = await t.testDb.owner.selectFrom('portal.articles').select('bodyHtml').where('id', '=', id).executeTakeFirstOrThrow();
    for (const bad of [/<script/i, /onerror/i, /onload/i, /onclick/i, /onfocus/i, /javascript:/i, /<iframe/i, /<svg/i, /<object/i, /<style/i, /<form/i, /<input/i, /data:image/i, /style=/i, /alert/]) {
      assert.doesNotMatch(stored.bodyHtml, bad, `${bad} survived: ${stored.bodyHtml}`);
    }
    assert.match(stored.bodyHtml, /<a href="https:\/\/www.mnr.gov.cn\/" rel="noopener noreferrer">自然资源部<\/a>/);
    const page = await t.inject({ url: `/site/520304/a/${id}` });
    assert.doesNotMatch(page.body, /<script|onerror|javascript:/i);
  });

  it('a broken schedule is refused and nothing is stored; a future publish time keeps the article off the site until then', async () => {
    const editor = await loginAs(t, 'web_editor');
    const col = await columnId(t, '520304', 'news');
    const before = await t.testDb.owner.selectFrom('portal.articles').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const broken = await call(t, editor, 'POST', '/api/portal/articles', article(col, { publishAt: '2027-03-01T09:00:00+08:00', expireAt: '2027-02-01T09:00:00+08:00' }));
    assert.equal(broken.status, 400);
    assert.equal(broken.body.error.field, 'expireAt');
    const past = await call(t, editor, 'POST', '/api/portal/articles', article(col, { expireAt: '2020-01-01T00:00:00+08:00' }));
    assert.equal(past.status, 400);
    assert.equal(past.body.error.field, 'expireAt');
    const bad = await call(t, editor, 'POST', '/api/portal/articles', article(col, { publishAt: 'tomorrow' }));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'publishAt');
    const after = await t.testDb.owner.selectFrom('portal.articles').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const id = await publishedArticle(t, { title: '定时发布的稿件', publishAt: future });
    assert.equal((await t.inject({ url: `/site/520304/a/${id}` })).statusCode, 404, 'not before its time');
    const found = await t.inject({ url: `/api/public/portal/search?q=${encodeURIComponent('定时发布')}` });
    assert.equal(JSON.parse(found.body).total, 0, 'not found by search before its time either');
  });

  it('a scheduled article (定时发布) appears at its time, and an expiring one goes at its time, with no change to the database in between', async () => {
    // Nothing is written when a publication time or an expiry passes, so no NOTIFY reaches the page
    // cache: it drops itself when the next scheduled change falls due (page-cache.ts nextChange).
    const soon = Date.now() + 4000;
    const id = await publishedArticle(t, { title: '准点上线的稿件', publishAt: new Date(soon).toISOString() });
    const gone = await publishedArticle(t, { title: '准点下线的稿件', expireAt: new Date(soon + 1500).toISOString() });
    const page = async (n: number) => (await t.inject({ url: `/site/520304/a/${n}` })).statusCode;
    const column = async () => (await t.inject({ url: '/site/520304/c/news' })).body;
    await new Promise((r) => setTimeout(r, 300)); // the cache has looked up its next change
    assert.equal(await page(id), 404, 'not before its time');
    assert.equal(await page(id), 404, 'not before its time (now from the cache)');
    assert.doesNotMatch(await column(), /准点上线的稿件/);
    assert.equal(await page(gone), 200);
    assert.match(await column(), /准点下线的稿件/);
    await new Promise((r) => setTimeout(r, soon - Date.now() + 100));
    assert.equal(await page(id), 200, 'on its page at its time (the page cache keeps pages up to 30 s otherwise)');
    assert.match(await column(), /准点上线的稿件/, 'and in its column');
    await new Promise((r) => setTimeout(r, 200)); // the next change (the expiry) is looked up again
    await new Promise((r) => setTimeout(r, soon + 1500 - Date.now() + 100));
    assert.equal(await page(gone), 404, 'off its page at its expiry');
    assert.doesNotMatch(await column(), /准点下线的稿件/, 'and off its column');
  });

  it('an article past its expiry (过期) is off its page, its column and search', async () => {
    const expireAt = new Date(Date.now() + 3_600_000).toISOString();
    const id = await publishedArticle(t, { title: '到期下线的稿件', expireAt });
    const search = async () => JSON.parse((await t.inject({ url: `/api/public/portal/search?q=${encodeURIComponent('到期下线')}` })).body).total;
    assert.equal((await t.inject({ url: `/site/520304/a/${id}` })).statusCode, 200);
    assert.match((await t.inject({ url: '/site/520304/c/news' })).body, /到期下线的稿件/);
    assert.equal(await search(), 1);
    // The hour passes (the clock of the database: expiry is compared with now() there).
    await t.testDb.owner.updateTable('portal.articles').set({ expireAt: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
    await t.testDb.owner.updateTable('portal.search_docs').set({ expiresAt: new Date(Date.now() - 1000) }).where('sourceKind', '=', 'article').where('sourceId', '=', String(id)).execute();
    // The change reaches this process's page cache by NOTIFY sunland_portal (asynchronously, within
    // milliseconds; page-cache.ts): give it up to 2 s, then the page must be gone.
    const deadline = Date.now() + 2000;
    let status = 0;
    while ((status = (await t.inject({ url: `/site/520304/a/${id}` })).statusCode) !== 404 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(status, 404, 'the article page is gone');
    assert.doesNotMatch((await t.inject({ url: '/site/520304/c/news' })).body, /到期下线的稿件/, 'and off its column');
    assert.equal(await search(), 0, 'and out of search');
    // The record stays (expiry is not a withdrawal).
    assert.equal((await t.testDb.owner.selectFrom('portal.articles').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'published');
  });

  it('refuses an oversized image and a program dressed as an image, storing no article media', async () => {
    const editor = await loginAs(t, 'web_editor');
    const big = await upload(t, editor, '大图.png', Buffer.concat([png(4), Buffer.alloc(MEDIA_MAX_BYTES + 10, 7)]), 'image/png');
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, 'files.too_large');
    const exe = await upload(t, editor, '图片.png', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 1)]), 'image/png');
    assert.equal(exe.status, 415);
    const col = await columnId(t, '520304', 'news');
    const foreign = await call(t, editor, 'POST', '/api/portal/articles', article(col, { bodyHtml: `<p><img src="/portal/media/${'a'.repeat(64)}" alt="x"></p>` }));
    assert.equal(foreign.status, 400, 'an image that is not one of the article\'s uploads');
    assert.equal(foreign.body.error.field, 'bodyHtml');
    const img = await upload(t, editor, '无替代文字.png', png(4, 9), 'image/png');
    const noAlt = await call(t, editor, 'POST', '/api/portal/articles', article(col, { bodyHtml: `<p><img src="${img.body.url}"></p>`, media: [img.body] }));
    assert.equal(noAlt.status, 400, 'an image without a text alternative');
    assert.match(noAlt.body.error.message, /alt/);
  });

  it('keeps versions; a withdrawal takes the article off the site and the index and keeps the reason', async () => {
    const editor = await loginAs(t, 'web_editor');
    const col = await columnId(t, '520304', 'news');
    const made = await call(t, editor, 'POST', '/api/portal/articles', article(col, { title: '撤稿测试第一版' }));
    const id = made.body.id;
    const v2 = await call(t, editor, 'PUT', `/api/portal/articles/${id}`, article(col, { title: '撤稿测试第二版' }));
    assert.equal(v2.body.version, 2);
    await call(t, editor, 'POST', `/api/portal/articles/${id}/submit`);
    const reviewer = await loginAs(t, 'web_reviewer');
    const back = await call(t, reviewer, 'POST', `/api/portal/articles/${id}/review`, { decision: 'return', opinion: null });
    assert.equal(back.status, 400, 'returning states why');
    await call(t, reviewer, 'POST', `/api/portal/articles/${id}/review`, { decision: 'approve', opinion: null });
    assert.equal((await t.inject({ url: `/site/520304/a/${id}` })).statusCode, 200);
    assert.equal((await call(t, editor, 'PUT', `/api/portal/articles/${id}`, article(col))).status, 409, 'a published article is not edited in place');
    const w = await call(t, reviewer, 'POST', `/api/portal/articles/${id}/withdraw`, { reason: '信息有误，撤回更正' });
    assert.equal(w.body.status, 'withdrawn');
    assert.equal((await t.inject({ url: `/site/520304/a/${id}` })).statusCode, 404);
    assert.equal(JSON.parse((await t.inject({ url: `/api/public/portal/search?q=${encodeURIComponent('撤稿测试')}` })).body).total, 0);
    const rec = await call(t, reviewer, 'GET', `/api/portal/articles/${id}`);
    assert.equal(rec.body.status, 'withdrawn');
    assert.deepEqual(rec.body.versions.map((v: { version: number; title: string }) => [v.version, v.title]), [[2, '撤稿测试第二版'], [1, '撤稿测试第一版']]);
    const ev = rec.body.events.at(-1);
    assert.deepEqual([ev.kind, ev.reason, ev.actorName], ['withdrawn', '信息有误，撤回更正', '网站审核 邓华']);
    const audit = await t.testDb.owner.selectFrom('audit.entries').select('action').where('entityType', '=', 'portal.article').where('entityId', '=', String(id)).execute();
    assert.ok(audit.some((a) => a.action === 'portal.article.withdrawn'));
  });

  it('a review_sign column needs a second person to sign off (签发)', async () => {
    const editor = await loginAs(t, 'web_editor');
    const col = await columnId(t, '520304', 'policy');
    const made = await call(t, editor, 'POST', '/api/portal/articles', article(col, { title: '需签发的政策文件' }));
    await call(t, editor, 'POST', `/api/portal/articles/${made.body.id}/submit`);
    const reviewer = await loginAs(t, 'web_reviewer');
    const r = await call(t, reviewer, 'POST', `/api/portal/articles/${made.body.id}/review`, { decision: 'approve', opinion: null });
    assert.equal(r.body.status, 'reviewed');
    assert.equal((await t.inject({ url: `/site/520304/a/${made.body.id}` })).statusCode, 404);
    const same = await call(t, reviewer, 'POST', `/api/portal/articles/${made.body.id}/sign`);
    assert.equal(same.status, 409);
    assert.equal(same.body.error.code, 'portal.same_reviewer');
  });

  it('pushes a published article up to the city site with its source kept (报送)', async () => {
    const id = await publishedArticle(t, { title: '播州区报送市局的动态', source: '' });
    const reviewer = await loginAs(t, 'web_reviewer');
    const target = await columnId(t, '520300', 'county');
    const pushed = await call(t, reviewer, 'POST', `/api/portal/articles/${id}/push`, { columnId: target });
    assert.equal(pushed.status, 201, JSON.stringify(pushed.body));
    const page = await t.inject({ url: `/site/520300/a/${pushed.body.id}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /转载自：遵义市播州区自然资源局/);
    assert.match(page.body, /来源：遵义市播州区自然资源局/);
    assert.equal((await call(t, reviewer, 'POST', `/api/portal/articles/${id}/push`, { columnId: target })).status, 409, 'not twice');
    assert.equal((await call(t, reviewer, 'POST', `/api/portal/articles/${id}/push`, { columnId: await columnId(t, '520300', 'news') })).status, 400, 'only to a column that takes pushes');
  });
});
