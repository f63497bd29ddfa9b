/**
 * Demo data of the patches module (DEMO=true, once, after the demo map): one batch of the
 * 2024 monitoring with patches in 播州区 — one on an approved construction site (suggested
 * 合法), one half on a 2024 approval (B), the rest on open land (W) — imported through the same
 * path as a file (analyse, pre-check, insert), with synthetic imagery (合成影像).
 */
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/context.ts';
import type { Feature, Geometry, Polygonal } from '../../platform/geo/index.ts';
import { createPatchesService } from './patches.service.ts';
import { COUNTY_PATH, DEMO_COUNTY, layerFeaturesInBox, seedModuleFeatures } from '../map/index.ts';

export const DEMO_BATCH_NAME = '2024年度卫片执法第4季度监测（演示）';

function rect(minLon: number, minLat: number, w: number, h: number): Polygonal {
  const r = (v: number) => Math.round(v * 1e7) / 1e7;
  return { type: 'Polygon', coordinates: [[[r(minLon), r(minLat)], [r(minLon + w), r(minLat)], [r(minLon + w), r(minLat + h)], [r(minLon), r(minLat + h)], [r(minLon), r(minLat)]]] };
}

/** Demo patches as GeoJSON features: what a 部下发 file holds (TBBH, BHLX, QSX, HSX, TBMJ). */
export async function demoPatchFeatures(trx: Tx): Promise<Feature[]> {
  const rows = await layerFeaturesInBox(trx, 'approved_land', null, { limit: 2, propertyPrefix: { name: 'pzrq', prefix: '2024' } });
  const [cx, cy] = DEMO_COUNTY.centre;
  const features: Feature[] = [];
  const add = (n: number, geom: Geometry, bhlx: string, qsx: string, hsx: string) => features.push({
    type: 'Feature', geometry: geom, properties: { TBBH: `5203042024Q4${String(n).padStart(4, '0')}`, BHLX: bhlx, QSX: qsx, HSX: hsx },
  });
  let n = 1;
  if (rows[0]) add(n++, rows[0].geom, '新增建设', '耕地', '建设用地');
  if (rows[1] && rows[1].geom.type === 'Polygon') {
    const ring = rows[1].geom.coordinates[0]!;
    const xs = ring.map((p) => p[0]!); const ys = ring.map((p) => p[1]!);
    const w = Math.max(...xs) - Math.min(...xs); const h = Math.max(...ys) - Math.min(...ys);
    add(n++, rect(Math.min(...xs) + w * 0.6, Math.min(...ys) + h * 0.2, w * 0.8, h * 0.6), '新增建设', '耕地', '建设用地');
  }
  const offsets: [number, number][] = [[-0.018, -0.012], [0.015, -0.01], [-0.012, 0.011], [0.019, 0.013]];
  for (const [dx, dy] of offsets) add(n++, rect(cx + dx, cy + dy, 0.0007, 0.0006), '新增建设', '耕地', '建设用地');
  return features;
}

export async function seedDemoPatches(db: Db): Promise<void> {
  const trx = db as unknown as Tx;
  // Seeds write with the migration role and no audit entry, like the other modules' demo data.
  const svc = createPatchesService({ db, audit: { record: async () => {} } });
  const system = { userId: 0, username: 'demo-seed', displayName: '系统', kind: 'staff' as const, postId: null, orgUnitId: null, scopePath: 'cn.p52.c5203', permissions: new Set<string>() };
  const b = await svc.createBatch(trx, system, {
    name: DEMO_BATCH_NAME, source: 'ministry', beforeDate: '2024-09-30', afterDate: '2024-12-31', areaDesc: '遵义市播州区', deadline: '2025-02-28',
    imageryBeforeUrl: null, imageryAfterUrl: null, syntheticImagery: true,
  });
  const base = `/api/patches/batches/${b.batchNo}/imagery`;
  await trx.updateTable('patches.batches').set({ imageryBeforeUrl: `${base}/before/{z}/{x}/{y}.png`, imageryAfterUrl: `${base}/after/{z}/{x}/{y}.png` }).where('id', '=', b.id).execute();
  await svc.importFeatures(trx, system, b.batchNo, await demoPatchFeatures(trx), { dryRun: false, skipDuplicates: true });
  await seedDemoPrecheckLayers(db);
}

/**
 * A temporary-land approval (临时用地) and a facility-agriculture filing (设施农业用地) on the demo
 * map, on open land away from the demo patches: a patch imported over one of them is suggested
 * 其他 (OTHER_TEMP / OTHER_FACILITY) by the pre-check. Synthetic, like the rest of the demo map.
 */
export const DEMO_TEMPORARY_LAND = rect(DEMO_COUNTY.centre[0] + 0.005, DEMO_COUNTY.centre[1] - 0.016, 0.0012, 0.0009);
export const DEMO_FACILITY_AGRI = rect(DEMO_COUNTY.centre[0] - 0.006, DEMO_COUNTY.centre[1] + 0.016, 0.0012, 0.0009);
export async function seedDemoPrecheckLayers(db: Db): Promise<void> {
  await seedModuleFeatures(db, 'temporary_land', [{
    code: '播自然资临〔2024〕12号', name: '遵绥高速扩容工程施工便道及拌合站临时用地（演示）', orgPath: COUNTY_PATH, geometry: DEMO_TEMPORARY_LAND,
    properties: { pzwh: '播自然资临〔2024〕12号', pzrq: '2024-06-20', dqrq: '2026-06-19', yt: '施工便道、拌合站' },
  }]);
  await seedModuleFeatures(db, 'facility_agri', [{
    code: 'SSNY-520304-2024-031', name: '三岔镇蔬菜大棚设施农业用地备案（演示）', orgPath: COUNTY_PATH, geometry: DEMO_FACILITY_AGRI,
    properties: { bah: 'SSNY-520304-2024-031', barq: '2024-05-08', sslx: '种植设施（连栋大棚）', jyz: '播州区某蔬菜专业合作社' },
  }]);
}
