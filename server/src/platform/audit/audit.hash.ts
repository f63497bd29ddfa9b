/**
 * The digest of an audit entry: hash_alg over the canonical JSON of its content and the
 * previous entry's hash. `ip` is not hashed (it is optional context, often behind a proxy).
 */
import crypto from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/** SM3 (GB/T 32905) as 商用密码 integrity protection (GB/T 39786 8.4 g). */
export const HASH_ALG = 'sm3' as const;
export type HashAlg = 'sm3' | 'sha256';
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedContent {
  seq: number;
  occurredAt: Date;
  actorUserId: number | null;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  orgPath: string | null;
  details: unknown;
  prevHash: string;
}

export function hashPayload(e: HashedContent): string {
  return canonicalJson({
    seq: e.seq,
    occurredAt: e.occurredAt.toISOString(),
    actorUserId: e.actorUserId,
    actorUsername: e.actorUsername,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    orgPath: e.orgPath,
    details: e.details,
    prevHash: e.prevHash,
  });
}

export function entryHash(e: HashedContent, alg: HashAlg = HASH_ALG): string {
  return crypto.createHash(alg).update(hashPayload(e), 'utf8').digest('hex');
}
