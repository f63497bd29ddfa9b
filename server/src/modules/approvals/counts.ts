/**
 * Counts other modules read through index.ts (statistics fills its derived cells with them, 统计直报
 * "由业务系统生成"): approvals decided in a date range, by matter name, in a division's subtree.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';

export interface DecidedQuery {
  /** Division path whose bureaus' cases count (the case's org_path lies under it). */
  divisionPath: string;
  /** First and last day (YYYY-MM-DD, China time) of the decision date 决定日期. */
  from: string; to: string;
  /** The matter's name as in its catalogue version (事项名称), e.g. 国有建设用地使用权划拨; all matters when absent. */
  matterName?: string | undefined;
  /** granted 准予 (default) or denied 不予. */
  decision?: 'granted' | 'denied' | undefined;
}

/** Number of cases decided in the range (准予/不予许可件数). Runs in the caller's RLS context. */
export async function countDecided(trx: Tx, q: DecidedQuery): Promise<number> {
  let query = trx.selectFrom('approvals.cases as c').innerJoin('approvals.matter_versions as v', 'v.id', 'c.matterVersionId')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(sql<boolean>`c.org_path <@ ${q.divisionPath}::ltree`)
    .where('c.decidedOn', '>=', q.from).where('c.decidedOn', '<=', q.to)
    .where('c.decision', '=', q.decision ?? 'granted');
  if (q.matterName) query = query.where('v.name', '=', q.matterName);
  const r = await query.executeTakeFirstOrThrow();
  return r.n;
}
