/**
 * Server-rendered citizen pages that used to be single-page-app pages (issue 18, "every public
 * page"): `/services` (办事指南 list), `/disclosure` (审批结果公示 and 行政处罚结果公示, filters as plain
 * GET forms, pagination as links) and `/map` (公众一张图: a server-rendered shell — header, nav,
 * title, the public layers with their legend, a <noscript> note, the footer — around the web
 * app's map, which mounts into it when scripts run). Readable and navigable without JavaScript.
 *
 * The data comes from the owning modules through their index.ts, handed in by app.ts as
 * `source` (approvals: matters and decisions; enforcement: penalty decisions; map: the layer
 * registry). Those modules do not tell the portal when their data changes, so these pages are
 * not kept in the portal's publish-invalidated cache: each answer's data is kept for
 * `DATA_TTL_MS` (3 s) per URL and language, and the answer carries a strong ETag (304 on
 * If-None-Match) and `Cache-Control: public, max-age=10` — a change is visible within 3 s on
 * this server and 13 s through a CDN.
 * `/services/<code>` is one matter's guide (事项编码, type, 承办机构, level, limits, visits, fees, legal
 * basis, conditions, the materials table, the flow) with the 在线申请 link; an unknown or inactive
 * code is a 404 page that links back to /services.
 * Interactive parts stay in the web app: 在线申请 (`/services/<code>/apply`), 办件查询 (`/track`),
 * and the map itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import type { Tx } from '../../platform/db/context.ts';
import { html, raw, requestLang, stylesheet, type Lang, type PublicPage, type PublicPages, type SafeHtml } from '../../platform/ssr/index.ts';
import type { PortalService } from './portal.service.ts';

/** A matter of the service guide (办事指南目录), as approvals lists it. */
export interface GuideMatter { code: string; name: string; type: string; department: string; promisedDays: number; statutoryDays: number; counterVisits: number }
/** How the matter words its decision (approvals' decision-wording.ts): 准予许可, 准予登记, 予以确认, 予以办理. */
export type DecisionWording = 'licensing' | 'registration' | 'confirmation' | 'service';
export interface DecisionRow { caseNo: string; matterName: string; applicantName: string; decision: 'granted' | 'denied'; decisionWording: DecisionWording; decidedAt: string; orgName: string; documentNo: string | null }
export interface PenaltyRow { caseNo: string; partyName: string; penalty: string; authority: string; decidedOn: Date | string; documentNo: string | null; status: string }
export interface PublicLayer { code: string; name: string; nameEn: string; geometryType: string; featureCount: number; style: { default?: { fill: string; stroke: string }; classes?: { label: string; labelEn: string; fill: string; stroke: string }[] | undefined } }
/** One matter's guide (办事指南), as approvals' getMatter gives it (the fields this page shows). */
export interface GuideMaterial { key: string; name: string; required: boolean; form: string; pages: number; kind: string; sampleFileId?: string | null | undefined; note?: string | undefined }
export interface GuideStage { key: string; name: string; kind: string; departments: string[]; limitDays: number; pausesClock?: boolean | undefined }
export interface GuideMatterDetail extends GuideMatter {
  active: boolean; implementingLevel: string; fees: string; legalBasis: string; conditions: string;
  materials: GuideMaterial[]; flow: GuideStage[];
}
export interface DisclosureFilter { q?: string | undefined; matterCode?: string | undefined; from?: string | undefined; to?: string | undefined; page: number; pageSize: number }

/** What these pages read from other modules (bound in app.ts to their index.ts exports). */
export interface PublicServicesSource {
  matters(trx: Tx): Promise<GuideMatter[]>;
  /** One matter with its current version, or null when there is no such matter. */
  matter(trx: Tx, code: string): Promise<GuideMatterDetail | null>;
  disclosures(trx: Tx, q: DisclosureFilter): Promise<{ total: number; items: DecisionRow[] }>;
  penalties(trx: Tx, q: { q?: string | undefined; page: number; pageSize: number }): Promise<{ total: number; items: PenaltyRow[] }>;
  publicLayers(): Promise<PublicLayer[]>;
}

