/** Layers and features for the tile tests, written with the owner connection (not a test file). */
import { sql } from 'kysely';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Db } from '../../../platform/db/database.ts';

export const BOZHOU = 'cn.p52.c5203.x520304';
export const HUICHUAN = 'cn.p52.c5203.x520303';

/** Registers a layer; returns its id. */
export async function makeLayer(db: Db, code: string, visibility: 'public' | 'scoped', orgPath = 'cn.p52', geometryType = 'Polygon'): Promise<number> {
  const r = await db.insertInto('map.layers').values({
    code, name: `测试${code}`, nameEn: `Test ${code}`, kind: 'cadastre', geometryType: geometryType as 'Polygon', visibility, orgPath,
    style: JSON.stringify({ field: 'use', default: { fill: '#ccc', stroke: '#333' } }), attributeSchema: '[]',
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/**
 * A rows × cols grid of square parcels of `size` degrees from (lon0, lat0), codes `${prefix}-r-c`,
 * properties {use, row, col}; `gap` degrees between them.
 */
export async function makeGrid(db: Db, layerId: number, o: {
  lon0: number; lat0: number; rows: number; cols: number; size: number; gap?: number; prefix: string; orgPath: string; isPublic: boolean;
}): Promise<void> {
  const step = o.size + (o.gap ?? 0);
  await sql`
    insert into map.features (layer_id, code, name, properties, geom, bbox, is_public, org_path)
    select ${layerId}, ${o.prefix} || '-' || r || '-' || c, '宗地' || r || '-' || c,
      jsonb_build_object('use', case when (r + c) % 2 = 0 then '0702' else '0101' end, 'row', r, 'col', c, 'nested', jsonb_build_object('a', 1)),
      jsonb_build_object('type', 'Polygon', 'coordinates', jsonb_build_array(jsonb_build_array(
        jsonb_build_array(x0, y0), jsonb_build_array(x0 + ${o.size}::float8, y0), jsonb_build_array(x0 + ${o.size}::float8, y0 + ${o.size}::float8),
        jsonb_build_array(x0, y0 + ${o.size}::float8), jsonb_build_array(x0, y0)))),
      box(point(x0, y0), point(x0 + ${o.size}::float8, y0 + ${o.size}::float8)), ${o.isPublic}, ${o.orgPath}::ltree
    from generate_series(0, ${o.rows - 1}) r, generate_series(0, ${o.cols - 1}) c,
      lateral (select ${o.lon0}::float8 + c * ${step}::float8 as x0, ${o.lat0}::float8 + r * ${step}::float8 as y0) p`.execute(db);
  await sql`update map.layers set feature_count = (select count(*) from map.features where layer_id = ${layerId}) where id = ${layerId}`.execute(db);
}

/** XYZ tile containing a lon/lat at zoom z. */
export function tileOf(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}

export interface DecodedFeature {
  id: number | undefined;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: any };
}

/** Decodes one layer of an MVT body back to lon/lat GeoJSON. */
export function decodeTile(body: Buffer | Uint8Array, layer: string, t: { z: number; x: number; y: number }): DecodedFeature[] {
  if (body.byteLength === 0) return [];
  const vt = new VectorTile(new PbfReader(body));
  const l = vt.layers[layer];
  if (!l) return [];
  const out: DecodedFeature[] = [];
  for (let i = 0; i < l.length; i++) {
    const f = l.feature(i);
    const g = f.toGeoJSON(t.x, t.y, t.z);
    out.push({ id: f.id, properties: { ...f.properties }, geometry: g.geometry as DecodedFeature['geometry'] });
  }
  return out;
}
