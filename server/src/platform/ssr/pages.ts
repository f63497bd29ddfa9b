import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, SafeHtml } from './html.ts';
import { isElderMode, rememberChoices, type Lang } from './lang.ts';
import { preparePage, type PreparedPage } from './prepared.ts';
import { stylesheet } from './stylesheets.ts';

export interface PublicPage {
  title: string;
  lang: Lang;
  body: SafeHtml;
  description?: string;
  /** The page's canonical path (for <link rel=canonical> and the language switch). */
  canonicalPath?: string;
  breadcrumbs?: { label: string; href?: string }[];
  /** Extra <head> content: feed links, JSON-LD. */
  head?: SafeHtml;
  /** Cache-Control max-age in seconds; default 60. 0 means `no-cache` (revalidate every time). */
  cacheSeconds?: number;
  /** HTTP status; default 200. */
  status?: number;
}

export type PublicLayout = (req: FastifyRequest, page: PublicPage) => SafeHtml | Promise<SafeHtml>;

export interface PublicPages {
  /** The portal installs its site-aware layout (theme, navigation, footer) here. */
  setLayout(layout: PublicLayout): void;
  /** Renders the page through the layout and sends it with a strong ETag (304 on If-None-Match). */
  send(req: FastifyRequest, reply: FastifyReply, page: PublicPage): Promise<FastifyReply>;
  /**
   * Renders the page through the layout into bytes, ETag and compressed twins, to be kept and sent
   * many times with `sendPrepared` (prepared.ts). `personal` when the answer set a language or
   * elder cookie (`?lang=`, `?elder=`): such an answer is not to be kept for others.
   */
  prepare(req: FastifyRequest, reply: FastifyReply, page: PublicPage): Promise<{ prepared: PreparedPage; personal: boolean }>;
}

const T = {
  'zh-CN': { skip: '跳到正文', elderOn: '长者模式', elderOff: '标准模式', other: 'English', otherLang: 'en-US', home: '首页', site: '阳光国土', crumbs: '当前位置', footer: '阳光国土 · 自然资源政务服务平台' },
  'en-US': { skip: 'Skip to content', elderOn: 'Elder mode', elderOff: 'Standard mode', other: '中文', otherLang: 'zh-CN', home: 'Home', site: 'Sunland', crumbs: 'You are here', footer: 'Sunland · natural-resources e-government platform' },
} as const;

/** Base styles of every public page: readable without any script; 适老化 mode enlarges and darkens. */
export const PUBLIC_CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.7 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f1f1f;background:#fff}
a{color:#0b57d0}a:focus-visible,button:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:10}
header.site{background:#8c1c13;color:#fff;padding:12px 16px;display:flex;flex-wrap:wrap;gap:12px;align-items:center;justify-content:space-between}
header.site a{color:#fff}header.site .brand{font-size:1.3em;font-weight:700;text-decoration:none}
header.site .tools a{margin-left:12px;display:inline-block;min-height:24px}
nav.crumbs{padding:8px 16px;font-size:.9em;color:#444}nav.crumbs ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px}
nav.crumbs li+li:before{content:"›";margin-right:4px}
main{max-width:1100px;margin:0 auto;padding:16px}
footer.site{border-top:1px solid #ddd;margin-top:32px;padding:16px;font-size:.875em;color:#444;text-align:center}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:6px 8px;text-align:left}
body.elder{font-size:22px;line-height:1.8;color:#000}body.elder a{color:#00339a;text-decoration:underline}
body.elder header.site{background:#000}body.elder header.site a{color:#fff}body.elder footer.site{color:#000}
@media (max-width:600px){main{padding:12px}header.site .tools a{margin-left:8px}}
`;
const publicSheet = stylesheet('public', PUBLIC_CSS);

function withQuery(url: string, key: string, value: string): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set(key, value);
  return u.pathname + u.search;
}

/** The plain layout used until the portal installs the site's own. */
export const defaultLayout: PublicLayout = (req, page) => {
  const t = T[page.lang];
  const elder = isElderMode(req);
  const url = req.url;
  return html`<!doctype html>
<html lang="${page.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${page.title} - ${t.site}</title>${page.description ? html`<meta name="description" content="${page.description}">` : ''}
${page.canonicalPath ? html`<link rel="canonical" href="${page.canonicalPath}">` : ''}${publicSheet.link}${page.head ?? ''}</head>
<body${elder ? html` class="elder"` : ''}><a class="skip" href="#main">${t.skip}</a>
<header class="site"><a class="brand" href="/">${t.site}</a><span class="tools"><a href="${withQuery(url, 'lang', t.otherLang)}" lang="${t.otherLang}">${t.other}</a><a href="${withQuery(url, 'elder', elder ? '0' : '1')}">${elder ? t.elderOff : t.elderOn}</a></span></header>
${page.breadcrumbs?.length ? html`<nav class="crumbs" aria-label="${t.crumbs}"><ol>${page.breadcrumbs.map((b) => html`<li>${b.href ? html`<a href="${b.href}">${b.label}</a>` : b.label}</li>`)}</ol></nav>` : ''}
<main id="main">${page.body}</main>
<footer class="site">${t.footer}</footer></body></html>`;
};

export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

export function createPublicPages(initial: PublicLayout = defaultLayout): PublicPages {
  let layout = initial;
  return {
    setLayout(next) {
      layout = next;
    },
    async send(req, reply, page) {
      rememberChoices(req, reply);
      const body = (await layout(req, page)).value;
      const etag = etagOf(body);
      const seconds = page.cacheSeconds ?? 60;
      // A page that just set a language or elder cookie is personal: keep it out of shared caches.
      const personal = reply.hasHeader('set-cookie');
      void reply
        .header('etag', etag)
        .header('vary', 'Accept-Language, Cookie')
        .header('cache-control', seconds > 0 ? `${personal ? 'private' : 'public'}, max-age=${seconds}` : 'no-cache');
      const inm = req.headers['if-none-match'];
      if ((page.status ?? 200) === 200 && inm && inm.split(',').some((v) => v.trim() === etag || v.trim() === `W/${etag}`)) {
        return reply.status(304).send();
      }
      return reply.status(page.status ?? 200).type('text/html; charset=utf-8').send(body);
    },
    async prepare(req, reply, page) {
      rememberChoices(req, reply);
      const body = (await layout(req, page)).value;
      const seconds = page.cacheSeconds ?? 60;
      const personal = reply.hasHeader('set-cookie');
      const cacheControl = seconds > 0 ? `${personal ? 'private' : 'public'}, max-age=${seconds}` : 'no-cache';
      return { prepared: preparePage(body, { status: page.status ?? 200, cacheControl }), personal };
    },
  };
}