export interface PortalServicePagesOptions extends RouteOptions {
  portal: PortalService;
  publicPages: PublicPages;
  source: PublicServicesSource;
}

const DATA_TTL_MS = 3_000;
const CACHE_SECONDS = 10;
const PAGE_SIZE = 20;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const empty = (v: unknown) => (v === '' ? undefined : v);

const T = {
  'zh-CN': {
    services: '办事指南', servicesIntro: '本平台受理的全部政务服务事项。点击事项名称查看办事指南（申请条件、申请材料、办理时限、办理流程），并可在线申请。',
    name: '事项名称', type: '事项类型', department: '实施部门', promised: '承诺时限', statutory: '法定时限', visits: '到现场次数',
    workdays: (n: number) => `${n} 个工作日`, times: (n: number) => `${n} 次`, noMatters: '暂无可办理的事项。',
    track: '办件查询', my: '我的办件', apply: '在线申请', filter: '筛选', search: '查询', reset: '清除条件', matterFilter: '关键词', matterCodeFilter: '事项编码',
    disclosure: '审批结果公示', disclosureIntro: '依法公开的行政审批结果，按决定日期由近及远排列。个人申请人只公开姓氏。',
    decidedAt: '决定日期', caseNo: '办件编号', matter: '事项', applicant: '申请人', decision: '审批结果', org: '决定机关', documentNo: '文书编号',
    decisions: {
      licensing: { granted: '准予许可', denied: '不予许可' }, registration: { granted: '准予登记', denied: '不予登记' },
      confirmation: { granted: '予以确认', denied: '不予确认' }, service: { granted: '予以办理', denied: '不予办理' },
    } as Record<DecisionWording, { granted: string; denied: string }>,
    searchHint: '办件编号、事项、申请人或文号', from: '开始日期', to: '结束日期', noRows: '没有符合条件的公示信息。', total: (n: number) => `共 ${n} 条`,
    penalties: '行政处罚结果公示', party: '当事人', penalty: '处罚内容', authority: '处罚机关', status: '状态',
    statuses: { published: '公示中', revoked: '已撤销', changed: '已变更', withdrawn: '已撤回' } as Record<string, string>,
    prev: '上一页', next: '下一页', pageOf: (p: number, n: number) => `第 ${p} 页，共 ${n} 页`, pages: '分页',
    map: '公众一张图', mapIntro: '面向社会公开的自然资源图层，可查询要素、量算距离和面积。',
    layers: '公开图层', features: (n: number) => `${n} 个要素`, noLayers: '暂无公开图层。', legend: '图例',
    noscript: '交互地图需要启用 JavaScript。不使用 JavaScript 时，可查看下方的公开图层清单，或通过“办事指南”“审批结果公示”办理和查询业务。',
    mapRegion: '交互地图', loadingMap: '地图加载中…',
    code: '事项编码', handledBy: '承办机构', level: '实施层级', fees: '收费标准', legalBasis: '设定依据', conditions: '受理条件',
    materials: '申请材料', materialName: '材料名称', required: '是否必需', requiredYes: '必需', requiredNo: '非必需', form: '材料形式',
    copies: '份数', pagesCol: '页数', sample: '样表', sampleOpen: '查看', sampleNone: '无', eform: '电子表单',
    forms: { original: '原件', copy: '复印件' } as Record<string, string>,
    levels: { province: '省级', city: '市级', county: '县级', township: '乡镇级' } as Record<string, string>,
    flow: '办理流程', parallel: (d: string) => `并联审查：${d}`, pausesClock: '特殊环节，不计入办理时限',
    stepApply: '申请', stepApplyBody: '在线填写申请表并上传材料，取得办件编号和收件回执',
    stepAccept: '受理', stepAcceptBody: '窗口形式审查：受理、一次性告知补正或不予受理',
    stepDecide: '决定', stepDecideBody: '局领导作出准予或不予许可决定，送达文书',
    departments: {
      landuse: '自然资源开发利用股', planning: '国土空间规划股', farmland: '耕地保护股', legal: '政策法规股', mineral: '矿产资源管理股',
      hazard: '地质灾害防治股', office: '办公室', bureau: '本机关',
    } as Record<string, string>,
    sep: '、', notFound: '事项不存在或已停用', notFoundText: '您访问的事项编码不存在，或该事项已停止办理。', backToList: '返回办事指南',
  },
  'en-US': {
    services: 'Service guide', servicesIntro: 'Every matter this platform takes applications for. Open a matter for its guide (conditions, materials, time limits, flow) and to apply online.',
    name: 'Matter', type: 'Type', department: 'Department', promised: 'Promised time', statutory: 'Statutory time', visits: 'Counter visits',
    workdays: (n: number) => `${n} working day${n === 1 ? '' : 's'}`, times: (n: number) => `${n}`, noMatters: 'No matter takes applications yet.',
    track: 'Track an application', my: 'My applications', apply: 'Apply online', filter: 'Filter', search: 'Search', reset: 'Clear filters', matterFilter: 'Keywords', matterCodeFilter: 'Matter code',
    disclosure: 'Published decisions', disclosureIntro: 'Approval decisions published as the law requires, newest first. Individual applicants are shown by surname only.',
    decidedAt: 'Decided on', caseNo: 'Case no.', matter: 'Matter', applicant: 'Applicant', decision: 'Decision', org: 'Decided by', documentNo: 'Document no.',
    decisions: {
      licensing: { granted: 'Granted', denied: 'Denied' }, registration: { granted: 'Registered', denied: 'Registration refused' },
      confirmation: { granted: 'Confirmed', denied: 'Confirmation refused' }, service: { granted: 'Done', denied: 'Declined' },
    } as Record<DecisionWording, { granted: string; denied: string }>,
    searchHint: 'Case number, matter, applicant or document number', from: 'From', to: 'To', noRows: 'No published decision matches.', total: (n: number) => `${n} in total`,
    penalties: 'Published penalty decisions', party: 'Party', penalty: 'Penalty', authority: 'Authority', status: 'Status',
    statuses: { published: 'Published', revoked: 'Revoked', changed: 'Changed', withdrawn: 'Withdrawn' } as Record<string, string>,
    prev: 'Previous', next: 'Next', pageOf: (p: number, n: number) => `Page ${p} of ${n}`, pages: 'Pages',
    map: 'Public map', mapIntro: 'Natural-resources layers open to the public: identify features, measure distances and areas.',
    layers: 'Public layers', features: (n: number) => `${n} feature${n === 1 ? '' : 's'}`, noLayers: 'No public layer yet.', legend: 'Legend',
    noscript: 'The interactive map needs JavaScript. Without it, the list of public layers below is available, and the service guide and published decisions work as usual.',
    mapRegion: 'Interactive map', loadingMap: 'Loading the map…',
    code: 'Code', handledBy: 'Handled by', level: 'Level', fees: 'Fees', legalBasis: 'Legal basis', conditions: 'Conditions',
    materials: 'Materials', materialName: 'Material', required: 'Required', requiredYes: 'Required', requiredNo: 'Optional', form: 'Form',
    copies: 'Copies', pagesCol: 'Pages', sample: 'Sample', sampleOpen: 'Open', sampleNone: 'None', eform: 'E-form',
    forms: { original: 'Original', copy: 'Copy' } as Record<string, string>,
    levels: { province: 'Province', city: 'City', county: 'County', township: 'Township' } as Record<string, string>,
    flow: 'Flow', parallel: (d: string) => `Parallel review: ${d}`, pausesClock: 'Special step, not counted in the time limit',
    stepApply: 'Apply', stepApplyBody: 'Fill in the form online and upload the materials; get a case number and a receipt',
    stepAccept: 'Acceptance', stepAcceptBody: 'Formal check at the window: accept, one-time supplement notice, or refuse',
    stepDecide: 'Decision', stepDecideBody: 'The bureau grants or denies the licence and delivers the documents',
    departments: {
      landuse: 'Land Use and Supply', planning: 'Spatial Planning', farmland: 'Farmland Protection', legal: 'Policy and Legal Affairs',
      mineral: 'Mineral Resources', hazard: 'Geological Hazards', office: 'General Office', bureau: 'The bureau',
    } as Record<string, string>,
    sep: ', ', notFound: 'This matter does not exist or is no longer offered', notFoundText: 'No matter has this code, or it no longer takes applications.', backToList: 'Back to the service guide',
  },
} as const;

