/**
 * Applications, deposits, the sealed reserve, bids and the close (竞买申请、保证金、底价、报价、结束).
 * Every step locks the lot row first, so bids of one lot are serialised: each gets the next server
 * sequence number and the database clock in one transaction, and the chain head moves with it.
 * The deadlines (listing end, the timed countdown) live in the lot row; `advance` moves a lot to
 * the phase its dates say, so any process (or one restarted) resumes the countdown.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { serverSecret } from '../../platform/secrets/secrets.ts';
import type { TradingDeps } from './trading.deps.ts';
import type { Lot } from './lots.ts';
import { seal, open } from './seal.ts';
import { bidHash } from './bid-chain.ts';
import { createTagger } from './tag-key.ts';
import { createTenderSteps, tenderSummary } from './tender.ts';
import { signatureValid, type BankPayment } from './bank.ts';
import { mapState, syncLotOnMap } from './map-lots.ts';

const MIN = 60_000;
/** An increment change is announced at least this long before it takes effect (提前一日公告). */
export const INCREMENT_NOTICE_MINUTES = 1440;
/** Beijing time for documents, e.g. 2026-12-06 14:05. */
const fmt = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

async function clock(trx: Tx): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select date_trunc('milliseconds', clock_timestamp()) as now`.execute(trx);
  return rows[0]!.now;
}

export const bidTooLow = (min: number) => new AppError('trading.bid_too_low', `amount: at least ${min} yuan (当前价加一个增价幅度)`, { field: 'amount', min });

export function reserveCommitment(lotNo: string, amount: number, salt: string): string {
  return crypto.createHash('sha256').update(`${lotNo}|${amount}|${salt}`).digest('hex');
}

export function createBiddingUseCases(deps: TradingDeps, lockLot: (trx: Tx, lotNo: string) => Promise<Lot>) {
  // The key is held by the process (TRADING_TAG_KEY or DATA_DIR/secrets), never by the database.
  const accountTag = createTagger(deps.tagKey);

  async function myApplication(trx: Tx, lot: Lot, userId: number) {
    return trx.selectFrom('trading.applications').selectAll().where('lotId', '=', lot.id).where('accountTag', '=', await accountTag(trx, lot.id, userId)).executeTakeFirst();
  }

  async function qualifiedCount(trx: Tx, lotId: number, joinedOnly = false): Promise<number> {
    let q = trx.selectFrom('trading.applications').select((eb) => eb.fn.countAll<string>().as('n')).where('lotId', '=', lotId).where('bidderNumber', 'is not', null);
    if (joinedOnly) q = q.where('joinedTimed', '=', true);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /** The increment changes of a lot (each takes effect before listing ends; the bid log carries them for the offline check). */
  async function incrementChanges(trx: Tx, lotId: number) {
    return trx.selectFrom('trading.increment_changes').selectAll().where('lotId', '=', lotId).orderBy('effectiveAt').orderBy('id').execute();
  }

  /** Ends the sale at `at`: the key is released, the reserve and the bidders opened, the log published. */
  async function close(trx: Tx, lot: Lot, at: Date): Promise<Lot> {
    await trx.updateTable('trading.lots').set({ status: 'closed', closedAt: at }).where('id', '=', lot.id).execute();
    const { rows: [k] } = await sql<{ key: Buffer }>`select trading.release_key(${lot.id}) as key`.execute(trx);
    const key = k!.key;
    let reserve: number | null = null;
    let salt: string | null = null;
    if (lot.reserveCipher && lot.reserveWitnessedBy) {
      const r = JSON.parse(open(key, lot.reserveCipher)) as { amount: number; salt: string };
      reserve = r.amount; salt = r.salt;
    }
    const bids = await trx.selectFrom('trading.bids').selectAll().where('lotId', '=', lot.id).orderBy('seq').execute();
    // The best offer: the last valid bid; in a tender, the first of the evaluation's ranking.
    let last: { bidderNumber: string; amount: number } | undefined = bids.at(-1);
    let qualified = await qualifiedCount(trx, lot.id);
    let tender: Record<string, unknown> | null = null;
    if (lot.method === 'tender') {
      qualified = await trx.selectFrom('trading.tender_bids').select((eb) => eb.fn.countAll<string>().as('n')).where('lotId', '=', lot.id).executeTakeFirstOrThrow().then((r) => Number(r.n));
      const summary = await tenderSummary(trx, lot, reserve);
      last = summary.ranking[0] ?? summary.highest;
      tender = summary.log;
    }
    let outcome: 'sold' | 'unsold' = 'sold';
    let reason: string | null = null;
    if (qualified < lot.minBidders) { outcome = 'unsold'; reason = `min_bidders: ${lot.minBidders} ${lot.method === 'tender' ? 'sealed bids' : 'qualified bidders'} needed (竞买人不足)`; }
    else if (!last) { outcome = 'unsold'; reason = 'no_bids: no valid bid (无人报价)'; }
    else if (reserve !== null && last.amount < reserve) { outcome = 'unsold'; reason = 'below_reserve: the highest bid is below the reserve price (未达底价)'; }
    const winner = outcome === 'sold' ? last!.bidderNumber : null;
    const apps = await trx.selectFrom('trading.applications').selectAll().where('lotId', '=', lot.id).execute();
    for (const a of apps) {
      const who = JSON.parse(open(key, a.sealedAccount)) as { userId: number };
      const isWinner = winner !== null && a.bidderNumber === winner;
      let status = a.status;
      let refundRef: string | null = null;
      if (isWinner) status = 'converted';
      else if (a.depositPaid > 0) {
        refundRef = `TK${lot.lotNo}-${a.id}`;
        status = 'refund_pending';
        await deps.bank.refund(a.depositAccount, a.depositPaid, refundRef);
        await trx.insertInto('trading.refunds').values({ applicationId: a.id, amount: a.depositPaid, ref: refundRef }).execute();
      }
      await trx.updateTable('trading.applications').set({ userId: who.userId, status, refundRef }).where('id', '=', a.id).execute();
      await deps.audit.record(trx, null, { action: 'trading.application.opened', entityType: 'trading.application', entityId: a.id, orgPath: lot.orgPath, details: { lotNo: lot.lotNo, userId: who.userId, bidderNumber: a.bidderNumber, status } });
    }
    const changes = await incrementChanges(trx, lot.id);
    const log = {
      lotNo: lot.lotNo, announcementHash: lot.announcementHash, closedAt: at.toISOString(), outcome, reason,
      winnerNumber: winner, finalPrice: outcome === 'sold' ? last!.amount : null, startPrice: lot.startPrice,
      increment: changes[0]?.oldIncrement ?? lot.increment, incrementChanges: changes.map((c) => ({ increment: c.newIncrement, effectiveAt: c.effectiveAt.toISOString(), entryIdx: c.entryIdx })),
      reserve, reserveSalt: salt, reserveCommitment: lot.reserveWitnessedBy ? lot.reserveCommitment : null,
      chainHead: lot.chainHead, bids: bids.map((b) => ({ seq: b.seq, at: b.at.toISOString(), bidderNumber: b.bidderNumber, amount: b.amount, phase: b.phase, prevHash: b.prevHash, hash: b.hash })),
      ...(tender ? { tender } : {}),
    };
    const pub = await deps.publish(trx, 'trading.auction_bid_log', log);
    // 成交确认书 (QR-verifiable) to the winner; the name is printed inside, not in the public title.
    let confirmationDocId: number | null = null;
    if (outcome === 'sold' && deps.documents && lot.orgUnitId) {
      const w = apps.find((a) => a.bidderNumber === winner)!;
      const who = JSON.parse(open(key, w.sealedAccount)) as { name: string };
      const doc = await deps.documents.issue(trx, null, {
        kind: 'sale_confirmation', orgUnitId: lot.orgUnitId, subject: { type: 'trading.lot', id: lot.lotNo },
        body: {
          recipient: who.name,
          paragraphs: [`在 ${lot.lotNo}（${lot.title}）网上${({ auction: '拍卖', listing: '挂牌', tender: '招标' } as const)[lot.method]}出让活动中，你方以竞买号 ${winner} 报价 ${last!.amount} 元，${lot.method === 'tender' ? `经${lot.evaluation === 'comprehensive' ? '评标委员会综合评标' : '开标比价'}为第一名` : '为最高有效报价'}且不低于底价，竞得该${lot.kind === 'land' ? '宗地国有建设用地使用权' : '矿业权'}。`,
            '你方应在本确认书签订之日起10个工作日内与出让人签订出让合同，已交纳的竞买保证金转作出让价款。'],
          fields: [{ label: '宗地编号', value: lot.lotNo }, { label: '竞得人竞买号', value: winner! }, { label: '成交价（元）', value: String(last!.amount) },
            { label: '底价（元）', value: reserve === null ? '未设底价' : String(reserve) }, { label: '成交时间', value: fmt(at) }, { label: '报价记录哈希', value: lot.chainHead }],
        },
      });
      confirmationDocId = doc.id;
    }
    const closed = await trx.updateTable('trading.lots').set({
      confirmationDocId,
      outcome, outcomeReason: reason, winnerNumber: winner, finalPrice: log.finalPrice, reserveOpened: reserve, reserveSalt: salt, resultEntryIdx: pub.index,
    }).where('id', '=', lot.id).returningAll().executeTakeFirstOrThrow();
    await deps.audit.record(trx, null, { action: 'trading.lot.closed', entityType: 'trading.lot', entityId: lot.id, orgPath: lot.orgPath, details: { lotNo: lot.lotNo, outcome, finalPrice: log.finalPrice, winnerNumber: winner, bids: bids.length } });
    // The map shows the result (已成交 / 流拍) from this transaction on.
    await syncLotOnMap(trx, closed);
    return closed;
  }

  /** Moves a locked lot to the phase its dates give at `now` (may pass several steps at once). */
  async function advance(trx: Tx, lot: Lot, now: Date): Promise<Lot> {
    const l = await step(trx, lot, now);
    // Bidding began: the map's state follows (a close has put its result on the map itself).
    if (l.status !== lot.status && l.status !== 'closed' && mapState(l) !== mapState(lot)) await syncLotOnMap(trx, l);
    return l;
  }

  async function step(trx: Tx, lot: Lot, now: Date): Promise<Lot> {
    let l = lot;
    // An announced increment change takes effect at its time (调整后的增价幅度生效).
    if (l.pendingIncrement !== null && l.pendingIncrementAt !== null && now >= l.pendingIncrementAt) {
      l = await trx.updateTable('trading.lots').set({ increment: l.pendingIncrement, pendingIncrement: null, pendingIncrementAt: null }).where('id', '=', l.id).returningAll().executeTakeFirstOrThrow();
    }
    for (;;) {
      if (l.status === 'announced' && now >= l.listingStart) {
        l = await trx.updateTable('trading.lots').set({ status: 'listing' }).where('id', '=', l.id).returningAll().executeTakeFirstOrThrow();
      } else if (l.status === 'listing' && now >= l.listingEnd && l.method === 'tender') {
        // 开标: commitments logged, bids opened; a highest-price tender closes at once.
        return tender.open(trx, l, l.listingEnd);
      } else if (l.status === 'listing' && now >= l.listingEnd) {
        if (await qualifiedCount(trx, l.id) < l.minBidders) return close(trx, l, l.listingEnd);
        if (l.method === 'auction') {
          // 拍卖: the free phase ends, the timed phase starts with every qualified bidder.
          l = await trx.updateTable('trading.lots').set({ status: 'timed', timedDeadline: new Date(l.listingEnd.getTime() + l.countdownMinutes * MIN) }).where('id', '=', l.id).returningAll().executeTakeFirstOrThrow();
        } else {
          l = await trx.updateTable('trading.lots').set({ status: 'confirming' }).where('id', '=', l.id).returningAll().executeTakeFirstOrThrow();
        }
      } else if (l.status === 'confirming' && now >= new Date(l.listingEnd.getTime() + l.confirmMinutes * MIN)) {
        const opensAt = new Date(l.listingEnd.getTime() + l.confirmMinutes * MIN);
        if (await qualifiedCount(trx, l.id, true) === 0) return close(trx, l, opensAt);
        l = await trx.updateTable('trading.lots').set({ status: 'timed', timedDeadline: new Date(opensAt.getTime() + l.countdownMinutes * MIN) }).where('id', '=', l.id).returningAll().executeTakeFirstOrThrow();
      } else if (l.status === 'timed' && l.timedDeadline && now >= l.timedDeadline) {
        return close(trx, l, l.timedDeadline);
      } else {
        return l;
      }
    }
  }

  /**
   * Refuses, without the lot lock, a bid that the locked check would certainly refuse as too low.
   * Prices only rise while bidding is live and an increment is > 0, so an amount at or below the
   * committed current price is below every minimum the locked check could compute later. It refuses
   * only where the locked path reaches that same refusal first: the lot is live by its own dates (no
   * phase change due), the bidder is qualified for this phase, and the key is new (a stored key is a
   * replay, answered under the lock). The lot is read before the key, so a key committed with a price
   * this read sees is seen too (READ COMMITTED: each statement reads a newer snapshot). The minimum
   * named is the one the locked path would name at this moment (an increment change due counts).
   */
  async function refuseCertainlyLow(trx: Tx, actor: ActingUser, lotNo: string, amount: number, key: string): Promise<void> {
    const lot = await trx.selectFrom('trading.lots').selectAll().where('lotNo', '=', lotNo).executeTakeFirst();
    if (!lot || lot.method === 'tender' || lot.currentPrice === null || amount > lot.currentPrice) return;
    const now = await clock(trx);
    const live = (lot.status === 'listing' && now < lot.listingEnd) || (lot.status === 'timed' && lot.timedDeadline !== null && now < lot.timedDeadline);
    if (!live) return;
    const a = await myApplication(trx, lot, actor.userId);
    if (!a?.bidderNumber) return;
    if (lot.status === 'timed' && lot.method !== 'auction' && !a.joinedTimed) return;
    const same = await trx.selectFrom('trading.bids').select('seq').where('lotId', '=', lot.id).where('idempotencyKey', '=', key).executeTakeFirst();
    if (same) return;
    const due = lot.pendingIncrement !== null && lot.pendingIncrementAt !== null && now >= lot.pendingIncrementAt;
    throw bidTooLow(lot.currentPrice + (due ? lot.pendingIncrement! : lot.increment));
  }

  const tender = createTenderSteps(deps, { lockLot, clock, advance, close, myApplication });

  return {
    clock,
    advance,
    myApplication,
    /** The account tag with no query (null until the process's key is checked): the price book's. */
    tagNow: accountTag.now,
    incrementChanges,
    tender,

    /**
     * 调整增价幅度: announced at least INCREMENT_NOTICE_MINUTES before it takes effect, and in force
     * before listing ends; published to the log at once; `advance` applies it at its time.
     */
    async changeIncrement(trx: Tx, actor: ActingUser, lotNo: string, input: { increment: number; effectiveAt: string; reason: string }) {
      const l = await lockLot(trx, lotNo);
      const now = await clock(trx);
      const lot = await advance(trx, l, now);
      if (lot.status !== 'announced' && lot.status !== 'listing') throw new AppError('trading.lot_wrong_state', `the lot is ${lot.status}: the increment is changed only before listing ends (挂牌期内)`);
      if (lot.pendingIncrement !== null) throw new AppError('trading.increment_pending', `a change to ${lot.pendingIncrement} yuan is announced for ${lot.pendingIncrementAt!.toISOString()} already`);
      const effectiveAt = new Date(input.effectiveAt);
      const earliest = new Date(now.getTime() + INCREMENT_NOTICE_MINUTES * MIN);
      if (effectiveAt < earliest) {
        throw new AppError('trading.increment_notice', `effectiveAt: an increment change is announced at least ${INCREMENT_NOTICE_MINUTES / 60} hours before it takes effect (提前公告): ${earliest.toISOString()} at the earliest`, { field: 'effectiveAt', rule: 'increment_notice_24h', earliest });
      }
      if (effectiveAt >= lot.listingEnd) throw new AppError('trading.increment_notice', `effectiveAt: the change takes effect before listing ends (${lot.listingEnd.toISOString()})`, { field: 'effectiveAt', rule: 'before_listing_end' });
      if (input.increment === lot.increment) throw invalid('increment', `the increment is ${lot.increment} yuan already`, `增价幅度已经是${lot.increment}元`);
      const pub = await deps.publish(trx, 'trading.increment_change', {
        lotNo, announcementHash: lot.announcementHash, oldIncrement: lot.increment, newIncrement: input.increment, effectiveAt: effectiveAt.toISOString(), reason: input.reason, announcedAt: now.toISOString(),
      });
      await trx.insertInto('trading.increment_changes').values({
        lotId: lot.id, oldIncrement: lot.increment, newIncrement: input.increment, effectiveAt, reason: input.reason, announcedAt: now, announcedBy: actor.userId, entryIdx: pub.index,
      }).execute();
      await trx.updateTable('trading.lots').set({ pendingIncrement: input.increment, pendingIncrementAt: effectiveAt }).where('id', '=', lot.id).execute();
      await deps.audit.record(trx, actor, { action: 'trading.increment.changed', entityType: 'trading.lot', entityId: lot.id, orgPath: lot.orgPath, details: { lotNo, oldIncrement: lot.increment, newIncrement: input.increment, effectiveAt: effectiveAt.toISOString(), entryIdx: pub.index } });
      await sql`select pg_notify('trading_bids', ${lot.lotNo})`.execute(trx);
      return { lotNo, oldIncrement: lot.increment, newIncrement: input.increment, effectiveAt, entryIdx: pub.index };
    },

    /** Locks the lot and brings it to the phase of the database clock. */
    async current(trx: Tx, lotNo: string): Promise<{ lot: Lot; now: Date }> {
      const l = await lockLot(trx, lotNo);
      const now = await clock(trx);
      return { lot: await advance(trx, l, now), now };
    },

    /** 竞买申请: a public account applies; the bank gives the application its own deposit account. */
    async apply(trx: Tx, actor: ActingUser, lotNo: string, documents: { name: string; fileId: number | null }[]) {
      if (actor.kind !== 'public') throw new AppError('trading.not_public_account', 'bidders apply with a public account (公众账号)');
      const l = await lockLot(trx, lotNo);
      const now = await clock(trx);
      const lot = await advance(trx, l, now);
      if (lot.status !== 'announced' && lot.status !== 'listing') throw new AppError('trading.lot_wrong_state', `the lot is ${lot.status}: applications are closed`);
      if (now > lot.depositDeadline) throw new AppError('trading.deposit_deadline_passed', `applications closed with the deposit deadline ${lot.depositDeadline.toISOString()}`);
      if (await myApplication(trx, lot, actor.userId)) throw new AppError('trading.already_applied', 'you have applied for this lot already');
      const account = await deps.bank.openAccount();
      const sealed = seal(lot.publicKey!, JSON.stringify({ userId: actor.userId, name: actor.displayName, documents }));
      const a = await trx.insertInto('trading.applications').values({
        lotId: lot.id, accountTag: await accountTag(trx, lot.id, actor.userId), sealedAccount: sealed, depositAccount: account,
      }).returning(['id', 'depositAccount', 'status']).executeTakeFirstOrThrow();
      // The audit names the account but neither the lot nor the application: nobody may link a
      // bidder to a lot before close. The close writes the full entry (trading.application.opened).
      await deps.audit.record(trx, actor, { action: 'trading.application.created', entityType: 'trading.application', orgPath: null, details: {} });
      return { depositAccount: a.depositAccount, deposit: lot.deposit, depositDeadline: lot.depositDeadline, status: a.status };
    },

    /**
     * The bank's payment callback (到账通知), signed with HMAC-SHA256. `amount` is what the account
     * holds in all, so a repeated callback changes nothing. Paid in full in time → qualified and numbered.
     */
    async bankCallback(trx: Tx, p: BankPayment, signature: string) {
      if (!signatureValid(await serverSecret(trx, 'trading.bank_hmac'), p, signature)) {
        throw new AppError('trading.bank_signature_invalid', 'signature: the payment notice is not signed by the bank');
      }
      const a = await trx.selectFrom('trading.applications').selectAll().where('depositAccount', '=', p.account).forUpdate().executeTakeFirst();
      if (!a) throw new AppError('trading.application_not_found', `account: no deposit account ${p.account}`, { field: 'account' });
      const lot = await trx.selectFrom('trading.lots').selectAll().where('id', '=', a.lotId).executeTakeFirstOrThrow();
      const paidAt = new Date(p.paidAt);
      if (a.bidderNumber) return { status: a.status, qualified: true };
      const inTime = paidAt <= lot.depositDeadline;
      const full = p.amount >= lot.deposit;
      if (!(full && inTime)) {
        await trx.updateTable('trading.applications').set({ depositPaid: p.amount }).where('id', '=', a.id).execute();
        return { status: a.status, qualified: false, reason: !inTime ? 'paid after the deposit deadline' : 'not paid in full' };
      }
      for (;;) {
        const number = String(crypto.randomInt(100000, 1000000));
        const taken = await trx.selectFrom('trading.applications').select('id').where('lotId', '=', lot.id).where('bidderNumber', '=', number).executeTakeFirst();
        if (taken) continue;
        const qualifiedAt = await clock(trx);
        // 竞买资格确认书: addressed to the number only, so the document registry links no one either.
        const doc = deps.documents && lot.orgUnitId ? await deps.documents.issue(trx, null, {
          kind: 'certificate', title: '竞买资格确认书', orgUnitId: lot.orgUnitId, subject: { type: 'trading.lot', id: lot.lotNo },
          body: {
            recipient: `竞买号 ${number} 竞买人`,
            paragraphs: [`你方申请参加 ${lot.lotNo}（${lot.title}）的网上竞买，竞买保证金已于 ${fmt(paidAt)} 足额到账，经审核符合竞买条件，特确认你方取得竞买资格，竞买号为 ${number}。`,
              '请妥善保管竞买号，在挂牌期内登录网上交易系统报价。竞买号是你方在本次出让中的唯一身份，竞价结束前不公开竞买人身份。'],
            fields: [{ label: '宗地编号', value: lot.lotNo }, { label: '竞买号', value: number }, { label: '保证金（元）', value: String(p.amount) },
              { label: '挂牌起始时间', value: fmt(lot.listingStart) }, { label: '挂牌截止时间', value: fmt(lot.listingEnd) }],
          },
        }) : null;
        await trx.updateTable('trading.applications').set({ depositPaid: p.amount, paidAt, bidderNumber: number, qualifiedAt, status: 'qualified', qualificationDocId: doc?.id ?? null }).where('id', '=', a.id).execute();
        return { status: 'qualified', qualified: true };
      }
    },

    /** 确认参加限时竞价: a qualified bidder of a listing joins the timed phase within the confirmation window. */
    async joinTimed(trx: Tx, actor: ActingUser, lotNo: string) {
      const l = await lockLot(trx, lotNo);
      const lot = await advance(trx, l, await clock(trx));
      const a = await myApplication(trx, lot, actor.userId);
      if (!a?.bidderNumber) throw new AppError('trading.not_qualified', 'only a qualified bidder (已取得竞买资格) joins timed bidding');
      if (lot.status !== 'confirming') throw new AppError('trading.lot_wrong_state', `the lot is ${lot.status}: joining is open for ${lot.confirmMinutes} minutes after listing ends`);
      await trx.updateTable('trading.applications').set({ joinedTimed: true }).where('id', '=', a.id).execute();
      return { joined: true };
    },

    /**
     * 报价: one valid bid, or the same bid again for a repeated idempotency key. A bid that can never
     * win is refused before the lot lock (refuseCertainlyLow); every other bid queues for the lock and
     * is checked again there, so only candidate winners wait for each other.
     */
    async bid(trx: Tx, actor: ActingUser, lotNo: string, amount: number, key: string) {
      await refuseCertainlyLow(trx, actor, lotNo, amount, key);
      const l = await lockLot(trx, lotNo);
      const now = await clock(trx);
      const lot = await advance(trx, l, now);
      const a = await myApplication(trx, lot, actor.userId);
      if (!a?.bidderNumber) throw new AppError('trading.not_qualified', 'you are not a qualified bidder of this lot: the deposit must be paid in full (保证金未足额到账)');
      const same = await trx.selectFrom('trading.bids').selectAll().where('lotId', '=', lot.id).where('idempotencyKey', '=', key).executeTakeFirst();
      if (same) {
        if (same.bidderNumber !== a.bidderNumber) throw new AppError('trading.idempotency_conflict', 'idempotencyKey: used by another bid');
        if (same.amount !== amount) throw new AppError('trading.idempotency_conflict', 'idempotencyKey: already used for a different amount', { field: 'idempotencyKey' });
        return { seq: same.seq, at: same.at, amount: same.amount, replayed: true, timedDeadline: lot.timedDeadline };
      }
      let phase: 'listing' | 'timed';
      if (lot.method === 'tender') throw new AppError('trading.bidding_closed', 'a tender (招标) takes one sealed bid per bidder (POST …/tender), not open bids');
      if (lot.status === 'listing') phase = 'listing';
      else if (lot.status === 'timed' && (lot.method === 'auction' || a.joinedTimed)) phase = 'timed';
      else if (lot.status === 'timed') throw new AppError('trading.bidding_closed', 'you did not confirm joining timed bidding (未确认参加限时竞价)');
      else if (lot.status === 'confirming') throw new AppError('trading.bidding_closed', 'listing has ended; timed bidding has not started yet (限时竞价确认中)');
      else if (lot.status === 'closed' && lot.outcome === 'withdrawn') throw new AppError('trading.bidding_closed', `the sale was withdrawn at ${lot.closedAt!.toISOString()} (已终止出让): ${lot.outcomeReason}`);
      else if (lot.status === 'closed') throw new AppError('trading.bidding_closed', `the sale ended at ${lot.closedAt!.toISOString()} (竞价已结束); a bid at ${now.toISOString()} is too late`);
      else throw new AppError('trading.bidding_closed', `listing starts at ${lot.listingStart.toISOString()} (挂牌尚未开始)`);
      const min = lot.currentPrice === null ? lot.startPrice : lot.currentPrice + lot.increment;
      if (amount < min) throw bidTooLow(min);
      const seq = lot.lastSeq + 1;
      const b = { seq, at: now.toISOString(), bidderNumber: a.bidderNumber, amount, phase };
      const hash = bidHash(lot.chainHead, b);
      await trx.insertInto('trading.bids').values({ lotId: lot.id, seq, at: now, bidderNumber: a.bidderNumber, amount, phase, idempotencyKey: key, prevHash: lot.chainHead, hash }).execute();
      const timedDeadline = phase === 'timed' ? new Date(now.getTime() + lot.countdownMinutes * MIN) : lot.timedDeadline;
      await trx.updateTable('trading.lots').set({ currentPrice: amount, lastSeq: seq, chainHead: hash, timedDeadline }).where('id', '=', lot.id).execute();
      await sql`select pg_notify('trading_bids', ${lot.lotNo})`.execute(trx);
      return { seq, at: now, amount, replayed: false, timedDeadline };
    },

    /**
     * 终止出让: a published sale is ended before its close, with a reason. The lot closes with the
     * outcome `withdrawn` (so every bidder step refuses it from now on), the key is released as at any
     * close, every deposit paid is refunded through the bank, each bidder is told in-app and by SMS, the notice
     * goes to the transparency log (trading.lot_withdrawal), the lot leaves the map, and the processes'
     * price books drop the lot (NOTIFY '!lotNo').
     */
    async withdraw(trx: Tx, actor: ActingUser, lotNo: string, reason: string) {
      const l = await lockLot(trx, lotNo);
      const now = await clock(trx);
      const lot = await advance(trx, l, now);
      if (lot.status === 'draft') throw new AppError('trading.lot_wrong_state', `lotNo: lot ${lotNo} is a draft, not published (未发布公告): there is no sale to withdraw`, { field: 'lotNo' });
      if (lot.status === 'closed') {
        throw new AppError('trading.lot_wrong_state', `lotNo: the sale of ${lotNo} ${lot.outcome === 'withdrawn' ? 'was withdrawn' : 'ended'} at ${lot.closedAt!.toISOString()} (已结束); only a running sale is withdrawn`, { field: 'lotNo' });
      }
      await trx.updateTable('trading.lots').set({ status: 'closed', closedAt: now, outcome: 'withdrawn', outcomeReason: reason, withdrawnBy: actor.userId, pendingIncrement: null, pendingIncrementAt: null })
        .where('id', '=', lot.id).execute();
      const { rows: [k] } = await sql<{ key: Buffer }>`select trading.release_key(${lot.id}) as key`.execute(trx);
      const apps = await trx.selectFrom('trading.applications').selectAll().where('lotId', '=', lot.id).orderBy('id').execute();
      let refunds = 0;
      for (const a of apps) {
        const who = JSON.parse(open(k!.key, a.sealedAccount)) as { userId: number };
        let refundRef: string | null = null;
        if (a.depositPaid > 0) {
          refundRef = `TK${lot.lotNo}-${a.id}`;
          await deps.bank.refund(a.depositAccount, a.depositPaid, refundRef);
          await trx.insertInto('trading.refunds').values({ applicationId: a.id, amount: a.depositPaid, ref: refundRef }).execute();
          refunds++;
        }
        await trx.updateTable('trading.applications').set({ userId: who.userId, refundRef, ...(refundRef ? { status: 'refund_pending' as const } : {}) }).where('id', '=', a.id).execute();
        await deps.audit.record(trx, null, { action: 'trading.application.opened', entityType: 'trading.application', entityId: a.id, orgPath: lot.orgPath, details: { lotNo, userId: who.userId, bidderNumber: a.bidderNumber, status: refundRef ? 'refund_pending' : a.status } });
        if (deps.notify) {
          await deps.notify.enqueue(trx, {
            channel: 'inapp', to: String(who.userId), subject: `${lotNo} 终止出让`,
            body: `${lotNo}（${lot.title}）已终止出让，理由：${reason}。${refundRef ? `已交纳的保证金 ${a.depositPaid} 元将退回原账户（退款编号 ${refundRef}）。` : ''}`,
            data: { link: `/trading/${lotNo}` }, dedupeKey: `trading:withdrawn:${a.id}`,
          });
          const { rows: [u] } = await sql<{ phone: string | null }>`select phone from identity.users where id = ${who.userId}`.execute(trx);
          if (u?.phone) {
            await deps.notify.enqueue(trx, {
              channel: 'sms', to: u.phone, dedupeKey: `trading:withdrawn:${a.id}:sms`,
              body: `【阳光国土】${lotNo}（${lot.title}）已终止出让，理由：${reason}。${refundRef ? `保证金 ${a.depositPaid} 元将退回原账户。` : ''}`,
            });
          }
        }
      }
      const pub = await deps.publish(trx, 'trading.lot_withdrawal', { lotNo, announcementHash: lot.announcementHash, reason, withdrawnAt: now.toISOString(), status: lot.status, bids: lot.lastSeq, chainHead: lot.chainHead });
      const closed = await trx.updateTable('trading.lots').set({ resultEntryIdx: pub.index }).where('id', '=', lot.id).returningAll().executeTakeFirstOrThrow();
      await deps.audit.record(trx, actor, { action: 'trading.lot.withdrawn', entityType: 'trading.lot', entityId: lot.id, orgPath: lot.orgPath, details: { lotNo, reason, from: lot.status, entryIdx: pub.index, refunds } });
      await syncLotOnMap(trx, closed, actor.userId);
      await sql`select pg_notify('trading_bids', ${`!${lotNo}`})`.execute(trx);
      return { lotNo, status: closed.status, outcome: closed.outcome, reason, withdrawnAt: now, entryIdx: pub.index, refunds };
    },

    /** 底价录入: sealed to the lot key, no earlier than the window before listing ends; witnessed next. */
    async enterReserve(trx: Tx, actor: ActingUser, lotNo: string, amount: number) {
      const l = await lockLot(trx, lotNo);
      const now = await clock(trx);
      const lot = await advance(trx, l, now);
      if (lot.status !== 'announced' && lot.status !== 'listing') throw new AppError('trading.lot_wrong_state', `the lot is ${lot.status}: the reserve is entered before listing ends`);
      const opensAt = new Date(lot.listingEnd.getTime() - lot.reserveWindowMinutes * MIN);
      if (now < opensAt) throw new AppError('trading.reserve_window', `the reserve price is entered no earlier than ${lot.reserveWindowMinutes} minutes before listing ends (${opensAt.toISOString()})`, { opensAt });
      if (lot.reserveWitnessedBy) throw new AppError('trading.reserve_sealed', 'the reserve is entered and witnessed; it stays sealed until close');
      const salt = crypto.randomBytes(16).toString('hex');
      const commitment = reserveCommitment(lot.lotNo, amount, salt);
      await trx.updateTable('trading.lots').set({ reserveCipher: seal(lot.publicKey!, JSON.stringify({ amount, salt })), reserveCommitment: commitment, reserveEnteredBy: actor.userId, reserveEnteredAt: now })
        .where('id', '=', lot.id).execute();
      await deps.audit.record(trx, actor, { action: 'trading.reserve.entered', entityType: 'trading.lot', entityId: lot.id, orgPath: lot.orgPath, details: { lotNo, commitment } });
      return { commitment, witnessed: false };
    },

    /** 底价监督: a second person (the supervisor) confirms the entry; the commitment goes to the log. */
    async witnessReserve(trx: Tx, actor: ActingUser, lotNo: string) {
      const l = await lockLot(trx, lotNo);
      const lot = await advance(trx, l, await clock(trx));
      if (!lot.reserveCipher || !lot.reserveCommitment) throw new AppError('trading.lot_wrong_state', 'no reserve has been entered');
      if (lot.status !== 'announced' && lot.status !== 'listing') throw new AppError('trading.lot_wrong_state', `the lot is ${lot.status}: too late to witness`);
      if (lot.reserveWitnessedBy) throw new AppError('trading.reserve_sealed', 'already witnessed');
      if (lot.reserveEnteredBy === actor.userId) throw new AppError('trading.same_person', 'the supervisor is not the person who entered the reserve (两人在场)');
      const pub = await deps.publish(trx, 'trading.reserve_commitment', { lotNo, commitment: lot.reserveCommitment, enteredAt: lot.reserveEnteredAt!.toISOString() });
      await trx.updateTable('trading.lots').set({ reserveWitnessedBy: actor.userId, reserveEntryIdx: pub.index }).where('id', '=', lot.id).execute();
      await deps.audit.record(trx, actor, { action: 'trading.reserve.witnessed', entityType: 'trading.lot', entityId: lot.id, orgPath: lot.orgPath, details: { lotNo, commitment: lot.reserveCommitment, entryIdx: pub.index } });
      return { commitment: lot.reserveCommitment, witnessed: true, entryIdx: pub.index };
    },

    /** The bank confirms a refund (退款到账确认). */
    async confirmRefund(trx: Tx, ref: string, signature: string) {
      const want = Buffer.from(crypto.createHmac('sha256', await serverSecret(trx, 'trading.bank_hmac')).update(`refund|${ref}`).digest('hex'));
      if (signature.length !== want.length || !crypto.timingSafeEqual(Buffer.from(signature), want)) {
        throw new AppError('trading.bank_signature_invalid', 'signature: the refund confirmation is not signed by the bank');
      }
      const r = await trx.updateTable('trading.refunds').set({ status: 'confirmed', confirmedAt: await clock(trx) }).where('ref', '=', ref).where('status', '=', 'sent').returningAll().executeTakeFirst();
      if (!r) throw invalid('ref', `no open refund instruction ${ref}`, `没有待确认的退款指令 ${ref}`);
      await trx.updateTable('trading.applications').set({ status: 'refunded', refundedAt: r.confirmedAt }).where('id', '=', r.applicationId).execute();
      return { ref, status: 'confirmed' };
    },
  };
}
