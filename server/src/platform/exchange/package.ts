/**
 * The exchange package file (交换包): one file a network administrator carries on a USB stick.
 *
 *   "SXP1" | u32 header length | header JSON | AES-256-GCM ciphertext | 16-byte tag
 *
 * The header says only who sends to whom and the ephemeral X25519 key; it is the GCM additional
 * data, so changing one byte anywhere fails decryption. The plaintext is
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

export const MAGIC = Buffer.from('SXP1');
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

  const eph = crypto.generateKeyPairSync('x25519');
  const epk = eph.publicKey.export({ type: 'spki', format: 'der' });
  const key = hkdfKey(crypto.diffieHellman({ privateKey: eph.privateKey, publicKey: input.recipientEncryptKey }), epk);
  const iv = crypto.randomBytes(12);
  const header = Buffer.from(JSON.stringify({
    format: FORMAT, sender: manifest.sender, recipient: manifest.recipient, epk: epk.toString('base64'), iv: iv.toString('base64'), size: plain.length,
  }));
  const aad = Buffer.concat([MAGIC, u32(header.length), header]);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { bytes: Buffer.concat([aad, ct, cipher.getAuthTag()]), hash: digest(manifestBytes), manifest };
}

export interface OuterHeader { sender: string; recipient: string; epk: Buffer; iv: Buffer; size: number; aad: Buffer; rest: Buffer }

/** Reads the clear header: who sent it to whom. Refuses what is not a whole package. */
export function readHeader(bytes: Buffer): OuterHeader {
  if (bytes.length < 8 || !bytes.subarray(0, 4).equals(MAGIC)) throw new PackageRefused('not-a-package', 'the file is not an exchange package (SXP1)');
  const hlen = bytes.readUInt32BE(4);
  if (hlen > 4096 || bytes.length < 8 + hlen) throw new PackageRefused('truncated', 'the package ends inside its header');
  let h: { format?: string; sender?: string; recipient?: string; epk?: string; iv?: string; size?: number };
  try { h = JSON.parse(bytes.subarray(8, 8 + hlen).toString('utf8')); } catch { throw new PackageRefused('tampered', 'the package header is not readable'); }
  if (h.format !== FORMAT || typeof h.sender !== 'string' || typeof h.recipient !== 'string' || typeof h.epk !== 'string' || typeof h.iv !== 'string' || typeof h.size !== 'number') {
    throw new PackageRefused('tampered', 'the package header is incomplete');
  }
  const rest = bytes.subarray(8 + hlen);
  if (rest.length < h.size + 16) throw new PackageRefused('truncated', `the package is ${h.size + 16 - rest.length} bytes short`);
  if (rest.length > h.size + 16) throw new PackageRefused('tampered', 'the package has bytes after its end');
  return { sender: h.sender, recipient: h.recipient, epk: Buffer.from(h.epk, 'base64'), iv: Buffer.from(h.iv, 'base64'), size: h.size, aad: bytes.subarray(0, 8 + hlen), rest };
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
  let plain: Buffer;
  try {
    const epk = crypto.createPublicKey({ key: h.epk, format: 'der', type: 'spki' });
    const key = hkdfKey(crypto.diffieHellman({ privateKey: me.encryptKey, publicKey: epk }), h.epk);
    const d = crypto.createDecipheriv('aes-256-gcm', key, h.iv);
    d.setAAD(h.aad);
    d.setAuthTag(h.rest.subarray(h.size));
    plain = Buffer.concat([d.update(h.rest.subarray(0, h.size)), d.final()]);
  } catch {
    throw new PackageRefused('tampered', 'the package does not decrypt: a byte was changed or it was not encrypted for this site');
  }
  let o = 0;
  const take = (n: number) => { if (o + n > plain.length) throw new PackageRefused('tampered', 'the package content is cut short'); const b = plain.subarray(o, o + n); o += n; return b; };
  const manifestBytes = take(take(4).readUInt32BE());
  const signature = take(take(4).readUInt32BE());
  if (!crypto.verify(signAlgorithm(verifyKey), manifestBytes, verifyKey, signature)) {
    throw new PackageRefused('bad-signature', `the manifest is not signed by ${h.sender}'s key`);
  }
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  if (manifest.format !== FORMAT || manifest.sender !== h.sender || manifest.recipient !== h.recipient) {
    throw new PackageRefused('tampered', 'the signed manifest does not match the package header');
  }
  const alg = manifest.hashAlgorithm;
  if (alg !== 'sm3' && alg !== 'sha256') throw new PackageRefused('tampered', `unknown digest ${String(alg)}`);
  const bodyBytes = take(take(4).readUInt32BE());
  if (digest(bodyBytes, alg) !== manifest.body.digest) throw new PackageRefused('tampered', 'the body does not match the manifest digest');
  const body = JSON.parse(bodyBytes.toString('utf8')) as Body;
  if (body.records.length !== manifest.records.length) throw new PackageRefused('tampered', 'the body does not carry the records the manifest lists');
  body.records.forEach((r, i) => {
    const m = manifest.records[i];
    if (r.kind !== m.kind || r.id !== m.id || r.version !== m.version || digest(Buffer.from(JSON.stringify(r.data ?? null)), alg) !== m.digest) {
      throw new PackageRefused('tampered', `record ${i} does not match the manifest`);
    }
  });
  const files = new Map<string, Buffer>();
  for (const f of manifest.files) {
    const b = take(f.size);
    if (digest(b, alg) !== f.digest || crypto.createHash('sha256').update(b).digest('hex') !== f.sha256) throw new PackageRefused('tampered', `file ${f.sha256} does not match the manifest`);
    files.set(f.sha256, Buffer.from(b));
  }
  if (o !== plain.length) throw new PackageRefused('tampered', 'the package carries bytes the manifest does not list');
  return { manifest, manifestBytes: Buffer.from(manifestBytes), hash: digest(manifestBytes, alg), body, files };
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