const CSS = `
.svc-table{width:100%;border-collapse:collapse;margin:8px 0 16px}.svc-table th,.svc-table td{border:1px solid #d9d9d9;padding:6px 10px;text-align:left;vertical-align:top}
.svc-table th{background:#f5f5f5}.svc-scroll{overflow-x:auto}.svc-scroll .svc-table{min-width:760px}
@media (max-width:600px){.svc-scroll .svc-table{font-size:.9em}}
.svc-links{list-style:none;padding:0;margin:0 0 12px;display:flex;flex-wrap:wrap;gap:8px 20px}
form.svc-filter{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:flex-end;margin:8px 0 12px}form.svc-filter label{display:flex;flex-direction:column;font-size:.9em}
form.svc-filter input{font:inherit;padding:4px 8px;min-height:32px;border:1px solid #767676;border-radius:4px}form.svc-filter button{font:inherit;min-height:32px;padding:4px 16px}
.svc-pages{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0 24px}
.granted{color:#135200;font-weight:700}.denied{color:#a8071a;font-weight:700}
.legend{list-style:none;padding:0;margin:0 0 16px;display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:6px 16px}
.legend li{display:flex;gap:8px;align-items:flex-start}.swatch{display:inline-block;width:18px;height:14px;border:2px solid;flex:none;margin-top:5px}
.legend ul{list-style:none;padding:0;margin:0;font-size:.9em}
#root.map-mount{min-height:60vh;border:1px solid #d9d9d9}
.guide-head{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center;justify-content:space-between}
a.guide-apply{display:inline-block;background:#0b5cad;color:#fff;padding:8px 20px;border-radius:4px;text-decoration:none;font-weight:700}
a.guide-apply:hover,a.guide-apply:focus{background:#084a8c;color:#fff}
dl.guide-facts{display:grid;grid-template-columns:max-content 1fr max-content 1fr;border:1px solid #d9d9d9;border-bottom:0;margin:8px 0 24px}
dl.guide-facts dt,dl.guide-facts dd{margin:0;padding:6px 10px;border-bottom:1px solid #d9d9d9}dl.guide-facts dt{background:#f5f5f5;font-weight:700}
dl.guide-facts .wide{grid-column:2 / -1;white-space:pre-line}
@media (max-width:760px){dl.guide-facts{grid-template-columns:max-content 1fr}dl.guide-facts .wide{grid-column:auto}}
ol.guide-flow{margin:8px 0 24px;padding-left:1.6em}ol.guide-flow li{margin:0 0 10px}ol.guide-flow p{margin:2px 0 0;color:#555}
.req{color:#a8071a;font-weight:700}
@media (max-width:600px){.svc-scroll table.stack{min-width:0}table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block}table.stack tr{border:1px solid #d9d9d9;margin:0 0 8px}
table.stack td{border:0;border-bottom:1px solid #eee;display:flex;gap:12px}table.stack td:last-child{border-bottom:0}
table.stack td::before{content:attr(data-label);font-weight:700;flex:0 0 6em}table.stack td:first-child{display:none}table.stack td:nth-child(2){font-weight:700;background:#f5f5f5}table.stack td:nth-child(2)::before{content:none}html.elder table.stack td:nth-child(2){background:#fff}html.elder table.stack tr{border-color:#000}}
html.elder a.guide-apply{color:#fff;background:#00337a;text-decoration:none}
html.elder dl.guide-facts,html.elder dl.guide-facts dt,html.elder dl.guide-facts dd{border-color:#000}html.elder dl.guide-facts dt{background:#fff}html.elder ol.guide-flow p{color:#000}
html.elder .svc-table th{background:#fff;border-color:#000}html.elder .svc-table td{border-color:#000}
`;
const head = stylesheet('portal-services', CSS).link;

