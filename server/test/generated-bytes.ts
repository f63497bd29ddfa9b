/**
 * Test support: a large file made on the fly, the same bytes on every read, never held in memory
 * whole — 1 MB of random bytes repeated, each megabyte numbered in its first four bytes. Shared by
 * the exchange's streaming tests (platform/exchange/exchange.streaming.test.ts and
 * exchange.web-streaming.test.ts).
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';

const MB = 1024 * 1024;

export function generatedBytes(megabytes: number): { seed: Buffer; open: () => Readable } {
  const seed = crypto.randomBytes(MB);
  const open = () => Readable.from((function* () {
    for (let i = 0; i < megabytes; i++) {
      const chunk = Buffer.from(seed);
      chunk.writeUInt32BE(i, 0);
      yield chunk;
    }
  })());
  return { seed, open };
}
