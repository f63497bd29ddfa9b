/**
 * Automatic pre-check (内业预判) of a patch against the one map (map module's overlay engine,
 * through map/index.ts): approvals and supplies matched with their numbers and matched share,
 * temporary-land and facility-agriculture filings, cropland and permanent basic farmland
 * occupied, plan zones, mining rights; then the suggested class by the rules of the classes
 * table (patches.classes: match / partial_match / default), tried in sort order.
 */
import type { Tx } from '../../platform/db/context.ts';
import type { Polygonal } from '../../platform/geo/index.ts';
import { overlayLayers, overlayEngine } from '../map/index.ts';
import type { Precheck } from './patches.tables.ts';

export const APPROVAL_LAYERS = ['approved_land', 'supplied_land', 'temporary_land', 'facility_agri'] as const;
const LAYERS = [...APPROVAL_LAYERS, 'landuse', 'basic_farmland', 'plan_zones', 'mining_rights'];
/** The approval number and date attribute of each approval-like layer. */
const NUMBER_KEY: Record<string, [string, string]> = {
  approved_land: ['pzwh', 'pzrq'], supplied_land: ['dzjgh', 'htqdrq'], temporary_land: ['pzwh', 'pzrq'], facility_agri: ['bah', 'barq'],
};

export interface ClassRule { code: string; rule: 'match' | 'partial_match' | 'default' | 'manual'; matchLayers: string[]; minShare: string | number; sortOrder: number; active: boolean }

const r2 = (v: number) => Math.round(v * 100) / 100;
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

export async function precheckPatch(trx: Tx, geom: Polygonal, areaM2: number): Promise<Precheck> {
  const overlaps = await overlayLayers(trx, geom, LAYERS);
  const approvals: Precheck['approvals'] = [];
  let cropland = 0; let farmland = 0;
  const zones = new Map<string, number>();
  const mining: Precheck['miningRights'] = [];
  for (const o of overlaps) {
    if (o.layer in NUMBER_KEY) {
      const [numKey, dateKey] = NUMBER_KEY[o.layer]!;
      approvals.push({
        layer: o.layer, code: (o.properties[numKey] as string | undefined) ?? o.code, name: o.name,
        date: (o.properties[dateKey] as string | undefined) ?? null, overlapM2: r2(o.overlapM2), share: r4(Math.min(1, o.overlapM2 / areaM2)),
      });
    } else if (o.layer === 'landuse') {
      if (String(o.properties.dlbm ?? '').startsWith('01')) cropland += o.overlapM2;
    } else if (o.layer === 'basic_farmland') farmland += o.overlapM2;
    else if (o.layer === 'plan_zones') {
      const z = String(o.properties.gzqlx ?? o.name ?? '');
      zones.set(z, (zones.get(z) ?? 0) + o.overlapM2);
    } else if (o.layer === 'mining_rights') mining.push({ code: (o.properties.kqbh as string | undefined) ?? o.code, name: o.name, overlapM2: r2(o.overlapM2) });
  }
  const byLayer = new Map<string, number>();
  for (const a of approvals) byLayer.set(a.layer, Math.min(1, (byLayer.get(a.layer) ?? 0) + a.share));
  return {
    engine: (await overlayEngine()).name,
    approvals,
    approvedShare: r4(Math.max(byLayer.get('approved_land') ?? 0, byLayer.get('supplied_land') ?? 0)),
    croplandM2: r2(Math.min(cropland, areaM2)),
    basicFarmlandM2: r2(Math.min(farmland, areaM2)),
    planZones: [...zones].map(([zone, m2]) => ({ zone, overlapM2: r2(m2) })).sort((a, b) => b.overlapM2 - a.overlapM2),
    miningRights: mining,
    matched: [...byLayer].map(([layer, share]) => ({ layer, code: approvals.find((a) => a.layer === layer)?.code ?? null, share: r4(share) })),
  };
}

/**
 * The suggested class: the first rule (by sort order) that holds. `match`: the features of its
 * layers cover at least min_share of the patch (the best single layer counts); `partial_match`:
 * an approval of the batch's year overlaps the patch but does not match it (B); `default`: W.
 */
export function suggestClass(p: Precheck, rules: readonly ClassRule[], year: number): string | null {
  const share = (layers: string[]) => Math.max(0, ...layers.map((l) => p.matched.find((m) => m.layer === l)?.share ?? 0));
  for (const r of [...rules].filter((x) => x.active).sort((a, b) => a.sortOrder - b.sortOrder)) {
    if (r.rule === 'match' && r.matchLayers.length && share(r.matchLayers) >= Number(r.minShare)) return r.code;
    if (r.rule === 'partial_match' && p.approvals.some((a) => r.matchLayers.includes(a.layer) && a.date?.startsWith(String(year)))) return r.code;
    if (r.rule === 'default') return r.code;
  }
  return null;
}
