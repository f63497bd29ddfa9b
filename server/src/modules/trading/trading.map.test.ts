// Lots on the one map (出让地块): a lot appears on the public `trading_lots` layer when its
// announcement is published — in the OGC items and in the vector tile, the layer version (the
// tiles' cache key) bumped — its state follows bidding and the result, and a removal takes it off.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, declareNextCalendarYear, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { removeLayerFeature } from '../map/index.ts';
import { decodeTile, tileOf } from '../map/tiles/tiles.test-fixtures.ts';
import { landLot, applyAndPay, setTimes, bid } from './trading.test-helpers.ts';

const t: TestApp = await startTestApp();
const LON = 106.93, LAT = 27.58;
const square = { type: 'Polygon', coordinates: [[[LON, LAT], [LON + 0.002, LAT], [LON + 0.002, LAT + 0.002], [LON, LAT + 0.002], [LON, LAT]]] };
const coord = tileOf(LON + 0.001, LAT + 0.001, 14);
let reviewer = '', leader = '', company = '';
let lotNo = '';

async function layerVersion(): Promise<number> {
  const r = await call(t, null, 'GET', '/api/map/layers');
  return r.body.find((l: { code: string }) => l.code === 'trading_lots').version;
}
/** The lot's feature as the public (anonymous) OGC API – Features answers it. */
async function item() {
  const r = await call(t, null, 'GET', '/ogc/collections/trading_lots/items?limit=100');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.features.find((f: { properties: { dkbh?: string } }) => f.properties.dkbh === lotNo);
}
async function tile() {
  const res = await t.inject({ method: 'GET', url: `/tiles/trading_lots/${coord.z}/${coord.x}/${coord.y}.mvt` });
  assert.equal(res.statusCode, 200);
  return { etag: res.headers.etag, features: decodeTile(res.rawPayload, 'trading_lots', coord).filter((f) => f.properties.dkbh === lotNo) };
}

before(async () => {
  await declareNextCalendarYear(t.testDb.owner);
  [reviewer, leader, company] = await Promise.all(['reviewer', 'leader', '13885200002'].map((u) => loginAs(t, u)));
});

describe('lots on the map (出让地块 layer)', () => {
  it('a draft is not on the map; the published announcement is, in the OGC items and the tile, with the layer version bumped', async () => {
    const c = await call(t, reviewer, 'POST', '/api/trading/lots', landLot({ geometry: square }));
    assert.equal(c.status, 201, JSON.stringify(c.body));
    lotNo = c.body.lotNo;
    assert.equal(await item(), undefined, 'a draft is not public');
    const before = await tile();
    assert.equal(before.features.length, 0);
    const v0 = await layerVersion();
    const a = await call(t, leader, 'POST', `/api/trading/lots/${lotNo}/approve`);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(await layerVersion(), v0 + 1);
    const f = await item();
    assert.ok(f, 'the announced lot is a feature of the public layer');
    assert.deepEqual(f.geometry, square);
    assert.equal(f.properties.zt, '已公告');
    assert.equal(f.properties.crfs, '挂牌');
    assert.equal(f.properties.qsj, 1_000_000);
    const after = await tile();
    assert.notEqual(after.etag, before.etag, 'a new layer version, a new tile');
    assert.equal(after.features.length, 1);
    assert.equal(after.features[0]!.properties.zt, '已公告');
  });

  it('shows bidding, then the result at close, in the same transaction as the close', async () => {
    await applyAndPay(t, company, lotNo);
    await setTimes(t, lotNo, { listingEndIn: 3600_000 });
    assert.equal((await bid(t, company, lotNo, 1_000_000)).status, 201);
    assert.equal((await item()).properties.zt, '竞价中');
    // Listing ended ten minutes ago and nobody joined timed bidding: the listing's highest bid wins.
    await setTimes(t, lotNo, { listingEndIn: -10 * 60_000 });
    const v = await layerVersion();
    const lot = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(lot.body.status, 'closed');
    assert.equal(lot.body.result.outcome, 'sold');
    const f = await item();
    assert.equal(f.properties.zt, '已成交');
    assert.equal(f.properties.cjj, 1_000_000);
    assert.equal(await layerVersion(), v + 1);
    const { features } = await tile();
    assert.equal(features[0]!.properties.zt, '已成交');
    const closedAudit = await t.testDb.owner.selectFrom('map.feature_versions').select(['version', 'change']).where('code', '=', lotNo).orderBy('version').execute();
    assert.deepEqual(closedAudit.map((h) => h.change), ['create', 'update', 'update']);
  });

  it('removeLayerFeature takes the lot off the layer and bumps the version; an unknown key changes nothing', async () => {
    const v = await layerVersion();
    const gone = await t.testDb.owner.transaction().execute((trx) => removeLayerFeature(trx, { layerCode: 'trading_lots', key: lotNo }));
    assert.equal(gone?.change, 'delete');
    assert.equal(await item(), undefined);
    assert.equal((await tile()).features.length, 0);
    assert.equal(await layerVersion(), v + 1);
    const none = await t.testDb.owner.transaction().execute((trx) => removeLayerFeature(trx, { layerCode: 'trading_lots', key: lotNo }));
    assert.equal(none, null);
    assert.equal(await layerVersion(), v + 1);
  });
});
