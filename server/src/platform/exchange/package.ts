/**
 * The exchange package file (交换包): one file a network administrator carries on a USB stick.
 *
 *   "SXP2" | u32 header length | header JSON | segments
 *
 * The plaintext is encrypted in segments of 64 KiB (AES-256-GCM each, the STREAM construction:
 * nonce = 7-byte prefix | u32 segment index | last-segment flag; every segment authenticated with
 * the header as additional data), so a package of any size is written and read as a stream with
 * bounded memory, and a reordered, cut or extended package fails. The header says only who sends
 * to whom, the ephemeral X25519 key and the plaintext size. The plaintext is
 *
 *   u32 | manifest JSON | u32 | signature | u32 | body JSON | file bytes in manifest order
 *
 * The manifest (sender, recipient, channel, sequence, previous package hash, created/expires,
 * the records' and files' digests, the sender's transparency checkpoint) is signed by the sending
 * site's key; the body and every file must match the digests the manifest lists. The package's
 * hash (the next package's `previousHash`) is the digest of the manifest bytes.
 * Digests use SM3 where Node's OpenSSL offers it, SHA-256 otherwise (named in the manifest).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const MAGIC = Buffer.from('SXP2');
/** Plaintext bytes per encrypted segment. */
export const SEGMENT = 64 * 1024;
const TAG = 16;
const PART_MAGIC = Buffer.from('SXPP');
export const FORMAT = 'sunland-exchange/1';

export type HashAlgorithm = 'sm3' | 'sha256';
export const HASH_ALGORITHM: HashAlgorithm = crypto.getHashes().includes('sm3') ? 'sm3' : 'sha256';

export function digest(bytes: Uint8Array, algorithm: HashAlgorithm = HASH_ALGORITHM): string {
  return crypto.createHash(algorithm).update(bytes).digest('hex');
}

export interface Checkpoint {
  /** The sender's signed checkpoint note (transparency module), with a proof that it extends the one sent before. */
  size: number; root: string; note: string;
  consistency?: { fromSize: number; fromRoot: string; proof: string[] };
}

export interface Manifest {
  format: typeof FORMAT;
  sender: string;
  recipient: string;
  channel: string;
  seq: number;
  previousHash: string | null;
  createdAt: string;
  expiresAt: string;
  hashAlgorithm: HashAlgorithm;
  body: { digest: string; size: number };
  records: { kind: string; id: string; version: string; digest: string }[];
  files: { sha256: string; size: number; digest: string }[];
  receipts: number[];
  checkpoint: Checkpoint | null;
  signer: { publicKey: string; certificate?: string };
  /** The sending site's newest CRL (PEM) when a PKI signs: the receiver remembers it and refuses certificates it lists. */
  crl?: string;
}

export interface PackageRecord { kind: string; id: string; version: string; data: unknown }
export interface Body {
  records: PackageRecord[];
  receipts: { seq: number; results: { kind: string; id: string; version: string; status: 'applied' | 'unchanged' | 'rejected'; reason?: string }[] }[];
}

export interface OpenedPackage { manifest: Manifest; manifestBytes: Buffer; hash: string; body: Body; files: Map<string, Buffer> }

/** Why a package is refused (拒收原因); each names one check. */
export type RefusalReason =
  | 'not-a-package' | 'truncated' | 'misaddressed' | 'tampered' | 'bad-signature' | 'unknown-sender' | 'expired'
  | 'replayed' | 'out-of-order' | 'chain-broken' | 'log-shrunk' | 'certificate-refused';

export class PackageRefused extends Error {
  readonly reason: RefusalReason;
  readonly seq: number;
  constructor(reason: RefusalReason, message: string, seq = 0) {
    super(message);
    this.name = 'PackageRefused';
    this.reason = reason;
    this.seq = seq;
  }
}

const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };

function hkdfKey(shared: Buffer, epk: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', shared, epk, Buffer.from(FORMAT), 32));
}

function signAlgorithm(key: crypto.KeyObject): string | null {
  return key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : 'sha256';
}

export interface SealInput {
  manifest: Omit<Manifest, 'format' | 'hashAlgorithm' | 'body' | 'records' | 'files'>;
  body: Body;
  files: { sha256: string; bytes: Buffer }[];
  signKey: crypto.KeyObject;
  recipientEncryptKey: crypto.KeyObject;
}

