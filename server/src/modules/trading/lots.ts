/**
 * Lots and announcements (出让宗地与出让公告), 招标拍卖挂牌出让国有建设用地使用权规定 (39号令)
 * arts. 10, 15, 19 and the mining-right rules: the announcement goes out at least 20 days before
 * listing starts (20 working days for mining rights), listing lasts at least 10 days (working
 * days for mining rights). Once approved and published, a lot is frozen.
 */
import crypto from 'node:crypto';
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { TradingDeps } from './trading.deps.ts';
import { newLotKeyPair } from './seal.ts';
import { syncLotOnMap } from './map-lots.ts';
import type { LotKind, LotMethod, LotsTable } from './trading.tables.ts';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';

export type Lot = Selectable<LotsTable>;

export interface LotInput {
  kind: LotKind;
  method: LotMethod;
  title: string;
  parcel: { layer: string; id: number } | null;
  geometry: unknown;
  areaM2: number | null;
  landUse: string | null;
  termYears: number;
  indicators: Record<string, unknown>;
  /** 开工时间 / 竣工时间 (YYYY-MM-DD), land lots only; completion after start. */
  startBy?: string | null;
  completeBy?: string | null;
  mineral: string | null;
  conditions: string;
  startPrice: number;
  increment: number;
  deposit: number;
  minBidders: number | null;
  listingStart: string;
  listingEnd: string;
  depositDeadline: string;
  confirmMinutes: number;
  countdownMinutes: number;
  reserveWindowMinutes: number;
  /** Tender only: 评标办法, the price's weight and the panel size (comprehensive). */
  evaluation?: 'highest_price' | 'comprehensive' | null;
  priceWeight?: number | null;
  panelSize?: number | null;
}

/** Bidding dates in Beijing time: the calendar counts days by their China date. */
export const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400_000);

/** A lot document as the announcement names it (frozen with it: its sha256 is in the hashed text). */
export interface AnnouncedDocument { id: number; kind: string; name: string; sha256: string; size: number; mime: string }

/**
 * The announcement text that is hashed and logged (公告要素), in a fixed key order. The dates and
 * the documents appear only when the lot has them, so that older announcements keep their hash.
 */
export function announcementOf(l: Lot, documents: AnnouncedDocument[] = []) {
  return {
    lotNo: l.lotNo, kind: l.kind, method: l.method, title: l.title, geometry: l.geometry, areaM2: Number(l.areaM2), landUse: l.landUse,
    termYears: l.termYears, indicators: l.indicators, mineral: l.mineral, conditions: l.conditions, startPrice: l.startPrice,
    increment: l.increment, deposit: l.deposit, minBidders: l.minBidders, listingStart: l.listingStart.toISOString(),
    listingEnd: l.listingEnd.toISOString(), depositDeadline: l.depositDeadline.toISOString(), confirmMinutes: l.confirmMinutes,
    countdownMinutes: l.countdownMinutes, publicKey: l.publicKey ? l.publicKey.toString('base64') : null,
    ...(l.method === 'tender' ? {
      evaluation: l.evaluation, priceWeight: l.priceWeight, panelSize: l.panelSize,
      openingPublicKey: l.openingPublicKey ? l.openingPublicKey.toString('base64') : null,
    } : {}),
    ...(l.startBy || l.completeBy ? { startBy: l.startBy, completeBy: l.completeBy } : {}),
    ...(documents.length ? { documents: documents.map((d) => ({ kind: d.kind, name: d.name, sha256: d.sha256, size: d.size })) } : {}),
  };
}

