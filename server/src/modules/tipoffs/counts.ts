/**
 * Counts other modules read through index.ts: 统计直报 fills 土地执法情况 (收到举报线索) from
 * the tip-offs received in a division and period. Runs in the caller's transaction and RLS scope.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { VIOLATION_TYPES } from './tipoffs.schemas.ts';

/** Tip-offs received (受理登记) about places in the division, from..to inclusive, of one category or all. */
export async function countReceived(trx: Tx, q: { divisionPath: string; from: string; to: string; category?: 'land' | 'mineral' | undefined }): Promise<number> {
  const types = Object.entries(VIOLATION_TYPES).filter(([, v]) => !q.category || v.category === q.category).map(([k]) => k);
  const r = await trx.selectFrom('tipoffs.reports').select(sql<number>`count(*)::int`.as('n'))
    .where(sql<boolean>`division_path <@ ${q.divisionPath}::ltree`)
    .where('receivedOn', '>=', q.from).where('receivedOn', '<=', q.to)
    .where('violationType', 'in', types).executeTakeFirstOrThrow();
  return r.n;
}
