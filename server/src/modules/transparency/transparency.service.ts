/**
 * The transparency log (阳光日志): publish entries, issue signed checkpoints, serve tiles and
 * proofs. Other modules publish through `publish(trx, kind, payload)` inside their own
 * transaction, so an entry exists exactly when the decision it records commits.
 */
import type { Db } from '../../platform/db/database.ts';
import { SYSTEM_CONTEXT, withContext, type Tx } from '../../platform/db/context.ts';
import { auditEntriesAfter, canonicalJson, findAuditHead } from '../../platform/audit/index.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import * as repo from './transparency.repo.ts';
import {
  consistencyProof, encodeBundle, inclusionProof, leafHash, nodeHash, rangeHash, TILE_HEIGHT, TILE_WIDTH, tileWidth, withNodes,
} from './merkle.ts';
import { checkpointBody, newSeed, NoteError, parseCosignatureVkey, signNote, verifyCosignature, vkeyOf, type Verifier } from './note.ts';
import { WitnessError, type WitnessClient } from './witness.ts';
import { addSm2Signature, newSm2Key, sm2Available, sm2VkeyOf } from './sm2.ts';

export const CHECKPOINT_QUEUE = 'transparency.checkpoint';
export const AUDIT_ANCHOR_QUEUE = 'transparency.audit-anchor';
const KIND = /^[a-z_]+(\.[a-z_]+)+$/;
const MAX_ENTRY = 0xffff;

export interface TransparencyDeps {
  db: Db;
  /** Origin line of checkpoints and the key name; used when the key is first created. */
  origin?: string;
  now?: () => Date;
  /** Sign a checkpoint whenever a batch of `publishNow` takes the tree this many entries past the last one (0 = only the jobs and on demand). */
  checkpointEvery?: number;
  /** Witness keys (cosignature/v1 vkeys) whose cosignatures the log accepts and serves. */
  witnessVkeys?: string[];
  /** Witnesses the log asks to cosign each new checkpoint (their keys must be in witnessVkeys). */
  witnesses?: WitnessClient[];
}

export interface Published { index: number; leafHash: string }

/** What another module is given to publish: `transparency.publish`, inside its own transaction. */
export type Publisher = (trx: Tx, kind: string, payload: unknown) => Promise<Published>;

/** A checkpoint; `note` carries the log's signature and the witnesses' cosignature lines (`cosignatures`). */
export interface CheckpointView { size: number; root: string; note: string; createdAt: string; cosignatures: { witness: string; line: string }[] }

function view(c: { size: number; root: Buffer; note: string; createdAt: Date }, cosignatures: { witness: string; line: string }[] = []): CheckpointView {
  const note = cosignatures.length ? `${c.note}${cosignatures.map((x) => x.line).join('\n')}\n` : c.note;
  return { size: Number(c.size), root: c.root.toString('base64'), note, createdAt: c.createdAt.toISOString(), cosignatures };
}

/** The exact bytes logged for a publication. */
export function entryBytes(kind: string, payload: unknown, time: Date): Buffer {
  return Buffer.from(canonicalJson({ v: 1, kind, time: time.toISOString(), payload }), 'utf8');
}

/** Every `sha256` field (64 hex digits) anywhere in a payload: the files the entry names. */
export function sha256Refs(payload: unknown, out: Buffer[] = []): Buffer[] {
  if (Array.isArray(payload)) for (const x of payload) sha256Refs(x, out);
  else if (payload && typeof payload === 'object') {
    for (const [k, v] of Object.entries(payload)) {
      if (k === 'sha256' && typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)) out.push(Buffer.from(v, 'hex'));
      else sha256Refs(v, out);
    }
  }
  return out;
}

const CHUNK = 1000;

/**
 * Appends entries under the sequencer lock and adds every subtree they complete. A batch costs
 * one lock, one read of the existing left siblings and chunked multi-row inserts, whatever its
 * length: the subtrees the batch completes are hashed in memory.
 */
