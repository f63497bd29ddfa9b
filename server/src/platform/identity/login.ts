/**
 * Password login (with TOTP for the administrators) and password change. Before the password
 * is proven the account is read through identity.login_lookup (SECURITY DEFINER); afterwards
 * every write runs as the user itself under RLS.
 */
import type { Env } from '../../env.ts';
import type { Db } from '../db/database.ts';
import { PUBLIC_CONTEXT, withContext, type DbContext, type Tx } from '../db/context.ts';
import type { AuditService } from '../audit/index.ts';
import type { NotifyService } from '../notify/index.ts';
import type { OrgsService } from '../orgs/index.ts';
import type { Actor } from '../http/actor.ts';
import { AppError, invalid } from '../http/errors.ts';
import * as repo from './identity.repo.ts';
import { assertPasswordStrong, burnVerifyTime, hashPassword, verifyPassword } from './passwords.ts';
import { effectivePolicy, passwordExpiresAt, type SecurityPolicy } from './security-policy.ts';
import { openSession, type ClientMeta } from './sessions.ts';
import { totpStep } from './totp.ts';
import { attemptKeys, clearName, countFailure, guardAttempt, type AttemptKeys } from './throttle.ts';

export interface IdentityDeps {
  db: Db;
  env: Env;
  audit: AuditService;
  notify: NotifyService;
  orgs: OrgsService;
  /** Certificate login policy (platform/pki `gate`); absent: passwords only, as before. */
  certificates?: CertificateGate | undefined;
}

/** What platform/pki offers the password login: the per-role/account policy and the session link. */
export interface CertificateGate {
  /** After password (and TOTP): refuses when the policy wants a certificate; returns the serial the session rests on, if any. */
  passwordLogin(userId: number, presented: ClientMeta['certificate'] | null): Promise<string | null>;
  /** In the session's transaction: ties it to the certificate, so revoking the certificate ends it. */
  bindSession(trx: Tx, sessionId: string, serial: string): Promise<void>;
}

/** Acting as the user whose identity was just proven: RLS shows them their own rows. */
export const selfContext = (userId: number): DbContext => ({ userId, scopes: [] });

const auditActor = (row: { id: number; username: string }) => ({ userId: row.id, username: row.username });

/** Counts a failure (account, login name, address), audits it, and throws `error`. */
async function failLogin(deps: IdentityDeps, policy: SecurityPolicy, row: repo.LoginRow, keys: AttemptKeys, reason: string, meta: ClientMeta, error: AppError): Promise<never> {
  await countFailure(deps, policy, keys);
  await withContext(deps.db, PUBLIC_CONTEXT, async (trx) => {
    const res = await repo.loginFailed(trx, row.id, policy.loginMaxFailures, policy.loginLockMinutes);
    await deps.audit.record(trx, null, {
      action: 'identity.login.failed', entityType: 'user', entityId: row.id,
      details: { username: row.username, reason, failedLogins: res.failedLogins }, ip: meta.ip,
    });
  });
  throw error;
}

/** An unknown login name: the same time, count and answer as a wrong password. */
async function failUnknown(deps: IdentityDeps, policy: SecurityPolicy, login: string, password: string, keys: AttemptKeys, meta: ClientMeta, error: AppError): Promise<never> {
  await burnVerifyTime(password);
  await countFailure(deps, policy, keys);
  await withContext(deps.db, PUBLIC_CONTEXT, (trx) => deps.audit.record(trx, null, {
    action: 'identity.login.failed', entityType: 'user', details: { username: login.slice(0, 64), reason: 'unknown_user' }, ip: meta.ip,
  }));
  throw error;
}

function passwordState(row: repo.LoginRow, policy: SecurityPolicy): 'ok' | 'must_change' | 'expired' {
  if (row.kind !== 'staff') return 'ok';
  if (row.mustChangePassword) return 'must_change';
  if (passwordExpiresAt(row.passwordChangedAt, policy.passwordMaxAgeDays).getTime() <= Date.now()) return 'expired';
  return 'ok';
}

export interface PowSolution {
  challenge: string;
  nonce: string;
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
  pow?: PowSolution;
}

const INVALID_CREDENTIALS = 'wrong username or password';

