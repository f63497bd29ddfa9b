/** Web Worker: solves one proof-of-work challenge off the main thread, so the form stays responsive. */
import { solve } from './pow.ts';

export interface PowRequest { challenge: string; difficulty: number }
export type PowReply = { nonce: string } | { error: string };

self.onmessage = (e: MessageEvent<PowRequest>) => {
  solve(e.data.challenge, e.data.difficulty).then(
    (nonce) => self.postMessage({ nonce } satisfies PowReply),
    (err: unknown) => self.postMessage({ error: String(err) } satisfies PowReply),
  );
};
