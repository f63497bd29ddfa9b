/**
 * Test fixtures of the map module: rectangles in degrees and features written straight into
 * a test database (owner connection), away from the seeded demo grid (which lies between
 * 106.70°E and 106.96°E), so overlay figures can be checked by hand.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { ellipsoidalAreaM2, type Geometry, type PolygonGeometry } from '../../platform/geo/index.ts';
import { bboxOf, boxText } from './geometry.ts';
import { COUNTY_PATH } from './map.seed.ts';

/** Axis-aligned rectangle [minLon, minLat] – [maxLon, maxLat], counter-clockwise. */
export function rect(a: number, b: number, c: number, d: number): PolygonGeometry {
  return { type: 'Polygon', coordinates: [[[a, b], [c, b], [c, d], [a, d], [a, b]]] };
}

export async function insertFeature(
  owner: Db, layerCode: string, geom: Geometry, properties: Record<string, unknown> = {}, opts: { code?: string; name?: string; orgPath?: string } = {},
): Promise<number> {
  const layer = await owner.selectFrom('map.layers').select(['id', 'visibility']).where('code', '=', layerCode).executeTakeFirstOrThrow();
  const r = await owner.insertInto('map.features').values({
    layerId: layer.id, code: opts.code ?? null, name: opts.name ?? null, properties: JSON.stringify(properties), geom: JSON.stringify(geom),
    bbox: boxText(bboxOf(geom)), areaM2: geom.type === 'Polygon' || geom.type === 'MultiPolygon' ? ellipsoidalAreaM2(geom) : null,
    isPublic: layer.visibility === 'public', orgPath: opts.orgPath ?? COUNTY_PATH, updatedBy: null,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Ids of the layer's features. */
export async function featureIds(owner: Db, layerCode: string): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`select f.id from map.features f join map.layers l on l.id = f.layer_id where l.code = ${layerCode} order by f.id`.execute(owner);
  return rows.map((r) => r.id);
}
