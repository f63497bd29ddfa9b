import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { unzipSync, zipSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readShapefileZip, writeShapefile, writeShapefileZip } from './shapefile.ts';
import { ellipsoidalAreaM2 } from '../area.ts';
import type { AppError } from '../../http/errors.ts';
import { sampleFeatures } from '../geo.fixtures.ts';

/** GDAL (Debian gdal-bin) reads what we write the way QGIS does; its checks run where it is installed. */
const gdal = spawnSync('ogrinfo', ['--version'], { encoding: 'utf8' }).status === 0;

/** `ogrinfo -al` of a zipped Shapefile: the field list and the features, as GDAL reads them. */
function ogrinfo(zip: Uint8Array, summaryOnly = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-shp-'));
  try {
    const file = path.join(dir, 'out.zip');
    fs.writeFileSync(file, zip);
    const r = spawnSync('ogrinfo', ['-ro', '-al', ...(summaryOnly ? ['-so'] : []), `/vsizip/${file}`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Parcels whose attributes test the .dbf's limits: long Chinese names, big integers, dates, a character outside GBK. */
function demandingFeatures() {
  const [a, b] = sampleFeatures();
  return [
    { ...a!, properties: { ...a!.properties, 地块名称全称: '一号地块𠀀', 地块名称简称: '一号', 宗地数: 12, 面积平方米: 123456789012, 批准日期: '2024-05-01' } },
    { ...b!, properties: { ...b!.properties, 地块名称全称: '二号地块', 地块名称简称: '二号', 宗地数: -3, 面积平方米: 5, 批准日期: '2023-12-31' } },
  ];
}

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

  it('writes characters outside GBK in GB18030 with a .cpg saying so and a warning naming feature and field', () => {
    const out = writeShapefile(demandingFeatures(), { encoding: 'gbk' });
    const files = unzipSync(out.body);
    assert.equal(Buffer.from(files['parcels.cpg']!).toString(), 'GB18030');
    assert.ok(Buffer.from(files['parcels.dbf']!).includes(iconv.encode('一号地块𠀀', 'gb18030')));
    const w = out.warnings.filter((x) => x.code === 'encoding_gb18030');
    assert.deepEqual(w.map((x) => x.feature), [0]);
    assert.match(w[0]!.message, /^features\[0\]\.地块名称全称: "𠀀" is outside GBK and is written in GB18030/);
    assert.equal(readShapefileZip(out.body).features[0]!.properties.地块名称全称, '一号地块𠀀');
    // Text GBK can hold stays GBK, .cpg GBK, no warning.
    const plain = writeShapefile(sampleFeatures(), { encoding: 'gbk' });
    assert.equal(Buffer.from(unzipSync(plain.body)['parcels.cpg']!).toString(), 'GBK');
    assert.deepEqual(plain.warnings, []);
  });

  it('maps Chinese field names too long for UTF-8 .dbf names predictably, reports the mapping and restores it on reading', () => {
    const out = writeShapefile(demandingFeatures(), { encoding: 'utf-8' });
    const files = unzipSync(out.body);
    // 10 bytes hold 3 hanzi in UTF-8; the second name cut the same way is taken, so it becomes 2 hanzi + _1.
    const mapping = '\ufeffdbf_field\tproperty\r\n地块名\t地块名称全称\r\n地块_1\t地块名称简称\r\n面积平\t面积平方米\r\n批准日\t批准日期\r\n';
    assert.equal(Buffer.from(files['parcels.fieldnames.txt']!).toString('utf8'), mapping);
    const renamed = out.warnings.find((w) => w.code === 'field_renamed');
    assert.match(renamed!.message, /"地块名称全称" is written as "地块名", "地块名称简称" is written as "地块_1", "面积平方米" is written as "面积平"/);
    const back = readShapefileZip(out.body).features[0]!.properties;
    assert.deepEqual(back, { code: 'DK-001', name: '一号地块', use: '工业用地', landClass: '0601', 地块名称全称: '一号地块𠀀', 地块名称简称: '一号', 宗地数: 12, 面积平方米: 123456789012, 批准日期: '2024-05-01' });
  });

  it('writes integers as N(9,0) or N(18,0) and ISO dates as D(8)', () => {
    const dbf = Buffer.from(unzipSync(writeShapefileZip(demandingFeatures(), { encoding: 'gbk' }))['parcels.dbf']!);
    const field = (name: string) => {
      for (let p = 32; dbf[p] !== 0x0d; p += 32) {
        const raw = dbf.subarray(p, p + 11);
        if (iconv.decode(raw.subarray(0, raw.indexOf(0) < 0 ? 11 : raw.indexOf(0)), 'gbk') === name) return [String.fromCharCode(dbf[p + 11]!), dbf[p + 16], dbf[p + 17]];
      }
      return undefined;
    };
    assert.deepEqual(field('宗地数'), ['N', 9, 0]);
    assert.deepEqual(field('面积平方米'), ['N', 18, 0]);
    assert.deepEqual(field('批准日期'), ['D', 8, 0]);
    assert.ok(dbf.includes(Buffer.from('20240501')));
  });

  it('is read by GDAL with Integer, Integer64 and Date fields, the GB18030 character intact and one layer', { skip: !gdal && 'gdal-bin not installed' }, () => {
    const gbk = ogrinfo(writeShapefileZip(demandingFeatures(), { encoding: 'gbk' }));
    assert.match(gbk, /^宗地数: Integer \(9\.0\)$/m);
    assert.match(gbk, /^面积平方米: Integer64 \(18\.0\)$/m);
    assert.match(gbk, /^批准日期: Date \(10\.0\)$/m);
    assert.match(gbk, /^ {2}地块名称全 \(String\) = 一号地块𠀀$/m); // 10 bytes hold 5 hanzi in GBK
    assert.match(gbk, /^ {2}面积平方米 \(Integer64\) = 123456789012$/m);
    assert.match(gbk, /^ {2}批准日期 \(Date\) = 2024\/05\/01$/m);
    const utf8 = ogrinfo(writeShapefileZip(demandingFeatures(), { encoding: 'utf-8' }), true);
    assert.equal(utf8.match(/^Layer name: /gm)?.length, 1, 'the field-name sidecar is not taken for a layer');
    assert.match(utf8, /^地块名: String/m);
    assert.match(utf8, /^地块_1: String/m);
  });
});
