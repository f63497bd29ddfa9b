/**
 * Failed sign-in throttling (登录防暴力破解), the same for real and unknown accounts:
 * - per client address: past LOGIN_ADDRESS_MAX_FAILURES failures in LOGIN_ADDRESS_WINDOW_MINUTES
 *   every further attempt from that address gets 429 (password spraying: many names, one password);
 * - per login name: past the policy's `loginMaxFailures` failures within `loginLockMinutes`, an
 *   attempt must carry a proof of work whose difficulty grows with the failures. The account is
 *   never locked, so a stranger cannot lock its owner out; guessing just gets slow.
 * Counts live in identity.login_throttle (SECURITY DEFINER functions), shared by every process.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import { AppError } from '../http/errors.ts';
import { issuePow, powRequired, spendPow } from '../pow/pow.ts';
import type { IdentityDeps } from './login.ts';
import type { SecurityPolicy } from './security-policy.ts';
import type { ClientMeta } from './sessions.ts';

/** Extra bits of work per failure past the limit, at most this many. */
const POW_EXTRA_BITS_MAX = 4;

export interface AttemptKeys {
  address: string | null;
  name: string;
}

export function attemptKeys(login: string, meta: ClientMeta): AttemptKeys {
  return { address: meta.ip ? `ip:${meta.ip}` : null, name: `login:${login.trim().toLowerCase().slice(0, 64)}` };
}

async function counts(db: Db, keys: AttemptKeys, policy: SecurityPolicy, env: IdentityDeps['env']) {
  const { rows } = await sql<{ key: string; failures: number }>`
    select * from identity.throttle_read(${[keys.name]}::text[], ${policy.loginLockMinutes})
    union all
    select * from identity.throttle_read(${keys.address ? [keys.address] : []}::text[], ${env.LOGIN_ADDRESS_WINDOW_MINUTES})`.execute(db);
  const of = (k: string | null) => rows.find((r) => r.key === k)?.failures ?? 0;
  return { name: of(keys.name), address: of(keys.address) };
}

/**
 * Runs before any password is checked: 429 for an address past its limit, 401 auth.pow_required
 * (with a fresh challenge) for a login name past its limit unless `pow` solves one.
 */
export async function guardAttempt(deps: IdentityDeps, policy: SecurityPolicy, keys: AttemptKeys, pow: { challenge: string; nonce: string } | undefined): Promise<void> {
  const c = await counts(deps.db, keys, policy, deps.env);
  if (c.address >= deps.env.LOGIN_ADDRESS_MAX_FAILURES) {
    throw new AppError('request.rate_limited', 'too many failed sign-ins from this address: try again later',
      { retryAfterSeconds: deps.env.LOGIN_ADDRESS_WINDOW_MINUTES * 60 });
  }
  if (c.name < policy.loginMaxFailures) return;
  const difficulty = deps.env.LOGIN_POW_BITS + Math.min(c.name - policy.loginMaxFailures, POW_EXTRA_BITS_MAX);
  if (pow && await spendPow(deps.db, pow, keys.name, difficulty)) return;
  throw powRequired('auth.pow_required', 'several failed sign-ins for this name: the browser must solve a proof of work first',
    await issuePow(deps.db, keys.name, difficulty));
}

/** Counts one failure for the address and the name. */
export async function countFailure(deps: IdentityDeps, policy: SecurityPolicy, keys: AttemptKeys): Promise<void> {
  await sql`select identity.throttle_fail(${[keys.name]}::text[], ${policy.loginLockMinutes})`.execute(deps.db);
  if (keys.address) await sql`select identity.throttle_fail(${[keys.address]}::text[], ${deps.env.LOGIN_ADDRESS_WINDOW_MINUTES})`.execute(deps.db);
}

/** A successful sign-in (or an administrator's unlock) forgets the name's failures. */
export async function clearName(db: Db | Tx, login: string): Promise<void> {
  await sql`select identity.throttle_clear(${`login:${login.trim().toLowerCase().slice(0, 64)}`})`.execute(db);
}
