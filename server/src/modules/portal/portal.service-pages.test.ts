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

  it('/services/<code>: one matter\'s whole guide without JavaScript (facts, materials, flow, 在线申请); unknown or inactive code → 404 page', async () => {
    const code = '520304-XK-0004'; // 临时用地审批: parallel landuse + farmland review
    const m = (await call(t, null, 'GET', `/api/public/approvals/matters/${code}`)).body as {
      name: string; type: string; department: string; implementingLevel: string; statutoryDays: number; promisedDays: number; counterVisits: number;
      fees: string; legalBasis: string; conditions: string;
      materials: { name: string; required: boolean; kind: string; form: string; pages: number; note?: string }[];
      flow: { name: string; kind: string; departments: string[]; limitDays: number }[];
    };
    const res = await get(`/services/${code}`);
    assertPage(res, esc(m.name));
    assert.doesNotMatch(res.body, /<script/i, 'the guide needs no script at all');
    assert.ok(res.body.includes(`<h1 data-testid="guide-title">${esc(m.name)}</h1>`));
    assert.ok(res.body.includes(`<span data-testid="guide-statutory">${m.statutoryDays} 个工作日</span>`));
    assert.ok(res.body.includes(`<span data-testid="guide-promised">${m.promisedDays} 个工作日</span>`));
    assert.equal(m.statutoryDays, 20); // what the approvals journey expects to read
    const levels: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇级' };
    for (const [label, value] of [['事项编码', code], ['事项类型', m.type], ['承办机构', m.department], ['实施层级', levels[m.implementingLevel]!],
      ['到现场次数', `${m.counterVisits} 次`], ['收费标准', m.fees], ['设定依据', m.legalBasis], ['受理条件', m.conditions]] as const) {
      assert.equal(new RegExp(`<dt>${label}</dt><dd[^>]*>([\\s\\S]*?)</dd>`).exec(res.body)?.[1], esc(value), `fact ${label}`);
    }
    const materials = /data-testid="guide-materials">([\s\S]*?)<\/table>/.exec(res.body)?.[1] ?? '';
    assert.equal((materials.match(/<tr><td data-label="#">/g) ?? []).length, m.materials.length, 'one row per material');
    for (const x of m.materials) {
      assert.ok(materials.includes(esc(x.name)) && (!x.note || materials.includes(esc(x.note))), `material ${x.name}`);
    }
    assert.ok(materials.includes('必需') && (materials.includes('原件') || materials.includes('复印件') || materials.includes('电子表单')));
    const flow = /data-testid="guide-flow">([\s\S]*?)<\/ol>/.exec(res.body)?.[1] ?? '';
    assert.equal((flow.match(/<li>/g) ?? []).length, m.flow.length + 3, '申请, 受理, each stage, 决定');
    for (const s of m.flow) assert.ok(flow.includes(`${esc(s.name)}（${s.limitDays} 个工作日）`), `stage ${s.name}`);
    assert.ok(flow.includes('并联审查：自然资源开发利用股、耕地保护股'), 'parallel review with department names');
    assert.equal(res.body.split(`href="/services/${code}/apply"`).length - 1, 1, 'one 在线申请 link');
    assert.equal((await get(`/services/${code}`, { 'if-none-match': String(res.headers.etag) })).statusCode, 304);
    const en = await get(`/services/${code}?lang=en-US`);
    assert.match(en.body, /<dt>Statutory time<\/dt><dd><span data-testid="guide-statutory">20 working days<\/span>/);
    assert.match(en.body, /Parallel review: Land Use and Supply, Farmland Protection/);
    assert.match((await get(`/services/${code}?elder=1`)).body, /<html lang="zh-CN" class="elder">/);

    for (const url of ['/services/NO-SUCH-MATTER', '/services/x', `/services/${'9'.repeat(80)}`]) {
      const nf = await get(url);
      assert.equal(nf.statusCode, 404, url);
      assert.match(nf.body, /<h1 data-testid="guide-not-found">事项不存在或已停用<\/h1>/);
      assert.match(nf.body, /<a href="\/services">返回办事指南<\/a>/);
    }
    const other = ((await call(t, null, 'GET', '/api/public/approvals/matters')).body as { code: string }[]).find((x) => x.code !== code)!.code;
    await t.testDb.owner.updateTable('approvals.matters').set({ active: false }).where('code', '=', other).execute();
    assert.equal((await get(`/services/${other}`)).statusCode, 404, 'an inactive matter has no guide');
  });

  it('/disclosure: decisions and penalties as tables, filters as a GET form, paging links; bad filters are 400 naming the field', async () => {
    const api = (await call(t, null, 'GET', '/api/public/approvals/disclosures?pageSize=20')).body as { total: number; items: { caseNo: string; applicantName: string }[] };
    assert.ok(api.items.length > 0, 'the demo has published decisions');
    const res = await get('/disclosure');
    assertPage(res, '审批结果公示');
    assert.match(res.body, /<form class="svc-filter" method="get" action="\/disclosure"/);
    for (const name of ['q', 'matterCode', 'from', 'to']) assert.match(res.body, new RegExp(`name="${name}"`));
    for (const d of api.items) assert.ok(res.body.includes(`<td>${d.caseNo}</td>`) && res.body.includes(esc(d.applicantName)), `missing ${d.caseNo}`);
    // The decision is worded by the matter's type, as the API and the documents word it (土地抵押登记 is a 行政确认: 准予登记).
    const WORDS = { licensing: ['准予许可', '不予许可'], registration: ['准予登记', '不予登记'], confirmation: ['予以确认', '不予确认'], service: ['予以办理', '不予办理'] } as const;
    const rowOf = (body: string, caseNo: string) => new RegExp(`<tr><td>[^<]*</td><td>${caseNo}</td>.*?</tr>`).exec(body)?.[0] ?? '';
    for (const d of api.items as unknown as { caseNo: string; decision: 'granted' | 'denied'; decisionWording: keyof typeof WORDS }[]) {
      assert.ok(rowOf(res.body, d.caseNo).includes(`>${WORDS[d.decisionWording][d.decision === 'granted' ? 0 : 1]}</td>`), `${d.caseNo}: ${rowOf(res.body, d.caseNo)}`);
    }
    assert.ok(api.items.some((d) => (d as unknown as { decisionWording: string }).decisionWording !== 'licensing'), 'the demo discloses a decision that is not a licence');
    assert.match(res.body, /placeholder="办件编号、事项、申请人或文号"/);
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
    assert.match(res.body, /<div id="root" class="map-mount" data-embedded="map" data-lang="zh-CN">/);
    const en = await get('/map', { cookie: 'lang=en-US' });
    assert.match(en.body, /<div id="root" class="map-mount" data-embedded="map" data-lang="en-US">/, 'the page language for the app\'s map');
    for (const l of layers) assert.ok(en.body.includes(`<strong>${esc(l.nameEn)}</strong>`), `missing layer ${l.nameEn}`);
  });

  it('every portal page links the three in its main navigation', async () => {
    const home = await get('/portal');
    for (const href of ['/services', '/disclosure', '/map']) assert.ok(home.body.includes(`<li><a href="${href}">`), `no nav link to ${href}`);
    assert.match((await get('/services')).body, /<li><a href="\/services" aria-current="page">办事指南<\/a><\/li>/);
  });
});
