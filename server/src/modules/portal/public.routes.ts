/**
 * The public portal, server-rendered (readable without JavaScript): /portal (the top site, or the
 * site bound to the request's host name), /site/<code> home, /site/<code>/c/<slug> column lists,
 * /site/<code>/a/<id> articles, /site/<code>/search, RSS and Atom per column, sitemap.xml, and the
 * articles' images and attachments under /portal/media/<sha256>. The single-page app keeps /,
 * /public/*, /verify, /disclosure …; nothing here collides with them.
 * Page data is cached per process and dropped on any change (page-cache.ts); answers carry a
 * strong ETag and Cache-Control from platform/ssr.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { html, isElderMode, raw, recordPreparedAnswer, replayPrepared, requestLang, sendPrepared, type Lang, type PreparedPage, type PublicPage, type PublicPages, type SafeHtml } from '../../platform/ssr/index.ts';
import { contentDisposition } from '../../platform/files/index.ts';
import type { PortalService } from './portal.service.ts';
import { renderLayout, type SiteContext } from './public-layout.ts';
import { day, strings } from './public-text.ts';
import { articlePath } from './articles.service.ts';
import type { ArticleMedia } from './portal.tables.ts';

export interface PortalPublicRouteOptions extends RouteOptions {
  portal: PortalService;
  publicPages: PublicPages;
}

const PAGE_SIZE = 20;
const Code = z.string().regex(/^\d{6}$/, 'a 6-digit division code');
const Slug = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const tags = ['portal'];

const xmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]!));

export const portalPublicRoutes: FastifyPluginAsync<PortalPublicRouteOptions> = async (app, { platform, portal, publicPages }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const origin = (req: FastifyRequest) => (platform.env.PUBLIC_URL ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');

  const rendered = new WeakMap<PublicPage, Map<string, SafeHtml>>();
  /** The site a request is about, for the layout. */
  const requestSites = new WeakMap<FastifyRequest, SiteContext>();
  // Pages of other modules (政务公开, 互动交流) render through the same layout, in the top site's frame.
  publicPages.setLayout(async (req, page) => {
    const root = await portal.cache.get('root-site', () => portal.publicRead((trx) => portal.sites.rootSite(trx)));
    const ctx = requestSites.get(req) ?? (root ? await portal.siteContext((root as { code: string }).code) : null);
    if (!ctx) return html`<!doctype html><html lang="${page.lang}"><head><meta charset="utf-8"><title>${page.title}</title></head><body><main id="main">${page.body}</main></body></html>`;
    // A cached page object is rendered once per URL and elder mode (the layout reads nothing else).
    const key = `${isElderMode(req) ? 1 : 0}${req.url}`;
    let byUrl = rendered.get(page);
    const hit = byUrl?.get(key);
    if (hit) return hit;
    const out = renderLayout(req, page, ctx);
    if (!byUrl) rendered.set(page, (byUrl = new Map()));
    if (byUrl.size < 16) byUrl.set(key, out);
    return out;
  });

  async function siteOr404(req: FastifyRequest, reply: FastifyReply, code: string): Promise<SiteContext | null> {
    void portal.cache.start().catch(() => {});
    const ctx = await portal.siteContext(code);
    if (!ctx) {
      await notFound(req, reply, null);
      return null;
    }
    requestSites.set(req, ctx);
    return ctx;
  }

  async function notFound(req: FastifyRequest, reply: FastifyReply, ctx: SiteContext | null) {
    const lang = requestLang(req);
    const t = strings(lang);
    return publicPages.send(req, reply, {
      title: t.notFound, lang, cacheSeconds: 10, status: 404,
      body: html`<h1>${t.notFound}</h1><p>${t.notFoundText}</p><p><a href="${ctx ? `/site/${ctx.site.code}` : '/portal'}">${t.backHome}</a></p>`,
    });
  }

  /**
   * The key of a whole answer: language, elder mode, URL (and, for /portal, the host name). Null
   * when the request carries `?lang=` or `?elder=`: that answer sets a cookie and is not shared.
   */
  function answerKey(req: FastifyRequest): string | null {
    const q = req.query as Record<string, unknown> | undefined;
    if (q && (q.lang !== undefined || q.elder !== undefined)) return null;
    const host = req.url === '/portal' || req.url.startsWith('/portal?') ? req.host : '';
    return `answer:${requestLang(req)}:${isElderMode(req) ? 1 : 0}:${host}:${req.url}`;
  }

  /**
   * A cache hit (页面缓存命中): the answer prepared when the page was first asked for (bytes,
   * ETag, brotli and gzip twins) sent as it is — no database, no site lookup, no rendering, no
   * hashing, no compression. Dropped with the rest of the cache on any change (page-cache.ts).
   */
  function cachedAnswer(req: FastifyRequest, reply: FastifyReply): FastifyReply | null {
    const key = answerKey(req);
    const hit = key === null ? undefined : portal.cache.peek(key) as PreparedPage | undefined;
    return hit ? sendPrepared(req, reply, hit) : null;
  }

  /**
   * The fast path of a hit (route-level onRequest: after the app's own onRequest hooks — entry
   * checks, cookies, authentication — and before validation, the handler and every onSend hook):
   * an anonymous GET whose variant was sent once the ordinary way gets the same status, headers
   * and bytes written at once (prepared.ts `replayPrepared`). Anything else goes on as before.
   */
  function fastHit(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
    if (req.method === 'GET' && !req.actor) {
      const key = answerKey(req);
      const hit = key === null ? undefined : portal.cache.peek(key) as PreparedPage | undefined;
      if (hit) replayPrepared(req, reply, hit);
    }
    done();
  }
  /** Route options of the cached pages: the fast path of a hit, and the recording it replays. */
  const cachedRoute = { compress: false, onRequest: fastHit, onResponse: recordPreparedAnswer } as const;

  /** A cached page: its data is made once per (url, language), its answer once per (url, language, elder). */
  async function cachedPage(req: FastifyRequest, reply: FastifyReply, make: (lang: Lang) => Promise<PublicPage | null>, ctx: SiteContext, keepAnswer = true) {
    const lang = requestLang(req);
    const url = req.url.replace(/([?&])(lang|elder)=[^&]*/g, '$1');
    const gen = portal.cache.generation;
    const page = await portal.cache.get(`page:${lang}:${url}`, () => make(lang)) as PublicPage | null;
    if (!page) return notFound(req, reply, ctx);
    // Search answers (any words) are not kept whole: their data is, and they compress on the fly.
    if (!keepAnswer) return publicPages.send(req, reply, page);
    const { prepared, personal } = await publicPages.prepare(req, reply, page);
    const key = answerKey(req);
    if (key !== null && !personal && prepared.status === 200) portal.cache.put(key, prepared, gen);
    return sendPrepared(req, reply, prepared);
  }

  const listItems = (rows: { id: number; title: string; publishedAt: Date | null }[], code: string) =>
    html`<ul class="list">${rows.map((a) => html`<li><a href="${articlePath(code, a.id)}">${a.title}</a><time datetime="${a.publishedAt?.toISOString() ?? ''}">${a.publishedAt ? day(a.publishedAt) : ''}</time></li>`)}</ul>`;

  async function home(req: FastifyRequest, reply: FastifyReply, code: string) {
    const ctx = await siteOr404(req, reply, code);
    if (!ctx) return reply;
    return cachedPage(req, reply, (lang) => portal.publicRead(async (trx) => {
      const t = strings(lang);
      const en = lang === 'en-US';
      const cols = (await portal.sites.columns(trx, ctx.site.id)).filter((c) => c.parentId === null);
      const sections = [];
      for (const c of cols) {
        const rows = await portal.sites.publishedArticles(trx, { siteId: ctx.site.id, columnId: c.id, limit: 8 });
        const name = en && c.nameEn ? c.nameEn : c.name;
        sections.push(html`<section aria-labelledby="col-${c.slug}"><h2 id="col-${c.slug}">${name}</h2>
          ${rows.length ? listItems(rows, code) : html`<p>${t.noArticles}</p>`}
          <p><a href="/site/${code}/c/${c.slug}">${t.more}<span class="skip"> ${name}</span></a></p></section>`);
      }
      const siteName = en && ctx.site.nameEn ? ctx.site.nameEn : ctx.site.name;
      return {
        title: siteName, lang, canonicalPath: `/site/${code}`, description: siteName,
        head: html`${cols.map((c) => html`<link rel="alternate" type="application/rss+xml" title="${c.name}" href="/site/${code}/c/${c.slug}/rss.xml">`)}`,
        body: html`<h1>${siteName}</h1><div class="cols">${sections}</div>`,
      };
    }), ctx);
  }

  r.get('/portal', { ...cachedRoute, schema: { tags, summary: 'Portal home: the site bound to this host name, else the top site (门户首页)', hide: true } }, async (req, reply) => {
    const hit = cachedAnswer(req, reply);
    if (hit) return hit;
    void portal.cache.start().catch(() => {});
    const site = await portal.cache.get(`host:${req.host}`, () => portal.publicRead(async (trx) => (await portal.sites.findSiteByHost(trx, req.host.split(':')[0]!)) ?? (await portal.sites.rootSite(trx)) ?? null)) as { code: string } | null;
    if (!site) return notFound(req, reply, null);
    return home(req, reply, site.code);
  });

  r.get('/site/:code', { ...cachedRoute, schema: { tags, hide: true, params: z.object({ code: Code }) } }, async (req, reply) => cachedAnswer(req, reply) ?? home(req, reply, req.params.code));

  r.get('/site/:code/c/:slug', {
    ...cachedRoute,
    schema: { tags, hide: true, params: z.object({ code: Code, slug: Slug }), querystring: z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1), lang: z.string().optional(), elder: z.string().optional() }) },
  }, async (req, reply) => {
    const hit = cachedAnswer(req, reply);
    if (hit) return hit;
    const ctx = await siteOr404(req, reply, req.params.code);
    if (!ctx) return reply;
    const { code, slug } = req.params;
    const pageNo = req.query.page;
    return cachedPage(req, reply, (lang) => portal.publicRead(async (trx) => {
      const t = strings(lang);
      const col = (await portal.sites.columns(trx, ctx.site.id)).find((c) => c.slug === slug);
      if (!col) return null;
      const name = lang === 'en-US' && col.nameEn ? col.nameEn : col.name;
      const total = await portal.sites.countPublished(trx, col.id);
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const rows = await portal.sites.publishedArticles(trx, { siteId: ctx.site.id, columnId: col.id, limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE });
      const base = `/site/${code}/c/${slug}`;
      return {
        title: name, lang, canonicalPath: pageNo > 1 ? `${base}?page=${pageNo}` : base,
        breadcrumbs: [{ label: t.home, href: `/site/${code}` }, { label: name }],
        head: html`<link rel="alternate" type="application/rss+xml" title="${name} RSS" href="${base}/rss.xml"><link rel="alternate" type="application/atom+xml" title="${name} Atom" href="${base}/atom.xml">`,
        body: html`<h1>${name}</h1>
          ${rows.length ? listItems(rows, code) : html`<p>${t.noArticles}</p>`}
          <nav class="pager" aria-label="${t.pageOf(pageNo, pages)}">
            ${pageNo > 1 ? html`<a href="${base}?page=${pageNo - 1}" rel="prev">${t.prev}</a>` : ''}
            <span>${t.pageOf(pageNo, pages)}</span>
            ${pageNo < pages ? html`<a href="${base}?page=${pageNo + 1}" rel="next">${t.next}</a>` : ''}
          </nav>
          <p>${t.feed}${t.colon}<a href="${base}/rss.xml">RSS</a> · <a href="${base}/atom.xml">Atom</a></p>`,
      };
    }), ctx);
  });

  r.get('/site/:code/a/:id', {
    ...cachedRoute,
    schema: { tags, hide: true, params: z.object({ code: Code, id: z.coerce.number().int().min(1).max(2 ** 53) }) },
  }, async (req, reply) => {
    const hit = cachedAnswer(req, reply);
    if (hit) return hit;
    const ctx = await siteOr404(req, reply, req.params.code);
    if (!ctx) return reply;
    const { code, id } = req.params;
    return cachedPage(req, reply, (lang) => portal.publicRead(async (trx) => {
      const t = strings(lang);
      const a = await portal.sites.publishedArticle(trx, ctx.site.id, id);
      if (!a) return null;
      const colName = lang === 'en-US' && a.columnNameEn ? a.columnNameEn : a.columnName;
      const attachments = a.media.filter((m) => !m.mime.startsWith('image/'));
      return {
        title: a.title, lang, description: a.summary || a.title, canonicalPath: articlePath(code, a.id), cacheSeconds: 300,
        breadcrumbs: [{ label: t.home, href: `/site/${code}` }, { label: colName, href: `/site/${code}/c/${a.columnSlug}` }, { label: a.title }],
        head: html`${a.keywords.length ? html`<meta name="keywords" content="${a.keywords.join(',')}">` : ''}<meta name="ArticleTitle" content="${a.title}"><meta name="PubDate" content="${a.publishedAt ? day(a.publishedAt) : ''}"><meta name="ContentSource" content="${a.source}">`,
        body: html`<article><h1>${a.title}</h1>
          <p class="meta"><span>${t.published}${t.colon}<time datetime="${a.publishedAt?.toISOString() ?? ''}">${a.publishedAt ? day(a.publishedAt) : ''}</time></span>
            ${a.source ? html`<span>${t.source}${t.colon}${a.source}</span>` : ''}${a.author ? html`<span>${t.author}${t.colon}${a.author}</span>` : ''}
            ${a.originSiteName ? html`<span>${t.reprinted}${t.colon}${a.originSiteName}</span>` : ''}</p>
          <div class="article-body">${raw(a.bodyHtml) /* sanitised on the server when saved (sanitize.ts) */}</div>
          ${attachments.length ? html`<h2>${t.attachments}</h2><ul>${attachments.map((m: ArticleMedia) => html`<li><a href="/portal/media/${m.sha256}" download="${m.name}">${m.name}</a></li>`)}</ul>` : ''}
          ${a.keywords.length ? html`<p class="meta">${t.keywords}${t.colon}${a.keywords.join('、')}</p>` : ''}
        </article>`,
      };
    }), ctx);
  });

  r.get('/site/:code/search', {
    schema: {
      tags, hide: true, params: z.object({ code: Code }),
      querystring: z.object({
        q: z.string().max(100).default(''), column: z.coerce.number().int().min(1).optional(), from: DATE.optional().or(z.literal('')), to: DATE.optional().or(z.literal('')),
        scope: z.enum(['site', 'all']).default('all'), page: z.coerce.number().int().min(1).max(100).default(1), lang: z.string().optional(), elder: z.string().optional(),
      }),
    },
  }, async (req, reply) => {
    const ctx = await siteOr404(req, reply, req.params.code);
    if (!ctx) return reply;
    const { code } = req.params;
    const { q, column, from, to, scope, page } = req.query;
    return cachedPage(req, reply, (lang) => portal.publicRead(async (trx) => {
      const t = strings(lang);
      const cols = await portal.sites.columns(trx, ctx.site.id);
      const result = q.trim() ? await portal.search(trx, { q, siteId: ctx.site.id, withChildren: scope === 'all' && column === undefined, columnId: column, from: from || undefined, to: to || undefined, page }) : { total: 0, hits: [] };
      const pages = Math.ceil(result.total / 10);
      const qs = (p: number) => `?${new URLSearchParams({ q, scope, ...(column ? { column: String(column) } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), page: String(p) })}`;
      return {
        title: q ? `${t.search}${t.colon}${q}` : t.search, lang, cacheSeconds: 60,
        breadcrumbs: [{ label: t.home, href: `/site/${code}` }, { label: t.search }],
        body: html`<h1>${t.searchLabel}</h1>
          <form class="search-form" action="/site/${code}/search" method="get" role="search">
            <label>${t.searchPlaceholder}<input name="q" type="search" value="${q}" maxlength="100"></label>
            <label>${t.column}<select name="column"><option value="">${t.allColumns}</option>${cols.map((c) => html`<option value="${c.id}"${column === c.id ? html` selected` : ''}>${c.name}</option>`)}</select></label>
            <label>${t.searchScope}<select name="scope"><option value="all"${scope === 'all' ? html` selected` : ''}>${t.withChildren}</option><option value="site"${scope === 'site' ? html` selected` : ''}>${t.thisSite}</option></select></label>
            <label>${t.from}<input name="from" type="date" value="${from ?? ''}"></label>
            <label>${t.to}<input name="to" type="date" value="${to ?? ''}"></label>
            <button type="submit">${t.search}</button>
          </form>
          ${q.trim() ? html`<p role="status">${t.results(result.total, 'totalCapped' in result && result.totalCapped)}</p>` : ''}
          ${q.trim() && !result.total ? html`<p>${t.noResults}</p>` : ''}
          ${result.hits.map((h) => html`<div class="hit"><h2><a href="${h.url}">${h.titleParts.map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text))}</a></h2>
            <p>${h.excerpt.map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text))}</p><p class="meta"><time datetime="${h.publishedAt}">${day(h.publishedAt)}</time></p></div>`)}
          ${pages > 1 ? html`<nav class="pager" aria-label="${t.pageOf(page, pages)}">${page > 1 ? html`<a href="${qs(page - 1)}">${t.prev}</a>` : ''}<span>${t.pageOf(page, pages)}</span>${page < pages ? html`<a href="${qs(page + 1)}">${t.next}</a>` : ''}</nav>` : ''}`,
      };
    }), ctx, false);
  });

  /** RSS 2.0 and Atom of a column (订阅), 50 newest. */
  async function feed(req: FastifyRequest, reply: FastifyReply, code: string, slug: string, kind: 'rss' | 'atom') {
    const ctx = await siteOr404(req, reply, code);
    if (!ctx) return reply;
    const base = origin(req);
    const body = await portal.cache.get(`feed:${kind}:${code}:${slug}:${base}`, () => portal.publicRead(async (trx) => {
      const col = (await portal.sites.columns(trx, ctx.site.id)).find((c) => c.slug === slug);
      if (!col) return null;
      const rows = await portal.sites.publishedArticles(trx, { siteId: ctx.site.id, columnId: col.id, limit: 50 });
      const link = `${base}/site/${code}/c/${slug}`;
      const title = `${ctx.site.name} - ${col.name}`;
      const updated = (rows[0]?.publishedAt ?? new Date(0)).toISOString();
      if (kind === 'rss') {
        return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${xmlEscape(title)}</title><link>${xmlEscape(link)}</link><description>${xmlEscape(title)}</description><language>zh-CN</language>${rows.map((a) =>
          `<item><title>${xmlEscape(a.title)}</title><link>${xmlEscape(base + articlePath(code, a.id))}</link><guid isPermaLink="true">${xmlEscape(base + articlePath(code, a.id))}</guid><pubDate>${a.publishedAt!.toUTCString()}</pubDate>${a.summary ? `<description>${xmlEscape(a.summary)}</description>` : ''}</item>`).join('')}</channel></rss>\n`;
      }
      return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN"><title>${xmlEscape(title)}</title><id>${xmlEscape(link)}</id><link rel="alternate" href="${xmlEscape(link)}"/><link rel="self" href="${xmlEscape(`${link}/atom.xml`)}"/><updated>${updated}</updated><author><name>${xmlEscape(ctx.site.footer.sponsor ?? ctx.site.name)}</name></author>${rows.map((a) =>
        `<entry><title>${xmlEscape(a.title)}</title><id>${xmlEscape(base + articlePath(code, a.id))}</id><link rel="alternate" href="${xmlEscape(base + articlePath(code, a.id))}"/><updated>${a.updatedAt.toISOString()}</updated><published>${a.publishedAt!.toISOString()}</published>${a.summary ? `<summary>${xmlEscape(a.summary)}</summary>` : ''}</entry>`).join('')}</feed>\n`;
    })) as string | null;
    if (body === null) return notFound(req, reply, ctx);
    return reply.type(kind === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
  }
  r.get('/site/:code/c/:slug/rss.xml', { schema: { tags, summary: 'RSS 2.0 of a column (栏目订阅)', params: z.object({ code: Code, slug: Slug }) } },
    async (req, reply) => feed(req, reply, req.params.code, req.params.slug, 'rss'));
  r.get('/site/:code/c/:slug/atom.xml', { schema: { tags, summary: 'Atom of a column (栏目订阅)', params: z.object({ code: Code, slug: Slug }) } },
    async (req, reply) => feed(req, reply, req.params.code, req.params.slug, 'atom'));

  /** sitemap.xml of one site (its home, columns and published articles). */
  r.get('/site/:code/sitemap.xml', { schema: { tags, summary: 'Sitemap of a site (网站地图)', params: z.object({ code: Code }) } }, async (req, reply) => {
    const ctx = await siteOr404(req, reply, req.params.code);
    if (!ctx) return reply;
    const base = origin(req);
    const code = req.params.code;
    const body = await portal.cache.get(`sitemap:${code}:${base}`, () => portal.publicRead(async (trx) => {
      const cols = await portal.sites.columns(trx, ctx.site.id);
      const rows = await portal.sites.publishedArticles(trx, { siteId: ctx.site.id, limit: 45_000 });
      const url = (loc: string, lastmod?: Date | null) => `<url><loc>${xmlEscape(base + loc)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}</url>`;
      return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${url(`/site/${code}`, rows[0]?.publishedAt)}${cols.map((c) => url(`/site/${code}/c/${c.slug}`)).join('')}${rows.map((a) => url(articlePath(code, a.id), a.updatedAt)).join('')}</urlset>\n`;
    })) as string;
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=600').send(body);
  });

  /** An image or attachment of a published article (only while the article is public). */
  r.get('/portal/media/:sha256', { schema: { tags, summary: 'Image or attachment of a published article', params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }) } }, async (req, reply) => {
    const sha256 = req.params.sha256;
    let m: { sha256: string; mime: string; name: string } | null = await portal.publicRead((trx) => portal.sites.mediaIsPublic(trx, sha256));
    let cache = 'public, max-age=86400';
    // Editors and reviewers see the images of drafts they may read (an upload in their scope, RLS).
    const actor = req.actor;
    if (!m && actor && (actor.permissions.has('portal.article.edit') || actor.permissions.has('portal.article.review'))) {
      const u = await portal.inScope(actor, (trx) => trx.selectFrom('files.uploads').select(['sha256', 'detectedMime', 'originalName']).where('sha256', '=', sha256).limit(1).executeTakeFirst());
      if (u) m = { sha256: u.sha256, mime: u.detectedMime, name: u.originalName };
      cache = 'private, no-store';
    }
    if (!m) return reply.status(404).send({ error: { code: 'not_found', message: 'sha256: no published file' } });
    const stream = await platform.files.openContent(m.sha256);
    const inline = m.mime === 'image/png' || m.mime === 'image/jpeg';
    return reply.header('content-type', m.mime).header('content-disposition', contentDisposition(m.name, inline ? 'inline' : 'attachment'))
      .header('cache-control', cache).header('etag', `"${m.sha256}"`).send(stream);
  });
};
