/**
 * Chain verification. A fast streaming pass recomputes every hash and link; only when it
 * finds something does a second pass load the chain to explain what happened to each entry.
 * The `kind` is the most likely explanation; any problem means the log is not intact.
 */
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import type { AuditEntriesTable } from './audit.tables.ts';
import { entryHash, GENESIS_HASH } from './audit.hash.ts';
import * as repo from './audit.repo.ts';

/** The first four come from the chain itself; the last three from the signed anchors outside it (anchor.ts). */
export type ProblemKind = 'edited' | 'deleted' | 'reordered' | 'broken_link' | 'truncated' | 'rewritten' | 'anchor_invalid';

export interface ChainProblem {
  seq: number;
  kind: ProblemKind;
  /** deleted: how many consecutive entries are missing from `seq` on. */
  count?: number;
  /** reordered: the position the entry's own hash proves it was written at. */
  originalSeq?: number;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Verification starts after this seq (the last entry removed by retention), 0 without one. */
  anchorSeq: number;
  headSeq: number;
  algorithm: string;
  problems: ChainProblem[];
}

const BATCH = 2000;
/** How far a renumbering after a deletion is searched for. */
const RENUMBER_REACH = 1000;

type Row = AuditEntriesTable;

const selfOk = (r: Row) => entryHash(r, r.hashAlg) === r.hash;

export async function verifyChain(q: Db | Tx): Promise<VerifyResult> {
  const anchor = (await repo.latestAnchor(q)) ?? { seq: 0, hash: GENESIS_HASH };
  const head = await repo.findHead(q);
  let checked = 0;
  let suspicious = false;
  let expectedSeq = anchor.seq + 1;
  let prevHash = anchor.hash;
  const algs = new Set<string>();
  for (let after = anchor.seq; ; ) {
    const rows = await repo.entriesAfter(q, after, BATCH);
    for (const r of rows) {
      checked++;
      algs.add(r.hashAlg);
      if (r.seq !== expectedSeq || r.prevHash !== prevHash || !selfOk(r)) suspicious = true;
      prevHash = r.hash;
      expectedSeq = r.seq + 1;
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]!.seq;
  }
  if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) suspicious = true;
  const base = { checked, anchorSeq: anchor.seq, headSeq: head.seq, algorithm: [...algs].join(',') || 'sm3' };
  if (!suspicious) return { ok: true, ...base, problems: [] };
  return { ok: false, ...base, problems: await diagnose(q, anchor, head) };
}

async function diagnose(q: Db | Tx, anchor: { seq: number; hash: string }, head: { seq: number; hash: string }): Promise<ChainProblem[]> {
  const rows: Row[] = [];
  for (let after = anchor.seq; ; ) {
    const batch = await repo.entriesAfter(q, after, BATCH);
    rows.push(...batch);
    if (batch.length < BATCH) break;
    after = batch[batch.length - 1]!.seq;
  }
  const byHash = new Map<string, Row>();
  for (const r of rows) byHash.set(r.hash, r);
  const ok = new Map<Row, boolean>();
  const isOk = (r: Row) => {
    let v = ok.get(r);
    if (v === undefined) ok.set(r, (v = selfOk(r)));
    return v;
  };

  // The position an entry was written at: its own seq when its hash holds there, else one
  // after the position of the entry its prev_hash names.
  const orig = new Map<Row, number | undefined>();
  const visiting = new Set<Row>();
  const originalSeq = (r: Row): number | undefined => {
    if (orig.has(r)) return orig.get(r);
    if (isOk(r)) return r.seq;
    if (visiting.has(r)) return undefined;
    visiting.add(r);
    let v: number | undefined;
    if (r.prevHash === anchor.hash) v = anchor.seq + 1;
    else {
      const pred = byHash.get(r.prevHash);
      if (pred) {
        const p = originalSeq(pred);
        v = p === undefined ? undefined : p + 1;
      } else {
        const shift = findRenumbering(r);
        v = shift === undefined ? undefined : r.seq + shift;
      }
    }
    visiting.delete(r);
    orig.set(r, v);
    return v;
  };

  const problems: ChainProblem[] = [];
  let expected = anchor.seq + 1;
  // Entries after a deletion that were all moved down by the same amount are one problem.
  let renumberShift = 0;
  for (const r of rows) {
    const gapBefore = r.seq > expected;
    if (gapBefore) {
      const count = r.seq - expected;
      problems.push({ seq: expected, kind: 'deleted', count, message: `${count} entr${count === 1 ? 'y' : 'ies'} missing from seq ${expected}` });
    }
    expected = r.seq + 1;
    if (!isOk(r)) {
      const o = originalSeq(r);
      const holdsAtO = o !== undefined && o !== r.seq && entryHash({ ...r, seq: o }, r.hashAlg) === r.hash;
      if (holdsAtO && renumberShift > 0 && o === r.seq + renumberShift) continue;
      if (holdsAtO && !byHash.has(r.prevHash) && r.prevHash !== anchor.hash) {
        renumberShift = o - r.seq;
        problems.push({
          seq: r.seq, kind: 'deleted', count: renumberShift,
          message: `entry written as seq ${o} was renumbered to ${r.seq}: ${renumberShift} entr${renumberShift === 1 ? 'y' : 'ies'} before it removed`,
        });
        continue;
      }
      if (holdsAtO) {
        problems.push({ seq: r.seq, kind: 'reordered', originalSeq: o, message: `entry at seq ${r.seq} was written as seq ${o}` });
        continue;
      }
      problems.push({ seq: r.seq, kind: 'edited', message: `content of seq ${r.seq} does not match its hash` });
      continue;
    }
    const linked = r.prevHash === anchor.hash
      ? r.seq === anchor.seq + 1
      : (() => {
          const pred = byHash.get(r.prevHash);
          return pred !== undefined && originalSeq(pred) === r.seq - 1;
        })();
    if (!linked && !gapBefore && !problems.some((p) => p.kind === 'deleted' && p.seq < r.seq && p.seq + (p.count ?? 1) >= r.seq)) {
      problems.push({ seq: r.seq, kind: 'broken_link', message: `prev_hash of seq ${r.seq} does not name the entry before it` });
    }
  }
  const last = rows[rows.length - 1];
  const lastSeq = last?.seq ?? anchor.seq;
  if (head.seq > lastSeq && head.seq - lastSeq !== renumberShift) {
    const count = head.seq - lastSeq;
    problems.push({ seq: lastSeq + 1, kind: 'deleted', count, message: `${count} entr${count === 1 ? 'y' : 'ies'} after seq ${lastSeq} missing (chain head is ${head.seq})` });
  } else if (head.seq < lastSeq) {
    problems.push({ seq: head.seq + 1, kind: 'broken_link', message: `entries after the chain head (seq ${head.seq}) were added outside the chain` });
  } else if (last && head.hash !== last.hash && !problems.some((p) => p.seq === last.seq)) {
    problems.push({ seq: last.seq, kind: 'edited', message: `hash of seq ${last.seq} differs from the chain head` });
  }
  return problems;
}

/** An entry whose hash holds at a higher seq was moved down after entries before it were removed. */
function findRenumbering(r: Row): number | undefined {
  for (let k = 1; k <= RENUMBER_REACH; k++) {
    if (entryHash({ ...r, seq: r.seq + k }, r.hashAlg) === r.hash) return k;
  }
  return undefined;
}
