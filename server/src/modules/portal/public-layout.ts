/**
 * The site-aware layout of every server-rendered public page (installed with
 * publicPages.setLayout): the site's theme colour and logo, navigation (its columns, then
 * 政务公开 /gk, 互动交流 /hudong and the performance board /sunshine built by the openness module),
 * tools (language, 适老化 elder mode, search), breadcrumbs and the footer every government site
 * carries (主办单位, ICP备案号, 公安备案号, 网站标识码, contact). No JavaScript: links and forms only.
 */
import type { FastifyRequest } from 'fastify';
import { html, isElderMode, raw, stylesheet, type PublicPage, type SafeHtml } from '../../platform/ssr/index.ts';
import type { SiteFooter, SiteTheme } from './portal.tables.ts';
import { strings } from './public-text.ts';

export interface SiteContext {
  site: { id: number; code: string; name: string; nameEn: string; theme: SiteTheme; footer: SiteFooter; parentId: number | null };
  nav: { slug: string; name: string; nameEn: string }[];
  children: { code: string; name: string }[];
  parent: { code: string; name: string } | null;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Relative luminance contrast of white text on the colour (WCAG); below 4.5 the default is used. */
export function contrastWithWhite(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  const l = 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
  return 1.05 / (l + 0.05);
}

export function themeColour(theme: SiteTheme): string {
  const c = theme.primaryColor;
  return c && HEX.test(c) && contrastWithWhite(c) >= 4.5 ? c : '#8c1c13';
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.7 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f1f1f;background:#f5f5f5}
a{color:#0b4f8a}a:hover,a:focus{text-decoration:underline}
.skip{position:absolute;left:-999px;top:0;background:#fff;color:#000;padding:8px;z-index:10}.skip:focus{left:8px}
.wrap{max-width:1180px;margin:0 auto;padding:0 16px}
.top{background:var(--primary);color:#fff}.top a{color:#fff}
.brand{display:flex;align-items:center;gap:12px;padding:18px 0 10px}.logo{display:inline-flex;align-items:center;justify-content:center;min-width:48px;height:48px;border:2px solid #fff;border-radius:50%;font-weight:700;padding:0 6px}
.brand .name{font-size:1.6rem;font-weight:700;text-decoration:none}
.tools{display:flex;flex-wrap:wrap;gap:12px 18px;align-items:center;justify-content:flex-end;padding:6px 0;font-size:.95rem}
.tools form{display:flex;gap:6px}.tools input{padding:4px 8px;border:1px solid #fff;border-radius:4px;min-width:0;width:12em}
.tools button,.search-form button{background:#fff;color:#1f1f1f;border:1px solid #555;border-radius:4px;padding:4px 12px;cursor:pointer}
.mainnav{background:rgba(0,0,0,.25)}.mainnav ul{list-style:none;margin:0 auto;padding:0;display:flex;flex-wrap:wrap}.mainnav a{display:block;padding:10px 16px;text-decoration:none}
.mainnav a[aria-current=page]{background:rgba(0,0,0,.35);font-weight:700}
.crumbs{font-size:.9rem;padding:10px 0}.crumbs ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px}.crumbs li+li::before{content:"›";margin-right:4px;color:#555}
main{background:#fff;padding:20px 24px;margin-bottom:24px;border-radius:4px;min-height:50vh}
h1{font-size:1.7rem;line-height:1.4;margin:.2em 0 .6em}h2{font-size:1.25rem;border-bottom:2px solid var(--primary);padding-bottom:4px}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:8px 32px}
.list{list-style:none;margin:0;padding:0}.list li{display:flex;justify-content:space-between;gap:12px;padding:7px 0;border-bottom:1px dashed #ccc}
.list time,.meta{color:#555;font-size:.9rem;white-space:nowrap}
.meta{display:flex;flex-wrap:wrap;gap:4px 18px;border-bottom:1px solid #ddd;padding-bottom:8px;margin-bottom:16px;white-space:normal}
.article-body{font-size:1.05rem}.article-body img{max-width:100%;height:auto}
.pager{display:flex;gap:16px;margin-top:16px;align-items:center}
mark{background:#ffe58f;color:#000}
.hit{padding:10px 0;border-bottom:1px solid #eee}.hit h2{border:0;font-size:1.1rem;margin:0}
.search-form{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end;margin-bottom:16px}.search-form label{display:flex;flex-direction:column;font-size:.9rem}
.search-form input,.search-form select{padding:6px;border:1px solid #767676;border-radius:4px}
footer{background:#333;color:#eee;font-size:.9rem;padding:20px 0}footer a{color:#fff}footer p{margin:4px 0}
footer ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
html.elder body{font-size:22px;line-height:1.9;background:#fff;color:#000}html.elder a{color:#00337a;text-decoration:underline}
html.elder .top a,html.elder footer a{color:#fff}html.elder main{border:2px solid #000}html.elder .list time,html.elder .meta{color:#222}
html.elder h1{font-size:1.6em}html.elder h2{font-size:1.3em}html.elder h3,html.elder .hit h2{font-size:1.15em}html.elder .brand .name{font-size:1.5em}html.elder .tools,html.elder .crumbs,html.elder footer,html.elder .list time,html.elder .meta{font-size:.9em}
@media (max-width:600px){.brand .name{font-size:1.2rem}.list li{flex-direction:column;gap:0}main{padding:14px}}
`;
/** The rules above as a file of their own (platform/ssr stylesheets): the same for every page of every site. */
const sheet = stylesheet('portal', CSS);

function withQuery(path: string, key: string, value: string): string {
  const [p, q = ''] = path.split('?');
  const params = new URLSearchParams(q);
  params.set(key, value);
  return `${p}?${params.toString()}`;
}

export function renderLayout(req: FastifyRequest, page: PublicPage, ctx: SiteContext): SafeHtml {
  const t = strings(page.lang);
  const en = page.lang === 'en-US';
  const elder = isElderMode(req);
  const { site } = ctx;
  const home = `/site/${site.code}`;
  const siteName = en && site.nameEn ? site.nameEn : site.name;
  const path = req.url;
  const current = path.split('?')[0]!;
  const navItem = (href: string, label: string) => html`<li><a href="${href}"${current === href || (href !== home && current.startsWith(`${href}/`)) ? html` aria-current="page"` : ''}>${label}</a></li>`;
  const f = site.footer;
  return html`<!doctype html>
<html lang="${page.lang}"${elder ? html` class="elder"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title === siteName ? siteName : `${page.title} - ${siteName}`}</title>
${page.description ? html`<meta name="description" content="${page.description}">` : ''}
${page.canonicalPath ? html`<link rel="canonical" href="${page.canonicalPath}">` : ''}
${f.siteCode ? html`<meta name="SiteIDCode" content="${f.siteCode}">` : ''}
<meta name="SiteName" content="${site.name}">
<style>${raw(`:root{--primary:${themeColour(site.theme)}}`) /* a checked #rrggbb */}</style>${sheet.link}
${page.head ?? ''}
</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
<header class="top">
  <div class="wrap">
    <nav class="tools" aria-label="${t.toolsNav}">
      <a href="${withQuery(path, 'lang', en ? 'zh-CN' : 'en-US')}" lang="${en ? 'zh-CN' : 'en'}" title="${t.languageLabel}">${t.language}</a>
      <a href="${withQuery(path, 'elder', elder ? '0' : '1')}">${elder ? t.elderOff : t.elderOn}</a>
      <a href="/">${t.app}</a>
      <form action="${home}/search" method="get" role="search">
        <label for="q-top" class="skip">${t.searchLabel}</label>
        <input id="q-top" name="q" type="search" placeholder="${t.searchPlaceholder}" aria-label="${t.searchLabel}">
        <button type="submit">${t.search}</button>
      </form>
    </nav>
    <div class="brand"><span class="logo" aria-hidden="true">${site.theme.logoText ?? site.name.slice(0, 1)}</span><a class="name" href="${home}">${siteName}</a></div>
  </div>
  <nav class="mainnav" aria-label="${t.mainNav}"><ul class="wrap">
    ${navItem(home, t.home)}
    ${ctx.nav.map((c) => navItem(`${home}/c/${c.slug}`, en && c.nameEn ? c.nameEn : c.name))}
    ${navItem('/gk', t.gk)}
    ${navItem('/hudong', t.hudong)}
    ${navItem('/sunshine', t.sunshine)}
    ${navItem('/services', t.services)}
    ${navItem('/disclosure', t.disclosure)}
    ${navItem('/map', t.map)}
  </ul></nav>
</header>
<div class="wrap">
${page.breadcrumbs?.length ? html`<nav class="crumbs" aria-label="${t.breadcrumb}"><ol>${page.breadcrumbs.map((b, i) => html`<li>${b.href && i < page.breadcrumbs!.length - 1 ? html`<a href="${b.href}">${b.label}</a>` : html`<span aria-current="page">${b.label}</span>`}</li>`)}</ol></nav>` : html`<div class="crumbs"></div>`}
<main id="main" tabindex="-1">
${page.body}
</main>
</div>
<footer>
  <div class="wrap">
    ${ctx.parent || ctx.children.length ? html`<nav aria-label="${t.siteGroup}"><ul>${ctx.parent ? html`<li><a href="/site/${ctx.parent.code}">${ctx.parent.name}</a></li>` : ''}${ctx.children.map((c) => html`<li><a href="/site/${c.code}">${c.name}</a></li>`)}</ul></nav>` : ''}
    <p>${f.sponsor ? html`${t.sponsor}${t.colon}${f.sponsor}` : ''}${f.address ? html`　${t.address}${t.colon}${f.address}` : ''}${f.phone ? html`　${t.phone}${t.colon}${f.phone}` : ''}${f.email ? html`　${t.email}${t.colon}${f.email}` : ''}</p>
    <p>${f.icp ? html`${t.icp}${t.colon}${f.icp}` : ''}${f.psb ? html`　${t.psb}${t.colon}${f.psb}` : ''}${f.siteCode ? html`　${t.siteCode}${t.colon}${f.siteCode}` : ''}　<a href="${home}/sitemap.xml">${t.sitemap}</a></p>
  </div>
</footer>
</body>
</html>`;
}
