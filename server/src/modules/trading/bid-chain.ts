/**
 * The bid chain (报价记录哈希链), shared by the server and the offline checker (tools/verify-bids.ts):
 * hash = SHA-256(prev_hash ‖ "\n" ‖ canonical bid), hex; the first bid's prev_hash is ''.
 */
import crypto from 'node:crypto';

export interface ChainBid { seq: number; at: string; bidderNumber: string; amount: number; phase: 'listing' | 'timed' }

export function canonicalBid(b: ChainBid): string {
  return JSON.stringify({ amount: b.amount, at: b.at, bidderNumber: b.bidderNumber, phase: b.phase, seq: b.seq });
}

export function bidHash(prevHash: string, b: ChainBid): string {
  return crypto.createHash('sha256').update(`${prevHash}\n${canonicalBid(b)}`).digest('hex');
}
