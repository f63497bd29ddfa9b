/**
 * Import of a batch's patch file (zipped Shapefile or GeoJSON, parsed by platform/geo in the
 * worker pool): every feature checked — a polygon, valid (else listed with its location), a 图斑编号
 * once in the file, inside a county of the map (divisionAt on the interior point), not already in
 * an earlier batch (same 图斑编号 or same geometry). The dry run reports; the apply inserts every
 * patch with its pre-check in the caller's one transaction, or nothing.
 */
import type { Tx } from '../../platform/db/context.ts';
import { ellipsoidalAreaM2, validateGeometry, type Feature, type Polygonal } from '../../platform/geo/index.ts';
import { divisionAt } from '../map/index.ts';
import { geometryHash, interiorPoint } from './patch-geometry.ts';

const KEYS = {
  tbbh: ['TBBH', 'tbbh', '图斑编号', 'JCBH', 'code'],
  changeType: ['BHLX', 'bhlx', '变化类型', 'changeType'],
  before: ['QSX', 'qsx', '前时相', '前时相地类', 'before'],
  after: ['HSX', 'hsx', '后时相', '后时相地类', 'after'],
  area: ['TBMJ', 'tbmj', '图斑面积', 'MJ', 'area'],
};
function pick(props: Record<string, unknown>, keys: string[]): string {
  for (const k of keys) {
    const v = props[k];
    if (v !== undefined && v !== null && String(v).trim() !== '') return String(v).trim();
  }
  return '';
}

export interface ParsedPatch {
  index: number; tbbh: string; changeType: string; beforePhase: string; afterPhase: string; statedAreaM2: number | null;
  geom: Polygonal; areaM2: number; hash: string; lon: number; lat: number; countyCode: string; townshipCode: string | null;
}

export interface ImportReport {
  total: number;
  valid: number;
  counties: { countyCode: string; count: number }[];
  invalid: { index: number; tbbh: string; message: string; location: number[] | null }[];
  outside: { index: number; tbbh: string; lon: number; lat: number }[];
  duplicates: { index: number; tbbh: string; batchNo: string; earlierTbbh: string; by: 'tbbh' | 'geometry' }[];
}

export async function analyseFeatures(trx: Tx, batchId: number, features: Feature[], onChecked: (validated: number) => Promise<void> = async () => {}): Promise<{ report: ImportReport; patches: ParsedPatch[] }> {
  const report: ImportReport = { total: features.length, valid: 0, counties: [], invalid: [], outside: [], duplicates: [] };
  const ok: ParsedPatch[] = [];
  const seen = new Set<string>();
  for (const [index, f] of features.entries()) {
    await onChecked(index);
    const props = f.properties ?? {};
    const tbbh = pick(props, KEYS.tbbh);
    const bad = (message: string, location: number[] | null = null) => report.invalid.push({ index, tbbh, message, location });
    if (!tbbh) { bad('图斑编号 (TBBH) missing'); continue; }
    if (tbbh.length > 40) { bad('图斑编号 (TBBH) longer than 40 characters'); continue; }
    if (seen.has(tbbh)) { bad(`图斑编号 ${tbbh} appears twice in the file`); continue; }
    seen.add(tbbh);
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) { bad(`a patch is a Polygon or MultiPolygon, not a ${g?.type ?? 'missing geometry'}`); continue; }
    const errors = validateGeometry(g).filter((p) => p.severity === 'error');
    if (errors.length) { bad(errors[0]!.message, errors[0]!.location ?? null); continue; }
    const [lon, lat] = interiorPoint(g);
    const division = await divisionAt(trx, lon, lat);
    if (!division) { report.outside.push({ index, tbbh, lon, lat }); continue; }
    const statedRaw = pick(props, KEYS.area);
    const stated = statedRaw === '' ? null : Number(statedRaw);
    ok.push({
      index, tbbh, changeType: pick(props, KEYS.changeType), beforePhase: pick(props, KEYS.before), afterPhase: pick(props, KEYS.after),
      statedAreaM2: stated !== null && Number.isFinite(stated) && stated >= 0 ? stated : null,
      geom: g, areaM2: ellipsoidalAreaM2(g), hash: geometryHash(g), lon, lat,
      countyCode: division.slice(0, 6), townshipCode: division.length === 9 ? division : null,
    });
  }
  await onChecked(features.length);
  // Duplicates of an earlier batch, by number or by geometry (the importer's RLS scope).
  if (ok.length) {
    const earlier = await trx.selectFrom('patches.patches as p').innerJoin('patches.batches as b', 'b.id', 'p.batchId')
      .select(['p.tbbh', 'p.geomHash', 'b.batchNo'])
      .where('p.batchId', '<>', batchId)
      .where((eb) => eb.or([eb('p.tbbh', 'in', ok.map((p) => p.tbbh)), eb('p.geomHash', 'in', ok.map((p) => p.hash))]))
      .execute();
    const byNo = new Map(earlier.map((e) => [e.tbbh, e]));
    const byHash = new Map(earlier.map((e) => [e.geomHash, e]));
    for (const p of ok) {
      const d = byNo.get(p.tbbh) ?? byHash.get(p.hash);
      if (d) report.duplicates.push({ index: p.index, tbbh: p.tbbh, batchNo: d.batchNo, earlierTbbh: d.tbbh, by: byNo.has(p.tbbh) ? 'tbbh' : 'geometry' });
    }
  }
  const dup = new Set(report.duplicates.map((d) => d.index));
  const counties = new Map<string, number>();
  for (const p of ok) if (!dup.has(p.index)) counties.set(p.countyCode, (counties.get(p.countyCode) ?? 0) + 1);
  report.counties = [...counties].map(([countyCode, count]) => ({ countyCode, count })).sort((a, b) => a.countyCode.localeCompare(b.countyCode));
  report.valid = ok.length - dup.size;
  return { report, patches: ok.filter((p) => !dup.has(p.index)) };
}

/** Box text of a polygon for the `bbox` column. */
export function boxOf(g: Polygonal): string {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const rings = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of rings) for (const ring of poly) for (const [x, y] of ring) {
    minX = Math.min(minX, x!); minY = Math.min(minY, y!); maxX = Math.max(maxX, x!); maxY = Math.max(maxY, y!);
  }
  return `(${minX},${minY}),(${maxX},${maxY})`;
}

