/**
 * Sites of the website group (网站群), their column trees (栏目) and settings, what the public
 * pages read, and the site health check (网站普查). Public reads run without a scope: RLS shows
 * the sites, the columns and published articles only.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { ColumnKind, ReviewFlow, SiteFooter, SiteTheme, UpdateQuota } from './portal.tables.ts';

/** 网站普查: a 动态 column without a new article for this many days fails. */
export const DYNAMIC_QUOTA_DAYS = 14;
/** Footer fields every government site shows (政府网站发展指引). */
export const REQUIRED_FOOTER: (keyof SiteFooter)[] = ['sponsor', 'icp', 'psb', 'siteCode'];

export interface ColumnInput {
  slug: string; name: string; nameEn: string; kind: ColumnKind; updateQuota: UpdateQuota; reviewFlow: ReviewFlow;
  acceptsPushes: boolean; inNav: boolean; sort: number; parentId: number | null;
}

/** Published and inside its schedule (定时发布, 过期) right now. */
export const visibleNow = sql<boolean>`a.status = 'published' and a.published_at <= now() and (a.expire_at is null or a.expire_at > now())`;

export function createSitesService(deps: { audit: AuditService }) {
  async function site(trx: Tx, id: number) {
    const s = await trx.selectFrom('portal.sites').selectAll().where('id', '=', id).executeTakeFirst();
    if (!s) throw new AppError('portal.site_not_found', `siteId: no site ${id}`, { field: 'siteId' });
    return s;
  }
  function requireOwn(actor: ActingUser, s: { orgPath: string; name: string }) {
    if (actor.scopePath !== s.orgPath) throw new AppError('access.out_of_scope', `siteId: ${s.name} is not your site`, { field: 'siteId' });
  }

  return {
    site,
    /** When the next published article appears (定时发布) or expires (过期), in ms since the epoch; null: none scheduled. */
    async nextScheduledChange(trx: Tx): Promise<number | null> {
      const { rows: [r] } = await sql<{ at: Date | null }>`
        select least(min(a.published_at) filter (where a.published_at > now()), min(a.expire_at) filter (where a.expire_at > now())) as at
        from portal.articles a where a.status = 'published'`.execute(trx);
      return r?.at ? r.at.getTime() : null;
    },
    async listSites(trx: Tx) {
      return trx.selectFrom('portal.sites').select(['id', 'code', 'name', 'nameEn', 'parentId', 'host', 'orgPath', 'theme', 'footer']).orderBy('orgPath').execute();
    },
    async findSiteByCode(trx: Tx, code: string) {
      return trx.selectFrom('portal.sites').selectAll().where('code', '=', code).executeTakeFirst();
    },
    async findSiteByHost(trx: Tx, host: string) {
      return trx.selectFrom('portal.sites').selectAll().where('host', '=', host.toLowerCase()).executeTakeFirst();
    },
    /** The top site (the province's), home of /portal. */
    async rootSite(trx: Tx) {
      return trx.selectFrom('portal.sites').selectAll().where('parentId', 'is', null).orderBy('id').executeTakeFirst();
    },
    async columns(trx: Tx, siteId: number) {
      return trx.selectFrom('portal.columns').selectAll().where('siteId', '=', siteId).orderBy('sort').orderBy('id').execute();
    },
    async childSites(trx: Tx, siteId: number) {
      return trx.selectFrom('portal.sites').select(['id', 'code', 'name']).where('parentId', '=', siteId).orderBy('code').execute();
    },

    /** Published articles of a column (or of the whole site), newest first. */
    async publishedArticles(trx: Tx, f: { siteId: number; columnId?: number; limit: number; offset?: number }) {
      let q = trx.selectFrom('portal.articles as a').innerJoin('portal.columns as c', 'c.id', 'a.columnId')
        .select(['a.id', 'a.title', 'a.summary', 'a.publishedAt', 'a.updatedAt', 'a.source', 'a.originSiteName', 'c.slug as columnSlug', 'c.name as columnName'])
        .where('a.siteId', '=', f.siteId).where(visibleNow)
        .orderBy('a.publishedAt', 'desc').orderBy('a.id', 'desc').limit(f.limit).offset(f.offset ?? 0);
      if (f.columnId !== undefined) q = q.where('a.columnId', '=', f.columnId);
      return q.execute();
    },
    async countPublished(trx: Tx, columnId: number) {
      const r = await trx.selectFrom('portal.articles as a').select(sql<number>`count(*)::int`.as('n')).where('a.columnId', '=', columnId).where(visibleNow).executeTakeFirstOrThrow();
      return r.n;
    },
    async publishedArticle(trx: Tx, siteId: number, id: number) {
      return trx.selectFrom('portal.articles as a').innerJoin('portal.columns as c', 'c.id', 'a.columnId')
        .select(['a.id', 'a.title', 'a.summary', 'a.keywords', 'a.source', 'a.author', 'a.bodyHtml', 'a.media', 'a.publishedAt', 'a.updatedAt', 'a.originSiteName', 'a.originArticleId',
          'c.id as columnId', 'c.slug as columnSlug', 'c.name as columnName', 'c.nameEn as columnNameEn'])
        .where('a.siteId', '=', siteId).where('a.id', '=', id).where(visibleNow).executeTakeFirst();
    },
    /** Whether a media file (by sha256) belongs to an article the public may see now. */
    async mediaIsPublic(trx: Tx, sha256: string) {
      const r = await trx.selectFrom('portal.articles as a').select(['a.media'])
        .where(visibleNow).where(sql<boolean>`a.media @> ${JSON.stringify([{ sha256 }])}::jsonb`).limit(1).executeTakeFirst();
      return r ? r.media.find((m) => m.sha256 === sha256) ?? null : null;
    },

    async updateSite(trx: Tx, actor: ActingUser, id: number, input: { name: string; nameEn: string; host: string | null; theme: SiteTheme; footer: SiteFooter }) {
      const s = await site(trx, id);
      requireOwn(actor, s);
      if (input.host) {
        const taken = await trx.selectFrom('portal.sites').select('id').where('host', '=', input.host).where('id', '<>', id).executeTakeFirst();
        if (taken) throw new AppError('conflict', `host: ${input.host} is bound to another site`, { field: 'host' });
      }
      await trx.updateTable('portal.sites').set({ name: input.name, nameEn: input.nameEn, host: input.host, theme: JSON.stringify(input.theme), footer: JSON.stringify(input.footer), updatedAt: new Date() }).where('id', '=', id).execute();
      await deps.audit.record(trx, actor, { action: 'portal.site.updated', entityType: 'portal.site', entityId: id, orgPath: s.orgPath, details: { before: { name: s.name, host: s.host, theme: s.theme, footer: s.footer }, after: input } });
      return site(trx, id);
    },

    async saveColumn(trx: Tx, actor: ActingUser, siteId: number, columnId: number | null, input: ColumnInput) {
      const s = await site(trx, siteId);
      requireOwn(actor, s);
      if (input.parentId !== null) {
        const p = await trx.selectFrom('portal.columns').select(['id', 'siteId']).where('id', '=', input.parentId).executeTakeFirst();
        if (!p || p.siteId !== siteId || p.id === columnId) throw invalid('parentId', 'a column of the same site', '应为本网站的其他栏目');
      }
      const dup = await trx.selectFrom('portal.columns').select('id').where('siteId', '=', siteId).where('slug', '=', input.slug).executeTakeFirst();
      if (dup && dup.id !== columnId) throw new AppError('conflict', `slug: the site has a column ${input.slug}`, { field: 'slug' });
      const values = { ...input, siteId, orgPath: s.orgPath };
      const id = columnId === null
        ? (await trx.insertInto('portal.columns').values(values).returning('id').executeTakeFirstOrThrow()).id
        : (await trx.updateTable('portal.columns').set(values).where('id', '=', columnId).where('siteId', '=', siteId).returning('id').executeTakeFirst())?.id;
      if (id === undefined) throw new AppError('portal.column_not_found', `columnId: no column ${columnId} in this site`, { field: 'columnId' });
      await deps.audit.record(trx, actor, { action: columnId === null ? 'portal.column.created' : 'portal.column.updated', entityType: 'portal.column', entityId: id, orgPath: s.orgPath, details: { ...input } });
      return { id };
    },

    /**
     * 网站普查 of one site (and, for a parent, each child site): per column the days since the last
     * article against its quota, empty columns, broken internal links in published articles,
     * published articles missing required fields, and the footer's required fields.
     */
    async health(trx: Tx, siteId: number, at = new Date()) {
      const s = await site(trx, siteId);
      const cols = await trx.selectFrom('portal.columns as c')
        .leftJoin('portal.articles as a', (j) => j.onRef('a.columnId', '=', 'c.id').on('a.status', '=', 'published'))
        .select(['c.id', 'c.name', 'c.slug', 'c.updateQuota', sql<Date | null>`max(a.published_at)`.as('lastPublished'), sql<number>`count(a.id)::int`.as('published')])
        .where('c.siteId', '=', siteId).groupBy(['c.id', 'c.name', 'c.slug', 'c.updateQuota']).orderBy('c.sort').orderBy('c.id').execute();
      const columns = cols.map((c) => {
        const days = c.lastPublished ? Math.floor((at.getTime() - new Date(c.lastPublished).getTime()) / 86_400_000) : null;
        const failing = c.updateQuota === 'dynamic' && (days === null || days > DYNAMIC_QUOTA_DAYS);
        return { id: c.id, name: c.name, slug: c.slug, updateQuota: c.updateQuota, published: c.published, lastPublished: c.lastPublished ? new Date(c.lastPublished).toISOString() : null, daysSinceUpdate: days, empty: c.published === 0, failing };
      });
      const published = await trx.selectFrom('portal.articles').select(['id', 'title', 'bodyHtml', 'source', 'summary']).where('siteId', '=', siteId).where('status', '=', 'published').execute();
      const brokenLinks: { articleId: number; title: string; href: string }[] = [];
      const missingFields: { articleId: number; title: string; fields: string[] }[] = [];
      const sites = new Map((await trx.selectFrom('portal.sites').select(['id', 'code']).execute()).map((x) => [x.code, x.id]));
      const linked = new Set<number>();
      const links: { articleId: number; title: string; href: string; code: string; kind: string; ref: string }[] = [];
      for (const a of published) {
        for (const m of a.bodyHtml.matchAll(/href="(\/site\/(\d{6})\/(a|c)\/([^"?#]+))"/g)) {
          links.push({ articleId: a.id, title: a.title, href: m[1]!, code: m[2]!, kind: m[3]!, ref: decodeURIComponent(m[4]!) });
          if (m[3] === 'a' && /^\d+$/.test(m[4]!)) linked.add(Number(m[4]));
        }
        const fields = [!a.source.trim() && 'source', !a.summary.trim() && 'summary'].filter((x): x is string => !!x);
        if (fields.length) missingFields.push({ articleId: a.id, title: a.title, fields });
      }
      const live = linked.size
        ? new Set((await trx.selectFrom('portal.articles as a').select(['a.id', 'a.siteId']).where('a.id', 'in', [...linked]).where(visibleNow).execute()).map((r) => `${r.siteId}:${r.id}`))
        : new Set<string>();
      const slugs = new Set((await trx.selectFrom('portal.columns').select(['siteId', 'slug']).execute()).map((c) => `${c.siteId}:${c.slug}`));
      for (const l of links) {
        const sid = sites.get(l.code);
        const ok = sid !== undefined && (l.kind === 'a' ? live.has(`${sid}:${l.ref}`) : slugs.has(`${sid}:${l.ref}`));
        if (!ok) brokenLinks.push({ articleId: l.articleId, title: l.title, href: l.href });
      }
      const footerMissing = REQUIRED_FOOTER.filter((k) => !s.footer[k]?.toString().trim());
      const failures = columns.filter((c) => c.failing).length + brokenLinks.length + (footerMissing.length ? 1 : 0);
      return {
        site: { id: s.id, code: s.code, name: s.name }, checkedAt: at.toISOString(), quotaDays: DYNAMIC_QUOTA_DAYS,
        columns, emptyColumns: columns.filter((c) => c.empty).map((c) => c.name), brokenLinks, missingFields, footerMissing, failures,
      };
    },
  };
}

export type SitesService = ReturnType<typeof createSitesService>;
