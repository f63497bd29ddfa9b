/**
 * Tender (招标): sealed bids during the bidding period, every commitment logged at the deadline,
 * then opened together (开标) and evaluated by the announced method — the highest price (价高者得)
 * or a comprehensive evaluation (综合评标: price points + the panel's technical score). The panel
 * (评标委员会) is drawn with the selection module (its draw is public and verifiable); the
 * proposals are scored by bidder number only (暗标). The result is announced at close with the
 * rest of the sale (bidders opened, bid log published). `tools/verify-bids.ts` re-implements
 * `evaluateTender` on its own, so anyone re-checks the ranking offline.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { TradingDeps } from './trading.deps.ts';
import type { Lot } from './lots.ts';
import { seal, open } from './seal.ts';

export function tenderCommitment(lotNo: string, bidderNumber: string, amount: number, salt: string): string {
  return crypto.createHash('sha256').update(`${lotNo}|${bidderNumber}|${amount}|${salt}`).digest('hex');
}

export interface TenderEntry { bidderNumber: string; amount: number; submittedAt: string; scores: number[] }
export interface Ranked { bidderNumber: string; amount: number; priceScore: number | null; technicalScore: number | null; total: number }

/**
 * Ranks the opened bids. Bids below the reserve (if any) are out. Highest price: by amount.
 * Comprehensive: price points = weight × amount / highest valid amount; technical = (100 − weight)
 * × mean panel score / 100; both in hundredths of a point. Ties: higher amount, then earlier.
 */
export function evaluateTender(evaluation: 'highest_price' | 'comprehensive', priceWeight: number | null, bids: TenderEntry[], reserve: number | null): Ranked[] {
  const valid = bids.filter((b) => reserve === null || b.amount >= reserve);
  const max = Math.max(0, ...valid.map((b) => b.amount));
  const ranked = valid.map((b): Ranked & { submittedAt: string } => {
    if (evaluation === 'highest_price') return { bidderNumber: b.bidderNumber, amount: b.amount, priceScore: null, technicalScore: null, total: b.amount, submittedAt: b.submittedAt };
    const w = priceWeight ?? 0;
    const price = Math.round((w * b.amount * 100) / max);
    const mean = b.scores.length ? b.scores.reduce((x, y) => x + y, 0) / b.scores.length : 0;
    const technical = Math.round((100 - w) * mean);
    return { bidderNumber: b.bidderNumber, amount: b.amount, priceScore: price / 100, technicalScore: technical / 100, total: (price + technical) / 100, submittedAt: b.submittedAt };
  });
  ranked.sort((a, b) => b.total - a.total || b.amount - a.amount || a.submittedAt.localeCompare(b.submittedAt));
  return ranked.map(({ submittedAt: _s, ...r }) => r);
}

export interface TenderCore {
  lockLot(trx: Tx, lotNo: string): Promise<Lot>;
  clock(trx: Tx): Promise<Date>;
  advance(trx: Tx, lot: Lot, now: Date): Promise<Lot>;
  close(trx: Tx, lot: Lot, at: Date): Promise<Lot>;
  myApplication(trx: Tx, lot: Lot, userId: number): Promise<{ bidderNumber: string | null } | undefined>;
}

/** The opened bids with the panel's scores, for the ranking and the bid log. */
export async function tenderEntries(trx: Tx, lotId: number) {
  const bids = await trx.selectFrom('trading.tender_bids').selectAll().where('lotId', '=', lotId).orderBy('submittedAt').orderBy('id').execute();
  const scores = await trx.selectFrom('trading.tender_scores').select(['memberId', 'bidderNumber', 'score']).where('lotId', '=', lotId).orderBy('memberId').execute();
  return bids.map((b) => ({
    bidderNumber: b.bidderNumber, amount: b.amount!, salt: b.salt!, commitment: b.commitment, submittedAt: b.submittedAt.toISOString(), proposal: b.proposal,
    scores: scores.filter((s) => s.bidderNumber === b.bidderNumber).map((s) => Number(s.score)),
  }));
}

