/**
 * The draw (随机抽取) as a pure function of its published inputs, written down in
 * docs/selection.md. The server and the offline verifier (tools/verify.ts) both call this.
 *
 *   seed  = SHA-256("sunland-draw-v1\n" + drawNo + "\n" + poolHash + "\n" + secret + "\n" + checkpointRoot + "\n" + ownerNumber + "\n")
 *   order = the pool sorted by SHA-256(seed + ":" + agencyId) (hex, ascending)
 *
 * poolHash = SHA-256 of the canonical JSON of the frozen pool (logged before the draw); secret is
 * the server secret whose SHA-256 was logged before the draw (hex); checkpointRoot is the base64
 * root of the first checkpoint signed after the commitment; ownerNumber is the project owner's
 * number or the empty string.
 */
import crypto from 'node:crypto';
import { canonicalJson } from '../../platform/audit/canonical-json.ts';

export interface PoolAgency { agencyId: number; code: string; name: string }

export interface DrawInputs {
  drawNo: string;
  pool: PoolAgency[];
  secret: string;
  checkpointRoot: string;
  ownerNumber: string | null;
}

export function sha256Hex(s: string | Buffer): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

export function poolHash(pool: readonly PoolAgency[]): string {
  return sha256Hex(canonicalJson(pool));
}

export function drawSeed(i: DrawInputs): string {
  return sha256Hex(`sunland-draw-v1\n${i.drawNo}\n${poolHash(i.pool)}\n${i.secret}\n${i.checkpointRoot}\n${i.ownerNumber ?? ''}\n`);
}

/** The whole order of the pool: the first is selected, the next replaces one that does not confirm. */
export function drawOrder(i: DrawInputs): number[] {
  const seed = drawSeed(i);
  return i.pool
    .map((a) => ({ id: a.agencyId, key: sha256Hex(`${seed}:${a.agencyId}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id))
    .map((a) => a.id);
}
