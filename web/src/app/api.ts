/**
 * The one fetch wrapper of the web app: same-origin cookies, JSON in and out, the current
 * language as Accept-Language, and every non-2xx answer thrown as an ApiError carrying the
 * server's `{ error: { code, message, field?, ... } }`.
 */
import { currentLanguage } from './language.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  /** Everything else the server put in `error` (e.g. `lockedUntil`). */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, field: string | undefined, details: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

type SessionListener = (code: 'auth.unauthenticated' | 'auth.totp_setup_required') => void;
let sessionListener: SessionListener | null = null;

/**
 * Called when any call finds the session gone (idle timeout, logout elsewhere) or TOTP
 * enrolment pending, so the workbench can send the user to the right page. Returns an undo.
 */
export function onSessionProblem(listener: SessionListener): () => void {
  sessionListener = listener;
  return () => {
    if (sessionListener === listener) sessionListener = null;
  };
}

export type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLanguage() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message, undefined, {});
  }
  return readResponse<T>(res);
}

/** The JSON of an answer, or the ApiError it carries (also for a fetch started elsewhere, see early.ts). */
export async function readResponse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: Record<string, unknown> } | undefined)?.error;
    if (err && typeof err.code === 'string') {
      const { code, message, field, ...details } = err;
      if (code === 'auth.unauthenticated' || code === 'auth.totp_setup_required') sessionListener?.(code);
      throw new ApiError(res.status, code, String(message ?? code), typeof field === 'string' ? field : undefined, details);
    }
    const code = res.status === 429 ? 'request.rate_limited' : res.status >= 500 ? 'internal' : 'http';
    throw new ApiError(res.status, code, `${res.status} ${res.statusText}`, undefined, {});
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
