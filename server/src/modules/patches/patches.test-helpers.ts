/** Shared steps of the patches tests (not a test file itself). */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/harness.ts';
import type { Geometry } from '../../platform/geo/index.ts';
import { call } from '../../platform/identity/test-helpers.ts';

export const CENTRE: [number, number] = [106.83, 27.54];

export function rect(minLon: number, minLat: number, w = 0.0005, h = 0.0004): Geometry {
  return { type: 'Polygon', coordinates: [[[minLon, minLat], [minLon + w, minLat], [minLon + w, minLat + h], [minLon, minLat + h], [minLon, minLat]]] };
}

export function feature(tbbh: string, geometry: Geometry, extra: Record<string, unknown> = {}) {
  return { type: 'Feature', geometry, properties: { TBBH: tbbh, BHLX: '新增建设', QSX: '耕地', HSX: '建设用地', ...extra } };
}

/** Approved construction land of 2024 in the demo map (owner connection). */
export async function approvals2024(t: TestApp): Promise<{ code: string; geom: Geometry }[]> {
  const { rows } = await sql<{ code: string; geom: Geometry }>`
    select f.code, f.geom from map.features f join map.layers l on l.id = f.layer_id
    where l.code = 'approved_land' and f.properties->>'pzrq' like '2024%' order by f.id`.execute(t.testDb.owner);
  return rows;
}

export async function createBatch(t: TestApp, cookie: string, over: Record<string, unknown> = {}): Promise<string> {
  const res = await call(t, cookie, 'POST', '/api/patches/batches', {
    name: '2024年第11期卫片监测（测试）', source: 'province', beforeDate: '2024-08-31', afterDate: '2024-11-30', areaDesc: '播州区', deadline: '2099-01-31',
    imageryBeforeUrl: 'https://t0.tianditu.gov.cn/img_w/wmts?layer=img&tilematrix={z}&tilerow={y}&tilecol={x}', imageryAfterUrl: 'https://tiles.example.gov.cn/2024q4/{z}/{x}/{y}.png', ...over,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.batchNo as string;
}

export async function importGeoJson(t: TestApp, cookie: string, batchNo: string, features: unknown[], query = 'dryRun=false') {
  const res = await t.inject({
    method: 'POST', url: `/api/patches/batches/${batchNo}/import?format=geojson&${query}`,
    headers: { cookie, 'content-type': 'application/geo+json' }, payload: JSON.stringify({ type: 'FeatureCollection', features }),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

/** An approved construction site of the demo map that the demo batch does not use (not of 2024). */
export async function unusedApproval(t: TestApp): Promise<{ code: string; geom: Geometry }> {
  const { rows } = await sql<{ code: string; geom: Geometry }>`
    select f.code, f.geom from map.features f join map.layers l on l.id = f.layer_id
    where l.code = 'approved_land' and f.properties->>'pzrq' not like '2024%' order by f.id limit 1`.execute(t.testDb.owner);
  assert.ok(rows[0], 'the demo map has approvals');
  return rows[0];
}

/** A small rectangle of open land: no approval or supply box near it, inside the demo county (k-th such spot). */
export async function openLand(t: TestApp, k = 0): Promise<Geometry> {
  let found = 0;
  for (let i = 0; i < 400; i++) {
    const lon = CENTRE[0] - 0.02 + (i % 20) * 0.002; const lat = CENTRE[1] - 0.015 + Math.floor(i / 20) * 0.0015;
    const g = rect(lon, lat);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from map.features f join map.layers l on l.id = f.layer_id
      where l.code in ('approved_land', 'supplied_land') and f.bbox && box(point(${lon - 0.0003}, ${lat - 0.0003}), point(${lon + 0.0008}, ${lat + 0.0007}))`.execute(t.testDb.owner);
    const used = await sql<{ n: number }>`select count(*)::int as n from patches.patches where bbox && box(point(${lon - 0.0003}, ${lat - 0.0003}), point(${lon + 0.0008}, ${lat + 0.0007}))`.execute(t.testDb.owner);
    if (rows[0]!.n === 0 && used.rows[0]!.n === 0 && found++ === k) return g;
  }
  throw new Error('no open land found');
}
