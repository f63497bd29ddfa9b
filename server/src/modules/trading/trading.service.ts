/**
 * Online sale of land-use and mining rights (网上招拍挂): the module's one service. Staff use cases
 * run in the actor's scope (RLS); bidder and bank steps run in the system context after the
 * service has checked who may do what, because they touch the lot's live state.
 */
import { withContext, SYSTEM_CONTEXT, type Tx } from '../../platform/db/context.ts';
import { actorContext, type Actor, type ActingUser } from '../../platform/http/actor.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { TradingDeps } from './trading.deps.ts';
import { createLotUseCases, announcementOf, listLotDocuments, type Lot } from './lots.ts';
import type { LotDocumentKind } from './trading.tables.ts';
import { createBiddingUseCases, bidTooLow } from './bidding.ts';
import { createPriceBook } from './price-book.ts';
import { tenderEntries, tenderSummary } from './tender.ts';
import { createContractSteps, type ContractInput } from './contracts.ts';
import { chinaDate } from './lots.ts';
import type { BankPayment } from './bank.ts';

const CLOSE_QUEUE = 'trading.advance-lots';
const REMIND_QUEUE = 'trading.payment-reminders';

/** What anyone sees of a lot: the rules, the price and the clock; never a bidder number or count before close. */
export function publicLot(l: Lot, now: Date) {
  const closed = l.status === 'closed';
  return {
    ...announcementOf(l),
    status: l.status,
    announcementHash: l.announcementHash,
    announcementEntryIdx: l.announcementEntryIdx,
    announceAt: l.announceAt,
    areaHa: Math.round(Number(l.areaM2) / 100) / 100,
    areaMu: Math.round(Number(l.areaM2) * 0.0015 * 100) / 100,
    currentPrice: l.currentPrice,
    nextMin: l.currentPrice === null ? l.startPrice : l.currentPrice + l.increment,
    lastSeq: l.lastSeq,
    timedDeadline: l.timedDeadline,
    confirmUntil: new Date(l.listingEnd.getTime() + l.confirmMinutes * 60_000),
    serverTime: now,
    reserveCommitment: l.reserveWitnessedBy ? l.reserveCommitment : null,
    pendingIncrement: l.pendingIncrement === null ? null : { increment: l.pendingIncrement, effectiveAt: l.pendingIncrementAt },
    reserveEntryIdx: l.reserveEntryIdx,
    // 招标: the method and the opening are public; the panel's names only with the result.
    tender: l.method === 'tender' ? {
      evaluation: l.evaluation, priceWeight: l.priceWeight, panelSize: l.panelSize, panelDrawn: l.panelDrawNo !== null,
      commitmentsEntryIdx: l.commitmentsEntryIdx, panel: closed ? l.panel : null, panelDrawNo: closed ? l.panelDrawNo : null,
    } : null,
    result: closed ? {
      outcome: l.outcome, reason: l.outcomeReason, winnerNumber: l.winnerNumber, finalPrice: l.finalPrice, reserve: l.reserveOpened,
      reserveSalt: l.reserveSalt, closedAt: l.closedAt, resultEntryIdx: l.resultEntryIdx,
    } : null,
  };
}

