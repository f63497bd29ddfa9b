/**
 * Self-hosted proof of work for the public form (no third-party captcha). A challenge is an
 * HMAC-signed payload `{r: random, e: expiry ms, d: difficulty}`; the client finds a nonce so
 * that sha256(challenge + nonce) starts with `d` zero bits. The server checks signature, expiry
 * and work without storing anything per challenge issued, then spends it (single use).
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { leadingZeroBits, solveChallenge } from '../../platform/pow/pow.ts';
import { DEFAULT_SETTINGS, nowOf, sha256Hex, type TipoffsDeps } from './tipoffs.deps.ts';

// The rule and solver are the platform's (the sign-in step uses them too).
export { leadingZeroBits, solveChallenge };

export const CHALLENGE_TTL_MS = 10 * 60 * 1000;

let cachedKey: Buffer | null = null;

/** The HMAC key: created once (first use, any process) and kept in tipoffs.secrets. */
async function hmacKey(db: Db | Tx): Promise<Buffer> {
  if (cachedKey) return cachedKey;
  await db.insertInto('tipoffs.secrets').values({ name: 'pow-hmac', value: crypto.randomBytes(32) }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('tipoffs.secrets').select('value').where('name', '=', 'pow-hmac').executeTakeFirstOrThrow();
  cachedKey = row.value;
  return cachedKey;
}

function sign(key: Buffer, payload: string): string {
  return crypto.createHmac('sha256', key).update(payload).digest('base64url');
}

export async function issueChallenge(deps: TipoffsDeps, db: Db | Tx) {
  const key = await hmacKey(db);
  // The form is the same for everyone: the topmost settings row (country, else a province) decides.
  const top = await db.selectFrom('tipoffs.settings').select('powDifficulty').orderBy(sql`nlevel(org_path)`).orderBy('updatedAt', 'desc').limit(1).executeTakeFirst();
  const difficulty = top?.powDifficulty ?? DEFAULT_SETTINGS.powDifficulty;
  const expires = nowOf(deps).getTime() + CHALLENGE_TTL_MS;
  const payload = Buffer.from(JSON.stringify({ r: crypto.randomBytes(12).toString('base64url'), e: expires, d: difficulty })).toString('base64url');
  return { challenge: `${payload}.${sign(key, payload)}`, difficulty, expiresAt: new Date(expires).toISOString() };
}

/** Checks the work and spends the challenge in `trx`; throws tipoffs.pow_* naming the field `pow`. */
export async function spendChallenge(deps: TipoffsDeps, trx: Tx, pow: { challenge: string; nonce: string }): Promise<void> {
  const key = await hmacKey(trx);
  const [payload, mac] = pow.challenge.split('.');
  if (!payload || !mac) throw new AppError('tipoffs.pow_invalid', 'pow.challenge: not a challenge from this server', { field: 'pow.challenge' });
  const expected = Buffer.from(sign(key, payload));
  const got = Buffer.from(mac);
  if (expected.length !== got.length || !crypto.timingSafeEqual(expected, got)) {
    throw new AppError('tipoffs.pow_invalid', 'pow.challenge: signature does not match', { field: 'pow.challenge' });
  }
  let data: { e: number; d: number };
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { e: number; d: number };
  } catch {
    throw new AppError('tipoffs.pow_invalid', 'pow.challenge: unreadable', { field: 'pow.challenge' });
  }
  if (!(data.e > nowOf(deps).getTime())) throw new AppError('tipoffs.pow_expired', 'pow.challenge: expired; fetch a new one', { field: 'pow.challenge' });
  const bits = leadingZeroBits(crypto.createHash('sha256').update(pow.challenge + pow.nonce).digest());
  if (bits < data.d) throw new AppError('tipoffs.pow_invalid', `pow.nonce: sha256(challenge + nonce) has ${bits} leading zero bits, ${data.d} needed`, { field: 'pow.nonce' });
  const spent = await trx.insertInto('tipoffs.pow_used').values({ challengeHash: sha256Hex(pow.challenge), expiresAt: new Date(data.e) })
    .onConflict((oc) => oc.column('challengeHash').doNothing()).returning('challengeHash').executeTakeFirst();
  if (!spent) throw new AppError('tipoffs.pow_reused', 'pow.challenge: already used; fetch a new one', { field: 'pow.challenge' });
  // Spent challenges are only needed until they expire.
  await sql`delete from tipoffs.pow_used where expires_at < now() - interval '1 hour'`.execute(trx);
}
