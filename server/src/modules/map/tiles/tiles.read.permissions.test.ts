/**
 * Who may read which tiles: public layers anyone; a scoped layer a staff post with
 * map.layer.read, holding only the features of its scope (RLS), with its own cache entry.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { json, startTestApp, type TestApp } from '../../../../test/harness.ts';
import { loginAdmin, loginAs } from '../../../platform/identity/test-helpers.ts';
import { decodeTile, makeGrid, makeLayer, tileOf, BOZHOU, HUICHUAN } from './tiles.test-fixtures.ts';
import { tileBounds } from './tile-math.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;
const c = tileOf(106.905, 27.605, 13);
const [w, s] = tileBounds(c, 0);

async function tile(layer: string, cookie: string | null) {
  const res = await t.inject({ method: 'GET', url: `/tiles/${layer}/${c.z}/${c.x}/${c.y}.mvt`, headers: cookie ? { cookie } : {} });
  return { res, codes: res.statusCode === 200 ? decodeTile(res.rawPayload, layer, c).map((f) => String(f.properties.code)).sort() : [] };
}

let bozhou: string;
let huichuan: string;

before(async () => {
  const pub = await makeLayer(db, 'tp_public', 'public');
  await makeGrid(db, pub, { lon0: w + 0.002, lat0: s + 0.002, rows: 2, cols: 2, size: 0.001, prefix: 'PUB', orgPath: BOZHOU, isPublic: true });
  // One scoped layer owned by the city, with features of two counties side by side.
  const scoped = await makeLayer(db, 'tp_scoped', 'scoped', 'cn.p52.c5203');
  await makeGrid(db, scoped, { lon0: w + 0.002, lat0: s + 0.002, rows: 1, cols: 3, size: 0.001, prefix: 'BZ', orgPath: BOZHOU, isPublic: false });
  await makeGrid(db, scoped, { lon0: w + 0.002, lat0: s + 0.006, rows: 1, cols: 2, size: 0.001, prefix: 'HC', orgPath: HUICHUAN, isPublic: false });
  bozhou = await loginAs(t, 'window');
  huichuan = await loginAs(t, 'hc_window');
});

describe('tiles: who reads which layer', () => {
  it('anonymous visitors get public layers', async () => {
    const { res, codes } = await tile('tp_public', null);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(codes, ['PUB-0-0', 'PUB-0-1', 'PUB-1-0', 'PUB-1-1']);
    assert.match(String(res.headers['cache-control']), /^public,/);
    assert.equal(res.headers.vary, undefined, 'the same tile for everyone');
  });

  it('anonymous visitors are refused a scoped layer with 401', async () => {
    const { res } = await tile('tp_scoped', null);
    assert.equal(res.statusCode, 401);
    assert.equal(json(res).error.code, 'auth.unauthenticated');
  });

  it('staff without map.layer.read (the system administrator) are refused a scoped layer with 403', async () => {
    const cookie = await loginAdmin(t, 'sysadmin');
    const { res } = await tile('tp_scoped', cookie);
    assert.equal(res.statusCode, 403);
    assert.equal(json(res).error.code, 'access.forbidden');
    assert.equal(json(res).error.permission, 'map.layer.read');
    // …but see the public layer like anyone.
    assert.equal((await tile('tp_public', cookie)).res.statusCode, 200);
  });

  it('a county clerk sees only the features of the county, the other county only its own', async () => {
    const a = await tile('tp_scoped', bozhou);
    assert.equal(a.res.statusCode, 200);
    assert.deepEqual(a.codes, ['BZ-0-0', 'BZ-0-1', 'BZ-0-2']);
    assert.match(String(a.res.headers['cache-control']), /^private,/);
    assert.equal(a.res.headers.vary, 'Cookie');
    const b = await tile('tp_scoped', huichuan);
    assert.equal(b.res.statusCode, 200);
    assert.deepEqual(b.codes, ['HC-0-0', 'HC-0-1'], 'not served from the 播州区 clerk\'s cached tile');
    assert.notEqual(a.res.headers.etag, b.res.headers.etag);
    // The 汇川区 clerk's ETag does not revalidate the 播州区 tile.
    const again = await t.inject({ method: 'GET', url: `/tiles/tp_scoped/${c.z}/${c.x}/${c.y}.mvt`, headers: { cookie: bozhou, 'if-none-match': String(b.res.headers.etag) } });
    assert.equal(again.statusCode, 200);
  });
});
