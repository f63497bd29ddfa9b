/**
 * Requests a workbench page needs first, started before its chunks arrive (issue 10, township
 * link: each round trip is 200 ms). The route-preload script (web/vite.config.ts) sends
 * GET /api/auth/me as soon as a document under /app starts loading; the session takes that answer
 * once instead of asking after the workbench's chunks have run.
 */
import { api, readResponse } from './api.ts';

declare global {
  interface Window { __sunlandEarlyMe?: Promise<Response> }
}

/** The early /api/auth/me answer, once (later loads ask the server again); null when none was started. */
export function takeEarlyMe<T>(): Promise<T> | null {
  const early = window.__sunlandEarlyMe;
  if (!early) return null;
  delete window.__sunlandEarlyMe;
  // A network failure of the early request: ask again the usual way (its error is the usual ApiError).
  return early.then((res) => readResponse<T>(res), () => api.get<T>('/api/auth/me'));
}
