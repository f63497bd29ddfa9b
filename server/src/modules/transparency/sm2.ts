/**
 * SM2 (GB/T 32918.2, SM3 digest, the default distinguishing ID 1234567812345678) signatures on
 * checkpoints, beside the Ed25519 one. Node's crypto has no 'sm2' key type
 * (`generateKeyPairSync('sm2')` throws), but with OpenSSL 3 an EC key on the curve `SM2` read
 * back from DER is an SM2 key, and `crypto.sign('sm3', …)` then makes real SM2 signatures
 * (checked against `openssl pkeyutl -verify -rawin -digest sm3` in sm2.test.ts).
 *
 * The signed-note format has no SM2 type yet, so the experimental type 0xff is used, followed by
 * the ASCII tag "sm2": key hash = SHA-256(name || "\n" || 0xff || "sm2" || point)[:4], vkey
 * `<name>+<hex key hash>+<base64(0xff || "sm2" || 65-byte uncompressed point)>`, signature line
 * `— <name> <base64(key hash || DER signature)>`. It carries the log's name, so a verifier that
 * looks for the Ed25519 key skips it by its key hash.
 */
import crypto from 'node:crypto';
import { NoteError, splitNote } from './note.ts';

const TAG = Buffer.from([0xff, ...Buffer.from('sm2', 'ascii')]);
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
const EM_DASH = '\u2014';

/** Whether this Node can make SM2 signatures (curve SM2 present, SM3 digest present). */
export function sm2Available(): boolean {
  return crypto.getCurves().includes('SM2') && crypto.getHashes().includes('sm3');
}

/** A new SM2 private key as PKCS#8 DER. */
export function newSm2Key(): Buffer {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'SM2' });
  return privateKey.export({ type: 'pkcs8', format: 'der' });
}

function pointOf(pkcs8: Buffer): Buffer {
  const spki = crypto.createPublicKey(crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
  return spki.subarray(SPKI_PREFIX.length);
}

function keyHash(name: string, point: Buffer): Buffer {
  return crypto.createHash('sha256').update(name).update('\n').update(TAG).update(point).digest().subarray(0, 4);
}

export function sm2VkeyOf(name: string, pkcs8: Buffer): string {
  const point = pointOf(pkcs8);
  return `${name}+${keyHash(name, point).toString('hex')}+${Buffer.concat([TAG, point]).toString('base64')}`;
}

/** Adds the SM2 signature line of `name` to a signed note (over the same note text). */
export function addSm2Signature(note: string, name: string, pkcs8: Buffer): string {
  const { text } = splitNote(note);
  const key = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const sig = crypto.sign('sm3', Buffer.from(text, 'utf8'), key);
  return `${note}${EM_DASH} ${name} ${Buffer.concat([keyHash(name, pointOf(pkcs8)), sig]).toString('base64')}\n`;
}

/** Checks the SM2 signature of the vkey's key on a signed note; returns the note text. */
export function verifySm2Note(note: string, vkey: string): string {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(vkey.trim());
  if (!m) throw new NoteError('note.vkey_malformed', 'SM2 verifier key must be <name>+<hash>+<key>');
  const [, name, hashHex, keyB64] = m;
  const key = Buffer.from(keyB64, 'base64');
  if (key.length !== TAG.length + 65 || !key.subarray(0, TAG.length).equals(TAG)) throw new NoteError('note.vkey_unsupported', 'not an SM2 verifier key (0xff "sm2", 65-byte point)');
  const point = key.subarray(TAG.length);
  const kh = keyHash(name, point);
  if (!kh.equals(Buffer.from(hashHex, 'hex'))) throw new NoteError('note.vkey_malformed', 'SM2 verifier key hash does not match its name and key');
  const pub = crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, point]), format: 'der', type: 'spki' });
  const { text, lines } = splitNote(note);
  for (const line of lines) {
    const s = new RegExp(`^${EM_DASH} (\\S+) ([A-Za-z0-9+/=]+)$`).exec(line);
    if (!s || s[1] !== name) continue;
    const sig = Buffer.from(s[2], 'base64');
    if (sig.length < 4 || !sig.subarray(0, 4).equals(kh)) continue;
    if (!crypto.verify('sm3', Buffer.from(text, 'utf8'), pub, sig.subarray(4))) throw new NoteError('note.bad_signature', `the SM2 signature of ${name} does not verify`);
    return text;
  }
  throw new NoteError('note.unknown_key', `the note carries no SM2 signature of ${name}`);
}

/** Whether a vkey is an SM2 one (so the verifier picks this path). */
export function isSm2Vkey(vkey: string): boolean {
  const b64 = vkey.trim().split('+')[2];
  if (!b64) return false;
  const key = Buffer.from(b64, 'base64');
  return key.length > TAG.length && key.subarray(0, TAG.length).equals(TAG);
}
