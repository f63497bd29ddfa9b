import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { FORMATS, checkFeatures, readGeoFile, writeGeoFile, type GeoFormat } from './convert.ts';
import { fromCgcs2000 } from './crs.ts';
import { ellipsoidalAreaM2 } from './area.ts';
import type { Feature, Polygonal } from './geo.types.ts';
import { polygonsOf } from './geo.types.ts';
import { REDLINE_ZONE35, sampleFeatures } from './geo.fixtures.ts';
import { strToU8, zipSync } from 'fflate';

/** Largest distance in metres (zone 35 Gauss-Krüger) between corresponding vertices. */
function maxShiftM(a: Feature[], b: Feature[]): number {
  let worst = 0;
  a.forEach((f, i) => {
    const pa = polygonsOf(f.geometry as Polygonal).flat(2), pb = polygonsOf(b[i]!.geometry as Polygonal).flat(2);
    assert.equal(pa.length, pb.length, `feature ${i} keeps its ${pa.length} vertices`);
    pa.forEach((p, k) => {
      const x = fromCgcs2000(4523, p), y = fromCgcs2000(4523, pb[k]!);
      worst = Math.max(worst, Math.hypot(x[0]! - y[0]!, x[1]! - y[1]!));
    });
  });
  return worst;
}

/** GDAL (Debian gdal-bin) writes files as QGIS does; these checks run where it is installed. */
const gdal = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' }).status === 0;