/** The documents of a lot, in the order attached (RLS: a draft's only inside the scope). */
export async function listLotDocuments(trx: Tx, lotId: number): Promise<AnnouncedDocument[]> {
  const rows = await trx.selectFrom('trading.lot_documents').select(['id', 'kind', 'name', 'sha256', 'size', 'mime'])
    .where('lotId', '=', lotId).orderBy('id').execute();
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

export function createLotUseCases(deps: TradingDeps) {
  async function lockLot(trx: Tx, lotNo: string): Promise<Lot> {
    const l = await trx.selectFrom('trading.lots').selectAll().where('lotNo', '=', lotNo).forUpdate().executeTakeFirst();
    if (!l) throw new AppError('trading.lot_not_found', `lotNo: no lot ${lotNo}`, { field: 'lotNo' });
    return l;
  }

  /** Checks the date rules against the calendar; names the rule that is broken. */
  async function checkDates(kind: LotKind, publishedAt: Date, l: { method: string; listingStart: Date; listingEnd: Date; depositDeadline: Date }) {
    const pub = chinaDate(publishedAt);
    const start = chinaDate(l.listingStart);
    const end = chinaDate(l.listingEnd);
    if (kind === 'mining') {
      const earliest = await deps.calendar.addWorkdays(pub, 20);
      if (start < earliest) throw new AppError('trading.date_rule', `listingStart: the announcement must be published at least 20 working days before listing starts (公告期不少于20个工作日): listing may start on ${earliest} at the earliest`, { field: 'listingStart', rule: 'announce_20_workdays', earliest });
      const minEnd = await deps.calendar.addWorkdays(start, 10);
      if (end < minEnd) throw new AppError('trading.date_rule', `listingEnd: listing lasts at least 10 working days (挂牌期不少于10个工作日): it may end on ${minEnd} at the earliest`, { field: 'listingEnd', rule: 'listing_10_workdays', earliest: minEnd });
    } else {
      if (daysBetween(pub, start) < 20) throw new AppError('trading.date_rule', `listingStart: the announcement must be published at least 20 days before listing starts (39号令 第十条, 公告期不少于20日)`, { field: 'listingStart', rule: 'announce_20_days' });
      // A tender's bidding period has no 10-day minimum (39号令 第十九条 is about listing).
      if (l.method !== 'tender' && daysBetween(start, end) < 10) throw new AppError('trading.date_rule', `listingEnd: listing lasts at least 10 days (39号令 第十九条, 挂牌时间不得少于10日)`, { field: 'listingEnd', rule: 'listing_10_days' });
    }
    if (l.depositDeadline > l.listingEnd) throw invalid('depositDeadline', 'the deposit deadline is before listing ends', '不能晚于挂牌截止时间');
  }

  return {
    lockLot,

    async createLot(trx: Tx, actor: ActingUser, input: LotInput): Promise<Lot> {
      let geometry: unknown = input.geometry ?? null;
      let areaM2 = input.areaM2;
      if (input.parcel) {
        if (!deps.getParcel) throw invalid('parcel', 'the map is not available', '一张图暂不可用，无法选取宗地');
        const f = await deps.getParcel(actor, input.parcel.layer, input.parcel.id);
        geometry = f.geometry;
        areaM2 = areaM2 ?? f.areaM2;
      }
      if (!areaM2 || areaM2 <= 0) throw invalid('areaM2', 'give the area in m² or a parcel with one', '请填写面积（平方米），或选择有面积的宗地');
      if (input.kind === 'mining' && !input.mineral) throw invalid('mineral', 'a mining right names its mineral (矿种)', '矿业权出让须填写矿种');
      if (input.kind === 'land' && !input.landUse) throw invalid('landUse', 'a land lot names its use (土地用途)', '土地出让须填写土地用途');
      const startBy = input.startBy ?? null;
      const completeBy = input.completeBy ?? null;
      if (input.kind === 'mining' && (startBy || completeBy)) throw invalid(startBy ? 'startBy' : 'completeBy', 'start and completion dates (开工/竣工时间) belong to a land lot', '开工、竣工时间仅适用于土地出让');
      if (completeBy && !startBy) throw invalid('startBy', 'give the start date (开工时间) with the completion date', '填写竣工时间时须同时填写开工时间');
      if (startBy && completeBy && !(completeBy > startBy)) throw invalid('completeBy', 'the completion date (竣工时间) is after the start date (开工时间)', '竣工时间应晚于开工时间');
      const listingStart = new Date(input.listingStart);
      const listingEnd = new Date(input.listingEnd);
      const depositDeadline = new Date(input.depositDeadline);
      if (!(listingEnd > listingStart)) throw invalid('listingEnd', 'listing ends after it starts', '应晚于挂牌起始时间');
      const tender = input.method === 'tender';
      if (tender && !input.evaluation) throw invalid('evaluation', 'a tender states its evaluation method (评标办法): highest_price or comprehensive', '招标出让须选择评标办法：价高者得或综合评标');
      if (!tender && input.evaluation) throw invalid('evaluation', 'only a tender (招标) has an evaluation method', '只有招标出让才有评标办法');
      if (input.evaluation === 'comprehensive' && (input.priceWeight == null || input.panelSize == null)) {
        throw invalid(input.priceWeight == null ? 'priceWeight' : 'panelSize', 'a comprehensive evaluation (综合评标) states the price weight and the panel size', '综合评标须填写价格分权重和评标委员会人数');
      }
      if (depositDeadline > listingEnd) throw invalid('depositDeadline', 'the deposit deadline is before listing ends', '不能晚于挂牌截止时间');
      // Mining-right auctions need three bidders (矿业权出让: 拍卖不少于3人).
      const minBidders = Math.max(input.minBidders ?? 1, input.kind === 'mining' && input.method === 'auction' ? 3 : 1);
      const year = chinaDate(new Date()).slice(0, 4);
      const lotNo = `${input.kind === 'land' ? 'TD' : 'KY'}${year}-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
      const l = await trx.insertInto('trading.lots').values({
        lotNo, orgPath: actor.scopePath!, kind: input.kind, method: input.method, title: input.title,
        parcelId: input.parcel?.id ?? null, geometry: geometry === null ? null : JSON.stringify(geometry), areaM2,
        landUse: input.landUse, termYears: input.termYears, indicators: JSON.stringify(input.indicators), mineral: input.mineral, startBy, completeBy,
        conditions: input.conditions, startPrice: input.startPrice, increment: input.increment, deposit: input.deposit, minBidders,
        listingStart, listingEnd, depositDeadline, confirmMinutes: input.confirmMinutes, countdownMinutes: input.countdownMinutes,
        reserveWindowMinutes: input.reserveWindowMinutes, createdBy: actor.userId, orgUnitId: actor.orgUnitId,
        evaluation: tender ? input.evaluation! : null,
        priceWeight: input.evaluation === 'comprehensive' ? input.priceWeight! : null,
        panelSize: input.evaluation === 'comprehensive' ? input.panelSize! : null,
      }).returningAll().executeTakeFirstOrThrow();
      await deps.audit.record(trx, actor, { action: 'trading.lot.created', entityType: 'trading.lot', entityId: l.id, orgPath: l.orgPath, details: { lotNo, kind: l.kind, method: l.method } });
      return l;
    },

    /** Approves and publishes the announcement (审核发布): dates checked, key pair made, hash logged, lot frozen. */
    async approveLot(trx: Tx, actor: ActingUser, lotNo: string): Promise<Lot> {
      const l = await lockLot(trx, lotNo);
      if (l.status !== 'draft') throw new AppError('trading.lot_wrong_state', `the lot is ${l.status}: its announcement is published and frozen`);
      if (l.createdBy === actor.userId) throw new AppError('trading.same_person', 'the announcement is approved by someone other than who drew it up (审核与编制分离)');
      const { rows: [clock] } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(trx);
      await checkDates(l.kind, clock!.now, l);
      const keys = newLotKeyPair();
      await sql`select trading.store_key(${l.id}, ${keys.privateDer})`.execute(trx);
      // A tender's bids are sealed to a second key, opened at the deadline (the bidders stay sealed to the first until close).
      const opening = l.method === 'tender' ? newLotKeyPair() : null;
      if (opening) await sql`select trading.store_opening_key(${l.id}, ${opening.privateDer})`.execute(trx);
      const frozen = { ...l, publicKey: keys.publicRaw, openingPublicKey: opening?.publicRaw ?? null };
      const docs = await listLotDocuments(trx, l.id);
      const text = announcementOf(frozen, docs);
      const hash = crypto.createHash('sha256').update(JSON.stringify(text)).digest('hex');
      const pub = await deps.publish(trx, 'trading.auction_announcement', { ...text, announcementHash: hash });
      const updated = await trx.updateTable('trading.lots').set({
        status: 'announced', publicKey: keys.publicRaw, openingPublicKey: opening?.publicRaw ?? null, announcementHash: hash, announcementEntryIdx: pub.index, announceAt: clock!.now, approvedBy: actor.userId,
      }).where('id', '=', l.id).returningAll().executeTakeFirstOrThrow();
      await deps.audit.record(trx, actor, { action: 'trading.lot.announced', entityType: 'trading.lot', entityId: l.id, orgPath: l.orgPath, details: { lotNo, announcementHash: hash, entryIdx: pub.index } });
      // Published on the one map too (出让地块), in this transaction.
      await syncLotOnMap(trx, updated, actor.userId);
      return updated;
    },
  };
}