/** Checks the credentials and opens a session; returns the session token. */
export async function login(deps: IdentityDeps, input: LoginInput, meta: ClientMeta): Promise<{ token: string; sessionId: string }> {
  const policy = await effectivePolicy(deps.db, deps.env);
  const keys = attemptKeys(input.username, meta);
  await guardAttempt(deps, policy, keys, input.pow);
  const row = await repo.loginLookup(deps.db, input.username.trim());
  const badCredentials = new AppError('auth.invalid_credentials', INVALID_CREDENTIALS);
  if (!row) return failUnknown(deps, policy, input.username, input.password, keys, meta, badCredentials);
  if (!(await verifyPassword(row.passwordHash, input.password))) {
    return failLogin(deps, policy, row, keys, 'password', meta, badCredentials);
  }
  if (row.status !== 'active') {
    await withContext(deps.db, PUBLIC_CONTEXT, (trx) => deps.audit.record(trx, null, {
      action: 'identity.login.failed', entityType: 'user', entityId: row.id, details: { username: row.username, reason: 'disabled' }, ip: meta.ip,
    }));
    throw new AppError('auth.account_disabled', 'this account is disabled');
  }
  const pw = passwordState(row, policy);
  if (pw !== 'ok') {
    throw new AppError('auth.password_expired',
      pw === 'must_change' ? 'the password was set by an administrator: change it to continue' : `the password is older than ${policy.passwordMaxAgeDays} days: change it to continue`,
      { reason: pw, field: 'newPassword', changeWith: 'POST /api/auth/password' });
  }
  let step: number | null = null;
  if (row.totpEnabled && row.totpSecret) {
    // Right password without a code: ask for it, do not count a failure.
    if (!input.totp) throw new AppError('auth.totp_required', 'enter the code of your authenticator app', { field: 'totp' });
    step = totpStep(row.totpSecret, input.totp.trim());
    if (step === null) {
      return failLogin(deps, policy, row, keys, 'totp', meta, new AppError('auth.totp_invalid', 'wrong or expired authenticator code', { field: 'totp' }));
    }
  }
  const certSerial = deps.certificates ? await deps.certificates.passwordLogin(row.id, meta.certificate ?? null) : null;
  const opened = await withContext(deps.db, selfContext(row.id), async (trx) => {
    if (step !== null && !(await repo.claimTotpStep(trx, row.id, step))) return null; // replayed code
    await repo.recordLoginSuccess(trx, row.id);
    const posts = await repo.listActivePosts(trx, row.id);
    const s = await openSession(trx, row.id, posts[0]?.id ?? null, meta);
    if (certSerial) await deps.certificates!.bindSession(trx, s.id, certSerial);
    await deps.audit.record(trx, auditActor(row), {
      action: 'identity.login.succeeded', entityType: 'user', entityId: row.id,
      details: { method: (step !== null ? 'password+totp' : 'password') + (certSerial ? '+certificate' : ''), postId: posts[0]?.id ?? null, ...(certSerial ? { certificateSerial: certSerial } : {}) }, ip: meta.ip,
    });
    return s;
  });
  if (!opened) {
    return failLogin(deps, policy, row, keys, 'totp_reused', meta, new AppError('auth.totp_invalid', 'this code was already used; wait for the next one', { field: 'totp' }));
  }
  await clearName(deps.db, input.username);
  return { token: opened.token, sessionId: opened.id };
}

/**
 * Opens a session for an account whose client certificate platform/pki has verified (chain,
 * validity, revocation, policy): no password. A disabled account is refused; the session is tied
 * to the certificate and ends when it is revoked.
 */
export async function certificateLogin(deps: IdentityDeps, userId: number, serial: string, meta: ClientMeta): Promise<{ token: string; sessionId: string }> {
  if (!deps.certificates) throw new AppError('auth.certificate_invalid', 'certificate login is not configured', { field: 'certificate' });
  const u = await withContext(deps.db, selfContext(userId), (trx) => repo.findUser(trx, userId));
  if (!u || u.kind !== 'staff') throw new AppError('auth.certificate_invalid', 'this certificate is not registered to any account', { reason: 'unknown', field: 'certificate' });
  if (u.status !== 'active') {
    await withContext(deps.db, PUBLIC_CONTEXT, (trx) => deps.audit.record(trx, null, {
      action: 'identity.login.failed', entityType: 'user', entityId: u.id, details: { username: u.username, reason: 'disabled', method: 'certificate' }, ip: meta.ip,
    }));
    throw new AppError('auth.account_disabled', 'this account is disabled');
  }
  return withContext(deps.db, selfContext(userId), async (trx) => {
    await repo.recordLoginSuccess(trx, u.id);
    const posts = await repo.listActivePosts(trx, u.id);
    const s = await openSession(trx, u.id, posts[0]?.id ?? null, meta);
    await deps.certificates!.bindSession(trx, s.id, serial);
    await deps.audit.record(trx, auditActor(u), {
      action: 'identity.login.succeeded', entityType: 'user', entityId: u.id,
      details: { method: 'certificate', certificateSerial: serial, source: meta.certificate?.source ?? null, postId: posts[0]?.id ?? null }, ip: meta.ip,
    });
    return { token: s.token, sessionId: s.id };
  });
}

