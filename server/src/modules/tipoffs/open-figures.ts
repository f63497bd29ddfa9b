/**
 * Read-only figures for the public performance board (openness module, 阳光), through index.ts:
 * per county (of the place reported) and month — tip-offs received (受理登记), closed (销号) and
 * reopened (the reporter disputed the feedback). Runs in the caller's transaction and RLS scope
 * (the board calls it in the system context).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';

export interface TipoffsCountyMonth { countyPath: string; month: string; received: number; closed: number; reopened: number }

export async function tipoffsPerformance(trx: Tx, q: { underPath: string; from: string; to: string }): Promise<TipoffsCountyMonth[]> {
  const { rows } = await sql<TipoffsCountyMonth>`
    with ev as (
      select subpath(r.division_path, 0, least(nlevel(r.division_path), 4))::text as county, to_char(r.received_on, 'YYYY-MM') as month,
             1 as received, 0 as closed, 0 as reopened
      from tipoffs.reports r
      where r.division_path <@ ${q.underPath}::ltree and r.received_on between ${q.from}::date and ${q.to}::date and r.status <> 'merged'
      union all
      select subpath(r.division_path, 0, least(nlevel(r.division_path), 4))::text, to_char((r.closed_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM'), 0, 1, 0
      from tipoffs.reports r
      where r.division_path <@ ${q.underPath}::ltree and r.closed_at is not null
        and (r.closed_at at time zone 'Asia/Shanghai')::date between ${q.from}::date and ${q.to}::date
      union all
      select subpath(r.division_path, 0, least(nlevel(r.division_path), 4))::text, to_char((e.at at time zone 'Asia/Shanghai')::date, 'YYYY-MM'), 0, 0, 1
      from tipoffs.events e join tipoffs.reports r on r.id = e.report_id
      where e.kind = 'reopened' and r.division_path <@ ${q.underPath}::ltree
        and (e.at at time zone 'Asia/Shanghai')::date between ${q.from}::date and ${q.to}::date
    )
    select county as "countyPath", month, sum(received)::int as received, sum(closed)::int as closed, sum(reopened)::int as reopened
    from ev group by 1, 2 order by 2, 1`.execute(trx);
  return rows;
}
