/**
 * OGC API – Features at /ogc/: landing page, conformance, collections (anonymous vs session),
 * items with bbox, limit and next links, crs / bbox-crs (CRS84 and EPSG:4490), single items,
 * JSON and GeoJSON media types.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../platform/identity/test-helpers.ts';
import { geometryEngine } from '../../platform/geo/index.ts';
import { bboxPolygon } from './geometry.ts';
import { CRS84, EPSG4490 } from './ogc.routes.ts';

const t: TestApp = await startTestApp();
const reviewer = await loginAs(t, 'reviewer');
const hc = await loginAs(t, 'hc_window');

async function get(url: string, cookie: string | null = null, accept?: string) {
  const res = await t.inject({ method: 'GET', url, headers: { ...(cookie ? { cookie } : {}), ...(accept ? { accept } : {}) } });
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), crs: res.headers['content-crs'], body: JSON.parse(res.body) };
}
const rels = (links: any[]) => links.map((l) => l.rel);
const path = (href: string) => { const u = new URL(href); return u.pathname + u.search; };

describe('landing page and conformance', () => {
  it('links the API definition, conformance and collections', async () => {
    const r = await get('/ogc');
    assert.equal(r.status, 200);
    assert.match(r.type, /^application\/json/);
    for (const rel of ['self', 'service-desc', 'service-doc', 'conformance', 'data']) assert.ok(rels(r.body.links).includes(rel), rel);
    const conf = r.body.links.find((l: any) => l.rel === 'conformance');
    assert.equal(path(conf.href), '/ogc/conformance');
    assert.equal(r.body.links.find((l: any) => l.rel === 'service-desc').type, 'application/vnd.oai.openapi+json;version=3.0');
  });

  it('declares Part 1 core and GeoJSON, Part 2 crs and Part 3 filtering with CQL2', async () => {
    const r = await get('/ogc/conformance');
    for (const c of [
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
      'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
      'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
      'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
    ]) assert.ok(r.body.conformsTo.includes(c), c);
  });
});

describe('collections', () => {
  it('anonymous: public layers only; a session with map.layer.read: all; each with crs, storageCrs and items links', async () => {
    const anon = await get('/ogc/collections');
    assert.deepEqual(anon.body.collections.map((c: any) => c.id).sort(), ['approved_land', 'divisions', 'plan_zones', 'supplied_land', 'temporary_land', 'trading_lots']);
    assert.deepEqual(anon.body.crs.slice(0, 2), [CRS84, EPSG4490]);
    const staff = await get('/ogc/collections', reviewer);
    assert.equal(staff.body.collections.length, 13);
    const parcels = staff.body.collections.find((c: any) => c.id === 'parcels');
    assert.equal(parcels.storageCrs, EPSG4490);
    assert.deepEqual(parcels.crs.slice(0, 2), [CRS84, EPSG4490]);
    assert.ok(parcels.links.some((l: any) => l.rel === 'items' && l.type === 'application/geo+json'));
    const [a, b, c, d] = parcels.extent.spatial.bbox[0];
    assert.ok(a >= 106.80 && c <= 106.86 && b >= 27.52 && d <= 27.56, JSON.stringify(parcels.extent));
    const one = await get('/ogc/collections/plan_zones');
    assert.equal(one.body.id, 'plan_zones');
    const hidden = await get('/ogc/collections/parcels');
    assert.equal(hidden.status, 401);
  });
});

describe('items', () => {
  it('pages with limit and next links until every feature was returned once', async () => {
    let url: string | null = '/ogc/collections/plan_zones/items?limit=7';
    const ids: number[] = [];
    let pages = 0;
    while (url) {
      const r = await get(url);
      assert.equal(r.status, 200);
      assert.match(r.type, /^application\/geo\+json/);
      assert.equal(r.body.type, 'FeatureCollection');
      assert.equal(r.body.numberReturned, r.body.features.length);
      assert.ok(r.body.features.length <= 7);
      assert.ok(rels(r.body.links).includes('self'));
      ids.push(...r.body.features.map((f: any) => f.id));
      const next = r.body.links.find((l: any) => l.rel === 'next');
      url = next ? path(next.href) : null;
      if (next) assert.match(url!, /limit=7/);
      pages++;
    }
    assert.equal(ids.length, 20, 'the small demo grid has 5 × 4 plan-zone blocks');
    assert.equal(new Set(ids).size, 20);
    assert.equal(pages, 3);
  });

  it('bbox filters; bbox-crs EPSG:4490 reads latitude first and crs EPSG:4490 writes latitude first', async () => {
    const bbox = [106.82, 27.53, 106.83, 27.54];
    const lonFirst = await get(`/ogc/collections/parcels/items?bbox=${bbox.join(',')}&limit=1000`, reviewer);
    assert.equal(lonFirst.status, 200);
    assert.equal(lonFirst.crs, `<${CRS84}>`);
    const box = bboxPolygon(bbox as [number, number, number, number]);
    assert.ok(lonFirst.body.features.length > 100);
    assert.ok(lonFirst.body.features.every((f: any) => geometryEngine().intersects(box, f.geometry)));
    const latFirst = await get(`/ogc/collections/parcels/items?bbox=27.53,106.82,27.54,106.83&bbox-crs=${encodeURIComponent(EPSG4490)}&crs=${encodeURIComponent(EPSG4490)}&limit=1000`, reviewer);
    assert.equal(latFirst.crs, `<${EPSG4490}>`);
    assert.deepEqual(latFirst.body.features.map((f: any) => f.id), lonFirst.body.features.map((f: any) => f.id));
    const p = latFirst.body.features[0].geometry.coordinates[0][0];
    const q = lonFirst.body.features[0].geometry.coordinates[0][0];
    assert.deepEqual(p, [q[1], q[0]]);
    assert.ok(p[0] > 27 && p[0] < 28 && p[1] > 106 && p[1] < 107);
    const bad = await get(`/ogc/collections/parcels/items?crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/3857')}`, reviewer);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'map.crs_unsupported');
  });

  it('JSON and GeoJSON media types by f= or Accept; a single item with self and collection links', async () => {
    const asJson = await get('/ogc/collections/plan_zones/items?limit=2&f=json');
    assert.match(asJson.type, /^application\/json/);
    const byAccept = await get('/ogc/collections/plan_zones/items?limit=2', null, 'application/json');
    assert.match(byAccept.type, /^application\/json/);
    const alt = asJson.body.links.find((l: any) => l.rel === 'alternate');
    assert.equal(alt.type, 'application/geo+json');
    const id = asJson.body.features[0].id;
    const one = await get(`/ogc/collections/plan_zones/items/${id}`);
    assert.equal(one.status, 200);
    assert.match(one.type, /^application\/geo\+json/);
    assert.equal(one.body.id, id);
    assert.ok(['允许建设区', '有条件建设区', '限制建设区', '禁止建设区'].includes(one.body.properties.gzqlx));
    assert.deepEqual(rels(one.body.links), ['self', 'alternate', 'collection']);
    const big = await get('/ogc/collections/plan_zones/items?limit=1000000');
    assert.equal(big.status, 200, 'a limit above the maximum is clamped, not refused');
    assert.equal(big.body.numberReturned, 20);
    const missing = await get('/ogc/collections/plan_zones/items/999999999');
    assert.equal(missing.status, 404);
  });

  it('scoped layers: anonymous 401; a 汇川区 session sees no 播州区 parcel; public layers the same for everyone', async () => {
    assert.equal((await get('/ogc/collections/parcels/items')).status, 401);
    const other = await get('/ogc/collections/parcels/items?limit=100', hc);
    assert.equal(other.status, 200);
    assert.equal(other.body.numberReturned, 0);
    assert.equal(other.body.links.find((l: any) => l.rel === 'next'), undefined);
    const zonesHc = await get('/ogc/collections/plan_zones/items?limit=100', hc);
    const zonesAnon = await get('/ogc/collections/plan_zones/items?limit=100');
    assert.equal(zonesHc.body.numberReturned, 20);
    assert.deepEqual(zonesHc.body.features.map((f: any) => f.id), zonesAnon.body.features.map((f: any) => f.id));
  });
});
