/**
 * OGC API – Features as GIS clients use it (issue 11): links a client may append a path to,
 * unknown parameters refused, queryables (Part 3), CQL2 text and JSON filters translated to SQL,
 * an exact numberMatched, and the CGCS2000 3° Gauss-Krüger CRSs in crs / bbox-crs / filter-crs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../platform/identity/test-helpers.ts';
import { fromCgcs2000, geometryEngine } from '../../platform/geo/index.ts';
import { bboxPolygon } from './geometry.ts';

const t: TestApp = await startTestApp();
const reviewer = await loginAs(t, 'reviewer');
const owner = t.testDb.owner;

async function get(url: string, cookie: string | null = reviewer) {
  const res = await t.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), crs: res.headers['content-crs'], body: JSON.parse(res.body) };
}
const path = (href: string) => { const u = new URL(href); return u.pathname + u.search; };
const enc = encodeURIComponent;
const ids = (r: { body: { features: { id: number }[] } }) => r.body.features.map((f) => f.id).sort((a, b) => a - b);

/** Every plan zone, straight from the database, for expected answers. */
const zones = (await owner.selectFrom('map.features as f').innerJoin('map.layers as l', 'l.id', 'f.layerId')
  .select(['f.id', 'f.properties', 'f.geom']).where('l.code', '=', 'plan_zones').orderBy('f.id').execute())
  .map((r) => ({ id: r.id, zone: (r.properties as Record<string, string>).gzqlx!, geom: r.geom }));
const zoneIds = (pred: (z: (typeof zones)[number]) => boolean) => zones.filter(pred).map((z) => z.id);

describe('links and parameters', () => {
  it('the items link has no query string, so a client can append /{featureId} to it (GDAL does)', async () => {
    const c = await get('/ogc/collections/plan_zones', null);
    const items = c.body.links.filter((l: any) => l.rel === 'items');
    assert.ok(items.length >= 1);
    for (const l of items) assert.equal(new URL(l.href).search, '', l.href);
    const one = await get(`${path(items[0].href)}/${zones[0]!.id}`, null);
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.equal(one.body.id, zones[0]!.id);
  });

  it('an unknown query parameter is a 400 naming it; a queryable as a parameter filters by equality', async () => {
    const bad = await get('/ogc/collections/plan_zones/items?gzqlxx=%E7%A6%81%E6%AD%A2%E5%BB%BA%E8%AE%BE%E5%8C%BA');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation.failed');
    assert.equal(bad.body.error.details?.field ?? bad.body.error.field, 'gzqlxx', JSON.stringify(bad.body));
    const r = await get(`/ogc/collections/plan_zones/items?gzqlx=${enc('禁止建设区')}&limit=100`);
    assert.equal(r.status, 200);
    assert.deepEqual(ids(r), zoneIds((z) => z.zone === '禁止建设区'));
    assert.ok(ids(r).length > 0 && ids(r).length < zones.length);
    assert.equal((await get(`/ogc/collections/plan_zones/items/${zones[0]!.id}?foo=1`)).status, 400);
  });
});

