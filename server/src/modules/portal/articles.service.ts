/**
 * Articles (稿件) and their review before the public sees them: 编辑 writes a draft and sends it
 * (送审) → 审核 approves or returns it → 签发 publishes (in columns with review_flow 'review' the
 * reviewer's approval is the sign-off; 'review_sign' needs a second person with
 * portal.article.sign). Only the site's own staff act on its articles: RLS keeps other bureaus'
 * rows out of reach, and the service refuses a site that is not the actor's own (a city editor
 * sees the counties' drafts but does not write or publish them). Withdrawals (撤稿) keep the
 * article and record why. Every change is audited in its transaction.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { divisionPath } from '../../platform/orgs/index.ts';
import { htmlToText, mediaInBody, sanitizeArticleHtml } from './sanitize.ts';
import { indexPublicDocument, removePublicDocument } from './search.service.ts';
import type { ArticleEventKind, ArticleMedia, ArticleStatus } from './portal.tables.ts';

export interface ArticleInput {
  columnId: number;
  title: string;
  summary: string;
  keywords: string[];
  source: string;
  author: string;
  bodyHtml: string;
  media: ArticleMedia[];
  publishAt: string | null;
  expireAt: string | null;
}

export interface ArticlesDeps {
  audit: AuditService;
  now?: () => Date;
}

const EDITABLE: ArticleStatus[] = ['draft', 'withdrawn'];

export function articlePath(siteCode: string, id: number): string {
  return `/site/${siteCode}/a/${id}`;
}

export function createArticlesService(deps: ArticlesDeps) {
  const now = () => (deps.now ? deps.now() : new Date());

  async function audit(trx: Tx, actor: ActingUser, action: string, id: number, orgPath: string, details: Record<string, unknown>) {
    await deps.audit.record(trx, actor, { action: `portal.article.${action}`, entityType: 'portal.article', entityId: id, orgPath, details });
  }

  async function event(trx: Tx, a: { id: number; orgPath: string }, kind: ArticleEventKind, actor: ActingUser | null, reason: string | null) {
    await trx.insertInto('portal.article_events').values({ articleId: a.id, orgPath: a.orgPath, kind, actorId: actor?.userId ?? null, actorName: actor?.displayName ?? null, reason }).execute();
  }

  /** The site must be the actor's own bureau's (its division path = the post's scope). */
  function requireOwnSite(actor: ActingUser, site: { orgPath: string; name: string }) {
    if (actor.scopePath !== site.orgPath) {
      throw new AppError('access.out_of_scope', `columnId: ${site.name} is not your site; only its own staff write and publish there`, { field: 'columnId' });
    }
  }

  async function loadColumn(trx: Tx, columnId: number) {
    const c = await trx.selectFrom('portal.columns as c').innerJoin('portal.sites as s', 's.id', 'c.siteId')
      .select(['c.id', 'c.siteId', 'c.orgPath', 'c.name', 'c.reviewFlow', 's.code as siteCode', 's.name as siteName', 's.orgPath as siteOrgPath'])
      .where('c.id', '=', columnId).executeTakeFirst();
    if (!c) throw new AppError('portal.column_not_found', `columnId: no column ${columnId}`, { field: 'columnId' });
    return c;
  }

  async function lock(trx: Tx, id: number) {
    const a = await trx.selectFrom('portal.articles').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!a) throw new AppError('portal.article_not_found', `id: no article ${id}`, { field: 'id' });
    return a;
  }

  function checkInput(input: ArticleInput) {
    const publishAt = input.publishAt ? new Date(input.publishAt) : null;
    const expireAt = input.expireAt ? new Date(input.expireAt) : null;
    if (publishAt && Number.isNaN(publishAt.getTime())) throw invalid('publishAt', 'an ISO date-time', '应为日期和时间');
    if (expireAt && Number.isNaN(expireAt.getTime())) throw invalid('expireAt', 'an ISO date-time', '应为日期和时间');
    if (expireAt && expireAt.getTime() <= (publishAt ?? now()).getTime()) {
      throw invalid('expireAt', 'the expiry must come after the publication time (过期时间须晚于发布时间)', '过期时间须晚于发布时间');
    }
    const bodyHtml = sanitizeArticleHtml(input.bodyHtml);
    const bodyText = htmlToText(bodyHtml);
    if (!bodyText && !mediaInBody(bodyHtml).length) throw invalid('bodyHtml', 'the body is empty (正文不能为空)', '正文不能为空');
    if (bodyHtml.length > 1_000_000) throw invalid('bodyHtml', 'at most 1,000,000 characters', '不能超过100万个字符');
    // Images shown must be among the article's uploads (checked: type, size, scope).
    if (/<img(?![^>]*\salt="[^"]*\S[^"]*")[^>]*>/.test(bodyHtml)) throw invalid('bodyHtml', 'every image needs a text alternative (图片须有替代文字 alt)', '图片须有替代文字（alt）');
    const known = new Set(input.media.map((m) => m.sha256));
    for (const sha of mediaInBody(bodyHtml)) if (!known.has(sha)) throw invalid('bodyHtml', `image ${sha.slice(0, 12)}… is not one of the article's uploads`, `图片 ${sha.slice(0, 12)}… 不是本稿件上传的文件`);
    const keywords = [...new Set(input.keywords.map((k) => k.trim()).filter(Boolean))];
    return { publishAt, expireAt, bodyHtml, bodyText, keywords };
  }

  async function saveVersion(trx: Tx, a: { id: number; orgPath: string }, version: number, actor: ActingUser, v: { title: string; bodyHtml: string; data: Record<string, unknown> }) {
    await trx.insertInto('portal.article_versions').values({ articleId: a.id, orgPath: a.orgPath, version, title: v.title, bodyHtml: v.bodyHtml, data: JSON.stringify(v.data), createdBy: actor.userId }).execute();
  }

  /** Publishes (签发): visible from publish_at (or now), indexed for search in the same transaction. */
  async function publish(trx: Tx, actor: ActingUser, a: Awaited<ReturnType<typeof lock>>, opinion: string | null) {
    const at = a.publishAt && a.publishAt > now() ? a.publishAt : now();
    await trx.updateTable('portal.articles').set({ status: 'published', publishedAt: at, updatedAt: now() }).where('id', '=', a.id).execute();
    await event(trx, a, 'published', actor, opinion);
    const site = await trx.selectFrom('portal.sites').select(['code']).where('id', '=', a.siteId).executeTakeFirstOrThrow();
    await indexPublicDocument(trx, {
      sourceKind: 'article', sourceId: String(a.id), divisionCode: site.code, title: a.title,
      text: [a.summary, a.bodyText, a.keywords.join(' ')].filter(Boolean).join('\n'), url: articlePath(site.code, a.id), publishedAt: at.toISOString(),
    }, { siteId: a.siteId, columnId: a.columnId, expiresAt: a.expireAt });
    await audit(trx, actor, 'published', a.id, a.orgPath, { title: a.title, publishedAt: at.toISOString(), expireAt: a.expireAt?.toISOString() ?? null });
  }

  return {
    async create(trx: Tx, actor: ActingUser, input: ArticleInput) {
      const col = await loadColumn(trx, input.columnId);
      requireOwnSite(actor, { orgPath: col.siteOrgPath, name: col.siteName });
      const v = checkInput(input);
      const a = await trx.insertInto('portal.articles').values({
        siteId: col.siteId, columnId: col.id, orgPath: col.orgPath, title: input.title, summary: input.summary, keywords: v.keywords,
        source: input.source, author: input.author, bodyHtml: v.bodyHtml, bodyText: v.bodyText, media: JSON.stringify(input.media),
        publishAt: v.publishAt, expireAt: v.expireAt, createdBy: actor.userId,
      }).returning(['id', 'orgPath']).executeTakeFirstOrThrow();
      await saveVersion(trx, a, 1, actor, { title: input.title, bodyHtml: v.bodyHtml, data: { summary: input.summary, keywords: v.keywords, source: input.source, author: input.author, publishAt: input.publishAt, expireAt: input.expireAt } });
      await event(trx, a, 'created', actor, null);
      await audit(trx, actor, 'created', a.id, a.orgPath, { title: input.title, columnId: col.id });
      return { id: a.id };
    },

    /** Saves a new version of a draft (or of a withdrawn article, which then goes back to draft). */
    async update(trx: Tx, actor: ActingUser, id: number, input: ArticleInput) {
      const a = await lock(trx, id);
      const col = await loadColumn(trx, input.columnId);
      requireOwnSite(actor, { orgPath: col.siteOrgPath, name: col.siteName });
      if (col.siteId !== a.siteId) throw invalid('columnId', 'an article moves only between columns of its own site', '稿件只能在本网站的栏目之间移动');
      if (!EDITABLE.includes(a.status)) throw new AppError('portal.article_wrong_state', `status: the article is ${a.status}; only a draft or a withdrawn article is edited`, { field: 'status' });
      const v = checkInput(input);
      const version = a.version + 1;
      await trx.updateTable('portal.articles').set({
        columnId: col.id, title: input.title, summary: input.summary, keywords: v.keywords, source: input.source, author: input.author,
        bodyHtml: v.bodyHtml, bodyText: v.bodyText, media: JSON.stringify(input.media), publishAt: v.publishAt, expireAt: v.expireAt,
        status: 'draft', version, updatedAt: now(),
      }).where('id', '=', id).execute();
      await saveVersion(trx, a, version, actor, { title: input.title, bodyHtml: v.bodyHtml, data: { summary: input.summary, keywords: v.keywords, source: input.source, author: input.author, publishAt: input.publishAt, expireAt: input.expireAt } });
      await event(trx, a, 'edited', actor, null);
      await audit(trx, actor, 'edited', id, a.orgPath, { version, title: input.title });
      return { id, version };
    },

    async submit(trx: Tx, actor: ActingUser, id: number) {
      const a = await lock(trx, id);
      requireOwnSite(actor, { orgPath: a.orgPath, name: `site of article ${id}` });
      if (a.status !== 'draft') throw new AppError('portal.article_wrong_state', `status: the article is ${a.status}, not a draft`, { field: 'status' });
      await trx.updateTable('portal.articles').set({ status: 'submitted', updatedAt: now() }).where('id', '=', id).execute();
      await event(trx, a, 'submitted', actor, null);
      await audit(trx, actor, 'submitted', id, a.orgPath, { version: a.version });
      return { id, status: 'submitted' as const };
    },

    /** 审核: approve (publishes in a 'review' column, waits for 签发 in a 'review_sign' column) or return to the editor. */
    async review(trx: Tx, actor: ActingUser, id: number, input: { decision: 'approve' | 'return'; opinion: string | null }) {
      const a = await lock(trx, id);
      requireOwnSite(actor, { orgPath: a.orgPath, name: `site of article ${id}` });
      if (a.status !== 'submitted') throw new AppError('portal.article_wrong_state', `status: the article is ${a.status}, not waiting for review`, { field: 'status' });
      if (input.decision === 'return') {
        if (!input.opinion?.trim()) throw invalid('opinion', 'say why it goes back (退回意见)', '退回时须填写退回意见');
        await trx.updateTable('portal.articles').set({ status: 'draft', updatedAt: now() }).where('id', '=', id).execute();
        await event(trx, a, 'rejected', actor, input.opinion);
        await audit(trx, actor, 'returned', id, a.orgPath, { opinion: input.opinion });
        return { id, status: 'draft' as const };
      }
      const col = await loadColumn(trx, a.columnId);
      await event(trx, a, 'reviewed', actor, input.opinion);
      await audit(trx, actor, 'reviewed', id, a.orgPath, { opinion: input.opinion });
      if (col.reviewFlow === 'review_sign') {
        await trx.updateTable('portal.articles').set({ status: 'reviewed', updatedAt: now() }).where('id', '=', id).execute();
        return { id, status: 'reviewed' as const };
      }
      await publish(trx, actor, a, input.opinion);
      return { id, status: 'published' as const };
    },

    /** 签发 of a reviewed article (review_sign columns): a second person, not the reviewer. */
    async sign(trx: Tx, actor: ActingUser, id: number) {
      const a = await lock(trx, id);
      requireOwnSite(actor, { orgPath: a.orgPath, name: `site of article ${id}` });
      if (a.status !== 'reviewed') throw new AppError('portal.article_wrong_state', `status: the article is ${a.status}, not reviewed`, { field: 'status' });
      const reviewer = await trx.selectFrom('portal.article_events').select('actorId').where('articleId', '=', id).where('kind', '=', 'reviewed').orderBy('id', 'desc').executeTakeFirst();
      if (reviewer?.actorId === actor.userId) throw new AppError('portal.same_reviewer', 'the reviewer does not also sign off (审核与签发不得为同一人)');
      await publish(trx, actor, a, null);
      return { id, status: 'published' as const };
    },

    /** 撤稿: off the public pages and the index at once; the article and the reason stay. */
    async withdraw(trx: Tx, actor: ActingUser, id: number, reason: string) {
      if (!reason.trim()) throw invalid('reason', 'a withdrawal states its reason (撤稿理由)', '撤稿须填写撤稿理由');
      const a = await lock(trx, id);
      requireOwnSite(actor, { orgPath: a.orgPath, name: `site of article ${id}` });
      if (a.status !== 'published' && a.status !== 'reviewed') throw new AppError('portal.article_wrong_state', `status: the article is ${a.status}, not published`, { field: 'status' });
      await trx.updateTable('portal.articles').set({ status: 'withdrawn', updatedAt: now() }).where('id', '=', id).execute();
      await removePublicDocument(trx, 'article', String(id));
      await event(trx, a, 'withdrawn', actor, reason);
      await audit(trx, actor, 'withdrawn', id, a.orgPath, { reason, title: a.title });
      return { id, status: 'withdrawn' as const };
    },

    /** 报送/转载: a copy in a column (of the parent or another site) that takes pushes, the source kept. */
    async push(trx: Tx, actor: ActingUser, id: number, columnId: number) {
      const a = await lock(trx, id);
      requireOwnSite(actor, { orgPath: a.orgPath, name: `site of article ${id}` });
      let newId: number;
      try {
        const r = await sql<{ id: string }>`select portal.push_article(${id}, ${columnId}, ${actor.userId}, ${actor.displayName}) as id`.execute(trx);
        newId = Number(r.rows[0]!.id);
      } catch (e) {
        const m = (e as Error).message;
        if (m === 'portal.article_not_published') throw new AppError('portal.article_wrong_state', 'status: only a published article is pushed', { field: 'status' });
        if (m === 'portal.column_not_accepting') throw invalid('columnId', 'that column takes no pushed articles', '该栏目不接受报送的稿件');
        if (m === 'portal.already_pushed') throw new AppError('conflict', 'columnId: the article is already in that column', { field: 'columnId' });
        if (m === 'portal.article_not_found') throw new AppError('portal.article_not_found', `id: no article ${id}`, { field: 'id' });
        throw e;
      }
      const copy = await trx.selectFrom('portal.articles as a').innerJoin('portal.sites as s', 's.id', 'a.siteId')
        .select(['a.id', 'a.siteId', 'a.columnId', 'a.title', 'a.summary', 'a.bodyText', 'a.keywords', 'a.publishedAt', 'a.expireAt', 's.code']).where('a.id', '=', newId).executeTakeFirstOrThrow();
      await indexPublicDocument(trx, {
        sourceKind: 'article', sourceId: String(copy.id), divisionCode: copy.code, title: copy.title,
        text: [copy.summary, copy.bodyText, copy.keywords.join(' ')].filter(Boolean).join('\n'), url: articlePath(copy.code, copy.id), publishedAt: copy.publishedAt!.toISOString(),
      }, { siteId: copy.siteId, columnId: copy.columnId, expiresAt: copy.expireAt });
      await audit(trx, actor, 'pushed', id, a.orgPath, { toColumnId: columnId, copyId: newId });
      return { id: newId };
    },

    /** Articles of the actor's scope (its own site and the sites below), newest first. */
    async list(trx: Tx, f: { status?: ArticleStatus | undefined; siteId?: number | undefined; limit?: number | undefined }) {
      let q = trx.selectFrom('portal.articles as a').innerJoin('portal.columns as c', 'c.id', 'a.columnId').innerJoin('portal.sites as s', 's.id', 'a.siteId')
        .select(['a.id', 'a.title', 'a.status', 'a.version', 'a.publishedAt', 'a.publishAt', 'a.expireAt', 'a.updatedAt', 'a.originSiteName', 'a.siteId', 'a.columnId',
          'c.name as columnName', 'c.reviewFlow', 's.name as siteName', 's.code as siteCode'])
        .where(sql<boolean>`a.org_path <@ (select platform.current_scopes())`)
        .orderBy('a.updatedAt', 'desc').limit(Math.min(f.limit ?? 100, 500));
      if (f.status) q = q.where('a.status', '=', f.status);
      if (f.siteId) q = q.where('a.siteId', '=', f.siteId);
      return (await q.execute()).map((r) => ({ ...r, publishedAt: r.publishedAt?.toISOString() ?? null, publishAt: r.publishAt?.toISOString() ?? null, expireAt: r.expireAt?.toISOString() ?? null, updatedAt: r.updatedAt.toISOString() }));
    },

    async get(trx: Tx, id: number) {
      const a = await trx.selectFrom('portal.articles').selectAll().where('id', '=', id)
        .where(sql<boolean>`org_path <@ (select platform.current_scopes())`).executeTakeFirst();
      if (!a) throw new AppError('portal.article_not_found', `id: no article ${id}`, { field: 'id' });
      const events = await trx.selectFrom('portal.article_events').select(['kind', 'actorName', 'reason', 'at']).where('articleId', '=', id).orderBy('id').execute();
      const versions = await trx.selectFrom('portal.article_versions').select(['version', 'title', 'createdAt']).where('articleId', '=', id).orderBy('version', 'desc').execute();
      return {
        ...a, publishAt: a.publishAt?.toISOString() ?? null, expireAt: a.expireAt?.toISOString() ?? null, publishedAt: a.publishedAt?.toISOString() ?? null,
        createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
        events: events.map((e) => ({ ...e, at: e.at.toISOString() })), versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
      };
    },

    /** CONTRACTS §2: a module hands a text over as an article awaiting review in the nearest site. */
    async submitArticle(trx: Tx, actor: ActingUser, input: { divisionCode: string; columnKind: 'notice' | 'news'; title: string; bodyHtml: string; source: string }) {
      if (!/^\d{6}(\d{3})?$/.test(input.divisionCode)) throw invalid('divisionCode', 'a GB/T 2260 code of 6 or 9 digits', '应为6位或9位行政区划代码（GB/T 2260）');
      if (input.title.trim().length < 2 || input.title.length > 200) throw invalid('title', '2 to 200 characters', '应为2至200个字符');
      const bodyHtml = sanitizeArticleHtml(input.bodyHtml);
      const bodyText = htmlToText(bodyHtml);
      if (!bodyText) throw invalid('bodyHtml', 'the body is empty', '正文不能为空');
      try {
        const r = await sql<{ id: string }>`select portal.hand_over_article(${divisionPath(input.divisionCode)}::ltree, ${input.columnKind}, ${input.title.trim()}, ${bodyHtml}, ${bodyText}, ${input.source.slice(0, 100)}, ${actor.userId}, ${actor.displayName}) as id`.execute(trx);
        const articleId = r.rows[0]!.id;
        await deps.audit.record(trx, actor, { action: 'portal.article.handed_over', entityType: 'portal.article', entityId: articleId, orgPath: actor.scopePath, details: { title: input.title, source: input.source } });
        return { articleId: String(articleId) };
      } catch (e) {
        const m = (e as Error).message;
        if (m === 'portal.out_of_scope') throw new AppError('access.out_of_scope', `divisionCode: ${input.divisionCode} is outside your scope`, { field: 'divisionCode' });
        if (m === 'portal.site_not_found' || m === 'portal.column_not_found') throw new AppError('portal.column_not_found', `divisionCode: no site with a ${input.columnKind} column for ${input.divisionCode}`, { field: 'divisionCode' });
        throw e;
      }
    },
  };
}

export type ArticlesService = ReturnType<typeof createArticlesService>;