/** Query strings of the list pages: a bad value is a 400 that names the field (never a 500). */
const DisclosureQuery = z.object({
  q: z.preprocess(empty, z.string().trim().max(60).optional()),
  matterCode: z.preprocess(empty, z.string().trim().max(60).optional()),
  from: z.preprocess(empty, day.optional()),
  to: z.preprocess(empty, day.optional()),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  ppage: z.coerce.number().int().min(1).max(10000).default(1),
  lang: z.string().max(10).optional(), elder: z.string().max(2).optional(),
});
const MatterCode = z.object({ code: z.string().max(200) });
const LangOnly = z.object({ lang: z.string().max(10).optional(), elder: z.string().max(2).optional() });

function link(pathname: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && !(k.endsWith('page') && v === 1)) q.set(k, String(v));
  const s = q.toString();
  return s ? `${pathname}?${s}` : pathname;
}

function pager(t: (typeof T)[Lang], page: number, total: number, href: (p: number) => string, label: string): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return html`<p>${t.total(total)}</p>`;
  return html`<nav class="svc-pages" aria-label="${label}">
    ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">${t.prev}</a>` : ''}
    <span>${t.pageOf(page, pages)} · ${t.total(total)}</span>
    ${page < pages ? html`<a href="${href(page + 1)}" rel="next">${t.next}</a>` : ''}
  </nav>`;
}

/** The web app's entry script and styles (web/dist/index.html), for the map's mount; null without a build. */
function webEntry(distDir: string): SafeHtml | null {
  try {
    const index = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
    const tags = [...index.matchAll(/<(?:script type="module"[^>]*src="\/assets\/[^"]+"[^>]*><\/script|link rel="(?:stylesheet|modulepreload)"[^>]*href="\/assets\/[^"]+"[^>]*)>/g)].map((m) => m[0]);
    return tags.length ? raw(tags.join('\n')) : null; // tags copied from our own build output
  } catch {
    return null;
  }
}

export const portalServicePages: FastifyPluginAsync<PortalServicePagesOptions> = async (app, { portal, publicPages, source }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const kept = new Map<string, { at: number; page: Promise<PublicPage> }>();
  /** A page's data kept for DATA_TTL_MS per (language, URL without lang/elder); at most 500 kept. */
  function page(req: FastifyRequest, make: (lang: Lang) => Promise<PublicPage>): Promise<PublicPage> {
    const lang = requestLang(req);
    const key = `${lang}:${req.url.replace(/([?&])(lang|elder)=[^&]*/g, '$1')}`;
    const now = Date.now();
    const hit = kept.get(key);
    if (hit && now - hit.at < DATA_TTL_MS) return hit.page;
    if (kept.size >= 500) for (const [k, v] of kept) if (now - v.at >= DATA_TTL_MS || kept.size >= 500) kept.delete(k);
    const made = make(lang);
    kept.set(key, { at: now, page: made });
    made.catch(() => kept.delete(key));
    return made;
  }

  r.get('/services', { schema: { hide: true, querystring: LangOnly } }, async (req, reply) => publicPages.send(req, reply, await page(req, (lang) => portal.publicRead(async (trx) => {
    const t = T[lang];
    const rows = await source.matters(trx);
    // Grouped by the implementing department, in the order the catalogue lists them.
    const groups = new Map<string, GuideMatter[]>();
    for (const m of rows) groups.set(m.department, [...(groups.get(m.department) ?? []), m]);
    return {
      title: t.services, lang, canonicalPath: '/services', description: t.servicesIntro, cacheSeconds: CACHE_SECONDS, head,
      breadcrumbs: [{ label: t.services }],
      body: html`<h1 data-testid="services-title">${t.services}</h1>
