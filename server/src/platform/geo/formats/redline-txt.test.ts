import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { readRedline, writeRedline } from './redline-txt.ts';
import { ellipsoidalAreaM2 } from '../area.ts';
import type { AppError } from '../../http/errors.ts';
import type { PolygonGeometry } from '../geo.types.ts';
import { REDLINE_CM105, REDLINE_ZONE35, gkSquareRing } from '../geo.fixtures.ts';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
function failure(s: string, opts = {}): AppError {
  try { readRedline(utf8(s), opts); } catch (e) { return e as AppError; }
  throw new Error('expected an error');
}

describe('red-line coordinate file: reading', () => {
  it('reads a zone-35 file: parcel with a hole, 96 公顷 = 960,000 m², attributes kept', () => {
    const r = readRedline(utf8(REDLINE_ZONE35));
    assert.equal(r.features.length, 1);
    assert.equal(r.sourceCrs, 4523);
    const g = r.features[0]!.geometry as PolygonGeometry;
    assert.equal(g.type, 'Polygon');
    assert.equal(g.coordinates.length, 2, 'outer ring and one hole');
    assert.ok(Math.abs(ellipsoidalAreaM2(g) - 960_000) < 0.01, `area ${ellipsoidalAreaM2(g)}`);
    assert.deepEqual(r.features[0]!.properties, { code: 'DK-001', name: '一号地块', use: '工业用地', landClass: '0601', sheet: '', statedAreaHa: 96 });
    assert.deepEqual(r.warnings, []);
  });

  it('reads the same parcel in CM 105E (EPSG:4544, Y without prefix) to the same place and area', () => {
    const a = readRedline(utf8(REDLINE_ZONE35)), b = readRedline(utf8(REDLINE_CM105));
    assert.equal(b.sourceCrs, 4544);
    const ga = a.features[0]!.geometry as PolygonGeometry, gb = b.features[0]!.geometry as PolygonGeometry;
    ga.coordinates.flat().forEach((p, i) => {
      const q = gb.coordinates.flat()[i]!;
      assert.ok(Math.abs(p[0]! - q[0]!) < 1e-10 && Math.abs(p[1]! - q[1]!) < 1e-10);
    });
    assert.ok(Math.abs(ellipsoidalAreaM2(gb) - 960_000) < 0.01);
  });

  it('reads a GBK file', () => {
    const r = readRedline(iconv.encode(REDLINE_ZONE35, 'gbk'));
    assert.equal(r.features[0]!.properties.name, '一号地块');
    assert.equal(r.features[0]!.properties.use, '工业用地');
  });

  it('tolerates the older header, an area with unit, counts without closing points, LF and full-width commas', () => {
    const old = REDLINE_ZONE35.replace('10,96.0000,DK-001,一号地块,面,,工业用地,0601,@', '8,96.0000公顷,DK-001,一号地块,面,,工业用地,,@')
      .replace('格式版本号=1.00版本\r\n', '').replace(/\r\n/g, '\n').replace('J3,1,2987500.000,35500500.000', 'J3，1，2987500.000，35500500.000');
    const r = readRedline(utf8(old));
    assert.ok(Math.abs(ellipsoidalAreaM2(r.features[0]!.geometry) - 960_000) < 0.01);
    assert.equal(r.features[0]!.properties.landClass, '');
    assert.deepEqual(r.warnings.map((w) => [w.code, w.line]), [['full_width_punctuation', 15]]);
  });

  it('warns when the stated area differs from the ellipsoidal area beyond the tolerance', () => {
    const r = readRedline(utf8(REDLINE_ZONE35.replace('10,96.0000,', '10,97.0000,')));
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0]!.code, 'area_mismatch');
    assert.equal(r.warnings[0]!.line, 13);
    assert.match(r.warnings[0]!.message, /line 13: 地块面积 97 公顷 differs from the computed ellipsoidal area 96\.0000 公顷/);
    // 0.05 % off (the Gauss-plane area of a parcel near the zone edge) is within the default 0.1 %.
    assert.equal(readRedline(utf8(REDLINE_ZONE35.replace('10,96.0000,', '10,96.0480,'))).warnings.length, 0);
    assert.equal(readRedline(utf8(REDLINE_ZONE35.replace('10,96.0000,', '10,96.0480,')), { areaTolerance: { relative: 0.0001, absoluteHa: 0.0001 } }).warnings.length, 1);
  });

  it('closes an unclosed ring with a warning naming the line', () => {
    const s = REDLINE_ZONE35.replace('J5,2,2988100.000,35499900.000\r\n', 'X\r\n').replace('X\r\n', 'J5,2,2988100.000,35499900.000\r\n')
      .replace(/J5,2,2988100\.000,35499900\.000\r\n$/, '').replace('10,96', '9,96');
    const r = readRedline(utf8(s));
    assert.deepEqual(r.warnings.map((w) => [w.code, w.line]), [['ring_closed', 22]]);
    assert.ok(Math.abs(ellipsoidalAreaM2(r.features[0]!.geometry) - 960_000) < 0.01);
  });

  it('names the line of every error', () => {
    const cases: [string, string, RegExp][] = [
      [REDLINE_ZONE35.replace('J2,1,2988500.000,35500500.000', 'J2,1,29885OO.000,35500500.000'), 'geo.file_invalid', /^line 15: X "29885OO.000" is not a number/],
      [REDLINE_ZONE35.replace('J3,1,2987500.000,35500500.000', 'J3,1,35500500.000,2987500.000'), 'geo.axis_order', /^line 16: .*X and Y are swapped/],
      [REDLINE_CM105.replace('J3,1,2987500.000,500500.000', 'J3,1,500500.000,2987500.000'), 'geo.axis_order', /^line 16: .*swapped/],
      [REDLINE_ZONE35.replace('J2,1,2988500.000,35500500.000', 'J2,1,2988500.000,36500500.000'), 'geo.wrong_zone', /^line 15: Y 36500500 carries zone 36 but 带号=35 \(line 9\)/],
      [REDLINE_ZONE35.replace('J2,1,2988500.000,35500500.000', 'J2,1,2988500.000,35900500.000'), 'geo.wrong_zone', /^line 15: point J2 .* outside .*zone 35 .*wrong zone/],
      [REDLINE_ZONE35.replace('坐标系=2000国家大地坐标系', '坐标系=1980西安坐标系'), 'geo.transformation_required', /^line 5: .*Xian 1980/],
      [REDLINE_CM105.replace('带号=35', '带号='), 'geo.crs_required', /^line 14: Y 499500 has no zone prefix and the file has no 带号/],
      [REDLINE_ZONE35.replace('10,96.0000', '12,96.0000'), 'geo.file_invalid', /^line 13: 界址点数 12 does not match the 10 point lines/],
      [REDLINE_ZONE35.replace(',面,,', ',线,,'), 'geo.geometry_unsupported', /^line 13: 记录图形属性 "线"/],
      [REDLINE_ZONE35.replace(',0601,@', ',0601'), 'geo.file_invalid', /^line 13: a parcel header line must end with ",@"/],
      [REDLINE_ZONE35.replace('J1,1,2988500.000,35499500.000\r\nJ5', 'J1,1,2988400.000,35499500.000\r\nJ5'), 'geo.file_invalid', /^line 18: point J1 closes ring 1 but its coordinates differ from line 14/],
      [REDLINE_ZONE35.replace('几度分带=3', '几度分带=4'), 'geo.file_invalid', /^line 6: 几度分带=4/],
      ['hello\r\n', 'geo.file_invalid', /^line 1: expected \[属性描述\]/],
    ];
    for (const [text, code, message] of cases) {
      const e = failure(text);
      assert.equal(e.code, code, `${e.message}`);
      assert.match(e.message, message);
    }
  });
});

