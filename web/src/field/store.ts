/**
 * The field app's local store (IndexedDB `sunland-field`): what it downloaded (`kv`), the
 * photos and signatures with their upload state (`blobs`), and the records waiting to sync
 * (`records`). Every step of a sync is written here first, so closing the app loses nothing.
 */
export interface Assignment {
  kind: string; id: string; title: string;
  geometry: { type: 'Point' | 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  details: { label: { 'zh-CN': string; 'en-US': string }; value: string }[];
  version: string; dueDate: string | null;
}
export interface FormField {
  name: string; type: 'text' | 'textarea' | 'select' | 'date' | 'boolean' | 'number';
  label: { 'zh-CN': string; 'en-US': string }; required?: boolean;
  options?: { value: string; label: { 'zh-CN': string; 'en-US': string } }[];
}
export interface Form { kind: string; title: { 'zh-CN': string; 'en-US': string }; fields: FormField[]; maxPhotoDistanceM: number }
export interface PhotoMeta { sha256: string; takenAt: string; lon: number | null; lat: number | null; headingDeg: number | null }
export interface StoredBlob { sha256: string; blob: Blob; name: string; mime: string; uploadId: string | null; done: boolean }
export type RecordState = 'queued' | 'synced' | 'conflict' | 'error';
export interface QueuedRecord {
  recordId: string; kind: string; assignmentId: string; title: string; baseVersion: string;
  values: Record<string, string | number | boolean | null>;
  position: { lon: number; lat: number; accuracyM: number | null } | null;
  photos: PhotoMeta[]; signatureSha256: string | null; recordedAt: string;
  state: RecordState; currentVersion?: string; error?: string; syncedAt?: string;
  /** A refusal's field and its reason in Chinese (the server's `field` and `reasonZh`), for a zh-CN screen. */
  errorField?: string; errorZh?: string;
  answer?: { distanceM: number | null; farPhotos: number };
}

const DB = 'sunland-field';
let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => {
      const db = r.result;
      db.createObjectStore('kv');
      db.createObjectStore('blobs', { keyPath: 'sha256' });
      db.createObjectStore('records', { keyPath: 'recordId' });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  return opening;
}

async function run<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest | void): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const req = fn(tx.objectStore(store));
    // Resolved on commit, so a write is durable before the caller goes on.
    tx.oncomplete = () => resolve(req ? (req.result as T) : (undefined as T));
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const kvGet = <T>(key: string) => run<T | undefined>('kv', 'readonly', (s) => s.get(key));
export const kvSet = (key: string, value: unknown) => run<void>('kv', 'readwrite', (s) => { s.put(value, key); });
export const kvDelete = (key: string) => run<void>('kv', 'readwrite', (s) => { s.delete(key); });
export const blobGet = (sha256: string) => run<StoredBlob | undefined>('blobs', 'readonly', (s) => s.get(sha256));
export const blobPut = (b: StoredBlob) => run<void>('blobs', 'readwrite', (s) => { s.put(b); });
export const recordPut = (r: QueuedRecord) => run<void>('records', 'readwrite', (s) => { s.put(r); });
export const recordGet = (id: string) => run<QueuedRecord | undefined>('records', 'readonly', (s) => s.get(id));
export const recordsAll = () => run<QueuedRecord[]>('records', 'readonly', (s) => s.getAll());
