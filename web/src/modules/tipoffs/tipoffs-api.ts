/**
 * Calls and types of the tip-offs API (server/src/modules/tipoffs/README.md). Types come from
 * the server's zod schemas (type-only import: nothing of zod reaches the bundle).
 */
import type { z } from 'zod';
import type * as S from '../../../../server/src/modules/tipoffs/tipoffs.schemas.ts';
import { api, ApiError, type Query } from '../../app/api.ts';
import { currentLanguage } from '../../app/language.ts';

export type ViolationType = S.ViolationType;
export type Channel = S.Channel;
export type StaffChannel = S.StaffChannel;
export type Status = S.Status;
export type StageKey = S.StageKey;
export type Challenge = S.Challenge;
export type Receipt = S.Receipt;
export type TrackView = S.TrackView;
export type ReportSummary = S.ReportSummary;
export type ReportView = S.ReportView;
export type PublicReportInput = z.input<typeof S.PublicReportInput>;
export type StaffReportInput = z.input<typeof S.StaffReportInput>;
export type ReporterInput = S.ReporterInput;
export type RefusalReason = z.infer<typeof S.RefusalReason>;
export type DisposalOutcome = z.infer<typeof S.DisposalOutcome>;
export type ListResponse = z.infer<typeof S.ListResponse>;
export type UploadView = z.infer<typeof S.UploadView>;
export type TrendsResponse = z.infer<typeof S.TrendsResponse>;
export type HeatmapResponse = z.infer<typeof S.HeatmapResponse>;
export type RisingResponse = z.infer<typeof S.RisingResponse>;
export type HotspotsResponse = z.infer<typeof S.HotspotsResponse>;
export type WarnLevel = 'green' | 'yellow' | 'red';
export type Settings = S.Settings;
export type WarningView = z.infer<typeof S.WarningView>;
export type ApiKeyView = z.infer<typeof S.ApiKeyView>;
export type ApiKeyCreated = z.infer<typeof S.ApiKeyCreated>;
export type ApiKeyInput = z.input<typeof S.ApiKeyInput>;

/** The codes, in the order the forms show them (the labels are in the locale files). */
export const LAND_TYPES = ['land_illegal_approval', 'land_illegal_occupation', 'land_illegal_transfer', 'land_farmland_damage', 'land_other'] as const satisfies readonly ViolationType[];
export const MINERAL_TYPES = ['mineral_illegal_exploration', 'mineral_illegal_mining', 'mineral_illegal_approval', 'mineral_illegal_transfer', 'mineral_other'] as const satisfies readonly ViolationType[];
export const STAFF_CHANNELS = ['hotline', 'letter', 'email', 'leader', 'lower_level', 'media', 'other'] as const satisfies readonly StaffChannel[];
export const CHANNEL_CODES = ['web', 'open311', ...STAFF_CHANNELS] as const satisfies readonly Channel[];
export const STATUS_CODES = ['received', 'accepted', 'refused', 'assigned', 'verified', 'disposed', 'feedback_given', 'closed', 'merged'] as const satisfies readonly Status[];
export const REFUSAL_CODES = ['ownership_dispute', 'compensation_dispute', 'review_or_litigation', 'staff_conduct', 'state_secret', 'not_a_violation'] as const satisfies readonly RefusalReason[];
export const OUTCOME_CODES = ['no_violation', 'stopped_rectified', 'case_filed'] as const satisfies readonly DisposalOutcome[];

// Compile-time guard: a code added on the server and missing here fails `tsc`.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>;
const complete: [Missing<ViolationType, (typeof LAND_TYPES)[number] | (typeof MINERAL_TYPES)[number]>, Missing<Channel, (typeof CHANNEL_CODES)[number]>,
  Missing<Status, (typeof STATUS_CODES)[number]>, Missing<RefusalReason, (typeof REFUSAL_CODES)[number]>] = [true, true, true, true];
void complete;

export const WARN_COLOR: Record<WarnLevel, string> = { green: 'green', yellow: 'gold', red: 'red' };

/**
 * Multipart upload of one file (the JSON helper in app/api.ts does not do multipart).
 * Public: `/api/public/tipoffs/uploads`; staff: `/api/files`.
 */