<p>${t.servicesIntro}</p>
<ul class="svc-links"><li><a href="/track">${t.track}</a></li><li><a href="/my">${t.my}</a></li><li><a href="/disclosure">${t.disclosure}</a></li></ul>
${rows.length ? [...groups].map(([dept, ms], i) => html`<section aria-labelledby="dept-${i}"><h2 id="dept-${i}">${dept}</h2><div class="svc-scroll" tabindex="0" role="region" aria-label="${dept}"><table class="svc-table">
<thead><tr><th scope="col">${t.name}</th><th scope="col">${t.type}</th><th scope="col">${t.promised}</th><th scope="col">${t.statutory}</th><th scope="col">${t.visits}</th><th scope="col">${t.apply}</th></tr></thead>
<tbody>${ms.map((m) => html`<tr><td><a href="/services/${encodeURIComponent(m.code)}">${m.name}</a><br><small>${m.code}</small></td><td>${m.type}</td><td>${t.workdays(m.promisedDays)}</td><td>${t.workdays(m.statutoryDays)}</td><td>${t.times(m.counterVisits)}</td><td><a href="/services/${encodeURIComponent(m.code)}/apply">${t.apply}<span class="skip"> ${m.name}</span></a></td></tr>`)}</tbody>
</table></div></section>`) : html`<p>${t.noMatters}</p>`}`,
    } satisfies PublicPage;
  }))));

  r.get('/services/:code', { schema: { hide: true, params: MatterCode, querystring: LangOnly } }, async (req, reply) => publicPages.send(req, reply, await page(req, (lang) => portal.publicRead(async (trx) => {
    const t = T[lang];
    const code = req.params.code;
    const m = code.length >= 4 && code.length <= 60 ? await source.matter(trx, code) : null;
    if (!m || !m.active) {
      return {
        title: t.notFound, lang, cacheSeconds: CACHE_SECONDS, status: 404, head,
        breadcrumbs: [{ label: t.services, href: '/services' }, { label: t.notFound }],
        body: html`<h1 data-testid="guide-not-found">${t.notFound}</h1><p>${t.notFoundText}</p><p><a href="/services">${t.backToList}</a></p>`,
      } satisfies PublicPage;
    }
    const dept = (d: string) => t.departments[d] ?? d;
    const href = `/services/${encodeURIComponent(m.code)}`;
    const fact = (label: string, value: unknown, wide = false) => html`<dt>${label}</dt><dd${wide ? raw(' class="wide"') : ''}>${value}</dd>`;
    const steps: { title: string; body: string }[] = [
      { title: t.stepApply, body: t.stepApplyBody },
      { title: t.stepAccept, body: t.stepAcceptBody },
      ...m.flow.map((s) => ({
        title: `${s.name}（${t.workdays(s.limitDays)}）`,
        body: [s.kind === 'parallel' ? t.parallel(s.departments.map(dept).join(t.sep)) : s.departments.map(dept).join(t.sep), s.pausesClock ? t.pausesClock : ''].filter(Boolean).join(' · '),
      })),
      { title: t.stepDecide, body: t.stepDecideBody },
    ];
    return {
      title: m.name, lang, canonicalPath: href, description: `${t.services}：${m.name}`, cacheSeconds: CACHE_SECONDS, head,
      breadcrumbs: [{ label: t.services, href: '/services' }, { label: m.name }],
      body: html`<div class="guide-head"><h1 data-testid="guide-title">${m.name}</h1><a class="guide-apply" href="${href}/apply">${t.apply}</a></div>
