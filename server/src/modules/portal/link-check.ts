/**
 * 网站普查: external links (外部链接) of a site's published articles, checked from the server. Each
 * distinct http(s) URL pointing to another host is asked with HEAD (redirects followed), then
 * with GET when HEAD is refused or fails (many servers answer HEAD with 405 or not at all); a
 * 2xx/3xx answer within the time limit is reachable. At most `concurrency` requests at once and
 * `maxLinks` URLs a run. The latest result per site and URL is kept with its day
 * (portal.link_checks), and the health dashboard lists the broken ones.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';

export interface LinkCheckOptions {
  timeoutMs?: number;
  concurrency?: number;
  maxLinks?: number;
  /** The site's own origins (PUBLIC_URL): links to them are internal, checked without fetching. */
  ownOrigins?: string[];
  now?: Date;
  fetch?: typeof fetch;
}

export interface LinkResult { url: string; ok: boolean; httpStatus: number | null; error: string | null; method: 'HEAD' | 'GET' | null }

/** Absolute http(s) links in sanitised article HTML (href="…"), entities decoded, deduplicated. */
export function externalLinks(bodyHtml: string, ownOrigins: string[] = []): string[] {
  const out = new Set<string>();
  for (const m of bodyHtml.matchAll(/href="(https?:\/\/[^"]+)"/gi)) {
    const raw = m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    let u: URL;
    try { u = new URL(raw); } catch { continue; }
    if (ownOrigins.includes(u.origin)) continue;
    u.hash = '';
    if (u.href.length <= 2000) out.add(u.href);
  }
  return [...out];
}

const reachable = (status: number) => status >= 200 && status < 400;

/** One URL: HEAD, then GET when HEAD did not give a reachable answer. */
export async function checkLink(url: string, opts: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<LinkResult> {
  const f = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 8000;
  let last: LinkResult = { url, ok: false, httpStatus: null, error: null, method: null };
  for (const method of ['HEAD', 'GET'] as const) {
    try {
      const res = await f(url, { method, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': 'Sunland site health link check (wangzhan pucha)' } });
      // A GET's body is not needed: drop it without reading.
      await res.body?.cancel().catch(() => {});
      last = { url, ok: reachable(res.status), httpStatus: res.status, error: null, method };
      if (last.ok) return last;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const error = err.name === 'TimeoutError' || err.name === 'AbortError' ? 'timeout' : (err.cause?.code ?? err.message).slice(0, 200);
      last = { url, ok: false, httpStatus: null, error, method };
      // A server that let HEAD time out will let GET time out too: do not wait twice.
      if (error === 'timeout') return last;
    }
  }
  return last;
}

/** Runs `fn` over the items with at most `limit` at once, keeping their order. */
export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = Array.from({ length: items.length });
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}

/** China-time day (YYYY-MM-DD) of an instant. */
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Checks the external links of one site's published articles and stores the results (replacing
 * the previous ones of the site; links no longer in any article are dropped). Runs in the
 * caller's transaction and scope; the requests go out before anything is written.
 */
export async function checkSiteLinks(trx: Tx, siteId: number, opts: LinkCheckOptions = {}) {
  const site = await trx.selectFrom('portal.sites').select(['id', 'orgPath']).where('id', '=', siteId).executeTakeFirstOrThrow();
  const articles = await trx.selectFrom('portal.articles').select(['id', 'bodyHtml']).where('siteId', '=', siteId).where('status', '=', 'published').execute();
  const byUrl = new Map<string, number[]>();
  for (const a of articles) for (const url of externalLinks(a.bodyHtml, opts.ownOrigins)) byUrl.set(url, [...(byUrl.get(url) ?? []), a.id]);
  const urls = [...byUrl.keys()].slice(0, opts.maxLinks ?? 500);
  const results = await mapLimited(urls, opts.concurrency ?? 8, (url) => checkLink(url, { timeoutMs: opts.timeoutMs, fetch: opts.fetch }));
  const now = opts.now ?? new Date();
  await trx.deleteFrom('portal.link_checks').where('siteId', '=', siteId).execute();
  if (results.length) {
    await trx.insertInto('portal.link_checks').values(results.map((r) => ({
      siteId, orgPath: site.orgPath, url: r.url, articleIds: sql<number[]>`${sql.val(byUrl.get(r.url)!)}::bigint[]`, ok: r.ok, httpStatus: r.httpStatus, error: r.error, method: r.method,
      checkedOn: chinaDay(now), checkedAt: now,
    }))).execute();
  }
  return { siteId, checkedOn: chinaDay(now), checked: results.length, broken: results.filter((r) => !r.ok).length, skipped: byUrl.size - urls.length };
}

/** The stored results of a site: when last checked, how many, and the broken ones with their articles. */
export async function storedLinkChecks(trx: Tx, siteId: number) {
  const rows = await trx.selectFrom('portal.link_checks').select(['url', 'ok', 'httpStatus', 'error', 'method', 'articleIds', 'checkedOn'])
    .where('siteId', '=', siteId).orderBy('ok').orderBy('url').execute();
  const checkedOn = rows.reduce<string | null>((m, r) => { const d = String(r.checkedOn); return !m || d > m ? d : m; }, null);
  return {
    checkedOn, checked: rows.length,
    broken: rows.filter((r) => !r.ok).map((r) => ({ url: r.url, httpStatus: r.httpStatus, error: r.error, method: r.method, articleIds: r.articleIds.map(Number), checkedOn: String(r.checkedOn) })),
  };
}
