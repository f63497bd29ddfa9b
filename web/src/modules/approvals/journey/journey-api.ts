/**
 * Calls and types of the public approvals pages. The shapes are the server's own zod types
 * (type-only import: nothing of the server reaches the bundle).
 */
import { ApiError, api } from '../../../app/api.ts';
import { currentLanguage } from '../../../app/language.ts';
import type { CaseView, MatterView, TrackView } from '../../../../../server/src/modules/approvals/approvals.schemas.ts';
import type { Me } from '../../../app/session.tsx';

export type { CaseView, MatterView, TrackView };

export interface MaterialDef {
  key: string;
  name: string;
  required: boolean;
  form: 'original' | 'copy';
  pages: number;
  kind: 'file' | 'eform';
  sampleFileId?: string | null;
  note?: string;
}

export interface FormFieldDef {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'select' | 'textarea';
  required: boolean;
  options?: string[];
  max?: number;
}

export interface FlowStageDef {
  key: string;
  name: string;
  kind: 'single' | 'parallel';
  departments: string[];
  rule: 'all_agree' | 'any_refuse';
  limitDays: number;
  pausesClock?: boolean;
  pauseKind?: string;
}

export interface MatterSummary {
  code: string; version: number; name: string; type: string; implementingLevel: string; department: string;
  promisedDays: number; statutoryDays: number; counterVisits: number; fees: string;
}

export interface Receipt {
  caseNo: string; matterName: string; submittedAt: string; status: string; receiptDocumentId: number | null;
  materials: { key: string; name: string; files: number }[];
}

export interface Uploaded { id: string; sha256: string; size: number; mime: string; name: string }

export interface SupplementItem { key: string; name: string; reason: string }

/** Rating contract (docs: /work/helpers/contracts.md, owned by the ratings work). */
export interface RatingState {
  canRate: boolean;
  canFollowUp: boolean;
  tags: { good: string[]; bad: string[] };
  ratings: { level: number; tags: string[]; comment: string | null; followUp: boolean; createdAt: string }[];
  rectification: null | { status: string; dueDate: string | null; result: string | null };
}

export const matters = () => api.get<MatterSummary[]>('/api/public/approvals/matters');
export const matter = (code: string) => api.get<MatterView>(`/api/public/approvals/matters/${encodeURIComponent(code)}`);

/** The signed-in public account, or null (not signed in, or a staff session). */
export async function publicMe(): Promise<Me | null> {
  // /api/auth/session answers 200 with {me: null} without a session: no 401 in the console.
  const { me } = await api.get<{ me: Me | null }>('/api/auth/session');
  return me?.user.kind === 'public' ? me : null;
}

async function failure(res: Response): Promise<ApiError> {
  let data: { error?: Record<string, unknown> } | undefined;
  try { data = await res.json() as typeof data; } catch { data = undefined; }
  const err = data?.error;
  if (err && typeof err.code === 'string') {
    const { code, message, field, ...details } = err;
    return new ApiError(res.status, code, String(message ?? code), typeof field === 'string' ? field : undefined, details);
  }
  return new ApiError(res.status, res.status === 429 ? 'request.rate_limited' : res.status >= 500 ? 'internal' : 'http', `${res.status} ${res.statusText}`, undefined, {});
}

/** One file as multipart field `file`; the server checks the type by its bytes. */
export async function uploadFile(url: string, file: Blob, name: string): Promise<Uploaded> {
  const body = new FormData();
  body.append('file', file, name);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': currentLanguage() } });
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message, undefined, {});
  }
  if (!res.ok) throw await failure(res);
  return await res.json() as Uploaded;
}

/** A file as a Blob (for previews); a refusal is thrown as the server's ApiError. */
export async function fetchBlob(url: string): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': currentLanguage() } });
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message, undefined, {});
  }
  if (!res.ok) throw await failure(res);
  return res.blob();
}

/** Fetches a PDF (GET, or POST with a JSON body) and hands it to the browser as a download. */
export async function downloadPdf(url: string, fileName: string, body?: unknown): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST', credentials: 'same-origin',
      headers: body === undefined ? { 'Accept-Language': currentLanguage() } : { 'Content-Type': 'application/json', 'Accept-Language': currentLanguage() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message, undefined, {});
  }
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName.endsWith('.pdf') ? fileName : `${fileName}.pdf`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** Raw PDF bytes to the public verification endpoint. */
export async function verifyPdfBytes(file: Blob): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch('/api/public/documents/verify', { method: 'POST', body: file, headers: { 'Content-Type': 'application/pdf', Accept: 'application/json', 'Accept-Language': currentLanguage() } });
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message, undefined, {});
  }
  if (!res.ok) throw await failure(res);
  return res.json();
}

/** Where a public page sends an applicant to log in, coming back to `back` afterwards. */
export interface PublicProfile { kind: 'person' | 'company'; name: string; idNumber: string | null; phone: string | null }
/** The signed-in public account's own name, kind, ID number and phone. */
export const publicProfile = () => api.get<PublicProfile>('/api/public/profile');

export const publicLoginPath = (back: string) => `/public/login?next=${encodeURIComponent(back)}`;

/** The tracking pair stays in this tab only, so a login round-trip does not ask for it again. */
const TRACK_KEY = 'sunland.track';
export function rememberTrack(caseNo: string, idNumber: string): void {
  sessionStorage.setItem(TRACK_KEY, JSON.stringify({ caseNo, idNumber }));
}
export function rememberedTrack(): { caseNo: string; idNumber: string } | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(TRACK_KEY) ?? 'null') as { caseNo?: unknown; idNumber?: unknown } | null;
    return v && typeof v.caseNo === 'string' && typeof v.idNumber === 'string' ? { caseNo: v.caseNo, idNumber: v.idNumber } : null;
  } catch {
    return null;
  }
}