<dl class="guide-facts" data-testid="guide-facts">
${fact(t.code, m.code)}${fact(t.type, m.type)}
${fact(t.handledBy, m.department)}${fact(t.level, t.levels[m.implementingLevel] ?? m.implementingLevel)}
${fact(t.statutory, html`<span data-testid="guide-statutory">${t.workdays(m.statutoryDays)}</span>`)}${fact(t.promised, html`<span data-testid="guide-promised">${t.workdays(m.promisedDays)}</span>`)}
${fact(t.visits, t.times(m.counterVisits))}${fact(t.fees, m.fees)}
${fact(t.legalBasis, m.legalBasis, true)}
${fact(t.conditions, m.conditions, true)}
</dl>
<section aria-labelledby="guide-materials"><h2 id="guide-materials">${t.materials}</h2>
<div class="svc-scroll" tabindex="0" role="region" aria-label="${t.materials}"><table class="svc-table stack" data-testid="guide-materials">
<thead><tr><th scope="col">#</th><th scope="col">${t.materialName}</th><th scope="col">${t.required}</th><th scope="col">${t.form}</th><th scope="col">${t.copies}</th><th scope="col">${t.pagesCol}</th><th scope="col">${t.sample}</th></tr></thead>
<tbody>${m.materials.map((x, i) => html`<tr><td data-label="#">${i + 1}</td><td data-label="${t.materialName}">${x.name}${x.note ? html`<small>（${x.note}）</small>` : ''}</td><td data-label="${t.required}">${x.required ? html`<span class="req">${t.requiredYes}</span>` : t.requiredNo}</td><td data-label="${t.form}">${x.kind === 'eform' ? t.eform : (t.forms[x.form] ?? x.form)}</td><td data-label="${t.copies}">${x.kind === 'eform' ? '—' : 1}</td><td data-label="${t.pagesCol}">${x.pages}</td><td data-label="${t.sample}">${x.sampleFileId ? html`<a href="/api/files/${encodeURIComponent(x.sampleFileId)}">${t.sampleOpen}<span class="skip"> ${t.sample} ${x.name}</span></a>` : t.sampleNone}</td></tr>`)}</tbody>
</table></div></section>
<section aria-labelledby="guide-flow"><h2 id="guide-flow">${t.flow}</h2>
<ol class="guide-flow" data-testid="guide-flow">${steps.map((s) => html`<li><strong>${s.title}</strong><p>${s.body}</p></li>`)}</ol>
</section>
<p><a href="/services">${t.backToList}</a></p>`,
    } satisfies PublicPage;
  }))));

  r.get('/disclosure', { schema: { hide: true, querystring: DisclosureQuery } }, async (req, reply) => {
    const f = req.query;
    return publicPages.send(req, reply, await page(req, (lang) => portal.publicRead(async (trx) => {
      const t = T[lang];
      const filter = { q: f.q, matterCode: f.matterCode, from: f.from, to: f.to };
      const [dec, pen] = [await source.disclosures(trx, { ...filter, page: f.page, pageSize: PAGE_SIZE }), await source.penalties(trx, { q: f.q, page: f.ppage, pageSize: PAGE_SIZE })];
      const href = (p: number, pp: number) => link('/disclosure', { ...filter, page: p, ppage: pp });
      const dayOf = (v: Date | string) => (typeof v === 'string' ? v : v.toISOString()).slice(0, 10);
      const localDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai
      return {
        title: t.disclosure, lang, canonicalPath: '/disclosure', description: t.disclosureIntro, cacheSeconds: CACHE_SECONDS, head,
        breadcrumbs: [{ label: t.disclosure }],
        body: html`<h1>${t.disclosure}</h1>