describe('red-line coordinate file: 坐标系 and text encodings', () => {
  it('asks for a configured transformation for every common spelling of Xian 1980 and Beijing 1954', () => {
    const xian = ['80国家大地坐标系', '1980国家大地坐标系', '西安80坐标系', '西安80', '西安1980', '1980西安坐标系', '80坐标系', '西安 1980 坐标系',
      'Xian 1980', 'Xian80', 'XIAN_1980', 'EPSG:4610', '国家80坐标系', 'C80'];
    const beijing = ['北京54', '北京1954', '1954北京坐标系', '54坐标系', '北京54坐标系', '1954年北京坐标系', 'Beijing 1954', 'Beijing54',
      'BEIJING_1954', 'EPSG:4214', '新北京54坐标系'];
    for (const [names, label] of [[xian, /Xian 1980/], [beijing, /Beijing 1954/]] as const) {
      for (const name of names) {
        const e = failure(REDLINE_ZONE35.replace('坐标系=2000国家大地坐标系', `坐标系=${name}`));
        assert.equal(e.code, 'geo.transformation_required', `${name}: ${e.message}`);
        assert.match(e.message, new RegExp(`^line 5: 坐标系=${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${label.source}`));
      }
    }
    for (const name of ['2000国家大地坐标系', 'CGCS2000', '国家2000坐标系', 'EPSG:4490', 'China Geodetic Coordinate System 2000']) {
      assert.equal(readRedline(utf8(REDLINE_ZONE35.replace('坐标系=2000国家大地坐标系', `坐标系=${name}`))).features.length, 1, name);
    }
    assert.equal(failure(REDLINE_ZONE35.replace('坐标系=2000国家大地坐标系', '坐标系=WGS84')).code, 'geo.crs_unsupported');
  });
});

