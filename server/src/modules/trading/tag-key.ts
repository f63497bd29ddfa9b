/**
 * The key of the applications' `account_tag` (HMAC of lot and account, with which a bidder finds
 * their own application). It must stay out of everything the application role can read: with it,
 * SQL over every account would link accounts to lots before the sale ends (背靠背).
 *
 * TRADING_TAG_KEY (base64, 32 bytes) when set — the same on every process. Unset: a key made
 * once in `DATA_DIR/secrets/trading-tag-key` (mode 0600), enough for processes sharing DATA_DIR.
 * The database keeps only a fingerprint (HMAC of a fixed text), so a process started with another
 * key refuses to tag instead of silently losing every bidder's application.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Tx } from '../../platform/db/context.ts';

export function loadTagKey(env: { TRADING_TAG_KEY?: string | undefined; dataDir: string }): Buffer {
  if (env.TRADING_TAG_KEY) return Buffer.from(env.TRADING_TAG_KEY, 'base64');
  const dir = path.join(env.dataDir, 'secrets');
  const file = path.join(dir, 'trading-tag-key');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file}: not a base64 key of 32 bytes (or set TRADING_TAG_KEY)`);
  return key;
}

const FINGERPRINT = 'trading.account_tag.fingerprint';

/** HMAC-SHA256(key, "lotId:userId"), once this process's key matches the database's fingerprint. */
export function createTagger(key: Buffer) {
  const fingerprint = crypto.createHmac('sha256', key).update('sunland trading tag key fingerprint').digest();
  let checked = false;
  const tag = (lotId: number, userId: number) => crypto.createHmac('sha256', key).update(`${lotId}:${userId}`).digest('hex');
  return Object.assign(async function accountTag(trx: Tx, lotId: number, userId: number): Promise<string> {
    if (!checked) {
      await trx.insertInto('platform.secrets').values({ name: FINGERPRINT, value: fingerprint }).onConflict((oc) => oc.column('name').doNothing()).execute();
      const row = await trx.selectFrom('platform.secrets').select('value').where('name', '=', FINGERPRINT).executeTakeFirstOrThrow();
      if (!row.value.equals(fingerprint)) {
        throw new Error('TRADING_TAG_KEY: this process has another account-tag key than the one the applications in the database were tagged with; set the same TRADING_TAG_KEY on every process');
      }
      checked = true;
    }
    return tag(lotId, userId);
  }, {
    /** The tag with no query, once the key has been checked against the database (else null). */
    now: (lotId: number, userId: number): string | null => (checked ? tag(lotId, userId) : null),
  });
}
