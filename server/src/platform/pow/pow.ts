/**
 * Self-hosted proof of work (no third-party captcha), first written for the tip-off form and
 * shared here: a challenge is an HMAC-signed payload `{r: random, e: expiry ms, d: difficulty,
 * b: binding}`; the client finds a nonce so that sha256(challenge + nonce) starts with `d` zero
 * bits. The server checks signature, expiry, binding and work without storing anything per
 * challenge issued, then spends it (single use, `platform.pow_used`).
 * The web app solves with `web/src/modules/tipoffs/pow/` (same rule).
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import { AppError, type ErrorCode } from '../http/errors.ts';
import { serverSecret } from '../secrets/secrets.ts';

export interface PowChallenge {
  challenge: string;
  difficulty: number;
  expiresAt: string;
}

/** Number of leading zero bits of a digest. */
export function leadingZeroBits(digest: Buffer): number {
  let n = 0;
  for (const byte of digest) {
    if (byte === 0) { n += 8; continue; }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

/** Finds a nonce (tests, bench and the demo; the browser does the same with SubtleCrypto). */
export function solveChallenge(challenge: string, difficulty: number): string {
  for (let i = 0; ; i++) {
    const nonce = String(i);
    if (leadingZeroBits(crypto.createHash('sha256').update(challenge + nonce).digest()) >= difficulty) return nonce;
  }
}

const sign = (key: Buffer, payload: string) => crypto.createHmac('sha256', key).update(payload).digest('base64url');
const KEY = 'pow-hmac';

/** A challenge bound to `binding` (e.g. the login name), valid for `ttlMs`. */
export async function issuePow(q: Db | Tx, binding: string, difficulty: number, ttlMs = 5 * 60_000): Promise<PowChallenge> {
  const key = await serverSecret(q, KEY);
  const expires = Date.now() + ttlMs;
  const b = crypto.createHash('sha256').update(binding).digest('base64url').slice(0, 16);
  const payload = Buffer.from(JSON.stringify({ r: crypto.randomBytes(12).toString('base64url'), e: expires, d: difficulty, b })).toString('base64url');
  return { challenge: `${payload}.${sign(key, payload)}`, difficulty, expiresAt: new Date(expires).toISOString() };
}

/**
 * Checks the work (at least `minDifficulty` bits, bound to `binding`) and spends the challenge.
 * Returns false when the challenge is unusable for any reason (the caller issues a new one).
 */
export async function spendPow(q: Db | Tx, pow: { challenge: string; nonce: string }, binding: string, minDifficulty: number): Promise<boolean> {
  const key = await serverSecret(q, KEY);
  const [payload, mac] = pow.challenge.split('.');
  if (!payload || !mac) return false;
  const expected = Buffer.from(sign(key, payload));
  const got = Buffer.from(mac);
  if (expected.length !== got.length || !crypto.timingSafeEqual(expected, got)) return false;
  let data: { e: number; d: number; b: string };
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof data;
  } catch {
    return false;
  }
  if (!(data.e > Date.now()) || data.d < minDifficulty) return false;
  if (data.b !== crypto.createHash('sha256').update(binding).digest('base64url').slice(0, 16)) return false;
  if (leadingZeroBits(crypto.createHash('sha256').update(pow.challenge + pow.nonce).digest()) < data.d) return false;
  const spent = await q.insertInto('platform.pow_used')
    .values({ challengeHash: crypto.createHash('sha256').update(pow.challenge).digest('hex'), expiresAt: new Date(data.e) })
    .onConflict((oc) => oc.column('challengeHash').doNothing()).returning('challengeHash').executeTakeFirst();
  if (!spent) return false;
  await sql`delete from platform.pow_used where expires_at < now() - interval '1 hour'`.execute(q);
  return true;
}

/** Throws `code` naming the field `pow` with a fresh challenge in the details. */
export function powRequired(code: ErrorCode, message: string, c: PowChallenge): AppError {
  return new AppError(code, message, { field: 'pow', ...c });
}
