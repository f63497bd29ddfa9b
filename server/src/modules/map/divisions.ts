/**
 * The division at a point (落点所在行政区划): the deepest boundary of the public `divisions`
 * layer that contains the point — a township (9 digits) over its county (6 digits). Only the
 * boundaries the map holds are known (the demo: 播州区 and its 24 townships); elsewhere null.
 * Other modules (tip-offs) reach it through index.ts, never the map tables.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { Geometry } from '../../platform/geo/index.ts';
import { distanceToPolygonM } from './geometry.ts';

export async function divisionAt(trx: Tx, lon: number, lat: number): Promise<string | null> {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  const rows = await trx.selectFrom('map.features as f').innerJoin('map.layers as l', 'l.id', 'f.layerId')
    .select(['f.code', sql<string>`f.geom::text`.as('geom')])
    .where('l.code', '=', 'divisions').where('f.isPublic', '=', true).where('f.code', 'is not', null)
    .where(sql<boolean>`f.bbox @> point(${lon}, ${lat})`)
    .execute();
  const hits = rows.filter((r) => /^\d{6}(\d{3})?$/.test(r.code!) && distanceToPolygonM([lon, lat], JSON.parse(r.geom) as Geometry) === 0)
    .map((r) => r.code!).sort((a, b) => b.length - a.length || a.localeCompare(b));
  return hits[0] ?? null;
}
