/**
 * Demo lots (演示数据): two drafts drawn up by the demo reviewer (审查 李强), ready for the demo
 * leader to approve and publish — approval runs the date rules, makes the lot key and logs the
 * announcement, so the demo goes through the real steps. Dates are relative to the first start.
 */
import type { Db } from '../../platform/db/database.ts';

const DAY = 86400_000;

export async function seedDemoTrading(db: Db): Promise<void> {
  const reviewer = await db.selectFrom('identity.users').select(['id', 'orgPath']).where('username', '=', 'reviewer').executeTakeFirst();
  if (!reviewer?.orgPath) return;
  const now = Date.now();
  const at = (days: number, hour = 2) => { const d = new Date(now + days * DAY); d.setUTCHours(hour, 0, 0, 0); return d; };
  const year = new Date(now + 8 * 3600_000).getUTCFullYear();
  await db.insertInto('trading.lots').values([
    {
      lotNo: `TD${year}-DE0001`, orgPath: reviewer.orgPath, kind: 'land', method: 'listing', title: '播州区南部新区 BZ-2026-12 号商住用地',
      geometry: JSON.stringify({ type: 'Polygon', coordinates: [[[106.82, 27.53], [106.823, 27.53], [106.823, 27.532], [106.82, 27.532], [106.82, 27.53]]] }),
      areaM2: 66210.5, landUse: '城镇住宅用地、商服用地', termYears: 70, mineral: null,
      indicators: JSON.stringify({ 容积率: '1.0–2.5', 建筑密度: '≤30%', 绿地率: '≥35%', 建筑限高: '≤60米' }),
      // 开工/竣工时间 as dates: about six months after listing ends, completion three years later.
      startBy: at(45 + 183).toISOString().slice(0, 10), completeBy: at(45 + 183 + 3 * 365).toISOString().slice(0, 10),
      conditions: '中华人民共和国境内外的法人、自然人和其他组织均可申请参加，法律另有规定者除外；不接受联合竞买。',
      startPrice: 98_000_000, increment: 500_000, deposit: 20_000_000, minBidders: 1,
      listingStart: at(30), listingEnd: at(45, 7), depositDeadline: at(43, 8), createdBy: reviewer.id,
    },
    {
      lotNo: `KY${year}-DE0002`, orgPath: reviewer.orgPath, kind: 'mining', method: 'auction', title: '播州区鸭溪镇建筑用灰岩矿采矿权',
      geometry: JSON.stringify({ type: 'MultiPoint', coordinates: [[106.61, 27.61], [106.617, 27.61], [106.617, 27.615], [106.61, 27.615]] }),
      areaM2: 152300, landUse: null, termYears: 10, mineral: '建筑用灰岩', indicators: JSON.stringify({ 生产规模: '50万吨/年', 开采方式: '露天开采' }),
      conditions: '具有独立法人资格的企业，具备相应的开采能力和安全生产条件。',
      startPrice: 12_600_000, increment: 100_000, deposit: 2_520_000, minBidders: 3,
      listingStart: at(40), listingEnd: at(60, 7), depositDeadline: at(58, 8), createdBy: reviewer.id,
    },
  ]).execute();
}
