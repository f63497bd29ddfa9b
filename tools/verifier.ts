/**
 * Offline verification of the transparency log (阳光日志) and of draws, without the server's
 * help: tiles and entry bundles come from any mirror (an HTTP base URL such as
 * https://host/log, or a directory saved with `verify.ts mirror`). Uses only the pure Merkle and
 * signed-note code of the repository and Node's crypto.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  consistencyProof, decodeBundle, HASH_SIZE, inclusionProof, leafHash, nodeHash, rangeHash, TILE_HEIGHT, TILE_WIDTH, tilePath, tileWidth,
  verifyConsistency, verifyInclusion, withNodes,
} from '../server/src/modules/transparency/merkle.ts';
import { parseCheckpointBody, parseCosignatureVkey, parseVkey, verifyCheckpoint, verifyCosignature, type Checkpoint, NoteError } from '../server/src/modules/transparency/note.ts';
import { isSm2Vkey, verifySm2Note } from '../server/src/modules/transparency/sm2.ts';
import { drawOrder, drawSeed, poolHash, sha256Hex, type DrawInputs, type PoolAgency } from '../server/src/modules/selection/draw-algorithm.ts';

export class VerifyError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Where tiles come from: `get('tile/0/000')` returns the bytes or undefined when absent. */
export interface TileSource { get(p: string): Promise<Buffer | undefined> }

export function sourceOf(location: string): TileSource {
  if (/^https?:\/\//.test(location)) {
    const base = location.replace(/\/+$/, '');
    return {
      async get(p) {
        const res = await fetch(`${base}/${p}`);
        if (res.status === 404) return undefined;
        if (!res.ok) throw new VerifyError('source.unavailable', `${base}/${p}: HTTP ${res.status}`);
        return Buffer.from(await res.arrayBuffer());
      },
    };
  }
  const read = (p: string) => {
    const f = path.join(location, ...p.split('/'));
    return fs.existsSync(f) ? fs.readFileSync(f) : undefined;
  };
  return {
    // A mirror saved later holds a wider partial tile or the full one: its prefix is the narrower tile.
    async get(p) {
      const exact = read(p);
      const m = /^(.*)\.p\/(\d+)$/.exec(p);
      if (exact || !m) return exact;
      const full = read(m[1]);
      if (full) return full;
      const partials = path.join(location, ...`${m[1]}.p`.split('/'));
      const wider = fs.existsSync(partials) ? fs.readdirSync(partials).map(Number).filter((w) => w > Number(m[2])).sort((a, b) => a - b) : [];
      return wider.length ? read(`${m[1]}.p/${wider[0]}`) : undefined;
    },
  };
}

/**
 * A checkpoint signed by the log and cosigned by every one of `witnessVkeys` (C2SP
 * tlog-cosignature/v1): each witness vouches that it saw no other history at that size.
 */
export function cosignedCheckpointOf(note: string, vkey: string, witnessVkeys: string[]): { checkpoint: Checkpoint; witnesses: { name: string; time: number }[] } {
  const checkpoint = checkpointOf(note, vkey);
  if (!witnessVkeys.length) throw new VerifyError('usage', 'at least one --witness key is required');
  try {
    return { checkpoint, witnesses: witnessVkeys.map((w) => { const k = parseCosignatureVkey(w); return { name: k.name, time: verifyCosignature(note, k).time }; }) };
  } catch (e) {
    if (e instanceof NoteError) throw new VerifyError(e.code, e.message);
    throw e;
  }
}

/** Verifies a signed checkpoint under the log's Ed25519 vkey (/log/vkey) or its SM2 vkey (/log/vkey-sm2). */
export function checkpointOf(note: string, vkey: string): Checkpoint {
  try {
    if (isSm2Vkey(vkey)) return parseCheckpointBody(verifySm2Note(note, vkey));
    return verifyCheckpoint(note, parseVkey(vkey));
  } catch (e) {
    if (e instanceof NoteError) throw new VerifyError(e.code, e.message);
    throw e;
  }
}

