/**
 * Public map layers cross intranet → internet (kind map.public_layer): a public layer's features
 * arrive and the internet side serves them (layer features, OGC items, tiles); applying again changes
 * nothing; a scoped layer (宗地 parcels) never travels, even when it changed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import crypto from 'node:crypto';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { open } from './package.ts';
import { decodeTile, tileOf } from '../../modules/map/tiles/tiles.test-fixtures.ts';

const inet: TestApp = await startTestApp({ SITE_ROLE: 'internet', EXCHANGE_SITE: 'ml-internet' });
const intra: TestApp = await startTestApp({ SITE_ROLE: 'intranet', EXCHANGE_SITE: 'ml-intranet' });
await inet.exchange.addPeer(null, await intra.exchange.card());
await intra.exchange.addPeer(null, await inet.exchange.card());
// The internet side starts with no feature of any layer (the demo seeds both alike): public ones cross.
await sql`delete from map.features`.execute(inet.testDb.owner);

const LAYER = 'approved_land';
const count = async (app: TestApp, code: string) => Number((await sql<{ n: string }>`select count(*) as n from map.features f join map.layers l on l.id = f.layer_id where l.code = ${code}`.execute(app.testDb.owner)).rows[0]!.n);

describe('public map layers cross to the internet side', () => {
  it('carries a public layer, served on the internet side; applying again changes nothing; parcels never travel', async () => {
    const want = await count(intra, LAYER);
    assert.ok(want > 0, 'the demo has approved land');
    assert.ok(await count(intra, 'parcels') > 0, 'the demo has parcels');
    // Parcels changed on the intranet since the last package: still not carried.
    await sql`update map.layers set version = version + 1 where code = 'parcels'`.execute(intra.testDb.owner);
    const before = (await inet.testDb.owner.selectFrom('map.layers').select('version').where('code', '=', LAYER).executeTakeFirstOrThrow()).version;

    const p = await intra.exchange.exportPackage(null, inet.exchange.site);
    const res = await inet.exchange.importPackage(null, p.bytes);
    const layers = res.results.filter((r) => r.kind === 'map.public_layer');
    assert.ok(layers.some((r) => r.id === LAYER && r.status === 'applied'), JSON.stringify(layers));
    const publicCodes = (await intra.testDb.owner.selectFrom('map.layers').select('code').where('visibility', '=', 'public').execute()).map((r) => r.code);
    for (const r of layers) assert.ok(publicCodes.includes(r.id), `${r.id} is public`);
    assert.ok(!layers.some((r) => r.id === 'parcels'), 'parcels never cross');

    // A decrypted package (to a reader peer) holds no scoped layer's data: no parcel code, no right holder.
    const peer = crypto.generateKeyPairSync('x25519');
    const sign = crypto.generateKeyPairSync('ed25519');
    await intra.exchange.addPeer(null, {
      site: 'ml-reader', role: 'internet', signPublicKey: sign.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      encryptPublicKey: peer.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const card = await intra.exchange.card();
    const read = open((await intra.exchange.exportPackage(null, 'ml-reader')).bytes, { site: 'ml-reader', encryptKey: peer.privateKey }, () => crypto.createPublicKey(card.signPublicKey));
    const recs = read.body.records.filter((r) => r.kind === 'map.public_layer');
    assert.ok(recs.some((r) => r.id === LAYER));
    for (const r of recs) assert.deepEqual(Object.keys(r.data as object).sort(), ['code', 'featureCount', 'sha256', 'version']);
    const carried = [...read.files.values()].map((b) => b.toString('utf8')).join('') + JSON.stringify(read.body);
    assert.ok(carried.includes('"type":"Feature"'), 'the features file is carried');
    const secret = await sql<{ v: string }>`select f.properties->>'zddm' as v from map.features f join map.layers l on l.id = f.layer_id where l.code = 'parcels' union all select f.properties->>'qlr' from map.features f join map.layers l on l.id = f.layer_id where l.code = 'parcels'`.execute(intra.testDb.owner);
    assert.ok(secret.rows.length > 0);
    for (const { v } of secret.rows) if (v) assert.ok(!carried.includes(v), `parcel value ${v} is not in the package`);

    assert.equal(await count(inet, LAYER), want);
    assert.equal(await count(inet, 'parcels'), 0);
    const after = (await inet.testDb.owner.selectFrom('map.layers').select(['version', 'featureCount']).where('code', '=', LAYER).executeTakeFirstOrThrow());
    assert.ok(after.version > before, 'the layer version is bumped (tiles refresh)');
    assert.equal(after.featureCount, want);

    // Served to the public on the internet side: the layer's features and its OGC items, anonymously.
    const feats = await inet.inject({ method: 'GET', url: `/api/map/layers/${LAYER}/features?limit=5` });
    assert.equal(feats.statusCode, 200, feats.body);
    const items = await inet.inject({ method: 'GET', url: `/ogc/collections/${LAYER}/items?limit=5&f=json` });
    assert.equal(items.statusCode, 200, items.body);
    assert.ok(items.json().features.length > 0);
    // And its tiles: the tile holding the first feature's first vertex shows features.
    const first = JSON.stringify(items.json().features[0].geometry.coordinates).match(/\[(-?[\d.]+),(-?[\d.]+)\]/)!;
    const c = tileOf(Number(first[1]), Number(first[2]), 12);
    const tile = await inet.inject({ method: 'GET', url: `/tiles/${LAYER}/${c.z}/${c.x}/${c.y}.mvt` });
    assert.equal(tile.statusCode, 200, tile.body);
    assert.ok(decodeTile(tile.rawPayload, LAYER, c).length > 0, 'the tile shows the crossed features');
    // Edits stay on the intranet.
    const edit = await inet.inject({ method: 'POST', url: `/api/map/layers/${LAYER}/features`, payload: {} });
    assert.equal(edit.statusCode, 404);

    // Applying the same layer version again changes nothing.
    const kind = inet.exchange.kinds().find((k) => k.kind === 'map.public_layer')!;
    const rec = recs.find((r) => r.id === LAYER)!;
    const ids = async () => (await inet.testDb.owner.selectFrom('map.features').select('id').where('layerId', '=', (await inet.testDb.owner.selectFrom('map.layers').select('id').where('code', '=', LAYER).executeTakeFirstOrThrow()).id).orderBy('id').execute()).map((r) => r.id);
    const idsBefore = await ids();
    const again = await inet.testDb.owner.transaction().execute((trx) => kind.apply(trx as never, { id: rec.id, version: rec.version, data: rec.data }, read.files));
    assert.equal(again, 'unchanged');
    assert.deepEqual(await ids(), idsBefore);
    assert.equal((await inet.testDb.owner.selectFrom('map.layers').select('version').where('code', '=', LAYER).executeTakeFirstOrThrow()).version, after.version);
  });
});
