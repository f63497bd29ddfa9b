/**
 * Server-rendered 政务公开 pages: /gk (the 政府信息公开目录 by category), /gk/xxgk/:indexNo (an
 * entry), /gk/guide (政府信息公开指南), /gk/ndbg (annual reports, page and PDF). Readable without
 * JavaScript, rendered through platform/ssr (the portal's layout once installed).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { html, requestLang, type Lang } from '../../platform/ssr/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Tx } from '../../platform/db/context.ts';
import { CATEGORIES, CATEGORY_CODES, isCategory } from './categories.ts';
import { entryUrl } from './directory.ts';
import { reportUrl, type ReportFigures } from './annual-report.ts';
import { fill, pageText } from './pages.text.ts';
import type { OpennessRouteOptions } from './openness.routes.ts';

export const PageQuery = z.object({ lang: z.string().max(10).optional(), elder: z.enum(['0', '1']).optional() });
const PAGE_SIZE = 20;
export const catName = (c: string, lang: Lang) => (isCategory(c) ? CATEGORIES[c][lang === 'en-US' ? 'en' : 'zh'] : c);
export const day = (d: Date | string | null) => (d === null ? '' : typeof d === 'string' ? d : new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d));
/** Bureau names by org unit id, read once per page. */
export async function unitNames(trx: Tx, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await trx.selectFrom('orgs.org_units').select(['id', 'name', 'nameEn']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export const gkPages: FastifyPluginAsync<OpennessRouteOptions> = async (app, { platform, openness }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pages = platform.publicPages;

  r.get('/gk', {
    schema: { tags: ['openness'], summary: '政务公开: the directory (HTML)', hide: true, querystring: PageQuery.extend({
      category: z.string().max(10).optional(), divisionCode: z.string().regex(/^\d{6,9}$/).optional(), page: z.coerce.number().int().min(1).max(5000).default(1),
    }) },
  }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const { category, divisionCode, page } = req.query;
    const { rows, total, names, counts } = await openness.asPublic(async (trx) => {
      const list = await openness.listPublished(trx, { category, divisionCode, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      const c = await trx.selectFrom('openness.entries').select(['category', trx.fn.countAll<number>().as('n')]).where('status', '=', 'published')
        .$if(!!divisionCode, (q) => q.where('divisionCode', '=', divisionCode!)).groupBy('category').execute();
      return { ...list, names: await unitNames(trx, list.rows.map((x) => x.orgUnitId)), counts: new Map(c.map((x) => [x.category, Number(x.n)])) };
    });
    const pagesN = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const link = (p: Record<string, string | number | undefined>) => {
      const u = new URLSearchParams();
      for (const [k, v] of Object.entries({ category, divisionCode, ...p })) if (v !== undefined && v !== '') u.set(k, String(v));
      const s = u.toString();
      return `/gk${s ? `?${s}` : ''}`;
    };
    return pages.send(req, reply, {
      title: t.gk, lang, canonicalPath: '/gk', description: t.gkIntro,
      breadcrumbs: [{ label: t.gk }],
      body: html`<h1>${t.gk}</h1><p>${t.gkIntro}</p>
<p><a href="/gk/guide">${t.guide}</a> · <a href="/gk/ndbg">${t.reports}</a> · <a href="/hudong">${t.hudong}</a> · <a href="/sunshine">${t.sunshine}</a></p>
<nav aria-label="${t.categories}"><h2>${t.categories}</h2><ul class="cats">
<li><a href="${link({ category: undefined, page: undefined })}"${category ? '' : html` aria-current="page"`}>${t.all}</a></li>
${CATEGORY_CODES.map((c) => html`<li><a href="${link({ category: c, page: undefined })}"${category === c ? html` aria-current="page"` : ''}>${catName(c, lang)}</a> (${counts.get(c) ?? 0})</li>`)}
</ul></nav>
<h2>${t.directory}${category ? html`：${catName(category, lang)}` : ''}</h2>
${rows.length ? html`<table><thead><tr><th scope="col">${t.indexNo}</th><th scope="col">${t.title}</th><th scope="col">${t.publisher}</th><th scope="col">${t.publishedAt}</th></tr></thead><tbody>
${rows.map((e) => html`<tr><td>${e.indexNo}</td><td><a href="${entryUrl(e.indexNo!)}">${e.title}</a></td><td>${names.get(e.orgUnitId) ?? ''}</td><td>${day(e.publishedAt)}</td></tr>`)}
</tbody></table>` : html`<p>${t.none}</p>`}
${pagesN > 1 ? html`<nav aria-label="${fill(t.page, { n: page, m: pagesN })}"><p>${page > 1 ? html`<a href="${link({ page: page - 1 })}">${t.prev}</a> ` : ''}${fill(t.page, { n: page, m: pagesN })}${page < pagesN ? html` <a href="${link({ page: page + 1 })}">${t.next}</a>` : ''}</p></nav>` : ''}`,
    });
  });

  r.get('/gk/xxgk/:indexNo', { schema: { hide: true, params: z.object({ indexNo: z.string().max(40) }), querystring: PageQuery } }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const found = await openness.asPublic(async (trx) => {
      const e = await openness.findPublished(trx, req.params.indexNo);
      return e ? { e, names: await unitNames(trx, [e.orgUnitId]) } : null;
    });
    if (!found) throw new AppError('openness.entry_not_found', `indexNo: no published entry ${req.params.indexNo}`, { field: 'indexNo' });
    const { e, names } = found;
    return pages.send(req, reply, {
      title: e.title, lang, canonicalPath: entryUrl(e.indexNo!), description: e.title,
      breadcrumbs: [{ label: t.gk, href: '/gk' }, { label: catName(e.category, lang), href: `/gk?category=${e.category}` }, { label: e.title }],
      body: html`<article><h1 lang="zh-CN">${e.title}</h1>
<table><caption>${t.meta}</caption><tbody>
<tr><th scope="row">${t.indexNo}</th><td>${e.indexNo}</td></tr><tr><th scope="row">${t.category}</th><td>${catName(e.category, lang)}</td></tr>
<tr><th scope="row">${t.publisher}</th><td>${names.get(e.orgUnitId) ?? ''}</td></tr>${e.docNo ? html`<tr><th scope="row">${t.docNo}</th><td>${e.docNo}</td></tr>` : ''}
<tr><th scope="row">${t.publishedAt}</th><td>${day(e.publishedAt)}</td></tr></tbody></table>
<div class="body" lang="zh-CN">${e.body.split(/\n+/).map((p) => html`<p>${p}</p>`)}</div></article>`,
    });
  });

  r.get('/gk/guide', { schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const zh = lang === 'zh-CN';
    return pages.send(req, reply, {
      title: t.guide, lang, canonicalPath: '/gk/guide', cacheSeconds: 600,
      breadcrumbs: [{ label: t.gk, href: '/gk' }, { label: t.guide }],
      body: zh ? html`<h1>政府信息公开指南</h1>
<p>本指南依据《中华人民共和国政府信息公开条例》（2019 年修订）编制，说明本平台各级自然资源主管部门公开政府信息的方式和程序。</p>
<h2>一、主动公开</h2><p>主动公开的政府信息按类别列入<a href="/gk">政府信息公开目录</a>，每条信息有唯一的索引号（机构代码-类别-年份-顺序号）。属于主动公开范围的信息，自形成或者变更之日起 20 个工作日内公开（条例第二十六条）。公开前经审核，撤回的信息保留记录。</p>
<p>主动公开类别：${CATEGORY_CODES.map((c, i) => html`${i ? '、' : ''}${CATEGORIES[c].zh}`)}。</p>
<h2>二、依申请公开</h2><p>公民、法人或者其他组织可以在<a href="/services">网上办事大厅</a>办理“政府信息公开申请”事项，或到政务服务大厅窗口提交申请。能够当场答复的当场答复；不能当场答复的，自收到申请之日起 20 个工作日内答复，需要延长的经负责人同意可延长，延长期限不超过 20 个工作日（条例第三十三条）。答复的办理进度可在<a href="/track">办件查询</a>中查看。</p>
<h2>三、年度报告</h2><p>每年 1 月 31 日前公布上一年度<a href="/gk/ndbg">政府信息公开工作年度报告</a>，数据取自本平台的办理记录。</p>
<h2>四、监督和救济</h2><p>认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（条例第五十一条）。也可通过<a href="/hudong">互动交流</a>的局长信箱反映。</p>`
        : html`<h1>Guide to government information</h1>
<p>This guide follows the Regulations on the Disclosure of Government Information (revised 2019) and explains how the natural-resources bureaus on this platform publish information.</p>
<h2>1. Proactive disclosure</h2><p>Information published proactively is listed by category in the <a href="/gk">directory</a>; every item has a unique index number (bureau code-category-year-serial). It is published within 20 working days of being made or changed (art. 26), after review; withdrawn items keep their record.</p>
<p>Categories: ${CATEGORY_CODES.map((c, i) => html`${i ? ', ' : ''}${CATEGORIES[c].en}`)}.</p>
<h2>2. Disclosure on request</h2><p>Anyone may file the matter “request for government information” in the <a href="/services">online service hall</a> or at a service window. A request is answered at once where possible, otherwise within 20 working days, extendable once by at most 20 working days (art. 33). Progress is shown under <a href="/track">track a case</a>.</p>
<h2>3. Annual reports</h2><p>By 31 January each bureau publishes its <a href="/gk/ndbg">annual report</a> of the previous year, with figures taken from this platform's records.</p>
<h2>4. Oversight and remedies</h2><p>Complaints go to the bureau above or to the disclosure authority; administrative reconsideration and litigation are available (art. 51). You may also write to the director under <a href="/hudong">public interaction</a>.</p>`,
    });
  });

  r.get('/gk/ndbg', { schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const { rows, names } = await openness.asPublic(async (trx) => {
      const rs = await openness.listReports(trx);
      return { rows: rs, names: await unitNames(trx, rs.map((x) => x.orgUnitId)) };
    });
    return pages.send(req, reply, {
      title: t.reports, lang, canonicalPath: '/gk/ndbg', breadcrumbs: [{ label: t.gk, href: '/gk' }, { label: t.reports }],
      body: html`<h1>${t.reports}</h1>${rows.length ? html`<ul>${rows.map((x) => html`<li><a href="${reportUrl(x.divisionCode, x.year)}">${names.get(x.orgUnitId) ?? ''} ${x.year}</a> (${x.docNo})</li>`)}</ul>` : html`<p>${t.none}</p>`}`,
    });
  });

  const ReportParams = z.object({ divisionCode: z.string().regex(/^\d{6,9}$/), year: z.coerce.number().int().min(2008).max(2200) });
  r.get('/gk/ndbg/:divisionCode/:year', { schema: { hide: true, params: ReportParams, querystring: PageQuery } }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const rep = await openness.asPublic((trx) => openness.findReport(trx, req.params.divisionCode, req.params.year));
    if (!rep) throw new AppError('openness.entry_not_found', `year: no report of ${req.params.year} for ${req.params.divisionCode}`, { field: 'year' });
    const f = rep.figures as unknown as ReportFigures;
    const row = (label: string, n: number) => html`<tr><th scope="row">${label}</th><td>${n}</td></tr>`;
    const title = `${f.bureau.name} ${rep.year} ${t.reports}`;
    return pages.send(req, reply, {
      title, lang, canonicalPath: reportUrl(rep.divisionCode, rep.year),
      breadcrumbs: [{ label: t.gk, href: '/gk' }, { label: t.reports, href: '/gk/ndbg' }, { label: String(rep.year) }],
      body: html`<h1>${title}</h1><p>${t.docNo}：${rep.docNo} · <a href="${reportUrl(rep.divisionCode, rep.year)}/pdf">${t.pdf}</a></p>
<h2>${t.proactive}</h2><table><thead><tr><th scope="col">${t.category}</th><th scope="col">${t.published}</th><th scope="col">${t.withdrawn}</th></tr></thead><tbody>
${f.proactive.map((p) => html`<tr><th scope="row">${catName(p.category, lang)}</th><td>${p.published}</td><td>${p.withdrawn}</td></tr>`)}</tbody></table>
<h2>${t.requests}</h2><table><thead><tr><th scope="col">${t.item}</th><th scope="col">${t.count}</th></tr></thead><tbody>
${row(t.received, f.requests.received)}${row(t.carriedOver, f.requests.carriedOver)}${row(t.granted, f.requests.granted)}${row(t.denied, f.requests.denied)}
${row(t.refused, f.requests.refused)}${row(t.withdrawnReq, f.requests.withdrawn)}${row(t.pending, f.requests.pending)}</tbody></table>
<h2>${t.lettersFig}</h2><table><thead><tr><th scope="col">${t.item}</th><th scope="col">${t.count}</th></tr></thead><tbody>
${row(t.lReceived, f.letters.received)}${row(t.lAnswered, f.letters.answered)}${row(t.lOnTime, f.letters.onTime)}${row(t.lPublished, f.letters.published)}
${row(t.lRated, f.letters.rated)}${row(t.lSatisfied, f.letters.satisfied)}</tbody></table>`,
    });
  });

  r.get('/gk/ndbg/:divisionCode/:year/pdf', { schema: { hide: true, params: ReportParams } }, async (req, reply) => {
    const pdf = await openness.asSystem(async (trx) => {
      const rep = await openness.findReport(trx, req.params.divisionCode, req.params.year);
      if (!rep?.documentId) throw new AppError('openness.entry_not_found', `year: no report of ${req.params.year} for ${req.params.divisionCode}`, { field: 'year' });
      return openness.reportPdf(trx, rep.documentId, `${rep.orgUnitId}-${rep.year}`);
    });
    return reply.type('application/pdf').header('cache-control', 'public, max-age=3600')
      .header('content-disposition', `inline; filename="report-${req.params.divisionCode}-${req.params.year}.pdf"`).send(pdf.bytes);
  });
};
