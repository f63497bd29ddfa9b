/**
 * Overlay analysis (叠加分析 / 压覆分析) of a red line against the one map: land use by class,
 * cropland and permanent basic farmland occupied, plan zones with a compliance verdict, the
 * ecological red line, mining rights overlapped (压覆), hazard sites within a buffer and the
 * parcels touched. Candidates come from the GiST box index (one statement for every layer);
 * features a box test places wholly inside or outside the red line are decided in JavaScript,
 * convex ones are clipped in JavaScript, the rest are cut by the overlay engine (GEOS-WASM, JSTS
 * as fallback); every area is ellipsoidal on
 * CGCS2000 (platform.geo), in m², 公顷, 亩. The cuts run in EPSG:4490 degrees, so the red line
 * and every piece are measured with the same edges — straight in longitude/latitude
 * (`lonLatEdgeAreaM2`) — and the pieces of a layer that covers the red line add up to it.
 * Whether the plan zones cover the red line is decided on the geometry (red line minus the
 * zones), not by subtracting areas.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { withContext, type Tx } from '../../platform/db/context.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { ellipsoidalAreaM2, lonLatEdgeAreaM2, validateGeometry, type Geometry, type Polygonal, type Position } from '../../platform/geo/index.ts';
import { normaliseGeometry } from '../../platform/geo/formats/feature-utils.ts';
import { bboxOf, boxTester, boxText, distanceToPolygonM, metresToDegrees, type BBox } from './geometry.ts';
import { clipAreaM2, convexRing, prepareClip } from './overlay.clip.ts';
import { isCropland, LAND_USE_GROUPS, LAND_USE_NAME, PLAN_ZONES } from './layers.registry.ts';
import { overlayEngine, type PreparedRedline } from './overlay.engine.ts';

export const DEFAULT_BUFFER_M = 500;
/** Red lines larger than this are refused (a county-sized request would read every parcel). */
export const MAX_REDLINE_M2 = 50_000_000;
/** Pieces smaller than this (m²) are numerical noise along shared edges, not occupation. */
export const MIN_PIECE_M2 = 0.01;
/** Most parcels listed one by one; the count and total area always cover all of them. */
export const MAX_PARCELS_LISTED = 5000;

export interface AreaFigures { areaM2: number; areaHa: number; areaMu: number }
export function figures(m2: number): AreaFigures {
  return { areaM2: Math.round(m2 * 100) / 100, areaHa: Math.round((m2 / 10_000) * 1e6) / 1e6, areaMu: Math.round((m2 / 10_000) * 15 * 1e4) / 1e4 };
}

export type Verdict = 'compliant' | 'conditional' | 'non_compliant' | 'unknown';

export interface OverlayReport {
  engine: string;
  generatedAt: string;
  redline: AreaFigures & { geometry: Polygonal; bbox: BBox };
  landUse: { classes: (AreaFigures & { dlbm: string; dlmc: string; group: string; groupName: string })[]; covered: AreaFigures };
  cropland: AreaFigures;
  basicFarmland: AreaFigures & { features: (AreaFigures & { id: number; code: string | null })[] };
  planZones: {
    zones: (AreaFigures & { zone: string })[];
    uncovered: AreaFigures;
    verdict: Verdict;
    reasons: string[];
  };
  ecoRedline: AreaFigures & { intersected: boolean; features: (AreaFigures & { id: number; code: string | null })[] };
  miningRights: { count: number; features: (AreaFigures & { id: number; code: string | null; name: string | null; type: string; mineral: string; corners: unknown })[] };
  hazardSites: { bufferM: number; count: number; features: { id: number; code: string | null; name: string | null; type: string; distanceM: number; geometry: Geometry }[] };
  parcels: AreaFigures & { count: number; truncated: boolean; features: (AreaFigures & { id: number; code: string | null; address: string; dlbm: string; whole: boolean })[] };
}

interface Candidate { id: number; code: string | null; name: string | null; properties: Record<string, unknown>; geom: Geometry; areaM2: number | null }

