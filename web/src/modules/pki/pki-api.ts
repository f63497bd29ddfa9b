/** Calls of the certificate pages (platform/pki routes). */
import { ApiError, api } from '../../app/api.ts';
import { currentLanguage } from '../../app/language.ts';

export type LoginMode = 'password' | 'either' | 'certificate' | 'both';
export const LOGIN_MODES: LoginMode[] = ['either', 'password', 'certificate', 'both'];
export const REASONS = ['keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'unspecified'] as const;
export type Reason = typeof REASONS[number];

export interface Certificate {
  serial: string;
  kind: 'staff' | 'server' | 'site';
  userId: number | null;
  username: string | null;
  displayName: string | null;
  subject: string;
  fingerprint256: string;
  notBefore: string;
  notAfter: string;
  status: 'valid' | 'expired' | 'revoked';
  keyOrigin: 'csr' | 'server';
  renewalOf: string | null;
  issuedAt: string;
  revokedAt: string | null;
  revocationReason: string | null;
  certificatePem: string;
}

export interface Policy { id: number; roleCode: string | null; userId: number | null; username: string | null; mode: LoginMode; updatedAt: string }

export const pkiApi = {
  mine: () => api.get<{ items: Certificate[]; loginMode: LoginMode; demoP12: boolean; presented: boolean }>('/api/pki/me'),
  request: (csrPem: string, renewalOf?: string) => api.post<Certificate>('/api/pki/me/certificates', renewalOf ? { csrPem, renewalOf } : { csrPem }),
  revokeOwn: (serial: string, reason: Reason) => api.post<Certificate>(`/api/pki/me/certificates/${serial}/revoke`, { reason }),
  list: (q: { q?: string; status?: string }) => api.get<{ items: Certificate[] }>('/api/pki/certificates', q),
  issue: (userId: number, csrPem: string, days?: number) => api.post<Certificate>('/api/pki/certificates', days ? { userId, csrPem, days } : { userId, csrPem }),
  revoke: (serial: string, reason: Reason) => api.post<Certificate>(`/api/pki/certificates/${serial}/revoke`, { reason }),
  policies: () => api.get<{ items: Policy[] }>('/api/pki/login-policies'),
  setPolicy: (body: { roleCode?: string; userId?: number; mode: LoginMode | null }) => api.put('/api/pki/login-policies', body),
  roles: () => api.get<{ roles: { code: string; name: string; nameEn: string | null }[] }>('/api/admin/role-options'),
  users: (q: string) => api.get<{ items: { id: number; username: string; displayName: string; kind: string }[] }>('/api/admin/users', { q, limit: 20 }),
  loginWithCertificate: () => api.post('/api/auth/certificate', {}),
};

/** DEMO: the server makes the key and returns it with the certificate as PKCS#12; saved as a file. */
export async function downloadDemoP12(password: string): Promise<string> {
  const res = await fetch('/api/pki/me/demo-p12', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': currentLanguage() },
    body: JSON.stringify({ password }),
  });
  if (!res.ok) {
    const body = await res.json().catch(() => null) as { error?: { code: string; message: string; field?: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? 'internal', body?.error?.message ?? String(res.status), body?.error?.field, body?.error ?? {});
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'sunland-demo.p12';
  saveBlob(await res.blob(), name);
  return name;
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const shortSerial = (s: string) => (s.length > 16 ? `${s.slice(0, 8)}…${s.slice(-4)}` : s);
