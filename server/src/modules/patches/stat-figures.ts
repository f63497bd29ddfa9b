/**
 * Read-only figures for the statistics module (统计直报, 土地执法情况), through index.ts: the
 * accepted 违法 verdicts (审核通过) of the satellite patches (卫片图斑) of the division's counties
 * whose batch's later image (后时相) falls in the period, and their area (m²). Aggregates only.
 * Runs in the caller's transaction and RLS scope (statistics calls it in the system context).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';

export interface IllegalPatchStatistics { illegal: number; areaM2: number }

export async function illegalPatchStatistics(trx: Tx, q: { divisionPath: string; from: string; to: string }): Promise<IllegalPatchStatistics> {
  const { rows } = await sql<{ illegal: number; area: string | null }>`
    select count(*)::int as illegal, sum(p.area_m2) as area
    from patches.patches p join patches.batches b on b.id = p.batch_id join patches.classes c on c.code = p.verdict_class
    where p.status = 'accepted' and c.verdict = 'illegal' and b.after_date between ${q.from}::date and ${q.to}::date
      and exists (select 1 from orgs.divisions d where d.code = p.county_code and d.path <@ ${q.divisionPath}::ltree)`.execute(trx);
  const r = rows[0]!;
  return { illegal: r.illegal, areaM2: Math.round(Number(r.area ?? 0) * 100) / 100 };
}
