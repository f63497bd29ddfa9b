import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { unzipSync, zipSync } from 'fflate';
import { readShapefileZip, writeShapefileZip } from './shapefile.ts';
import { ellipsoidalAreaM2 } from '../area.ts';
import type { AppError } from '../../http/errors.ts';
import { sampleFeatures } from '../geo.fixtures.ts';

function failure(fn: () => unknown): AppError {
  try { fn(); } catch (e) { return e as AppError; }
  throw new Error('expected an error');
}

describe('zipped Shapefile', () => {
  it('writes GBK attributes with a .cpg and reads the Chinese text back', () => {
    const zip = writeShapefileZip(sampleFeatures(), { encoding: 'gbk' });
    const files = unzipSync(zip);
    assert.deepEqual(Object.keys(files).sort(), ['parcels.cpg', 'parcels.dbf', 'parcels.prj', 'parcels.shp', 'parcels.shx']);
    assert.equal(Buffer.from(files['parcels.cpg']!).toString(), 'GBK');
    // The .dbf holds the GBK bytes of 一号地块 (D2BB BAC5 B5D8 BFE9), not UTF-8.
    assert.ok(Buffer.from(files['parcels.dbf']!).includes(iconv.encode('一号地块', 'gbk')));
    assert.ok(!Buffer.from(files['parcels.dbf']!).includes(Buffer.from('一号地块', 'utf8')));
    const r = readShapefileZip(zip);
    assert.equal(r.features.length, 2);
    assert.deepEqual(r.features.map((f) => [f.properties.code, f.properties.name, f.properties.use]),
      [['DK-001', '一号地块', '工业用地'], ['DK-002', '二号地块', '商业用地']]);
    assert.ok(Math.abs(ellipsoidalAreaM2(r.features[0]!.geometry) - 960_000) < 0.01);
  });

  it('reads GBK text without a .cpg from the code-page byte, and a GBK field name', () => {
    const zip = writeShapefileZip([{ ...sampleFeatures()[0]!, properties: { 地块名称: '一号地块' } }], { encoding: 'gbk' });
    const files = unzipSync(zip);
    delete files['parcels.cpg'];
    const r = readShapefileZip(zipSync(files));
    assert.deepEqual(r.features[0]!.properties, { 地块名称: '一号地块' });
  });

  it('writes Gauss-Krüger coordinates with their .prj and reads them back within 1 mm', () => {
    const src = sampleFeatures();
    const zip = writeShapefileZip(src, { crs: 4523 });
    assert.match(Buffer.from(unzipSync(zip)['parcels.prj']!).toString(), /CGCS2000_3_Degree_GK_Zone_35.*"False_Easting",35500000\.0/);
    const r = readShapefileZip(zip);
    assert.equal(r.sourceCrs, 4523);
    const a = src[0]!.geometry.coordinates.flat(2) as number[], b = r.features[0]!.geometry.coordinates.flat(2) as number[];
    assert.equal(a.length, b.length);
    // 1e-8° is about 1 mm.
    a.forEach((x, i) => assert.ok(Math.abs(x - b[i]!) < 1e-8));
  });

  it('asks for the CRS when the .prj is missing, and accepts crs instead', () => {
    const files = unzipSync(writeShapefileZip(sampleFeatures(), { crs: 4544 }));
    delete files['parcels.prj'];
    const zip = zipSync(files);
    const e = failure(() => readShapefileZip(zip));
    assert.equal(e.code, 'geo.crs_required');
    assert.match(e.message, /^parcels\.prj: missing.*pass crs/);
    const r = readShapefileZip(zip, { crs: 4544 });
    assert.ok(Math.abs(ellipsoidalAreaM2(r.features[0]!.geometry) - 960_000) < 0.01);
    // The wrong CRS puts the parcel outside its zone or China: named, not imported.
    assert.equal(failure(() => readShapefileZip(zip, { crs: 4490 })).code, 'geo.coordinates_implausible');
  });

  it('refuses a corrupted zip, a zip without .shp and a .dbf that does not match', () => {
    const zip = writeShapefileZip(sampleFeatures());
    const broken = Buffer.from(zip.subarray(0, zip.length - 40));
    const e = failure(() => readShapefileZip(broken));
    assert.equal(e.code, 'geo.file_invalid');
    assert.match(e.message, /^body: the zip archive is corrupted or not a zip/);
    assert.match(failure(() => readShapefileZip(Buffer.from('not a zip at all'))).message, /corrupted or not a zip/);
    assert.match(failure(() => readShapefileZip(zipSync({ 'a.txt': new Uint8Array([1]) }))).message, /no \.shp/);
    const files = unzipSync(zip);
    files['parcels.shp'] = files['parcels.shp']!.subarray(0, 150);
    assert.match(failure(() => readShapefileZip(zipSync(files))).message, /^parcels\.shp: record \d+ is truncated/);
  });

  it('reads GBK bytes under a .cpg saying UTF-8 as GB18030, with a warning naming the record and field', () => {
    const files = unzipSync(writeShapefileZip(sampleFeatures(), { encoding: 'gbk' }));
    files['parcels.cpg'] = new TextEncoder().encode('UTF-8');
    const r = readShapefileZip(zipSync(files));
    assert.deepEqual(r.features.map((f) => f.properties.name), ['一号地块', '二号地块']);
    assert.deepEqual(r.warnings.map((w) => [w.code, w.feature]), [['encoding_fallback', 0]]);
    assert.match(r.warnings[0]!.message, /^parcels\.dbf: parcels\.cpg says UTF-8, but the text is not valid UTF-8 \(record 1, field name\): read as GB18030/);
  });

  it('reads a GBK .dbf without .cpg and with code-page byte 0 (QGIS) as GB18030, with a warning', () => {
    const files = unzipSync(writeShapefileZip(sampleFeatures(), { encoding: 'gbk' }));
    delete files['parcels.cpg'];
    files['parcels.dbf']![29] = 0;
    const r = readShapefileZip(zipSync(files));
    assert.deepEqual(r.features.map((f) => f.properties.use), ['工业用地', '商业用地']);
    assert.equal(r.warnings[0]?.code, 'encoding_fallback');
    assert.match(r.warnings[0]!.message, /no \.cpg and no code page, but the text is not valid UTF-8/);
  });

  it('reads UTF-8 without .cpg as UTF-8 even when a field is wider than 127 bytes, with no warning', () => {
    const long = '项目用地范围界址点坐标'.repeat(6); // 198 bytes in UTF-8: the field length byte is ≥ 0x80
    const files = unzipSync(writeShapefileZip([{ ...sampleFeatures()[0]!, properties: { name: long } }], { encoding: 'utf-8' }));
    delete files['parcels.cpg'];
    const r = readShapefileZip(zipSync(files));
    assert.equal(r.features[0]!.properties.name, long);
    assert.deepEqual(r.warnings, []);
  });

  it('refuses a zip of two Shapefiles naming both, and reads the one layer= names', () => {
    const a = unzipSync(writeShapefileZip([sampleFeatures()[0]!], { name: '红线' }));
    const b = unzipSync(writeShapefileZip([sampleFeatures()[1]!], { name: 'parcels' }));
    const both = zipSync({ ...a, ...Object.fromEntries(Object.entries(b).map(([k, v]) => [`more/${k}`, v])) });
    const e = failure(() => readShapefileZip(both));
    assert.equal(e.code, 'geo.layer_required');
    assert.equal(e.details?.field, 'layer');
    assert.equal(e.message, 'layer: the zip holds 2 Shapefiles ("红线", "more/parcels"); pass layer=<name> to read one');
    assert.deepEqual(readShapefileZip(both, { layer: '红线' }).features.map((f) => f.properties.name), ['一号地块']);
    assert.deepEqual(readShapefileZip(both, { layer: 'PARCELS.shp' }).features.map((f) => f.properties.name), ['二号地块']);
    assert.deepEqual(readShapefileZip(both, { layer: 'more/parcels' }).features.map((f) => f.properties.name), ['二号地块']);
    assert.match(failure(() => readShapefileZip(both, { layer: 'roads' })).message, /^layer: the zip holds no Shapefile "roads"; it holds "红线", "more\/parcels"/);
  });
});
