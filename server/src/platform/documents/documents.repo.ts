/** SQL of the documents registry. RLS of the caller's transaction applies to every query here. */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import type { DocumentsTable } from './documents.tables.ts';
import type { Insertable } from 'kysely';
import { firstSideSerial, nextSideSerialSql, type SerialSide } from '../exchange/numbering.ts';

type Q = Db | Tx;

/** What the public verification page may show, and nothing else. */
export interface PublicDocumentRow {
  kind: string;
  title: string;
  docNo: string;
  issuerName: string;
  issuedAt: Date;
  sha256: string;
  size: number;
  status: 'valid' | 'revoked' | 'superseded';
  statusChangedAt: Date | null;
  verifyToken: string;
}

/** The configured prefix of this kind, and the authority's short name (kind '*'), if set. */
export async function findPrefixes(q: Q, issuerOrgUnitId: number, kind: string): Promise<{ own?: string; short?: string }> {
  const rows = await q.selectFrom('documents.number_prefixes').select(['kind', 'prefix'])
    .where('issuerOrgUnitId', '=', issuerOrgUnitId).where('kind', 'in', [kind, '*']).execute();
  return { own: rows.find((r) => r.kind === kind)?.prefix, short: rows.find((r) => r.kind === '*')?.prefix };
}

export async function upsertPrefix(q: Q, issuerOrgUnitId: number, kind: string, prefix: string): Promise<void> {
  await q.insertInto('documents.number_prefixes').values({ issuerOrgUnitId, kind, prefix })
    .onConflict((oc) => oc.columns(['issuerOrgUnitId', 'kind']).doUpdateSet({ prefix, updatedAt: sql`now()` }))
    .execute();
}

/**
 * Takes the next number of (authority, kind, year). The upsert locks the counter row until the
 * caller's transaction ends: concurrent issuers queue, and a rollback gives the number back.
 */
export async function takeNextNumber(q: Q, issuerOrgUnitId: number, kind: string, year: number, side: SerialSide = 'all'): Promise<number> {
  // Two sites (SITE_ROLE): odd numbers on the internet side, even on the intranet, so a document
  // adopted from the other side (exchange) never takes a number issued here.
  const row = await q.insertInto('documents.sequences').values({ issuerOrgUnitId, kind, year, lastNo: firstSideSerial(side) })
    .onConflict((oc) => oc.columns(['issuerOrgUnitId', 'kind', 'year']).doUpdateSet({ lastNo: nextSideSerialSql(side, 'documents.sequences.last_no') }))
    .returning('lastNo').executeTakeFirstOrThrow();
  return row.lastNo;
}

export async function insertDocument(q: Q, row: Insertable<DocumentsTable>) {
  return q.insertInto('documents.documents').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findDocument(q: Q, id: number) {
  return q.selectFrom('documents.documents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the row for a status change (revoke, supersede). */
export async function findDocumentForUpdate(q: Q, id: number) {
  return q.selectFrom('documents.documents').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listBySubject(q: Q, subjectType: string, subjectId: string) {
  return q.selectFrom('documents.documents').selectAll()
    .where('subjectType', '=', subjectType).where('subjectId', '=', subjectId).orderBy('id').execute();
}

export async function setStatus(
  q: Q, id: number,
  change: { status: 'revoked' | 'superseded'; revokedReason?: string | null; supersededBy?: number | null; by: number | null },
) {
  return q.updateTable('documents.documents')
    .set({
      status: change.status, revokedReason: change.revokedReason ?? null, supersededBy: change.supersededBy ?? null,
      statusChangedAt: sql<Date>`now()`, statusChangedBy: change.by,
    })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Public facts by verification token; runs past RLS through a SECURITY DEFINER function. */
export async function findPublicByToken(q: Q, token: string): Promise<PublicDocumentRow | undefined> {
  const { rows } = await sql<PublicDocumentRow>`select * from documents.verify_by_token(${token})`.execute(q);
  return rows[0];
}

/** Public facts by the SHA-256 of the PDF bytes. */
export async function findPublicBySha256(q: Q, sha256: string): Promise<PublicDocumentRow | undefined> {
  const { rows } = await sql<PublicDocumentRow>`select * from documents.verify_by_sha256(${sha256})`.execute(q);
  return rows[0];
}
