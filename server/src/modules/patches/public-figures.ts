/**
 * Read-only figures for the public performance board (openness module, 阳光), through index.ts:
 * per county and month — patches judged (accepted verdicts, 审核通过) and of them 违法, counted in
 * the month of the batch's later image (后时相, as the module's own figures in figures.ts), and
 * 违法 patches rectified (整改: 拆除复耕, 没收, 完善手续) in the month they were rectified.
 * Aggregates only, no patch. Runs in the caller's transaction and RLS scope (the board calls it in
 * the system context).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';

export interface PatchesCountyMonth { countyPath: string; month: string; figures: { judged: number; illegal: number; rectified: number } }

export async function patchesPerformance(trx: Tx, q: { underPath: string; from: string; to: string }): Promise<PatchesCountyMonth[]> {
  const { rows } = await sql<{ countyPath: string; month: string; judged: number; illegal: number; rectified: number }>`
    with p as (
      select p.*, d.path as county_path, c.verdict
      from patches.patches p join orgs.divisions d on d.code = p.county_code left join patches.classes c on c.code = p.verdict_class
      where d.path <@ ${q.underPath}::ltree and p.status = 'accepted'
    ), ev as (
      select p.county_path, to_char(b.after_date, 'YYYY-MM') as month, 1 as judged, (p.verdict = 'illegal')::int as illegal, 0 as rectified
      from p join patches.batches b on b.id = p.batch_id
      where b.after_date between ${q.from}::date and ${q.to}::date
      union all
      select p.county_path, to_char((p.rectified_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM'), 0, 0, 1
      from p
      where p.verdict = 'illegal' and p.rectification in ('demolished', 'confiscated', 'legalised') and p.rectified_at is not null
        and (p.rectified_at at time zone 'Asia/Shanghai')::date between ${q.from}::date and ${q.to}::date
    )
    select subpath(county_path, 0, least(nlevel(county_path), 4))::text as "countyPath", month,
      sum(judged)::int as judged, sum(illegal)::int as illegal, sum(rectified)::int as rectified
    from ev group by 1, 2 order by 2, 1`.execute(trx);
  return rows.map(({ countyPath, month, ...figures }) => ({ countyPath, month, figures }));
}