/** What a closed tender publishes: the opened bids with salts and scores, and the ranking. */
export async function tenderSummary(trx: Tx, lot: Lot, reserve: number | null) {
  const entries = lot.commitmentsEntryIdx === null ? [] : await tenderEntries(trx, lot.id);
  const ranking = evaluateTender(lot.evaluation!, lot.priceWeight, entries, reserve);
  return {
    ranking,
    log: {
      evaluation: lot.evaluation, priceWeight: lot.priceWeight, panel: lot.panel, panelDrawNo: lot.panelDrawNo, commitmentsEntryIdx: lot.commitmentsEntryIdx,
      bids: entries.map(({ proposal: _p, ...e }) => e), ranking,
    },
    highest: [...entries].sort((a, b) => b.amount - a.amount)[0],
  };
}

export function createTenderSteps(deps: TradingDeps, core: TenderCore) {
  return {
    /** 开标 at the deadline: every commitment logged first, then the opening key opens the bids. */
    async open(trx: Tx, lot: Lot, at: Date): Promise<Lot> {
      const bids = await trx.selectFrom('trading.tender_bids').selectAll().where('lotId', '=', lot.id).orderBy('id').execute();
      if (bids.length < lot.minBidders) return core.close(trx, lot, at);
      const pub = await deps.publish(trx, 'trading.tender_commitments', {
        lotNo: lot.lotNo, announcementHash: lot.announcementHash, deadline: lot.listingEnd.toISOString(), commitments: bids.map((b) => b.commitment).sort(),
      });
      let l = await trx.updateTable('trading.lots').set({ status: 'evaluating', commitmentsEntryIdx: pub.index }).where('id', '=', lot.id).returningAll().executeTakeFirstOrThrow();
      const { rows: [k] } = await sql<{ key: Buffer }>`select trading.release_opening_key(${lot.id}) as key`.execute(trx);
      for (const b of bids) {
        const v = JSON.parse(open(k!.key, b.sealed)) as { amount: number; salt: string; proposal: string };
        if (tenderCommitment(lot.lotNo, b.bidderNumber, v.amount, v.salt) !== b.commitment) throw new Error(`trading: tender bid ${b.id} does not match its commitment`);
        await trx.updateTable('trading.tender_bids').set({ amount: v.amount, salt: v.salt, proposal: v.proposal, openedAt: at }).where('id', '=', b.id).execute();
      }
      await deps.audit.record(trx, null, { action: 'trading.tender.opened', entityType: 'trading.lot', entityId: lot.id, orgPath: lot.orgPath, details: { lotNo: lot.lotNo, bids: bids.length, commitmentsEntryIdx: pub.index } });
      if (l.evaluation === 'highest_price') l = await core.close(trx, l, at);
      return l;
    },

    /** 递交投标文件: one sealed bid per qualified bidder during the bidding period; the receipt is its commitment. */
    async submit(trx: Tx, actor: ActingUser, lotNo: string, amount: number, proposal: string) {
      const l = await core.lockLot(trx, lotNo);
      const now = await core.clock(trx);
      const lot = await core.advance(trx, l, now);
      if (lot.method !== 'tender') throw new AppError('trading.lot_wrong_state', `lot ${lotNo} is not a tender: bid in the bidding room`);
      const a = await core.myApplication(trx, lot, actor.userId);
      if (!a?.bidderNumber) throw new AppError('trading.not_qualified', 'you are not a qualified bidder of this lot: the deposit must be paid in full (保证金未足额到账)');
      if (lot.status === 'announced') throw new AppError('trading.bidding_closed', `the bidding period starts at ${lot.listingStart.toISOString()} (投标尚未开始)`);
      if (lot.status !== 'listing') throw new AppError('trading.bidding_closed', `bids closed at ${lot.listingEnd.toISOString()} (投标已截止); a bid at ${now.toISOString()} is too late`);
      if (amount < lot.startPrice) throw new AppError('trading.bid_too_low', `amount: at least the starting price ${lot.startPrice} yuan (起始价)`, { field: 'amount', min: lot.startPrice });
      const mine = await trx.selectFrom('trading.tender_bids').select('commitment').where('lotId', '=', lot.id).where('bidderNumber', '=', a.bidderNumber).executeTakeFirst();
      if (mine) throw new AppError('trading.tender_sealed', 'you have submitted your sealed bid; it stays sealed until the opening (已递交, 开标前不可更改)');
      const salt = crypto.randomBytes(16).toString('hex');
      const commitment = tenderCommitment(lot.lotNo, a.bidderNumber, amount, salt);
      await trx.insertInto('trading.tender_bids').values({
        lotId: lot.id, bidderNumber: a.bidderNumber, sealed: seal(lot.openingPublicKey!, JSON.stringify({ amount, salt, proposal })), commitment, submittedAt: now,
      }).execute();
      // Like an application, the audit names the account but not the lot (nobody links them before close).
      await deps.audit.record(trx, actor, { action: 'trading.tender.submitted', entityType: 'trading.tender_bid', orgPath: null, details: {} });
      return { commitment, submittedAt: now };
    },

    /** Stores the drawn panel (评标委员会) of a comprehensive tender, once. */
    async setPanel(trx: Tx, actor: ActingUser, lotNo: string, panel: { drawNo: string; members: { id: string; name: string }[] }) {
      const lot = await core.lockLot(trx, lotNo);
      if (lot.evaluation !== 'comprehensive') throw new AppError('trading.lot_wrong_state', 'only a comprehensive tender (综合评标) has a panel');
      if (lot.panel) throw new AppError('trading.lot_wrong_state', `the panel is drawn already (${lot.panelDrawNo})`);
      if (panel.members.length !== lot.panelSize) throw new AppError('trading.panel_unavailable', `the draw gave ${panel.members.length} members, ${lot.panelSize} are needed (入库人数不足)`);
      await trx.updateTable('trading.lots').set({ panel: JSON.stringify(panel.members), panelDrawNo: panel.drawNo }).where('id', '=', lot.id).execute();
      await deps.audit.record(trx, actor, { action: 'trading.tender.panel_drawn', entityType: 'trading.lot', entityId: lot.id, orgPath: lot.orgPath, details: { lotNo, drawNo: panel.drawNo, members: panel.members.map((m) => m.id) } });
      return { drawNo: panel.drawNo, members: panel.members };
    },

    /** 评标打分: the secretary enters one member's sheet (a score for every opened bid); the last sheet closes the sale. */
    async score(trx: Tx, actor: ActingUser, lotNo: string, memberId: string, scores: { bidderNumber: string; score: number }[]) {
      const l = await core.lockLot(trx, lotNo);
      const now = await core.clock(trx);
      const lot = await core.advance(trx, l, now);
      if (lot.evaluation !== 'comprehensive') throw new AppError('trading.lot_wrong_state', 'only a comprehensive tender (综合评标) is scored');
      if (lot.status !== 'evaluating') throw new AppError('trading.lot_wrong_state', `the lot is ${lot.status}: scores are entered after the opening, before the result`);
      const panel = (lot.panel ?? []) as { id: string; name: string }[];
      if (!panel.length) throw new AppError('trading.panel_unavailable', 'the panel has not been drawn (未抽取评标委员会)');
      if (!panel.some((m) => m.id === memberId)) throw new AppError('trading.not_panel_member', `memberId: ${memberId} is not on the panel of ${lotNo}`, { field: 'memberId' });
      const done = await trx.selectFrom('trading.tender_scores').select('memberId').where('lotId', '=', lot.id).where('memberId', '=', memberId).executeTakeFirst();
      if (done) throw new AppError('trading.tender_sealed', `member ${memberId} has scored already`);
      const numbers = (await trx.selectFrom('trading.tender_bids').select('bidderNumber').where('lotId', '=', lot.id).execute()).map((b) => b.bidderNumber).sort();
      const given = scores.map((s) => s.bidderNumber).sort();
      if (given.length !== numbers.length || given.some((n, i) => n !== numbers[i])) {
        throw new AppError('trading.scores_invalid', `scores: one score for each opened bid (${numbers.join(', ')})`, { field: 'scores' });
      }
      await trx.insertInto('trading.tender_scores').values(scores.map((s) => ({ lotId: lot.id, memberId, bidderNumber: s.bidderNumber, score: s.score, enteredBy: actor.userId }))).execute();
      await deps.audit.record(trx, actor, { action: 'trading.tender.scored', entityType: 'trading.lot', entityId: lot.id, orgPath: lot.orgPath, details: { lotNo, memberId } });
      const sheets = await trx.selectFrom('trading.tender_scores').select('memberId').distinct().where('lotId', '=', lot.id).execute();
      if (sheets.length < panel.length) return { complete: false, sheets: sheets.length, of: panel.length };
      const closed = await core.close(trx, lot, now);
      return { complete: true, sheets: sheets.length, of: panel.length, outcome: closed.outcome, winnerNumber: closed.winnerNumber, finalPrice: closed.finalPrice };
    },
  };
}
