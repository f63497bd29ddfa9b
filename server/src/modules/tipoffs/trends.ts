/**
 * Trends (趋势分析) of the reports the actor can see (RLS): weekly/monthly counts by area, type
 * and channel; a heat-map grid; areas whose recent count rose unusually against their own
 * history (苗头性问题); places reported again and again. Weeks start on Monday, China time.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { CHANNELS, VIOLATION_TYPES } from './tipoffs.schemas.ts';
import { settingsFor, type EffectiveSettings } from './tipoffs.deps.ts';
import { divisionRange } from './views.ts';

export type Period = 'week' | 'month';
export type By = 'area' | 'type' | 'channel';

const DAY = 86400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const parse = (s: string) => new Date(`${s}T00:00:00Z`);

/** Start of the period that contains `day` (YYYY-MM-DD). */
export function periodStart(day: string, period: Period): string {
  const d = parse(day);
  if (period === 'month') return `${day.slice(0, 7)}-01`;
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  return iso(new Date(d.getTime() - dow * DAY));
}

function nextPeriod(start: string, period: Period): string {
  const d = parse(start);
  if (period === 'week') return iso(new Date(d.getTime() + 7 * DAY));
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
}

export function periodsBetween(from: string, to: string, period: Period): string[] {
  const out: string[] = [];
  for (let p = periodStart(from, period); p <= to && out.length < 520; p = nextPeriod(p, period)) out.push(p);
  return out;
}

/** The county label of a division path (cn.p52.c5203.x520304[.t…] → 520304). */
const COUNTY_OF = sql<string>`substring(ltree2text(subpath(r.division_path, 3, 1)) from 2)`;

