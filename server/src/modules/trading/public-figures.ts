/**
 * Read-only figures for the public performance board (openness module, 阳光), through index.ts:
 * per county (4th label of the selling bureau's path) and month of the close — lots sold (成交)
 * and their total price (成交价款, 元). Only results that are public: lots closed as `sold` (the
 * result is published on the transparency log at the close). Runs in the caller's transaction and
 * RLS scope (the board calls it in the system context).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';

export interface SalesCountyMonth { countyPath: string; month: string; figures: { sold: number; price: number } }

export async function salesPerformance(trx: Tx, q: { underPath: string; from: string; to: string }): Promise<SalesCountyMonth[]> {
  const { rows } = await sql<{ countyPath: string; month: string; sold: number; price: string | null }>`
    select subpath(l.org_path, 0, least(nlevel(l.org_path), 4))::text as "countyPath",
      to_char((l.closed_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM') as month,
      count(*)::int as sold, sum(l.final_price) as price
    from trading.lots l
    where l.org_path <@ ${q.underPath}::ltree and l.status = 'closed' and l.outcome = 'sold' and l.closed_at is not null
      and (l.closed_at at time zone 'Asia/Shanghai')::date between ${q.from}::date and ${q.to}::date
    group by 1, 2 order by 2, 1`.execute(trx);
  return rows.map((r) => ({ countyPath: r.countyPath, month: r.month, figures: { sold: r.sold, price: Number(r.price ?? 0) } }));
}
