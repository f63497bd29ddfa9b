/**
 * Exchange between the internet side and the intranet (内外网数据交换): a registry of record kinds,
 * export of the next package to a peer, import (all checks first, then a dry run or an
 * all-or-nothing apply), receipts back, and the channel status the administrator reads.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as x509 from '@peculiar/x509';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { withContext, SYSTEM_CONTEXT, type Tx } from '../db/context.ts';
import { AppError } from '../http/errors.ts';
import type { AuditService } from '../audit/index.ts';
import type { ActingUser } from '../http/actor.ts';
import { open, openFile, seal, sealToFile, sha256OfFile, PackageRefused, join, isPart, split, sealField, openField, type Checkpoint, type Body, type FileSource, type PackageRecord } from './package.ts';
import type { RecordResult, SiteRole } from './exchange.tables.ts';

export type { RecordResult, SiteRole };

/** CONTRACTS §4: a kind of record that crosses between the sites. */
export interface ExchangeKind {
  kind: string;
  direction: 'to-intranet' | 'to-internet';
  /** The tables this kind reads (sender) and writes (receiver): declared, listed in exchange.declarations.test.ts. */
  tables: string[];
  /**
   * Changed records since the cursor, in the system context of the sender. `sealed.seal(value, recordId)`
   * encrypts a confidential value once more for the receiving site (see package.ts sealField).
   */
  collect(trx: Tx, since: string | null, limit: number, sealed?: SealedFields):
    Promise<{ records: { id: string; version: string; data: unknown; files: string[] }[]; cursor: string | null }>;
  /**
   * Idempotent apply on the receiver (upsert by id/version); throws AppError to reject the record. Files carried are in
   * `files` by SHA-256; `sealed.open(value, recordId)` opens a sealed value (throws exchange.record_rejected when it cannot).
   */
  apply(trx: Tx, record: { id: string; version: string; data: unknown }, files?: ReadonlyMap<string, Buffer>, sealed?: SealedFields): Promise<'applied' | 'unchanged'>;
  /** The bytes of a file the kind's records name (default: the platform file store). */
  readFile?(sha256: string): Promise<Buffer | undefined>;
  /** Streams a file the kind's records name, for packages written to a file (large files: map layers); else readFile, else the store. */
  openFile?(sha256: string): Promise<Readable | undefined>;
}

/** Confidential values of a record, sealed for the receiving site (CONTRACTS §4). */
export interface SealedFields {
  seal(value: string, recordId: string): string;
  open(sealed: string, recordId: string): string;
}

/** Shape of pki's server/src/platform/pki/index.ts (CONTRACTS §3), built in parallel; the integrator replaces it with the import. */
export interface PkiService {
  siteIdentity(): Promise<{ privateKeyPem: string; certificatePem: string; chainPem: string[] }>;
  verifyCertificate(certificatePem: string, opts?: { at?: Date; trustAnchorsPem?: string[]; crlPem?: string[] }):
    Promise<{ ok: true; subject: string; serial: string; fingerprint256: string }
      | { ok: false; reason: 'malformed' | 'untrusted' | 'expired' | 'not-yet-valid' | 'revoked' }>;
  /** This site's newest CRL (PEM); carried in every package so the peer honours revocations at once. */
  crlPem?(): Promise<string>;
}

/** What the exchange needs of the transparency module (its index's service fits). */
export interface TransparencyLog {
  latestCheckpoint(): Promise<{ size: number; root: string; note: string }>;
  consistencyProof(first: number, second: number): Promise<{ proof: string[]; firstRoot: string }>;
  /** RFC 9162 §2.1.4.2: does (second, secondRoot) extend (first, firstRoot)? (transparency's merkle check) */
  verifyConsistency(first: number, second: number, proof: readonly Uint8Array[], firstRoot: Uint8Array, secondRoot: Uint8Array): boolean;
}

export interface ExchangeDeps {
  db: Db;
  audit: AuditService;
  site: string;
  role: SiteRole | 'all';
  packageDays: number;
  /** Reads a file by SHA-256 for kinds without their own readFile (the platform file store). */
  readBlob(sha256: string): Promise<Buffer | undefined>;
  /** Streams a file by SHA-256 (the platform file store), for packages written to a file; else readBlob. */
  openBlob?(sha256: string): Promise<Readable | undefined>;
  pki?: PkiService;
  transparency?: TransparencyLog;
  now?: () => Date;
}

export interface PeerCard { site: string; role: SiteRole; signPublicKey: string; encryptPublicKey: string; certificate?: string | null }