describe('red-line coordinate file: writing', () => {
  it('writes exactly the official layout', () => {
    const square = { type: 'Polygon' as const, coordinates: [gkSquareRing(35_500_000, 2_988_000, 1000)] };
    const out = writeRedline([{ type: 'Feature', geometry: square, properties: { code: 'DK-001', name: '一号地块', use: '工业用地', landClass: '0601' } }],
      { date: '2024-05-01' });
    assert.equal(out.toString('utf8'), [
      '[属性描述]', '格式版本号=1.00版本', '数据产生单位=', '数据产生日期=2024-05-01', '坐标系=2000国家大地坐标系', '几度分带=3',
      '投影类型=高斯克吕格', '计量单位=米', '带号=35', '精度=0.001', '转换参数=,,,,,,', '[地块坐标]',
      '5,100.0000,DK-001,一号地块,面,,工业用地,0601,@',
      'J1,1,2987500.000,35499500.000',
      'J2,1,2988500.000,35499500.000',
      'J3,1,2988500.000,35500500.000',
      'J4,1,2987500.000,35500500.000',
      'J1,1,2987500.000,35499500.000',
      '',
    ].join('\r\n'));
  });

  it('writes holes as ring 2, closes each ring with its first point name, and reads back', () => {
    const r = readRedline(utf8(REDLINE_ZONE35));
    const text = writeRedline(r.features, { date: '2024-05-01', encoding: 'gbk' });
    const decoded = iconv.decode(text, 'gbk');
    assert.match(decoded, /\r\n10,96\.0000,DK-001,一号地块,面,,工业用地,0601,@\r\n/);
    assert.match(decoded, /\r\nJ5,2,[\d.]+,35[\d.]+\r\n(J\d+,2,[\d.]+,[\d.]+\r\n){3}J5,2,/);
    const again = readRedline(text);
    assert.ok(Math.abs(ellipsoidalAreaM2(again.features[0]!.geometry) - 960_000) < 0.01);
    assert.equal(again.features[0]!.properties.name, '一号地块');
  });

  it('refuses a zone that does not hold the parcel', () => {
    const square = { type: 'Polygon' as const, coordinates: [gkSquareRing(35_500_000, 2_988_000, 1000)] };
    assert.throws(() => writeRedline([{ type: 'Feature', geometry: square, properties: {} }], { zone: 37 }), /outside zone 37.*pass zone=35/);
  });
});