/** Builds, signs and encrypts a package; returns the file bytes and the package hash. */
export function seal(input: SealInput): { bytes: Buffer; hash: string; manifest: Manifest } {
  const bodyBytes = Buffer.from(JSON.stringify(input.body));
  const manifest: Manifest = {
    format: FORMAT,
    ...input.manifest,
    hashAlgorithm: HASH_ALGORITHM,
    body: { digest: digest(bodyBytes), size: bodyBytes.length },
    records: input.body.records.map((r) => ({ kind: r.kind, id: r.id, version: r.version, digest: digest(Buffer.from(JSON.stringify(r.data ?? null))) })),
    files: input.files.map((f) => ({ sha256: f.sha256, size: f.bytes.length, digest: digest(f.bytes) })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const signature = crypto.sign(signAlgorithm(input.signKey), manifestBytes, input.signKey);
  const plain = Buffer.concat([u32(manifestBytes.length), manifestBytes, u32(signature.length), signature, u32(bodyBytes.length), bodyBytes, ...input.files.map((f) => f.bytes)]);

  const { aad, key, prefix } = outerHeader(manifest, input.recipientEncryptKey, plain.length);
  const segs: Buffer[] = [aad];
  const count = segmentCount(plain.length);
  for (let i = 0; i < count; i++) segs.push(encryptSegment(key, prefix, aad, i, i === count - 1, plain.subarray(i * SEGMENT, (i + 1) * SEGMENT)));
  return { bytes: Buffer.concat(segs), hash: digest(manifestBytes), manifest };
}

const segmentCount = (plainSize: number) => Math.max(1, Math.ceil(plainSize / SEGMENT));
/** Ciphertext length of a plaintext of `plainSize` bytes. */
const cipherSize = (plainSize: number) => plainSize + segmentCount(plainSize) * TAG;

function nonce(prefix: Buffer, i: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 7);
  n.writeUInt32BE(i, 7);
  n[11] = last ? 1 : 0;
  return n;
}

function encryptSegment(key: Buffer, prefix: Buffer, aad: Buffer, i: number, last: boolean, chunk: Buffer): Buffer {
  const c = crypto.createCipheriv('aes-256-gcm', key, nonce(prefix, i, last));
  c.setAAD(aad);
  return Buffer.concat([c.update(chunk), c.final(), c.getAuthTag()]);
}

function decryptSegment(key: Buffer, prefix: Buffer, aad: Buffer, i: number, last: boolean, seg: Buffer): Buffer {
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', key, nonce(prefix, i, last));
    d.setAAD(aad);
    d.setAuthTag(seg.subarray(seg.length - TAG));
    return Buffer.concat([d.update(seg.subarray(0, seg.length - TAG)), d.final()]);
  } catch {
    throw new PackageRefused('tampered', 'the package does not decrypt: a byte was changed or it was not encrypted for this site');
  }
}

/** The clear header (the additional data of every segment) and the content key, for a package to `recipient`. */
function outerHeader(manifest: Pick<Manifest, 'sender' | 'recipient'>, recipient: crypto.KeyObject, plainSize: number) {
  const eph = crypto.generateKeyPairSync('x25519');
  const epk = eph.publicKey.export({ type: 'spki', format: 'der' });
  const key = hkdfKey(crypto.diffieHellman({ privateKey: eph.privateKey, publicKey: recipient }), epk);
  const prefix = crypto.randomBytes(7);
  const header = Buffer.from(JSON.stringify({
    format: FORMAT, sender: manifest.sender, recipient: manifest.recipient, epk: epk.toString('base64'), iv: prefix.toString('base64'), size: plainSize, segment: SEGMENT,
  }));
  return { aad: Buffer.concat([MAGIC, u32(header.length), header]), key, prefix };
}

export interface OuterHeader { sender: string; recipient: string; epk: Buffer; iv: Buffer; size: number; aad: Buffer; bodyOffset: number }

/**
 * Reads the clear header (who sent it to whom) from the file's first bytes and its total length.
 * Refuses what is not a whole package.
 */
