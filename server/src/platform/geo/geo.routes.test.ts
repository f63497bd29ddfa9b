import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { unzipSync, zipSync } from 'fflate';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import { REDLINE_ZONE35, gkSquareRing, sampleFeatures } from './geo.fixtures.ts';

const t: TestApp = await startTestApp();

// Anonymous conversions are limited to 10 a minute per address: each call plays another client.
let client = 0;
async function convert(query: string, body: Buffer | string, contentType = 'application/octet-stream') {
  return t.inject({ method: 'POST', url: `/api/geo/convert?${query}`, headers: { 'content-type': contentType, 'x-forwarded-for': `198.51.100.${++client % 250}` }, payload: body });
}

describe('POST /api/geo/convert', () => {
  it('turns a GBK red-line file into a GeoJSON FeatureCollection in EPSG:4490 with ellipsoidal areaM2', async () => {
    const res = await convert('from=redline-txt&to=geojson', iconv.encode(REDLINE_ZONE35, 'gbk'), 'text/plain');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /^application\/geo\+json/);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="parcels.geojson"');
    assert.equal(res.headers['x-geo-source-crs'], 'EPSG:4523');
    const fc = json(res);
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.features[0].properties.name, '一号地块');
    assert.equal(fc.features[0].properties.areaM2, 960_000);
    const [lon, lat] = fc.features[0].geometry.coordinates[0][0];
    assert.ok(lon > 104.99 && lon < 105.01 && lat > 26.99 && lat < 27.01);
  });

  it('writes a red-line file and a Shapefile from GeoJSON sent as application/json', async () => {
    const geojson = JSON.stringify({ type: 'FeatureCollection', features: sampleFeatures() });
    const txt = await convert('from=geojson&to=redline-txt', geojson, 'application/json');
    assert.equal(txt.statusCode, 200, txt.body);
    assert.equal(txt.headers['content-type'], 'text/plain; charset=utf-8');
    assert.match(txt.body, /^\[属性描述\]\r\n格式版本号=1\.00版本\r\n/);
    assert.match(txt.body, /\r\n带号=35\r\n/);
    assert.match(txt.body, /\r\n10,96\.0000,DK-001,一号地块,面,,工业用地,0601,@\r\n/);
    const shp = await convert('from=geojson&to=shapefile&encoding=gbk&outCrs=EPSG:4544', geojson, 'application/geo+json');
    assert.equal(shp.statusCode, 200, shp.body);
    assert.equal(shp.headers['content-type'], 'application/zip');
    const files = unzipSync(shp.rawPayload);
    assert.equal(Buffer.from(files['parcels.cpg']!).toString(), 'GBK');
    const back = await convert('from=shapefile&to=geojson', shp.rawPayload, 'application/zip');
    assert.equal(json(back).features[1].properties.name, '二号地块');
  });

  it('reports a stated area off the computed one in the X-Geo-Warnings header and the GeoJSON', async () => {
    const res = await convert('from=redline-txt&to=geojson', REDLINE_ZONE35.replace('10,96.0000,', '10,97.0000,'), 'text/plain');
    assert.equal(res.statusCode, 200);
    const warnings = JSON.parse(decodeURIComponent(res.headers['x-geo-warnings'] as string));
    assert.equal(warnings[0].code, 'area_mismatch');
    assert.equal(json(res).warnings[0].line, 13);
  });

  it('answers bad input with a 4xx that names the line or field, never a 500', async () => {
    const zip = (await convert('from=geojson&to=shapefile', JSON.stringify(sampleFeatures()[0]), 'application/json')).rawPayload;
    const noPrj = unzipSync(zip);
    delete noPrj['parcels.prj'];
    const bowtie = JSON.stringify({ type: 'Polygon', coordinates: [[[105, 27], [105.01, 27.01], [105.01, 27], [105, 27.01], [105, 27]]] });
    const cases: [string, Buffer | string, number, string, RegExp][] = [
      ['from=shapefile&to=geojson', zip.subarray(0, 60), 400, 'geo.file_invalid', /zip archive is corrupted/],
      ['from=shapefile&to=geojson', Buffer.from(zipSync(noPrj)), 400, 'geo.crs_required', /parcels\.prj: missing.*pass crs/],
      ['from=geojson&to=kml', bowtie, 422, 'geo.geometry_invalid', /intersects itself at \(105\.0050000, 27\.0050000\)/],
      ['from=redline-txt&to=geojson', REDLINE_ZONE35.replace('J3,1,2987500.000,35500500.000', 'J3,1,35500500.000,2987500.000'), 422, 'geo.axis_order', /^line 16: .*swapped/],
      ['from=redline-txt&to=geojson', REDLINE_ZONE35.replace('J2,1,2988500.000,35500500.000', 'J2,1,2988500.000,35900500.000'), 422, 'geo.wrong_zone', /^line 15: .*wrong zone/],
      ['from=geojson&to=geojson', '{"type": "Polygon", "coordinates": [[[35500000, 2988000]', 400, 'geo.file_invalid', /not valid JSON/],
      ['from=geojson&to=geojson', JSON.stringify({ type: 'Polygon', coordinates: [[[35_499_500, 2_987_500], [35_500_500, 2_987_500], [35_500_500, 2_988_500], [35_499_500, 2_987_500]]] }), 422, 'geo.coordinates_implausible', /looks like CGCS2000 \/ 3-degree Gauss-Kruger zone 35: pass crs=EPSG:4523/],
      ['from=gml&to=geojson', '{}', 400, 'validation.failed', /^from:/],
      ['from=geojson&to=geojson&colour=red', '{}', 400, 'validation.failed', /colour/],
      ['from=kml&to=geojson', '', 400, 'geo.file_invalid', /the file is empty/],
    ];
    for (const [q, body, status, code, message] of cases) {
      const res = await convert(q, body);
      assert.equal(res.statusCode, status, `${q}: ${res.body}`);
      assert.equal(json(res).error.code, code, res.body);
      assert.match(json(res).error.message, message);
    }
  });

  it('refuses a zip of two Shapefiles naming them (field layer) and converts the one layer= names; warns of a mislabelled encoding', async () => {
    const a = unzipSync(Buffer.from((await convert('from=geojson&to=shapefile&encoding=gbk', JSON.stringify(sampleFeatures()[0]), 'application/json')).rawPayload));
    a['parcels.cpg'] = new TextEncoder().encode('UTF-8'); // GBK bytes under a .cpg saying UTF-8
    const b = unzipSync(Buffer.from((await convert('from=geojson&to=shapefile', JSON.stringify(sampleFeatures()[1]), 'application/json')).rawPayload));
    const both = Buffer.from(zipSync({ ...a, ...Object.fromEntries(Object.entries(b).map(([k, v]) => [k.replace('parcels', 'roads'), v])) }));
    const refused = await convert('from=shapefile&to=geojson', both, 'application/zip');
    assert.equal(refused.statusCode, 400, refused.body);
    assert.deepEqual([json(refused).error.code, json(refused).error.field], ['geo.layer_required', 'layer']);
    assert.match(json(refused).error.message, /^layer: the zip holds 2 Shapefiles \("parcels", "roads"\)/);
    const one = await convert('from=shapefile&to=geojson&layer=parcels', both, 'application/zip');
    assert.equal(one.statusCode, 200, one.body);
    assert.deepEqual(json(one).features.map((f: { properties: { name: string } }) => f.properties.name), ['一号地块']);
    assert.equal(json(one).warnings[0].code, 'encoding_fallback');
    assert.equal(JSON.parse(decodeURIComponent(one.headers['x-geo-warnings'] as string))[0].code, 'encoding_fallback');
  });

  it('reports Shapefile field names cut to 10 bytes in X-Geo-Warnings', async () => {
    const fc = { type: 'FeatureCollection', features: [{ ...sampleFeatures()[0], properties: { 地块名称: '一号地块' } }] };
    const res = await convert('from=geojson&to=shapefile', JSON.stringify(fc), 'application/json');
    assert.equal(res.statusCode, 200, res.body);
    const warnings = JSON.parse(decodeURIComponent(res.headers['x-geo-warnings'] as string));
    assert.deepEqual(warnings.map((w: { code: string }) => w.code), ['field_renamed']);
    assert.match(warnings[0].message, /"地块名称" is written as "地块名"/);
  });

  it('converts a KMZ sent as from=kml', async () => {
    const kml = (await convert('from=geojson&to=kml', JSON.stringify({ type: 'FeatureCollection', features: sampleFeatures() }), 'application/json')).rawPayload;
    const res = await convert('from=kml&to=geojson', Buffer.from(zipSync({ 'doc.kml': kml })), 'application/vnd.google-earth.kmz');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(json(res).features.map((f: { properties: { name: string } }) => f.properties.name), ['一号地块', '二号地块']);
  });

  it('repairs on request instead of refusing', async () => {
    const bowtie = JSON.stringify({ type: 'Polygon', coordinates: [[[105, 27], [105.01, 27.01], [105.01, 27], [105, 27.01], [105, 27]]] });
    const res = await convert('from=geojson&to=geojson&repair=true', bowtie, 'application/json');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).features[0].geometry.type, 'MultiPolygon');
  });
});

