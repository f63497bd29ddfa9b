/**
 * Delivery on a slow link (issue 10): precompressed static files, a year of cache for hashed
 * assets, index.html revalidated, on-the-fly brotli/gzip for large JSON, GeoJSON and vector
 * tiles, and one log line per request (none for static files at the default level).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import Fastify from 'fastify';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { WEB_DIST } from '../../app.ts';
import { makeGrid, makeLayer, tileOf, BOZHOU } from '../../modules/map/tiles/tiles.test-fixtures.ts';
import { tileBounds } from '../../modules/map/tiles/tile-math.ts';
import { OneLineRequestLog } from './web-delivery.ts';

const t: TestApp = await startTestApp();
const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8'))?.[1];
const tile = tileOf(106.905, 27.605, 13);

before(async () => {
  const id = await makeLayer(t.testDb.owner, 'wd_parcels', 'public');
  const [w, s] = tileBounds(tile, 0);
  await makeGrid(t.testDb.owner, id, { lon0: w + 0.005, lat0: s + 0.005, rows: 20, cols: 20, size: 0.0008, gap: 0.0002, prefix: 'P', orgPath: BOZHOU, isPublic: true });
});

describe('the built web app', () => {
  it('sends the precompressed brotli or gzip twin of a hashed asset, cached for a year', async () => {
    assert.ok(entry, 'web/dist is built (npm test builds it)');
    const raw = fs.readFileSync(path.join(WEB_DIST, entry));
    const br = await t.inject({ method: 'GET', url: entry, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.ok(br.rawPayload.length < raw.length / 2, `${br.rawPayload.length} of ${raw.length}`);
    assert.deepEqual(zlib.brotliDecompressSync(br.rawPayload), raw);
    const gz = await t.inject({ method: 'GET', url: entry, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(zlib.gunzipSync(gz.rawPayload), raw);
    const plain = await t.inject({ method: 'GET', url: entry });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.rawPayload, raw);
  });

  it('revalidates index.html for client-side routes (`/` is the server-rendered home)', async () => {
    for (const url of ['/report', '/app/approvals', '/track'] /* /services is server-rendered now (portal) */) {
      const res = await t.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /text\/html/, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
    }
  });
});

describe('on-the-fly compression', () => {
  it('compresses a large JSON answer for a client that accepts it, and leaves small ones alone', async () => {
    const big = await t.inject({ method: 'GET', url: '/api/divisions?parent=520300', headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(big.statusCode, 200);
    assert.equal(big.headers['content-encoding'], 'br');
    const body = JSON.parse(zlib.brotliDecompressSync(big.rawPayload).toString());
    assert.ok(Array.isArray(body) && body.length > 5);
    const identity = await t.inject({ method: 'GET', url: '/api/divisions?parent=520300' });
    assert.equal(identity.headers['content-encoding'], undefined);
    assert.ok(big.rawPayload.length < identity.rawPayload.length);
    const small = await t.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(small.headers['content-encoding'], undefined);
  });

  it('compresses GeoJSON items and vector tiles', async () => {
    const items = await t.inject({ method: 'GET', url: '/ogc/collections/wd_parcels/items?limit=200', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(items.statusCode, 200, items.body);
    assert.match(String(items.headers['content-type']), /geo\+json/);
    assert.equal(items.headers['content-encoding'], 'gzip');
    assert.equal(JSON.parse(zlib.gunzipSync(items.rawPayload).toString()).type, 'FeatureCollection');
    const mvt = await t.inject({ method: 'GET', url: `/tiles/wd_parcels/${tile.z}/${tile.x}/${tile.y}.mvt`, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(mvt.statusCode, 200);
    assert.equal(mvt.headers['content-type'], 'application/vnd.mapbox-vector-tile');
    assert.equal(mvt.headers['content-encoding'], 'gzip');
    assert.ok(zlib.gunzipSync(mvt.rawPayload).length > mvt.rawPayload.length);
  });
});

describe('request log', () => {
  it('writes one line per API request and none for static files at the info level', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
    const app = Fastify({ logger: { level: 'info', stream }, logController: new OneLineRequestLog() });
    app.get('/api/ping', async () => ({ ok: true }));
    app.get('/assets/app.js', async (_req, reply) => reply.type('text/javascript').send('1'));
    await app.inject({ method: 'GET', url: '/api/ping' });
    await app.inject({ method: 'GET', url: '/assets/app.js' });
    await app.close();
    const requests = lines.filter((l) => typeof l.url === 'string' || typeof (l.req as { url?: string } | undefined)?.url === 'string');
    assert.equal(requests.length, 1, JSON.stringify(lines));
    assert.deepEqual({ method: requests[0]!.method, url: requests[0]!.url, statusCode: requests[0]!.statusCode }, { method: 'GET', url: '/api/ping', statusCode: 200 });
  });
});
