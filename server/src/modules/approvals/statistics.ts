/**
 * Approval statistics (审批统计): per handling bureau, per matter or per month, over a period of
 * days in China Standard Time. Every figure counts an event inside the period — a case is
 * *received* on the day it was submitted, *accepted* on its acceptance day, *completed* (办结)
 * on its decision day (granted or denied), *rated* on the day of its first rating — so a case
 * accepted in March and decided in April counts in March's accepted and April's completed.
 *
 * Timeliness is measured in working days with the clock stops excluded (`workdays_used`):
 * on time (按时办结) when used ≤ promised + approved extensions, early (提前办结) when used <
 * promised, and the working days saved are Σ max(0, promised − used) over completed cases.
 *
 * Scope: the query runs in the actor's RLS context and also names the actor's subtree, so a
 * county sees its own bureau, a city each of its counties.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { invalid } from '../../platform/http/errors.ts';
import type { XlsxColumn } from '../../platform/export/xlsx.ts';
import type { ApprovalsDeps } from './approvals.deps.ts';

export type StatsGroupBy = 'org' | 'matter' | 'month';
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;

export interface StatsFigures {
  received: number;
  accepted: number;
  completed: number;
  /** completed ÷ accepted within the period; may pass 1 when older cases are finished. */
  completionRate: number | null;
  onTime: number;
  onTimeRate: number | null;
  early: number;
  earlyRate: number | null;
  avgWorkdays: number | null;
  savedDays: number;
  savedDaysPerCase: number | null;
  /** Initial ratings (not the follow-up 追评) by level 1..5. */
  ratings: Record<'1' | '2' | '3' | '4' | '5', number>;
  ratingCount: number;
  /** Share of ratings at level 1–2 (差评). */
  badRatingRate: number | null;
}

export interface StatsRow extends StatsFigures { key: string; label: string }

export interface Statistics {
  groupBy: StatsGroupBy;
  from: string;
  to: string;
  scopePath: string;
  rows: StatsRow[];
  total: StatsFigures;
}

interface Counts {
  received: number; accepted: number; completed: number; onTime: number; early: number;
  usedSum: number; savedDays: number; ratings: Record<'1' | '2' | '3' | '4' | '5', number>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);
const emptyRatings = () => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }) as Record<'1' | '2' | '3' | '4' | '5', number>;

function figures(c: Counts): StatsFigures {
  const ratingCount = Object.values(c.ratings).reduce((a, b) => a + b, 0);
  return {
    received: c.received, accepted: c.accepted, completed: c.completed, completionRate: ratio(c.completed, c.accepted),
    onTime: c.onTime, onTimeRate: ratio(c.onTime, c.completed), early: c.early, earlyRate: ratio(c.early, c.completed),
    avgWorkdays: c.completed > 0 ? Math.round((c.usedSum / c.completed) * 100) / 100 : null,
    savedDays: c.savedDays, savedDaysPerCase: c.completed > 0 ? Math.round((c.savedDays / c.completed) * 100) / 100 : null,
    ratings: c.ratings, ratingCount, badRatingRate: ratio(c.ratings[1] + c.ratings[2], ratingCount),
  };
}

/** Checks the period: both days valid, from ≤ to, at most ten years. */
export function checkPeriod(from: string, to: string): void {
  for (const [field, v] of [['from', from], ['to', to]] as const) {
    if (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
      throw invalid(field, 'a day as YYYY-MM-DD', '应为日期（年-月-日）');
    }
  }
  if (from > to) throw invalid('to', 'the period ends before it starts', '结束日期不能早于开始日期');
  if (Date.parse(to) - Date.parse(from) > 3660 * 86400000) throw invalid('to', 'at most ten years at once', '一次最多统计十年');
}

