/**
 * The process's price book (竞价行情): what this process knows of each live lot, kept current by
 * LISTEN trading_bids (every accepted bid, increment change and withdrawal NOTIFYs on commit), so a
 * bid that can never win is refused with no database query at all.
 *
 * Why a stale book is still right: it is filled from committed rows, so it is never ahead of the
 * database. While a lot is live its price only rises, its timed deadline only moves later, its
 * qualified bidders and their joins only grow, its stored idempotency keys only grow, and an
 * increment change is announced ≥ 24 h ahead. So when the book says "live, this bidder qualified
 * (and joined), this key unknown, amount < price + the lowest increment that can be in force", the
 * locked check would refuse the bid as too low too. Anything else — a key the book knows (a replay),
 * a bidder it does not know, a lot near a deadline, a lot it has not loaded — goes the usual way.
 * A withdrawal (终止出让) NOTIFYs `!lotNo`: the entry is dropped at once. A lost LISTEN connection
 * drops the whole book.
 */
import type { Tx } from '../../platform/db/context.ts';

/** A lot within this much of a deadline (process clock vs the database's) is left to the locked check. */
const CLOCK_MARGIN_MS = 1000;
/** An entry in use is re-read in the background at least this often (belt and braces next to NOTIFY). */
const REFRESH_MS = 1000;
export const BIDS_CHANNEL = 'trading_bids';

interface Entry {
  lotId: number;
  status: string;
  method: string;
  currentPrice: number | null;
  startPrice: number;
  increment: number;
  pendingIncrement: number | null;
  pendingIncrementAt: number | null;
  listingEnd: number;
  timedDeadline: number | null;
  lastSeq: number;
  keys: Set<string>;
  /** account tag → joined the timed phase */
  qualified: Map<string, boolean>;
  refreshedAt: number;
}

export interface PriceBookDeps {
  listen?: ((channel: string, handler: (payload: string) => void, onReconnect?: () => void) => Promise<void>) | undefined;
  /** Runs a read in the system context. */
  read: <T>(fn: (trx: Tx) => Promise<T>) => Promise<T>;
  /** The account tag, or null while the process has not checked its key against the database yet. */
  tagNow: (lotId: number, userId: number) => string | null;
}

export type Refusal = { min: number } | null;