/** Checks a red line given as GeoJSON (geometry or Feature) in EPSG:4490 and returns it as a polygon. */
export function checkRedline(raw: unknown): Polygonal {
  const body = raw as { type?: unknown; geometry?: unknown };
  const g = normaliseGeometry(body && body.type === 'Feature' ? body.geometry : raw, 'geometry');
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    throw new AppError('geo.geometry_unsupported', `geometry: a red line is a Polygon or MultiPolygon, not a ${g.type}`, { field: 'geometry.type' });
  }
  const errors = validateGeometry(g).filter((p) => p.severity === 'error');
  if (errors.length) throw new AppError('geo.geometry_invalid', `geometry: ${errors[0]!.message}`, { field: 'geometry', problems: errors.slice(0, 20) });
  const area = ellipsoidalAreaM2(g);
  if (area > MAX_REDLINE_M2) {
    throw new AppError('map.overlay_too_large', `geometry: ${(area / 1e6).toFixed(1)} km² is more than ${MAX_REDLINE_M2 / 1e6} km²`, { field: 'geometry' });
  }
  return g;
}

/** The layers an overlay reads; hazard sites are searched in the buffer's box, the rest in the red line's. */
const OVERLAY_LAYERS = ['landuse', 'parcels', 'plan_zones', 'basic_farmland', 'eco_redline', 'mining_rights', 'hazard_sites'] as const;
type OverlayLayer = (typeof OVERLAY_LAYERS)[number];

/**
 * Candidates of every overlay layer from the GiST (layer_id, bbox) index in one statement (one
 * round trip instead of seven), each layer in feature id order.
 */
async function candidates(trx: Tx, box: BBox, hazardBox: BBox): Promise<Record<OverlayLayer, Candidate[]>> {
  // One JSON array per layer: a few rows to decode instead of one per candidate (the parse of
  // hundreds of small rows cost more than the rest of the statement).
  const { rows } = await sql<{ layer: OverlayLayer; features: Candidate[] }>`
    select q.layer, json_agg(json_build_object('id', f.id, 'code', f.code, 'name', f.name, 'properties', f.properties, 'geom', f.geom, 'areaM2', f.area_m2) order by f.id) as features
    from (values ${sql.join(OVERLAY_LAYERS.map((c) => sql`(${c}::text, ${boxText(c === 'hazard_sites' ? hazardBox : box)}::box)`))}) as q(layer, b)
    join map.layers l on l.code = q.layer
    join map.features f on f.layer_id = l.id and f.bbox && q.b
    group by q.layer`.execute(trx);
  const out = Object.fromEntries(OVERLAY_LAYERS.map((c) => [c, [] as Candidate[]])) as Record<OverlayLayer, Candidate[]>;
  for (const { layer, features } of rows) out[layer] = features;
  return out;
}

/**
 * Area (m²) of red line ∩ feature, by the cheapest exact route: features whose extent the box
 * test places wholly inside or outside the red line need no cut (the piece is the feature itself,
 * or nothing); convex single-ring features are clipped in JavaScript (overlay.clip.ts); the rest
 * are cut by the overlay engine.
 */
function pieceMeasurer(p: PreparedRedline, redline: Polygonal): (f: Candidate) => number {
  const place = boxTester(redline);
  const clip = prepareClip(redline);
  return (f) => {
    const g = f.geom;
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return 0;
    const where = place(bboxOf(g));
    if (where === 'outside') return 0;
    if (where === 'inside') return lonLatEdgeAreaM2(g);
    if (clip) {
      const win = convexRing(g);
      if (win) return clipAreaM2(clip, win);
    }
    const cut = p.intersection(g);
    return cut ? lonLatEdgeAreaM2(cut) : 0;
  };
}

/** Features the report's map drawing shows, by layer. */
export interface DrawnFeature { layer: string; geometry: Geometry }

export async function runOverlay(db: Db, actor: Actor, redline: Polygonal, opts: { bufferM?: number } = {}): Promise<OverlayReport> {
  return (await analyseOverlay(db, actor, redline, opts)).report;
}

export async function analyseOverlay(db: Db, actor: Actor, redline: Polygonal, opts: { bufferM?: number } = {}): Promise<{ report: OverlayReport; drawing: DrawnFeature[] }> {
  const bufferM = opts.bufferM ?? DEFAULT_BUFFER_M;
  const engine = await overlayEngine();
  const prepared = engine.prepare(redline);
  try {
    return await analyseWith(db, actor, redline, engine.name, prepared, bufferM);
  } finally {
    prepared.dispose?.();
  }
}

