/**
 * Sends queued records to the server exactly once. Per record: each photo (and the signature)
 * is uploaded resumably — the upload id is stored before the first byte goes, and after a break
 * the server says where to go on — then the record is posted under its own id, which the server
 * answers once and replays after. A conflict (the office changed the subject) is kept for the
 * inspector; a lost network leaves everything queued for the next try.
 */
import { blobGet, blobPut, recordPut, recordsAll, type QueuedRecord, type StoredBlob } from './store.ts';

export const CHUNK = 256 * 1024;

export class AuthLost extends Error {}
/** No network, or the server could not answer (5xx): everything stays queued for the next pass. */
class Offline extends Error {}

interface UploadState { id: string; offset: number; size: number; complete: boolean; sha256: string | null }

async function call(method: string, url: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { method, body: body ?? null, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new Offline('network');
  }
  if (res.status === 401) throw new AuthLost('session');
  if (res.status >= 500) throw new Offline(`server ${res.status}`);
  return res;
}

const jsonBody = (v: unknown) => ({ body: JSON.stringify(v), headers: { 'Content-Type': 'application/json' } });

/** Uploads one stored blob to completion, resuming where the server stands. */
async function upload(b: StoredBlob): Promise<void> {
  if (b.done) return;
  let state: UploadState | null = null;
  if (b.uploadId) {
    const r = await call('GET', `/api/field/uploads/${b.uploadId}`);
    if (r.ok) state = (await r.json()) as UploadState;
    else if (r.status !== 404) throw new Error(`upload status ${r.status}`);
  }
  if (!state) {
    const j = jsonBody({ name: b.name, mime: b.mime, size: b.blob.size });
    const r = await call('POST', '/api/field/uploads', j.body, j.headers);
    if (!r.ok) throw new Error(`upload refused: ${((await r.json()) as { error?: { message?: string } }).error?.message ?? r.status}`);
    state = (await r.json()) as UploadState;
    await blobPut({ ...b, uploadId: state.id });
  }
  while (!state.complete) {
    const chunk = b.blob.slice(state.offset, Math.min(state.offset + CHUNK, b.blob.size));
    const r = await call('PATCH', `/api/field/uploads/${state.id}`, chunk, { 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(state.offset) });
    if (r.status === 409) {
      // Our view of the offset was behind (an answer was lost): ask where it stands.
      state = (await (await call('GET', `/api/field/uploads/${state.id}`)).json()) as UploadState;
      continue;
    }
    if (!r.ok) throw new Error(`upload refused: ${((await r.json()) as { error?: { message?: string } }).error?.message ?? r.status}`);
    state = (await r.json()) as UploadState;
  }
  await blobPut({ ...b, uploadId: state.id, done: true });
}

async function syncRecord(rec: QueuedRecord): Promise<void> {
  for (const sha of [...rec.photos.map((p) => p.sha256), ...(rec.signatureSha256 ? [rec.signatureSha256] : [])]) {
    const b = await blobGet(sha);
    if (b) await upload(b);
  }
  const { state: _s, title: _t, currentVersion: _c, error: _e, errorField: _f, errorZh: _z, syncedAt: _y, answer: _a, ...payload } = rec;
  const j = jsonBody(payload);
  const r = await call('POST', '/api/field/records', j.body, j.headers);
  const body = (await r.json()) as { distanceM?: number | null; farPhotos?: number; error?: { code: string; message: string; field?: string; reasonZh?: string; currentVersion?: string; missing?: { sha256: string }[] } };
  if (r.ok) {
    await recordPut({ ...rec, state: 'synced', syncedAt: new Date().toISOString(), answer: { distanceM: body.distanceM ?? null, farPhotos: body.farPhotos ?? 0 } });
  } else if (body.error?.code === 'field.version_conflict') {
    await recordPut({ ...rec, state: 'conflict', currentVersion: body.error.currentVersion! });
  } else if (body.error?.code === 'field.photos_missing') {
    // The server lost track of a photo we thought uploaded: upload it again next round.
    for (const m of body.error.missing ?? []) {
      const b = await blobGet(m.sha256);
      if (b) await blobPut({ ...b, uploadId: null, done: false });
    }
  } else {
    await recordPut({ ...rec, state: 'error', error: body.error?.message ?? String(r.status), errorField: body.error?.field, errorZh: body.error?.reasonZh });
  }
}

let running: Promise<'done' | 'offline' | 'auth'> | null = null;

/** One pass over the queue; a second call while one runs joins it. Tabs take turns (Web Locks). */
export function syncAll(onChange: () => void): Promise<'done' | 'offline' | 'auth'> {
  running ??= (async () => {
    const pass = async () => {
      for (const rec of (await recordsAll()).filter((r) => r.state === 'queued').sort((a, b) => a.recordedAt.localeCompare(b.recordedAt))) {
        try {
          await syncRecord(rec);
        } catch (e) {
          if (e instanceof Offline) return 'offline' as const;
          if (e instanceof AuthLost) return 'auth' as const;
          await recordPut({ ...rec, state: 'error', error: (e as Error).message });
        } finally {
          onChange();
        }
      }
      return 'done' as const;
    };
    try {
      return navigator.locks ? await navigator.locks.request('sunland-field-sync', pass) : await pass();
    } finally {
      running = null;
    }
  })();
  return running;
}
