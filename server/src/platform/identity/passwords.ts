/**
 * Password hashing (argon2id) and the password rules of 等保 2.0: length, three of four
 * character classes, no reuse of the last five.
 */
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../http/errors.ts';

// OWASP's argon2id minimum (19 MiB, 2 passes): ~20 ms here, keeps login fast. algorithm 2 = Argon2id
// (the package's const enum cannot be imported under type stripping).
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_HISTORY = 5;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A fixed hash so that an unknown username costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
}

/** Character classes present: upper, lower, digit, symbol. */
export function passwordClasses(pw: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
}

/** Throws identity.password_weak naming `field` unless the password meets the policy. */
export function assertPasswordStrong(pw: string, minLength: number, field = 'newPassword', username?: string): void {
  if (pw.length < minLength) {
    throw new AppError('identity.password_weak', `${field}: at least ${minLength} characters`, { field, minLength });
  }
  if (pw.length > 128) throw new AppError('identity.password_weak', `${field}: at most 128 characters`, { field });
  if (passwordClasses(pw) < 3) {
    throw new AppError('identity.password_weak', `${field}: use at least 3 of: upper-case, lower-case, digits, symbols`, { field });
  }
  if (username && pw.toLowerCase().includes(username.toLowerCase())) {
    throw new AppError('identity.password_weak', `${field}: must not contain the username`, { field });
  }
  if (isCommonPassword(pw)) {
    throw new AppError('identity.password_weak', `${field}: this password is on the list of common passwords`, { field, common: true });
  }
}

/**
 * Passwords that meet the character rules but top every leaked-password list: zxcvbn's list of
 * common passwords (@zxcvbn-ts/language-common, ~49,000 entries, lower-case) and the favourites
 * of Chinese leaks that it misses. Compared case-insensitively, so `Password1` is `password1`.
 */
const CHINESE_FAVOURITES = [
  'woaini1314', 'woaini520', 'woaini123', 'aa123456', 'aa123456.', 'a123456.', 'a1234567', 'a12345678', 'abc@123', 'abc@1234',
  'abc@123456', 'abc123456', 'admin@123', 'admin@1234', 'admin@123456', 'admin123!', 'admin123456', 'p@ssw0rd1', 'p@ssword1',
  'password1!', 'password@1', 'password@123', 'passw0rd!', 'qwe@123', 'qwe@1234', 'qwer@1234', 'qwe123!@#', '1qaz@wsx', '1qaz2wsx!',
  '1qaz!qaz', 'zaq1@wsx', 'asd@123', 'asdf@1234', 'huawei@123', 'huawei123', 'root@123', 'test@123', 'welcome@123', 'changeme1!',
  'abcd@1234', 'aa123123', 'zxc@123', 'zhang123', 'wang123456', 'li123456', 'china@123', 'beijing@123', 'sunland@123',
];
let common: Set<string> | null = null;
export function isCommonPassword(pw: string): boolean {
  common ??= new Set([...dictionary['passwords-common'].filter((p) => p.length >= 6), ...CHINESE_FAVOURITES]);
  return common.has(pw.toLowerCase());
}

/** A random password that meets the policy, for administrator resets (临时密码). */
export function temporaryPassword(): string {
  const base = crypto.randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  return `Tmp-${base}9a`;
}
