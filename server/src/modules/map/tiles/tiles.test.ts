import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { json, startTestApp, type TestApp } from '../../../../test/harness.ts';
import { decodeTile, makeGrid, makeLayer, tileOf, BOZHOU } from './tiles.test-fixtures.ts';
import { tileBounds } from './tile-math.ts';
import { AGGREGATE_CELLS, MAX_FEATURES_PER_TILE } from './tiles.service.ts';
import { loginAs } from '../../../platform/identity/test-helpers.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;
let parcelsId = 0;
// Grids placed inside chosen tiles (z13 for the parcels, z15 for the dense layer).
const c = tileOf(106.905, 27.605, 13);
const [lon0, lat0] = tileBounds(c, 0);
const P0 = [lon0 + 0.005, lat0 + 0.005] as const;
const dTile = tileOf(106.955, 27.555, 15);
const [dw, ds] = tileBounds(dTile, 0);

async function getTile(layer: string, c: { z: number; x: number; y: number }, headers: Record<string, string> = {}, query = '') {
  const res = await t.inject({ method: 'GET', url: `/tiles/${layer}/${c.z}/${c.x}/${c.y}.mvt${query}`, headers });
  return { res, features: res.statusCode === 200 ? decodeTile(res.rawPayload, layer, c) : [] };
}

before(async () => {
  parcelsId = await makeLayer(db, 'tt_parcels', 'public');
  await makeGrid(db, parcelsId, { lon0: P0[0], lat0: P0[1], rows: 10, cols: 10, size: 0.001, gap: 0.0002, prefix: 'P', orgPath: BOZHOU, isPublic: true });
  const dense = await makeLayer(db, 'tt_dense', 'public');
  await makeGrid(db, dense, { lon0: dw + 0.0004, lat0: ds + 0.0004, rows: 71, cols: 71, size: 0.0001, gap: 0.00002, prefix: 'D', orgPath: BOZHOU, isPublic: true });
  await makeGrid(db, dense, { lon0: dw + 0.001, lat0: ds + 0.001, rows: 1, cols: 1, size: 0.002, prefix: 'BIG', orgPath: BOZHOU, isPublic: true });
});

