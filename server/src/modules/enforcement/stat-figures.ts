/**
 * Read-only figures for the statistics module (统计直报, 自然资督察统1表 土地执法情况), through
 * index.ts: the cases of a division's bureaus in a period, land or mineral. 立案 counts cases filed
 * (filed_on) in the period, 结案 cases closed in it (Asia/Shanghai day), 罚没款 the fines (元) of
 * the decisions made in it, a decision withdrawn on review (复议/诉讼, its disclosure `withdrawn`)
 * left out. Mineral cases are those of a mining violation kind (`illegal_mining`,
 * `cross_boundary_mining`); every other case, also one not yet given a kind, counts as land.
 * Runs in the caller's transaction and RLS scope (statistics calls it in the system context).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';

export interface CaseStatistics { filed: number; closed: number; finesYuan: number }

export async function caseStatistics(trx: Tx, q: { divisionPath: string; from: string; to: string; category?: 'land' | 'mineral' | undefined }): Promise<CaseStatistics> {
  const mineral = sql`coalesce(c.violation_kind like '%mining%', false)`;
  const category = q.category === 'mineral' ? mineral : q.category === 'land' ? sql`not ${mineral}` : sql`true`;
  const { rows } = await sql<{ filed: number; closed: number; fines: string | null }>`
    select
      count(*) filter (where c.filed_on between ${q.from}::date and ${q.to}::date)::int as filed,
      count(*) filter (where c.status = 'closed' and (c.closed_at at time zone 'Asia/Shanghai')::date between ${q.from}::date and ${q.to}::date)::int as closed,
      sum(c.fine_amount) filter (where c.decided_on between ${q.from}::date and ${q.to}::date
        and not exists (select 1 from enforcement.disclosures d where d.case_id = c.id and d.status = 'withdrawn')) as fines
    from enforcement.cases c
    where c.org_path <@ ${q.divisionPath}::ltree and ${category}`.execute(trx);
  const r = rows[0]!;
  return { filed: r.filed, closed: r.closed, finesYuan: Math.round(Number(r.fines ?? 0) * 100) / 100 };
}
