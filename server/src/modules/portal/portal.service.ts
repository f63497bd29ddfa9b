/**
 * The portal module's service: sites and columns, articles and their review, the search index,
 * and the cache of public pages, put together with the platform services it is given.
 */
import { PUBLIC_CONTEXT, withContext, type Tx } from '../../platform/db/context.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import { actorContext, type Actor, type ActingUser } from '../../platform/http/actor.ts';
import { createArticlesService } from './articles.service.ts';
import { createSitesService } from './sites.service.ts';
import { createPageCache } from './page-cache.ts';
import { indexPublicDocument, removePublicDocument, search, siteForDivision, type PublicDocument, type SearchQuery } from './search.service.ts';
import type { SiteContext } from './public-layout.ts';
import type { InteractionSource, ServiceSource } from './yearly-report.ts';

export interface PortalDeps {
  db: Db;
  audit: AuditService;
  /** LISTEN on a channel (platform notify's listener): the page cache hears of changes in other processes. */
  listen?: (channel: string, handler: (payload: string) => void, onReconnect?: () => void) => Promise<void>;
  now?: () => Date;
  /** 互动交流 and 政务公开 figures for the yearly 政府网站工作年度报表 (openness' index.ts, wired in app.ts). */
  interaction?: InteractionSource;
  /** 办事服务 figures (matters, fully online matters, cases by applicant kind) for the same report (approvals' index.ts, wired in app.ts). */
  services?: ServiceSource;
}

export function createPortalService(deps: PortalDeps) {
  const sites = createSitesService({ audit: deps.audit });
  const articles = createArticlesService({ audit: deps.audit, ...(deps.now ? { now: deps.now } : {}) });
  const publicRead = <T>(fn: (trx: Tx) => Promise<T>) => withContext(deps.db, PUBLIC_CONTEXT, fn);
  const cache = createPageCache<unknown>({
    listen: deps.listen ?? (async () => { throw new Error('no listener'); }),
    // The next 定时发布 or 过期 of a published article: the cache drops itself then.
    nextChange: () => publicRead((trx) => sites.nextScheduledChange(trx)),
  });

  /** A site's layout facts (navigation, parent, children), cached like pages. */
  async function siteContext(code: string): Promise<SiteContext | null> {
    return cache.get(`site:${code}`, () => publicRead(async (trx) => {
      const s = await sites.findSiteByCode(trx, code);
      if (!s) return null;
      const cols = await sites.columns(trx, s.id);
      const parent = s.parentId ? await sites.site(trx, s.parentId) : null;
      return {
        site: { id: s.id, code: s.code, name: s.name, nameEn: s.nameEn, theme: s.theme, footer: s.footer, parentId: s.parentId },
        nav: cols.filter((c) => c.inNav && c.parentId === null).map((c) => ({ slug: c.slug, name: c.name, nameEn: c.nameEn })),
        children: await sites.childSites(trx, s.id),
        parent: parent ? { code: parent.code, name: parent.name } : null,
      };
    })) as Promise<SiteContext | null>;
  }

  return {
    db: deps.db,
    interaction: deps.interaction,
    services: deps.services,
    sites,
    articles,
    cache,
    siteContext,
    publicRead,
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },
    /** Runs a change and drops this process's page cache once it committed (others hear NOTIFY). */
    async change<T>(actor: Actor, fn: (trx: Tx) => Promise<T>): Promise<T> {
      const r = await withContext(deps.db, actorContext(actor), fn);
      cache.clear();
      return r;
    },
    search: (trx: Tx, q: SearchQuery) => search(trx, q),
    siteForDivision,
    // CONTRACTS §2, for other modules (through index.ts).
    indexPublicDocument: (trx: Tx, doc: PublicDocument) => indexPublicDocument(trx, doc),
    removePublicDocument: (trx: Tx, sourceKind: string, sourceId: string) => removePublicDocument(trx, sourceKind, sourceId),
    submitArticle: (trx: Tx, actor: ActingUser, input: Parameters<typeof articles.submitArticle>[2]) => articles.submitArticle(trx, actor, input),
  };
}

export type PortalService = ReturnType<typeof createPortalService>;