/** Node hashes of a tree of `size` read from tiles; levels between tile levels are hashed up. */
function tiledTree(source: TileSource, size: number) {
  const tiles = new Map<string, Promise<Buffer>>();
  function tile(level: number, index: number): Promise<Buffer> {
    const width = tileWidth(level, index, size);
    const p = tilePath(level, index, width);
    let t = tiles.get(p);
    if (!t) {
      t = source.get(p).then((b) => {
        if (!b) throw new VerifyError('source.tile_missing', `the mirror has no ${p}`);
        if (b.length < width * HASH_SIZE || b.length % HASH_SIZE) throw new VerifyError('source.tile_malformed', `${p} has ${b.length} bytes, not ${width * HASH_SIZE}`);
        return b.subarray(0, width * HASH_SIZE);
      });
      tiles.set(p, t);
    }
    return t;
  }
  async function node(level: number, index: number): Promise<Buffer> {
    if (level % TILE_HEIGHT === 0) {
      const t = await tile(level / TILE_HEIGHT, Math.floor(index / TILE_WIDTH));
      const o = (index % TILE_WIDTH) * HASH_SIZE;
      return t.subarray(o, o + HASH_SIZE);
    }
    return nodeHash(await node(level - 1, 2 * index), await node(level - 1, 2 * index + 1));
  }
  return async (keys: { level: number; index: number }[]) => {
    const out = new Map<string, Buffer>();
    for (const k of keys) out.set(`${k.level}/${k.index}`, await node(k.level, k.index));
    return out;
  };
}

async function bundle(source: TileSource, index: number, size: number): Promise<Buffer[]> {
  const width = tileWidth(0, index, size);
  const p = tilePath('entries', index, width);
  const b = await source.get(p);
  if (!b) throw new VerifyError('source.bundle_missing', `the mirror has no ${p}`);
  const entries = decodeBundle(b).slice(0, width);
  if (entries.length !== width) throw new VerifyError('source.bundle_malformed', `${p} holds ${entries.length} entries, not ${width}`);
  return entries;
}

/** Is entry `index` (its bytes from the mirror, or `expected`) in the checkpointed tree? */
export async function verifyEntryInclusion(cp: Checkpoint, source: TileSource, index: number, expected?: Buffer) {
  if (!(index >= 0 && index < cp.size)) throw new VerifyError('proof.index_out_of_tree', `entry ${index} is not in a tree of ${cp.size} entries`);
  const entries = await bundle(source, Math.floor(index / TILE_WIDTH), cp.size);
  const data = entries[index % TILE_WIDTH];
  if (expected && !data.equals(expected)) throw new VerifyError('entry.mismatch', `entry ${index} on the mirror is not the given entry`);
  const leaf = leafHash(data);
  const proof = await withNodes(tiledTree(source, cp.size), (get) => inclusionProof(get, index, cp.size));
  if (!verifyInclusion(leaf, index, cp.size, proof, cp.root)) {
    throw new VerifyError('proof.inclusion_failed', `entry ${index} is not included in the tree of size ${cp.size} with root ${cp.root.toString('base64')}`);
  }
  return { index, data: data.toString('utf8'), leafHash: leaf.toString('base64') };
}

/** Checks a JSON inclusion proof from the API against a checkpoint. */
export function verifyInclusionJson(cp: Checkpoint, p: { index: number; size: number; leafHash: string; proof: string[] }, entry?: Buffer) {
  if (p.size !== cp.size) throw new VerifyError('proof.wrong_tree_size', `the proof is for tree size ${p.size}, the checkpoint is of size ${cp.size}`);
  const leaf = entry ? leafHash(entry) : Buffer.from(p.leafHash, 'base64');
  if (!verifyInclusion(leaf, p.index, cp.size, p.proof.map((x) => Buffer.from(x, 'base64')), cp.root)) {
    throw new VerifyError('proof.inclusion_failed', `entry ${p.index} is not included in the tree of size ${cp.size}`);
  }
}

/** Is `newer` an append-only extension of `older`? Hashes come from the mirror of the newer tree. */
export async function verifyCheckpointConsistency(older: Checkpoint, newer: Checkpoint, source: TileSource) {
  if (older.origin !== newer.origin) throw new VerifyError('checkpoint.wrong_origin', `checkpoints of two logs: ${older.origin} and ${newer.origin}`);
  if (older.size > newer.size) throw new VerifyError('proof.wrong_tree_size', `the first checkpoint (size ${older.size}) is larger than the second (size ${newer.size})`);
  const proof = await withNodes(tiledTree(source, newer.size), (get) => consistencyProof(get, older.size, newer.size));
  if (!verifyConsistency(older.size, newer.size, proof, older.root, newer.root)) {
    throw new VerifyError('proof.consistency_failed', `the tree of size ${newer.size} is not an extension of the tree of size ${older.size}: the log was forked or rewritten`);
  }
}