export function createTradingService(deps: TradingDeps) {
  const lots = createLotUseCases(deps);
  const bidding = createBiddingUseCases(deps, lots.lockLot);
  const system = <T>(fn: (trx: Tx) => Promise<T>) => withContext(deps.db, SYSTEM_CONTEXT, fn);
  const contracts = createContractSteps(deps, lots.lockLot);
  // What this process knows of live lots (LISTEN trading_bids): refuses a certainly-too-low bid with no query.
  const book = createPriceBook({ listen: deps.listen, read: system, tagNow: bidding.tagNow });

  const service = {
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },
    createLot: lots.createLot,
    approveLot: lots.approveLot,

    /** Staff list of the scope's lots (no bidder in it, ever). */
    async listLots(trx: Tx) {
      const rows = await trx.selectFrom('trading.lots').selectAll().orderBy('id', 'desc').limit(500).execute();
      const now = new Date();
      return rows.map((l) => ({ ...publicLot(l, now), orgPath: l.orgPath, reserveEntered: l.reserveCipher !== null, reserveWitnessed: l.reserveWitnessedBy !== null }));
    },

    /**
     * Staff monitoring (竞价监控): phase, price and the anonymous bids; the qualified count only
     * after close. No route leads from here to an account before close.
     */
    async monitor(actor: Actor, lotNo: string) {
      // The scope check: FOR UPDATE passes only rows the actor's scope may change (RLS).
      await service.inScope(actor, (trx) => lots.lockLot(trx, lotNo));
      return system(async (trx) => {
        const { lot, now } = await bidding.current(trx, lotNo);
        const bids = await trx.selectFrom('trading.bids').select(['seq', 'at', 'bidderNumber', 'amount', 'phase', 'hash']).where('lotId', '=', lot.id).orderBy('seq').execute();
        const closed = lot.status === 'closed';
        const bidders = closed
          ? await trx.selectFrom('trading.applications as a').leftJoin('identity.users as u', 'u.id', 'a.userId')
            .select(['a.bidderNumber', 'a.status', 'a.depositPaid', 'a.refundRef', 'a.refundedAt', 'u.displayName', 'u.idNumber'])
            .where('a.lotId', '=', lot.id).orderBy('a.id').execute()
          : null;
        return { lot: { ...publicLot(lot, now), orgPath: lot.orgPath, reserveEntered: lot.reserveCipher !== null, reserveWitnessed: lot.reserveWitnessedBy !== null }, bids, bidders };
      });
    },

    /** The public view of an announced lot; it also moves the lot on if a deadline has passed. */
    async publicView(lotNo: string) {
      return system(async (trx) => {
        const { lot, now } = await bidding.current(trx, lotNo);
        if (lot.status === 'draft') throw new AppError('trading.lot_not_found', `lotNo: no lot ${lotNo}`, { field: 'lotNo' });
        return { ...publicLot(lot, now), documents: await listLotDocuments(trx, lot.id) };
      });
    },

    /** Staff: the documents of a lot of the scope (a draft's too). */
    async lotDocuments(actor: Actor, lotNo: string) {
      return service.inScope(actor, async (trx) => {
        const l = await trx.selectFrom('trading.lots').select(['id', 'status']).where('lotNo', '=', lotNo).executeTakeFirst();
        if (!l) throw new AppError('trading.lot_not_found', `lotNo: no lot ${lotNo}`, { field: 'lotNo' });
        return { status: l.status, documents: await listLotDocuments(trx, l.id) };
      });
    },

    /** The lot is a draft of the actor's scope (documents change only then: frozen with the announcement). */
    async lockDraft(trx: Tx, lotNo: string) {
      const l = await lots.lockLot(trx, lotNo);
      if (l.status !== 'draft') throw new AppError('trading.lot_wrong_state', `lotNo: the lot is ${l.status}: its announcement and documents are published and frozen`, { field: 'lotNo' });
      return l;
    },

    /** Attaches an upload (already type-checked and stored) to a draft lot. */
    async attachDocument(actor: Actor, lotNo: string, kind: LotDocumentKind, u: { id: string; name: string; sha256: string; size: number; mime: string }) {
      return service.inScope(actor, async (trx) => {
        const l = await service.lockDraft(trx, lotNo);
        const d = await trx.insertInto('trading.lot_documents').values({
          lotId: l.id, orgPath: l.orgPath, kind, uploadId: u.id, name: u.name, sha256: u.sha256, size: u.size, mime: u.mime, addedBy: actor.userId,
        }).returning(['id', 'kind', 'name', 'sha256', 'size', 'mime']).executeTakeFirstOrThrow();
        await deps.audit.record(trx, actor, { action: 'trading.lot.document_added', entityType: 'trading.lot', entityId: l.id, orgPath: l.orgPath, details: { lotNo, documentId: d.id, kind, name: u.name, sha256: u.sha256 } });
        return { ...d, size: Number(d.size) };
      });
    },

    /** Removes a document from a draft lot. */
    async removeDocument(actor: Actor, lotNo: string, id: number) {
      return service.inScope(actor, async (trx) => {
        const l = await service.lockDraft(trx, lotNo);
        const d = await trx.deleteFrom('trading.lot_documents').where('id', '=', id).where('lotId', '=', l.id).returning(['id', 'name', 'sha256']).executeTakeFirst();
        if (!d) throw new AppError('trading.document_not_found', `id: no document ${id} on lot ${lotNo}`, { field: 'id' });
        await deps.audit.record(trx, actor, { action: 'trading.lot.document_removed', entityType: 'trading.lot', entityId: l.id, orgPath: l.orgPath, details: { lotNo, documentId: d.id, name: d.name, sha256: d.sha256 } });
        return { removed: d.id };
      });
    },

    /** A published lot's document for anyone (the announcement names its sha256); a draft's for nobody here. */
    async publicDocument(lotNo: string, id: number) {
      return system(async (trx) => {
        const d = await trx.selectFrom('trading.lot_documents as d').innerJoin('trading.lots as l', 'l.id', 'd.lotId')
          .select(['d.name', 'd.sha256', 'd.mime', 'd.size']).where('l.lotNo', '=', lotNo).where('l.status', '<>', 'draft').where('d.id', '=', id).executeTakeFirst();
        if (!d) throw new AppError('trading.document_not_found', `id: no published document ${id} of lot ${lotNo}`, { field: 'id' });
        return { ...d, size: Number(d.size) };
      });
    },

    async listPublic() {
      return system(async (trx) => {
        const rows = await trx.selectFrom('trading.lots').selectAll().where('status', '<>', 'draft').orderBy('id', 'desc').limit(200).execute();
        const now = new Date();
        return rows.map((l) => publicLot(l, now));
      });
    },

    /** The bidder's own view: their application, number and bids; nothing of the others. */
    async myView(actor: ActingUser, lotNo: string) {
      return system(async (trx) => {
        const { lot, now } = await bidding.current(trx, lotNo);
        const a = await bidding.myApplication(trx, lot, actor.userId);
        const tenderBid = a?.bidderNumber && lot.method === 'tender'
          ? await trx.selectFrom('trading.tender_bids').select(['commitment', 'submittedAt', 'amount']).where('lotId', '=', lot.id).where('bidderNumber', '=', a.bidderNumber).executeTakeFirst()
          : undefined;
        const bids = a?.bidderNumber
          ? await trx.selectFrom('trading.bids').select(['seq', 'at', 'amount', 'phase']).where('lotId', '=', lot.id).where('bidderNumber', '=', a.bidderNumber).orderBy('seq').execute()
          : [];
        return {
          lot: publicLot(lot, now),
          application: a ? {
            status: a.status, depositAccount: a.depositAccount, deposit: lot.deposit, depositPaid: a.depositPaid, depositDeadline: lot.depositDeadline,
            bidderNumber: a.bidderNumber, joinedTimed: a.joinedTimed, tenderBid: tenderBid ?? null, leading: a.bidderNumber !== null && lot.lastSeq > 0 && bids.at(-1)?.seq === lot.lastSeq,
            won: lot.status === 'closed' && a.bidderNumber !== null && lot.winnerNumber === a.bidderNumber,
          } : null,
          bids,
        };
      });
    },

    /** The bidder's own 竞买资格确认书, or the winner's 成交确认书 (PDF with its verification QR). */
    async myDocument(actor: ActingUser, lotNo: string, which: 'qualification' | 'confirmation') {
      return system(async (trx) => {
        const { lot } = await bidding.current(trx, lotNo);
        const a = await bidding.myApplication(trx, lot, actor.userId);
        const id = which === 'qualification' ? a?.qualificationDocId : (a?.bidderNumber && a.bidderNumber === lot.winnerNumber ? lot.confirmationDocId : null);
        if (!id || !deps.documents) throw new AppError('trading.application_not_found', `no ${which} document of yours for lot ${lotNo}`);
        return deps.documents.getPdf(trx, id);
      });
    },

    apply: (actor: ActingUser, lotNo: string, documents: { name: string; fileId: number | null }[]) => system((trx) => bidding.apply(trx, actor, lotNo, documents)),
    bankCallback: (p: BankPayment, signature: string) => system((trx) => bidding.bankCallback(trx, p, signature)),
    confirmRefund: (ref: string, signature: string) => system((trx) => bidding.confirmRefund(trx, ref, signature)),
    joinTimed: (actor: ActingUser, lotNo: string) => system((trx) => bidding.joinTimed(trx, actor, lotNo)),
    submitTender: (actor: ActingUser, lotNo: string, amount: number, proposal: string) => system((trx) => bidding.tender.submit(trx, actor, lotNo, amount, proposal)),

    /** 抽取评标委员会: through the selection module (deps.drawPanel), then stored on the lot. */
    async drawPanel(actor: Actor, lotNo: string) {
      const lot = await service.inScope(actor, (trx) => lots.lockLot(trx, lotNo));
      if (lot.evaluation !== 'comprehensive') throw new AppError('trading.lot_wrong_state', 'only a comprehensive tender (综合评标) has a panel');
      if (lot.panelDrawNo) throw new AppError('trading.lot_wrong_state', `the panel is drawn already (${lot.panelDrawNo})`);
      if (!['announced', 'listing', 'evaluating'].includes(lot.status)) throw new AppError('trading.lot_wrong_state', `the lot is ${lot.status}`);
      if (!deps.drawPanel) throw new AppError('trading.panel_unavailable', 'the selection module is not wired to draw a panel (评标专家抽取不可用)');
      const panel = await deps.drawPanel(actor, { lotNo, title: lot.title, kind: lot.kind, size: lot.panelSize! });
      return service.inScope(actor, (trx) => bidding.tender.setPanel(trx, actor, lotNo, panel));
    },

    /** 评标打分: one member's sheet, entered by the secretary; the last sheet closes the sale. */
    async scoreTender(actor: Actor, lotNo: string, memberId: string, scores: { bidderNumber: string; score: number }[]) {
      await service.inScope(actor, (trx) => lots.lockLot(trx, lotNo));
      return system((trx) => bidding.tender.score(trx, actor, lotNo, memberId, scores));
    },

    /** Staff view of a tender: sealed (nothing, not even the count) before the opening; opened bids by number after. */
    async tenderView(actor: Actor, lotNo: string) {
      await service.inScope(actor, (trx) => lots.lockLot(trx, lotNo));
      return system(async (trx) => {
        const { lot } = await bidding.current(trx, lotNo);
        if (lot.method !== 'tender') throw new AppError('trading.lot_wrong_state', `lot ${lotNo} is not a tender`);
        const panel = (lot.panel ?? null) as { id: string; name: string }[] | null;
        if (lot.commitmentsEntryIdx === null) return { status: lot.status, sealed: true, panel, panelDrawNo: lot.panelDrawNo, bids: null, sheets: [] };
        const entries = await tenderEntries(trx, lot.id);
        const sheets = await trx.selectFrom('trading.tender_scores').select('memberId').distinct().where('lotId', '=', lot.id).execute();
        return {
          status: lot.status, sealed: false, panel, panelDrawNo: lot.panelDrawNo, commitmentsEntryIdx: lot.commitmentsEntryIdx,
          bids: entries.map((e) => ({ bidderNumber: e.bidderNumber, amount: e.amount, proposal: e.proposal, submittedAt: e.submittedAt, commitment: e.commitment, ...(lot.status === 'closed' ? { scores: e.scores } : {}) })),
          sheets: sheets.map((x) => x.memberId),
        };
      });
    },

    registerContract: (actor: Actor, lotNo: string, input: ContractInput) => service.inScope(actor, (trx) => contracts.register(trx, actor, lotNo, input)),
    recordPayment: (actor: Actor, lotNo: string, input: { seq: number; amount: number; paidOn: string }) => service.inScope(actor, (trx) => contracts.pay(trx, actor, lotNo, input)),
    contract: (actor: Actor, lotNo: string) => service.inScope(actor, (trx) => contracts.view(trx, lotNo)),
    /** The buyer's own contract and payment plan (public side; only the buyer). */
    myContract: (actor: ActingUser, lotNo: string) => system((trx) => contracts.buyerView(trx, actor.userId, lotNo)),
    /** The daily reminder run (also called by tests with a chosen day). */
    remindPayments: (today: string = chinaDate(new Date())) => system((trx) => contracts.remindDue(trx, today)),

    /** 报价: refused from the price book when it can never win (no query), else the locked check. */
    async bid(actor: ActingUser, lotNo: string, amount: number, key: string) {
      const refusal = book.refusal(actor.userId, lotNo, amount, key);
      if (refusal) throw bidTooLow(refusal.min);
      const b = await system((trx) => bidding.bid(trx, actor, lotNo, amount, key));
      if (!b.replayed) book.accepted(lotNo, { seq: b.seq, amount: b.amount, key, timedDeadline: b.timedDeadline });
      return b;
    },
    enterReserve: (actor: Actor, lotNo: string, amount: number) => withLotInScope(actor, lotNo, (trx) => bidding.enterReserve(trx, actor, lotNo, amount)),
    changeIncrement: (actor: Actor, lotNo: string, input: { increment: number; effectiveAt: string; reason: string }) => withLotInScope(actor, lotNo, (trx) => bidding.changeIncrement(trx, actor, lotNo, input)),
    /**
     * 终止出让 (trading.lot.approve): the scope check under RLS first (FOR UPDATE passes only rows the
     * actor's scope may change), then the step in the system context, which reaches the bidders'
     * accounts (their phones for the SMS) once the key is released.
     */
    async withdraw(actor: Actor, lotNo: string, reason: string) {
      await service.inScope(actor, (trx) => lots.lockLot(trx, lotNo));
      const r = await system((trx) => bidding.withdraw(trx, actor, lotNo, reason));
      book.drop(lotNo);
      return r;
    },
    witnessReserve: (actor: Actor, lotNo: string) => withLotInScope(actor, lotNo, (trx) => bidding.witnessReserve(trx, actor, lotNo)),

    /** The published bid log of a closed lot (for tools/verify-bids.ts). */
    async bidLog(lotNo: string) {
      return system(async (trx) => {
        const { lot } = await bidding.current(trx, lotNo);
        if (lot.status !== 'closed') throw new AppError('trading.lot_wrong_state', `the bid log is published when the sale ends; the lot is ${lot.status}`);
        const bids = await trx.selectFrom('trading.bids').selectAll().where('lotId', '=', lot.id).orderBy('seq').execute();
        const changes = await bidding.incrementChanges(trx, lot.id);
        return {
          lotNo: lot.lotNo, announcementHash: lot.announcementHash, closedAt: lot.closedAt, outcome: lot.outcome, reason: lot.outcomeReason,
          winnerNumber: lot.winnerNumber, finalPrice: lot.finalPrice, startPrice: lot.startPrice, increment: changes[0]?.oldIncrement ?? lot.increment,
          incrementChanges: changes.map((c) => ({ increment: c.newIncrement, effectiveAt: c.effectiveAt.toISOString(), entryIdx: c.entryIdx })),
          reserve: lot.reserveOpened, reserveSalt: lot.reserveSalt, reserveCommitment: lot.reserveWitnessedBy ? lot.reserveCommitment : null,
          chainHead: lot.chainHead, resultEntryIdx: lot.resultEntryIdx,
          bids: bids.map((b) => ({ seq: b.seq, at: b.at.toISOString(), bidderNumber: b.bidderNumber, amount: b.amount, phase: b.phase, prevHash: b.prevHash, hash: b.hash })),
          ...(lot.method === 'tender' ? { tender: (await tenderSummary(trx, lot, lot.reserveOpened)).log } : {}),
        };
      });
    },

    /** Bids after `afterSeq` with the lot's state, for the live channel (amounts only, no numbers). */
    async eventsAfter(lotNo: string, afterSeq: number) {
      return system(async (trx) => {
        const { lot, now } = await bidding.current(trx, lotNo);
        const bids = await trx.selectFrom('trading.bids').select(['seq', 'at', 'amount', 'phase']).where('lotId', '=', lot.id).where('seq', '>', afterSeq).orderBy('seq').limit(500).execute();
        return { lot: publicLot(lot, now), bids };
      });
    },

    /** Moves every running lot whose deadline has passed (a job; reads and bids do it too). */
    async advanceDue() {
      const due = await system((trx) => trx.selectFrom('trading.lots').select('lotNo').where('status', 'in', ['announced', 'listing', 'confirming', 'timed']).execute());
      for (const d of due) await system((trx) => bidding.current(trx, d.lotNo));
      return due.length;
    },

    async registerJobs(jobs: Jobs) {
      await jobs.work(CLOSE_QUEUE, async () => { await service.advanceDue(); });
      await jobs.schedule(CLOSE_QUEUE, '* * * * *');
      await jobs.work(REMIND_QUEUE, async () => { await service.remindPayments(); });
      await jobs.schedule(REMIND_QUEUE, '0 1 * * *'); // 09:00 Beijing time
    },
  };

  /** A staff step on a lot runs under RLS: a lot outside the actor's scope is not found. */
  function withLotInScope<T>(actor: Actor, _lotNo: string, fn: (trx: Tx) => Promise<T>): Promise<T> {
    return service.inScope(actor, fn);
  }

  return service;
}

export type TradingService = ReturnType<typeof createTradingService>;
