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
  /** 招标: the opened sealed bids with their salts and the panel's scores; the ranking is recomputed here. */
  tender?: {
    evaluation: 'highest_price' | 'comprehensive'; priceWeight: number | null;
    bids: { bidderNumber: string; amount: number; salt: string; commitment: string; submittedAt: string; scores: number[] }[];
  };
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
  if (log.tender) return verifyTender(log, log.tender);
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

/** A tender: every opened bid matches the commitment logged before the opening; the winner ranks first. */
function verifyTender(log: BidLog, t: NonNullable<BidLog['tender']>): string {
  for (const b of t.bids) {
    if (sha256(`${log.lotNo}|${b.bidderNumber}|${b.amount}|${b.salt}`) !== b.commitment) throw new Error(`tender bid ${b.bidderNumber}: the opened amount does not match its sealed commitment`);
  }
  // Same rules as the server (trading/tender.ts), written again here: below the reserve is out;
  // comprehensive = weight × amount / highest + (100 − weight) × mean score / 100, in hundredths.
  const valid = t.bids.filter((b) => log.reserve === null || b.amount >= log.reserve);
  const max = Math.max(0, ...valid.map((b) => b.amount));
  const total = (b: (typeof valid)[number]) => {
    if (t.evaluation === 'highest_price') return b.amount;
    const w = t.priceWeight ?? 0;
    const mean = b.scores.length ? b.scores.reduce((x, y) => x + y, 0) / b.scores.length : 0;
    return (Math.round((w * b.amount * 100) / max) + Math.round((100 - w) * mean)) / 100;
  };
  const ranked = [...valid].sort((a, b) => total(b) - total(a) || b.amount - a.amount || a.submittedAt.localeCompare(b.submittedAt));
  const first = ranked[0];
  if (log.outcome === 'sold') {
    if (!first) throw new Error('sold without a valid tender bid');
    if (log.winnerNumber !== first.bidderNumber || log.finalPrice !== first.amount) {
      throw new Error(`the winner ${log.winnerNumber} at ${log.finalPrice} is not first by the ${t.evaluation} evaluation (${first.bidderNumber} at ${first.amount}, ${total(first)})`);
    }
    return `OK ${log.lotNo}: tender, ${t.bids.length} sealed bids match their commitments, winner ${first.bidderNumber} at ${first.amount} ranks first (${t.evaluation}${log.reserve !== null ? `, reserve ${log.reserve} matches its commitment` : ''})`;
  }
  if (log.winnerNumber !== null) throw new Error('unsold but a winner is named');
  return `OK ${log.lotNo}: tender, ${t.bids.length} sealed bids match their commitments, unsold`;
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
