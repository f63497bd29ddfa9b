/**
 * The accountability figures (卫片执法统计): per county and year, illegally occupied cropland ÷
 * cropland occupied by the new construction land of the year's approvals, against the 15 % line
 * of 《违反土地管理规定行为处分办法》 art. 3 (counties at or above it listed for 约谈 and
 * accountability); completion of each batch by its deadline (月清、季核); rectification rate.
 * The numerator counts accepted 违法 verdicts of batches whose later image falls in the year;
 * the denominator overlays the map's approved construction land approved that year with the
 * cropland (耕地, 01xx) of the land-use layer.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { Polygonal } from '../../platform/geo/index.ts';
import { divisionPath } from '../../platform/orgs/index.ts';
import { layerFeatures, overlayLayers } from '../map/index.ts';

export const ACCOUNTABILITY_LINE = 0.15;

export interface CountyFigure {
  countyCode: string;
  countyName: string;
  year: number;
  illegalCroplandM2: number;
  newConstructionCroplandM2: number;
  /** null when no approval of the year occupied cropland. */
  ratio: number | null;
  atOrAboveLine: boolean;
  illegalPatches: number;
  rectified: number;
  rectificationRate: number | null;
}

export interface BatchCompletion {
  batchNo: string; name: string; deadline: string; countyCode: string; countyName: string; status: string;
  patches: number; withVerdict: number; accepted: number; submittedAt: Date | null; onTime: boolean | null;
}

const r2 = (v: number) => Math.round(v * 100) / 100;

