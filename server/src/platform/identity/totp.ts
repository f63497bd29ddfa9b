/** TOTP (RFC 6238) as authenticator apps expect it: SHA1, 6 digits, 30 s, ±1 step accepted. */
import * as OTPAuth from 'otpauth';

export const TOTP_PERIOD = 30;
const ISSUER = 'Sunland 阳光国土';

function totp(secretBase32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function otpauthUrl(secretBase32: string, username: string): string {
  return totp(secretBase32, username).toString();
}

/** The current code (demo script, tests). */
export function totpCode(secretBase32: string, timestamp = Date.now()): string {
  return totp(secretBase32, 'x').generate({ timestamp });
}

/** The time step the code belongs to, or null when it is not valid now (±1 step). */
export function totpStep(secretBase32: string, code: string, timestamp = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32, 'x').validate({ token: code, timestamp, window: 1 });
  if (delta === null) return null;
  return Math.floor(timestamp / 1000 / TOTP_PERIOD) + delta;
}
