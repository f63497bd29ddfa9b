/**
 * A small pool of worker threads for the heavy geometry work of uploads (geo.tasks.ts), so
 * that a big or hostile file never holds up the event loop: `/healthz` and every other user
 * keep being answered while a worker unpacks, parses or refuses it (issue 9).
 *
 * - `size` workers, started on first use; each runs one task at a time.
 * - At most `maxQueue` tasks wait; one more is refused at once with `request.busy` (503).
 * - A task running longer than `timeoutMs` has its worker terminated and replaced, and is
 *   answered `geo.too_complex` (413); so is a task whose worker runs out of its heap
 *   (`maxHeapMb`), which cannot take the server down with it.
 */
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../http/errors.ts';
import type { GeoTask } from './geo.tasks.ts';

export interface GeoPoolOptions {
  size: number;
  maxQueue?: number;
  timeoutMs?: number;
  maxHeapMb?: number;
}

export interface GeoPool {
  run<T>(task: GeoTask): Promise<T>;
  close(): Promise<void>;
}

interface Job {
  id: number;
  task: GeoTask;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const WORKER_URL = new URL('./geo.worker.ts', import.meta.url);

function fromWorker(error: { code?: string; message: string; details?: Record<string, unknown>; name?: string }): Error {
  if (error.code) return new AppError(error.code as ErrorCode, error.message, error.details);
  // A stack overflow in a worker is a geometry too deep for the algorithms, not a fault of ours.
  if (error.name === 'RangeError') return new AppError('geo.too_complex', `body: too complex to process (${error.message})`, { field: 'body' });
  return new Error(error.message);
}

export function createGeoPool(opts: GeoPoolOptions): GeoPool {
  const size = Math.max(1, opts.size);
  const maxQueue = opts.maxQueue ?? 64;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  function finish(slot: Slot, settle: (job: Job) => void): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    if (job) settle(job);
    dispatch();
  }

  function replace(slot: Slot, reason: Error): void {
    const job = slot.job;
    slot.job = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    slots.splice(slots.indexOf(slot), 1);
    if (job) job.reject(reason);
    dispatch();
  }

  function spawn(): Slot {
    const worker = new Worker(WORKER_URL, {
      resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb ?? 512 },
    });
    worker.unref();
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: { code?: string; message: string } }) => {
      if (!slot.job || slot.job.id !== m.id) return;
      finish(slot, (job) => (m.ok ? job.resolve(m.result) : job.reject(fromWorker(m.error!))));
    });
    worker.on('error', (e) => {
      const oom = /ERR_WORKER_OUT_OF_MEMORY/.test(String((e as { code?: string }).code));
      replace(slot, oom
        ? new AppError('geo.too_complex', 'body: too large to process within the memory limit', { field: 'body' })
        : e);
    });
    worker.on('exit', () => { if (slots.includes(slot)) replace(slot, new Error('geometry worker exited')); });
    slots.push(slot);
    return slot;
  }

  function dispatch(): void {
    if (closed) return;
    while (queue.length > 0) {
      const slot = slots.find((s) => s.job === null) ?? (slots.length < size ? spawn() : undefined);
      if (!slot) return;
      const job = queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => {
        replace(slot, new AppError('geo.too_complex', `body: took longer than ${Math.round(timeoutMs / 1000)} s to process`, { field: 'body' }));
      }, timeoutMs);
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }

  return {
    run<T>(task: GeoTask): Promise<T> {
      if (closed) return Promise.reject(new AppError('request.busy', 'the server is shutting down'));
      if (queue.length >= maxQueue) {
        return Promise.reject(new AppError('request.busy', 'body: the geometry service is busy, try again shortly', { field: 'body' }));
      }
      return new Promise<T>((resolve, reject) => {
        queue.push({ id: nextId++, task, resolve: resolve as (v: unknown) => void, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new AppError('request.busy', 'the server is shutting down'));
      const all = slots.splice(0);
      for (const s of all) {
        if (s.timer) clearTimeout(s.timer);
        s.job?.reject(new AppError('request.busy', 'the server is shutting down'));
        s.worker.removeAllListeners();
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
