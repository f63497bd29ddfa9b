/**
 * `/`, the platform's home, server-rendered (issue 10: fast on a township link, no JavaScript;
 * issue 18: public pages readable without script, indexable, elder mode). It is the portal's home
 * in the top site's frame (the portal's layout: theme, navigation, 政务公开, 互动交流, footer) with
 * the citizen entry points of the platform on it — 办事指南 / apply, 办件查询, 12336 举报, the
 * public map, 结果公示, 文书核验, 招拍挂, the applicant's and the staff's logins — and the top
 * site's latest articles. The links lead into the single-page app, which keeps every other public
 * path. The page data is kept in the portal's page cache, so a publish refreshes it.
 *
 * Composition (like app.ts): it reads the portal through its index.ts (PortalService) and renders
 * through platform/ssr's publicPages.
 */
import type { FastifyInstance } from 'fastify';
import { html, requestLang, stylesheet, type Lang, type PublicPage, type PublicPages } from './platform/ssr/index.ts';
import type { PortalService } from './modules/portal/index.ts';

const zh = {
  title: '阳光国土 · 自然资源政务服务',
  intro: '面向国土资源管理部门与群众企业的一体化平台：网上审批、违法线索举报、政务公开、土地与矿业权网上出让，覆盖部、省、市、县和乡镇国土所。办理过程公开透明，结果可查可核。',
  quick: '常用入口',
  staffLogin: '工作人员登录',
  publicLogin: '公众服务登录',
  guide: '办事指南',
  track: '办件查询',
  my: '我的办件',
  report: '12336 违法线索举报',
  disclosure: '审批结果公示',
  services: '网上办事',
  latest: '最新信息',
  noArticles: '暂无信息。',
  sites: '门户网站（网站群）',
  features: {
    approvals: ['网上审批', '在线申请、窗口受理、一次性告知补正、按工作日计时办结。'],
    reports: ['12336 违法线索', '群众举报土地矿产违法线索，台账管理，件件有处理结果。'],
    disclosure: ['政务公开', '审批结果、土地供应、出让结果、行政处罚依法公开。'],
    map: ['公众一张图', '在地图上查看行政区划和公开的国土空间数据，量算距离和面积。'],
    verify: ['文书核验', '扫描文书上的二维码或上传 PDF，核验真伪与有效状态。'],
    trading: ['网上招拍挂', '国有建设用地使用权和矿业权网上挂牌、拍卖：匿名竞价，底价封存，报价记录可离线核验。'],
    supervision: ['电子监察', '时限预警、黄牌红牌督办，审计日志防篡改可校验（供工作人员使用）。'],
  },
};

type Strings = typeof zh;

const en: Strings = {
  title: 'Sunland · Natural-resources e-government',
  intro: 'One platform for land and natural-resources administrations and the citizens and companies they serve: online approvals, tip-offs of illegal land use, public disclosure and online sales of land and mining rights, from the ministry down to township land offices. Every step is open, and every result can be checked.',
  quick: 'Quick links',
  staffLogin: 'Staff login',
  publicLogin: 'Public services login',
  guide: 'Service guide',
  track: 'Track a case',
  my: 'My cases',
  report: '12336 Report illegal land use',
  disclosure: 'Published decisions',
  services: 'Online services',
  latest: 'Latest news',
  noArticles: 'Nothing published yet.',
  sites: 'Bureau websites',
  features: {
    approvals: ['Online approvals', 'Apply online, window acceptance, one-time notice of missing materials, deadlines in working days.'],
    reports: ['12336 tip-offs', 'Citizens report illegal land use or mining; a ledger where every case has a recorded outcome.'],
    disclosure: ['Public disclosure', 'Approval results, land supply, sale results and penalties published as the law requires.'],
    map: ['Public map', 'Administrative divisions and the public land data on a map; measure distances and areas.'],
    verify: ['Verify a document', 'Scan the QR code on a document or upload the PDF to check that it is genuine and valid.'],
    trading: ['Online land sales', 'Land-use and mining rights sold by online listing and auction: anonymous bids, a sealed reserve price, a bid log anyone can check offline.'],
    supervision: ['Electronic supervision', 'Deadline warnings, yellow and red cards, and a tamper-evident, verifiable audit log (for staff).'],
  },
};

export const HOME_STRINGS: Record<Lang, Strings> = { 'zh-CN': zh, 'en-US': en };

