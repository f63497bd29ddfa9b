/**
 * RFC 9162 §2.1.4.2 consistency proof check, for the peer's transparency log carried in packages
 * (the same algorithm as the transparency module's merkle.ts, which is not part of its index).
 */
import crypto from 'node:crypto';

const nodeHash = (l: Uint8Array, r: Uint8Array) => crypto.createHash('sha256').update(Buffer.from([1])).update(l).update(r).digest();
const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

export function verifyConsistency(first: number, second: number, proof: readonly Uint8Array[], firstRoot: Uint8Array, secondRoot: Uint8Array): boolean {
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