describe('GET /tiles/{layer}/{z}/{x}/{y}.mvt', () => {
  it('encodes every feature meeting the tile with its attributes and its geometry in place', async () => {
    const [, , e, n] = tileBounds(c, 0);
    assert.ok(e > P0[0] + 0.012 && n > P0[1] + 0.012, 'the grid lies inside the tile');
    const { res, features } = await getTile('tt_parcels', c);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.mapbox-vector-tile');
    assert.equal(features.length, 100);
    const p = features.find((f) => f.properties.code === 'P-3-4');
    assert.ok(p, 'parcel P-3-4 is in the tile');
    assert.deepEqual(p.properties, { code: 'P-3-4', name: '宗地3-4', use: '0101', row: 3, col: 4 }, 'scalar attributes only');
    const dbRow = await db.selectFrom('map.features').select('id').where('code', '=', 'P-3-4').executeTakeFirstOrThrow();
    assert.equal(p.id, dbRow.id);
    assert.equal(p.geometry.type, 'Polygon');
    const ring = p.geometry.coordinates[0] as [number, number][];
    const lons = ring.map((q) => q[0]);
    const lats = ring.map((q) => q[1]);
    // One tile unit at z13 is 0.044°/4096 ≈ 1.1e-5°.
    const tol = 2e-5;
    assert.ok(Math.abs(Math.min(...lons) - (P0[0] + 4 * 0.0012)) < tol, `west edge ${Math.min(...lons)}`);
    assert.ok(Math.abs(Math.max(...lons) - (P0[0] + 4 * 0.0012 + 0.001)) < tol, `east edge ${Math.max(...lons)}`);
    assert.ok(Math.abs(Math.min(...lats) - (P0[1] + 3 * 0.0012)) < tol, `south edge ${Math.min(...lats)}`);
    assert.ok(Math.abs(Math.max(...lats) - (P0[1] + 3 * 0.0012 + 0.001)) < tol, `north edge ${Math.max(...lats)}`);
  });

  it('clips to the tile: a tile over part of the grid holds only the parcels meeting it', async () => {
    const z16 = tileOf(P0[0] + 0.0005, P0[1] + 0.0005, 16);
    const [w, s, e, n] = tileBounds(z16);
    const expected = await db.selectFrom('map.features').select(sql<number>`count(*)::int`.as('n'))
      .where('layerId', '=', parcelsId).where(sql<boolean>`bbox && box(point(${w}, ${s}), point(${e}, ${n}))`).executeTakeFirstOrThrow();
    const { features } = await getTile('tt_parcels', z16);
    assert.ok(expected.n > 0 && expected.n < 100, `some of the grid meets the z16 tile (${expected.n})`);
    assert.equal(features.length, expected.n);
  });

  it('answers an empty 200 for a tile with nothing on it', async () => {
    const { res } = await getTile('tt_parcels', tileOf(100, 30, 13));
    assert.equal(res.statusCode, 200);
    assert.equal(res.rawPayload.byteLength, 0);
  });

  it('serves the cached tile with the same ETag, 304 on If-None-Match, and a new tile after a feature edit', async () => {
    const a = await getTile('tt_parcels', c);
    const etag = a.res.headers.etag as string;
    assert.match(etag, /^"\d+\.\d+\.public\.\d+"$/);
    assert.equal(a.res.headers['cache-control'], 'public, no-cache');
    const b = await getTile('tt_parcels', c);
    assert.equal(b.res.headers.etag, etag);
    assert.deepEqual(b.res.rawPayload, a.res.rawPayload);
    const nm = await getTile('tt_parcels', c, { 'if-none-match': etag });
    assert.equal(nm.res.statusCode, 304);
    assert.equal(nm.res.rawPayload.byteLength, 0);

    // An edit, as the map API makes it: the feature changes and the layer version is bumped.
    await sql`update map.features set properties = properties || '{"use":"0601"}', version = version + 1 where code = 'P-3-4'`.execute(db);
    await sql`select map.touch_layer(${parcelsId}, 0, null)`.execute(db);

    const after = await getTile('tt_parcels', c, { 'if-none-match': etag });
    assert.equal(after.res.statusCode, 200, 'the old ETag no longer matches');
    assert.notEqual(after.res.headers.etag, etag);
    assert.equal(after.features.find((f) => f.properties.code === 'P-3-4')?.properties.use, '0601');
    assert.equal(after.res.headers['x-layer-version'], String(Number(a.res.headers['x-layer-version']) + 1));
  });

  it('lets a client cache a tile for a day when the URL names the current layer version', async () => {
    const v = await db.selectFrom('map.layers').select('version').where('id', '=', parcelsId).executeTakeFirstOrThrow();
    const cur = await getTile('tt_parcels', c, {}, `?v=${v.version}`);
    assert.equal(cur.res.headers['cache-control'], 'public, max-age=86400');
    const old = await getTile('tt_parcels', c, {}, `?v=${v.version - 1}`);
    assert.equal(old.res.headers['cache-control'], 'public, no-cache');
  });

  it(`never cuts a tile: one that would hold over ${MAX_FEATURES_PER_TILE} features holds the layer aggregated, every feature counted`, async () => {
    const [, , e, n] = tileBounds(dTile, 0);
    assert.ok(e > dw + 0.0004 + 71 * 0.00012 && n > ds + 0.0004 + 71 * 0.00012, 'the dense grid lies inside the tile');
    const { res, features } = await getTile('tt_dense', dTile);
    assert.equal(res.headers['x-tile-truncated'], undefined);
    assert.equal(res.headers['x-tile-aggregated'], '1');
    assert.ok(features.length > 0 && features.length <= AGGREGATE_CELLS ** 2);
    assert.ok(features.every((f) => f.properties.aggregated === 1));
    assert.equal(features.reduce((s, f) => s + (f.properties.count as number), 0), 71 * 71 + 1);
    // One zoom deeper each tile holds a quarter or so: features one by one again.
    const deeper = await getTile('tt_dense', tileOf(dw + 0.0001, ds + 0.0001, 17));
    assert.equal(deeper.res.headers['x-tile-aggregated'], undefined);
    assert.ok(deeper.features.length > 0 && deeper.features.every((f) => f.properties.aggregated === undefined));
  });

  it('serves a layer below its minimum zoom aggregated (the zoom-10 parcel tile is not empty), and one by one from it on', async () => {
    const { LAYER_ZOOM } = await import('./tiles.service.ts');
    const min = LAYER_ZOOM.parcels!.minZoom;
    const reviewer = await loginAs(t, 'reviewer');
    const all = Number((await sql<{ n: string }>`select count(*) as n from map.features f join map.layers l on l.id = f.layer_id where l.code = 'parcels'`.execute(db)).rows[0]!.n);
    for (const z of [10, min - 1]) {
      // The tile holding the demo county's centre.
      const c10 = tileOf(106.83, 27.54, z);
      const { res, features } = await getTile('parcels', c10, { cookie: reviewer });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['x-tile-aggregated'], '1', `zoom ${z}`);
      const counted = features.reduce((s, f) => s + (f.properties.count as number), 0);
      assert.ok(counted > 0 && counted <= all, `zoom ${z}: ${counted}`);
    }
    const inRange = await getTile('parcels', tileOf(106.83, 27.54, min), { cookie: reviewer });
    assert.equal(inRange.res.headers['x-tile-aggregated'], undefined);
    assert.ok(inRange.features.length > 100 && inRange.features.every((f) => typeof f.properties.code === 'string'));
  });

  it('leaves out features smaller than a pixel at low zoom', async () => {
    const z10 = tileOf(dw, ds, 10);
    const { res, features } = await getTile('tt_dense', z10);
    assert.equal(res.headers['x-tile-aggregated'], undefined);
    assert.deepEqual(features.map((f) => f.properties.code), ['BIG-0-0']);
  });

  it('refuses bad tile coordinates with a 400 naming the part, and an unknown layer with a 404', async () => {
    const cases: [string, string][] = [
      ['/tiles/tt_parcels/23/0/0.mvt', 'z'],
      ['/tiles/tt_parcels/a/0/0.mvt', 'z'],
      ['/tiles/tt_parcels/2/4/0.mvt', 'x'],
      ['/tiles/tt_parcels/2/-1/0.mvt', 'x'],
      ['/tiles/tt_parcels/2/0/4.mvt', 'y'],
      ['/tiles/tt_parcels/2/0/0.png', 'y'],
    ];
    for (const [url, field] of cases) {
      const res = await t.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 400, url);
      const err = json(res).error;
      assert.equal(err.code, 'validation.failed', url);
      assert.equal(err.field, field, url);
    }
    const res = await t.inject({ method: 'GET', url: '/tiles/no_such_layer/1/0/0.mvt' });
    assert.equal(res.statusCode, 404);
    assert.equal(json(res).error.code, 'map.layer_not_found');
  });
});

describe('GET /api/map/config', () => {
  it('gives the tile template and no basemap when MAP_BASEMAP_URL is unset', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/map/config' });
    assert.equal(res.statusCode, 200);
    const body = json(res);
    assert.deepEqual({ ...body, layerZoom: undefined }, { tileUrl: '/tiles/{layer}/{z}/{x}/{y}.mvt', maxZoom: 22, basemap: null, layerZoom: undefined });
    // Every built-in layer has a zoom range; parcels start where a tile holds a few thousand.
    assert.deepEqual(body.layerZoom.parcels, { minZoom: 13, maxZoom: 22 });
    for (const code of ['divisions', 'plan_zones', 'landuse', 'parcels', 'basic_farmland', 'eco_redline', 'mining_rights', 'hazard_sites', 'approved_land', 'supplied_land']) {
      assert.ok(body.layerZoom[code] && body.layerZoom[code].minZoom <= body.layerZoom[code].maxZoom, code);
    }
  });
});
