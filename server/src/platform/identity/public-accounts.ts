/**
 * Public accounts (公众用户): citizens and companies register with their mobile number, an SMS
 * code and their ID number or credit code, and log in by password or SMS code. The account's
 * username is its mobile number.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { PUBLIC_CONTEXT, withContext, type Tx } from '../db/context.ts';
import { AppError, invalid } from '../http/errors.ts';
import * as repo from './identity.repo.ts';
import { isValidCreditCode, isValidIdNumber } from './id-numbers.ts';
import { selfContext, type IdentityDeps } from './login.ts';
import { assertPasswordStrong, hashPassword } from './passwords.ts';
import { effectivePolicy } from './security-policy.ts';
import { openSession, type ClientMeta } from './sessions.ts';
import { serverSecret } from '../secrets/secrets.ts';

export const SMS_CODE_TTL_SECONDS = 300;
export const SMS_CODE_MAX_ATTEMPTS = 5;
/** Per phone: one code a minute and ten a day. Per IP the route's rate limit applies. */
export const SMS_CODE_INTERVAL_SECONDS = 60;
export const SMS_CODES_PER_DAY = 10;

const PHONE = /^1[3-9]\d{9}$/;

export function assertPhone(phone: string, field = 'phone'): void {
  if (!PHONE.test(phone)) throw new AppError('identity.phone_invalid', `${field}: a mainland mobile number of 11 digits`, { field });
}

/**
 * HMAC-SHA256 under a server secret kept in the database (platform.secrets, shared by every
 * process): a copy of identity.sms_codes alone does not give the 6-digit codes away by brute force.
 */
async function codeHash(deps: IdentityDeps, purpose: string, phone: string, code: string): Promise<string> {
  const key = await serverSecret(deps.db, 'sms-code-hmac');
  return crypto.createHmac('sha256', key).update(`${purpose}:${phone}:${code}`).digest('hex');
}

export type SmsPurpose = 'register' | 'login';

/** RLS of identity.sms_codes: this transaction sees and writes the codes of `phone` only. */
async function forPhone(trx: Tx, phone: string): Promise<void> {
  await sql`select set_config('sunland.sms_phone', ${phone}, true)`.execute(trx);
}

/**
 * Sends a code when it can serve its purpose (login: a public account has this number;
 * register: none has). The answer and the per-phone limits are the same either way, so numbers
 * cannot be probed: a request that sends nothing still records a row (the hash of a code nobody
 * knows), which counts towards the limits like a sent one.
 */
export async function requestSmsCode(deps: IdentityDeps, phone: string, purpose: SmsPurpose, meta: ClientMeta): Promise<{ sent: true; expiresInSeconds: number }> {
  assertPhone(phone);
  const existing = await repo.loginLookup(deps.db, phone);
  const registered = existing?.kind === 'public' && existing.username === phone;
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const hash = await codeHash(deps, purpose, phone, code);
  await withContext(deps.db, PUBLIC_CONTEXT, async (trx) => {
    await forPhone(trx, phone);
    await sql`select pg_advisory_xact_lock(hashtext('identity.sms_code'), hashtext(${phone}))`.execute(trx);
    const { rows } = await sql<{ recent: number; today: number }>`
      select count(*) filter (where created_at > now() - make_interval(secs => ${SMS_CODE_INTERVAL_SECONDS}))::int as recent,
             count(*) filter (where created_at > now() - interval '1 day')::int as today
        from identity.sms_codes where phone = ${phone}`.execute(trx);
    const r = rows[0]!;
    if (r.recent > 0) throw new AppError('request.rate_limited', `phone: wait ${SMS_CODE_INTERVAL_SECONDS} seconds before asking for another code`, { field: 'phone', retryAfterSeconds: SMS_CODE_INTERVAL_SECONDS });
    if (r.today >= SMS_CODES_PER_DAY) throw new AppError('request.rate_limited', 'phone: too many codes today, try again tomorrow', { field: 'phone' });
    const serves = (purpose === 'login') === registered;
    await trx.insertInto('identity.sms_codes').values({
      phone, purpose, codeHash: serves ? hash : crypto.randomBytes(32).toString('hex'),
      expiresAt: new Date(Date.now() + SMS_CODE_TTL_SECONDS * 1000), ip: meta.ip,
    }).execute();
    if (!serves) return;
    const what = purpose === 'register' ? '注册' : '登录';
    await deps.notify.enqueue(trx, {
      channel: 'sms', to: phone,
      body: `【阳光国土】您的${what}验证码是${code}，${SMS_CODE_TTL_SECONDS / 60}分钟内有效。如非本人操作，请忽略本短信。`,
      data: { kind: 'identity.sms_code', purpose }, confidential: true,
    });
  });
  return { sent: true, expiresInSeconds: SMS_CODE_TTL_SECONDS };
}

/**
 * Checks a code in its own transaction, so a wrong guess is counted even though the request
 * fails. Returns the id of the matching code; `consumeSmsCode` then spends it with the work it allows.
 */
export async function checkSmsCode(deps: IdentityDeps, phone: string, purpose: SmsPurpose, code: string): Promise<number> {
  const wrong = new AppError('auth.sms_code_invalid', 'smsCode: wrong or expired code', { field: 'smsCode' });
  if (!/^\d{6}$/.test(code)) throw wrong;
  const row = await withContext(deps.db, PUBLIC_CONTEXT, async (trx) => {
    await forPhone(trx, phone);
    const { rows } = await sql<{ id: number; codeHash: string }>`
      update identity.sms_codes set attempts = attempts + 1
       where id = (select id from identity.sms_codes where phone = ${phone} and purpose = ${purpose}
                     and used_at is null and expires_at > now() order by id desc limit 1)
         and attempts < ${SMS_CODE_MAX_ATTEMPTS}
      returning id, code_hash`.execute(trx);
    return rows[0];
  });
  const expected = await codeHash(deps, purpose, phone, code);
  if (!row || !crypto.timingSafeEqual(Buffer.from(row.codeHash), Buffer.from(expected))) throw wrong;
  return row.id;
}