/** The statistics of the actor's subtree (`scopePath`), in the caller's RLS transaction. */
export async function approvalStatistics(
  deps: ApprovalsDeps, trx: Tx, scopePath: string, q: { groupBy: StatsGroupBy; from: string; to: string; matterCode?: string | undefined },
): Promise<Statistics> {
  checkPeriod(q.from, q.to);
  const key = q.groupBy === 'org' ? sql`s.org_unit_id::text` : q.groupBy === 'matter' ? sql`s.matter_id::text` : sql`to_char(s.day, 'YYYY-MM')`;
  const matterId = q.matterCode ? sql`(select id from approvals.matters where code = ${q.matterCode})` : null;
  const matterFilter = matterId ? sql`and c.matter_id = ${matterId}` : sql``;
  // The daily figures (approvals.case_stats, kept by triggers on approvals.cases in the same
  // transaction as each change; migration 0121): a few rows per bureau, matter and day instead
  // of every case of the period. Each figure sits on its event's own day.
  const { rows } = await sql<{ key: string; received: number; accepted: number; completed: number; onTime: number; early: number; usedSum: number; savedDays: number }>`
    select ${key} as key,
      sum(s.received)::int as received, sum(s.accepted)::int as accepted, sum(s.completed)::int as completed,
      sum(s.on_time)::int as "onTime", sum(s.early)::int as early, sum(s.used_sum)::int as "usedSum", sum(s.saved_days)::int as "savedDays"
    from approvals.case_stats s
    where s.org_path <@ ${scopePath}::ltree and s.day between ${q.from}::date and ${q.to}::date ${matterId ? sql`and s.matter_id = ${matterId}` : sql``}
    group by 1
    having sum(s.received) <> 0 or sum(s.accepted) <> 0 or sum(s.completed) <> 0 or sum(s.on_time) <> 0 or sum(s.early) <> 0
      or sum(s.used_sum) <> 0 or sum(s.saved_days) <> 0`.execute(trx);

  const counts = new Map<string, Counts>();
  const at = (k: string): Counts => {
    let c = counts.get(k);
    if (!c) counts.set(k, (c = { received: 0, accepted: 0, completed: 0, onTime: 0, early: 0, usedSum: 0, savedDays: 0, ratings: emptyRatings() }));
    return c;
  };
  for (const { key: k, ...r } of rows) Object.assign(at(k), r);

  // Ratings (好差评, table approvals.ratings of migration 0110): skipped while that table is absent.
  const { rows: [has] } = await sql<{ ok: boolean }>`select to_regclass('approvals.ratings') is not null as ok`.execute(trx);
  if (has?.ok) {
    const rkey = q.groupBy === 'org' ? sql`c.org_unit_id::text` : q.groupBy === 'matter' ? sql`c.matter_id::text` : sql`to_char((r.created_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM')`;
    const { rows: rated } = await sql<{ key: string; level: number; n: number }>`
      select ${rkey} as key, r.level::int as level, count(*)::int as n
      from approvals.ratings r join approvals.cases c on c.id = r.case_id
      where not r.follow_up and c.org_path <@ ${scopePath}::ltree
        and (r.created_at at time zone 'Asia/Shanghai')::date between ${q.from}::date and ${q.to}::date ${matterFilter}
      group by 1, 2`.execute(trx);
    for (const r of rated) {
      const lv = String(r.level) as '1';
      if (lv in at(r.key).ratings) at(r.key).ratings[lv] += r.n;
    }
  }

  const labels = await labelsOf(deps, trx, q.groupBy, [...counts.keys()]);
  const out: StatsRow[] = [...counts.entries()].map(([k, c]) => ({ key: k, label: labels.get(k) ?? k, ...figures(c) }));
  out.sort((a, b) => (q.groupBy === 'month' ? a.key.localeCompare(b.key) : b.received - a.received || a.label.localeCompare(b.label, 'zh')));

  const sum: Counts = { received: 0, accepted: 0, completed: 0, onTime: 0, early: 0, usedSum: 0, savedDays: 0, ratings: emptyRatings() };
  for (const c of counts.values()) {
    for (const f of ['received', 'accepted', 'completed', 'onTime', 'early', 'usedSum', 'savedDays'] as const) sum[f] += c[f];
    for (const lv of ['1', '2', '3', '4', '5'] as const) sum.ratings[lv] += c.ratings[lv];
  }
  return { groupBy: q.groupBy, from: q.from, to: q.to, scopePath, rows: out, total: figures(sum) };
}

