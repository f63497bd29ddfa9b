/** SQL of the transparency log. Only this file queries the `transparency` schema. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/context.ts';

type Q = Db | Tx;

/** Locks the sequencer row until the end of the transaction and returns the tree size. */
export async function lockTree(trx: Tx): Promise<number> {
  const row = await trx.selectFrom('transparency.tree').select('size').where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
  return Number(row.size);
}

export async function treeSize(q: Q): Promise<number> {
  const row = await q.selectFrom('transparency.tree').select('size').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.size);
}

export async function setTreeSize(trx: Tx, size: number): Promise<void> {
  await trx.updateTable('transparency.tree').set({ size }).where('id', '=', 1).execute();
}

export async function insertEntries(trx: Tx, rows: { idx: number; kind: string; data: Buffer; leafHash: Buffer }[]): Promise<void> {
  if (rows.length) await trx.insertInto('transparency.entries').values(rows).execute();
}

export async function insertNodes(trx: Tx, rows: { level: number; idx: number; hash: Buffer }[]): Promise<void> {
  if (rows.length) await trx.insertInto('transparency.nodes').values(rows).execute();
}

/** Hashes of the given complete subtrees, keyed `level/idx`. */
export async function findNodes(q: Q, keys: { level: number; index: number }[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (!keys.length) return out;
  const levels = keys.map((k) => k.level);
  const idxs = keys.map((k) => k.index);
  const rows = await sql<{ level: number; idx: string | number; hash: Buffer }>`
    select n.level, n.idx, n.hash from transparency.nodes n
    join unnest(${levels}::smallint[], ${idxs}::bigint[]) as k(level, idx) on n.level = k.level and n.idx = k.idx`.execute(q);
  for (const r of rows.rows) out.set(`${r.level}/${Number(r.idx)}`, r.hash);
  return out;
}

/** Node hashes of one level in [from, from + count), in order. */
export async function nodeRange(q: Q, level: number, from: number, count: number): Promise<Buffer[]> {
  const rows = await q.selectFrom('transparency.nodes').select('hash')
    .where('level', '=', level).where('idx', '>=', from).where('idx', '<', from + count).orderBy('idx').execute();
  return rows.map((r) => r.hash);
}

export async function entryRange(q: Q, from: number, count: number): Promise<Buffer[]> {
  const rows = await q.selectFrom('transparency.entries').select('data')
    .where('idx', '>=', from).where('idx', '<', from + count).orderBy('idx').execute();
  return rows.map((r) => r.data);
}

export function findEntry(q: Q, idx: number) {
  return q.selectFrom('transparency.entries').select(['idx', 'kind', 'data', 'leafHash', 'createdAt']).where('idx', '=', idx).executeTakeFirst();
}

export function listEntries(q: Q, f: { kind?: string; before?: number; limit: number }) {
  let query = q.selectFrom('transparency.entries').select(['idx', 'kind', 'data', 'leafHash', 'createdAt']);
  if (f.kind) query = query.where('kind', '=', f.kind);
  if (f.before !== undefined) query = query.where('idx', '<', f.before);
  return query.orderBy('idx', 'desc').limit(f.limit).execute();
}

export function findKey(q: Q) {
  return q.selectFrom('transparency.log_key').select(['origin', 'seed', 'sm2Key']).where('id', '=', 1).executeTakeFirst();
}

/** Sets the SM2 key once (the first process to need it wins). */
export async function setSm2KeyIfAbsent(q: Q, pkcs8: Buffer): Promise<void> {
  await q.updateTable('transparency.log_key').set({ sm2Key: pkcs8 }).where('id', '=', 1).where('sm2Key', 'is', null).execute();
}

export async function insertKeyIfAbsent(q: Q, origin: string, seed: Buffer): Promise<void> {
  await q.insertInto('transparency.log_key').values({ origin, seed }).onConflict((oc) => oc.column('id').doNothing()).execute();
}

export function latestCheckpoint(q: Q) {
  return q.selectFrom('transparency.checkpoints').select(['size', 'root', 'note', 'createdAt']).orderBy('size', 'desc').limit(1).executeTakeFirst();
}

export function findCheckpoint(q: Q, size: number) {
  return q.selectFrom('transparency.checkpoints').select(['size', 'root', 'note', 'createdAt']).where('size', '=', size).executeTakeFirst();
}

export async function insertCheckpoint(trx: Tx, c: { size: number; root: Buffer; note: string }): Promise<void> {
  await trx.insertInto('transparency.checkpoints').values(c).onConflict((oc) => oc.column('size').doNothing()).execute();
}

export async function insertEntryHashes(trx: Tx, rows: { sha256: Buffer; idx: number }[]): Promise<void> {
  if (rows.length) await trx.insertInto('transparency.entry_hashes').values(rows).onConflict((oc) => oc.doNothing()).execute();
}

/** Entries naming a file with this SHA-256, oldest first. */
export async function entriesBySha256(q: Q, sha256: Buffer): Promise<{ idx: number; kind: string }[]> {
  const rows = await q.selectFrom('transparency.entry_hashes as h').innerJoin('transparency.entries as e', 'e.idx', 'h.idx')
    .select(['e.idx', 'e.kind']).where('h.sha256', '=', sha256).orderBy('e.idx').limit(100).execute();
  return rows.map((r) => ({ idx: Number(r.idx), kind: r.kind }));
}

export async function cosignaturesOf(q: Q, size: number): Promise<{ witness: string; line: string }[]> {
  return q.selectFrom('transparency.cosignatures').select(['witness', 'line']).where('size', '=', size).orderBy('witness').execute();
}

export async function insertCosignature(q: Q, row: { size: number; witness: string; line: string }): Promise<void> {
  await q.insertInto('transparency.cosignatures').values(row).onConflict((oc) => oc.columns(['size', 'witness']).doNothing()).execute();
}

/** The largest checkpoint size each witness cosigned. */
export async function lastCosignedSize(q: Q, witness: string): Promise<number> {
  const r = await q.selectFrom('transparency.cosignatures').select((eb) => eb.fn.max('size').as('size')).where('witness', '=', witness).executeTakeFirst();
  return r?.size === null || r?.size === undefined ? 0 : Number(r.size);
}
