/**
 * Read-only figures for the openness module (政务公开) and the portal, through index.ts:
 * - `approvalsPerformance`: per county and month, what the public performance board (阳光) shows;
 * - `disclosureRequestFigures`: the 政府信息公开申请 of a bureau's year by outcome, for the
 *   政府信息公开工作年度报告;
 * - `websiteServiceFigures`: the 办事服务 rows of the portal's 政府网站工作年度报表.
 * All run in the caller's transaction and RLS scope (the board calls them in the system context).
 * Definitions follow statistics.ts: received on the day submitted, completed on the decision day,
 * on time when working days used ≤ promised + extensions, early when used < promised.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';

export interface ApprovalsCountyMonth {
  /** Path of the county (`cn.p52.c5203.x520304`), or of a higher division for bureaus above counties. */
  countyPath: string;
  month: string; // YYYY-MM
  received: number;
  completed: number;
  onTime: number;
  early: number;
  avgWorkdays: number | null;
  ratingCount: number;
  /** Mean rating 1–5 of the month's initial ratings (好差评). */
  ratingAvg: number | null;
}

/** Per county (the 4th label of the handling bureau's path) and month, days from..to inclusive. */
export async function approvalsPerformance(trx: Tx, q: { underPath: string; from: string; to: string }): Promise<ApprovalsCountyMonth[]> {
  const { rows } = await sql<{ countyPath: string; month: string; received: number; completed: number; onTime: number; early: number; usedSum: number }>`
    select subpath(s.org_path, 0, least(nlevel(s.org_path), 4))::text as "countyPath", to_char(s.day, 'YYYY-MM') as month,
      sum(s.received)::int as received, sum(s.completed)::int as completed, sum(s.on_time)::int as "onTime",
      sum(s.early)::int as early, sum(s.used_sum)::int as "usedSum"
    from approvals.case_stats s
    where s.org_path <@ ${q.underPath}::ltree and s.day between ${q.from}::date and ${q.to}::date
    group by 1, 2`.execute(trx);
  const { rows: rated } = await sql<{ countyPath: string; month: string; n: number; total: number }>`
    select subpath(c.org_path, 0, least(nlevel(c.org_path), 4))::text as "countyPath",
      to_char((r.created_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM') as month, count(*)::int as n, sum(r.level)::int as total
    from approvals.ratings r join approvals.cases c on c.id = r.case_id
    where not r.follow_up and c.org_path <@ ${q.underPath}::ltree
      and (r.created_at at time zone 'Asia/Shanghai')::date between ${q.from}::date and ${q.to}::date
    group by 1, 2`.execute(trx);
  const out = new Map<string, ApprovalsCountyMonth & { usedSum: number }>();
  const at = (countyPath: string, month: string) => {
    const k = `${countyPath}|${month}`;
    let r = out.get(k);
    if (!r) out.set(k, (r = { countyPath, month, received: 0, completed: 0, onTime: 0, early: 0, avgWorkdays: null, ratingCount: 0, ratingAvg: null, usedSum: 0 }));
    return r;
  };
  for (const r of rows) Object.assign(at(r.countyPath, r.month), { received: r.received, completed: r.completed, onTime: r.onTime, early: r.early, usedSum: r.usedSum });
  for (const r of rated) Object.assign(at(r.countyPath, r.month), { ratingCount: r.n, ratingAvg: Math.round((r.total / r.n) * 100) / 100 });
  return [...out.values()]
    .filter((r) => r.received || r.completed || r.ratingCount)
    .map(({ usedSum, ...r }) => ({ ...r, avgWorkdays: r.completed > 0 ? Math.round((usedSum / r.completed) * 100) / 100 : null }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.countyPath.localeCompare(b.countyPath));
}

export const DISCLOSURE_REQUEST_MATTER = '政府信息公开申请';

export interface DisclosureRequestFigures {
  /** Requests received in the year (新收政府信息公开申请数量). */
  received: number;
  /** Requests of earlier years still open on 1 January (上年结转). */
  carriedOver: number;
  /** Of the year's and carried-over requests, by how they ended in the year. */
  granted: number;   // 予以公开
  denied: number;    // 不予公开
  refused: number;   // 不予受理 (not accepted: 本机关不掌握, 不属于政府信息 …)
  withdrawn: number; // 申请人撤回
  pending: number;   // 结转下年度继续办理
}

/** 政府信息公开申请 handled by bureaus under `underPath` in `year` (China Standard Time), by outcome. */
export async function disclosureRequestFigures(trx: Tx, q: { underPath: string; year: number }): Promise<DisclosureRequestFigures> {
  const from = `${q.year}-01-01`;
  const to = `${q.year}-12-31`;
  const { rows: [r] } = await sql<DisclosureRequestFigures>`
    with req as (
      select c.status, c.decision, c.received_on, c.decided_on, (c.refused_at at time zone 'Asia/Shanghai')::date as refused_on,
             (c.withdrawn_at at time zone 'Asia/Shanghai')::date as withdrawn_on
      from approvals.cases c join approvals.matter_versions v on v.id = c.matter_version_id
      where v.name = ${DISCLOSURE_REQUEST_MATTER} and c.org_path <@ ${q.underPath}::ltree and c.received_on <= ${to}::date
    ), open_at_start as (
      select * from req where received_on < ${from}::date
        and coalesce(decided_on, refused_on, withdrawn_on, 'infinity'::date) >= ${from}::date
    ), handled as (
      select * from req where received_on >= ${from}::date union all select * from open_at_start
    )
    select (select count(*)::int from req where received_on >= ${from}::date) as received,
      (select count(*)::int from open_at_start) as "carriedOver",
      count(*) filter (where decision = 'granted' and decided_on <= ${to}::date)::int as granted,
      count(*) filter (where decision = 'denied' and decided_on <= ${to}::date)::int as denied,
      count(*) filter (where status = 'refused' and refused_on <= ${to}::date)::int as refused,
      count(*) filter (where status = 'withdrawn' and withdrawn_on <= ${to}::date)::int as withdrawn,
      count(*) filter (where not ((decision is not null and decided_on <= ${to}::date) or (status = 'refused' and refused_on <= ${to}::date)
        or (status = 'withdrawn' and withdrawn_on <= ${to}::date)))::int as pending
    from handled`.execute(trx);
  return r!;
}

/** 办事服务 figures of the yearly 政府网站工作年度报表 (the portal's yearly report). */
export interface WebsiteServiceFigures {
  /** 政务服务事项数量: active matters of bureaus under the path (the catalogue as it stands: it keeps no history of activation). */
  matters: number;
  /**
   * 可全程在线办理: of those, matters whose current version needs no visit to the hall
   * (`counter_visits = 0`, 到现场次数 0). Every active matter can be applied for online (网上申请);
   * one that needs no visit is applied, accepted, decided and delivered (electronic delivery)
   * without the applicant coming in.
   */
  mattersOnline: number;
  /** 办件量: cases received in the year (China Standard Time; online and at the window; any outcome), by applicant kind. */
  cases: { total: number; person: number; company: number };
}

/** 办事服务 figures of bureaus under `underPath` in `year`, in the caller's transaction and RLS scope. */
export async function websiteServiceFigures(trx: Tx, underPath: string, year: number): Promise<WebsiteServiceFigures> {
  const { rows: [m] } = await sql<{ matters: number; online: number }>`
    select count(*)::int as matters, count(*) filter (where v.counter_visits = 0)::int as online
    from approvals.matters m join approvals.matter_versions v on v.id = m.current_version_id
    where m.active and m.org_path <@ ${underPath}::ltree`.execute(trx);
  const { rows: [c] } = await sql<{ total: number; person: number; company: number }>`
    select count(*)::int as total, count(*) filter (where applicant_kind = 'person')::int as person,
      count(*) filter (where applicant_kind = 'company')::int as company
    from approvals.cases where org_path <@ ${underPath}::ltree and received_on between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date`.execute(trx);
  return { matters: m!.matters, mattersOnline: m!.online, cases: c! };
}
