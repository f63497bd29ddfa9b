/**
 * Offline checker of a bid log (竞价记录校验) published when an online sale (网上招拍挂) ends.
 * Run from the repository: `node tools/verify-bids.ts <bid-log.json>` (download it from
 * /api/public/trading/lots/<lotNo>/bid-log.json). Exit code 0 = verified, 1 = not.
 *
 * It checks that the hash chain is whole (each hash = SHA-256(previous hash ‖ "\n" ‖ canonical
 * bid), sequence numbers 1…n without gaps, times in order, the head as published), that every bid
 * is valid (the first ≥ the starting price, each next ≥ the previous + the increment in force at its
 * time — the announced one, or the last logged change that took effect by then), that the
 * reserve price matches its commitment, and that the winner is the highest valid bid (the
 * earlier of equal bids) at or above the reserve. Self-contained: needs nothing but Node.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';

export interface BidLog {
  lotNo: string; outcome: 'sold' | 'unsold'; winnerNumber: string | null; finalPrice: number | null;
  startPrice: number; increment: number; incrementChanges?: { increment: number; effectiveAt: string }[]; reserve: number | null; reserveSalt: string | null; reserveCommitment: string | null;
  chainHead: string;
  bids: { seq: number; at: string; bidderNumber: string; amount: number; phase: 'listing' | 'timed'; prevHash: string; hash: string }[];
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** Returns what was verified, or throws an Error naming the first failure. */
export function verifyBidLog(log: BidLog): string {
  let prev = '';
  let prevAt = '';
  let best: BidLog['bids'][number] | null = null;
  for (const [i, b] of log.bids.entries()) {
    if (b.seq !== i + 1) throw new Error(`bid ${i + 1}: sequence number ${b.seq}, expected ${i + 1} (a bid is missing or doubled)`);
    if (b.prevHash !== prev) throw new Error(`bid ${b.seq}: previous hash does not match bid ${b.seq - 1}`);
    const canonical = JSON.stringify({ amount: b.amount, at: b.at, bidderNumber: b.bidderNumber, phase: b.phase, seq: b.seq });
    if (sha256(`${prev}\n${canonical}`) !== b.hash) throw new Error(`bid ${b.seq}: hash does not match its content (changed after the fact)`);
    if (b.at < prevAt) throw new Error(`bid ${b.seq}: time ${b.at} is before the previous bid`);
    const inForce = (log.incrementChanges ?? []).filter((c) => Date.parse(c.effectiveAt) <= Date.parse(b.at))
      .sort((x, y) => Date.parse(x.effectiveAt) - Date.parse(y.effectiveAt)).at(-1)?.increment ?? log.increment;
    const min = best === null ? log.startPrice : best.amount + inForce;
    if (b.amount < min) throw new Error(`bid ${b.seq}: ${b.amount} is below the minimum ${min} (not a valid bid)`);
    if (best === null || b.amount > best.amount) best = b;
    prev = b.hash;
    prevAt = b.at;
  }
  if (prev !== log.chainHead) throw new Error(`chain head ${log.chainHead} is not the hash of the last bid (${prev || 'none'})`);
  if (log.reserve !== null) {
    if (!log.reserveSalt || !log.reserveCommitment) throw new Error('the reserve is given without its salt or commitment');
    if (sha256(`${log.lotNo}|${log.reserve}|${log.reserveSalt}`) !== log.reserveCommitment) throw new Error('the reserve price does not match the commitment published before close');
  }
  const meetsReserve = best !== null && (log.reserve === null || best.amount >= log.reserve);
  if (log.outcome === 'sold') {
    if (!best) throw new Error('sold without a bid');
    if (!meetsReserve) throw new Error(`sold at ${best.amount}, below the reserve ${log.reserve}`);
    if (log.winnerNumber !== best.bidderNumber || log.finalPrice !== best.amount) {
      throw new Error(`the winner ${log.winnerNumber} at ${log.finalPrice} is not the highest valid bid (${best.bidderNumber} at ${best.amount}, seq ${best.seq})`);
    }
    return `OK ${log.lotNo}: ${log.bids.length} bids, chain whole (head ${log.chainHead.slice(0, 16)}…), winner ${best.bidderNumber} at ${best.amount} is the highest valid bid${log.reserve !== null ? `, reserve ${log.reserve} matches its commitment` : ''}`;
  }
  if (log.winnerNumber !== null) throw new Error('unsold but a winner is named');
  return `OK ${log.lotNo}: ${log.bids.length} bids, chain whole, unsold${best && !meetsReserve ? ` (highest ${best.amount} below the reserve ${log.reserve})` : ''}`;
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file || !fs.existsSync(file)) {
    console.error('usage: node tools/verify-bids.ts <bid-log.json>');
    process.exit(1);
  }
  try {
    console.log(verifyBidLog(JSON.parse(fs.readFileSync(file, 'utf8')) as BidLog));
  } catch (e) {
    console.error(`FAILED: ${(e as Error).message}`);
    process.exit(1);
  }
}