async function countyNames(trx: Tx, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await trx.selectFrom('orgs.divisions').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Cropland (m²) occupied by the approved construction land of `year` in the county. */
export async function newConstructionCroplandM2(trx: Tx, countyCode: string, year: number): Promise<number> {
  const approvals = await layerFeatures(trx, 'approved_land', divisionPath(countyCode));
  let total = 0;
  for (const a of approvals) {
    if (!String(a.properties.pzrq ?? '').startsWith(String(year))) continue;
    if (a.geom.type !== 'Polygon' && a.geom.type !== 'MultiPolygon') continue;
    for (const o of await overlayLayers(trx, a.geom as Polygonal, ['landuse'])) {
      if (String(o.properties.dlbm ?? '').startsWith('01')) total += o.overlapM2;
    }
  }
  return total;
}

export async function countyFigures(trx: Tx, year: number): Promise<CountyFigure[]> {
  const rows = await sql<{ countyCode: string; illegalCroplandM2: string | null; illegalPatches: string; rectified: string }>`
    select p.county_code as "countyCode",
      sum(p.verdict_cropland_m2) filter (where c.verdict = 'illegal' and p.status = 'accepted') as "illegalCroplandM2",
      count(*) filter (where c.verdict = 'illegal' and p.status = 'accepted') as "illegalPatches",
      count(*) filter (where c.verdict = 'illegal' and p.status = 'accepted' and p.rectification in ('demolished', 'confiscated', 'legalised')) as "rectified"
    from patches.patches p join patches.batches b on b.id = p.batch_id left join patches.classes c on c.code = p.verdict_class
    where extract(year from b.after_date) = ${year}
    group by p.county_code order by p.county_code`.execute(trx);
  const names = await countyNames(trx, rows.rows.map((r) => r.countyCode));
  const out: CountyFigure[] = [];
  for (const r of rows.rows) {
    const illegal = Number(r.illegalCroplandM2 ?? 0);
    const denom = await newConstructionCroplandM2(trx, r.countyCode, year);
    const ratio = denom > 0 ? illegal / denom : null;
    const illegalPatches = Number(r.illegalPatches); const rectified = Number(r.rectified);
    out.push({
      countyCode: r.countyCode, countyName: names.get(r.countyCode) ?? r.countyCode, year,
      illegalCroplandM2: r2(illegal), newConstructionCroplandM2: r2(denom),
      ratio: ratio === null ? null : Math.round(ratio * 1e4) / 1e4,
      // Illegal cropland with no approved cropland at all is above any line.
      atOrAboveLine: ratio === null ? illegal > 0 : ratio >= ACCOUNTABILITY_LINE,
      illegalPatches, rectified, rectificationRate: illegalPatches ? Math.round((rectified / illegalPatches) * 1e4) / 1e4 : null,
    });
  }
  return out;
}

export async function batchCompletion(trx: Tx, year: number | null, today = new Date().toISOString().slice(0, 10)): Promise<BatchCompletion[]> {
  const { rows } = await sql<Omit<BatchCompletion, 'countyName' | 'onTime' | 'patches' | 'withVerdict' | 'accepted'> & { patches: string; withVerdict: string; accepted: string }>`
    select b.batch_no as "batchNo", b.name, to_char(b.deadline, 'YYYY-MM-DD') as deadline, bc.county_code as "countyCode", bc.status, bc.submitted_at as "submittedAt",
      count(p.id) as patches, count(p.id) filter (where p.verdict_class is not null) as "withVerdict", count(p.id) filter (where p.status = 'accepted') as accepted
    from patches.batch_counties bc join patches.batches b on b.id = bc.batch_id
    left join patches.patches p on p.batch_id = bc.batch_id and p.county_code = bc.county_code
    where ${year === null ? sql`true` : sql`extract(year from b.after_date) = ${year}`}
    group by b.id, bc.county_code, bc.status, bc.submitted_at order by b.id desc, bc.county_code`.execute(trx);
  const names = await countyNames(trx, [...new Set(rows.map((r) => r.countyCode))]);
  return rows.map((r) => ({
    ...r, countyName: names.get(r.countyCode) ?? r.countyCode, patches: Number(r.patches), withVerdict: Number(r.withVerdict), accepted: Number(r.accepted),
    // Not submitted: late once the deadline has passed, else still open (null).
    onTime: r.submittedAt ? r.submittedAt.toISOString().slice(0, 10) <= r.deadline : today > r.deadline ? false : null,
  }));
}

/** Rectification (整改) of the accepted 违法 patches per county, for the enforcement figures page (through index.ts). */
export interface RectificationFigure {
  countyCode: string; countyName: string; illegalPatches: number; pending: number; demolished: number; confiscated: number; legalised: number;
  /** Rectified ÷ illegal; null without illegal patches. */
  rectificationRate: number | null;
  /** Accepted 违法 patches not handed to enforcement yet (待移送). */
  awaitingEnforcement: number;
}

/** Batches whose later image (后时相) lies in [from, to]; the state now, in the caller's scope (RLS). */
export async function rectificationByCounty(trx: Tx, f: { from: string; to: string }): Promise<RectificationFigure[]> {
  const { rows } = await sql<{ countyCode: string; illegal: string; pending: string; demolished: string; confiscated: string; legalised: string; awaiting: string }>`
    select p.county_code as "countyCode", count(*) as illegal,
      count(*) filter (where p.rectification = 'pending') as pending,
      count(*) filter (where p.rectification = 'demolished') as demolished,
      count(*) filter (where p.rectification = 'confiscated') as confiscated,
      count(*) filter (where p.rectification = 'legalised') as legalised,
      count(*) filter (where p.enforcement_case_no is null) as awaiting
    from patches.patches p join patches.batches b on b.id = p.batch_id join patches.classes c on c.code = p.verdict_class
    where c.verdict = 'illegal' and p.status = 'accepted' and b.after_date between ${f.from}::date and ${f.to}::date
    group by p.county_code order by p.county_code`.execute(trx);
  const names = await countyNames(trx, rows.map((r) => r.countyCode));
  return rows.map((r) => {
    const illegalPatches = Number(r.illegal);
    const rectified = Number(r.demolished) + Number(r.confiscated) + Number(r.legalised);
    return {
      countyCode: r.countyCode, countyName: names.get(r.countyCode) ?? r.countyCode, illegalPatches, pending: Number(r.pending),
      demolished: Number(r.demolished), confiscated: Number(r.confiscated), legalised: Number(r.legalised),
      rectificationRate: illegalPatches ? Math.round((rectified / illegalPatches) * 1e4) / 1e4 : null, awaitingEnforcement: Number(r.awaiting),
    };
  });
}
