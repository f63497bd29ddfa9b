import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  crsFromPrefixedEasting, crsFromWkt, fromCgcs2000, getCrs, gk3ZoneEpsg, listCrs, prjWkt, setDatumTransformation, toCgcs2000, zoneOfLongitude,
} from './crs.ts';
import { AppError } from '../http/errors.ts';

const code = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as AppError).code; } return 'no error'; };

describe('coordinate reference systems', () => {
  after(() => setDatumTransformation('xian1980', undefined));

  it('numbers the CGCS2000 Gauss-Krüger systems as EPSG does', () => {
    assert.deepEqual(pick(getCrs(4513)), { zone: 25, centralMeridian: 75, falseEasting: 25_500_000, zoneWidth: 3 });
    assert.deepEqual(pick(getCrs(4522)), { zone: 34, centralMeridian: 102, falseEasting: 34_500_000, zoneWidth: 3 });
    assert.deepEqual(pick(getCrs(4533)), { zone: 45, centralMeridian: 135, falseEasting: 45_500_000, zoneWidth: 3 });
    assert.deepEqual(pick(getCrs(4543)), { zone: undefined, centralMeridian: 102, falseEasting: 500_000, zoneWidth: 3 });
    assert.deepEqual(pick(getCrs(4547)), { zone: undefined, centralMeridian: 114, falseEasting: 500_000, zoneWidth: 3 });
    assert.deepEqual(pick(getCrs(4491)), { zone: 13, centralMeridian: 75, falseEasting: 13_500_000, zoneWidth: 6 });
    assert.deepEqual(pick(getCrs(4502)), { zone: undefined, centralMeridian: 75, falseEasting: 500_000, zoneWidth: 6 });
    assert.equal(gk3ZoneEpsg(35), 4523);
    const codes = listCrs().map((c) => c.epsg);
    assert.ok(codes.includes(4490) && codes.includes(3857) && codes.includes(4554) && !codes.includes(2360));
  });

  it('infers the zone from an 8-digit easting: first two digits', () => {
    assert.equal(crsFromPrefixedEasting(35_499_500.123)?.epsg, 4523);
    assert.equal(crsFromPrefixedEasting(19_500_000)?.epsg, 4497); // 6° zone 19, CM 111°E
    assert.equal(crsFromPrefixedEasting(24_500_000), undefined);
    assert.equal(crsFromPrefixedEasting(499_500), undefined);
  });

  it('picks 3° zone N = round(lon / 3)', () => {
    assert.equal(zoneOfLongitude(105), 35);
    assert.equal(zoneOfLongitude(106.6), 36);
    assert.equal(zoneOfLongitude(106.4), 35);
    assert.equal(zoneOfLongitude(111, 6), 19);
  });

  it('projects the central meridian to easting 500 km plus the zone prefix, and back within 1 mm', () => {
    const [e, n] = fromCgcs2000(4523, [105, 27]) as [number, number];
    assert.ok(Math.abs(e - 35_500_000) < 1e-6, `easting ${e}`);
    // Meridian arc from the equator to 27°N on CGCS2000 (numerical integral of a(1−e²)/(1−e²sin²φ)^1.5): 2,987,630.295 m.
    assert.ok(Math.abs(n - 2_987_630.295) < 0.001, `northing ${n}`);
    const p = fromCgcs2000(4544, [106.234567891, 26.5]);
    const back = fromCgcs2000(4544, toCgcs2000(4544, p));
    assert.ok(Math.hypot(back[0]! - p[0]!, back[1]! - p[1]!) < 0.001);
  });

  it('refuses Xian 1980 and Beijing 1954 unless a transformation is configured', () => {
    assert.equal(code(() => getCrs(2360)), 'geo.transformation_required'); // Xian 1980 3° zone 36
    assert.equal(code(() => getCrs(2412)), 'geo.transformation_required'); // Beijing 1954 3° zone 36
    assert.equal(code(() => getCrs(32650)), 'geo.crs_unsupported');
    setDatumTransformation('xian1980', [24, -123, -94, 0.02, -0.25, -0.13, 1.1]); // a deployment's own figures
    assert.equal(getCrs(2360).centralMeridian, 108);
    const ll = toCgcs2000(2360, [36_500_000, 3_000_000]);
    assert.ok(Math.abs(ll[0]! - 108) < 0.01 && ll[1]! > 27 && ll[1]! < 27.2, `${ll}`);
  });

  it('reads the CRS of a .prj and writes one that reads back', () => {
    assert.equal(crsFromWkt(prjWkt(4523)), 4523);
    assert.equal(crsFromWkt(prjWkt(4544)), 4544);
    assert.equal(crsFromWkt(prjWkt(4490)), 4490);
    assert.equal(crsFromWkt('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'), 4490);
    const xian = 'PROJCS["Xian_1980_3_Degree_GK_Zone_36",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],' +
      'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",36500000.0],' +
      'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    setDatumTransformation('xian1980', undefined);
    assert.equal(code(() => crsFromWkt(xian)), 'geo.transformation_required');
  });
});

function pick(c: { zone?: number; centralMeridian?: number; falseEasting?: number; zoneWidth?: number }) {
  return { zone: c.zone, centralMeridian: c.centralMeridian, falseEasting: c.falseEasting, zoneWidth: c.zoneWidth };
}