describe('POST /api/geo/area and /api/geo/validate', () => {
  it('gives 1,000,000 m², 100 公顷 and 1500 亩 for the 1 km Gauss-Krüger square near 27°N', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/geo/area', payload: { type: 'Polygon', coordinates: [gkSquareRing(35_500_000, 2_988_000, 1000)] } });
    assert.equal(res.statusCode, 200, res.body);
    const a = json(res);
    assert.deepEqual(Object.keys(a).sort(), ['areaHa', 'areaM2', 'areaMu']);
    assert.ok(Math.abs(a.areaM2 - 1e6) < 0.01 && Math.abs(a.areaHa - 100) < 1e-6 && Math.abs(a.areaMu - 1500) < 1e-5, res.body);
    const feature = await t.inject({ method: 'POST', url: '/api/geo/area', payload: sampleFeatures()[0] });
    assert.ok(Math.abs(json(feature).areaM2 - 960_000) < 0.01);
  });

  it('refuses points and projected coordinates on /area', async () => {
    const point = await t.inject({ method: 'POST', url: '/api/geo/area', payload: { type: 'Point', coordinates: [105, 27] } });
    assert.equal(point.statusCode, 422);
    assert.match(json(point).error.message, /^type: a Point has no area/);
    const gk = await t.inject({ method: 'POST', url: '/api/geo/area', payload: { type: 'Polygon', coordinates: [[[35_500_000, 2_988_000], [35_501_000, 2_988_000], [35_501_000, 2_989_000], [35_500_000, 2_988_000]]] } });
    assert.equal(gk.statusCode, 422);
    assert.equal(json(gk).error.code, 'geo.coordinates_implausible');
  });

  it('refuses a self-intersecting polygon on /area with the crossing point, as /validate flags it', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[105, 27], [105.01, 27.01], [105.01, 27], [105, 27.01], [105, 27]]] };
    // Uneven lobes: the signed area would be the difference of the lobes.
    const uneven = { type: 'Polygon', coordinates: [[[105, 27], [105.02, 27.01], [105.02, 27], [105, 27.01], [105, 27]]] };
    for (const g of [bowtie, uneven, { type: 'Feature', properties: { name: '一号地块' }, geometry: bowtie }]) {
      const res = await t.inject({ method: 'POST', url: '/api/geo/area', payload: g });
      assert.equal(res.statusCode, 422, res.body);
      const e = json(res).error;
      assert.equal(e.code, 'geo.geometry_invalid');
      assert.equal(e.field, 'coordinates');
      assert.match(e.message, /^coordinates: .*intersects itself at \(105\.0\d+, 27\.00\d+\)/);
      assert.equal(e.problems[0].code, 'self_intersection');
      assert.equal(e.problems[0].location.length, 2);
    }
    // Warnings (e.g. clockwise outer ring) do not stop the measurement.
    const cw = { type: 'Polygon', coordinates: [[...gkSquareRing(35_500_000, 2_988_000, 1000)].reverse()] };
    const ok = await t.inject({ method: 'POST', url: '/api/geo/area', payload: cw });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(Math.abs(json(ok).areaM2 - 1e6) < 0.01);
  });

  it('lists problems with locations and repairs on request', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[105, 27], [105.01, 27.01], [105.01, 27], [105, 27.01], [105, 27]]] };
    const res = await t.inject({ method: 'POST', url: '/api/geo/validate', payload: bowtie });
    assert.equal(res.statusCode, 200, res.body);
    const v = json(res);
    assert.equal(v.valid, false);
    assert.deepEqual(v.problems.map((p: { code: string }) => p.code), ['self_intersection']);
    assert.ok(Math.abs(v.problems[0].location[0] - 105.005) < 1e-9);
    assert.equal(v.repaired, undefined);
    const fixed = json(await t.inject({ method: 'POST', url: '/api/geo/validate?repair=true', payload: bowtie }));
    assert.equal(fixed.repaired.type, 'MultiPolygon');
    assert.equal(fixed.repaired.coordinates.length, 2);
  });

  it('keeps JSON parsing for the other routes', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/divisions?parent=520304' });
    assert.equal(res.statusCode, 200);
    const bad = await t.inject({ method: 'POST', url: '/api/geo/area', headers: { 'content-type': 'application/json' }, payload: '{"type":' });
    assert.equal(bad.statusCode, 400);
    assert.equal(json(bad).error.code, 'request.malformed_json');
  });
});
