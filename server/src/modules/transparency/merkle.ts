/**
 * RFC 9162 Merkle tree hashing, proofs and their verification, and the C2SP tlog-tiles
 * coordinates. Pure code with no database and no server: the offline verifier (tools/verify.ts)
 * imports exactly this file, so the server and any outside checker compute the same thing.
 *
 * Nodes are named (level, index): level 0 holds leaf hashes, the node (l, i) is the root of the
 * complete subtree over leaves [i·2^l, (i+1)·2^l). Only complete subtrees are stored or served;
 * the hash of any other range is folded from them (RFC 9162 §2.1.1: split at the largest power
 * of two below the range's length).
 */
import crypto from 'node:crypto';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 1 << TILE_HEIGHT;
export const HASH_SIZE = 32;

function sha256(...parts: Uint8Array[]): Buffer {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Buffer {
  return sha256(Buffer.from([0]), data);
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(Buffer.from([1]), left, right);
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = sha256();

/** Reads a stored complete-subtree hash; the plan pass may return a placeholder. */
export type NodeGetter = (level: number, index: number) => Buffer;

function isPow2(n: number): boolean {
  return n > 0 && Number.isInteger(Math.log2(n));
}
/** Largest power of two strictly below n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[a:b]). */
export function rangeHash(get: NodeGetter, a: number, b: number): Buffer {
  const n = b - a;
  if (n === 0) return EMPTY_ROOT;
  if (isPow2(n) && a % n === 0) return get(Math.log2(n), a / n);
  const k = splitPoint(n);
  return nodeHash(rangeHash(get, a, a + k), rangeHash(get, a + k, b));
}

/** RFC 9162 §2.1.3.1 PATH(m, D[a:b]) — the inclusion proof of leaf m (absolute index). */
function path(get: NodeGetter, m: number, a: number, b: number): Buffer[] {
  const n = b - a;
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m - a < k) return [...path(get, m, a, a + k), rangeHash(get, a + k, b)];
  return [...path(get, m, a + k, b), rangeHash(get, a, a + k)];
}

export function inclusionProof(get: NodeGetter, index: number, size: number): Buffer[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  return path(get, index, 0, size);
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[a:b], complete). */
function subproof(get: NodeGetter, m: number, a: number, b: number, complete: boolean): Buffer[] {
  const n = b - a;
  if (m === n) return complete ? [] : [rangeHash(get, a, b)];
  const k = splitPoint(n);
  if (m <= k) return [...subproof(get, m, a, a + k, complete), rangeHash(get, a + k, b)];
  return [...subproof(get, m - k, a + k, b, false), rangeHash(get, a, a + k)];
}

export function consistencyProof(get: NodeGetter, first: number, second: number): Buffer[] {
  if (!(first >= 0 && first <= second)) throw new RangeError(`no consistency proof from size ${first} to ${second}`);
  if (first === 0 || first === second) return [];
  return subproof(get, first, 0, second, true);
}

/**
 * Runs a computation over stored nodes in two passes: the first records which nodes it reads
 * (the algorithm's path depends on sizes only, never on hash values), `fetch` loads them in one
 * go, the second computes with them.
 */
export async function withNodes<T>(
  fetch: (keys: { level: number; index: number }[]) => Promise<Map<string, Buffer>>,
  compute: (get: NodeGetter) => T,
): Promise<T> {
  const wanted = new Map<string, { level: number; index: number }>();
  const zero = Buffer.alloc(HASH_SIZE);
  compute((level, index) => { wanted.set(`${level}/${index}`, { level, index }); return zero; });
  const got = wanted.size ? await fetch([...wanted.values()]) : new Map<string, Buffer>();
  return compute((level, index) => {
    const h = got.get(`${level}/${index}`);
    if (!h) throw new Error(`node ${level}/${index} is missing`);
    return h;
  });
}

/** RFC 9162 §2.1.3.2: does `proof` show leaf hash `leaf` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: is the tree (second, secondRoot) an append-only extension of (first, firstRoot)? */
export function verifyConsistency(
  first: number, second: number, proof: readonly Uint8Array[], firstRoot: Uint8Array, secondRoot: Uint8Array,
): boolean {
  if (!(first >= 0 && first <= second)) return false;
  if (first === second) return proof.length === 0 && Buffer.from(firstRoot).equals(secondRoot);
  if (first === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const p = isPow2(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
  let fr: Buffer = Buffer.from(p[0]);
  let sr: Buffer = Buffer.from(p[0]);
  for (const c of p.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

/** C2SP tlog-tiles index encoding: 1234067 → x001/x234/067. */
export function tileIndexPath(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`bad tile index ${n}`);
  const groups: string[] = [];
  let v = n;
  do { groups.unshift(String(v % 1000).padStart(3, '0')); v = Math.floor(v / 1000); } while (v > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** Parses `x001/x234/067` back; undefined when it is not the canonical encoding. */
export function parseTileIndex(p: string): number | undefined {
  const parts = p.split('/');
  if (!parts.length) return undefined;
  let n = 0;
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    const m = (last ? /^(\d{3})$/ : /^x(\d{3})$/).exec(parts[i]);
    if (!m) return undefined;
    n = n * 1000 + Number(m[1]);
  }
  return tileIndexPath(n) === p ? n : undefined;
}

/** The tile path of tile level L, index N, and width W (full when W = 256). */
export function tilePath(level: number | 'entries', index: number, width: number): string {
  return `tile/${level}/${tileIndexPath(index)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

/** Width of tile (level, index) in a tree of `size` leaves: 256 when full, 0 when it has nothing yet. */
export function tileWidth(level: number, index: number, size: number): number {
  const nodesAtLevel = Math.floor(size / 2 ** (TILE_HEIGHT * level));
  return Math.max(0, Math.min(TILE_WIDTH, nodesAtLevel - index * TILE_WIDTH));
}

/** Entry bundle: each entry as a big-endian 16-bit length and its bytes. */
export function encodeBundle(entries: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.length > 0xffff) throw new RangeError('an entry is longer than 65535 bytes');
    const len = Buffer.alloc(2);
    len.writeUInt16BE(e.length);
    parts.push(len, Buffer.from(e));
  }
  return Buffer.concat(parts);
}

export function decodeBundle(b: Uint8Array): Buffer[] {
  const buf = Buffer.from(b);
  const out: Buffer[] = [];
  let o = 0;
  while (o < buf.length) {
    if (o + 2 > buf.length) throw new Error('entry bundle is truncated');
    const len = buf.readUInt16BE(o);
    if (o + 2 + len > buf.length) throw new Error('entry bundle is truncated');
    out.push(buf.subarray(o + 2, o + 2 + len));
    o += 2 + len;
  }
  return out;
}