export interface ChangePasswordInput {
  username?: string;
  oldPassword: string;
  newPassword: string;
  totp?: string;
  pow?: PowSolution;
}

/** Rejects a new password that breaks the policy or repeats one of the last five. */
export async function assertNewPassword(trx: Tx | Db, userId: number, username: string, currentHash: string | null, password: string, minLength: number, field = 'newPassword'): Promise<void> {
  assertPasswordStrong(password, minLength, field, username);
  const hashes = (await repo.recentPasswordHashes(trx, userId)).map((h) => h.passwordHash);
  if (currentHash) hashes.push(currentHash);
  for (const h of hashes) {
    if (await verifyPassword(h, password)) {
      throw new AppError('identity.password_reused', `${field}: must differ from your last 5 passwords`, { field });
    }
  }
}

/**
 * Changes the own password: signed in, or with username + old password only when the password
 * has expired (login refused with auth.password_expired). Where the account has TOTP the code is
 * required either way, so a stolen password alone cannot take an account over. Unknown names and
 * wrong old passwords get the same answer and are throttled like sign-ins. Other sessions end.
 */
export async function changePassword(deps: IdentityDeps, actor: Actor | null, input: ChangePasswordInput, meta: ClientMeta): Promise<{ passwordExpiresAt: string | null }> {
  const policy = await effectivePolicy(deps.db, deps.env);
  const login = actor ? actor.username : input.username?.trim();
  if (!login) throw invalid('username', 'required when not logged in', '未登录时必须填写');
  const keys = attemptKeys(login, meta);
  await guardAttempt(deps, policy, keys, input.pow);
  const row = await repo.loginLookup(deps.db, login);
  const bad = new AppError('auth.invalid_credentials', INVALID_CREDENTIALS, { field: 'oldPassword' });
  if (!row || (actor && row.id !== actor.userId)) return failUnknown(deps, policy, login, input.oldPassword, keys, meta, bad);
  if (!(await verifyPassword(row.passwordHash, input.oldPassword))) {
    return failLogin(deps, policy, row, keys, 'password_change', meta, bad);
  }
  if (row.status !== 'active') throw new AppError('auth.account_disabled', 'this account is disabled');
  const state = passwordState(row, policy);
  if (!actor && state === 'ok') {
    throw new AppError('auth.session_required', 'sign in to change a password that has not expired', { field: 'username' });
  }
  let step: number | null = null;
  if (row.totpEnabled && row.totpSecret) {
    if (!input.totp) throw new AppError('auth.totp_required', 'enter the code of your authenticator app', { field: 'totp' });
    step = totpStep(row.totpSecret, input.totp.trim());
    if (step === null) {
      return failLogin(deps, policy, row, keys, 'password_change_totp', meta, new AppError('auth.totp_invalid', 'wrong or expired authenticator code', { field: 'totp' }));
    }
  }
  // Password history is under RLS: read it as the user.
  await withContext(deps.db, selfContext(row.id), (trx) => assertNewPassword(trx, row.id, row.username, row.passwordHash, input.newPassword, policy.passwordMinLength));
  const hash = await hashPassword(input.newPassword);
  const done = await withContext(deps.db, selfContext(row.id), async (trx) => {
    if (step !== null && !(await repo.claimTotpStep(trx, row.id, step))) return false; // replayed code
    await repo.setPassword(trx, row.id, hash, false);
    const ended = await repo.endUserSessions(trx, row.id, 'password_changed', actor?.sessionId);
    await deps.audit.record(trx, auditActor(row), {
      action: 'identity.password.changed', entityType: 'user', entityId: row.id,
      details: { endedSessions: ended, wasExpired: state !== 'ok', totp: step !== null }, ip: meta.ip,
    });
    return true;
  });
  if (!done) {
    return failLogin(deps, policy, row, keys, 'totp_reused', meta, new AppError('auth.totp_invalid', 'this code was already used; wait for the next one', { field: 'totp' }));
  }
  await clearName(deps.db, login);
  return { passwordExpiresAt: row.kind === 'staff' ? passwordExpiresAt(new Date(), policy.passwordMaxAgeDays).toISOString() : null };
}
