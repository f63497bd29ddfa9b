/**
 * Calls and types of the portal workbench API (server/src/modules/portal/README.md): sites and
 * columns, articles through 编辑 → 审核 → 签发, images and attachments, site health (网站普查).
 */
import { api, ApiError } from '../../app/api.ts';
import { currentLanguage } from '../../app/language.ts';

export type ArticleStatus = 'draft' | 'submitted' | 'reviewed' | 'published' | 'withdrawn';
export interface Column { id: number; slug: string; name: string; nameEn: string; kind: string; updateQuota: 'dynamic' | 'irregular'; reviewFlow: 'review' | 'review_sign'; acceptsPushes: boolean; inNav: boolean; sort: number; parentId: number | null }
export interface SiteTheme { primaryColor?: string; logoText?: string; banner?: string }
export interface SiteFooter { sponsor?: string; icp?: string; psb?: string; siteCode?: string; address?: string; phone?: string; email?: string }
export interface Site { id: number; code: string; name: string; nameEn: string; parentId: number | null; own: boolean; columns: Column[]; orgPath?: string; host?: string | null; theme?: SiteTheme; footer?: SiteFooter }
export interface SiteInput { name: string; nameEn: string; host: string | null; theme: SiteTheme; footer: SiteFooter }
export type ColumnInput = Omit<Column, 'id'>;
export interface YearlyReport { year: number; site: { id: number; code: string; name: string }; rows: { section: string; key: string; label: string; value: string | number | null; unrecorded?: boolean; unconfirmed?: boolean; note?: string }[] }
export interface ExternalLinks { checkedOn: string | null; checked: number; broken: { url: string; httpStatus: number | null; error: string | null; method: string | null; articleIds: number[]; checkedOn: string }[] }
export interface Media { uploadId: string; sha256: string; mime: string; name: string; size: number; url?: string }
export interface ArticleRow {
  id: number; title: string; status: ArticleStatus; version: number; publishedAt: string | null; publishAt: string | null; expireAt: string | null; updatedAt: string;
  originSiteName: string | null; siteId: number; columnId: number; columnName: string; reviewFlow: 'review' | 'review_sign'; siteName: string; siteCode: string;
}
export interface ArticleInput {
  columnId: number; title: string; summary: string; keywords: string[]; source: string; author: string; bodyHtml: string; media: Media[]; publishAt: string | null; expireAt: string | null;
}
export interface ArticleView extends ArticleInput {
  id: number; status: ArticleStatus; version: number; publishedAt: string | null; siteId: number; originSiteName: string | null;
  events: { kind: string; actorName: string | null; reason: string | null; at: string }[];
  versions: { version: number; title: string; createdAt: string }[];
}
export interface ColumnHealth { id: number; name: string; slug: string; updateQuota: 'dynamic' | 'irregular'; published: number; lastPublished: string | null; daysSinceUpdate: number | null; empty: boolean; failing: boolean }
export interface SiteHealth {
  site: { id: number; code: string; name: string }; checkedAt: string; quotaDays: number; columns: ColumnHealth[]; emptyColumns: string[];
  brokenLinks: { articleId: number; title: string; href: string }[]; missingFields: { articleId: number; title: string; fields: string[] }[]; footerMissing: string[]; failures: number;
  externalLinks?: ExternalLinks;
}

export const portalApi = {
  sites: () => api.get<Site[]>('/api/portal/sites'),
  articles: (status?: ArticleStatus) => api.get<ArticleRow[]>('/api/portal/articles', status ? { status } : undefined),
  article: (id: number) => api.get<ArticleView>(`/api/portal/articles/${id}`),
  create: (input: ArticleInput) => api.post<{ id: number }>('/api/portal/articles', input),
  update: (id: number, input: ArticleInput) => api.put<{ id: number; version: number }>(`/api/portal/articles/${id}`, input),
  submit: (id: number) => api.post<{ status: ArticleStatus }>(`/api/portal/articles/${id}/submit`),
  review: (id: number, decision: 'approve' | 'return', opinion: string | null) => api.post<{ status: ArticleStatus }>(`/api/portal/articles/${id}/review`, { decision, opinion }),
  sign: (id: number) => api.post<{ status: ArticleStatus }>(`/api/portal/articles/${id}/sign`),
  withdraw: (id: number, reason: string) => api.post<{ status: ArticleStatus }>(`/api/portal/articles/${id}/withdraw`, { reason }),
  push: (id: number, columnId: number) => api.post<{ id: number }>(`/api/portal/articles/${id}/push`, { columnId }),
  health: () => api.get<{ site: SiteHealth; children: SiteHealth[] }>('/api/portal/health'),
  yearly: (year: number) => api.get<YearlyReport>('/api/portal/reports/yearly', { year: String(year) }),
  yearlyXlsxUrl: (year: number) => `/api/portal/reports/yearly?year=${year}&format=xlsx`,
  /** Issues the year's report as a PDF (platform/documents: numbered, QR-verifiable) and saves it. */
  yearlyPdf: async (year: number): Promise<string> => {
    const res = await fetch('/api/portal/reports/yearly/pdf', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ year }) });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string; field?: string } };
      throw new ApiError(res.status, body.error?.code ?? 'request.failed', body.error?.message ?? `${res.status}`, body.error?.field, {});
    }
    const docNo = decodeURIComponent(res.headers.get('x-document-no') ?? '');
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${year}年政府网站工作年度报表.pdf`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return docNo;
  },
  checkLinks: (siteId: number) => api.post<{ checked: number; broken: number; checkedOn: string }>('/api/portal/health/links', { siteId }),
  updateSite: (id: number, input: SiteInput) => api.put<{ id: number }>(`/api/portal/sites/${id}`, input),
  createColumn: (siteId: number, input: ColumnInput) => api.post<{ id: number }>(`/api/portal/sites/${siteId}/columns`, input),
  updateColumn: (siteId: number, columnId: number, input: ColumnInput) => api.put<{ id: number }>(`/api/portal/sites/${siteId}/columns/${columnId}`, input),
  /** Multipart upload of an image or attachment (type-checked and size-capped on the server). */
  async upload(file: File): Promise<Media & { url: string }> {
    const body = new FormData();
    body.append('file', file, file.name);
    const res = await fetch('/api/portal/media', { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': currentLanguage() } });
    const data = await res.json().catch(() => ({})) as { error?: { code: string; message: string; field?: string } } & Media & { url: string };
    if (!res.ok) throw new ApiError(res.status, data.error?.code ?? 'http', data.error?.message ?? String(res.status), data.error?.field, {});
    return data;
  },
};