export interface ImportResult {
  peer: string; seq: number; hash: string; dryRun: boolean;
  results: RecordResult[];
  receipts: { seq: number; applied: number; rejected: number }[];
}

class DryRunDone extends Error {
  readonly result: ImportResult;
  constructor(result: ImportResult) { super('dry run'); this.result = result; }
}

const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** A 32-byte secret of this database (platform.secrets), read without the process cache: two sites may share a process in tests. */
async function secret(db: Db, name: string): Promise<Buffer> {
  await db.insertInto('platform.secrets').values({ name, value: crypto.randomBytes(32) }).onConflict((oc) => oc.column('name').doNothing()).execute();
  return (await db.selectFrom('platform.secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow()).value;
}

/** The sender a package's clear header names, read leniently (a cut or damaged file is still listed under its sender). */
function peekSender(bytes: Buffer): string {
  try {
    const h = JSON.parse(bytes.subarray(8, 8 + Math.min(bytes.readUInt32BE(4), 4096)).toString('utf8')) as { sender?: unknown };
    return typeof h.sender === 'string' && /^[a-z][a-z0-9-]{1,39}$/.test(h.sender) ? h.sender : '';
  } catch {
    return '';
  }
}

const pem = (k: crypto.KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();

/** When a CRL (PEM) was issued; null when it is not a CRL. */
/**
 * Whether a CRL should replace the stored one: issued later, or in the same second with other
 * content (thisUpdate has one-second resolution, and a certificate revoked in the second of the
 * last CRL must not be ignored).
 */
function replacesCrl(candidatePem: string, storedPem: string | undefined): boolean {
  if (storedPem === undefined) return true;
  const a = crlIssuedAt(candidatePem);
  const b = crlIssuedAt(storedPem) ?? 0;
  return a !== null && (a > b || (a === b && candidatePem.trim() !== storedPem.trim()));
}

function crlIssuedAt(crlPem: string): number | null {
  try { return new x509.X509Crl(crlPem).thisUpdate.getTime(); } catch { return null; }
}

const SERIAL = /^[0-9a-f]{1,40}$/;

/** The first bytes of a file (its clear header). */
async function headOf(file: string): Promise<Buffer> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const b = Buffer.alloc(8 + 4096);
    const { bytesRead } = await fh.read(b, 0, b.length, 0);
    return b.subarray(0, bytesRead);
  } finally { await fh.close(); }
}

/** The PEM certificates of a bundle, in order. */
function pemBlocks(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

export function createExchangeService(deps: ExchangeDeps) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());
  const kinds = new Map<string, ExchangeKind>();
  let keys: Promise<{ sign: crypto.KeyObject; signPublic: string; certificate: string | null; encrypt: crypto.KeyObject; encryptPublic: string }> | null = null;

  function siteKeys() {
    keys ??= (async () => {
      const encrypt = crypto.createPrivateKey({ key: Buffer.concat([X25519_PKCS8, await secret(db, 'exchange-x25519')]), format: 'der', type: 'pkcs8' });
      if (deps.pki) {
        // The site's certificate from the platform CA (pki); its key signs the manifests.
        const id = await deps.pki.siteIdentity();
        const sign = crypto.createPrivateKey(id.privateKeyPem);
        // The card carries the certificate followed by the issuing CA chain: the peer pins that CA
        // when it registers the card (each site may run its own platform CA).
        const certificate = [id.certificatePem.trim(), ...id.chainPem.map((c) => c.trim())].join('\n') + '\n';
        return { sign, signPublic: pem(crypto.createPublicKey(sign)), certificate, encrypt, encryptPublic: pem(crypto.createPublicKey(encrypt)) };
      }
      // Until the PKI is wired: an Ed25519 key kept in platform.secrets, its public key handed over out of band.
      const sign = crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, await secret(db, 'exchange-ed25519')]), format: 'der', type: 'pkcs8' });
      return { sign, signPublic: pem(crypto.createPublicKey(sign)), certificate: null, encrypt, encryptPublic: pem(crypto.createPublicKey(encrypt)) };
    })();
    keys.catch(() => { keys = null; });
    return keys;
  }

  function requireRole(): SiteRole {
    if (deps.role === 'all') throw new AppError('exchange.wrong_site_role', 'this site runs with SITE_ROLE=all: it holds everything and exchanges nothing (set internet or intranet)');
    return deps.role;
  }
  const outDirection = (role: SiteRole) => (role === 'internet' ? 'to-intranet' : 'to-internet');

  async function peerRow(q: Db | Tx, site: string) {
    const p = await q.selectFrom('exchange.peers').selectAll().where('site', '=', site).executeTakeFirst();
    if (!p) throw new AppError('exchange.peer_not_found', `peer: no peer site ${site} is registered`, { field: 'peer' });
    return p;
  }

  async function lockState(trx: Tx, peer: string) {
    await trx.insertInto('exchange.channel_state').values({ peer, sentHash: null, receivedHash: null, peerLogSize: null, peerLogRoot: null, ownLogSizeSent: null })
      .onConflict((oc) => oc.column('peer').doNothing()).execute();
    return trx.selectFrom('exchange.channel_state').selectAll().where('peer', '=', peer).forUpdate().executeTakeFirstOrThrow();
  }

  async function ownCheckpoint(sentSize: number | null): Promise<Checkpoint | null> {
    if (!deps.transparency) return null;
    const cp = await deps.transparency.latestCheckpoint();
    const out: Checkpoint = { size: cp.size, root: cp.root, note: cp.note };
    if (sentSize !== null && sentSize > 0 && sentSize < cp.size) {
      const p = await deps.transparency.consistencyProof(sentSize, cp.size);
      out.consistency = { fromSize: sentSize, fromRoot: p.firstRoot, proof: p.proof };
    }
    return out;
  }

  const service = {
    site: deps.site,
    role: deps.role,

    register(kind: ExchangeKind): void {
      if (kinds.has(kind.kind)) throw new Error(`exchange kind ${kind.kind} registered twice`);
      kinds.set(kind.kind, kind);
    },
    kinds(): ExchangeKind[] {
      return [...kinds.values()];
    },

    /** This site's card: what the other side registers as its peer. */
    async card(): Promise<PeerCard> {
      const k = await siteKeys();
      return { site: deps.site, role: requireRole(), signPublicKey: k.signPublic, encryptPublicKey: k.encryptPublic, certificate: k.certificate };
    },

    async addPeer(actor: ActingUser | null, card: PeerCard): Promise<void> {
      if (!/^[a-z][a-z0-9-]{1,39}$/.test(card.site)) throw new AppError('validation.failed', 'site: lower-case letters, digits and -', { field: 'site' });
      if (card.role !== 'internet' && card.role !== 'intranet') throw new AppError('validation.failed', 'role: internet or intranet', { field: 'role' });
      if (card.role === requireRole()) throw new AppError('validation.failed', `role: the peer of an ${deps.role} site is the other side`, { field: 'role' });
      for (const f of ['signPublicKey', 'encryptPublicKey'] as const) {
        try { crypto.createPublicKey(card[f]); } catch { throw new AppError('validation.failed', `${f}: not a public key (SPKI PEM)`, { field: f }); }
      }
      await withContext(db, SYSTEM_CONTEXT, async (trx) => {
        await trx.insertInto('exchange.peers').values({ site: card.site, role: card.role, signPublicKey: card.signPublicKey, encryptPublicKey: card.encryptPublicKey, certificate: card.certificate ?? null })
          .onConflict((oc) => oc.column('site').doUpdateSet({ signPublicKey: card.signPublicKey, encryptPublicKey: card.encryptPublicKey, certificate: card.certificate ?? null })).execute();
        await audit.record(trx, actor, { action: 'exchange.peer.registered', entityType: 'exchange.peer', entityId: card.site, details: { role: card.role } });
      });
    },

    /**
     * Writes the next package to `peer`: every registered kind's changes since its cursor (up to
     * `limit` per kind), the files they name, the receipts owed, and this site's log checkpoint.
     */
    async exportPackage(actor: ActingUser | null, peerSite: string, opts: { limit?: number; partBytes?: number; dir?: string } = {}) {
      const role = requireRole();
      const k = await siteKeys();
      const peer = await peerRow(db, peerSite);
      const limit = opts.limit ?? 10_000;
      const pre = await db.selectFrom('exchange.channel_state').select('ownLogSizeSent').where('peer', '=', peerSite).executeTakeFirst();
      const checkpoint = await ownCheckpoint(pre?.ownLogSizeSent != null ? Number(pre.ownLogSizeSent) : null);
      const crl = k.certificate && deps.pki?.crlPem ? await deps.pki.crlPem() : null;
      return withContext(db, SYSTEM_CONTEXT, async (trx) => {
        const state = await lockState(trx, peerSite);
        const records: PackageRecord[] = [];
        const fileBytes = new Map<string, Buffer>();
        // Written to a file (opts.dir): files are streamed from the store, never held whole.
        const sources = new Map<string, FileSource>();
        const cursors: { kind: string; cursor: string | null }[] = [];
        for (const kind of kinds.values()) {
          if (kind.direction !== outDirection(role)) continue;
          const c = await trx.selectFrom('exchange.cursors').select('cursor').where('peer', '=', peerSite).where('kind', '=', kind.kind).executeTakeFirst();
          const peerKey = crypto.createPublicKey(peer.encryptPublicKey);
          const sealer: SealedFields = {
            seal: (value, id) => sealField(Buffer.from(value, 'utf8'), peerKey, `${kind.kind}|${id}`),
            open: () => { throw new Error('a sender does not open sealed fields'); },
          };
          const got = await kind.collect(trx, c?.cursor ?? null, limit, sealer);
          for (const r of got.records) {
            records.push({ kind: kind.kind, id: r.id, version: r.version, data: r.data });
            for (const sha of r.files) {
              if (fileBytes.has(sha) || sources.has(sha)) continue;
              const missing = () => new Error(`exchange: file ${sha} of ${kind.kind} ${r.id} is missing from the store`);
              if (opts.dir) {
                const own = kind.readFile;
                const ownStream = kind.openFile;
                sources.set(sha, { sha256: sha, open: async () => {
                  const s = ownStream ? await ownStream(sha) : undefined;
                  if (s) return s;
                  const b = own ? await own(sha) : undefined;
                  if (b) return Readable.from([b]);
                  const st = deps.openBlob ? await deps.openBlob(sha) : undefined;
                  if (st) return st;
                  const whole = await deps.readBlob(sha);
                  if (!whole) throw missing();
                  return Readable.from([whole]);
                } });
                continue;
              }
              const b = (await kind.readFile?.(sha)) ?? (await deps.readBlob(sha));
              if (!b) throw missing();
              fileBytes.set(sha, b);
            }
          }
          cursors.push({ kind: kind.kind, cursor: got.cursor ?? c?.cursor ?? null });
        }
        const due = await trx.selectFrom('exchange.receipts_due').select(['seq', 'results']).where('peer', '=', peerSite).where('sentIn', 'is', null).orderBy('seq').execute();
        const body: Body = { records, receipts: due.map((d) => ({ seq: Number(d.seq), results: d.results })) };
        const seq = Number(state.sentSeq) + 1;
        const created = now();
        const name = `${deps.site}--${peer.site}--${String(seq).padStart(6, '0')}.sxp`;
        const sealInput = {
          manifest: {
            sender: deps.site, recipient: peer.site, channel: `${deps.site}->${peer.site}`, seq, previousHash: state.sentHash,
            createdAt: created.toISOString(), expiresAt: new Date(created.getTime() + deps.packageDays * 86_400_000).toISOString(),
            receipts: due.map((d) => Number(d.seq)), checkpoint, signer: { publicKey: k.signPublic, ...(k.certificate ? { certificate: k.certificate } : {}) },
            ...(crl ? { crl } : {}),
          },
          body, signKey: k.sign, recipientEncryptKey: crypto.createPublicKey(peer.encryptPublicKey),
        };
        let file: string | null = null;
        let inMemory: Buffer | null = null;
        let sealed: { hash: string; size: number };
        if (opts.dir) {
          file = path.join(opts.dir, name);
          const r = await sealToFile({ ...sealInput, files: [...sources.values()] }, file);
          sealed = { hash: r.hash, size: r.bytes };
        } else {
          const r = seal({ ...sealInput, files: [...fileBytes].map(([sha256, bytes]) => ({ sha256, bytes })) });
          inMemory = r.bytes;
          sealed = { hash: r.hash, size: r.bytes.length };
        }
        const fileCount = opts.dir ? sources.size : fileBytes.size;
        await trx.updateTable('exchange.channel_state').set({ sentSeq: String(seq), sentHash: sealed.hash, ownLogSizeSent: checkpoint ? String(checkpoint.size) : state.ownLogSizeSent, updatedAt: created })
          .where('peer', '=', peerSite).execute();
        for (const c of cursors) {
          await trx.insertInto('exchange.cursors').values({ peer: peerSite, kind: c.kind, cursor: c.cursor })
            .onConflict((oc) => oc.columns(['peer', 'kind']).doUpdateSet({ cursor: c.cursor })).execute();
        }
        for (let i = 0; i < records.length; i += 1000) {
          await trx.insertInto('exchange.sent_records').values(records.slice(i, i + 1000).map((r) => ({ peer: peerSite, seq, kind: r.kind, recordId: r.id, version: r.version, reason: null, receiptAt: null })))
            .onConflict((oc) => oc.columns(['peer', 'seq', 'kind', 'recordId']).doNothing()).execute();
        }
        if (due.length) await trx.updateTable('exchange.receipts_due').set({ sentIn: seq }).where('peer', '=', peerSite).where('seq', 'in', due.map((d) => d.seq)).execute();
        await trx.insertInto('exchange.packages').values({ peer: peerSite, direction: 'sent', seq, hash: sealed.hash, records: records.length, files: fileCount, bytes: sealed.size, reason: null }).execute();
        await audit.record(trx, actor, { action: 'exchange.package.exported', entityType: 'exchange.package', entityId: `${peerSite}#${seq}`, details: { records: records.length, files: fileCount, bytes: sealed.size, hash: sealed.hash } });
        const parts = inMemory && opts.partBytes && inMemory.length > opts.partBytes ? split(inMemory, opts.partBytes) : null;
        // In memory (the web page, tests) `bytes` is the package; written to a file, `file` names it.
        return { name, seq, hash: sealed.hash, records: records.length, files: fileCount, receipts: due.length, bytes: inMemory ?? Buffer.alloc(0), size: sealed.size, file, parts };
      });
    },

    /** Joins parts of a split package; reports the missing ones (the administrator copies only those). */
    joinParts(files: Buffer[]): Buffer {
      const single = files.filter((f) => !isPart(f));
      if (single.length === 1 && files.length === 1) return single[0];
      try {
        const j = join(files.filter(isPart));
        if ('missing' in j) throw new AppError('exchange.incomplete', `parts missing: ${j.missing.map((i) => i + 1).join(', ')} of ${j.total}`, { missing: j.missing, total: j.total });
        return j.bytes;
      } catch (e) {
        if (e instanceof PackageRefused) throw new AppError('exchange.refused', `package refused (${e.reason}): ${e.message}`, { reason: e.reason });
        throw e;
      }
    },

    /**
     * Imports a package. Checks first (format, length, recipient, decryption, signature and
     * digests, sender certificate, expiry, sequence, chain, the peer's log growth); any failure
     * refuses the whole package with its reason and changes nothing but the refusal's history line.
     * Then every record is applied in one transaction (each in a savepoint: a record the kind
     * rejects is reported as rejected in the receipt). `dryRun` rolls the transaction back and
     * only reports what would change.
     */
    async importPackage(actor: ActingUser | null, src: Buffer | { file: string }, opts: { dryRun?: boolean } = {}): Promise<ImportResult> {
      const role = requireRole();
      const dryRun = opts.dryRun ?? false;
      let seqSeen = 0;
      let senderSeen = '';
      // A package file is read as a stream (its files spooled to a temporary directory, removed after).
      const bytes = Buffer.isBuffer(src) ? src : null;
      const fileIn = Buffer.isBuffer(src) ? '' : src.file;
      const size = bytes ? bytes.length : (await fs.promises.stat(fileIn)).size;
      let spool: string | null = null;
      try {
        const k = await siteKeys();
        senderSeen = peekSender(bytes ?? await headOf(fileIn));
        const peers = await db.selectFrom('exchange.peers').selectAll().execute();
        const keyOf = (site: string) => {
          const p = peers.find((x) => x.site === site);
          if (!p) return null;
          return p.certificate ? new crypto.X509Certificate(pemBlocks(p.certificate)[0]!).publicKey : crypto.createPublicKey(p.signPublicKey);
        };
        const me = { site: deps.site, encryptKey: k.encrypt };
        if (!bytes) spool = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sunland-exchange-'));
        const opened = bytes ? open(bytes, me, keyOf) : await openFile(fileIn, me, keyOf, spool!);
        const m = opened.manifest;
        seqSeen = m.seq;
        const peer = peers.find((x) => x.site === m.sender)!;
        let newCrl: string | null = null;
        if (peer.certificate && deps.pki) {
          const [leaf, ...chain] = pemBlocks(peer.certificate);
          // Revocation is honoured at once: the peer's CRL stored here, the one this package carries
          // (each only counts when signed by the peer's pinned CA), and certificates revoked on this side.
          const stored = await db.selectFrom('exchange.peer_crls').select('crlPem').where('peer', '=', peer.site).executeTakeFirst();
          const crlPem = [stored?.crlPem, m.crl].filter((c): c is string => typeof c === 'string' && c.length > 0);
          // Checked against the CA chain pinned from the peer's card, or this site's own CA when the card had none.
          const v = await deps.pki.verifyCertificate(leaf!, { at: now(), ...(chain.length ? { trustAnchorsPem: chain } : {}), crlPem });
          if (!v.ok) throw new PackageRefused('certificate-refused', `the sender's certificate is ${v.reason}`, m.seq);
          const here = await db.selectFrom('exchange.peer_revocations').select(['reason', 'revokedAt']).where('peer', '=', peer.site).where('serial', '=', v.serial).executeTakeFirst();
          if (here) throw new PackageRefused('certificate-refused', `the sender's certificate ${v.serial} was revoked on this site (${here.reason}, ${here.revokedAt.toISOString()})`, m.seq);
          const carried = typeof m.crl === 'string' ? crlIssuedAt(m.crl) : null;
          if (carried !== null && replacesCrl(m.crl!, stored?.crlPem)) newCrl = m.crl!;
        }
        if (new Date(m.expiresAt).getTime() < now().getTime()) throw new PackageRefused('expired', `the package expired at ${m.expiresAt}`, m.seq);
        const result = await withContext(db, SYSTEM_CONTEXT, async (trx) => {
          const state = await lockState(trx, peer.site);
          const last = Number(state.receivedSeq);
          if (m.seq <= last) throw new PackageRefused('replayed', `package ${m.seq} was already received (last accepted: ${last})`, m.seq);
          if (m.seq !== last + 1) throw new PackageRefused('out-of-order', `package ${m.seq} arrived before ${last + 1}${last + 1 < m.seq - 1 ? `–${m.seq - 1}` : ''}`, m.seq);
          if (m.previousHash !== state.receivedHash) throw new PackageRefused('chain-broken', `package ${m.seq} does not follow the package last accepted`, m.seq);
          let peerLog: { size: number; root: string } | null = state.peerLogSize != null ? { size: Number(state.peerLogSize), root: state.peerLogRoot! } : null;
          if (m.checkpoint) {
            const cp = m.checkpoint;
            if (peerLog) {
              if (cp.size < peerLog.size) throw new PackageRefused('log-shrunk', `the sender's log shrank from ${peerLog.size} to ${cp.size} entries`, m.seq);
              if (cp.size === peerLog.size && cp.root !== peerLog.root) throw new PackageRefused('log-shrunk', `the sender's log of ${cp.size} entries changed its root`, m.seq);
              if (cp.size > peerLog.size) {
                const c = cp.consistency;
                const ok = c && c.fromSize === peerLog.size && c.fromRoot === peerLog.root
                  && deps.transparency !== undefined && deps.transparency.verifyConsistency(peerLog.size, cp.size, c.proof.map((p) => Buffer.from(p, 'base64')), Buffer.from(peerLog.root, 'base64'), Buffer.from(cp.root, 'base64'));
                if (!ok) throw new PackageRefused('log-shrunk', `the sender's log of ${cp.size} entries is not proven to extend the one of ${peerLog.size} seen before`, m.seq);
              }
            }
            peerLog = { size: cp.size, root: cp.root };
          }

          // Receipts for our packages.
          const receipts: ImportResult['receipts'] = [];
          for (const r of opened.body.receipts) {
            let applied = 0;
            let rejected = 0;
            for (const x of r.results) {
              await trx.updateTable('exchange.sent_records').set({ status: x.status, reason: x.reason ?? null, receiptAt: now() })
                .where('peer', '=', peer.site).where('seq', '=', r.seq).where('kind', '=', x.kind).where('recordId', '=', x.id).execute();
              if (x.status === 'rejected') rejected++; else applied++;
            }
            receipts.push({ seq: r.seq, applied, rejected });
          }

          // Records, each in a savepoint.
          const results: RecordResult[] = [];
          const inbound = role === 'intranet' ? 'to-intranet' : 'to-internet';
          for (const [i, r] of opened.body.records.entries()) {
            const kind = kinds.get(r.kind);
            if (!kind || kind.direction !== inbound) {
              results.push({ kind: r.kind, id: r.id, version: r.version, status: 'rejected', reason: `this site takes no ${r.kind} records` });
              continue;
            }
            await sql.raw(`savepoint rec_${i}`).execute(trx);
            try {
              const opener: SealedFields = {
                seal: () => { throw new Error('a receiver does not seal'); },
                open: (value, id) => {
                  try { return openField(value, k.encrypt, `${r.kind}|${id}`).toString('utf8'); } catch {
                    throw new AppError('exchange.record_rejected', `${r.kind} ${id}: a sealed value was not sealed for this site and record`);
                  }
                },
              };
              const status = await kind.apply(trx, { id: r.id, version: r.version, data: r.data }, opened.files, opener);
              await sql.raw(`release savepoint rec_${i}`).execute(trx);
              results.push({ kind: r.kind, id: r.id, version: r.version, status });
            } catch (e) {
              if (!(e instanceof AppError)) throw e;
              await sql.raw(`rollback to savepoint rec_${i}`).execute(trx);
              results.push({ kind: r.kind, id: r.id, version: r.version, status: 'rejected', reason: `${e.code}: ${e.message}` });
            }
          }

          await trx.updateTable('exchange.channel_state').set({
            receivedSeq: String(m.seq), receivedHash: opened.hash,
            peerLogSize: peerLog ? String(peerLog.size) : null, peerLogRoot: peerLog?.root ?? null, updatedAt: now(),
          }).where('peer', '=', peer.site).execute();
          await trx.insertInto('exchange.receipts_due').values({ peer: peer.site, seq: m.seq, results: JSON.stringify(results), sentIn: null }).execute();
          if (newCrl) {
            await trx.insertInto('exchange.peer_crls').values({ peer: peer.site, crlPem: newCrl })
              .onConflict((oc) => oc.column('peer').doUpdateSet({ crlPem: newCrl, updatedAt: now() })).execute();
          }
          await trx.insertInto('exchange.packages').values({ peer: peer.site, direction: 'received', seq: m.seq, hash: opened.hash, records: results.length, files: opened.files.size, bytes: size, reason: null }).execute();
          await audit.record(trx, actor, {
            action: 'exchange.package.imported', entityType: 'exchange.package', entityId: `${peer.site}#${m.seq}`,
            details: { hash: opened.hash, applied: results.filter((x) => x.status === 'applied').length, unchanged: results.filter((x) => x.status === 'unchanged').length, rejected: results.filter((x) => x.status === 'rejected').length },
          });
          const out: ImportResult = { peer: peer.site, seq: m.seq, hash: opened.hash, dryRun, results, receipts };
          if (dryRun) throw new DryRunDone(out);
          return out;
        });
        return result;
      } catch (e) {
        if (e instanceof DryRunDone) return e.result;
        if (!(e instanceof PackageRefused)) throw e;
        if (!dryRun) {
          await withContext(db, SYSTEM_CONTEXT, async (trx) => {
            await trx.insertInto('exchange.packages').values({
              peer: senderSeen || 'unknown', direction: 'refused', seq: e.seq || seqSeen, hash: bytes ? crypto.createHash('sha256').update(bytes).digest('hex') : await sha256OfFile(fileIn),
              records: 0, files: 0, bytes: size, reason: `${e.reason}: ${e.message}`,
            }).execute();
            await audit.record(trx, actor, { action: 'exchange.package.refused', entityType: 'exchange.package', entityId: `${senderSeen || 'unknown'}#${e.seq || seqSeen}`, details: { reason: e.reason, message: e.message } });
          });
        }
        throw new AppError('exchange.refused', `package refused (${e.reason}): ${e.message}`, { reason: e.reason, seq: e.seq || seqSeen });
      } finally {
        if (spool) await fs.promises.rm(spool, { recursive: true, force: true });
      }
    },

    /**
     * Refuses a peer's certificate on this side at once (e.g. its key is reported lost before its
     * CA's CRL arrives): every later package signed with it is refused (`certificate-refused`).
     */
    async revokePeerCertificate(actor: ActingUser | null, peerSite: string, serial: string, reason: string): Promise<void> {
      const s = serial.toLowerCase().replace(/^0+(?=.)/, '');
      if (!SERIAL.test(s)) throw new AppError('validation.failed', 'serial: the certificate serial number in hex', { field: 'serial' });
      if (!reason.trim() || reason.length > 200) throw new AppError('validation.failed', 'reason: 1–200 characters', { field: 'reason' });
      await peerRow(db, peerSite);
      await withContext(db, SYSTEM_CONTEXT, async (trx) => {
        await trx.insertInto('exchange.peer_revocations').values({ peer: peerSite, serial: s, reason: reason.trim() })
          .onConflict((oc) => oc.columns(['peer', 'serial']).doNothing()).execute();
        await audit.record(trx, actor, { action: 'exchange.peer.certificate_revoked', entityType: 'exchange.peer', entityId: peerSite, details: { serial: s, reason: reason.trim() } });
      });
    },

    /** Stores a peer CA's CRL (its /pki/crl.pem, carried over by hand); only a CRL signed by the peer's pinned CA is taken. */
    async addPeerCrl(actor: ActingUser | null, peerSite: string, crlPem: string): Promise<void> {
      const peer = await peerRow(db, peerSite);
      const issued = crlIssuedAt(crlPem);
      if (issued === null) throw new AppError('validation.failed', 'crl: not a CRL (PEM)', { field: 'crl' });
      const chain = peer.certificate ? pemBlocks(peer.certificate).slice(1) : [];
      const signedByPeer = await Promise.all(chain.map(async (c) => {
        try { return await new x509.X509Crl(crlPem).verify({ publicKey: new x509.X509Certificate(c).publicKey }); } catch { return false; }
      }));
      if (!signedByPeer.some(Boolean)) throw new AppError('validation.failed', `crl: not signed by the CA of ${peerSite}`, { field: 'crl' });
      await withContext(db, SYSTEM_CONTEXT, async (trx) => {
        const stored = await trx.selectFrom('exchange.peer_crls').select('crlPem').where('peer', '=', peerSite).executeTakeFirst();
        if (!replacesCrl(crlPem, stored?.crlPem)) return;
        await trx.insertInto('exchange.peer_crls').values({ peer: peerSite, crlPem })
          .onConflict((oc) => oc.column('peer').doUpdateSet({ crlPem, updatedAt: now() })).execute();
        await audit.record(trx, actor, { action: 'exchange.peer.crl_updated', entityType: 'exchange.peer', entityId: peerSite, details: { thisUpdate: new Date(issued).toISOString() } });
      });
    },

    /** Per peer: last sequence sent and received, records pending/delivered/rejected, the last packages. */
    async status() {
      return withContext(db, SYSTEM_CONTEXT, async (trx) => {
        const peers = await trx.selectFrom('exchange.peers').select(['site', 'role']).orderBy('site').execute();
        const out = [];
        for (const p of peers) {
          const st = await trx.selectFrom('exchange.channel_state').selectAll().where('peer', '=', p.site).executeTakeFirst();
          const counts = await trx.selectFrom('exchange.sent_records').select(['status', sql<number>`count(*)::int`.as('n')]).where('peer', '=', p.site).groupBy('status').execute();
          const n = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
          const last = await trx.selectFrom('exchange.packages').select(['direction', 'at']).where('peer', '=', p.site).orderBy('id', 'desc').limit(1).executeTakeFirst();
          out.push({
            peer: p.site, role: p.role,
            sentSeq: Number(st?.sentSeq ?? 0), receivedSeq: Number(st?.receivedSeq ?? 0),
            pending: n('pending'), delivered: n('applied') + n('unchanged'), rejected: n('rejected'),
            receiptsOwed: Number((await trx.selectFrom('exchange.receipts_due').select(sql<number>`count(*)::int`.as('n')).where('peer', '=', p.site).where('sentIn', 'is', null).executeTakeFirstOrThrow()).n),
            peerLogSize: st?.peerLogSize != null ? Number(st.peerLogSize) : null,
            lastActivity: last?.at.toISOString() ?? null,
          });
        }
        return { site: deps.site, role: deps.role, channels: out };
      });
    },

    async history(peer: string, limit = 50) {
      return withContext(db, SYSTEM_CONTEXT, async (trx) => {
        const packages = await trx.selectFrom('exchange.packages').selectAll().where('peer', '=', peer).orderBy('id', 'desc').limit(limit).execute();
        const rejected = await trx.selectFrom('exchange.sent_records').selectAll().where('peer', '=', peer).where('status', '=', 'rejected').orderBy('seq', 'desc').limit(limit).execute();
        const pending = await trx.selectFrom('exchange.sent_records').selectAll().where('peer', '=', peer).where('status', '=', 'pending').orderBy('seq', 'desc').limit(limit).execute();
        const rec = (r: (typeof rejected)[number]) => ({ seq: Number(r.seq), kind: r.kind, id: r.recordId, version: r.version, status: r.status, reason: r.reason });
        return {
          packages: packages.map((p) => ({ direction: p.direction, seq: Number(p.seq), hash: p.hash, records: p.records, files: p.files, bytes: Number(p.bytes), reason: p.reason, at: p.at.toISOString() })),
          rejected: rejected.map(rec), pending: pending.map(rec),
        };
      });
    },
  };
  return service;
}

export type ExchangeService = ReturnType<typeof createExchangeService>;

/** The site name from the settings: EXCHANGE_SITE, else sunland-<SITE_ROLE>. */
export function siteName(env: { SITE_ROLE: string; EXCHANGE_SITE?: string }): string {
  return env.EXCHANGE_SITE ?? `sunland-${env.SITE_ROLE}`;
}