/** The entry points of the home, in the order shown: quick links, then one card per feature. */
const QUICK = [['guide', '/services'], ['track', '/track'], ['report', '/report'], ['disclosure', '/disclosure'], ['my', '/my'], ['publicLogin', '/public/login'], ['staffLogin', '/login']] as const;
const FEATURES = [['approvals', '/services'], ['reports', '/report'], ['disclosure', '/disclosure'], ['map', '/map'], ['verify', '/verify'], ['trading', '/trading'], ['supervision', '/login']] as const;

// Colours on white / on the primary blue keep ≥ 4.5:1 (WCAG 2.1 AA); elder mode enlarges through the layout's html.elder.
const CSS = `
.home-hero{background:linear-gradient(135deg,#0d3b8c 0%,#1d5fc9 100%);color:#fff;margin:-20px -24px 20px;padding:28px 24px 24px;border-radius:4px 4px 0 0}
.home-hero h1{color:#fff;margin-top:0}.home-hero p{max-width:720px;margin:0 0 16px}
.home-quick{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:10px}
.home-quick a{display:inline-block;padding:8px 16px;border:1px solid #fff;border-radius:6px;color:#fff;text-decoration:none;min-height:24px}
.home-quick a:hover,.home-quick a:focus{background:rgba(255,255,255,.16);text-decoration:underline}
.home-quick .primary{background:#fff;color:#0d3b8c;font-weight:700}
.home-cards{list-style:none;margin:0 0 8px;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
.home-cards a{display:block;height:100%;padding:14px 16px;border:1px solid #d9d9d9;border-radius:6px;text-decoration:none;color:#1f1f1f}
.home-cards a:hover,.home-cards a:focus{border-color:#1d5fc9;box-shadow:0 2px 8px rgba(0,0,0,.12)}
.home-cards strong{display:block;color:#0b4f8a;font-size:1.1em;margin-bottom:4px}.home-cards span{color:#444;font-size:.95em}
html.elder .home-hero{background:#00337a}html.elder .home-cards span{color:#000}html.elder .home-quick a{color:#fff}html.elder .home-quick .primary{color:#00337a}
@media (max-width:600px){.home-hero{margin:-14px -14px 16px;padding:20px 14px}.home-quick a{padding:8px 12px}}
`;
const homeSheet = stylesheet('home', CSS);

export interface PublicHomeOptions {
  portal: PortalService;
  publicPages: PublicPages;
}

/** Registers `GET /` (before the web app's catch-all, which no longer answers `/`). */
export async function registerPublicHome(app: FastifyInstance, { portal, publicPages }: PublicHomeOptions): Promise<void> {
  /** The page of a language, kept in the portal's cache (dropped on any publish or change). */
  const make = (lang: Lang) => portal.cache.get(`platform-home:${lang}`, () => portal.publicRead(async (trx) => {
    const t = HOME_STRINGS[lang];
    const root = await portal.sites.rootSite(trx);
    const latest = root ? await portal.sites.publishedArticles(trx, { siteId: root.id, limit: 8 }) : [];
    const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');
    const page: PublicPage = {
      title: t.title, lang, canonicalPath: '/', description: t.intro,
      head: homeSheet.link,
      body: html`<div class="home-hero">
  <h1>${t.title}</h1>
  <p>${t.intro}</p>
  <nav aria-label="${t.quick}"><ul class="home-quick">${QUICK.map(([k, href]) => html`<li><a href="${href}"${k === 'guide' ? html` class="primary"` : ''}>${t[k]}</a></li>`)}</ul></nav>
</div>
<section aria-labelledby="home-services" id="services"><h2 id="home-services">${t.services}</h2>
  <ul class="home-cards">${FEATURES.map(([k, href]) => html`<li><a href="${href}" data-testid="feature-${k}"><strong>${t.features[k][0]}</strong><span>${t.features[k][1]}</span></a></li>`)}</ul>
</section>
<section aria-labelledby="home-latest"><h2 id="home-latest">${t.latest}</h2>
  ${latest.length ? html`<ul class="list">${latest.map((a) => html`<li><a href="/site/${root!.code}/a/${a.id}">${a.title}</a><time datetime="${a.publishedAt?.toISOString() ?? ''}">${day(a.publishedAt)}</time></li>`)}</ul>` : html`<p>${t.noArticles}</p>`}
  <p><a href="/portal" data-testid="portal-sites-link">${t.sites}</a></p>
</section>`,
    };
    return page;
  })) as Promise<PublicPage>;

  app.get('/', { schema: { hide: true } }, async (req, reply) => {
    void portal.cache.start().catch(() => {});
    return publicPages.send(req, reply, await make(requestLang(req)));
  });
}