describe('queryables and filters (Part 3, CQL2)', () => {
  it('/queryables is a JSON Schema of the attributes and the geometry', async () => {
    const res = await t.inject({ method: 'GET', url: '/ogc/collections/parcels/queryables', headers: { cookie: reviewer } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/schema\+json/);
    const s = JSON.parse(res.body);
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(s.type, 'object');
    assert.equal(s.properties.geometry['x-ogc-role'], 'primary-geometry');
    assert.equal(s.properties.code.type, 'string');
    assert.equal(s.properties.areaM2.type, 'number');
    assert.equal(s.properties.dlbm.type, 'string');
    const c = await get('/ogc/collections/parcels');
    assert.ok(c.body.links.some((l: any) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/queryables'));
  });

  it('CQL2 text: comparison, AND / OR / NOT, IN, LIKE, IS NULL', async () => {
    const q = async (f: string) => {
      const r = await get(`/ogc/collections/plan_zones/items?limit=1000&filter=${enc(f)}`);
      assert.equal(r.status, 200, `${f}: ${JSON.stringify(r.body)}`);
      return ids(r);
    };
    assert.deepEqual(await q("gzqlx = '允许建设区'"), zoneIds((z) => z.zone === '允许建设区'));
    assert.deepEqual(await q("gzqlx = '允许建设区' OR gzqlx='禁止建设区'"), zoneIds((z) => z.zone === '允许建设区' || z.zone === '禁止建设区'));
    assert.deepEqual(await q("NOT (gzqlx <> '限制建设区')"), zoneIds((z) => z.zone === '限制建设区'));
    assert.deepEqual(await q("gzqlx IN ('有条件建设区', '限制建设区') AND NOT gzqlx LIKE '%限制%'"), zoneIds((z) => z.zone === '有条件建设区'));
    assert.deepEqual(await q('gzqlx IS NULL'), []);
    assert.deepEqual(await q('TRUE AND NOT FALSE'), zones.map((z) => z.id));
  });

  it('numbers compare as numbers; numberMatched is exact on the first page and absent with bbox', async () => {
    const all = await get('/ogc/collections/parcels/items?limit=5000');
    const areas = all.body.features.map((f: any) => f.properties.areaM2 as number).sort((a: number, b: number) => a - b);
    const median = areas[Math.floor(areas.length / 2)];
    const r = await get(`/ogc/collections/parcels/items?limit=10&filter=${enc(`areaM2 >= ${median} AND dlbm <> '0000'`)}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.numberMatched, areas.filter((a: number) => a >= median).length);
    assert.equal(r.body.numberReturned, 10);
    assert.equal(all.body.numberMatched, all.body.features.length);
    const next = await get(path(r.body.links.find((l: any) => l.rel === 'next').href));
    assert.equal(next.body.numberMatched, undefined, 'counted on the first page only');
    assert.match(path(r.body.links.find((l: any) => l.rel === 'next').href), /filter=/);
    const boxed = await get('/ogc/collections/parcels/items?bbox=106.82,27.53,106.83,27.54');
    assert.equal(boxed.body.numberMatched, undefined);
  });

  it('S_INTERSECTS with a WKT polygon, in text and in CQL2 JSON, gives exactly the zones it meets', async () => {
    const tri = [[106.818, 27.534], [106.842, 27.5345], [106.8415, 27.5555], [106.818, 27.534]];
    const poly = { type: 'Polygon' as const, coordinates: [tri] };
    const engine = geometryEngine();
    const expected = zoneIds((z) => engine.intersects(poly, z.geom as never));
    assert.ok(expected.length > 1 && expected.length < zones.length);
    const wkt = `POLYGON((${tri.map((p) => p.join(' ')).join(', ')}))`;
    const text = await get(`/ogc/collections/plan_zones/items?limit=1000&filter=${enc(`S_INTERSECTS(geometry, ${wkt})`)}`);
    assert.equal(text.status, 200, JSON.stringify(text.body));
    assert.deepEqual(ids(text), expected);
    assert.equal(text.body.numberMatched, expected.length);
    const json = { op: 'and', args: [{ op: 's_intersects', args: [{ property: 'geometry' }, poly] }, { op: 'not', args: [{ op: '=', args: [{ property: 'gzqlx' }, '允许建设区'] }] }] };
    const j = await get(`/ogc/collections/plan_zones/items?limit=1000&filter-lang=cql2-json&filter=${enc(JSON.stringify(json))}`);
    assert.equal(j.status, 200, JSON.stringify(j.body));
    assert.deepEqual(ids(j), zoneIds((z) => expected.includes(z.id) && z.zone !== '允许建设区'));
    // The same polygon in EPSG:4490 (latitude first) through filter-crs.
    const latFirst = `POLYGON((${tri.map((p) => `${p[1]} ${p[0]}`).join(', ')}))`;
    const crs = await get(`/ogc/collections/plan_zones/items?limit=1000&filter-crs=${enc('http://www.opengis.net/def/crs/EPSG/0/4490')}&filter=${enc(`S_INTERSECTS(geometry, ${latFirst})`)}`);
    assert.deepEqual(ids(crs), expected);
  });

  it('bad filters are 400s naming the problem, and names outside the queryables never reach SQL', async () => {
    for (const f of ["gzqlx = '允许建设区' AND", "nosuch = 1", "\"gzqlx; drop table map.features; --\" = 'x'", "gzqlx = 5", "areaM2 > 'big'", "S_INTERSECTS(geometry, CIRCLE(1 2))", "gzqlx = 'unterminated"]) {
      const r = await get(`/ogc/collections/plan_zones/items?filter=${enc(f)}`);
      assert.equal(r.status, 400, `${f}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'validation.failed');
      assert.match(r.body.error.message, /^filter/);
    }
    const quote = await get(`/ogc/collections/plan_zones/items?filter=${enc("gzqlx = 'x'' OR ''1''=''1'")}`);
    assert.equal(quote.status, 200);
    assert.equal(quote.body.numberReturned, 0, 'a quote inside a value stays in the value');
    const badJson = await get(`/ogc/collections/plan_zones/items?filter-lang=cql2-json&filter=${enc('{"op":"=","args":[{"property":"gzqlx"}]}')}`);
    assert.equal(badJson.status, 400);
    assert.equal((await get(`/ogc/collections/plan_zones/items?filter-lang=cql2-json&filter=not-json`)).status, 400);
    assert.equal((await get(`/ogc/collections/plan_zones/items?filter-lang=cql3`)).status, 400);
    assert.equal(await owner.selectFrom('map.features').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n) > 0), true);
  });
});