async function labelsOf(deps: ApprovalsDeps, trx: Tx, groupBy: StatsGroupBy, keys: string[]): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  if (groupBy === 'month' || keys.length === 0) return m;
  if (groupBy === 'org') {
    for (const k of keys) m.set(k, (await deps.orgs.getOrgUnit(Number(k), trx)).name);
    return m;
  }
  const matters = await trx.selectFrom('approvals.matters as m').innerJoin('approvals.matter_versions as v', 'v.id', 'm.currentVersionId')
    .select(['m.id', 'm.code', 'v.name']).where('m.id', 'in', keys.map(Number)).execute();
  for (const r of matters) m.set(String(r.id), `${r.name}（${r.code}）`);
  return m;
}

type Lang = 'zh-CN' | 'en-US';
const H: Record<string, [string, string]> = {
  org: ['单位', 'Org unit'], matter: ['事项', 'Matter'], month: ['月份', 'Month'],
  received: ['收件数', 'Received'], accepted: ['受理数', 'Accepted'], completed: ['办结数', 'Completed'], completionRate: ['办结率', 'Completion rate'],
  onTime: ['按时办结数', 'On time'], onTimeRate: ['按时办结率', 'On-time rate'], early: ['提前办结数', 'Early'], earlyRate: ['提前办结率', 'Early rate'],
  avgWorkdays: ['平均用时（工作日）', 'Average working days'], savedDays: ['节省工作日合计', 'Working days saved'],
  savedDaysPerCase: ['件均节省工作日', 'Saved per case'], ratingCount: ['评价数', 'Ratings'], badRatingRate: ['差评率', 'Bad-rating rate'],
  r5: ['非常满意', 'Very satisfied'], r4: ['满意', 'Satisfied'], r3: ['基本满意', 'Fairly satisfied'], r2: ['不满意', 'Dissatisfied'], r1: ['非常不满意', 'Very dissatisfied'],
  total: ['合计', 'Total'], sheet: ['审批统计', 'Approval statistics'],
};
export const statsText = (k: string, lang: Lang): string => H[k]![lang === 'en-US' ? 1 : 0];

/** The workbook columns of a statistics table, headers in `lang`. */
export function statsColumns(groupBy: StatsGroupBy, lang: Lang): XlsxColumn<StatsRow>[] {
  const h = (k: string) => statsText(k, lang);
  const pct = '0.0%';
  return [
    { header: h(groupBy), value: (r) => r.label, width: groupBy === 'matter' ? 40 : 24 },
    { header: h('received'), value: (r) => r.received }, { header: h('accepted'), value: (r) => r.accepted },
    { header: h('completed'), value: (r) => r.completed }, { header: h('completionRate'), value: (r) => r.completionRate, format: pct },
    { header: h('onTime'), value: (r) => r.onTime }, { header: h('onTimeRate'), value: (r) => r.onTimeRate, format: pct },
    { header: h('early'), value: (r) => r.early }, { header: h('earlyRate'), value: (r) => r.earlyRate, format: pct },
    { header: h('avgWorkdays'), value: (r) => r.avgWorkdays, format: '0.00' }, { header: h('savedDays'), value: (r) => r.savedDays },
    { header: h('savedDaysPerCase'), value: (r) => r.savedDaysPerCase, format: '0.00' },
    ...RATING_LEVELS.map((lv) => ({ header: h(`r${lv}`), value: (r: StatsRow) => r.ratings[String(lv) as '1'] })),
    { header: h('ratingCount'), value: (r) => r.ratingCount }, { header: h('badRatingRate'), value: (r) => r.badRatingRate, format: pct },
  ];
}

/** Rows for the workbook: the groups, then the total. */
export function statsSheetRows(s: Statistics, lang: Lang): StatsRow[] {
  return [...s.rows, { key: 'total', label: statsText('total', lang), ...s.total }];
}