export function readHeader(head: Buffer, totalLength = head.length): OuterHeader {
  if (head.length < 8 || !head.subarray(0, 4).equals(MAGIC)) throw new PackageRefused('not-a-package', 'the file is not an exchange package (SXP2)');
  const hlen = head.readUInt32BE(4);
  if (hlen > 4096 || head.length < 8 + hlen) throw new PackageRefused('truncated', 'the package ends inside its header');
  let h: { format?: string; sender?: string; recipient?: string; epk?: string; iv?: string; size?: number; segment?: number };
  try { h = JSON.parse(head.subarray(8, 8 + hlen).toString('utf8')); } catch { throw new PackageRefused('tampered', 'the package header is not readable'); }
  if (h.format !== FORMAT || typeof h.sender !== 'string' || typeof h.recipient !== 'string' || typeof h.epk !== 'string' || typeof h.iv !== 'string'
    || typeof h.size !== 'number' || !Number.isSafeInteger(h.size) || h.size < 0 || h.segment !== SEGMENT) {
    throw new PackageRefused('tampered', 'the package header is incomplete');
  }
  const rest = totalLength - 8 - hlen;
  const want = cipherSize(h.size);
  if (rest < want) throw new PackageRefused('truncated', `the package is ${want - rest} bytes short`);
  if (rest > want) throw new PackageRefused('tampered', 'the package has bytes after its end');
  return { sender: h.sender, recipient: h.recipient, epk: Buffer.from(h.epk, 'base64'), iv: Buffer.from(h.iv, 'base64'), size: h.size, aad: Buffer.from(head.subarray(0, 8 + hlen)), bodyOffset: 8 + hlen };
}

function contentKey(h: OuterHeader, me: crypto.KeyObject): Buffer {
  try {
    const epk = crypto.createPublicKey({ key: h.epk, format: 'der', type: 'spki' });
    return hkdfKey(crypto.diffieHellman({ privateKey: me, publicKey: epk }), h.epk);
  } catch {
    throw new PackageRefused('tampered', 'the package does not decrypt: a byte was changed or it was not encrypted for this site');
  }
}

/**
 * Decrypts and checks the signature and every digest. Order of checks: format, length,
 * recipient, decryption (any changed byte), signature by the key the caller expects for the
 * sender, then body and file digests. Sequence, chain and expiry are the service's (it knows the state).
 */
export function open(bytes: Buffer, me: { site: string; encryptKey: crypto.KeyObject }, senderKey: (site: string) => crypto.KeyObject | null): OpenedPackage {
  const h = readHeader(bytes);
  if (h.recipient !== me.site) throw new PackageRefused('misaddressed', `the package is addressed to ${h.recipient}, this site is ${me.site}`);
  const verifyKey = senderKey(h.sender);
  if (!verifyKey) throw new PackageRefused('unknown-sender', `the sender ${h.sender} is not a registered peer`);
  const key = contentKey(h, me.encryptKey);
  const count = segmentCount(h.size);
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const start = h.bodyOffset + i * (SEGMENT + TAG);
    parts.push(decryptSegment(key, h.iv, h.aad, i, i === count - 1, bytes.subarray(start, Math.min(start + SEGMENT + TAG, bytes.length))));
  }
  const plain = Buffer.concat(parts);
  let o = 0;
  const take = (n: number) => { if (o + n > plain.length) throw new PackageRefused('tampered', 'the package content is cut short'); const b = plain.subarray(o, o + n); o += n; return b; };
  const manifestBytes = take(take(4).readUInt32BE());
  const signature = take(take(4).readUInt32BE());
  const manifest = checkManifest(h, manifestBytes, signature, verifyKey);
  const alg = manifest.hashAlgorithm;
  const body = checkBody(manifest, take(take(4).readUInt32BE()));
  const files = new Map<string, Buffer>();
  for (const f of manifest.files) {
    const b = take(f.size);
    if (digest(b, alg) !== f.digest || crypto.createHash('sha256').update(b).digest('hex') !== f.sha256) throw new PackageRefused('tampered', `file ${f.sha256} does not match the manifest`);
    files.set(f.sha256, Buffer.from(b));
  }
  if (o !== plain.length) throw new PackageRefused('tampered', 'the package carries bytes the manifest does not list');
  return { manifest, manifestBytes: Buffer.from(manifestBytes), hash: digest(manifestBytes, alg), body, files };
}

