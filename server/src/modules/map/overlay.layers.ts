/**
 * Overlay of one polygon with chosen layers of the one map, for other modules (the patches
 * module's pre-check, 内业预判): each feature of those layers the polygon overlaps, with the area
 * of the overlap (ellipsoidal, m², same edge model as overlay.service.ts). Candidates come from
 * the GiST box index, the cut from the overlay engine (GEOS-WASM, JSTS as fallback). Runs in
 * the caller's transaction, so the caller's RLS scope applies.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { lonLatEdgeAreaM2, type Geometry, type Polygonal } from '../../platform/geo/index.ts';
import { bboxOf, boxText } from './geometry.ts';
import { overlayEngine } from './overlay.engine.ts';
import { MIN_PIECE_M2 } from './overlay.service.ts';

export interface LayerOverlap {
  layer: string;
  id: number;
  code: string | null;
  name: string | null;
  properties: Record<string, unknown>;
  /** Area of polygon ∩ feature, m². */
  overlapM2: number;
}

export async function overlayLayers(trx: Tx, polygon: Polygonal, layers: readonly string[]): Promise<LayerOverlap[]> {
  if (layers.length === 0) return [];
  const { rows } = await sql<{ layer: string; id: number; code: string | null; name: string | null; properties: Record<string, unknown>; geom: Geometry }>`
    select l.code as layer, f.id, f.code, f.name, f.properties, f.geom
    from map.features f join map.layers l on l.id = f.layer_id
    where l.code = any(${sql.val([...layers])}::text[]) and f.bbox && ${boxText(bboxOf(polygon))}::box
    order by l.code, f.id`.execute(trx);
  if (rows.length === 0) return [];
  const engine = await overlayEngine();
  const prepared = engine.prepare(polygon);
  try {
    const out: LayerOverlap[] = [];
    for (const r of rows) {
      if (r.geom.type !== 'Polygon' && r.geom.type !== 'MultiPolygon') continue;
      if (!prepared.intersects(r.geom)) continue;
      const cut = prepared.intersection(r.geom);
      const m2 = cut ? lonLatEdgeAreaM2(cut) : 0;
      if (m2 >= MIN_PIECE_M2) out.push({ layer: r.layer, id: r.id, code: r.code, name: r.name, properties: r.properties, overlapM2: m2 });
    }
    return out;
  } finally {
    prepared.dispose?.();
  }
}

/** Features of one layer whose org path lies under `scopePath` (e.g. a county's approvals). */
export async function layerFeatures(trx: Tx, layer: string, scopePath: string): Promise<{ id: number; code: string | null; properties: Record<string, unknown>; geom: Geometry }[]> {
  const { rows } = await sql<{ id: number; code: string | null; properties: Record<string, unknown>; geom: Geometry }>`
    select f.id, f.code, f.properties, f.geom from map.features f join map.layers l on l.id = f.layer_id
    where l.code = ${layer} and f.org_path <@ ${scopePath}::ltree order by f.id`.execute(trx);
  return rows;
}

/**
 * Features of one layer whose box meets `box` (lon/lat), in the caller's transaction and RLS
 * scope, at most `limit`: for modules that draw from the map (the patches module's synthetic
 * imagery) or pick demo geometry from it. `where` narrows by one property prefix.
 */
export async function layerFeaturesInBox(trx: Tx, layer: string, box: [number, number, number, number] | null,
  { limit = 5000, propertyPrefix }: { limit?: number; propertyPrefix?: { name: string; prefix: string } } = {},
): Promise<{ id: number; code: string | null; properties: Record<string, unknown>; geom: Geometry }[]> {
  const boxFilter = box ? sql`and f.bbox && ${`(${box[0]},${box[1]}),(${box[2]},${box[3]})`}::box` : sql``;
  const propFilter = propertyPrefix ? sql`and f.properties->>${propertyPrefix.name} like ${`${propertyPrefix.prefix.replace(/[\\%_]/g, '\\$&')}%`}` : sql``;
  const { rows } = await sql<{ id: number; code: string | null; properties: Record<string, unknown>; geom: Geometry }>`
    select f.id, f.code, f.properties, f.geom from map.features f join map.layers l on l.id = f.layer_id
    where l.code = ${layer} ${boxFilter} ${propFilter} order by f.id limit ${limit}`.execute(trx);
  return rows;
}
