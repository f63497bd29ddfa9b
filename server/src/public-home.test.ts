/**
 * `/` is the server-rendered home (issue 10 township link, issue 18 public pages): the portal's
 * top site frame with the citizen entry points and the latest articles, no script, English and
 * elder mode, cache headers, and a publish seen on the next request.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../test/harness.ts';

const t: TestApp = await startTestApp();
const get = (url: string, headers: Record<string, string> = {}) => t.inject({ url, headers });

describe('the home page at /', () => {
  it('is HTML without script, in the top site frame, with every citizen entry point', async () => {
    const res = await get('/');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(String(res.headers['cache-control']), /^public, max-age=\d+/);
    assert.ok(res.headers.etag);
    assert.doesNotMatch(res.body, /<script/i, 'the home needs no JavaScript');
    assert.match(res.body, /<html lang="zh-CN">/);
    assert.match(res.body, /<h1>阳光国土 · 自然资源政务服务<\/h1>/);
    // The portal's frame: its navigation (政务公开, 互动交流) and the top site's footer.
    for (const s of ['href="/gk"', 'href="/hudong"', 'href="/sunshine"', '主办单位：贵州省自然资源厅', '<a class="skip" href="#main">']) assert.ok(res.body.includes(s), `frame lacks ${s}`);
    // The entry points the single-page home offered: 办事/apply, 进度查询, 12336 举报, map, disclosure, logins.
    for (const [href, label] of [['/services', '办事指南'], ['/track', '办件查询'], ['/report', '12336 违法线索举报'], ['/disclosure', '审批结果公示'], ['/my', '我的办件'],
      ['/public/login', '公众服务登录'], ['/login', '工作人员登录'], ['/portal', '门户网站（网站群）']]) {
      assert.match(res.body, new RegExp(`<a href="${href}"[^>]*>${label}</a>`), `link ${label} → ${href}`);
    }
    for (const [key, href] of [['approvals', '/services'], ['reports', '/report'], ['disclosure', '/disclosure'], ['map', '/map'], ['verify', '/verify'], ['trading', '/trading']]) {
      assert.match(res.body, new RegExp(`<a href="${href}" data-testid="feature-${key}">`), `card ${key}`);
    }
    // The top site's latest articles (seeded demo portal).
    assert.match(res.body, /<a href="\/site\/520000\/a\/\d+">全省自然资源系统推进耕地保护“田长制”工作会议召开<\/a>/);
    // A 304 for a matching ETag.
    assert.equal((await get('/', { 'if-none-match': String(res.headers.etag) })).statusCode, 304);
  });

  it('in English and in elder mode', async () => {
    const en = await get('/?lang=en-US');
    assert.match(en.body, /<html lang="en-US">/);
    assert.match(en.body, /<h1>Sunland · Natural-resources e-government<\/h1>/);
    assert.match(en.body, /<a href="\/report"[^>]*>12336 Report illegal land use<\/a>/);
    assert.doesNotMatch(en.body, /办事指南|工作人员登录/, 'no Chinese entry label left in English');
    const elder = await get('/?elder=1');
    assert.match(elder.body, /<html lang="zh-CN" class="elder">/);
    assert.match(elder.body, /<a href="\/services" class="primary">办事指南<\/a>/);
  });

  it('shows a change of the top site\'s articles within a second (the portal\'s page cache is dropped)', async () => {
    const title = '首页测试稿件：省厅发布通知';
    assert.ok(!(await get('/')).body.includes(title));
    // Any change to portal.articles sends NOTIFY sunland_portal on commit (migration 0800).
    await t.testDb.owner.updateTable('portal.articles').set({ title }).where('title', '=', '全省自然资源系统推进耕地保护“田长制”工作会议召开').execute();
    let seen = false;
    for (let i = 0; i < 20 && !seen; i++) {
      seen = (await get('/')).body.includes(title);
      if (!seen) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(seen, 'the home lists the changed article within a second');
  });
});
