/**
 * Layer registry and features API on the demo data (the test template seeds the small grid:
 * 50 × 40 = 2,000 parcels around 106.83°E 27.54°N) plus edits with history and audit.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { ellipsoidalAreaM2, validateGeometry } from '../../platform/geo/index.ts';
import { geometryEngine } from '../../platform/geo/index.ts';
import { bboxPolygon, type BBox } from './geometry.ts';
import { LAYER_DEFS } from './layers.registry.ts';
import { generateDemoFeatures } from './map.seed.ts';

const t: TestApp = await startTestApp();
const reviewer = await loginAs(t, 'reviewer');
const township = await loginAs(t, 'township');

describe('layer registry', () => {
  it('anonymous callers get the public layers only; a 播州区 reviewer all twelve, marked synthetic with a source note', async () => {
    const anon = await call(t, null, 'GET', '/api/map/layers');
    assert.equal(anon.status, 200);
    assert.deepEqual(anon.body.map((l: any) => l.code).sort(), ['approved_land', 'divisions', 'plan_zones', 'supplied_land', 'temporary_land', 'trading_lots']);
    const all = await call(t, reviewer, 'GET', '/api/map/layers');
    assert.deepEqual(all.body.map((l: any) => l.code).sort(), LAYER_DEFS.map((d) => d.code).sort());
    const parcels = all.body.find((l: any) => l.code === 'parcels');
    assert.equal(parcels.synthetic, true);
    assert.match(parcels.sourceNote, /模拟数据/);
    assert.equal(parcels.featureCount, 2000);
    assert.equal(parcels.visibility, 'scoped');
    const landuse = all.body.find((l: any) => l.code === 'landuse');
    assert.equal(landuse.style.field, 'dlbm');
    assert.ok(landuse.style.classes.some((c: any) => c.value === '0101' && c.label === '0101 水田'));
  });

  it('the demo seed is deterministic and its polygons are valid', () => {
    const ids = new Map(LAYER_DEFS.map((d, i) => [d.code, { id: i + 1, isPublic: d.visibility === 'public' }]));
    const a = generateDemoFeatures('small', ids);
    const b = generateDemoFeatures('small', ids);
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    const parcels = a.filter((r) => r.layer_id === ids.get('parcels')!.id);
    assert.equal(parcels.length, 2000);
    assert.equal(new Set(parcels.map((p) => p.code)).size, 2000);
    for (const p of parcels.slice(0, 300)) assert.deepEqual(validateGeometry(p.geom).filter((x) => x.severity === 'error'), [], p.code!);
    // Parcels tile the grid without gaps or overlaps: their areas add up to the grid's outline.
    const sum = parcels.reduce((s, p) => s + p.area_m2!, 0);
    const grid = ellipsoidalAreaM2({ type: 'Polygon', coordinates: [[[106.805, 27.522], [106.855, 27.522], [106.855, 27.558], [106.805, 27.558], [106.805, 27.522]]] });
    assert.ok(Math.abs(sum - grid) < 1, `${sum} vs ${grid}`);
    // Mining rights keep their corner coordinates (拐点坐标) in the CGCS2000 3° zone 36.
    const mine = a.find((r) => r.layer_id === ids.get('mining_rights')!.id)!;
    assert.equal((mine.properties.gdzb as unknown[]).length, 4);
    assert.match(String(mine.properties.zbx), /EPSG:4524/);
  });
});

describe('features in a bbox', () => {
  const bbox: BBox = [106.82, 27.53, 106.83, 27.54];

  it('returns exactly the parcels meeting the box, paged by id with a next cursor', async () => {
    const seen: any[] = [];
    let after = 0;
    for (let i = 0; i < 50; i++) {
      const r = await call(t, reviewer, 'GET', `/api/map/layers/parcels/features?bbox=${bbox.join(',')}&limit=40&after=${after}`);
      assert.equal(r.status, 200);
      seen.push(...r.body.features);
      if (r.body.next === null) break;
      assert.ok(r.body.next > after);
      after = r.body.next;
    }
    const ids = seen.map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length, 'no feature twice across pages');
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    const box = bboxPolygon(bbox);
    assert.ok(seen.every((f) => geometryEngine().intersects(box, f.geometry)));
    // Compare with every parcel, tested exactly.
    const all = await t.testDb.owner.selectFrom('map.features as f').innerJoin('map.layers as l', 'l.id', 'f.layerId')
      .select(['f.id', 'f.geom']).where('l.code', '=', 'parcels').execute();
    const expected = all.filter((f) => geometryEngine().intersects(box, f.geom)).map((f) => f.id).sort((a, b) => a - b);
    assert.deepEqual(ids, expected);
    // 10 × ~11 cells plus the jittered border: about 121–150.
    assert.ok(ids.length > 100 && ids.length < 170, String(ids.length));
  });

  it('single feature and its history (a seeded feature shows as version 1)', async () => {
    const page = await call(t, reviewer, 'GET', `/api/map/layers/parcels/features?bbox=${bbox.join(',')}&limit=20`);
    const f = page.body.features[0];
    const one = await call(t, reviewer, 'GET', `/api/map/layers/parcels/features/${f.id}`);
    assert.equal(one.body.code, f.code);
    assert.equal(one.body.properties.zddm, f.code);
    const h = await call(t, reviewer, 'GET', `/api/map/layers/parcels/features/${f.id}/history`);
    assert.equal(h.body.length, 1);
    assert.equal(h.body[0].change, 'create');
  });

  it('bad bbox values are named', async () => {
    const r = await call(t, reviewer, 'GET', '/api/map/layers/parcels/features?bbox=1,2,3');
    assert.equal(r.status, 400);
    assert.equal(r.body.error.details?.field ?? r.body.error.field, 'bbox');
    const unknown = await call(t, reviewer, 'GET', '/api/map/layers/nope/features');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'map.layer_not_found');
  });
});

describe('search', () => {
  it('finds a parcel by code prefix and by address fragment', async () => {
    const p = await t.testDb.owner.selectFrom('map.features as f').innerJoin('map.layers as l', 'l.id', 'f.layerId')
      .select(['f.id', 'f.code', 'f.properties']).where('l.code', '=', 'parcels').orderBy('f.id').offset(777).limit(1).executeTakeFirstOrThrow();
    const byCode = await call(t, reviewer, 'GET', `/api/map/search?q=${encodeURIComponent(p.code!)}`);
    assert.deepEqual(byCode.body.map((f: any) => f.id), [p.id]);
    const addr = String(p.properties.zl);
    const byAddr = await call(t, reviewer, 'GET', `/api/map/search?q=${encodeURIComponent(addr)}`);
    assert.ok(byAddr.body.some((f: any) => f.id === p.id));
    assert.ok(byAddr.body.every((f: any) => String(f.properties.zl ?? '').includes(addr) || String(f.name ?? '').includes(addr)));
    // Anonymous: parcels are not public.
    const anon = await call(t, null, 'GET', `/api/map/search?q=${encodeURIComponent(p.code!)}`);
    assert.deepEqual(anon.body, []);
  });
});

describe('feature edits (三岔镇 township clerk)', () => {
  const point = { type: 'Point', coordinates: [106.81, 27.53] };

  it('create, update, delete: history rows, layer version bumped each time, audited', async () => {
    const layerBefore = (await call(t, township, 'GET', '/api/map/layers/hazard_sites')).body;
    const created = await call(t, township, 'POST', '/api/map/layers/hazard_sites/features', {
      geometry: point, code: '5203049999', name: '测试滑坡', properties: { zhdbh: '5203049999', zhlx: '滑坡', gm: '小型', wxrs: 12 },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    assert.equal(created.body.version, 1);
    const afterCreate = (await call(t, township, 'GET', '/api/map/layers/hazard_sites')).body;
    assert.equal(afterCreate.version, layerBefore.version + 1);
    assert.equal(afterCreate.featureCount, layerBefore.featureCount + 1);

    const stale = await call(t, township, 'PATCH', `/api/map/layers/hazard_sites/features/${id}`, { version: 7, properties: { wxrs: 30 } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'map.version_conflict');
    const upd = await call(t, township, 'PATCH', `/api/map/layers/hazard_sites/features/${id}`, { version: 1, properties: { wxrs: 30 }, geometry: { type: 'Point', coordinates: [106.811, 27.531] } });
    assert.equal(upd.status, 200, JSON.stringify(upd.body));
    assert.equal(upd.body.version, 2);
    assert.equal(upd.body.properties.wxrs, 30);
    assert.equal(upd.body.properties.zhlx, '滑坡', 'untouched attributes stay');

    const badAttr = await call(t, township, 'PATCH', `/api/map/layers/hazard_sites/features/${id}`, { version: 2, properties: { wxrs: 'many' } });
    assert.equal(badAttr.status, 400);
    assert.equal(badAttr.body.error.details?.field ?? badAttr.body.error.field, 'properties.wxrs');
    const badType = await call(t, township, 'PATCH', `/api/map/layers/hazard_sites/features/${id}`, { version: 2, geometry: { type: 'Polygon', coordinates: [[[106.81, 27.53], [106.82, 27.53], [106.82, 27.54], [106.81, 27.53]]] } });
    assert.equal(badType.status, 422);
    assert.equal(badType.body.error.code, 'map.geometry_type_mismatch');

    const del = await call(t, township, 'DELETE', `/api/map/layers/hazard_sites/features/${id}?version=2`);
    assert.equal(del.status, 200);
    const gone = await call(t, township, 'GET', `/api/map/layers/hazard_sites/features/${id}`);
    assert.equal(gone.status, 404);
    const h = await call(t, township, 'GET', `/api/map/layers/hazard_sites/features/${id}/history`);
    assert.deepEqual(h.body.map((v: any) => [v.version, v.change]), [[3, 'delete'], [2, 'update'], [1, 'create']]);
    assert.equal(h.body[0].changedByName, '三岔镇国土所 杨明');
    assert.deepEqual(h.body[2].geometry, point);
    const final = (await call(t, township, 'GET', '/api/map/layers/hazard_sites')).body;
    assert.equal(final.version, layerBefore.version + 3);
    assert.equal(final.featureCount, layerBefore.featureCount);

    const { rows } = await sql<{ action: string; orgPath: string }>`select action, org_path::text from audit.entries where entity_type = 'map.feature' and entity_id = ${String(id)} order by seq`.execute(t.testDb.owner);
    assert.deepEqual(rows.map((r) => r.action), ['map.feature.created', 'map.feature.updated', 'map.feature.deleted']);
    assert.equal(rows[0]!.orgPath, 'cn.p52.c5203.x520304.t520304102');
  });

  it('an invalid polygon is refused with its problem and nothing is written', async () => {
    const before = (await call(t, township, 'GET', '/api/map/layers/approved_land')).body;
    const r = await call(t, township, 'POST', '/api/map/layers/approved_land/features', {
      geometry: { type: 'Polygon', coordinates: [[[106.81, 27.53], [106.82, 27.54], [106.82, 27.53], [106.81, 27.54], [106.81, 27.53]]] },
    });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, 'geo.geometry_invalid');
    const after = (await call(t, township, 'GET', '/api/map/layers/approved_land')).body;
    assert.equal(after.version, before.version);
    assert.equal(after.featureCount, before.featureCount);
  });
});