function checkManifest(h: OuterHeader, manifestBytes: Buffer, signature: Buffer, verifyKey: crypto.KeyObject): Manifest {
  if (!crypto.verify(signAlgorithm(verifyKey), manifestBytes, verifyKey, signature)) {
    throw new PackageRefused('bad-signature', `the manifest is not signed by ${h.sender}'s key`);
  }
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  if (manifest.format !== FORMAT || manifest.sender !== h.sender || manifest.recipient !== h.recipient) {
    throw new PackageRefused('tampered', 'the signed manifest does not match the package header');
  }
  if (manifest.hashAlgorithm !== 'sm3' && manifest.hashAlgorithm !== 'sha256') throw new PackageRefused('tampered', `unknown digest ${String(manifest.hashAlgorithm)}`);
  return manifest;
}

function checkBody(manifest: Manifest, bodyBytes: Buffer): Body {
  const alg = manifest.hashAlgorithm;
  if (digest(bodyBytes, alg) !== manifest.body.digest) throw new PackageRefused('tampered', 'the body does not match the manifest digest');
  const body = JSON.parse(bodyBytes.toString('utf8')) as Body;
  if (body.records.length !== manifest.records.length) throw new PackageRefused('tampered', 'the body does not carry the records the manifest lists');
  body.records.forEach((r, i) => {
    const m = manifest.records[i];
    if (r.kind !== m.kind || r.id !== m.id || r.version !== m.version || digest(Buffer.from(JSON.stringify(r.data ?? null)), alg) !== m.digest) {
      throw new PackageRefused('tampered', `record ${i} does not match the manifest`);
    }
  });
  return body;
}

/** A file a streamed package carries: its bytes are read (twice: digests, then the package) from `open`. */
export interface FileSource { sha256: string; open(): Promise<Readable> | Readable }

/** Files of a package read from disk one at a time (kinds call `get`); never the whole package in memory. */
export class SpooledFiles extends Map<string, Buffer> {
  readonly paths = new Map<string, string>();
  override get(sha256: string): Buffer | undefined {
    const p = this.paths.get(sha256);
    return p ? fs.readFileSync(p) : undefined;
  }
  override has(sha256: string): boolean { return this.paths.has(sha256); }
  override get size(): number { return this.paths?.size ?? 0; }
  /** The spooled file's path (a kind may stream it instead of reading it whole). */
  pathOf(sha256: string): string | undefined { return this.paths.get(sha256); }
}

/** Re-chunks a stream of buffers into pieces of exactly `size` bytes (the last may be shorter). */
async function* rechunk(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let have = 0;
  for await (const b of source) {
    pending.push(b);
    have += b.length;
    while (have >= size) {
      const all = Buffer.concat(pending);
      yield all.subarray(0, size);
      pending = [all.subarray(size)];
      have = all.length - size;
    }
  }
  if (have > 0) yield Buffer.concat(pending);
}

/**
 * Builds, signs and encrypts a package straight into `outPath`, reading each file as a stream
 * (a first pass for the digests the manifest lists, a second to write it): memory stays bounded
 * by a segment and the body, whatever the files weigh.
 */
