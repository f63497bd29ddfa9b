/**
 * C2SP signed-note and tlog-checkpoint with Ed25519 keys: signing (server) and parsing and
 * verification (server and the offline verifier). Pure code, no database.
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n\n— <key name> <base64(key hash[4] || signature)>\n
 *
 * The key hash is the first 4 bytes of SHA-256(name || "\n" || 0x01 || public key); the verifier
 * key is `<name>+<hex key hash>+<base64(0x01 || public key)>`.
 */
import crypto from 'node:crypto';

const ED25519 = 0x01;
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const EM_DASH = '\u2014';
const NAME = /^[^\s+]+$/;

export class NoteError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  /** Extension lines after the root, if any. */
  extensions: string[];
}

export interface Verifier {
  name: string;
  keyHash: Buffer;
  publicKey: crypto.KeyObject;
}

function keyHash(name: string, publicKeyRaw: Buffer): Buffer {
  return crypto.createHash('sha256').update(name).update('\n').update(Buffer.from([ED25519])).update(publicKeyRaw).digest().subarray(0, 4);
}

export function publicKeyFromSeed(seed: Buffer): Buffer {
  const pub = crypto.createPublicKey(crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }));
  return pub.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

export function newSeed(): Buffer {
  return crypto.randomBytes(32);
}

/** The signed-note verifier key of `name` for the Ed25519 key with this private seed. */
export function vkeyOf(name: string, seed: Buffer): string {
  if (!NAME.test(name)) throw new NoteError('note.bad_name', 'a key name may not contain spaces or "+"');
  const pub = publicKeyFromSeed(seed);
  return `${name}+${keyHash(name, pub).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), pub]).toString('base64')}`;
}

export function parseVkey(vkey: string): Verifier {
  const m = /^([^+\s]+)\+([^+\s]+)\+(\S+)$/.exec(vkey.trim());
  if (!m) throw new NoteError('note.vkey_malformed', 'verifier key must be <name>+<hash>+<key>');
  const [, name, hashHex, keyB64] = m;
  if (!NAME.test(name) || !/^[0-9a-f]{8}$/.test(hashHex)) throw new NoteError('note.vkey_malformed', 'verifier key name or hash is malformed');
  const key = Buffer.from(keyB64, 'base64');
  if (key.length !== 33 || key[0] !== ED25519) throw new NoteError('note.vkey_unsupported', 'verifier key is not an Ed25519 key (type 0x01, 32 bytes)');
  const raw = key.subarray(1);
  const kh = keyHash(name, raw);
  if (!kh.equals(Buffer.from(hashHex, 'hex'))) throw new NoteError('note.vkey_malformed', 'verifier key hash does not match its name and key');
  return { name, keyHash: kh, publicKey: crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }) };
}

export function checkpointBody(origin: string, size: number, root: Buffer): string {
  return `${origin}\n${size}\n${root.toString('base64')}\n`;
}

/** Signs a note text (ending in a newline) with the key of `name`. */
export function signNote(text: string, name: string, seed: Buffer): string {
  if (!text.endsWith('\n')) throw new NoteError('note.malformed', 'note text must end with a newline');
  const key = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const sig = crypto.sign(null, Buffer.from(text, 'utf8'), key);
  const kh = keyHash(name, publicKeyFromSeed(seed));
  return `${text}\n${EM_DASH} ${name} ${Buffer.concat([kh, sig]).toString('base64')}\n`;
}

/** Splits a signed note and checks the signature of `verifier`; returns the note text. */
export function openNote(note: string, verifier: Verifier): string {
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0 || !note.endsWith('\n')) throw new NoteError('note.malformed', 'signed note has no blank line before its signatures or no final newline');
  const text = note.slice(0, cut + 1);
  const sigLines = note.slice(cut + 2, -1).split('\n');
  let found = false;
  for (const line of sigLines) {
    const m = new RegExp(`^${EM_DASH} (\\S+) ([A-Za-z0-9+/=]+)$`).exec(line);
    if (!m) throw new NoteError('note.malformed', `malformed signature line: ${JSON.stringify(line)}`);
    const sig = Buffer.from(m[2], 'base64');
    if (m[1] !== verifier.name || sig.length < 4 || !sig.subarray(0, 4).equals(verifier.keyHash)) continue;
    found = true;
    if (sig.length !== 68 || !crypto.verify(null, Buffer.from(text, 'utf8'), verifier.publicKey, sig.subarray(4))) {
      throw new NoteError('note.bad_signature', `the signature of ${verifier.name} does not verify`);
    }
  }
  if (!found) throw new NoteError('note.unknown_key', `the note carries no signature of ${verifier.name}`);
  return text;
}

