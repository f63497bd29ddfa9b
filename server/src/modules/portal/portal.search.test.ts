import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext, SYSTEM_CONTEXT } from '../../platform/db/context.ts';
import { publishedArticle } from './portal.test-support.ts';
import { indexPublicDocument, removePublicDocument } from './index.ts';
import { excerpt, segmentWords, toTsqueryLiteral } from './search-text.ts';

const t: TestApp = await startTestApp();
const search = async (qs: string) => JSON.parse((await t.inject({ url: `/api/public/portal/search?${qs}` })).body);

describe('Chinese full-text search (Intl.Segmenter → tsvector)', () => {
  it('this Node\'s ICU segments Chinese into words (not characters, not one run)', () => {
    assert.deepEqual(segmentWords('播州区自然资源局发布土地公告'), ['播州', '区', '自然', '资源', '局', '发布', '土地', '公告']);
    assert.equal(toTsqueryLiteral('地质灾害  -演练'), "('地质' <-> '灾害') & !('演练')");
    assert.equal(toTsqueryLiteral('   '), null);
    assert.deepEqual(excerpt('开展地质灾害应急演练', ['地质灾害']), [{ text: '开展', hit: false }, { text: '地质灾害', hit: true }, { text: '应急演练', hit: false }]);
  });

  it('finds articles by words of title and body, ranks title hits first, and filters by site, column and date', async () => {
    const bodyHit = await publishedArticle(t, { title: '区自然资源局召开会议', bodyHtml: '<p>会议研究了宅基地审批改革事项。</p>' });
    const titleHit = await publishedArticle(t, { title: '宅基地审批改革取得新进展', bodyHtml: '<p>改革以来办理时限明显缩短。</p>' });
    const r = await search(`q=${encodeURIComponent('宅基地审批')}&site=520304`);
    const ids = r.hits.map((h: { url: string }) => Number(h.url.split('/').at(-1)));
    assert.ok(ids.includes(bodyHit) && ids.includes(titleHit));
    assert.ok(ids.indexOf(titleHit) < ids.indexOf(bodyHit), 'the title hit ranks first');
    const hit = r.hits.find((h: { url: string }) => h.url.endsWith(`/${titleHit}`));
    assert.ok(hit.titleParts.some((p: { text: string; hit: boolean }) => p.hit && p.text === '宅基地审批'), 'highlighted');
    assert.equal((await search(`q=${encodeURIComponent('宅基地审批')}&site=520303`)).total, 0, 'another county\'s site has none');
    assert.ok((await search(`q=${encodeURIComponent('宅基地审批')}&site=520300`)).total >= 2, 'the city searches its counties too');
    const col = await t.testDb.owner.selectFrom('portal.columns as c').innerJoin('portal.sites as s', 's.id', 'c.siteId').select('c.id').where('s.code', '=', '520304').where('c.slug', '=', 'notice').executeTakeFirstOrThrow();
    assert.equal((await search(`q=${encodeURIComponent('宅基地审批')}&column=${col.id}`)).total, 0, 'not in 通知公告');
    assert.equal((await search(`q=${encodeURIComponent('宅基地审批')}&to=2020-01-01`)).total, 0, 'not before 2020');
    assert.equal((await search('q=%E3%80%82')).total, 0, 'punctuation alone finds nothing');
    const bad = await t.inject({ url: '/api/public/portal/search?q=x&from=yesterday' });
    assert.equal(bad.statusCode, 400);
  });

  it('indexes and removes documents other modules hand over (indexPublicDocument), idempotently', async () => {
    const doc = { sourceKind: 'disclosure', sourceId: 'gk-0001', divisionCode: '520304', title: '播州区2026年度土地征收计划', text: '本年度计划征收集体土地一百二十公顷。', url: '/gk/xxgk/0001', publishedAt: '2026-11-01T08:00:00+08:00' };
    await withContext(t.platform.db, SYSTEM_CONTEXT, (trx) => indexPublicDocument(trx, doc));
    await withContext(t.platform.db, SYSTEM_CONTEXT, (trx) => indexPublicDocument(trx, { ...doc, title: '播州区2026年度土地征收计划（修订）' }));
    const r = await search(`q=${encodeURIComponent('征收计划')}&site=520304`);
    assert.equal(r.total, 1);
    assert.equal(r.hits[0].url, '/gk/xxgk/0001');
    assert.match(r.hits[0].title, /修订/);
    const page = await t.inject({ url: `/site/520304/search?q=${encodeURIComponent('征收计划')}` });
    assert.match(page.body, /<mark>征收计划<\/mark>/);
    await assert.rejects(withContext(t.platform.db, SYSTEM_CONTEXT, (trx) => indexPublicDocument(trx, { ...doc, url: 'https://evil.example/' })), /url/);
    await withContext(t.platform.db, SYSTEM_CONTEXT, (trx) => removePublicDocument(trx, 'disclosure', 'gk-0001'));
    assert.equal((await search(`q=${encodeURIComponent('征收计划')}`)).total, 0);
  });

  it('a common word: ranks the newest candidates by relevance, counts to 1,000 (all the pages there are) and says so', async () => {
    const site = await t.testDb.owner.selectFrom('portal.sites').select('id').where('code', '=', '520304').executeTakeFirstOrThrow();
    const { sql } = await import('kysely');
    const { toTsvectorLiteral } = await import('./search-text.ts');
    // 1,200 documents with the word; the newest is a title hit among body hits.
    const rows = Array.from({ length: 1200 }, (_, k) => {
      const title = k === 5 ? '湿地保护修复工作方案' : `第${k}号工作简报`;
      const body = `本期简报介绍湿地保护和林地监测工作（${k}）。`;
      return { k, title, body, tsv: toTsvectorLiteral(title, body) };
    });
    await sql`insert into portal.search_docs (source_kind, source_id, site_id, division_code, title, body, url, published_at, tsv)
      select 'bulletin', 'b-' || x.k, ${site.id}, '520304', x.title, x.body, '/bulletin/' || x.k, now() - x.k * interval '1 hour', x.tsv::tsvector
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(k int, title text, body text, tsv text)`.execute(t.testDb.owner);
    const r = await search(`q=${encodeURIComponent('湿地保护')}&site=520300`);
    assert.equal(r.total, 1000);
    assert.equal(r.totalCapped, true);
    assert.equal(r.hits[0].url, '/bulletin/5', 'the title hit first among the newest candidates');
    const page = await t.inject({ url: `/site/520304/search?q=${encodeURIComponent('湿地保护')}` });
    assert.match(page.body, /找到 1000 条以上结果/);
    assert.match((await t.inject({ url: `/site/520304/search?q=${encodeURIComponent('湿地保护')}&lang=en-US` })).body, /More than 1000 results/);
  });
});
