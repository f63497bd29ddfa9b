/**
 * Anchors of the audit chain outside the database (审计链头锚定). The chain alone cannot show a
 * cut tail: delete the last entries, set audit.chain_head back to the last kept one, and every
 * hash still holds. So at intervals (a pg-boss job) and on shutdown the server signs the head
 * (Ed25519) and appends it to a separate append-only file (AUDIT_ANCHOR_FILE); `audit:verify`
 * compares the chain with the newest anchors there. Further sinks (the transparency log of a
 * later issue) subscribe with `addSink` and receive the same signed head.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '../../env.ts';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import { serverSecret } from '../secrets/secrets.ts';
import { canonicalJson } from './canonical-json.ts';
import * as repo from './audit.repo.ts';
import type { ChainProblem } from './audit.verify.ts';

export interface SignedHead {
  v: 1;
  seq: number;
  hash: string;
  /** When the head was read (ISO). */
  at: string;
  /** Ed25519 public key, raw 32 bytes, base64. */
  key: string;
  /** Ed25519 signature of canonicalJson({v, seq, hash, at, key}), base64. */
  sig: string;
}

/** Where a signed head goes; the file sink is always there, the transparency log adds its own. */
export interface AnchorSink {
  readonly name: string;
  publish(head: SignedHead): Promise<void>;
}

// PKCS#8 prefix of an Ed25519 private key: the 32-byte seed follows.
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The signing key: AUDIT_ANCHOR_KEY (base64 seed) when set, else a secret kept in the database. */
export async function anchorKey(q: Db | Tx, env: Pick<Env, 'AUDIT_ANCHOR_KEY'>): Promise<{ privateKey: crypto.KeyObject; publicKey: string }> {
  const seed = env.AUDIT_ANCHOR_KEY ? Buffer.from(env.AUDIT_ANCHOR_KEY, 'base64') : await serverSecret(q, 'audit-anchor-ed25519');
  const privateKey = crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, seed]), format: 'der', type: 'pkcs8' });
  const spki = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: spki.subarray(spki.length - 32).toString('base64') };
}

const signedPart = (h: Omit<SignedHead, 'sig'>) => Buffer.from(canonicalJson({ v: h.v, seq: h.seq, hash: h.hash, at: h.at, key: h.key }));

export function verifySignature(h: SignedHead): boolean {
  try {
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(h.key, 'base64')]);
    const key = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
    return crypto.verify(null, signedPart(h), key, Buffer.from(h.sig, 'base64'));
  } catch {
    return false;
  }
}

export function anchorFilePath(env: Pick<Env, 'AUDIT_ANCHOR_FILE' | 'dataDir'>): string {
  return env.AUDIT_ANCHOR_FILE ? path.resolve(env.AUDIT_ANCHOR_FILE) : path.join(env.dataDir, 'audit-anchors.jsonl');
}

/** Appends one line and flushes it to disk (O_APPEND: lines of several processes never interleave). */
export function fileSink(file: string): AnchorSink {
  return {
    name: 'file',
    async publish(head) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fd = fs.openSync(file, 'a', 0o640);
      try {
        fs.writeSync(fd, `${JSON.stringify(head)}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

/** The newest `limit` well-formed lines of an anchor file (oldest first); none when it does not exist. */
export function readAnchors(file: string, limit = 100): { anchors: SignedHead[]; malformed: number } {
  if (!fs.existsSync(file)) return { anchors: [], malformed: 0 };
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').slice(-limit);
  const anchors: SignedHead[] = [];
  let malformed = 0;
  for (const l of lines) {
    try {
      const h = JSON.parse(l) as SignedHead;
      if (h.v === 1 && Number.isInteger(h.seq) && typeof h.hash === 'string' && typeof h.sig === 'string') anchors.push(h);
      else malformed++;
    } catch {
      malformed++;
    }
  }
  return { anchors, malformed };
}

export type AnchorProblemKind = 'truncated' | 'rewritten' | 'anchor_invalid';

/**
 * Compares the chain with signed anchors: every anchor must be signed by `publicKey`, and the
 * entry at its seq must still exist with its hash (unless retention removed it: seq ≤ retentionSeq).
 */
export async function checkAnchors(q: Db | Tx, anchors: SignedHead[], publicKey: string): Promise<Array<Omit<ChainProblem, 'kind'> & { kind: AnchorProblemKind }>> {
  const problems: Array<Omit<ChainProblem, 'kind'> & { kind: AnchorProblemKind }> = [];
  const head = await repo.findHead(q);
  const retentionSeq = (await repo.latestAnchor(q))?.seq ?? 0;
  let reportedTail = false;
  for (const a of [...anchors].reverse()) {
    if (a.key !== publicKey || !verifySignature(a)) {
      problems.push({ seq: a.seq, kind: 'anchor_invalid', message: `anchor of ${a.at} for seq ${a.seq} is not signed by this installation's key` });
      continue;
    }
    if (a.seq <= retentionSeq) continue;
    const row = await q.selectFrom('audit.entries').select('hash').where('seq', '=', a.seq).executeTakeFirst();
    if (!row) {
      if (!reportedTail) {
        const count = a.seq - head.seq;
        problems.push({
          seq: head.seq + 1, kind: 'truncated', count,
          message: `signed anchor of ${a.at} names seq ${a.seq}, but the chain ends at seq ${head.seq}: ${count} entr${count === 1 ? 'y' : 'ies'} cut from the tail (and the chain head reset)`,
        });
        reportedTail = true;
      }
      continue;
    }
    if (row.hash !== a.hash) {
      problems.push({ seq: a.seq, kind: 'rewritten', message: `seq ${a.seq} has another hash than the signed anchor of ${a.at}: the chain was rewritten from there on` });
    }
  }
  return problems;
}

export function createAnchorer({ db, env, log }: { db: Db; env: Env; log?: (msg: string, err?: unknown) => void }) {
  const sinks: AnchorSink[] = [fileSink(anchorFilePath(env))];
  let last: { seq: number; hash: string } | null = null;

  /** Signs the current head and hands it to every sink; skipped when the head has not moved since. */
  async function anchorNow(opts: { force?: boolean } = {}): Promise<SignedHead | null> {
    const head = await repo.findHead(db);
    if (!opts.force && last && last.seq === head.seq && last.hash === head.hash) return null;
    const { privateKey, publicKey } = await anchorKey(db, env);
    const unsigned = { v: 1 as const, seq: Number(head.seq), hash: head.hash, at: new Date().toISOString(), key: publicKey };
    const signed: SignedHead = { ...unsigned, sig: crypto.sign(null, signedPart(unsigned), privateKey).toString('base64') };
    for (const s of sinks) {
      try {
        await s.publish(signed);
      } catch (e) {
        log?.(`audit anchor: sink ${s.name} failed`, e);
        if (s.name === 'file') throw e;
      }
    }
    last = { seq: signed.seq, hash: signed.hash };
    return signed;
  }

  return {
    anchorNow,
    /** Another place the signed head goes (e.g. the transparency log); called after the file. */
    addSink(sink: AnchorSink): void {
      sinks.push(sink);
    },
  };
}

export type Anchorer = ReturnType<typeof createAnchorer>;
