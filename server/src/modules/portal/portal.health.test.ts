import { describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { withContext } from '../../platform/db/context.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { publishedArticle } from './portal.test-support.ts';
import { portalSubmitArticle } from './index.ts';

const t: TestApp = await startTestApp();

describe('site health (网站普查) and articles handed over by other modules', () => {
  it('flags a 动态 column silent for over 14 days, exempts 不定期, lists empty columns, broken internal links and missing fields', async () => {
    await publishedArticle(t, { title: '含失效链接的稿件', summary: '', bodyHtml: '<p>见<a href="/site/520304/a/987654">旧文</a>和<a href="/site/520304/c/news">工作动态</a>。</p>' });
    const rv = await loginAs(t, 'web_reviewer');
    const h = await call(t, rv, 'GET', '/api/portal/health');
    assert.equal(h.status, 200, JSON.stringify(h.body));
    const col = (slug: string) => h.body.site.columns.find((c: { slug: string }) => c.slug === slug);
    assert.equal(col('notice').daysSinceUpdate, 20);
    assert.equal(col('notice').failing, true, '通知公告 last updated 20 days ago');
    assert.equal(col('news').failing, false);
    assert.equal(col('policy').failing, false, '不定期 is exempt (60 days)');
    assert.deepEqual(h.body.site.brokenLinks.map((l: { href: string }) => l.href), ['/site/520304/a/987654']);
    assert.ok(h.body.site.missingFields.some((m: { title: string; fields: string[] }) => m.title === '含失效链接的稿件' && m.fields.includes('summary')));
    assert.deepEqual(h.body.site.footerMissing, []);
    assert.equal(h.body.children.length, 0);
    // The city sees its counties; 汇川区's 政策文件 is empty.
    const city = await call(t, await loginAs(t, 'city_web'), 'GET', '/api/portal/health');
    assert.deepEqual(city.body.children.map((c: { site: { code: string } }) => c.site.code).sort(), ['520303', '520304']);
    const hc = city.body.children.find((c: { site: { code: string } }) => c.site.code === '520303');
    assert.deepEqual(hc.emptyColumns, ['政策文件']);
    // A county does not read the city's or another county's health.
    const hcSite = await t.testDb.owner.selectFrom('portal.sites').select('id').where('code', '=', '520303').executeTakeFirstOrThrow();
    assert.equal((await call(t, rv, 'GET', `/api/portal/health?siteId=${hcSite.id}`)).status, 403);
    assert.equal((await call(t, await loginAs(t, 'window'), 'GET', '/api/portal/health')).status, 403);
  });

  it('submitArticle: a township clerk\'s text arrives in its county\'s site as 待审核, sanitised, and reaches the public only through review', async () => {
    const submit = portalSubmitArticle(t.platform.audit);
    const u = await t.testDb.owner.selectFrom('identity.users as u').innerJoin('access.posts as p', 'p.userId', 'u.id')
      .select(['u.id', 'u.displayName', 'p.id as postId', 'p.orgUnitId', 'p.scopePath']).where('u.username', '=', 'township').executeTakeFirstOrThrow();
    const actor = { userId: u.id, username: 'township', displayName: u.displayName, kind: 'staff' as const, postId: u.postId, orgUnitId: u.orgUnitId, scopePath: u.scopePath, permissions: new Set<string>() };
    const ctx = { userId: u.id, scopes: [u.scopePath] };
    const r = await withContext(t.platform.db, ctx, (trx) => submit(trx, actor, { divisionCode: '520304102', columnKind: 'news', title: '三岔镇开展土地卫片核查', bodyHtml: '<p>核查完成</p><script>alert(1)</script>', source: '三岔镇国土资源所' }));
    const a = await t.testDb.owner.selectFrom('portal.articles as a').innerJoin('portal.sites as s', 's.id', 'a.siteId').select(['a.status', 'a.bodyHtml', 'a.source', 's.code'])
      .where('a.id', '=', Number(r.articleId)).executeTakeFirstOrThrow();
    assert.deepEqual(a, { status: 'submitted', bodyHtml: '<p>核查完成</p>', source: '三岔镇国土资源所', code: '520304' });
    await assert.rejects(withContext(t.platform.db, ctx, (trx) => submit(trx, actor, { divisionCode: '520303', columnKind: 'news', title: '越权稿件', bodyHtml: '<p>x</p>', source: 'x' })), /outside your scope/);
    const rv = await loginAs(t, 'web_reviewer');
    assert.equal((await call(t, rv, 'POST', `/api/portal/articles/${r.articleId}/review`, { decision: 'approve', opinion: null })).body.status, 'published');
  });

  it('政府网站工作年度报表: the year\'s figures from the platform\'s own data, unrecorded rows marked, as JSON and Excel; bad year and another county refused', async () => {
    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    await publishedArticle(t, { title: '《播州区耕地保护办法》政策解读' });
    const rv = await loginAs(t, 'web_reviewer');
    const r = await call(t, rv, 'GET', `/api/portal/reports/yearly?year=${year}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const row = (key: string) => r.body.rows.find((x: { key: string }) => x.key === key);
    const { n } = await t.testDb.owner.selectFrom('portal.articles as a').innerJoin('portal.sites as s', 's.id', 'a.siteId')
      .select((eb) => eb.fn.countAll<number>().as('n')).where('s.code', '=', '520304').where('a.publishedAt', 'is not', null)
      .where(sql<boolean>`extract(year from a.published_at at time zone 'Asia/Shanghai') = ${year}`).executeTakeFirstOrThrow();
    // 信息发布总数 of the form: the articles of the year and the 信息公开目录 entries.
    assert.equal(row('published').value, Number(n) + row('directory').value);
    assert.equal(row('siteType').value, '部门网站');
    assert.deepEqual([row('overview').value, row('overview').unrecorded], [null, true], '概况类: no column kind for it');
    assert.ok(row('readings').value >= 1 && row('readings').unconfirmed, '解读 counted by title, marked unconfirmed');
    assert.equal(row('siteCode').value, (await t.testDb.owner.selectFrom('portal.sites').select('footer').where('code', '=', '520304').executeTakeFirstOrThrow()).footer.siteCode);
    assert.deepEqual([row('visits').value, row('visits').unrecorded], [null, true], 'visits are not counted by the platform');
    const letters = await t.testDb.owner.selectFrom('openness.letters').select((eb) => eb.fn.countAll<number>().as('n'))
      .where(sql<boolean>`org_path <@ (select org_path from portal.sites where code = '520304')`).where(sql<boolean>`extract(year from received_on) = ${year}`).executeTakeFirstOrThrow();
    assert.equal(row('lettersReceived').value, Number(letters.n), 'letters from the openness module');
    const x = await t.inject({ url: `/api/portal/reports/yearly?year=${year}&format=xlsx`, headers: { cookie: rv } });
    assert.equal(x.statusCode, 200);
    assert.match(String(x.headers['content-type']), /spreadsheetml/);
    assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');
    const bad = await call(t, rv, 'GET', `/api/portal/reports/yearly?year=${year + 1}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'year');
    const other = await t.testDb.owner.selectFrom('portal.sites').select('id').where('code', '=', '520303').executeTakeFirstOrThrow();
    const refused = await call(t, rv, 'GET', `/api/portal/reports/yearly?year=${year}&siteId=${other.id}`);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.field, 'siteId');
  });

  it('政府网站工作年度报表 as a PDF: issued through platform/documents with the figures in it, a second issue supersedes the first; bad year and another county refused without a document', async () => {
    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const rv = await loginAs(t, 'web_reviewer');
    const figures = await call(t, rv, 'GET', `/api/portal/reports/yearly?year=${year}`);
    const row = (key: string) => figures.body.rows.find((x: { key: string }) => x.key === key);
    const issued = async () => t.inject({ method: 'POST', url: '/api/portal/reports/yearly/pdf', headers: { cookie: rv }, payload: { year } });
    const pdf = await issued();
    assert.equal(pdf.statusCode, 200, pdf.body);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.match(decodeURIComponent(String(pdf.headers['x-document-no'])), /网报〔\d{4}〕\d+号/);
    const file = path.join(os.tmpdir(), `portal-yearly-${process.pid}.pdf`);
    fs.writeFileSync(file, pdf.rawPayload);
    try {
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      assert.match(text, /政府网站工作年度报表/);
      assert.match(text, new RegExp(`网站名称\\s+${figures.body.site.name}`));
      assert.match(text, new RegExp(`总数\\s+${row('published').value}\\b`));
      assert.match(text, new RegExp(`政务动态信息更新量[^\\n]*\\s${row('news').value}\\b`));
      assert.match(text, /独立用户访问总量[^\n]*—\s+平台未记录/);
    } finally {
      fs.rmSync(file, { force: true });
    }
    const again = await issued();
    assert.equal(again.statusCode, 200);
    const docs = await t.testDb.owner.selectFrom('documents.documents').select(['id', 'status', 'kind']).where('subjectType', '=', 'portal.yearly_report').orderBy('id').execute();
    assert.deepEqual(docs.map((d) => [d.kind, d.status]), [['portal_yearly_report', 'superseded'], ['portal_yearly_report', 'valid']]);
    const bad = await call(t, rv, 'POST', '/api/portal/reports/yearly/pdf', { year: year + 1 });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'year');
    const other = await t.testDb.owner.selectFrom('portal.sites').select('id').where('code', '=', '520303').executeTakeFirstOrThrow();
    const refused = await call(t, rv, 'POST', '/api/portal/reports/yearly/pdf', { year, siteId: other.id });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.field, 'siteId');
    const count = await t.testDb.owner.selectFrom('documents.documents').select((eb) => eb.fn.countAll<number>().as('n')).where('subjectType', '=', 'portal.yearly_report').executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 2, 'nothing issued for the refused requests');
  });

  it('政府网站工作年度报表 办事服务: matters, fully online matters and the year\'s cases by applicant kind from approvals, in the site\'s county only; in the PDF too', async () => {
    const db = t.testDb.owner;
    const year = 2024;
    const bureau = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520304-B').executeTakeFirstOrThrow();
    const hc = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520303-B').executeTakeFirstOrThrow();
    const matter = await db.selectFrom('approvals.matters').select(['id as matterId', 'currentVersionId']).where('code', '=', '520304-XK-0004').executeTakeFirstOrThrow();
    // 播州区's catalogue: 12 active matters, two of them with no visit to the hall (GG-0001, GG-0002);
    // closing GG-0001 leaves 11 and 1. A no-visit matter of 汇川区 is not 播州区's.
    await db.updateTable('approvals.matters').set({ active: false }).where('code', '=', '520304-GG-0001').execute();
    const hcMatter = await db.insertInto('approvals.matters').values({ code: '520303-GG-9001', orgPath: hc.path, orgUnitId: hc.id }).returning('id').executeTakeFirstOrThrow();
    const gg = await db.selectFrom('approvals.matters as m').innerJoin('approvals.matter_versions as v', 'v.id', 'm.currentVersionId').selectAll('v').where('m.code', '=', '520304-GG-0002').executeTakeFirstOrThrow();
    const { id: _id, matterId: _m, createdAt: _c, ...rest } = gg;
    const hv = await db.insertInto('approvals.matter_versions').values({ ...rest, matterId: hcMatter.id, version: 1, orgPath: hc.path, materials: JSON.stringify(rest.materials), form: JSON.stringify(rest.form), flow: JSON.stringify(rest.flow) }).returning('id').executeTakeFirstOrThrow();
    await db.updateTable('approvals.matters').set({ currentVersionId: hv.id }).where('id', '=', hcMatter.id).execute();
    let n = 0;
    const received = async (unit: { id: number; path: string }, kind: 'person' | 'company', receivedOn: string, channel: 'online' | 'walk_in' = 'walk_in') => {
      n++;
      await db.insertInto('approvals.cases').values({
        caseNo: `TEST-YR-${n}`, matterId: matter.matterId, matterVersionId: matter.currentVersionId!, orgPath: unit.path, orgUnitId: unit.id, divisionCode: unit.path.slice(-6),
        applicantKind: kind, applicantName: kind === 'person' ? '张三' : '遵义市某公司', applicantIdNumber: '52030400000000000X', applicantPhone: '13800000000', channel,
        status: 'submitted', receivedOn, promisedDays: 10, statutoryDays: 20,
      } as never).execute();
    };
    await received(bureau, 'person', '2024-01-01');
    await received(bureau, 'person', '2024-06-15', 'online');
    await received(bureau, 'company', '2024-12-31');
    await received(bureau, 'person', '2023-12-31'); // another year
    await received(bureau, 'company', '2025-01-01'); // another year
    await received(hc, 'company', '2024-05-05'); // another county
    const rv = await loginAs(t, 'web_reviewer');
    const r = await call(t, rv, 'GET', `/api/portal/reports/yearly?year=${year}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const row = (key: string) => r.body.rows.find((x: { key: string }) => x.key === key);
    const figures = ['services', 'servicesOnline', 'cases', 'casesPerson', 'casesCompany'].map((k) => [k, row(k).value, row(k).unrecorded ?? false]);
    assert.deepEqual(figures, [['services', 11, false], ['servicesOnline', 1, false], ['cases', 3, false], ['casesPerson', 2, false], ['casesCompany', 1, false]]);
    assert.equal(row('servicesOnline').note, '到现场0次', 'the rule is said beside the figure');
    // The city's site counts both counties.
    const city = await call(t, await loginAs(t, 'city_web'), 'GET', `/api/portal/reports/yearly?year=${year}`);
    const cityRow = (key: string) => city.body.rows.find((x: { key: string }) => x.key === key).value;
    assert.deepEqual([cityRow('cases'), cityRow('casesPerson'), cityRow('casesCompany')], [4, 2, 2]);
    const pdf = await t.inject({ method: 'POST', url: '/api/portal/reports/yearly/pdf', headers: { cookie: rv }, payload: { year } });
    assert.equal(pdf.statusCode, 200, pdf.body);
    const file = path.join(os.tmpdir(), `portal-yearly-services-${process.pid}.pdf`);
    fs.writeFileSync(file, pdf.rawPayload);
    try {
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      assert.match(text, /政务服务事项数量[^\n]*\s11\s/);
      assert.match(text, /可全程在线办理政务服务事项数量[^\n]*\s1\s+到现场0次/);
      assert.match(text, /办件量：总数[^\n]*\s3\s/);
      assert.match(text, /自然人办件量[^\n]*\s2\s/);
      assert.match(text, /法人办件量[^\n]*\s1\s/);
      assert.doesNotMatch(text, /政务服务事项数量[^\n]*平台未记录/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
