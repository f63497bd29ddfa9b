/**
 * Demo data of the one map for 播州区 (520304). No maintained npm package ships real boundary,
 * cadastre or planning geometry for it, so every layer is generated deterministically (same
 * input → same features) around the real county centre and flagged `synthetic` in the layer
 * registry. The cadastre is a grid of irregular quadrilaterals sharing their corner points (no
 * gaps, no overlaps); land-use patches, plan zones, basic farmland and the ecological red line
 * are unions of grid cells, so they fit the parcels exactly.
 *
 * Sizes: `full` = 250 × 200 = 50,000 parcels (demo start); `small` = 50 × 40 = 2,000 parcels
 * (the test template, see `MAP_DEMO_SIZE`). Bulk insert: one `jsonb_to_recordset` statement per
 * 5,000 rows.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { scopesLiteral, SYSTEM_CONTEXT, type Tx } from '../../platform/db/context.ts';
import { ellipsoidalAreaM2, gk3ZoneEpsg, toCgcs2000, fromCgcs2000, zoneOfLongitude, type Geometry, type Ring } from '../../platform/geo/index.ts';
import { divisionPath } from '../../platform/orgs/divisions.data.ts';
import { LAYER_DEFS, LAND_USE_NAME } from './layers.registry.ts';
import { bboxOf, boxText } from './geometry.ts';

export const DEMO_COUNTY = { code: '520304', name: '播州区', centre: [106.83, 27.54] as const };
export const COUNTY_PATH = divisionPath(DEMO_COUNTY.code);
const SOURCE_NOTE = '演示用模拟数据：按固定规则在播州区实际中心（约 106.83°E, 27.54°N）周围生成，不是真实调查或规划数据；没有维护中的软件包提供播州区的真实矢量边界。'
  + ' Synthetic demo data generated deterministically around the real county centre; no maintained package provides real geometry for 播州区.';

const TOWNSHIPS: [string, string][] = [
  ['520304001', '南白街道'], ['520304002', '播南街道'], ['520304003', '影山湖街道'], ['520304004', '桂花桥街道'], ['520304005', '龙坑街道'],
  ['520304102', '三岔镇'], ['520304103', '苟江镇'], ['520304104', '三合镇'], ['520304105', '乌江镇'], ['520304106', '龙坪镇'],
  ['520304107', '团溪镇'], ['520304108', '铁厂镇'], ['520304109', '西坪镇'], ['520304110', '尚嵇镇'], ['520304111', '茅栗镇'],
  ['520304112', '新民镇'], ['520304113', '鸭溪镇'], ['520304114', '石板镇'], ['520304115', '乐山镇'], ['520304116', '枫香镇'],
  ['520304117', '泮水镇'], ['520304118', '马蹄镇'], ['520304200', '平正仡佬族乡'], ['520304201', '洪关苗族乡'],
];
const VILLAGE_A = ['龙', '石', '青', '新', '大', '白', '马', '红', '金', '桂'];
const VILLAGE_B = ['坪', '岩', '桥', '塘', '坝', '湾', '山', '沟', '田', '溪'];

export type DemoSize = 'full' | 'small';
export const GRID = { dx: 0.001, dy: 0.0009, landuseBlock: 5, zoneBlock: 10 } as const;
const SIZES: Record<DemoSize, { cols: number; rows: number }> = { full: { cols: 250, rows: 200 }, small: { cols: 50, rows: 40 } };

/** Deterministic hash of integers to [0, 1). */
export function rnd(...n: number[]): number {
  let h = 2166136261;
  for (const v of n) {
    h ^= v + 0x9e3779b9;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 4294967296;
}

interface Row {
  layer_id: number; code: string | null; name: string | null; properties: Record<string, unknown>; geom: Geometry;
  bbox: string; area_m2: number | null; is_public: boolean; org_path: string;
}

export interface DemoGrid {
  cols: number; rows: number; minLon: number; minLat: number;
  vertex(i: number, j: number): [number, number];
  outline(i0: number, j0: number, i1: number, j1: number): Ring;
}

export function demoGrid(size: DemoSize): DemoGrid {
  const { cols, rows } = SIZES[size];
  const minLon = DEMO_COUNTY.centre[0] - (cols * GRID.dx) / 2;
  const minLat = DEMO_COUNTY.centre[1] - (rows * GRID.dy) / 2;
  const r9 = (v: number) => Math.round(v * 1e9) / 1e9;
  const vertex = (i: number, j: number): [number, number] => {
    const jx = i === 0 || i === cols ? 0 : (rnd(i, j, 1) - 0.5) * 0.3 * GRID.dx;
    const jy = j === 0 || j === rows ? 0 : (rnd(i, j, 2) - 0.5) * 0.3 * GRID.dy;
    return [r9(minLon + i * GRID.dx + jx), r9(minLat + j * GRID.dy + jy)];
  };
  // Counter-clockwise outline of the cells [i0, i1) × [j0, j1) through the shared vertices.
  const outline = (i0: number, j0: number, i1: number, j1: number): Ring => {
    const ring: Ring = [];
    for (let i = i0; i < i1; i++) ring.push(vertex(i, j0));
    for (let j = j0; j < j1; j++) ring.push(vertex(i1, j));
    for (let i = i1; i > i0; i--) ring.push(vertex(i, j1));
    for (let j = j1; j > j0; j--) ring.push(vertex(i0, j));
    ring.push(ring[0]!);
    return ring;
  };
  return { cols, rows, minLon, minLat, vertex, outline };
}

/** Plan zone of the zone block (bi, bj). */
export function zoneOf(bi: number, bj: number, nbi: number, nbj: number): string {
  const d = Math.max(Math.abs(bi - Math.floor(nbi / 2)), Math.abs(bj - Math.floor(nbj / 2)));
  if (d <= 1) return '允许建设区';
  if (bi === 0 && bj === 0) return '禁止建设区';
  if (d === 2) return '有条件建设区';
  return rnd(bi, bj, 7) < 0.12 ? '禁止建设区' : '限制建设区';
}

function landUseOf(li: number, lj: number, zone: string): string {
  const r = rnd(li, lj, 3);
  if (zone === '允许建设区') return r < 0.5 ? '0701' : r < 0.75 ? '0601' : r < 0.85 ? '1003' : r < 0.95 ? '0702' : '0101';
  if (zone === '禁止建设区') return r < 0.8 ? '0301' : r < 0.95 ? '0305' : '1101';
  const table: [number, string][] = [[0.25, '0101'], [0.45, '0103'], [0.5, '0102'], [0.68, '0301'], [0.75, '0305'], [0.8, '0201'],
    [0.88, '0702'], [0.91, '0404'], [0.94, '1006'], [0.97, '1104'], [1, '0602']];
  return table.find(([p]) => r < p)![1];
}

function townshipOf(g: DemoGrid, i: number, j: number): [string, string] {
  const tc = Math.min(5, Math.floor((i / g.cols) * 6));
  const tr = Math.min(3, Math.floor((j / g.rows) * 4));
  return TOWNSHIPS[tr * 6 + tc]!;
}

/**
 * Township boundaries (乡镇界) of the demo: the 6 × 4 blocks by which `townshipOf` assigns the
 * parcels, the outer blocks stretched to the county line, each clipped to the county polygon.
 * So a parcel lies inside the township it is filed under, and the townships tile the county.
 */
export function townshipBoundaries(g: DemoGrid, county: Ring): { code: string; name: string; ring: Ring }[] {
  // The first cell index of each block column / row, as townshipOf splits them.
  const colStart = (tc: number) => Math.ceil((tc * g.cols) / 6);
  const rowStart = (tr: number) => Math.ceil((tr * g.rows) / 4);
  const xs = [-Infinity, ...[1, 2, 3, 4, 5].map((tc) => g.minLon + colStart(tc) * GRID.dx), Infinity];
  const ys = [-Infinity, ...[1, 2, 3].map((tr) => g.minLat + rowStart(tr) * GRID.dy), Infinity];
  const out: { code: string; name: string; ring: Ring }[] = [];
  for (let tr = 0; tr < 4; tr++) {
    for (let tc = 0; tc < 6; tc++) {
      const [code, name] = TOWNSHIPS[tr * 6 + tc]!;
      const ring = clipRingToBox(county, xs[tc]!, ys[tr]!, xs[tc + 1]!, ys[tr + 1]!);
      if (ring.length >= 4) out.push({ code, name, ring });
    }
  }
  return out;
}

/** Sutherland–Hodgman: the part of a closed ring inside an axis-aligned box (the ring is star-shaped here, so one part). */
function clipRingToBox(ring: Ring, x0: number, y0: number, x1: number, y1: number): Ring {
  type P = [number, number];
  let pts: P[] = ring.slice(0, -1).map((p) => [p[0]!, p[1]!]);
  const edges: [(p: P) => boolean, (a: P, b: P) => P][] = [
    [(p) => p[0] >= x0, (a, b) => [x0, a[1] + ((b[1] - a[1]) * (x0 - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= x1, (a, b) => [x1, a[1] + ((b[1] - a[1]) * (x1 - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= y0, (a, b) => [a[0] + ((b[0] - a[0]) * (y0 - a[1])) / (b[1] - a[1]), y0]],
    [(p) => p[1] <= y1, (a, b) => [a[0] + ((b[0] - a[0]) * (y1 - a[1])) / (b[1] - a[1]), y1]],
  ];
  for (const [inside, cut] of edges) {
    const next: P[] = [];
    pts.forEach((cur, i) => {
      const prev = pts[(i + pts.length - 1) % pts.length]!;
      if (inside(cur)) {
        if (!inside(prev)) next.push(cut(prev, cur));
        next.push(cur);
      } else if (inside(prev)) {
        next.push(cut(prev, cur));
      }
    });
    pts = next;
    if (!pts.length) return [];
  }
  const r7 = (v: number) => Math.round(v * 1e7) / 1e7;
  const closed: Ring = pts.map(([x, y]) => [r7(x), r7(y)]);
  closed.push(closed[0]!);
  return closed;
}

function row(layerId: number, isPublic: boolean, orgPath: string, code: string | null, name: string | null, properties: Record<string, unknown>, geom: Geometry): Row {
  const area = geom.type === 'Polygon' || geom.type === 'MultiPolygon' ? Math.round(ellipsoidalAreaM2(geom) * 100) / 100 : null;
  return { layer_id: layerId, code, name, properties, geom, bbox: boxText(bboxOf(geom)), area_m2: area, is_public: isPublic, org_path: orgPath };
}

/** Generates every demo feature, by layer code. Pure and deterministic. */
export function generateDemoFeatures(size: DemoSize, layerIds: Map<string, { id: number; isPublic: boolean }>): Row[] {
  const g = demoGrid(size);
  const L = (code: string) => layerIds.get(code)!;
  const out: Row[] = [];
  const nbi = g.cols / GRID.zoneBlock;
  const nbj = g.rows / GRID.zoneBlock;
  const zoneAt = (i: number, j: number) => zoneOf(Math.floor(i / GRID.zoneBlock), Math.floor(j / GRID.zoneBlock), nbi, nbj);
  const tPath = (i: number, j: number) => divisionPath(townshipOf(g, i, j)[0]);

  // County boundary: an irregular 36-gon around the centre that contains the whole grid.
  {
    const [cx, cy] = DEMO_COUNTY.centre;
    const ring: Ring = [];
    for (let k = 0; k < 36; k++) {
      const t = (k / 36) * 2 * Math.PI;
      const r = 0.24 + 0.025 * Math.sin(3 * t) + 0.015 * Math.cos(5 * t);
      ring.push([Math.round((cx + r * Math.cos(t)) * 1e7) / 1e7, Math.round((cy + 0.9 * r * Math.sin(t)) * 1e7) / 1e7]);
    }
    ring.push(ring[0]!);
    out.push(row(L('divisions').id, true, COUNTY_PATH, DEMO_COUNTY.code, DEMO_COUNTY.name, { xzqdm: DEMO_COUNTY.code, xzqmc: DEMO_COUNTY.name }, { type: 'Polygon', coordinates: [ring] }));
    for (const t of townshipBoundaries(g, ring)) {
      out.push(row(L('divisions').id, true, divisionPath(t.code), t.code, t.name, { xzqdm: t.code, xzqmc: t.name }, { type: 'Polygon', coordinates: [t.ring] }));
    }
  }

  // Plan zones and the ecological red line (= the 禁止建设区 blocks).
  let eco = 0;
  for (let bj = 0; bj < nbj; bj++) {
    for (let bi = 0; bi < nbi; bi++) {
      const zone = zoneOf(bi, bj, nbi, nbj);
      const i0 = bi * GRID.zoneBlock, j0 = bj * GRID.zoneBlock;
      const geom: Geometry = { type: 'Polygon', coordinates: [g.outline(i0, j0, i0 + GRID.zoneBlock, j0 + GRID.zoneBlock)] };
      const code = `GH${String(bi + 1).padStart(3, '0')}${String(bj + 1).padStart(3, '0')}`;
      out.push(row(L('plan_zones').id, true, tPath(i0, j0), code, zone, { gzqlx: zone, ghwh: '黔府函〔2023〕模拟号' }, geom));
      if (zone === '禁止建设区') {
        eco++;
        out.push(row(L('eco_redline').id, false, tPath(i0, j0), `STHX-520304-${String(eco).padStart(4, '0')}`, '生态保护红线',
          { hxbh: `STHX-520304-${String(eco).padStart(4, '0')}`, hxlx: '水源涵养' }, geom));
      }
    }
  }

  // Land-use patches (5 × 5 cells), basic farmland on cropland outside the building zones.
  const lb = GRID.landuseBlock;
  const landUse = new Map<string, string>();
  let bf = 0;
  for (let lj = 0; lj < g.rows / lb; lj++) {
    for (let li = 0; li < g.cols / lb; li++) {
      const i0 = li * lb, j0 = lj * lb;
      const zone = zoneAt(i0, j0);
      const dlbm = landUseOf(li, lj, zone);
      landUse.set(`${li},${lj}`, dlbm);
      const geom: Geometry = { type: 'Polygon', coordinates: [g.outline(i0, j0, i0 + lb, j0 + lb)] };
      const tbbh = `${String(li + 1).padStart(3, '0')}${String(lj + 1).padStart(3, '0')}`;
      out.push(row(L('landuse').id, false, tPath(i0, j0), `TB${tbbh}`, LAND_USE_NAME.get(dlbm) ?? dlbm,
        { dlbm, dlmc: LAND_USE_NAME.get(dlbm), qsxz: dlbm.startsWith('07') && dlbm !== '0702' ? '国有' : '集体' }, geom));
      if (dlbm.startsWith('01') && (zone === '限制建设区' || zone === '有条件建设区') && rnd(li, lj, 5) < 0.7) {
        bf++;
        out.push(row(L('basic_farmland').id, false, tPath(i0, j0), `JBNT${tbbh}`, '永久基本农田',
          { bhbh: `JBNT${tbbh}`, dlbm, zldj: String(5 + Math.floor(rnd(li, lj, 6) * 6)) }, geom));
      }
    }
  }

  // Parcels: one per cell.
  const seqBySub = new Map<string, number>();
  for (let j = 0; j < g.rows; j++) {
    for (let i = 0; i < g.cols; i++) {
      const dlbm = landUse.get(`${Math.floor(i / lb)},${Math.floor(j / lb)}`)!;
      const sub = `${String(Math.floor(i / GRID.zoneBlock) + 1).padStart(3, '0')}${String(Math.floor(j / GRID.zoneBlock) + 1).padStart(3, '0')}`;
      const seq = (seqBySub.get(sub) ?? 0) + 1;
      seqBySub.set(sub, seq);
      const group = dlbm.slice(0, 2);
      const feature = ['05', '06', '07', '08', '10'].includes(group) && dlbm !== '0702' ? 'GB' : dlbm === '0702' ? 'JC' : 'JD';
      const code = `${DEMO_COUNTY.code}${sub}${feature}${String(seq).padStart(5, '0')}`;
      const [, township] = townshipOf(g, i, j);
      const village = `${VILLAGE_A[Math.floor(rnd(Math.floor(i / 25), Math.floor(j / 25), 8) * 10)]}${VILLAGE_B[Math.floor(rnd(Math.floor(i / 25), Math.floor(j / 25), 9) * 10)]}村`;
      const address = `播州区${township}${village}${(j % 25) * 25 + (i % 25) + 1}号`;
      const holder = feature === 'GB' ? '遵义市播州区国有土地使用权人（模拟）' : `${village}农民集体（模拟）`;
      const geom: Geometry = { type: 'Polygon', coordinates: [g.outline(i, j, i + 1, j + 1)] };
      const r = row(L('parcels').id, false, tPath(i, j), code, LAND_USE_NAME.get(dlbm) ?? dlbm, { zddm: code, zl: address, dlbm, qlr: holder }, geom);
      r.properties.zdmj = r.area_m2;
      out.push(r);
    }
  }

  // Approved construction land (public once disclosed) and the supplied part of it.
  const zone36 = gk3ZoneEpsg(zoneOfLongitude(DEMO_COUNTY.centre[0]));
  const nApproved = size === 'full' ? 40 : 8;
  let k = 0;
  for (let n = 0; k < nApproved && n < 10_000; n++) {
    const i0 = Math.floor(rnd(n, 11) * (g.cols - 6)), j0 = Math.floor(rnd(n, 12) * (g.rows - 5));
    const zone = zoneAt(i0, j0);
    if (zone !== '允许建设区' && zone !== '有条件建设区') continue;
    k++;
    const w = 2 + Math.floor(rnd(n, 13) * 4), h = 2 + Math.floor(rnd(n, 14) * 3);
    const geom: Geometry = { type: 'Polygon', coordinates: [g.outline(i0, j0, i0 + w, j0 + h)] };
    const year = 2019 + (k % 6);
    const pzwh = `黔府土批〔${year}〕${k}号`;
    const area = Math.round(ellipsoidalAreaM2(geom));
    const xmmc = `播州区${['产业园', '安置房', '学校', '道路', '物流园'][k % 5]}建设项目（模拟${k}）`;
    out.push(row(L('approved_land').id, true, tPath(i0, j0), pzwh, xmmc, { pzwh, pzrq: `${year}-0${1 + (k % 9)}-15`, xmmc, pzmj: area }, geom));
    if (k % 3 !== 0) {
      const dzjgh = `5203042${year}B${String(k).padStart(5, '0')}`;
      out.push(row(L('supplied_land').id, true, tPath(i0, j0), dzjgh, xmmc,
        { dzjgh, gdfs: k % 2 === 0 ? '出让' : '划拨', htqdrq: `${year}-1${k % 3}-01`, srr: '遵义市播州区某建设单位（模拟）' }, geom));
    }
  }

  // Mining rights: rectangles in the CGCS2000 3° zone (zone 36, CM 108°E), corners J1…J4.
  const nMines = size === 'full' ? 30 : 6;
  for (let m = 1; m <= nMines; m++) {
    const lon = g.minLon + rnd(m, 21) * g.cols * GRID.dx, lat = g.minLat + rnd(m, 22) * g.rows * GRID.dy;
    const [e, nn] = fromCgcs2000(zone36, [lon, lat]) as [number, number];
    const wE = 200 + Math.round(rnd(m, 23) * 1200), hN = 200 + Math.round(rnd(m, 24) * 900);
    const x0 = Math.round(nn), y0 = Math.round(e);
    const corners: [string, number, number][] = [['J1', x0, y0], ['J2', x0, y0 + wE], ['J3', x0 + hN, y0 + wE], ['J4', x0 + hN, y0]];
    const ring: Ring = corners.map(([, x, y]) => toCgcs2000(zone36, [y, x]).map((v) => Math.round(v * 1e9) / 1e9));
    ring.push(ring[0]!);
    const kqbh = `C5203002${String(2010 + (m % 12))}0${String(m).padStart(6, '0')}`;
    const kz = ['建筑石料用灰岩', '煤', '铝土矿', '页岩', '砂岩'][m % 5]!;
    out.push(row(L('mining_rights').id, false, COUNTY_PATH, kqbh, `播州区${kz}矿（模拟${m}）`, {
      kqbh, kqmc: `播州区${kz}矿（模拟${m}）`, kqlx: m % 4 === 0 ? '探矿权' : '采矿权', kz, yxqz: `20${28 + (m % 8)}-12-31`,
      zbx: `CGCS2000 3度带 第36带 (EPSG:${zone36})`, gdzb: corners.map(([p, x, y]) => ({ dh: p, x, y })),
    }, { type: 'Polygon', coordinates: [ring] }));
  }

  // Geological hazard sites (points).
  const nHazards = size === 'full' ? 120 : 15;
  const kinds = ['滑坡', '崩塌', '泥石流', '地面塌陷', '不稳定斜坡'];
  for (let s = 1; s <= nHazards; s++) {
    const lon = Math.round((g.minLon + rnd(s, 31) * g.cols * GRID.dx) * 1e7) / 1e7, lat = Math.round((g.minLat + rnd(s, 32) * g.rows * GRID.dy) * 1e7) / 1e7;
    const code = `520304${String(s).padStart(4, '0')}`;
    const i = Math.floor((lon - g.minLon) / GRID.dx), j = Math.floor((lat - g.minLat) / GRID.dy);
    const zhlx = kinds[s % kinds.length]!;
    out.push(row(L('hazard_sites').id, false, tPath(i, j), code, `${zhlx}隐患点${s}`,
      { zhdbh: code, zhlx, gm: ['小型', '中型', '大型'][s % 3], wxrs: 5 + Math.floor(rnd(s, 33) * 200) }, { type: 'Point', coordinates: [lon, lat] }));
  }
  return out;
}

/** Registers the built-in layers (idempotent by code) and returns their ids. */
export async function registerLayers(trx: Tx | Db): Promise<Map<string, { id: number; isPublic: boolean }>> {
  for (const d of LAYER_DEFS) {
    await trx.insertInto('map.layers').values({
      code: d.code, name: d.name, nameEn: d.nameEn, kind: d.kind, geometryType: d.geometryType, attributeSchema: JSON.stringify(d.attributeSchema),
      visibility: d.visibility, orgPath: COUNTY_PATH, synthetic: true, sourceNote: SOURCE_NOTE, style: JSON.stringify(d.style), sortOrder: d.sortOrder,
      updatedBy: null,
    }).onConflict((oc) => oc.column('code').doNothing()).execute();
  }
  const rows = await trx.selectFrom('map.layers').select(['id', 'code', 'visibility']).execute();
  return new Map(rows.map((r) => [r.code, { id: r.id, isPublic: r.visibility === 'public' }]));
}

/** Bulk-inserts features (no history rows: a seeded feature's history starts with its first edit). */
export async function bulkInsertFeatures(trx: Tx | Db, rows: Row[], chunk = 5000): Promise<void> {
  for (let k = 0; k < rows.length; k += chunk) {
    const part = JSON.stringify(rows.slice(k, k + chunk));
    await sql`insert into map.features (layer_id, code, name, properties, geom, bbox, area_m2, is_public, org_path)
      select layer_id, code, name, properties, geom, bbox::box, area_m2, is_public, org_path::ltree
      from jsonb_to_recordset(${part}::jsonb) as r(layer_id bigint, code text, name text, properties jsonb, geom jsonb, bbox text,
        area_m2 double precision, is_public boolean, org_path text)`.execute(trx);
  }
  await sql`update map.layers l set feature_count = (select count(*) from map.features f where f.layer_id = l.id)`.execute(trx);
}

/** The demo size: `MAP_DEMO_SIZE=small|full`; the test template uses small (see scripts/test.ts), `npm start` full. */
export function demoSize(): DemoSize {
  return process.env.MAP_DEMO_SIZE === 'small' ? 'small' : 'full';
}

/** Seeds the layers and the demo features of 播州区 in the caller's (owner) transaction. */
export async function seedDemoMap(trx: Db, size: DemoSize = demoSize()): Promise<{ features: number; ms: number }> {
  const t0 = performance.now();
  // Owner connection inside the seed's transaction: the country scope, should RLS apply to it.
  await sql`select set_config('sunland.scopes', ${scopesLiteral(SYSTEM_CONTEXT.scopes)}, true)`.execute(trx);
  const ids = await registerLayers(trx);
  const rows = generateDemoFeatures(size, ids);
  await bulkInsertFeatures(trx, rows);
  return { features: rows.length, ms: Math.round(performance.now() - t0) };
}

/**
 * Demo points or shapes that another module owns on a map layer (e.g. hazards' 隐患点 on
 * `hazard_sites`), written by the seed with the migration role: a feature of the same code is
 * replaced, and the layer's count kept true. Does nothing when the layer does not exist.
 */
export async function seedModuleFeatures(db: Db, layerCode: string,
  features: { code: string; name: string; properties: Record<string, unknown>; geometry: Geometry; orgPath: string }[]): Promise<void> {
  const layer = await db.selectFrom('map.layers').select(['id', 'visibility']).where('code', '=', layerCode).executeTakeFirst();
  if (!layer) return;
  for (const f of features) {
    await db.deleteFrom('map.features').where('layerId', '=', layer.id).where('code', '=', f.code).execute();
    const [w, s, e, n] = bboxOf(f.geometry);
    await db.insertInto('map.features').values({
      layerId: layer.id, code: f.code, name: f.name, properties: JSON.stringify(f.properties), geom: JSON.stringify(f.geometry),
      bbox: `((${w},${s}),(${e},${n}))`, areaM2: null, isPublic: layer.visibility === 'public', orgPath: f.orgPath, updatedBy: null,
    }).execute();
  }
  await sql`update map.layers set feature_count = (select count(*) from map.features where layer_id = ${layer.id}) where id = ${layer.id}`.execute(db);
}