<p>${t.disclosureIntro}</p>
<form class="svc-filter" method="get" action="/disclosure" role="search" aria-label="${t.filter}">
  <label>${t.matterFilter}<input name="q" type="search" maxlength="60" value="${f.q ?? ''}" placeholder="${t.searchHint}" data-testid="disclosure-search"></label>
  <label>${t.matterCodeFilter}<input name="matterCode" maxlength="60" value="${f.matterCode ?? ''}"></label>
  <label>${t.from}<input name="from" type="date" value="${f.from ?? ''}"></label>
  <label>${t.to}<input name="to" type="date" value="${f.to ?? ''}"></label>
  <button type="submit">${t.search}</button> <a href="/disclosure">${t.reset}</a>
</form>
${dec.items.length ? html`<div class="svc-scroll" tabindex="0" role="region" aria-label="${t.disclosure}"><table class="svc-table" data-testid="disclosure-table"><caption class="skip">${t.disclosure}</caption>
<thead><tr><th scope="col">${t.decidedAt}</th><th scope="col">${t.caseNo}</th><th scope="col">${t.matter}</th><th scope="col">${t.applicant}</th><th scope="col">${t.decision}</th><th scope="col">${t.org}</th><th scope="col">${t.documentNo}</th></tr></thead>
<tbody>${dec.items.map((d) => html`<tr><td>${localDay(d.decidedAt)}</td><td>${d.caseNo}</td><td>${d.matterName}</td><td>${d.applicantName}</td><td class="${d.decision}">${(t.decisions[d.decisionWording] ?? t.decisions.licensing)[d.decision]}</td><td>${d.orgName}</td><td>${d.documentNo ?? '—'}</td></tr>`)}</tbody></table></div>` : html`<p>${t.noRows}</p>`}
${pager(t, f.page, dec.total, (p) => href(p, f.ppage), `${t.disclosure} ${t.pages}`)}
<section aria-labelledby="penalties"><h2 id="penalties">${t.penalties}</h2>
${pen.items.length ? html`<div class="svc-scroll" tabindex="0" role="region" aria-label="${t.penalties}"><table class="svc-table" data-testid="penalty-disclosures">
<thead><tr><th scope="col">${t.decidedAt}</th><th scope="col">${t.caseNo}</th><th scope="col">${t.party}</th><th scope="col">${t.penalty}</th><th scope="col">${t.authority}</th><th scope="col">${t.documentNo}</th><th scope="col">${t.status}</th></tr></thead>
<tbody>${pen.items.map((p) => html`<tr><td>${dayOf(p.decidedOn)}</td><td>${p.caseNo}</td><td>${p.partyName}</td><td>${p.penalty}</td><td>${p.authority}</td><td>${p.documentNo ?? '—'}</td><td>${t.statuses[p.status] ?? p.status}</td></tr>`)}</tbody></table></div>` : html`<p>${t.noRows}</p>`}
${pager(t, f.ppage, pen.total, (pp) => href(f.page, pp) + '#penalties', `${t.penalties} ${t.pages}`)}
</section>`,
      } satisfies PublicPage;
    })));
  });

  const distDir = path.resolve(import.meta.dirname, '../../../../web/dist');
  r.get('/map', { schema: { hide: true, querystring: LangOnly } }, async (req, reply) => publicPages.send(req, reply, await page(req, async (lang) => {
    const t = T[lang];
    const en = lang === 'en-US';
    const layers = await source.publicLayers();
    const entry = webEntry(distDir);
    const swatch = (s: { fill: string; stroke: string } | undefined) => html`<span class="swatch" aria-hidden="true" style="background:${s?.fill ?? '#ccc'};border-color:${s?.stroke ?? '#666'}"></span>`;
    return {
      title: t.map, lang, canonicalPath: '/map', description: t.mapIntro, cacheSeconds: CACHE_SECONDS,
      head: html`${head}${entry ?? ''}`,
      breadcrumbs: [{ label: t.map }],
      body: html`<h1>${t.map}</h1>
<p>${t.mapIntro}</p>
<noscript><p data-testid="map-noscript"><strong>${t.noscript}</strong></p><style>#root.map-mount{display:none}</style></noscript>
<section aria-label="${t.mapRegion}"><div id="root" class="map-mount" data-embedded="map" data-lang="${lang}"><p>${t.loadingMap}</p></div></section>
<section aria-labelledby="map-layers"><h2 id="map-layers">${t.layers}（${t.legend}）</h2>
${layers.length ? html`<ul class="legend" data-testid="map-legend">${layers.map((l) => html`<li>${swatch(l.style.default)}<div><strong>${en ? l.nameEn : l.name}</strong> <small>${t.features(l.featureCount)}</small>
${l.style.classes?.length ? html`<ul>${l.style.classes.map((c) => html`<li>${swatch(c)} ${en ? c.labelEn : c.label}</li>`)}</ul>` : ''}</div></li>`)}</ul>` : html`<p>${t.noLayers}</p>`}
</section>`,
    } satisfies PublicPage;
  })));
};
