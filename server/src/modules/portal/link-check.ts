/**
 * 网站普查: external links (外部链接) of a site's published articles, checked from the server. Each
 * distinct http(s) URL pointing to another host is asked with HEAD (redirects followed), then
 * with GET when HEAD is refused or fails (many servers answer HEAD with 405 or not at all); a
 * 2xx/3xx answer within the time limit is reachable. At most `concurrency` requests at once and
 * `maxLinks` URLs a run. The latest result per site and URL is kept with its day
 * (portal.link_checks), and the health dashboard lists the broken ones.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { sql } from 'kysely';
import { SYSTEM_CONTEXT, withContext, type Tx } from '../../platform/db/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Jobs } from '../../platform/jobs/index.ts';

export interface LinkCheckOptions {
  timeoutMs?: number;
  concurrency?: number;
  maxLinks?: number;
  /** The site's own origins (PUBLIC_URL): links to them are internal, checked without fetching. */
  ownOrigins?: string[];
  now?: Date;
  /** Let links reach loopback/private addresses (tests, a closed intranet portal); off by default. */
  allowInside?: boolean;
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

/**
 * Outside addresses only (SSRF guard): an editor's link must not make the server ask the
 * intranet, the database host or the cloud metadata service. Every address a host name resolves
 * to, and every IP literal, is refused when it is loopback, private, link-local, shared, reserved
 * or multicast — checked at connection time (the socket's own lookup), so a DNS answer that
 * changes between a check and the connection gains nothing, and on every redirect hop.
 */
const BLOCKED = new net.BlockList();
for (const [a, p] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) BLOCKED.addSubnet(a, p, 'ipv4');
for (const [a, p] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) BLOCKED.addSubnet(a, p, 'ipv6');

/** True for an address the link check must not reach (an IPv4-mapped IPv6 address is judged as IPv4). */
export function isInsideAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

class InsideAddressError extends Error { code = 'inside_address'; }

const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return (callback as (e: Error | null) => void)(err);
    const list = addresses as dns.LookupAddress[];
    if (!list.length || list.some((a) => isInsideAddress(a.address))) return (callback as (e: Error | null) => void)(new InsideAddressError(`${hostname} resolves to an inside address`));
    if (options.all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    (callback as (e: null, a: string, f: number) => void)(null, list[0]!.address, list[0]!.family);
  });
};

/** One request without following redirects: the status and the Location, the body dropped. */
function ask(url: URL, method: 'HEAD' | 'GET', signal: AbortSignal, allowInside: boolean): Promise<{ status: number; location: string | null }> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!allowInside && net.isIP(host) && isInsideAddress(host)) return reject(new InsideAddressError(`${host} is an inside address`));
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, { method, signal, lookup: allowInside ? undefined : guardedLookup, headers: { 'user-agent': 'Sunland site health link check (wangzhan pucha)' } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null });
    });
    req.on('error', reject);
    req.end();
  });
}

/** One URL: HEAD, then GET when HEAD did not give a reachable answer; redirects followed (at most 5 hops), each hop guarded. */
export async function checkLink(url: string, opts: { timeoutMs?: number; allowInside?: boolean } = {}): Promise<LinkResult> {
  const timeoutMs = opts.timeoutMs ?? 8000;
  let last: LinkResult = { url, ok: false, httpStatus: null, error: null, method: null };
  for (const method of ['HEAD', 'GET'] as const) {
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      let target = new URL(url);
      let answer = await ask(target, method, signal, opts.allowInside ?? false);
      for (let hop = 0; answer.status >= 300 && answer.status < 400 && answer.location && hop < 5; hop += 1) {
        target = new URL(answer.location, target);
        if (target.protocol !== 'http:' && target.protocol !== 'https:') break;
        answer = await ask(target, method, signal, opts.allowInside ?? false);
      }
      last = { url, ok: reachable(answer.status), httpStatus: answer.status, error: null, method };
      if (last.ok) return last;
    } catch (e) {
      const err = e as Error & { code?: string; cause?: { code?: string } };
      const error = err instanceof InsideAddressError ? 'inside_address'
        : err.name === 'TimeoutError' || err.name === 'AbortError' ? 'timeout'
        : (err.code ?? err.cause?.code ?? err.message).slice(0, 200);
      last = { url, ok: false, httpStatus: null, error, method };
      // A server that let HEAD time out will let GET time out too, and an inside address stays inside: do not ask twice.
      if (error === 'timeout' || error === 'inside_address') return last;
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
  const results = await mapLimited(urls, opts.concurrency ?? 8, (url) => checkLink(url, { timeoutMs: opts.timeoutMs, allowInside: opts.allowInside }));
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

const LINK_CHECK_QUEUE = 'portal.link-check';

/** Every site's external links, one site per transaction (the nightly run; a site's failure does not stop the others). */
export async function checkAllSitesLinks(db: Db, opts: LinkCheckOptions = {}) {
  const sites = await withContext(db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('portal.sites').select('id').orderBy('id').execute());
  const out: { siteId: number; checked: number; broken: number; error?: string }[] = [];
  for (const s of sites) {
    try {
      const r = await withContext(db, SYSTEM_CONTEXT, (trx) => checkSiteLinks(trx, s.id, opts));
      out.push({ siteId: s.id, checked: r.checked, broken: r.broken });
    } catch (e) {
      out.push({ siteId: s.id, checked: 0, broken: 0, error: (e as Error).message });
    }
  }
  return out;
}

/** The nightly external link check of every site (02:30 Asia/Shanghai), so the health dashboard is never older than a day. */
export async function registerLinkCheckJobs(jobs: Jobs, db: Db, opts: LinkCheckOptions = {}) {
  await jobs.work(LINK_CHECK_QUEUE, async () => { await checkAllSitesLinks(db, opts); });
  await jobs.schedule(LINK_CHECK_QUEUE, '30 2 * * *', {}, { tz: 'Asia/Shanghai' });
}