export function parseCheckpointBody(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines.at(-1) !== '') throw new NoteError('checkpoint.malformed', 'a checkpoint needs an origin, a tree size and a root hash line');
  const [origin, sizeLine, rootLine, ...rest] = lines.slice(0, -1);
  if (!origin) throw new NoteError('checkpoint.malformed', 'checkpoint origin line is empty');
  if (!/^(0|[1-9]\d{0,15})$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    throw new NoteError('checkpoint.malformed', `checkpoint tree size is not a decimal number: ${JSON.stringify(sizeLine)}`);
  }
  const root = Buffer.from(rootLine, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootLine) throw new NoteError('checkpoint.malformed', 'checkpoint root hash is not 32 bytes of base64');
  return { origin, size: Number(sizeLine), root, extensions: rest };
}

/** Verifies a signed checkpoint against a verifier key; optionally checks the origin. */
export function verifyCheckpoint(note: string, verifier: Verifier, origin?: string): Checkpoint {
  const cp = parseCheckpointBody(openNote(note, verifier));
  if (origin !== undefined && cp.origin !== origin) throw new NoteError('checkpoint.wrong_origin', `checkpoint is for ${cp.origin}, not ${origin}`);
  return cp;
}

// ---- C2SP tlog-cosignature/v1: a witness's Ed25519 cosignature of a checkpoint ----------------
//
// Signature type 0x04. Key hash = SHA-256(name || "\n" || 0x04 || public key)[:4]; vkey
// `<name>+<hex key hash>+<base64(0x04 || public key)>`. The signed message is
//   "cosignature/v1\ntime <seconds>\n" || <checkpoint body>
// and the signature line `— <name> <base64(key hash[4] || timestamp[8, big-endian] || signature[64])>`.

const COSIGNATURE = 0x04;

function cosignKeyHash(name: string, publicKeyRaw: Buffer): Buffer {
  return crypto.createHash('sha256').update(name).update('\n').update(Buffer.from([COSIGNATURE])).update(publicKeyRaw).digest().subarray(0, 4);
}

function cosignedMessage(body: string, time: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${time}\n${body}`, 'utf8');
}

/** The verifier key of a witness (cosignature/v1, Ed25519). */
export function cosignatureVkeyOf(name: string, seed: Buffer): string {
  if (!NAME.test(name)) throw new NoteError('note.bad_name', 'a key name may not contain spaces or "+"');
  const pub = publicKeyFromSeed(seed);
  return `${name}+${cosignKeyHash(name, pub).toString('hex')}+${Buffer.concat([Buffer.from([COSIGNATURE]), pub]).toString('base64')}`;
}

export function parseCosignatureVkey(vkey: string): Verifier {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(vkey.trim());
  if (!m) throw new NoteError('note.vkey_malformed', 'witness key must be <name>+<hash>+<key>');
  const [, name, hashHex, keyB64] = m;
  const key = Buffer.from(keyB64, 'base64');
  if (key.length !== 33 || key[0] !== COSIGNATURE) throw new NoteError('note.vkey_unsupported', 'witness key is not a cosignature/v1 Ed25519 key (type 0x04, 32 bytes)');
  const raw = key.subarray(1);
  const kh = cosignKeyHash(name, raw);
  if (!kh.equals(Buffer.from(hashHex, 'hex'))) throw new NoteError('note.vkey_malformed', 'witness key hash does not match its name and key');
  return { name, keyHash: kh, publicKey: crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }) };
}

/** A witness's cosignature line for the checkpoint body `body` at `time` (seconds since the epoch). */
export function cosignatureLine(body: string, name: string, seed: Buffer, time: number): string {
  const key = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(BigInt(time));
  const sig = crypto.sign(null, cosignedMessage(body, time), key);
  return `${EM_DASH} ${name} ${Buffer.concat([cosignKeyHash(name, publicKeyFromSeed(seed)), ts, sig]).toString('base64')}`;
}

/** The note text (checkpoint body) and its signature lines, without checking any. */
export function splitNote(note: string): { text: string; lines: string[] } {
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0 || !note.endsWith('\n')) throw new NoteError('note.malformed', 'signed note has no blank line before its signatures or no final newline');
  return { text: note.slice(0, cut + 1), lines: note.slice(cut + 2, -1).split('\n') };
}

/** Checks the cosignature of `witness` on a signed checkpoint note; returns its time. */
export function verifyCosignature(note: string, witness: Verifier): { time: number } {
  const { text, lines } = splitNote(note);
  for (const line of lines) {
    const m = new RegExp(`^${EM_DASH} (\\S+) ([A-Za-z0-9+/=]+)$`).exec(line);
    if (!m || m[1] !== witness.name) continue;
    const sig = Buffer.from(m[2], 'base64');
    if (sig.length < 4 || !sig.subarray(0, 4).equals(witness.keyHash)) continue;
    if (sig.length !== 76) throw new NoteError('note.bad_cosignature', `the cosignature of ${witness.name} is not 4 + 8 + 64 bytes`);
    const time = Number(sig.readBigUInt64BE(4));
    if (!crypto.verify(null, cosignedMessage(text, time), witness.publicKey, sig.subarray(12))) {
      throw new NoteError('note.bad_cosignature', `the cosignature of ${witness.name} does not verify`);
    }
    return { time };
  }
  throw new NoteError('note.no_cosignature', `the checkpoint carries no cosignature of witness ${witness.name}`);
}