async function analyseWith(
  db: Db, actor: Actor, redline: Polygonal, engineName: string, prepared: PreparedRedline, bufferM: number,
): Promise<{ report: OverlayReport; drawing: DrawnFeature[] }> {
  const box = bboxOf(redline);
  const pieceM2 = pieceMeasurer(prepared, redline);
  // The same edge model as the pieces (the cuts run in degrees): see lonLatEdgeAreaM2.
  const redM2 = lonLatEdgeAreaM2(redline);
  const midLat = (box[1] + box[3]) / 2;
  const { dLon, dLat } = metresToDegrees(bufferM * 1.01 + 1, midLat);
  const hazardBox: BBox = [box[0] - dLon, box[1] - dLat, box[2] + dLon, box[3] + dLat];

  return withContext(db, actorContext(actor), async (trx) => {
    const { landuse, parcels, plan_zones: zones, basic_farmland: farmland, eco_redline: eco, mining_rights: mines, hazard_sites: hazards } = await candidates(trx, box, hazardBox);

    // Land use by class.
    const byClass = new Map<string, number>();
    let croplandM2 = 0, landM2 = 0;
    for (const f of landuse) {
      const a = pieceM2(f);
      if (a < MIN_PIECE_M2) continue;
      const dlbm = String(f.properties.dlbm ?? '');
      byClass.set(dlbm, (byClass.get(dlbm) ?? 0) + a);
      landM2 += a;
      if (isCropland(dlbm)) croplandM2 += a;
    }
    const classes = [...byClass.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([dlbm, a]) => ({
      dlbm, dlmc: LAND_USE_NAME.get(dlbm) ?? dlbm, group: dlbm.slice(0, 2), groupName: LAND_USE_GROUPS[dlbm.slice(0, 2)] ?? '', ...figures(a),
    }));

    const pieces = (list: Candidate[]) => list.map((f) => ({ f, a: pieceM2(f) })).filter((x) => x.a >= MIN_PIECE_M2);

    // Permanent basic farmland.
    const bf = pieces(farmland);
    const bfM2 = bf.reduce((s, x) => s + x.a, 0);

    // Plan zones and the verdict.
    const zoneM2 = new Map<string, number>();
    const zonePieces = pieces(zones);
    for (const { f, a } of zonePieces) {
      const z = String(f.properties.gzqlx ?? f.name ?? '');
      zoneM2.set(z, (zoneM2.get(z) ?? 0) + a);
    }
    const zoneList = PLAN_ZONES.filter((z) => zoneM2.has(z.value)).map((z) => ({ zone: z.value as string, ...figures(zoneM2.get(z.value)!) }));
    for (const [z, a] of zoneM2) if (!PLAN_ZONES.some((p) => p.value === z)) zoneList.push({ zone: z, ...figures(a) });
    // What lies outside every zone, as a geometry: red line minus the zones it meets.
    const outside = prepared.uncovered(zonePieces.map(({ f }) => f.geom as Polygonal));
    const uncoveredM2 = outside ? lonLatEdgeAreaM2(outside) : 0;
    const reasons: string[] = [];
    const ha = (m2: number) => (m2 / 10_000).toFixed(4);
    const significant = (z: string) => (zoneM2.get(z) ?? 0) >= 1;
    let verdict: Verdict;
    if (significant('禁止建设区') || significant('限制建设区')) {
      verdict = 'non_compliant';
      if (significant('禁止建设区')) reasons.push(`占用禁止建设区 ${ha(zoneM2.get('禁止建设区')!)} 公顷，不符合国土空间规划`);
      if (significant('限制建设区')) reasons.push(`占用限制建设区 ${ha(zoneM2.get('限制建设区')!)} 公顷，需依法调整规划后方可建设`);
    } else if (uncoveredM2 >= 1) {
      verdict = 'unknown';
      reasons.push(`${ha(uncoveredM2)} 公顷不在规划分区数据范围内，无法判定`);
    } else if (significant('有条件建设区')) {
      verdict = 'conditional';
      reasons.push(`占用有条件建设区 ${ha(zoneM2.get('有条件建设区')!)} 公顷，需落实规划调整条件`);
    } else {
      verdict = 'compliant';
      reasons.push('全部位于允许建设区，符合国土空间规划');
    }
    if (bfM2 >= 1) reasons.push(`占用永久基本农田 ${ha(bfM2)} 公顷，需按规定论证并补划`);

    // Ecological red line, mining rights.
    const ecoPieces = pieces(eco);
    const ecoM2 = ecoPieces.reduce((s, x) => s + x.a, 0);
    if (ecoM2 >= 1) reasons.push(`占用生态保护红线 ${ha(ecoM2)} 公顷`);
    const minePieces = pieces(mines);
    const mineList = minePieces.map(({ f, a }) => ({
      id: f.id, code: f.code, name: f.name, type: String(f.properties.kqlx ?? ''), mineral: String(f.properties.kz ?? ''), corners: f.properties.gdzb ?? null, ...figures(a),
    }));
    if (mineList.length) reasons.push(`压覆矿业权 ${mineList.length} 宗`);

    // Hazard sites within the buffer (ellipsoidal distance to the red line, 0 inside).
    const hazardList = hazards.map((f) => ({ f, d: f.geom.type === 'Point' ? distanceToPolygonM(f.geom.coordinates as Position, redline) : Infinity }))
      .filter((x) => x.d <= bufferM).sort((a, b) => a.d - b.d)
      .map(({ f, d }) => ({ id: f.id, code: f.code, name: f.name, type: String(f.properties.zhlx ?? ''), distanceM: Math.round(d * 100) / 100, geometry: f.geom }));
    if (hazardList.length) reasons.push(`${bufferM} 米范围内有地质灾害隐患点 ${hazardList.length} 处`);

    // Parcels touched.
    const parcelPieces = parcels.map((f) => ({ f, a: pieceM2(f) })).filter((x) => x.a >= MIN_PIECE_M2);
    const parcelsM2 = parcelPieces.reduce((s, x) => s + x.a, 0);
    const parcelList = parcelPieces.slice(0, MAX_PARCELS_LISTED).map(({ f, a }) => ({
      id: f.id, code: f.code, address: String(f.properties.zl ?? ''), dlbm: String(f.properties.dlbm ?? ''),
      whole: f.areaM2 !== null && Math.abs(a - f.areaM2) < 1 && Math.abs(a - lonLatEdgeAreaM2(f.geom)) < 0.01, ...figures(a),
    }));

    const drawing: DrawnFeature[] = [
      ...zonePieces.map(({ f }) => ({ layer: 'plan_zones', geometry: f.geom })),
      ...parcelPieces.slice(0, 2000).map(({ f }) => ({ layer: 'parcels', geometry: f.geom })),
      ...bf.map(({ f }) => ({ layer: 'basic_farmland', geometry: f.geom })),
      ...ecoPieces.map(({ f }) => ({ layer: 'eco_redline', geometry: f.geom })),
      ...minePieces.map(({ f }) => ({ layer: 'mining_rights', geometry: f.geom })),
      ...hazardList.map((h) => ({ layer: 'hazard_sites', geometry: h.geometry })),
    ];
    const report: OverlayReport = {
      engine: engineName,
      generatedAt: new Date().toISOString(),
      redline: { geometry: redline, bbox: box, ...figures(redM2) },
      landUse: { classes, covered: figures(landM2) },
      cropland: figures(croplandM2),
      basicFarmland: { ...figures(bfM2), features: bf.map(({ f, a }) => ({ id: f.id, code: f.code, ...figures(a) })) },
      planZones: { zones: zoneList, uncovered: figures(uncoveredM2), verdict, reasons },
      ecoRedline: { intersected: ecoPieces.length > 0, ...figures(ecoM2), features: ecoPieces.map(({ f, a }) => ({ id: f.id, code: f.code, ...figures(a) })) },
      miningRights: { count: mineList.length, features: mineList },
      hazardSites: { bufferM, count: hazardList.length, features: hazardList },
      parcels: { count: parcelPieces.length, truncated: parcelPieces.length > MAX_PARCELS_LISTED, features: parcelList, ...figures(parcelsM2) },
    };
    return { report, drawing };
  });
}