describe('conversion round trips', () => {
  for (const via of FORMATS.filter((f) => f !== 'geojson')) {
    it(`geojson → ${via} → geojson keeps vertices within 1 mm and the code and name`, () => {
      const src = sampleFeatures();
      const start = readGeoFile('geojson', writeGeoFile('geojson', src).body).features;
      const file = writeGeoFile(via as GeoFormat, start, { date: '2024-05-01' });
      const back = readGeoFile(via as GeoFormat, file.body).features;
      const end = readGeoFile('geojson', writeGeoFile('geojson', back).body).features;
      assert.equal(end.length, 2);
      const shift = maxShiftM(start, end);
      assert.ok(shift < 0.001, `largest shift ${shift} m`);
      assert.deepEqual(end.map((f) => [f.properties.code, f.properties.name]), [['DK-001', '一号地块'], ['DK-002', '二号地块']]);
      // The areaM2 of the GeoJSON output is the ellipsoidal one: 96 公顷 on the CM; the 500 m grid
      // square 2 km east of the CM is smaller on the ellipsoid by the factor y²/R² ≈ (2 km / 6371 km)²
      // ≈ 9.9e-8, i.e. 250,000 − 0.025 m².
      assert.ok(Math.abs((end[0]!.properties.areaM2 as number) - 960_000) < 0.01);
      assert.ok(Math.abs((end[1]!.properties.areaM2 as number) - 249_999.975) < 0.005);
    });
  }

  it('sets the right content types and file names', () => {
    const f = sampleFeatures();
    assert.deepEqual(FORMATS.map((x) => { const w = writeGeoFile(x, f, { date: '2024-05-01' }); return [w.contentType, w.filename]; }), [
      ['application/geo+json', 'parcels.geojson'], ['text/plain; charset=utf-8', 'redline.txt'],
      ['application/zip', 'parcels.zip'], ['application/vnd.google-earth.kml+xml', 'parcels.kml'],
    ]);
  });

  it('refuses invalid polygons naming the feature and location, or repairs them on request', () => {
    const bowtie: Feature = { type: 'Feature', properties: { code: 'X1' },
      geometry: { type: 'Polygon', coordinates: [[[105, 27], [105.01, 27.01], [105.01, 27], [105, 27.01], [105, 27]]] } };
    assert.throws(() => checkFeatures([bowtie], false), (e: Error & { code?: string }) =>
      e.code === 'geo.geometry_invalid' && e.message.startsWith('features[0] (X1): outer ring intersects itself at (105.0050000, 27.0050000)'));
    const { features, warnings } = checkFeatures([bowtie], true);
    assert.equal(features[0]!.geometry.type, 'MultiPolygon');
    assert.equal(warnings[0]!.code, 'repaired');
  });

  it('reads KML names and extended data', () => {
    const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>一号地块</name>
      <ExtendedData><Data name="code"><value>DK-001</value></Data></ExtendedData>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>105,27,0 105.01,27,0 105.01,27.01,0 105,27.01,0 105,27,0</coordinates></LinearRing></outerBoundaryIs></Polygon>
      </Placemark></Document></kml>`;
    const r = readGeoFile('kml', Buffer.from(kml));
    assert.deepEqual(r.features[0]!.properties, { name: '一号地块', code: 'DK-001' });
    assert.deepEqual(r.features[0]!.geometry.coordinates, [[[105, 27], [105.01, 27], [105.01, 27.01], [105, 27.01], [105, 27]]]);
    assert.throws(() => readGeoFile('kml', Buffer.from('<kml><Document>')), /not well-formed KML/);
  });

  it('reads a KMZ: doc.kml, else the first .kml in the archive', () => {
    const kml = writeGeoFile('kml', sampleFeatures()).body;
    const fromDoc = readGeoFile('kml', Buffer.from(zipSync({ 'doc.kml': kml, 'files/icon.png': new Uint8Array([0x89, 0x50]) })));
    assert.deepEqual(fromDoc.features.map((f) => f.properties.name), ['一号地块', '二号地块']);
    assert.ok(Math.abs(ellipsoidalAreaM2(fromDoc.features[0]!.geometry as Polygonal) - 960_000) < 0.01);
    const other = writeGeoFile('kml', [sampleFeatures()[1]!]).body;
    const first = readGeoFile('kml', Buffer.from(zipSync({ 'readme.txt': strToU8('x'), 'layers/红线.kml': other, 'layers/z.kml': kml })));
    assert.deepEqual(first.features.map((f) => f.properties.name), ['二号地块']);
    assert.throws(() => readGeoFile('kml', Buffer.from(zipSync({ 'readme.txt': strToU8('x') }))),
      (e: Error & { code?: string }) => e.code === 'geo.file_invalid' && e.message.startsWith('body: the KMZ holds no .kml file (found: readme.txt)'));
    assert.throws(() => readGeoFile('kml', Buffer.from(zipSync({ 'doc.kml': kml })).subarray(0, 60)), /body: the zip archive is corrupted/);
  });

  it('reads UTF-16 text with a BOM (Notepad\'s "Unicode", LE and BE): red-line file, GeoJSON and KML', () => {
    const utf16 = (s: string, be: boolean) => {
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
      return be ? le.swap16() : le;
    };
    const geojson = writeGeoFile('geojson', sampleFeatures()).body.toString('utf8');
    const kml = writeGeoFile('kml', sampleFeatures()).body.toString('utf8').replace('encoding="UTF-8"', 'encoding="UTF-16"');
    for (const be of [false, true]) {
      const red = readGeoFile('redline-txt', utf16(REDLINE_ZONE35, be));
      assert.equal(red.features[0]!.properties.name, '一号地块');
      assert.ok(Math.abs(ellipsoidalAreaM2(red.features[0]!.geometry as Polygonal) - 960_000) < 0.01);
      assert.deepEqual(readGeoFile('geojson', utf16(geojson, be)).features.map((f) => f.properties.name), ['一号地块', '二号地块']);
      assert.deepEqual(readGeoFile('kml', utf16(kml, be)).features.map((f) => f.properties.name), ['一号地块', '二号地块']);
    }
    // An error in a UTF-16 file names the real line, in readable text.
    assert.throws(() => readGeoFile('redline-txt', utf16(REDLINE_ZONE35.replace('J2,1,2988500.000', 'J2,1,29885OO.000'), false)),
      /line 15: X "29885OO\.000" is not a number/);
  });

  it('reads what GDAL writes: Shapefiles in CP936 and UTF-8, and a LIBKML KMZ', { skip: !gdal && 'gdal-bin not installed' }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-gdal-'));
    try {
      const src = path.join(dir, 'in.geojson');
      fs.writeFileSync(src, JSON.stringify({ type: 'FeatureCollection', features: [
        { type: 'Feature', properties: { 地块名称: '一号地块', 宗地数: 12 }, geometry: sampleFeatures()[0]!.geometry },
      ] }));
      const ogr2ogr = (...args: string[]) => { const r = spawnSync('ogr2ogr', args, { encoding: 'utf8' }); assert.equal(r.status, 0, r.stderr); };
      const zipDir = (sub: string) => Buffer.from(zipSync(Object.fromEntries(fs.readdirSync(path.join(dir, sub)).map((f) => [f, fs.readFileSync(path.join(dir, sub, f))]))));
      for (const [sub, encoding, name] of [['gbk', 'CP936', '地块名称'], ['utf8', 'UTF-8', '地块名']] as const) {
        fs.mkdirSync(path.join(dir, sub));
        ogr2ogr('-f', 'ESRI Shapefile', '-lco', `ENCODING=${encoding}`, '-a_srs', 'EPSG:4490', path.join(dir, sub, 'parcels.shp'), src);
        const r = readGeoFile('shapefile', zipDir(sub));
        assert.deepEqual(r.warnings, [], sub);
        assert.equal(r.features[0]!.properties[name], '一号地块', `${sub}: ${JSON.stringify(r.features[0]!.properties)}`);
        assert.equal(r.features[0]!.properties.宗地数, 12);
        assert.ok(Math.abs(ellipsoidalAreaM2(r.features[0]!.geometry as Polygonal) - 960_000) < 0.01);
      }
      const kmz = path.join(dir, 'parcels.kmz');
      ogr2ogr('-f', 'LIBKML', kmz, src);
      const k = readGeoFile('kml', fs.readFileSync(kmz));
      assert.equal(k.features[0]!.properties.地块名称, '一号地块');
      assert.ok(Math.abs(ellipsoidalAreaM2(k.features[0]!.geometry as Polygonal) - 960_000) < 0.01);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