export async function trendSeries(trx: Tx, q: { period: Period; by: By; from?: string | undefined; to?: string | undefined; divisionCode?: string | undefined }, today: string) {
  const to = q.to ?? today;
  let from = q.from;
  if (!from) {
    let p = periodStart(to, q.period);
    for (let i = 0; i < 11; i++) p = q.period === 'week' ? iso(new Date(parse(p).getTime() - 7 * DAY)) : `${iso(new Date(Date.UTC(parse(p).getUTCFullYear(), parse(p).getUTCMonth() - 1, 1))).slice(0, 7)}-01`;
    from = p;
  }
  const periods = periodsBetween(from, to, q.period);
  // Areas are counties; within one county (divisionCode of a county) they are its townships.
  const inCounty = !!q.divisionCode && q.divisionCode.length === 6 && !q.divisionCode.endsWith('00');
  const key = q.by === 'area' ? (inCounty ? sql<string>`r.division_code` : COUNTY_OF) : q.by === 'type' ? sql<string>`r.violation_type` : sql<string>`r.channel`;
  let query = trx.selectFrom('tipoffs.reports as r')
    .select([key.as('key'), sql<string>`to_char(date_trunc(${q.period}, r.received_on::timestamp), 'YYYY-MM-DD')`.as('period'), sql<number>`count(*)::int`.as('n')])
    .where('r.receivedOn', '>=', periods[0] ?? from).where('r.receivedOn', '<=', to).where('r.status', '!=', 'merged')
    .groupBy([sql`1`, sql`2`]);
  if (q.divisionCode) {
    const [lo, hi] = divisionRange(q.divisionCode);
    query = query.where('r.divisionCode', '>=', lo).where('r.divisionCode', '<', hi);
  }
  const rows = await query.execute();
  const names = await namesFor(trx, q.by, [...new Set(rows.map((r) => r.key))]);
  const idx = new Map(periods.map((p, i) => [p, i]));
  const series = new Map<string, number[]>();
  for (const row of rows) {
    const i = idx.get(row.period);
    if (i === undefined) continue;
    const s = series.get(row.key) ?? periods.map(() => 0);
    s[i]! += row.n;
    series.set(row.key, s);
  }
  return {
    period: q.period, by: q.by, periods,
    series: [...series.entries()].map(([k, counts]) => ({ key: k, name: names.get(k) ?? k, counts, total: counts.reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)),
  };
}

async function namesFor(trx: Tx, by: By, keys: string[]): Promise<Map<string, string>> {
  if (by === 'type') return new Map(keys.map((k) => [k, VIOLATION_TYPES[k as keyof typeof VIOLATION_TYPES]?.name ?? k]));
  if (by === 'channel') return new Map(keys.map((k) => [k, CHANNELS[k as keyof typeof CHANNELS] ?? k]));
  if (!keys.length) return new Map();
  const rows = await trx.selectFrom('orgs.divisions').select(['code', 'name']).where('code', 'in', keys).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function heatmap(trx: Tx, q: { bbox?: string | undefined; cell: number; from?: string | undefined; to?: string | undefined }) {
  let query = trx.selectFrom('tipoffs.reports as r')
    .select([sql<number>`floor(r.lon / ${q.cell})::int`.as('x'), sql<number>`floor(r.lat / ${q.cell})::int`.as('y'), sql<number>`count(*)::int`.as('n')])
    .where('r.status', '!=', 'merged').where('r.lon', 'is not', null).groupBy([sql`1`, sql`2`]).orderBy(sql`3`, 'desc').limit(5000);
  if (q.bbox) {
    const [a, b, c, d] = q.bbox.split(',').map(Number) as [number, number, number, number];
    query = query.where('r.lon', '>=', a).where('r.lat', '>=', b).where('r.lon', '<=', c).where('r.lat', '<=', d);
  }
  if (q.from) query = query.where('r.receivedOn', '>=', q.from);
  if (q.to) query = query.where('r.receivedOn', '<=', q.to);
  const rows = await query.execute();
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return { cell: q.cell, cells: rows.map((r) => ({ lon: round((r.x + 0.5) * q.cell), lat: round((r.y + 0.5) * q.cell), count: r.n })) };
}

export const RISING_METHOD = 'weekly counts per county; flagged when the mean of the last `surgeWeeks` weeks > mean + k·sd of the '
  + '`surgeHistoryWeeks` weeks before them (population sd, weeks without reports count as 0) and the recent weeks hold ≥ 3 reports';

/** Areas whose recent weekly count is unusually high against their own history. */
export async function risingAreas(trx: Tx, today: string, s: Pick<EffectiveSettings, 'surgeWeeks' | 'surgeHistoryWeeks' | 'surgeK'>) {
  const thisWeek = periodStart(today, 'week');
  const recentStart = iso(new Date(parse(thisWeek).getTime() - (s.surgeWeeks - 1) * 7 * DAY));
  const historyStart = iso(new Date(parse(recentStart).getTime() - s.surgeHistoryWeeks * 7 * DAY));
  const rows = await trx.selectFrom('tipoffs.reports as r')
    .select([COUNTY_OF.as('county'), sql<string>`to_char(date_trunc('week', r.received_on::timestamp), 'YYYY-MM-DD')`.as('week'), sql<number>`count(*)::int`.as('n')])
    .where('r.receivedOn', '>=', historyStart).where('r.receivedOn', '<=', today).where('r.status', '!=', 'merged')
    .groupBy([sql`1`, sql`2`]).execute();
  const by = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = by.get(r.county) ?? new Map<string, number>();
    m.set(r.week, r.n);
    by.set(r.county, m);
  }
  const historyWeeks = periodsBetween(historyStart, iso(new Date(parse(recentStart).getTime() - DAY)), 'week');
  const recentWeeks = periodsBetween(recentStart, today, 'week');
  const names = await namesFor(trx, 'area', [...by.keys()]);
  const items = [];
  for (const [county, weeks] of by) {
    const hist = historyWeeks.map((w) => weeks.get(w) ?? 0);
    const recent = recentWeeks.map((w) => weeks.get(w) ?? 0);
    const recentTotal = recent.reduce((a, b) => a + b, 0);
    const mean = hist.reduce((a, b) => a + b, 0) / Math.max(1, hist.length);
    const sd = Math.sqrt(hist.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, hist.length));
    const recentMean = recentTotal / Math.max(1, recent.length);
    const threshold = mean + s.surgeK * sd;
    if (recentTotal >= 3 && recentMean > threshold) {
      const r2 = (v: number) => Math.round(v * 100) / 100;
      items.push({ divisionCode: county, divisionName: names.get(county) ?? county, recent: r2(recentMean), mean: r2(mean), sd: r2(sd), threshold: r2(threshold), ratio: mean > 0 ? r2(recentMean / mean) : null });
    }
  }
  items.sort((a, b) => (b.recent - b.threshold) - (a.recent - a.threshold));
  return { method: RISING_METHOD.replace('`surgeWeeks`', String(s.surgeWeeks)).replace('`surgeHistoryWeeks`', String(s.surgeHistoryWeeks)).replace('k·sd', `${s.surgeK}·sd`), items };
}

/** Places (points rounded to 0.001°, about 100 m) reported at least twice, most first; reports without a point are left out. */
export async function hotspots(trx: Tx, limit: number) {
  const rows = await trx.selectFrom('tipoffs.reports as r')
    .select([
      sql<number>`round(r.lon::numeric, 3)::float8`.as('lon'), sql<number>`round(r.lat::numeric, 3)::float8`.as('lat'),
      sql<number>`count(*)::int`.as('count'),
      sql<number>`count(*) filter (where r.status in ('received','accepted','assigned','verified','disposed','feedback_given'))::int`.as('openCount'),
      sql<Date>`max(r.received_at)`.as('lastAt'),
      sql<string>`(array_agg(r.address order by r.received_at desc))[1]`.as('address'),
      sql<string>`(array_agg(r.division_code order by r.received_at desc))[1]`.as('divisionCode'),
    ])
    .where('r.lon', 'is not', null).groupBy([sql`1`, sql`2`]).having(sql`count(*)`, '>=', 2).orderBy(sql`3`, 'desc').orderBy(sql`5`, 'desc').limit(limit).execute();
  return { items: rows.map((r) => ({ ...r, lastAt: new Date(r.lastAt).toISOString() })) };
}

export async function risingFor(trx: Tx, scopePath: string, today: string) {
  return risingAreas(trx, today, await settingsFor(trx, scopePath));
}
