/** Kysely types of the `portal` schema (migration 0800_portal.sql). */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
export type ArticleStatus = 'draft' | 'submitted' | 'reviewed' | 'published' | 'withdrawn';
export type ColumnKind = 'news' | 'notice' | 'policy' | 'county' | 'other';
export type UpdateQuota = 'dynamic' | 'irregular';
export type ReviewFlow = 'review' | 'review_sign';
export type ArticleEventKind = 'created' | 'edited' | 'submitted' | 'rejected' | 'reviewed' | 'published' | 'withdrawn' | 'pushed' | 'received';

export interface SiteTheme { primaryColor?: string; logoText?: string; banner?: string }
export interface SiteFooter { sponsor?: string; icp?: string; psb?: string; siteCode?: string; address?: string; phone?: string; email?: string }
export interface ArticleMedia { uploadId: string; sha256: string; mime: string; name: string; size: number }

export interface SitesTable {
  id: Generated<number>;
  code: string;
  orgPath: string;
  parentId: number | null;
  name: string;
  nameEn: Generated<string>;
  host: string | null;
  theme: Json<SiteTheme>;
  footer: Json<SiteFooter>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface ColumnsTable {
  id: Generated<number>;
  siteId: number;
  orgPath: string;
  parentId: number | null;
  slug: string;
  name: string;
  nameEn: Generated<string>;
  kind: Generated<ColumnKind>;
  updateQuota: Generated<UpdateQuota>;
  reviewFlow: Generated<ReviewFlow>;
  acceptsPushes: Generated<boolean>;
  inNav: Generated<boolean>;
  sort: Generated<number>;
}

export interface ArticlesTable {
  id: Generated<number>;
  siteId: number;
  columnId: number;
  orgPath: string;
  title: string;
  summary: Generated<string>;
  keywords: Generated<string[]>;
  source: Generated<string>;
  author: Generated<string>;
  bodyHtml: string;
  bodyText: Generated<string>;
  media: Json<ArticleMedia[]>;
  status: Generated<ArticleStatus>;
  publishAt: Date | null;
  expireAt: Date | null;
  publishedAt: Date | null;
  version: Generated<number>;
  originArticleId: number | null;
  originSiteName: string | null;
  createdBy: number | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface ArticleVersionsTable {
  id: Generated<number>;
  articleId: number;
  orgPath: string;
  version: number;
  title: string;
  bodyHtml: string;
  data: Json<Record<string, unknown>>;
  createdBy: number | null;
  createdAt: Generated<Date>;
}

export interface ArticleEventsTable {
  id: Generated<number>;
  articleId: number;
  orgPath: string;
  kind: ArticleEventKind;
  actorId: number | null;
  actorName: string | null;
  reason: string | null;
  at: Generated<Date>;
}

export interface SearchDocsTable {
  id: Generated<number>;
  sourceKind: string;
  sourceId: string;
  siteId: number | null;
  columnId: number | null;
  divisionCode: string;
  title: string;
  body: string;
  url: string;
  publishedAt: Date;
  expiresAt: Date | null;
  tsv: string;
}

export interface LinkChecksTable {
  id: Generated<number>;
  siteId: number;
  orgPath: string;
  url: string;
  articleIds: ColumnType<(number | string)[], unknown, unknown>;
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  method: 'HEAD' | 'GET' | null;
  checkedOn: ColumnType<string | Date, string, string>;
  checkedAt: ColumnType<Date, Date | undefined, Date>;
}

export interface PortalTables {
  'portal.sites': SitesTable;
  'portal.columns': ColumnsTable;
  'portal.articles': ArticlesTable;
  'portal.article_versions': ArticleVersionsTable;
  'portal.article_events': ArticleEventsTable;
  'portal.search_docs': SearchDocsTable;
  'portal.link_checks': LinkChecksTable;
}