export function createPriceBook(deps: PriceBookDeps) {
  const book = new Map<string, Entry>();
  const loading = new Map<string, Promise<void>>();
  const again = new Set<string>();
  /** Bumped by a drop: a load that began before it must not store what it read. */
  const generation = new Map<string, number>();
  function forget(lotNo: string): void {
    book.delete(lotNo);
    generation.set(lotNo, (generation.get(lotNo) ?? 0) + 1);
  }
  /** A lost LISTEN connection may have missed a withdrawal: forget everything (a Map may lose entries while iterated). */
  function forgetAll(): void {
    for (const lotNo of book.keys()) forget(lotNo);
  }
  let listening: 'no' | 'starting' | 'yes' = 'no';

  function startListening(): void {
    if (listening !== 'no' || !deps.listen) return;
    listening = 'starting';
    deps.listen(BIDS_CHANNEL, (payload) => {
      if (payload.startsWith('!')) { forget(payload.slice(1)); return; }
      if (book.has(payload)) refresh(payload);
    }, forgetAll)
      .then(() => { listening = 'yes'; })
      .catch(() => { listening = 'no'; forgetAll(); });
  }

  /** Re-reads a lot (lot row first, then what was stored up to it); one at a time per lot, coalesced. */
  function refresh(lotNo: string): void {
    if (loading.has(lotNo)) { again.add(lotNo); return; }
    const p = load(lotNo).catch(() => { book.delete(lotNo); }).finally(() => {
      loading.delete(lotNo);
      if (again.delete(lotNo)) refresh(lotNo);
    });
    loading.set(lotNo, p);
  }

  async function load(lotNo: string): Promise<void> {
    const started = Date.now();
    const gen = generation.get(lotNo) ?? 0;
    await deps.read(async (trx) => {
      const lot = await trx.selectFrom('trading.lots')
        .select(['id', 'status', 'method', 'currentPrice', 'startPrice', 'increment', 'pendingIncrement', 'pendingIncrementAt', 'listingEnd', 'timedDeadline', 'lastSeq'])
        .where('lotNo', '=', lotNo).executeTakeFirst();
      if ((generation.get(lotNo) ?? 0) !== gen) return;
      if (!lot || !['listing', 'timed'].includes(lot.status) || lot.method === 'tender') { book.delete(lotNo); return; }
      const old = book.get(lotNo);
      const fresh = old && old.lotId === lot.id ? old : undefined;
      // Read after the lot row: every bid up to its lastSeq is committed and seen here.
      const bids = await trx.selectFrom('trading.bids').select(['seq', 'idempotencyKey']).where('lotId', '=', lot.id).where('seq', '>', fresh?.lastSeq ?? 0).execute();
      const apps = await trx.selectFrom('trading.applications').select(['accountTag', 'joinedTimed']).where('lotId', '=', lot.id).where('bidderNumber', 'is not', null).execute();
      const keys = fresh?.keys ?? new Set<string>();
      let lastSeq = fresh?.lastSeq ?? 0;
      for (const b of bids) { keys.add(b.idempotencyKey); lastSeq = Math.max(lastSeq, b.seq); }
      if ((generation.get(lotNo) ?? 0) !== gen) return;
      book.set(lotNo, {
        lotId: lot.id, status: lot.status, method: lot.method, currentPrice: lot.currentPrice, startPrice: lot.startPrice, increment: lot.increment,
        pendingIncrement: lot.pendingIncrement, pendingIncrementAt: lot.pendingIncrementAt?.getTime() ?? null,
        listingEnd: lot.listingEnd.getTime(), timedDeadline: lot.timedDeadline?.getTime() ?? null,
        lastSeq, keys, qualified: new Map(apps.map((a) => [a.accountTag, a.joinedTimed])), refreshedAt: started,
      });
    });
  }

  return {
    /**
     * The minimum to name when this bid is certainly too low, or null (then the bid takes the usual
     * path). Sends no query; an unknown or old entry is (re)loaded in the background.
     */
    refusal(userId: number, lotNo: string, amount: number, key: string): Refusal {
      if (!deps.listen) return null;
      startListening();
      const e = book.get(lotNo);
      const now = Date.now();
      if (!e || now - e.refreshedAt > REFRESH_MS) refresh(lotNo);
      if (!e || listening !== 'yes') return null;
      const live = (e.status === 'listing' && now + CLOCK_MARGIN_MS < e.listingEnd)
        || (e.status === 'timed' && e.timedDeadline !== null && now + CLOCK_MARGIN_MS < e.timedDeadline);
      if (!live || e.keys.has(key)) return null;
      const tag = deps.tagNow(e.lotId, userId);
      const joined = tag === null ? undefined : e.qualified.get(tag);
      if (joined === undefined) return null;
      if (e.status === 'timed' && e.method !== 'auction' && !joined) return null;
      // The lowest increment that can be in force until the locked check runs (a change is announced 24 h ahead).
      const pendingSoon = e.pendingIncrement !== null && e.pendingIncrementAt !== null && now + CLOCK_MARGIN_MS >= e.pendingIncrementAt;
      const pendingDue = e.pendingIncrement !== null && e.pendingIncrementAt !== null && now >= e.pendingIncrementAt;
      const lowest = pendingSoon ? Math.min(e.increment, e.pendingIncrement!) : e.increment;
      if (amount >= (e.currentPrice === null ? e.startPrice : e.currentPrice + lowest)) return null;
      // Named as the locked check names it at this moment (a due change counted, as `advance` would).
      return { min: e.currentPrice === null ? e.startPrice : e.currentPrice + (pendingDue ? e.pendingIncrement! : e.increment) };
    },
    /** After this process committed an accepted bid: the book learns it without waiting for the NOTIFY. */
    accepted(lotNo: string, b: { seq: number; amount: number; key: string; timedDeadline: Date | null }): void {
      const e = book.get(lotNo);
      if (!e) return;
      e.keys.add(b.key);
      // Only the next bid moves the price: with a gap, a key between is unknown (a replay of it must not
      // be refused), so the price waits for the refresh that the NOTIFY brings.
      if (b.seq === e.lastSeq + 1) {
        e.lastSeq = b.seq;
        e.currentPrice = b.amount;
        if (b.timedDeadline) e.timedDeadline = b.timedDeadline.getTime();
      }
    },
    /** Drops a lot now (withdrawn or closed here). */
    drop(lotNo: string): void { forget(lotNo); },
    get size() { return book.size; },
  };
}

export type PriceBook = ReturnType<typeof createPriceBook>;