describe('CGCS2000 Gauss-Krüger CRSs', () => {
  const GK36 = 'http://www.opengis.net/def/crs/EPSG/0/4524'; // 3° zone 36 (CM 108°E), the demo county's zone
  const CM108 = 'http://www.opengis.net/def/crs/EPSG/0/4545'; // the same, easting without the zone prefix

  it('are offered, and crs= reprojects the output to northing, easting', async () => {
    const c = await get('/ogc/collections/parcels');
    assert.ok(c.body.crs.includes(GK36) && c.body.crs.includes(CM108));
    assert.ok(c.body.crs.includes('http://www.opengis.net/def/crs/EPSG/0/4513') && c.body.crs.includes('http://www.opengis.net/def/crs/EPSG/0/4554'));
    const ll = await get('/ogc/collections/parcels/items?limit=3');
    const gk = await get(`/ogc/collections/parcels/items?limit=3&crs=${enc(GK36)}`);
    assert.equal(gk.status, 200);
    assert.equal(gk.crs, `<${GK36}>`);
    const p = ll.body.features[0].geometry.coordinates[0][0];
    const [e, n] = fromCgcs2000(4524, p);
    const q = gk.body.features[0].geometry.coordinates[0][0];
    assert.ok(Math.abs(q[0] - n!) < 1e-6 && Math.abs(q[1] - e!) < 1e-6, `${q} vs ${[n, e]}`);
    assert.ok(q[1] > 36_000_000 && q[1] < 37_000_000 && q[0] > 3_000_000 && q[0] < 3_100_000, String(q));
    const cm = await get(`/ogc/collections/parcels/items?limit=3&crs=${enc(CM108)}`);
    assert.ok(Math.abs(cm.body.features[0].geometry.coordinates[0][0][1] - (e! - 36_000_000)) < 1e-6);
    const one = await get(`/ogc/collections/parcels/items/${ll.body.features[0].id}?crs=${enc(GK36)}`);
    assert.deepEqual(one.body.geometry.coordinates[0][0], q);
  });

  it('bbox-crs reads a Gauss-Krüger box (northing, easting) and finds what the lon/lat box finds', async () => {
    const box: [number, number, number, number] = [106.82, 27.53, 106.83, 27.54];
    const corners = [[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]].map((c) => fromCgcs2000(4524, c));
    const es = corners.map((c) => c[0]!), ns = corners.map((c) => c[1]!);
    const gkBox = [Math.min(...ns), Math.min(...es), Math.max(...ns), Math.max(...es)];
    const r = await get(`/ogc/collections/parcels/items?limit=5000&bbox=${gkBox.join(',')}&bbox-crs=${enc(GK36)}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const ll = await get(`/ogc/collections/parcels/items?limit=5000&bbox=${box.join(',')}`);
    const inLonLat = new Set(ids(ll));
    // The projected box contains the lon/lat box's corners, so it finds every parcel the lon/lat box finds.
    assert.ok(ids(r).length >= inLonLat.size && [...inLonLat].every((id) => ids(r).includes(id)));
    assert.ok(r.body.features.every((f: any) => geometryEngine().intersects(bboxPolygon([106.81, 27.52, 106.84, 27.55]), f.geometry)));
    const unknown = await get(`/ogc/collections/parcels/items?crs=${enc('http://www.opengis.net/def/crs/EPSG/0/2383')}`);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'map.crs_unsupported');
  });
});