export async function sealToFile(input: Omit<SealInput, 'files'> & { files: FileSource[] }, outPath: string): Promise<{ bytes: number; hash: string; manifest: Manifest }> {
  const files: Manifest['files'] = [];
  for (const f of input.files) {
    const a = crypto.createHash(HASH_ALGORITHM);
    const s = crypto.createHash('sha256');
    let size = 0;
    for await (const chunk of await f.open()) { a.update(chunk as Buffer); s.update(chunk as Buffer); size += (chunk as Buffer).length; }
    if (s.digest('hex') !== f.sha256) throw new Error(`exchange: file ${f.sha256} does not have that SHA-256 in the store`);
    files.push({ sha256: f.sha256, size, digest: a.digest('hex') });
  }
  const bodyBytes = Buffer.from(JSON.stringify(input.body));
  const manifest: Manifest = {
    format: FORMAT, ...input.manifest, hashAlgorithm: HASH_ALGORITHM,
    body: { digest: digest(bodyBytes), size: bodyBytes.length },
    records: input.body.records.map((r) => ({ kind: r.kind, id: r.id, version: r.version, digest: digest(Buffer.from(JSON.stringify(r.data ?? null))) })),
    files,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const signature = crypto.sign(signAlgorithm(input.signKey), manifestBytes, input.signKey);
  const lead = Buffer.concat([u32(manifestBytes.length), manifestBytes, u32(signature.length), signature, u32(bodyBytes.length), bodyBytes]);
  const plainSize = lead.length + files.reduce((n, f) => n + f.size, 0);
  const { aad, key, prefix } = outerHeader(manifest, input.recipientEncryptKey, plainSize);
  async function* plain(): AsyncGenerator<Buffer> {
    yield lead;
    for (const [i, f] of input.files.entries()) {
      let n = 0;
      for await (const chunk of await f.open()) { n += (chunk as Buffer).length; yield chunk as Buffer; }
      if (n !== files[i]!.size) throw new Error(`exchange: file ${f.sha256} changed while the package was written`);
    }
  }
  const count = segmentCount(plainSize);
  async function* cipher(): AsyncGenerator<Buffer> {
    yield aad;
    let i = 0;
    for await (const chunk of rechunk(plain(), SEGMENT)) { yield encryptSegment(key, prefix, aad, i, i === count - 1, chunk); i++; }
    if (plainSize === 0) yield encryptSegment(key, prefix, aad, 0, true, Buffer.alloc(0));
  }
  await pipeline(Readable.from(cipher()), fs.createWriteStream(outPath));
  return { bytes: aad.length + cipherSize(plainSize), hash: digest(manifestBytes), manifest };
}

/**
 * Opens a package file as a stream: the same checks as `open`, in the same order (the signature
 * before any file is read); the files go to `spoolDir` (checked against the manifest on the way),
 * so memory stays bounded by a segment and the body.
 */
export async function openFile(file: string, me: { site: string; encryptKey: crypto.KeyObject }, senderKey: (site: string) => crypto.KeyObject | null, spoolDir: string): Promise<OpenedPackage & { files: SpooledFiles }> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const total = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(total, 8 + 4096));
    await fh.read(head, 0, head.length, 0);
    const h = readHeader(head, total);
    if (h.recipient !== me.site) throw new PackageRefused('misaddressed', `the package is addressed to ${h.recipient}, this site is ${me.site}`);
    const verifyKey = senderKey(h.sender);
    if (!verifyKey) throw new PackageRefused('unknown-sender', `the sender ${h.sender} is not a registered peer`);
    const key = contentKey(h, me.encryptKey);
    const count = segmentCount(h.size);
    let index = 0;
    let buf: Buffer = Buffer.alloc(0);
    const segBuf = Buffer.alloc(SEGMENT + TAG);
    /** Decrypts the next segment into `buf`. */
    const more = async (): Promise<boolean> => {
      if (index >= count) return false;
      const start = h.bodyOffset + index * (SEGMENT + TAG);
      const len = Math.min(SEGMENT + TAG, total - start);
      const { bytesRead } = await fh.read(segBuf, 0, len, start);
      if (bytesRead !== len) throw new PackageRefused('truncated', 'the package ended while it was read');
      const plain = decryptSegment(key, h.iv, h.aad, index, index === count - 1, segBuf.subarray(0, len));
      index++;
      buf = buf.length ? Buffer.concat([buf, plain]) : plain;
      return true;
    };
    const take = async (n: number): Promise<Buffer> => {
      while (buf.length < n) if (!(await more())) throw new PackageRefused('tampered', 'the package content is cut short');
      const out = buf.subarray(0, n);
      buf = buf.subarray(n);
      return out;
    };
    const manifestBytes = Buffer.from(await take((await take(4)).readUInt32BE()));
    const signature = Buffer.from(await take((await take(4)).readUInt32BE()));
    const manifest = checkManifest(h, manifestBytes, signature, verifyKey);
    const alg = manifest.hashAlgorithm;
    const body = checkBody(manifest, Buffer.from(await take((await take(4)).readUInt32BE())));
    const files = new SpooledFiles();
    for (const f of manifest.files) {
      if (!/^[0-9a-f]{64}$/.test(f.sha256)) throw new PackageRefused('tampered', 'a file is not named by its SHA-256');
      const target = path.join(spoolDir, f.sha256);
      const out = fs.createWriteStream(target);
      const a = crypto.createHash(alg);
      const s = crypto.createHash('sha256');
      let left = f.size;
      try {
        while (left > 0) {
          if (!buf.length && !(await more())) throw new PackageRefused('tampered', 'the package content is cut short');
          const piece = buf.subarray(0, Math.min(left, buf.length));
          buf = buf.subarray(piece.length);
          left -= piece.length;
          a.update(piece);
          s.update(piece);
          if (!out.write(piece)) await new Promise<void>((r) => out.once('drain', () => r()));
        }
      } finally {
        await new Promise<void>((r) => out.end(r));
      }
      if (a.digest('hex') !== f.digest || s.digest('hex') !== f.sha256) throw new PackageRefused('tampered', `file ${f.sha256} does not match the manifest`);
      files.paths.set(f.sha256, target);
    }
    if (buf.length || (await more())) throw new PackageRefused('tampered', 'the package carries bytes the manifest does not list');
    return { manifest, manifestBytes, hash: digest(manifestBytes, alg), body, files };
  } finally {
    await fh.close();
  }
}