export async function appendEntries(trx: Tx, items: { kind: string; data: Buffer; refs?: Buffer[] }[]): Promise<number[]> {
  for (const { kind, data } of items) checkEntry(kind, data);
  const start = await repo.lockTree(trx);
  // Left siblings that lie wholly before the batch are read from the table; the others are made by it.
  const before = new Map<string, { level: number; index: number }>();
  for (let n = start; n < start + items.length; n++) {
    for (let l = 0, i = n; i % 2 === 1; l++, i = Math.floor(i / 2)) {
      if (i * 2 ** l <= start) before.set(`${l}/${i - 1}`, { level: l, index: i - 1 });
    }
  }
  const known = await repo.findNodes(trx, [...before.values()]);
  const entries: { idx: number; kind: string; data: Buffer; leafHash: Buffer }[] = [];
  const nodes: { level: number; idx: number; hash: Buffer }[] = [];
  const hashes: { sha256: Buffer; idx: number }[] = [];
  let size = start;
  for (const { kind, data, refs } of items) {
    const h = leafHash(data);
    entries.push({ idx: size, kind, data, leafHash: h });
    for (const r of refs ?? []) hashes.push({ sha256: r, idx: size });
    nodes.push({ level: 0, idx: size, hash: h });
    known.set(`0/${size}`, h);
    let cur = h;
    for (let l = 0, i = size; i % 2 === 1; l++, i = Math.floor(i / 2)) {
      const left = known.get(`${l}/${i - 1}`);
      if (!left) throw new Error(`transparency: node ${l}/${i - 1} missing at append ${size}`);
      cur = nodeHash(left, cur);
      nodes.push({ level: l + 1, idx: (i - 1) / 2, hash: cur });
      known.set(`${l + 1}/${(i - 1) / 2}`, cur);
    }
    size += 1;
  }
  for (let i = 0; i < entries.length; i += CHUNK) await repo.insertEntries(trx, entries.slice(i, i + CHUNK));
  for (let i = 0; i < nodes.length; i += CHUNK) await repo.insertNodes(trx, nodes.slice(i, i + CHUNK));
  for (let i = 0; i < hashes.length; i += CHUNK) await repo.insertEntryHashes(trx, hashes.slice(i, i + CHUNK));
  await repo.setTreeSize(trx, size);
  return entries.map((e) => e.idx);
}

/** Most entries appended in one sequencer transaction by the publish queue. */
const MAX_BATCH = 2000;

function checkEntry(kind: string, data: Buffer): void {
  if (!KIND.test(kind)) throw invalid('kind', 'must look like module.thing', '格式应为“模块.名称”（如 module.thing）');
  if (data.length > MAX_ENTRY) throw new AppError('transparency.entry_too_large', `a log entry may be at most ${MAX_ENTRY} bytes`);
}

