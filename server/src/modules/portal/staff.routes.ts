/**
 * Portal workbench API (permissions portal.*): site settings and columns, articles through
 * 编辑 → 审核 → 签发, withdrawals, pushes to other sites, images and attachments, the site health
 * check (网站普查); and the open JSON search API.
 */
import type { FastifyPluginAsync } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { actorContext, requirePermission, type Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { contentDisposition, createFileStore, receiveUpload } from '../../platform/files/index.ts';
import type { PortalService } from './portal.service.ts';
import { MEDIA_PATH } from './sanitize.ts';
import { checkSiteLinks, storedLinkChecks } from './link-check.ts';
import { issueYearlyReport, rowNote, yearlyReport } from './yearly-report.ts';
import { sendXlsx, toXlsx } from '../../platform/export/xlsx.ts';

/** Time limit of one external link request (HEAD, then GET). */
const LINK_TIMEOUT_MS = 8000;

export interface PortalStaffRouteOptions extends RouteOptions {
  portal: PortalService;
}

/** Largest image or attachment of an article (图片、附件大小上限). */
export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
const tags = ['portal'];
const Id = z.object({ id: z.coerce.number().int().min(1).max(2 ** 53) });
const DATE_TIME = z.iso.datetime({ offset: true });
const Media = z.object({ uploadId: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/), mime: z.string().max(100), name: z.string().min(1).max(255), size: z.number().int().min(0) });
const ArticleBody = z.object({
  columnId: z.number().int().min(1),
  title: z.string().trim().min(2).max(200),
  summary: z.string().trim().max(500).default(''),
  keywords: z.array(z.string().trim().max(20)).max(10).default([]),
  source: z.string().trim().max(100).default(''),
  author: z.string().trim().max(60).default(''),
  bodyHtml: z.string().max(1_000_000),
  media: z.array(Media).max(50).default([]),
  publishAt: DATE_TIME.nullable().default(null),
  expireAt: DATE_TIME.nullable().default(null),
});
const ColumnBody = z.object({
  slug: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and -'),
  name: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().max(80).default(''),
  kind: z.enum(['news', 'notice', 'policy', 'county', 'other']).default('news'),
  updateQuota: z.enum(['dynamic', 'irregular']).default('dynamic'),
  reviewFlow: z.enum(['review', 'review_sign']).default('review'),
  acceptsPushes: z.boolean().default(false),
  inNav: z.boolean().default(true),
  sort: z.number().int().min(0).max(1000).default(0),
  parentId: z.number().int().min(1).nullable().default(null),
});
const Text = (max: number) => z.string().trim().max(max).optional();
const SiteBody = z.object({
  name: z.string().trim().min(2).max(100),
  nameEn: z.string().trim().max(200).default(''),
  host: z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+(:[0-9]+)?$/).nullable().default(null),
  theme: z.object({ primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, '#rrggbb').optional(), logoText: Text(8), banner: Text(200) }).strict().default({}),
  footer: z.object({ sponsor: Text(100), icp: Text(40), psb: Text(40), siteCode: z.string().regex(/^\d{10}$/, '10 digits').optional(), address: Text(200), phone: Text(40), email: z.email().optional() }).strict().default({}),
});

