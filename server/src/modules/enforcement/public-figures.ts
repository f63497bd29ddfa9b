/**
 * Read-only figures for the public performance board (openness module, 阳光), through index.ts:
 * per county (4th label of the deciding bureau's path) and month of the decision — 行政处罚决定
 * made and the fines they impose (元). Only what is public: decisions published under 双公示
 * (`enforcement.disclosures`); a decision withdrawn on review (复议/诉讼) no longer counts.
 * Runs in the caller's transaction and RLS scope (the board calls it in the system context).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';

export interface PenaltyCountyMonth { countyPath: string; month: string; figures: { decided: number; fines: number } }

export async function penaltiesPerformance(trx: Tx, q: { underPath: string; from: string; to: string }): Promise<PenaltyCountyMonth[]> {
  const { rows } = await sql<{ countyPath: string; month: string; decided: number; fines: string | null }>`
    select subpath(d.org_path, 0, least(nlevel(d.org_path), 4))::text as "countyPath", to_char(d.decided_on, 'YYYY-MM') as month,
      count(*)::int as decided, sum(coalesce(c.fine_amount, 0)) as fines
    from enforcement.disclosures d join enforcement.cases c on c.id = d.case_id
    where d.org_path <@ ${q.underPath}::ltree and d.decided_on between ${q.from}::date and ${q.to}::date and d.status <> 'withdrawn'
    group by 1, 2 order by 2, 1`.execute(trx);
  return rows.map((r) => ({ countyPath: r.countyPath, month: r.month, figures: { decided: r.decided, fines: Math.round(Number(r.fines ?? 0) * 100) / 100 } }));
}