/**
 * Splits a package file into part files of at most `partBytes` as streams (see `split`), named
 * `<file>.partNNN` in `outDir`. Returns the part paths.
 */
export async function splitFile(file: string, partBytes: number, outDir: string): Promise<string[]> {
  const total = (await fs.promises.stat(file)).size;
  const whole = await sha256OfFile(file);
  const count = Math.max(1, Math.ceil(total / partBytes));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const range = { start: i * partBytes, end: Math.min(total, (i + 1) * partBytes) - 1 };
    const sha256 = await sha256OfFile(file, range);
    const h = Buffer.from(JSON.stringify({ whole, index: i, total: count, sha256 }));
    const target = path.join(outDir, `${path.basename(file)}.part${String(i + 1).padStart(3, '0')}`);
    async function* part(): AsyncGenerator<Buffer> {
      yield Buffer.concat([PART_MAGIC, u32(h.length), h]);
      if (range.end >= range.start) for await (const c of fs.createReadStream(file, range)) yield c as Buffer;
    }
    await pipeline(Readable.from(part()), fs.createWriteStream(target));
    out.push(target);
  }
  return out;
}

export async function sha256OfFile(file: string, range?: { start: number; end: number }): Promise<string> {
  const h = crypto.createHash('sha256');
  if (!range || range.end >= range.start) for await (const c of fs.createReadStream(file, range)) h.update(c as Buffer);
  return h.digest('hex');
}

/**
 * Joins part files (any order, duplicates ignored) into `outPath` as a stream. A part whose bytes
 * do not match its SHA-256 (a failed copy) counts as missing: only the missing ones are copied again.
 */
export async function joinFiles(partPaths: string[], outPath: string): Promise<{ ok: true } | { missing: number[]; total: number }> {
  const good = new Map<number, { file: string; offset: number }>();
  let whole = '';
  let total = 0;
  for (const p of partPaths) {
    const fh = await fs.promises.open(p, 'r');
    let head: Buffer;
    try {
      head = Buffer.alloc(8 + 4096);
      const { bytesRead } = await fh.read(head, 0, head.length, 0);
      head = head.subarray(0, bytesRead);
    } finally { await fh.close(); }
    if (head.length < 8 || !head.subarray(0, 4).equals(PART_MAGIC)) throw new PackageRefused('not-a-package', `${path.basename(p)} is not a package part`);
    const hlen = head.readUInt32BE(4);
    let h: { whole: string; index: number; total: number; sha256: string };
    try { h = JSON.parse(head.subarray(8, 8 + hlen).toString('utf8')); } catch { continue; } // a damaged header: missing
    if (whole && h.whole !== whole) throw new PackageRefused('tampered', 'the parts belong to different packages');
    whole = h.whole;
    total = h.total;
    if (good.has(h.index)) continue;
    const size = (await fs.promises.stat(p)).size;
    if ((await sha256OfFile(p, { start: 8 + hlen, end: size - 1 })) !== h.sha256) continue;
    good.set(h.index, { file: p, offset: 8 + hlen });
  }
  const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !good.has(i));
  if (missing.length) return { missing, total };
  const sha = crypto.createHash('sha256');
  async function* joined(): AsyncGenerator<Buffer> {
    for (let i = 0; i < total; i++) {
      const g = good.get(i)!;
      for await (const c of fs.createReadStream(g.file, { start: g.offset })) { sha.update(c as Buffer); yield c as Buffer; }
    }
  }
  await pipeline(Readable.from(joined()), fs.createWriteStream(outPath));
  if (sha.digest('hex') !== whole) throw new PackageRefused('tampered', 'the joined parts do not make the package they name');
  return { ok: true };
}