/** Downloads every entry up to the checkpoint, recomputes the root, and names the first entry that differs from the tiles. */
export async function verifyWholeLog(cp: Checkpoint, source: TileSource) {
  const leaves: Buffer[] = [];
  for (let n = 0; n * TILE_WIDTH < cp.size; n++) for (const e of await bundle(source, n, cp.size)) leaves.push(leafHash(e));
  const memo = new Map<string, Buffer>();
  const cached = (level: number, index: number): Buffer => {
    const k = `${level}/${index}`;
    let h = memo.get(k);
    if (!h) { h = level === 0 ? leaves[index] : nodeHash(cached(level - 1, 2 * index), cached(level - 1, 2 * index + 1)); memo.set(k, h); }
    return h;
  };
  const root = rangeHash(cached, 0, cp.size);
  if (!root.equals(cp.root)) {
    let bad: number | undefined;
    for (let n = 0; n * TILE_WIDTH < cp.size && bad === undefined; n++) {
      const t = await source.get(tilePath(0, n, tileWidth(0, n, cp.size)));
      for (let i = 0; t && i * HASH_SIZE < t.length; i++) {
        if (!t.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE).equals(leaves[n * TILE_WIDTH + i])) { bad = n * TILE_WIDTH + i; break; }
      }
    }
    throw new VerifyError('log.root_mismatch', `the entries on the mirror do not give the checkpoint's root at size ${cp.size}${bad === undefined ? '' : ` (entry ${bad} differs from its tile hash)`}`);
  }
  return { size: cp.size, entries: leaves.length };
}

/** Saves checkpoint, vkey, every tile and entry bundle of the current tree into `dir`. */
export async function mirror(baseUrl: string, dir: string) {
  const src = sourceOf(baseUrl);
  const note = await src.get('checkpoint');
  const vkey = await src.get('vkey');
  if (!note || !vkey) throw new VerifyError('source.unavailable', `${baseUrl} has no checkpoint or vkey`);
  const cp = checkpointOf(note.toString('utf8'), vkey.toString('utf8'));
  const write = (p: string, b: Buffer) => {
    const f = path.join(dir, ...p.split('/'));
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, b);
  };
  write('checkpoint', note);
  write('vkey', vkey);
  const paths: string[] = [];
  for (let level = 0; cp.size > 0 && Math.floor(cp.size / 2 ** (TILE_HEIGHT * level)) > 0; level++) {
    for (let n = 0; tileWidth(level, n, cp.size) > 0; n++) paths.push(tilePath(level, n, tileWidth(level, n, cp.size)));
  }
  for (let n = 0; tileWidth(0, n, cp.size) > 0; n++) paths.push(tilePath('entries', n, tileWidth(0, n, cp.size)));
  for (const p of paths) {
    const b = await src.get(p);
    if (!b) throw new VerifyError('source.tile_missing', `${baseUrl} has no ${p}`);
    write(p, b);
  }
  return { size: cp.size, files: paths.length + 2 };
}

export interface DrawRecord {
  drawNo: string;
  pool: PoolAgency[];
  poolHash: string;
  secretCommitment: string;
  secret: string;
  checkpoint: { size: number; root: string; note?: string };
  ownerNumber: string | null;
  seed: string;
  order: number[];
  selectedAgencyId: number | null;
}

/** Recomputes a draw from its inputs; throws naming the first input or output that does not agree. */
export function verifyDraw(record: DrawRecord, vkey?: string) {
  if (!record || !Array.isArray(record.pool) || typeof record.secret !== 'string' || !record.checkpoint) {
    throw new VerifyError('draw.malformed', 'not a draw record: pool, secret and checkpoint are required');
  }
  if (poolHash(record.pool) !== record.poolHash) throw new VerifyError('draw.pool_changed', 'the pool does not hash to the published pool hash');
  if (sha256Hex(Buffer.from(record.secret, 'hex')) !== record.secretCommitment) {
    throw new VerifyError('draw.secret_mismatch', 'the revealed secret does not match the commitment logged before the draw');
  }
  if (vkey && record.checkpoint.note) {
    const cp = checkpointOf(record.checkpoint.note, vkey);
    if (cp.size !== record.checkpoint.size || cp.root.toString('base64') !== record.checkpoint.root) {
      throw new VerifyError('draw.checkpoint_mismatch', 'the checkpoint root used is not the signed one');
    }
  }
  const inputs: DrawInputs = { drawNo: record.drawNo, pool: record.pool, secret: record.secret, checkpointRoot: record.checkpoint.root, ownerNumber: record.ownerNumber };
  const seed = drawSeed(inputs);
  const order = drawOrder(inputs);
  if (seed !== record.seed) throw new VerifyError('draw.seed_mismatch', `the inputs give seed ${seed}, the record says ${record.seed}`);
  if (order.join(',') !== record.order.join(',')) throw new VerifyError('draw.order_mismatch', `the inputs give order ${order.join(',')}, the record says ${record.order.join(',')}`);
  return { seed, order, first: order[0] ?? null };
}
