/**
 * Calls of the exchange API (server/src/platform/exchange/README.md): channel status, history,
 * export (a file download) and import (the package file as the body; dry run first).
 */
import { api, ApiError } from '../../app/api.ts';
import { currentLanguage } from '../../app/language.ts';

export interface Channel {
  peer: string; role: string; sentSeq: number; receivedSeq: number; pending: number; delivered: number; rejected: number;
  receiptsOwed: number; peerLogSize: number | null; lastActivity: string | null;
}
export interface Status { site: string; role: 'internet' | 'intranet' | 'all'; channels: Channel[] }
export interface PackageRow { direction: 'sent' | 'received' | 'refused'; seq: number; hash: string; records: number; files: number; bytes: number; reason: string | null; at: string }
export interface RecordRow { seq: number; kind: string; id: string; version: string; status: string; reason: string | null }
export interface History { packages: PackageRow[]; rejected: RecordRow[]; pending: RecordRow[] }
export interface ImportResult {
  peer: string; seq: number; hash: string; dryRun: boolean;
  results: { kind: string; id: string; version: string; status: string; reason?: string }[];
  receipts: { seq: number; applied: number; rejected: number }[];
}

async function binary(method: string, path: string, body?: Blob): Promise<Response> {
  const res = await fetch(path, {
    method, credentials: 'same-origin', body,
    headers: { Accept: 'application/json', 'Accept-Language': currentLanguage(), ...(body ? { 'Content-Type': 'application/octet-stream' } : {}) },
  });
  if (!res.ok) {
    const data = await res.json().catch(() => undefined) as { error?: { code: string; message: string; field?: string } & Record<string, unknown> } | undefined;
    const e = data?.error;
    throw new ApiError(res.status, e?.code ?? 'http', e?.message ?? res.statusText, e?.field, e ?? {});
  }
  return res;
}

export const exchangeApi = {
  status: () => api.get<Status>('/api/exchange/status'),
  history: (peer: string) => api.get<History>(`/api/exchange/channels/${encodeURIComponent(peer)}/history`),
  /** Exports the next package and hands it to the browser as a download. */
  async exportPackage(peer: string): Promise<{ seq: number; records: number }> {
    const res = await binary('POST', `/api/exchange/channels/${encodeURIComponent(peer)}/export`);
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'package.sxp';
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    URL.revokeObjectURL(url);
    return { seq: Number(res.headers.get('x-exchange-seq')), records: Number(res.headers.get('x-exchange-records')) };
  },
  async importPackage(file: Blob, dryRun: boolean): Promise<ImportResult> {
    const res = await binary('POST', `/api/exchange/import?dryRun=${dryRun}`, file);
    return res.json() as Promise<ImportResult>;
  },
};