/**
 * A sealed field (密封字段): a value inside a record encrypted once more, for the receiving site's
 * X25519 key (ECDH with an ephemeral key → HKDF-SHA256 → AES-256-GCM, the record's kind and id as
 * additional data, so it cannot be moved to another record). The exchange administrator's
 * tools (dry run, history, a decrypted package) show only this ciphertext; the receiving kind
 * opens it while applying and keeps it under its own protection (e.g. RLS, permission, audited reads).
 * Format: "sealed1:" + base64(epk DER | iv 12 | ciphertext | tag 16).
 */
export function sealField(plain: Buffer, recipient: crypto.KeyObject, label: string): string {
  const eph = crypto.generateKeyPairSync('x25519');
  const epk = eph.publicKey.export({ type: 'spki', format: 'der' });
  const key = Buffer.from(crypto.hkdfSync('sha256', crypto.diffieHellman({ privateKey: eph.privateKey, publicKey: recipient }), epk, Buffer.from(`${FORMAT} sealed`), 32));
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(label));
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return `sealed1:${Buffer.concat([epk, iv, ct, c.getAuthTag()]).toString('base64')}`;
}

/** Opens a sealed field with this site's X25519 key; throws when it was not sealed for this site and record. */
export function openField(sealed: string, me: crypto.KeyObject, label: string): Buffer {
  if (typeof sealed !== 'string' || !sealed.startsWith('sealed1:')) throw new Error('not a sealed field');
  const b = Buffer.from(sealed.slice(8), 'base64');
  const epkLen = 44; // X25519 SPKI DER
  if (b.length < epkLen + 12 + 16) throw new Error('sealed field cut short');
  const epk = b.subarray(0, epkLen);
  const key = Buffer.from(crypto.hkdfSync('sha256', crypto.diffieHellman({ privateKey: me, publicKey: crypto.createPublicKey({ key: epk, format: 'der', type: 'spki' }) }), epk, Buffer.from(`${FORMAT} sealed`), 32));
  const d = crypto.createDecipheriv('aes-256-gcm', key, b.subarray(epkLen, epkLen + 12));
  d.setAAD(Buffer.from(label));
  d.setAuthTag(b.subarray(b.length - 16));
  return Buffer.concat([d.update(b.subarray(epkLen + 12, b.length - 16)), d.final()]);
}

/**
 * Splits a package file into parts of at most `partBytes` (for a small stick or a file ferry with
 * a size limit). Each part names the whole file's SHA-256, its index and the count, so parts may be
 * copied in any order and a copy interrupted midway resumes with the parts still missing.
 */
export function split(bytes: Buffer, partBytes: number): Buffer[] {
  const whole = crypto.createHash('sha256').update(bytes).digest('hex');
  const total = Math.max(1, Math.ceil(bytes.length / partBytes));
  const parts: Buffer[] = [];
  for (let i = 0; i < total; i++) {
    const chunk = bytes.subarray(i * partBytes, (i + 1) * partBytes);
    const h = Buffer.from(JSON.stringify({ whole, index: i, total, sha256: crypto.createHash('sha256').update(chunk).digest('hex') }));
    parts.push(Buffer.concat([PART_MAGIC, u32(h.length), h, chunk]));
  }
  return parts;
}

export function isPart(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.subarray(0, 4).equals(PART_MAGIC);
}

/** Joins parts (any order, duplicates ignored). Throws exchange incomplete with the missing indexes. */
export function join(parts: Buffer[]): { bytes: Buffer } | { missing: number[]; total: number } {
  const got = new Map<number, Buffer>();
  let whole = '';
  let total = 0;
  for (const p of parts) {
    const hlen = p.readUInt32BE(4);
    const h = JSON.parse(p.subarray(8, 8 + hlen).toString('utf8')) as { whole: string; index: number; total: number; sha256: string };
    const chunk = p.subarray(8 + hlen);
    if (whole && h.whole !== whole) throw new PackageRefused('tampered', 'the parts belong to different packages');
    whole = h.whole;
    total = h.total;
    if (crypto.createHash('sha256').update(chunk).digest('hex') !== h.sha256) continue; // a damaged copy counts as missing
    got.set(h.index, chunk);
  }
  const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !got.has(i));
  if (missing.length) return { missing, total };
  const bytes = Buffer.concat(Array.from({ length: total }, (_, i) => got.get(i)!));
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== whole) throw new PackageRefused('tampered', 'the joined parts do not make the package they name');
  return { bytes };
}
