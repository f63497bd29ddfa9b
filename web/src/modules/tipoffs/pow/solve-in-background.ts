/**
 * Solves a proof-of-work challenge in a Web Worker (Vite bundles `pow.worker.ts` as its own
 * chunk); where workers are unavailable it runs the same solver on the main thread in batches.
 * Aborting terminates the worker.
 */
import { solve } from './pow.ts';
import type { PowReply, PowRequest } from './pow.worker.ts';

export function solveInBackground(challenge: string, difficulty: number, signal?: AbortSignal): Promise<string> {
  if (typeof Worker === 'undefined') return solve(challenge, difficulty, { signal });
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
    const stop = () => {
      worker.terminate();
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.onmessage = (e: MessageEvent<PowReply>) => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
      if ('nonce' in e.data) resolve(e.data.nonce);
      else reject(new Error(e.data.error));
    };
    worker.onerror = (e) => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
      // A worker that cannot load (CSP, old browser) must not block the report: solve here.
      e.preventDefault();
      solve(challenge, difficulty, { signal }).then(resolve, reject);
    };
    worker.postMessage({ challenge, difficulty } satisfies PowRequest);
  });
}
