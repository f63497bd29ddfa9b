/**
 * Checks a log entry against a signed checkpoint with nothing but the browser's Web Crypto
 * (SHA-256, Ed25519): the checkpoint's signature under the log's verifier key, the entry's leaf
 * hash from its exact bytes, and the RFC 9162 inclusion proof up to the checkpoint's root. The
 * same algorithm as server/src/modules/transparency/{note,merkle}.ts, written against Web Crypto
 * so that no server answer is taken on trust (only the verifier key, which anyone can compare
 * with a copy they saved). Runs in Node ≥ 24 too (browser-verify.test.ts).
 */

const EM_DASH = '\u2014';
const enc = new TextEncoder();

export interface InclusionCheck {
  /** Origin, tree size and root of the signed checkpoint. */
  checkpoint: { origin: string; size: number; root: string };
  keyName: string;
  leafHash: string;
  /** Whether each step held; `problem` names the first that did not. */
  signatureOk: boolean;
  proofOk: boolean;
  ok: boolean;
  problem: 'vkey_malformed' | 'note_malformed' | 'bad_signature' | 'unknown_key' | 'proof_mismatch' | 'not_covered' | null;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('Web Crypto is not available in this context');
  return s;
}

export function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toBase64(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', concat(...parts)));
}

/** RFC 9162 leaf hash: SHA-256(0x00 || data). */
export const leafHashOf = (data: Uint8Array) => sha256(new Uint8Array([0]), data);
const nodeHash = (l: Uint8Array, r: Uint8Array) => sha256(new Uint8Array([1]), l, r);

/** RFC 9162 §2.1.3.2 inclusion proof verification. */
export async function verifyInclusionProof(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): Promise<boolean> {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** Opens a C2SP signed note with an Ed25519 vkey `<name>+<hex hash>+<base64(0x01||key)>`; returns the note text or the problem. */
export async function openSignedNote(note: string, vkey: string): Promise<{ text: string; keyName: string } | { problem: InclusionCheck['problem']; keyName: string }> {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(vkey.trim());
  if (!m) return { problem: 'vkey_malformed', keyName: '' };
  const [, name, hashHex, keyB64] = m as unknown as [string, string, string, string];
  const key = fromBase64(keyB64);
  if (key.length !== 33 || key[0] !== 0x01) return { problem: 'vkey_malformed', keyName: name };
  const raw = key.subarray(1);
  const kh = (await sha256(enc.encode(`${name}\n`), new Uint8Array([0x01]), raw)).subarray(0, 4);
  if (Array.from(kh, (b) => b.toString(16).padStart(2, '0')).join('') !== hashHex) return { problem: 'vkey_malformed', keyName: name };
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0 || !note.endsWith('\n')) return { problem: 'note_malformed', keyName: name };
  const text = note.slice(0, cut + 1);
  const pub = await subtle().importKey('raw', concat(raw), { name: 'Ed25519' }, false, ['verify']);
  let found = false;
  for (const line of note.slice(cut + 2, -1).split('\n')) {
    const s = new RegExp(`^${EM_DASH} (\\S+) ([A-Za-z0-9+/=]+)$`).exec(line);
    if (!s) return { problem: 'note_malformed', keyName: name };
    const sig = fromBase64(s[2]!);
    if (s[1] !== name || sig.length < 4 || !equal(sig.subarray(0, 4), kh)) continue;
    found = true;
    if (sig.length !== 68 || !(await subtle().verify({ name: 'Ed25519' }, pub, concat(sig.subarray(4)), concat(enc.encode(text))))) {
      return { problem: 'bad_signature', keyName: name };
    }
  }
  return found ? { text, keyName: name } : { problem: 'unknown_key', keyName: name };
}

/**
 * The whole check: `note` is the signed checkpoint, `entryData` the entry's exact bytes (UTF-8
 * text), `proof` the base64 inclusion proof for (index, checkpoint size).
 */
export async function checkInclusion(input: { vkey: string; note: string; index: number; entryData: string; proof: readonly string[] }): Promise<InclusionCheck> {
  const leaf = await leafHashOf(enc.encode(input.entryData));
  const base = { checkpoint: { origin: '', size: 0, root: '' }, keyName: '', leafHash: toBase64(leaf), signatureOk: false, proofOk: false, ok: false };
  const opened = await openSignedNote(input.note, input.vkey);
  if ('problem' in opened) return { ...base, keyName: opened.keyName, problem: opened.problem };
  const lines = opened.text.split('\n');
  const [origin = '', sizeLine = '', rootLine = ''] = lines;
  if (lines.length < 4 || !/^(0|[1-9]\d{0,15})$/.test(sizeLine) || fromBase64(rootLine).length !== 32) return { ...base, keyName: opened.keyName, problem: 'note_malformed' };
  const checkpoint = { origin, size: Number(sizeLine), root: rootLine };
  const withCp = { ...base, checkpoint, keyName: opened.keyName, signatureOk: true };
  if (input.index >= checkpoint.size) return { ...withCp, problem: 'not_covered' };
  const proofOk = await verifyInclusionProof(leaf, input.index, checkpoint.size, input.proof.map(fromBase64), fromBase64(rootLine));
  return { ...withCp, proofOk, ok: proofOk, problem: proofOk ? null : 'proof_mismatch' };
}
