/**
 * Check characters of Chinese identifiers: the citizen ID number (公民身份号码, GB 11643-1999)
 * and the unified social credit code (统一社会信用代码, GB 32100-2015).
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of a citizen ID number. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * True for an 18-character citizen ID number: a province code that exists, a real birth date
 * not in the future, and the right check character (an `x` is accepted for `X`).
 */
export function isValidIdNumber(value: string, today: Date = new Date()): boolean {
  const v = value.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(v)) return false;
  const province = Number(v.slice(0, 2));
  if (province < 11 || province > 91) return false;
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  if (birth.getTime() > today.getTime()) return false;
  return idNumberCheckChar(v) === v[17];
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters of a credit code, or null if one is not allowed. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const n = CREDIT_CHARS.indexOf(first17[i]!);
    if (n < 0) return null;
    sum += n * CREDIT_WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return CREDIT_CHARS[c === 31 ? 0 : c]!;
}

/**
 * True for an 18-character unified social credit code: characters from the GB 32100 set (no
 * I, O, S, V, Z), a 6-digit division code in places 3–8, and the right check character.
 */
export function isValidCreditCode(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(v)) return false;
  return creditCodeCheckChar(v) === v[17];
}

/** Shows the first 4 and last 4 characters only, e.g. 5203**********1234. */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}