export function createTransparencyService({ db, origin = 'sunland.local/log', now = () => new Date(), checkpointEvery = 0, witnessVkeys = [], witnesses = [] }: TransparencyDeps) {
  const witnessKeys = new Map<string, Verifier>(witnessVkeys.map((v) => { const w = parseCosignatureVkey(v); return [w.name, w]; }));
  const withCosignatures = async (q: Db | Tx, c: { size: number; root: Buffer; note: string; createdAt: Date }) => view(c, await repo.cosignaturesOf(q, Number(c.size)));
  /**
   * The publish queue: `publishNow` calls wait here while a batch is being appended, then the
   * next batch takes every waiting call in one transaction under one sequencer lock (group
   * commit). A call is acknowledged only after its batch committed.
   */
  type Waiting = { kind: string; data: Buffer; refs: Buffer[]; resolve: (p: Published) => void; reject: (e: unknown) => void };
  const queue: Waiting[] = [];
  let draining = false;
  let lastCheckpointSize = -1;

  async function drain(): Promise<void> {
    try {
      while (queue.length) {
        const batch = queue.splice(0, MAX_BATCH);
        let indices: number[];
        try {
          indices = await withContext(db, SYSTEM_CONTEXT, (trx) => appendEntries(trx, batch));
        } catch (e) {
          for (const w of batch) w.reject(e);
          continue;
        }
        batch.forEach((w, i) => w.resolve({ index: indices[i]!, leafHash: leafHash(w.data).toString('hex') }));
        if (checkpointEvery > 0) {
          const size = indices.at(-1)! + 1;
          if (lastCheckpointSize < 0) lastCheckpointSize = Number((await repo.latestCheckpoint(db))?.size ?? 0);
          if (size - lastCheckpointSize >= checkpointEvery) lastCheckpointSize = (await service.issueCheckpoint()).size;
        }
      }
    } finally {
      draining = false;
    }
  }

  async function key(q: Db | Tx): Promise<{ origin: string; seed: Buffer; sm2Key: Buffer | null }> {
    let k = await repo.findKey(q);
    if (!k) {
      await repo.insertKeyIfAbsent(q, origin, newSeed());
      k = await repo.findKey(q);
      if (!k) throw new Error('transparency: no log key after insert');
    }
    if (!k.sm2Key && sm2Available()) {
      await repo.setSm2KeyIfAbsent(q, newSm2Key());
      k = (await repo.findKey(q))!;
    }
    return k;
  }

  async function rootAt(q: Db | Tx, size: number): Promise<Buffer> {
    return withNodes((keys) => repo.findNodes(q, keys), (get) => rangeHash(get, 0, size));
  }

  async function checkSize(q: Db | Tx, field: string, size: number): Promise<number> {
    const current = await repo.treeSize(q);
    if (size > current) throw new AppError('transparency.size_beyond_tree', `${field}: the log has ${current} entries, not ${size}`, { field });
    return current;
  }

  const service = {
    /** Publishes inside the caller's transaction; the sequencer row stays locked until it ends. */
    async publish(trx: Tx, kind: string, payload: unknown): Promise<Published> {
      const data = entryBytes(kind, payload, now());
      const [index] = await appendEntries(trx, [{ kind, data, refs: sha256Refs(payload) }]);
      return { index, leafHash: leafHash(data).toString('hex') };
    },

    /**
     * Publishes in a transaction of its own, batched with the other calls waiting at that moment
     * (one transaction, one lock for all of them). Resolves once the entry is committed in the tree.
     */
    publishNow(kind: string, payload: unknown): Promise<Published> {
      const data = entryBytes(kind, payload, now());
      checkEntry(kind, data); // a bad call fails alone, not its batch
      return new Promise<Published>((resolve, reject) => {
        queue.push({ kind, data, refs: sha256Refs(payload), resolve, reject });
        if (!draining) {
          draining = true;
          queueMicrotask(() => void drain());
        }
      });
    },

    /** Several entries in the caller's transaction, under one lock. */
    async publishMany(trx: Tx, items: { kind: string; payload: unknown }[]): Promise<Published[]> {
      const rows = items.map(({ kind, payload }) => ({ kind, data: entryBytes(kind, payload, now()), refs: sha256Refs(payload) }));
      const indices = await appendEntries(trx, rows);
      return rows.map((r, i) => ({ index: indices[i]!, leafHash: leafHash(r.data).toString('hex') }));
    },

    /** Signs a checkpoint of the current tree unless one of this size exists already. */
    async issueCheckpoint(): Promise<CheckpointView> {
      return withContext(db, SYSTEM_CONTEXT, async (trx) => {
        const size = await repo.lockTree(trx);
        const existing = await repo.findCheckpoint(trx, size);
        if (existing) return view(existing);
        const k = await key(trx);
        const root = await rootAt(trx, size);
        const signed = signNote(checkpointBody(k.origin, size, root), k.origin, k.seed);
        const note = k.sm2Key ? addSm2Signature(signed, k.origin, k.sm2Key) : signed;
        await repo.insertCheckpoint(trx, { size, root, note });
        return view({ size, root, note, createdAt: now() });
      });
    },

    /** The newest checkpoint; the first request on an empty log issues one. */
    async latestCheckpoint(): Promise<CheckpointView> {
      const c = await repo.latestCheckpoint(db);
      return c ? withCosignatures(db, c) : service.issueCheckpoint();
    },

    async checkpointAt(size: number): Promise<CheckpointView> {
      const c = await repo.findCheckpoint(db, size);
      if (!c) throw new AppError('transparency.checkpoint_not_found', `size: no checkpoint was issued at tree size ${size}`, { field: 'size' });
      return withCosignatures(db, c);
    },

    /** The configured witness keys (cosignature/v1 vkeys). */
    witnessVkeys(): string[] {
      return witnessVkeys;
    },

    /**
     * Stores a witness's cosignature line of the checkpoint of `size`, once it verifies under a
     * configured witness key (a witness may also push its line: POST /api/transparency/cosignatures).
     */
    async addCosignature(size: number, line: string): Promise<CheckpointView> {
      const c = await repo.findCheckpoint(db, size);
      if (!c) throw new AppError('transparency.checkpoint_not_found', `size: no checkpoint was issued at tree size ${size}`, { field: 'size' });
      const name = /^\u2014 (\S+) [A-Za-z0-9+/=]+$/.exec(line)?.[1];
      const key = name ? witnessKeys.get(name) : undefined;
      if (!key) throw new AppError('transparency.witness_unknown', `line: not a cosignature line of a configured witness`, { field: 'line' });
      try {
        verifyCosignature(`${c.note}${line}\n`, key);
      } catch (e) {
        if (e instanceof NoteError) throw new AppError('transparency.bad_cosignature', `line: ${e.message}`, { field: 'line' });
        throw e;
      }
      await repo.insertCosignature(db, { size, witness: key.name, line });
      return withCosignatures(db, c);
    },

    /**
     * Asks every configured witness to cosign the newest checkpoint: sends it with a consistency
     * proof from the last size that witness cosigned (tlog-witness add-checkpoint; on a conflict
     * the witness names its size and the request is repeated once from there).
     */
    async requestCosignatures(): Promise<{ witness: string; ok: boolean; error?: string }[]> {
      const cp = await repo.latestCheckpoint(db);
      if (!cp) return [];
      const size = Number(cp.size);
      const out: { witness: string; ok: boolean; error?: string }[] = [];
      for (const w of witnesses) {
        const ask = async (oldSize: number) => {
          const proof = oldSize === 0 || oldSize >= size ? [] : await withNodes((keys) => repo.findNodes(db, keys), (get) => consistencyProof(get, oldSize, size));
          return w.addCheckpoint({ oldSize, proof, checkpoint: cp.note });
        };
        try {
          let line: string;
          try {
            line = await ask(await repo.lastCosignedSize(db, w.name));
          } catch (e) {
            if (!(e instanceof WitnessError && e.code === 'witness.conflict' && e.size !== undefined)) throw e;
            line = await ask(e.size);
          }
          await service.addCosignature(size, line);
          out.push({ witness: w.name, ok: true });
        } catch (e) {
          out.push({ witness: w.name, ok: false, error: e instanceof Error ? `${(e as { code?: string }).code ?? 'error'}: ${e.message}` : String(e) });
        }
      }
      return out;
    },

    async vkey(): Promise<string> {
      const k = await key(db);
      return vkeyOf(k.origin, k.seed);
    },

    /** The SM2 verifier key of the log (see sm2.ts), or null where Node offers no SM2. */
    async sm2Vkey(): Promise<string | null> {
      const k = await key(db);
      return k.sm2Key ? sm2VkeyOf(k.origin, k.sm2Key) : null;
    },

    /** Tile bytes, or undefined when the tile does not exist (yet) at that width. */
    async tile(level: number, index: number, width: number): Promise<Buffer | undefined> {
      const size = await repo.treeSize(db);
      if (tileWidth(level, index, size) < width) return undefined;
      const hashes = await repo.nodeRange(db, level * TILE_HEIGHT, index * TILE_WIDTH, width);
      return hashes.length === width ? Buffer.concat(hashes) : undefined;
    },

    async entryBundle(index: number, width: number): Promise<Buffer | undefined> {
      const size = await repo.treeSize(db);
      if (tileWidth(0, index, size) < width) return undefined;
      const data = await repo.entryRange(db, index * TILE_WIDTH, width);
      return data.length === width ? encodeBundle(data) : undefined;
    },

    async entry(index: number) {
      const e = await repo.findEntry(db, index);
      if (!e) throw new AppError('transparency.entry_not_found', `index: the log has no entry ${index}`, { field: 'index' });
      return { index: Number(e.idx), kind: e.kind, data: e.data.toString('utf8'), leafHash: e.leafHash.toString('base64'), createdAt: e.createdAt.toISOString() };
    },

    async listEntries(f: { kind?: string; before?: number; limit: number }) {
      const rows = await repo.listEntries(db, f);
      return rows.map((e) => ({ index: Number(e.idx), kind: e.kind, data: e.data.toString('utf8'), leafHash: e.leafHash.toString('base64'), createdAt: e.createdAt.toISOString() }));
    },

    /** Entries that name a file with this SHA-256 (hex), e.g. the decision that issued a document. */
    async entriesBySha256(sha256Hex: string) {
      return (await repo.entriesBySha256(db, Buffer.from(sha256Hex, 'hex'))).map((e) => ({ index: e.idx, kind: e.kind }));
    },

    /** Inclusion proof of entry `index` in the tree of `size` (default: the newest checkpoint's). */
    async inclusionProof(index: number, size?: number) {
      const treeSize = size ?? (await service.latestCheckpoint()).size;
      await checkSize(db, 'size', treeSize);
      if (index >= treeSize) throw new AppError('transparency.entry_not_in_tree', `index: entry ${index} is not in a tree of ${treeSize} entries`, { field: 'index' });
      const e = await repo.findEntry(db, index);
      if (!e) throw new AppError('transparency.entry_not_found', `index: the log has no entry ${index}`, { field: 'index' });
      const proof = await withNodes((keys) => repo.findNodes(db, keys), (get) => inclusionProof(get, index, treeSize));
      const root = await rootAt(db, treeSize);
      return { index, size: treeSize, leafHash: e.leafHash.toString('base64'), root: root.toString('base64'), proof: proof.map((p) => p.toString('base64')) };
    },

    async consistencyProof(first: number, second: number) {
      if (first > second) throw invalid('first', 'must not be larger than second', '不能大于 second');
      await checkSize(db, 'second', second);
      const proof = await withNodes((keys) => repo.findNodes(db, keys), (get) => consistencyProof(get, first, second));
      return {
        first, second, firstRoot: (await rootAt(db, first)).toString('base64'), secondRoot: (await rootAt(db, second)).toString('base64'),
        proof: proof.map((p) => p.toString('base64')),
      };
    },

    async treeSize(): Promise<number> {
      return repo.treeSize(db);
    },

    /** Checkpoint job: a new checkpoint when the tree grew since the last one. */
    async checkpointIfGrown(): Promise<CheckpointView | null> {
      const [size, last] = await Promise.all([repo.treeSize(db), repo.latestCheckpoint(db)]);
      if (last && Number(last.size) === size) return null;
      return service.issueCheckpoint();
    },

    /**
     * Publishes the internal audit chain head (seq, hash) when it moved: cutting the audit tail
     * and resetting the head then contradicts a public entry.
     */
    async anchorAuditHead(): Promise<Published | null> {
      return withContext(db, SYSTEM_CONTEXT, async (trx) => {
        const head = await findAuditHead(trx);
        const last = await repo.listEntries(trx, { kind: 'audit.head', limit: 1 });
        if (last[0]) {
          const prev = JSON.parse(last[0].data.toString('utf8')) as { payload: { seq: number; hash: string } };
          if (prev.payload.seq === head.seq && prev.payload.hash === head.hash) return null;
        }
        return service.publish(trx, 'audit.head', { seq: head.seq, hash: head.hash });
      });
    },

    /**
     * Compares the internal audit chain with the newest head published in the log: the head
     * must not be behind it and the entry at the logged seq must still carry the logged hash.
     */
    async checkAuditAgainstLog(): Promise<{ ok: boolean; loggedSeq: number | null; problem?: 'head_behind_log' | 'entry_changed' }> {
      return withContext(db, SYSTEM_CONTEXT, async (trx) => {
        const last = await repo.listEntries(trx, { kind: 'audit.head', limit: 1 });
        if (!last[0]) return { ok: true, loggedSeq: null };
        const logged = (JSON.parse(last[0].data.toString('utf8')) as { payload: { seq: number; hash: string } }).payload;
        const head = await findAuditHead(trx);
        if (head.seq < logged.seq) return { ok: false, loggedSeq: logged.seq, problem: 'head_behind_log' };
        const [entry] = await auditEntriesAfter(trx, logged.seq - 1, 1);
        // An entry purged by retention is covered by the audit anchors, not by this check.
        if (entry && entry.seq === logged.seq && entry.hash !== logged.hash) return { ok: false, loggedSeq: logged.seq, problem: 'entry_changed' };
        return { ok: true, loggedSeq: logged.seq };
      });
    },

    async registerJobs(jobs: Jobs) {
      await jobs.work(CHECKPOINT_QUEUE, async () => { if (await service.checkpointIfGrown()) await service.requestCosignatures(); });
      await jobs.schedule(CHECKPOINT_QUEUE, '*/5 * * * *');
      await jobs.work(AUDIT_ANCHOR_QUEUE, async () => { await service.anchorAuditHead(); await service.checkpointIfGrown(); });
      await jobs.schedule(AUDIT_ANCHOR_QUEUE, '*/15 * * * *');
    },
  };
  return service;
}

export type TransparencyService = ReturnType<typeof createTransparencyService>;
