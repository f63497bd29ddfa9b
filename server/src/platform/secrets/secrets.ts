/**
 * Server secrets shared by every process (HMAC keys, the audit anchor signing key): kept in
 * `platform.secrets`, created by whichever process needs one first, never on one process's disk.
 */
import crypto from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';

const cache = new Map<string, Buffer>();

/** The 32-byte secret `name`, created on first use (any process; the first insert wins). */
export async function serverSecret(q: Db | Tx, name: string): Promise<Buffer> {
  const hit = cache.get(name);
  if (hit) return hit;
  await q.insertInto('platform.secrets').values({ name, value: crypto.randomBytes(32) })
    .onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await q.selectFrom('platform.secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  cache.set(name, row.value);
  return row.value;
}
