/**
 * `npm run demo:totp -- <username>`: prints the current TOTP code of a demo administrator
 * (sysadmin, secadmin, auditadmin), from the fixed demo secrets. Demo installs only.
 */
import { DEMO_TOTP_SECRETS } from '../server/src/platform/identity/identity.seed.ts';
import { TOTP_PERIOD, totpCode } from '../server/src/platform/identity/totp.ts';

const username = process.argv[2];
const secret = username ? DEMO_TOTP_SECRETS[username] : undefined;
if (!secret) {
  process.stderr.write(`usage: npm run demo:totp -- <${Object.keys(DEMO_TOTP_SECRETS).join('|')}>\n`);
  process.exit(2);
}
const left = TOTP_PERIOD - (Math.floor(Date.now() / 1000) % TOTP_PERIOD);
process.stdout.write(`${totpCode(secret)}\n`);
process.stderr.write(`(${username}; valid for ${left} more seconds, and the next 30)\n`);