export const portalStaffRoutes: FastifyPluginAsync<PortalStaffRouteOptions> = async (app, { platform, portal }) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: MEDIA_MAX_BYTES + 1, files: 1, fields: 0, parts: 1, fieldNameSize: 100, headerPairs: 100 },
    throwFileSizeLimit: false,
  });
  // The same content store with the portal's smaller limit: an oversized image is refused (files.too_large).
  const mediaStore = createFileStore({ db: platform.db, dataDir: platform.env.dataDir, maxBytes: MEDIA_MAX_BYTES, blobs: platform.files.blobs });
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** Health is readable for the actor's own site and the sites below it. */
  function requireSeen(actor: Actor, site: { orgPath: string; name: string }) {
    if (!actor.scopePath || !(site.orgPath === actor.scopePath || site.orgPath.startsWith(`${actor.scopePath}.`))) {
      throw new AppError('access.out_of_scope', `siteId: ${site.name} is outside your scope`, { field: 'siteId' });
    }
  }

  r.get('/api/portal/sites', { schema: { tags, summary: 'Sites of the website group, the actor\'s own marked, with columns (网站群)' } }, async (req) => {
    const actor = requirePermission(req, 'platform.workbench.view');
    return portal.inScope(actor, async (trx) => {
      const sites = await portal.sites.listSites(trx);
      const out = [];
      for (const s of sites) {
        const columns = (await portal.sites.columns(trx, s.id)).map((c) => ({ id: c.id, slug: c.slug, name: c.name, nameEn: c.nameEn, kind: c.kind, updateQuota: c.updateQuota, reviewFlow: c.reviewFlow, acceptsPushes: c.acceptsPushes, inNav: c.inNav, sort: c.sort, parentId: c.parentId }));
        out.push({ ...s, own: s.orgPath === actor.scopePath, columns });
      }
      return out;
    });
  });

  r.put('/api/portal/sites/:id', { schema: { tags, summary: 'Site settings: name, host, theme, footer (网站设置)', params: Id, body: SiteBody } }, async (req) => {
    const actor = requirePermission(req, 'portal.site.manage');
    return portal.change(actor, (trx) => portal.sites.updateSite(trx, actor, req.params.id, req.body));
  });

  r.post('/api/portal/sites/:id/columns', { schema: { tags, summary: 'New column (新建栏目)', params: Id, body: ColumnBody } }, async (req, reply) => {
    const actor = requirePermission(req, 'portal.site.manage');
    return reply.status(201).send(await portal.change(actor, (trx) => portal.sites.saveColumn(trx, actor, req.params.id, null, req.body)));
  });

  r.put('/api/portal/sites/:id/columns/:columnId', {
    schema: { tags, summary: 'Edit a column: quota, review flow, navigation (栏目设置)', params: Id.extend({ columnId: z.coerce.number().int().min(1) }), body: ColumnBody },
  }, async (req) => {
    const actor = requirePermission(req, 'portal.site.manage');
    return portal.change(actor, (trx) => portal.sites.saveColumn(trx, actor, req.params.id, req.params.columnId, req.body));
  });

  r.get('/api/portal/articles', {
    schema: { tags, summary: 'Articles of the actor\'s scope (稿件列表)', querystring: z.object({ status: z.enum(['draft', 'submitted', 'reviewed', 'published', 'withdrawn']).optional(), siteId: z.coerce.number().int().min(1).optional() }) },
  }, async (req) => {
    const actor = req.actor?.permissions.has('portal.article.review') ? req.actor : requirePermission(req, 'portal.article.edit');
    return portal.inScope(actor, (trx) => portal.articles.list(trx, req.query));
  });

  r.get('/api/portal/articles/:id', { schema: { tags, summary: 'One article with its record and versions', params: Id } }, async (req) => {
    const actor = req.actor?.permissions.has('portal.article.review') ? req.actor : requirePermission(req, 'portal.article.edit');
    return portal.inScope(actor, (trx) => portal.articles.get(trx, req.params.id));
  });

  r.post('/api/portal/articles', { schema: { tags, summary: 'Write an article, saved as a draft (撰写稿件)', body: ArticleBody } }, async (req, reply) => {
    const actor = requirePermission(req, 'portal.article.edit');
    return reply.status(201).send(await portal.change(actor, (trx) => portal.articles.create(trx, actor, req.body)));
  });

  r.put('/api/portal/articles/:id', { schema: { tags, summary: 'Save a new version of a draft (修改稿件)', params: Id, body: ArticleBody } }, async (req) => {
    const actor = requirePermission(req, 'portal.article.edit');
    return portal.change(actor, (trx) => portal.articles.update(trx, actor, req.params.id, req.body));
  });

  r.post('/api/portal/articles/:id/submit', { schema: { tags, summary: 'Send a draft for review (送审)', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'portal.article.edit');
    return portal.change(actor, (trx) => portal.articles.submit(trx, actor, req.params.id));
  });

  r.post('/api/portal/articles/:id/review', {
    schema: { tags, summary: 'Approve or return (审核通过/退回); approval publishes unless the column wants a separate sign-off', params: Id, body: z.object({ decision: z.enum(['approve', 'return']), opinion: z.string().trim().max(500).nullable().default(null) }) },
  }, async (req) => {
    const actor = requirePermission(req, 'portal.article.review');
    return portal.change(actor, (trx) => portal.articles.review(trx, actor, req.params.id, req.body));
  });

  r.post('/api/portal/articles/:id/sign', { schema: { tags, summary: 'Sign off and publish a reviewed article (签发)', params: Id } }, async (req) => {
    const actor = requirePermission(req, 'portal.article.sign');
    return portal.change(actor, (trx) => portal.articles.sign(trx, actor, req.params.id));
  });

  r.post('/api/portal/articles/:id/withdraw', { schema: { tags, summary: 'Withdraw a published article, with the reason (撤稿)', params: Id, body: z.object({ reason: z.string().trim().min(2).max(500) }) } }, async (req) => {
    const actor = requirePermission(req, 'portal.article.review');
    return portal.change(actor, (trx) => portal.articles.withdraw(trx, actor, req.params.id, req.body.reason));
  });

  r.post('/api/portal/articles/:id/push', { schema: { tags, summary: 'Push a published article to a column of another site that takes pushes (报送/转载)', params: Id, body: z.object({ columnId: z.number().int().min(1) }) } }, async (req, reply) => {
    const actor = requirePermission(req, 'portal.article.review');
    return reply.status(201).send(await portal.change(actor, (trx) => portal.articles.push(trx, actor, req.params.id, req.body.columnId)));
  });

  r.post('/api/portal/media', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Upload an image (JPEG/PNG) or attachment (PDF, OFD, DOCX, XLSX) of an article, ≤ 10 MB, type checked by its bytes', consumes: ['multipart/form-data'] },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'portal.article.edit');
    const u = await receiveUpload(req, { db: platform.db, files: mediaStore, audit: platform.audit }, {
      context: actorContext(actor), actor, uploadedBy: actor.userId, orgPath: actor.scopePath, allow: ['jpeg', 'png', 'pdf', 'ofd', 'docx', 'xlsx'], purpose: 'portal.article.media',
    });
    return reply.status(201).send({ uploadId: u.id, sha256: u.sha256, mime: u.mime, name: u.name, size: u.size, url: `${MEDIA_PATH}${u.sha256}` });
  });

  r.get('/api/portal/health', { schema: { tags, summary: 'Site health (网站普查): update quotas, empty columns, broken links, missing fields; the site and the sites below', querystring: z.object({ siteId: z.coerce.number().int().min(1).optional() }) } }, async (req) => {
    const actor = requirePermission(req, 'portal.health.read');
    return portal.inScope(actor, async (trx) => {
      const all = await portal.sites.listSites(trx);
      const target = req.query.siteId ? all.find((s) => s.id === req.query.siteId) : all.find((s) => s.orgPath === actor.scopePath);
      if (!target) throw new AppError('portal.site_not_found', 'siteId: no site for your post; pass siteId', { field: 'siteId' });
      requireSeen(actor, target);
      const below = all.filter((s) => s.orgPath.startsWith(`${target.orgPath}.`));
      const children = [];
      const withLinks = async (id: number) => ({ ...(await portal.sites.health(trx, id)), externalLinks: await storedLinkChecks(trx, id) });
      for (const s of below) children.push(await withLinks(s.id));
      return { site: await withLinks(target.id), children };
    });
  });

  r.get('/api/portal/reports/yearly', {
    schema: {
      tags, summary: '政府网站工作年度报表: a site\'s yearly figures from the platform\'s own data (unrecorded and unconfirmed rows marked), JSON or Excel',
      querystring: z.object({ year: z.coerce.number().int(), siteId: z.coerce.number().int().min(1).optional(), format: z.enum(['json', 'xlsx']).default('json') }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'portal.health.read');
    const origin = (platform.env.PUBLIC_URL ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
    const report = await portal.inScope(actor, async (trx) => {
      const all = await portal.sites.listSites(trx);
      const target = req.query.siteId ? all.find((s) => s.id === req.query.siteId) : all.find((s) => s.orgPath === actor.scopePath);
      if (!target) throw new AppError('portal.site_not_found', 'siteId: no site for your post; pass siteId', { field: 'siteId' });
      requireSeen(actor, target);
      return yearlyReport(trx, target.id, req.query.year, { interaction: portal.interaction, services: portal.services, origin });
    });
    if (req.query.format === 'json') return report;
    const note = rowNote;
    const body = await toXlsx([{ name: `${report.year}年度报表`, rows: report.rows, columns: [
      { header: '类别', value: (r) => r.section, width: 18 }, { header: '指标', value: (r) => r.label, width: 48 },
      { header: '数值', value: (r) => r.value, width: 28 }, { header: '说明', value: note, width: 22 },
    ] }]);
    return sendXlsx(reply, `${report.site.name}_${report.year}年政府网站工作年度报表.xlsx`, body);
  });

  r.post('/api/portal/reports/yearly/pdf', {
    schema: {
      tags, summary: '政府网站工作年度报表 as a PDF: issued through platform/documents (numbered, QR-verifiable; supersedes the same site and year issued before)',
      body: z.object({ year: z.number().int(), siteId: z.number().int().min(1).optional() }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'portal.health.read');
    const origin = (platform.env.PUBLIC_URL ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
    const { report, doc } = await portal.inScope(actor, async (trx) => {
      const all = await portal.sites.listSites(trx);
      const target = req.body.siteId ? all.find((s) => s.id === req.body.siteId) : all.find((s) => s.orgPath === actor.scopePath);
      if (!target) throw new AppError('portal.site_not_found', 'siteId: no site for your post; pass siteId', { field: 'siteId' });
      requireSeen(actor, target);
      const report = await yearlyReport(trx, target.id, req.body.year, { interaction: portal.interaction, services: portal.services, origin });
      const doc = await issueYearlyReport(trx, actor, platform.documents, report);
      await platform.audit.record(trx, actor, { action: 'portal.yearly_report.issued', entityType: 'portal.site', entityId: target.id, orgPath: target.orgPath, details: { year: report.year, docNo: doc.docNo, documentId: doc.id }, ip: req.ip });
      return { report, doc };
    });
    return reply.type('application/pdf').header('x-document-no', encodeURIComponent(doc.docNo)).header('x-document-id', String(doc.id))
      .header('content-disposition', contentDisposition(`${report.site.name}_${report.year}年政府网站工作年度报表.pdf`, 'attachment')).send(doc.bytes);
  });

  r.post('/api/portal/health/links', {
    schema: { tags, summary: 'Check the external links of published articles now (网站普查 外部链接检查): HEAD then GET, time limit, a few at once; results kept with the day', body: z.object({ siteId: z.number().int().min(1).optional() }).default({}) },
  }, async (req) => {
    const actor = requirePermission(req, 'portal.health.read');
    return portal.inScope(actor, async (trx) => {
      const all = await portal.sites.listSites(trx);
      const siteId = req.body.siteId;
      const target = siteId ? all.find((s) => s.id === siteId) : all.find((s) => s.orgPath === actor.scopePath);
      if (!target) throw new AppError('portal.site_not_found', 'siteId: no site for your post; pass siteId', { field: 'siteId' });
      // Only the site's own staff store its results (RLS); a parent reads its children's.
      requireSeen(actor, target);
      const own = platform.env.PUBLIC_URL ? [new URL(platform.env.PUBLIC_URL).origin] : [];
      return checkSiteLinks(trx, target.id, { ownOrigins: own, timeoutMs: LINK_TIMEOUT_MS, concurrency: 8, allowInside: platform.env.PORTAL_LINK_CHECK_INSIDE });
    });
  });

  r.get('/api/public/portal/search', {
    schema: {
      tags, summary: 'Full-text search of the public documents (全文检索), JSON',
      querystring: z.object({ q: z.string().trim().min(1).max(100), site: z.string().regex(/^\d{6}$/).optional(), column: z.coerce.number().int().min(1).optional(), from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), page: z.coerce.number().int().min(1).max(100).default(1) }),
    },
  }, async (req, reply) => {
    const { q, site, column, from, to, page } = req.query;
    const result = await portal.publicRead(async (trx) => {
      const s = site ? await portal.sites.findSiteByCode(trx, site) : undefined;
      if (site && !s) throw new AppError('portal.site_not_found', `site: no site ${site}`, { field: 'site' });
      return portal.search(trx, { q, siteId: s?.id, withChildren: true, columnId: column, from, to, page });
    });
    return reply.header('cache-control', 'public, max-age=60').send(result);
  });
};