export async function uploadFile(url: string, file: File): Promise<UploadView> {
  const body = new FormData();
  body.append('file', file, file.name);
  const res = await fetch(url, { method: 'POST', body, credentials: 'same-origin', headers: { 'Accept-Language': currentLanguage() } });
  const data = await res.json().catch(() => undefined) as { error?: { code: string; message: string; field?: string } } | UploadView | undefined;
  if (!res.ok) {
    const err = (data as { error?: { code: string; message: string; field?: string } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? (res.status === 429 ? 'request.rate_limited' : 'http'), err?.message ?? res.statusText, err?.field, {});
  }
  return data as UploadView;
}

/** Public submit with its Idempotency-Key (same key → the same receipt, never a second report). */
export async function submitPublicReport(input: PublicReportInput, idempotencyKey: string): Promise<Receipt> {
  const res = await fetch('/api/public/tipoffs/reports', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': currentLanguage(), 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify(input),
  });
  const data = await res.json().catch(() => undefined) as { error?: Record<string, unknown> } | Receipt | undefined;
  if (!res.ok) {
    const err = (data as { error?: Record<string, unknown> } | undefined)?.error;
    const { code, message, field, ...details } = err ?? {};
    throw new ApiError(res.status, typeof code === 'string' ? code : res.status === 429 ? 'request.rate_limited' : 'http',
      String(message ?? res.statusText), typeof field === 'string' ? field : undefined, details);
  }
  return data as Receipt;
}

export const tipoffsApi = {
  challenge: () => api.get<Challenge>('/api/public/tipoffs/challenge'),
  // The tracking code is a bearer secret: in the body, never in a URL.
  track: (code: string) => api.post<TrackView>('/api/public/tipoffs/track', { trackingCode: code }),
  dispute: (code: string, reason: string) => api.post<TrackView>('/api/public/tipoffs/track/dispute', { trackingCode: code, reason }),
  createStaff: (input: StaffReportInput) => api.post<ReportView>('/api/tipoffs/reports', input),
  list: (q: Query) => api.get<ListResponse>('/api/tipoffs/reports', q),
  get: (id: number, reveal = false) => api.get<ReportView>(`/api/tipoffs/reports/${id}`, reveal ? { reveal: 'reporter' } : undefined),
  act: (id: number, action: 'triage' | 'assign' | 'verify' | 'dispose' | 'feedback' | 'close' | 'merge' | 'evidence', body: unknown) =>
    api.post<ReportView>(`/api/tipoffs/reports/${id}/${action}`, body),
  dismissDuplicate: (id: number, proposalId: number) => api.post<ReportView>(`/api/tipoffs/reports/${id}/duplicates/${proposalId}/dismiss`),
  trends: (q: Query) => api.get<TrendsResponse>('/api/tipoffs/trends', q),
  heatmap: (q: Query) => api.get<HeatmapResponse>('/api/tipoffs/trends/heatmap', q),
  rising: () => api.get<RisingResponse>('/api/tipoffs/trends/rising'),
  hotspots: (limit = 20) => api.get<HotspotsResponse>('/api/tipoffs/trends/hotspots', { limit }),
  settings: () => api.get<Settings>('/api/tipoffs/settings'),
  saveSettings: (s: Settings) => api.put<Settings>('/api/tipoffs/settings', s),
  warnings: (q: Query) => api.get<{ items: WarningView[] }>('/api/tipoffs/warnings', q),
  scanWarnings: () => api.post<{ scanned: number; raised: number; cleared: number }>('/api/tipoffs/warnings/scan', {}),
  apiKeys: () => api.get<{ items: ApiKeyView[] }>('/api/tipoffs/apikeys'),
  issueApiKey: (input: ApiKeyInput) => api.post<ApiKeyCreated>('/api/tipoffs/apikeys', input),
  revokeApiKey: (id: number) => api.post<ApiKeyView>(`/api/tipoffs/apikeys/${id}/revoke`, {}),
};

export function fileUrl(reportId: number, fileId: string): string {
  return `/api/tipoffs/reports/${reportId}/files/${fileId}`;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