export async function consumeSmsCode(trx: Tx, phone: string, id: number): Promise<void> {
  await forPhone(trx, phone);
  const r = await trx.updateTable('identity.sms_codes').set({ usedAt: new Date() })
    .where('id', '=', id).where('usedAt', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('auth.sms_code_invalid', 'smsCode: the code was already used', { field: 'smsCode' });
}

export interface RegisterInput {
  kind: 'person' | 'company';
  name: string;
  idNumber?: string;
  creditCode?: string;
  phone: string;
  password: string;
  smsCode: string;
}

function uniqueViolation(e: unknown): string | null {
  const err = e as { code?: string; constraint?: string };
  return err.code === '23505' ? (err.constraint ?? '') : null;
}

/** Creates a public account and logs it in; returns the session token. */
export async function registerPublic(deps: IdentityDeps, input: RegisterInput, meta: ClientMeta): Promise<{ token: string; userId: number }> {
  assertPhone(input.phone);
  const name = input.name.trim();
  if (!name) throw invalid('name', 'required', '必须填写');
  let idNumber: string;
  if (input.kind === 'person') {
    if (input.creditCode !== undefined) throw invalid('creditCode', 'a person registers with an ID number', '个人注册请填写身份证号码');
    if (!input.idNumber) throw invalid('idNumber', 'required for a person', '个人注册时必须填写');
    idNumber = input.idNumber.trim().toUpperCase();
    if (!isValidIdNumber(idNumber)) throw new AppError('identity.id_number_invalid', 'idNumber: not a valid citizen ID number (GB 11643)', { field: 'idNumber' });
  } else {
    if (input.idNumber !== undefined) throw invalid('idNumber', 'a company registers with a credit code', '单位注册请填写统一社会信用代码');
    if (!input.creditCode) throw invalid('creditCode', 'required for a company', '单位注册时必须填写');
    idNumber = input.creditCode.trim().toUpperCase();
    if (!isValidCreditCode(idNumber)) throw new AppError('identity.credit_code_invalid', 'creditCode: not a valid unified social credit code (GB 32100)', { field: 'creditCode' });
  }
  const policy = await effectivePolicy(deps.db, deps.env);
  assertPasswordStrong(input.password, policy.passwordMinLength, 'password', input.phone);
  const codeId = await checkSmsCode(deps, input.phone, 'register', input.smsCode);
  // Spent by this attempt whatever comes next (a taken ID number included): one code, one try.
  await withContext(deps.db, PUBLIC_CONTEXT, (trx) => consumeSmsCode(trx, input.phone, codeId));
  const passwordHash = await hashPassword(input.password);
  const userId = await withContext(deps.db, PUBLIC_CONTEXT, (trx) => repo.nextUserId(trx));
  try {
    return await withContext(deps.db, selfContext(userId), async (trx) => {
      await trx.insertInto('identity.users').values({
        id: userId, username: input.phone, displayName: name, kind: 'public', orgUnitId: null, orgPath: null,
        phone: input.phone, email: null, passwordHash, totpSecret: null, totpLastStep: null, lockedUntil: null,
        publicKind: input.kind, idNumber, legalName: name, lastLoginAt: new Date(),
      }).execute();
      await trx.insertInto('identity.password_history').values({ userId, passwordHash }).execute();
      const s = await openSession(trx, userId, null, meta);
      await deps.audit.record(trx, { userId, username: input.phone }, {
        action: 'identity.public_user.registered', entityType: 'user', entityId: userId, details: { publicKind: input.kind }, ip: meta.ip,
      });
      return { token: s.token, userId };
    });
  } catch (e) {
    const c = uniqueViolation(e);
    if (c === 'users_id_number') throw new AppError('identity.id_number_taken', `${input.kind === 'person' ? 'idNumber' : 'creditCode'}: already registered`, { field: input.kind === 'person' ? 'idNumber' : 'creditCode' });
    if (c !== null) throw new AppError('identity.phone_taken', 'phone: already registered; log in instead', { field: 'phone' });
    throw e;
  }
}

/** Logs a public account in with an SMS code sent for 'login'. */
export async function smsLogin(deps: IdentityDeps, phone: string, code: string, meta: ClientMeta): Promise<{ token: string }> {
  assertPhone(phone);
  const row = await repo.loginLookup(deps.db, phone);
  if (!row || row.kind !== 'public' || row.username !== phone) {
    throw new AppError('auth.sms_code_invalid', 'code: wrong or expired code', { field: 'code' });
  }
  let codeId: number;
  try {
    codeId = await checkSmsCode(deps, phone, 'login', code);
  } catch (e) {
    if (e instanceof AppError) throw new AppError(e.code, 'code: wrong or expired code', { field: 'code' });
    throw e;
  }
  if (row.status !== 'active') throw new AppError('auth.account_disabled', 'this account is disabled');
  return withContext(deps.db, selfContext(row.id), async (trx) => {
    await consumeSmsCode(trx, phone, codeId);
    await repo.recordLoginSuccess(trx, row.id);
    const s = await openSession(trx, row.id, null, meta);
    await deps.audit.record(trx, { userId: row.id, username: row.username }, {
      action: 'identity.login.succeeded', entityType: 'user', entityId: row.id, details: { method: 'sms' }, ip: meta.ip,
    });
    return { token: s.token };
  });
}
