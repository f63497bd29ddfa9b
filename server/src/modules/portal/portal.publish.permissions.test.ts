import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { article, columnId } from './portal.test-support.ts';

const t: TestApp = await startTestApp();

describe('who may write and publish on which site (portal.article.*)', () => {
  it('only reviewers publish: the editor may not approve, sign or withdraw; the window clerk and the public may not write', async () => {
    const editor = await loginAs(t, 'web_editor');
    const col = await columnId(t, '520304', 'news');
    const made = await call(t, editor, 'POST', '/api/portal/articles', article(col, { title: '编辑不能自己发布' }));
    await call(t, editor, 'POST', `/api/portal/articles/${made.body.id}/submit`);
    assert.equal((await call(t, editor, 'POST', `/api/portal/articles/${made.body.id}/review`, { decision: 'approve', opinion: null })).status, 403);
    assert.equal((await call(t, editor, 'POST', `/api/portal/articles/${made.body.id}/sign`)).status, 403);
    assert.equal((await call(t, await loginAs(t, 'window'), 'POST', '/api/portal/articles', article(col))).status, 403);
    assert.equal((await call(t, null, 'POST', '/api/portal/articles', article(col))).status, 401);
    const a = await t.testDb.owner.selectFrom('portal.articles').select('status').where('id', '=', made.body.id).executeTakeFirstOrThrow();
    assert.equal(a.status, 'submitted');
    assert.equal((await t.inject({ url: `/site/520304/a/${made.body.id}` })).statusCode, 404, 'the public sees only what is published');
  });

  it('an editor of 汇川区 cannot write to, see or publish on the 播州区 site; the city reviewer does not publish a county article', async () => {
    const bz = await loginAs(t, 'web_editor');
    const made = await call(t, bz, 'POST', '/api/portal/articles', article(await columnId(t, '520304', 'news'), { title: '播州区的草稿' }));
    await call(t, bz, 'POST', `/api/portal/articles/${made.body.id}/submit`);
    const hc = await loginAs(t, 'hc_editor');
    const into = await call(t, hc, 'POST', '/api/portal/articles', article(await columnId(t, '520304', 'news')));
    assert.equal(into.status, 403);
    assert.equal(into.body.error.code, 'access.out_of_scope');
    assert.equal((await call(t, hc, 'GET', `/api/portal/articles/${made.body.id}`)).status, 404, 'RLS hides the other county\'s draft');
    assert.ok(!(await call(t, hc, 'GET', '/api/portal/articles')).body.some((a: { id: number }) => a.id === made.body.id));
    assert.equal((await call(t, hc, 'POST', '/api/portal/articles', article(await columnId(t, '520303', 'news')))).status, 201, 'its own site it may');
    const city = await loginAs(t, 'city_web');
    assert.ok((await call(t, city, 'GET', '/api/portal/articles')).body.some((a: { id: number }) => a.id === made.body.id), 'the city sees the counties\' articles');
    const cityPublish = await call(t, city, 'POST', `/api/portal/articles/${made.body.id}/review`, { decision: 'approve', opinion: null });
    assert.equal(cityPublish.status, 403, 'but publishes only on its own site');
    const a = await t.testDb.owner.selectFrom('portal.articles').select('status').where('id', '=', made.body.id).executeTakeFirstOrThrow();
    assert.equal(a.status, 'submitted');
  });

  it('RLS alone: the application role in 汇川区\'s scope neither reads the 播州区 draft nor writes into 播州区', async () => {
    const draft = await t.testDb.owner.selectFrom('portal.articles').select(['id']).where('status', '=', 'submitted').where('orgPath', '=', 'cn.p52.c5203.x520304').executeTakeFirstOrThrow();
    const client = new pg.Client({ connectionString: t.testDb.appUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('sunland.scopes', '{cn.p52.c5203.x520303}', true)`);
      const seen = await client.query('select id from portal.articles where id = $1', [draft.id]);
      assert.equal(seen.rowCount, 0);
      const upd = await client.query(`update portal.articles set status = 'published' where id = $1`, [draft.id]);
      assert.equal(upd.rowCount, 0);
      await assert.rejects(client.query(`insert into portal.articles (site_id, column_id, org_path, title, body_html, media) select site_id, id, org_path, '越权稿件', '<p>x</p>', '[]' from portal.columns where org_path = 'cn.p52.c5203.x520304' limit 1`), /row-level security/);
      await client.query('rollback');
    } finally {
      await client.end();
    }
    const still = await t.testDb.owner.selectFrom('portal.articles').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow();
    assert.equal(still.status, 'submitted');
  });

  it('site settings: only the site\'s own web reviewer changes them; a bad colour or site code is refused naming the field', async () => {
    const site = await t.testDb.owner.selectFrom('portal.sites').select(['id']).where('code', '=', '520304').executeTakeFirstOrThrow();
    const body = { name: '遵义市播州区自然资源局', nameEn: 'Bozhou', host: 'bz.example.gov.cn', theme: { primaryColor: '#1d5e3a', logoText: '播' }, footer: { sponsor: '遵义市播州区自然资源局', icp: '黔ICP备05000003号', psb: '贵公网安备 52030402000003号', siteCode: '5203040031' } };
    assert.equal((await call(t, await loginAs(t, 'city_web'), 'PUT', `/api/portal/sites/${site.id}`, body)).status, 403);
    assert.equal((await call(t, await loginAs(t, 'web_editor'), 'PUT', `/api/portal/sites/${site.id}`, body)).status, 403);
    const rv = await loginAs(t, 'web_reviewer');
    const badColour = await call(t, rv, 'PUT', `/api/portal/sites/${site.id}`, { ...body, theme: { primaryColor: 'red' } });
    assert.equal(badColour.status, 400);
    assert.match(badColour.body.error.field, /primaryColor/);
    assert.equal((await call(t, rv, 'PUT', `/api/portal/sites/${site.id}`, body)).status, 200);
    const home = await t.inject({ url: '/portal', headers: { host: 'bz.example.gov.cn' } });
    assert.match(home.body, /<h1>遵义市播州区自然资源局<\/h1>/, 'resolved by host name');
  });
});
