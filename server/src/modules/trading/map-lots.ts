/**
 * Lots on the one map (出让地块 layer `trading_lots`, public): a lot appears when its announcement
 * is published, shows its phase while bidding runs and its result at close, in the transaction
 * of that step (map/index.ts `upsertLayerFeature`, which bumps the layer version so tiles refresh).
 * A lot without a polygon (entered without a shape, or a mining right given by its corner points
 * only) is not drawn.
 */
import type { Tx } from '../../platform/db/context.ts';
import { upsertLayerFeature, removeLayerFeature, type LayerFeatureChange } from '../map/index.ts';
import type { Lot } from './lots.ts';

export const LOTS_LAYER = 'trading_lots';

const METHOD = { listing: '挂牌', auction: '拍卖', tender: '招标' } as const;
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** The lot's state as the map's legend names it (layer style field `zt`). */
export function mapState(l: Pick<Lot, 'status' | 'outcome'>): string {
  if (l.status === 'closed') return l.outcome === 'sold' ? '已成交' : '流拍';
  if (l.status === 'announced') return '已公告';
  return '竞价中';
}

/** Puts the lot on the map (or brings its feature up to date); null when it has no polygon or the layer is not registered. */
export async function syncLotOnMap(trx: Tx, l: Lot, userId: number | null = null): Promise<LayerFeatureChange | null> {
  if (l.status === 'draft') return null;
  // 终止出让: the lot is no longer offered, so it leaves the map.
  if (l.outcome === 'withdrawn') { await removeLayerFeature(trx, { layerCode: LOTS_LAYER, key: l.lotNo, userId }); return null; }
  const g = l.geometry as { type?: string } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return null;
  return upsertLayerFeature(trx, {
    layerCode: LOTS_LAYER, key: l.lotNo, name: l.title, geometry: g, orgPath: l.orgPath, userId,
    properties: {
      dkbh: l.lotNo, crlx: l.kind === 'land' ? '国有建设用地使用权' : '矿业权', crfs: METHOD[l.method], zt: mapState(l),
      yt: (l.kind === 'land' ? l.landUse : l.mineral) ?? null, qsj: l.startPrice, cjj: l.status === 'closed' ? l.finalPrice : null,
      gpqs: chinaDay(l.listingStart), gpjz: chinaDay(l.listingEnd),
    },
  });
}
