/**
 * The password, lock and session policy (安全策略). The security administrator stores values in
 * identity.security_policy; a value left null falls back to the server setting of the same name.
 */
import type { Env } from '../../env.ts';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import * as repo from './identity.repo.ts';

export interface SecurityPolicy {
  passwordMinLength: number;
  passwordMaxAgeDays: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  sessionIdleMinutes: number;
}

export const PASSWORD_MIN_LENGTH_DEFAULT = 8;

export function defaultPolicy(env: Env): SecurityPolicy {
  return {
    passwordMinLength: PASSWORD_MIN_LENGTH_DEFAULT,
    passwordMaxAgeDays: env.PASSWORD_MAX_AGE_DAYS,
    loginMaxFailures: env.LOGIN_MAX_FAILURES,
    loginLockMinutes: env.LOGIN_LOCK_MINUTES,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
  };
}

export async function effectivePolicy(q: Db | Tx, env: Env): Promise<SecurityPolicy> {
  const row = await repo.findPolicy(q);
  const d = defaultPolicy(env);
  return {
    passwordMinLength: row?.passwordMinLength ?? d.passwordMinLength,
    passwordMaxAgeDays: row?.passwordMaxAgeDays ?? d.passwordMaxAgeDays,
    loginMaxFailures: row?.loginMaxFailures ?? d.loginMaxFailures,
    loginLockMinutes: row?.loginLockMinutes ?? d.loginLockMinutes,
    sessionIdleMinutes: row?.sessionIdleMinutes ?? d.sessionIdleMinutes,
  };
}

/** Stores the given values (null = back to the server setting); returns the effective policy. */
export async function updatePolicy(trx: Tx, env: Env, changes: Partial<Record<keyof SecurityPolicy, number | null>>, byUserId: number) {
  await trx.updateTable('identity.security_policy').set({ ...changes, updatedAt: new Date(), updatedBy: byUserId }).execute();
  return effectivePolicy(trx, env);
}

export function passwordExpiresAt(changedAt: Date, maxAgeDays: number): Date {
  return new Date(changedAt.getTime() + maxAgeDays * 86_400_000);
}
