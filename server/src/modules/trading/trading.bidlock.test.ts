// Bids and the lot lock: a bid at or below the committed current price is refused without waiting
// for the lot's row lock (it can never win), with the same error as the locked check; every other
// bid — a candidate, a replayed key — still queues for the lock and is checked again there. Many
// simultaneous bids still store exactly one bid per price and never lose the highest.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, declareNextCalendarYear, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../platform/identity/test-helpers.ts';
import { pgMessages } from '../../../test/pg-messages.ts';
import { landLot, createAndApprove, applyAndPay, setTimes, bid, lotRow, forgetLot } from './trading.test-helpers.ts';

const t: TestApp = await startTestApp();
const INC = 10_000;
let company = '', person = '', lotNo = '';

before(async () => {
  await declareNextCalendarYear(t.testDb.owner);
  const [reviewer, leader] = await Promise.all([loginAs(t, 'reviewer'), loginAs(t, 'leader')]);
  [company, person] = await Promise.all([loginAs(t, '13885200002'), loginAs(t, '13885200001')]);
  lotNo = await createAndApprove(t, reviewer, leader, landLot());
  await applyAndPay(t, company, lotNo);
  await applyAndPay(t, person, lotNo);
  await setTimes(t, lotNo, { listingEndIn: 3600_000 });
});

/** Holds the lot's row lock in another transaction (owner connection) until `release` is called. */
async function holdLotLock() {
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => { locked = r; });
  const done = t.testDb.owner.transaction().execute(async (trx) => {
    await trx.selectFrom('trading.lots').select('id').where('lotNo', '=', lotNo).forUpdate().execute();
    locked();
    await released;
  });
  await isLocked;
  return async () => { release(); await done; };
}

/** Tracks whether a promise has settled. */
function track<T>(p: Promise<T>) {
  const s = { settled: false, p };
  void p.finally(() => { s.settled = true; });
  return s;
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

describe('bids and the lot lock', () => {
  it('refuses a bid at or below the current price while the lock is held elsewhere; a candidate and a replay wait for it', async () => {
    const first = await bid(t, company, lotNo, 1_000_000, 'lock-company-first');
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const unlock = await holdLotLock();
    const candidate = track(bid(t, person, lotNo, 1_000_000 + INC, 'lock-person-candidate'));
    const replay = track(bid(t, company, lotNo, 1_000_000, 'lock-company-first'));
    try {
      await new Promise((r) => setTimeout(r, 300));
      // Equal to the current price: can never win, refused at once with the locked check's error.
      const equal = await within(bid(t, person, lotNo, 1_000_000, 'lock-person-equal'), 4000);
      if (equal === 'timeout') assert.fail('a bid equal to the current price waited for the lot lock');
      assert.equal(equal.status, 422, JSON.stringify(equal.body));
      assert.equal(equal.body.error.code, 'trading.bid_too_low');
      assert.equal(equal.body.error.field, 'amount');
      assert.equal(equal.body.error.min, 1_000_000 + INC);
      assert.equal(equal.body.error.message, `amount: at least ${1_000_000 + INC} yuan (当前价加一个增价幅度)`);
      const below = await within(bid(t, company, lotNo, 990_000, 'lock-company-below'), 4000);
      if (below === 'timeout') assert.fail('a bid below the current price waited for the lot lock');
      assert.equal(below.status, 422);
      assert.equal(below.body.error.code, 'trading.bid_too_low');
      // The candidate and the replayed key (its amount is now below the price) wait for the lock.
      assert.equal(candidate.settled, false, 'a candidate bid was answered while the lot was locked');
      assert.equal(replay.settled, false, 'a replayed key was answered without the lock');
    } finally {
      await unlock();
    }
    const [c, r] = await Promise.all([candidate.p, replay.p]);
    assert.equal(c.status, 201, JSON.stringify(c.body));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.replayed, true);
    const row = await lotRow(t, lotNo);
    assert.equal(row.currentPrice, 1_000_000 + INC);
    assert.equal(row.lastSeq, 2);
    const stored = await t.testDb.owner.selectFrom('trading.bids').select(['seq', 'amount', 'idempotencyKey']).orderBy('seq').execute();
    assert.deepEqual(stored.map((b) => [b.seq, b.amount, b.idempotencyKey]), [[1, 1_000_000, 'lock-company-first'], [2, 1_000_000 + INC, 'lock-person-candidate']]);
  });

  it('a replayed key whose amount is now below the price is answered as a replay, not refused', async () => {
    const again = await bid(t, company, lotNo, 1_000_000, 'lock-company-first');
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.replayed, true);
    assert.equal(again.body.seq, 1);
  });

  it('many simultaneous bids: exactly one stored per price, each above the previous by an increment, the highest kept', async () => {
    const base = (await lotRow(t, lotNo)).currentPrice!;
    // Six prices from the current one up, six bids at each, all at once from both bidders.
    const sent = Array.from({ length: 36 }, (_, i) => ({ amount: base + INC * (i % 6), key: `burst-${i}-abcdefgh`, cookie: i % 2 ? person : company }));
    const res = await Promise.all(sent.map((s) => bid(t, s.cookie, lotNo, s.amount, s.key)));
    const accepted: { seq: number; amount: number }[] = [];
    res.forEach((r, i) => {
      assert.ok(r.status === 201 || (r.status === 422 && r.body.error.code === 'trading.bid_too_low'), JSON.stringify(r.body));
      if (r.status === 201) { assert.equal(r.body.amount, sent[i]!.amount); accepted.push({ seq: r.body.seq, amount: r.body.amount }); }
      else assert.ok(r.body.error.min > sent[i]!.amount, `refused ${sent[i]!.amount} but named min ${r.body.error.min}`);
    });
    // Nothing at or below the old price gets in; the top price is always accepted (nothing can beat it).
    assert.ok(accepted.every((a) => a.amount > base));
    assert.equal(accepted.filter((a) => a.amount === base + 5 * INC).length, 1, 'the highest bid was lost or taken twice');
    const stored = await t.testDb.owner.selectFrom('trading.bids').select(['seq', 'amount']).where('idempotencyKey', 'like', 'burst-%').orderBy('seq').execute();
    assert.deepEqual(stored.map((b) => [b.seq, b.amount]), accepted.sort((a, b) => a.seq - b.seq).map((a) => [a.seq, a.amount]));
    assert.equal(new Set(stored.map((b) => b.amount)).size, stored.length, 'two bids accepted at the same price');
    let prev = base;
    for (const b of stored) { assert.ok(b.amount >= prev + INC, `${b.amount} after ${prev}`); prev = b.amount; }
    const row = await lotRow(t, lotNo);
    assert.equal(row.currentPrice, base + 5 * INC);
    assert.equal(row.lastSeq, stored.at(-1)!.seq);
  });

  it('right after the burst: exactly one increment above the committed price is accepted, the price itself is refused', async () => {
    const top = (await lotRow(t, lotNo)).currentPrice!;
    const same = await bid(t, company, lotNo, top);
    assert.equal(same.status, 422);
    assert.equal(same.body.error.min, top + INC);
    const next = await bid(t, person, lotNo, top + INC);
    assert.equal(next.status, 201, JSON.stringify(next.body));
    assert.equal((await lotRow(t, lotNo)).currentPrice, top + INC);
  });

  it('an increment change that is due counts: the lock-free refusal names the new minimum, and a bid at it is accepted', async () => {
    const top = (await lotRow(t, lotNo)).currentPrice!;
    // A lower increment announced earlier and due now (applied by the clock under the lock).
    await t.testDb.owner.updateTable('trading.lots').set({ pendingIncrement: 5_000, pendingIncrementAt: new Date(Date.now() - 1000) }).where('lotNo', '=', lotNo).execute();
    await forgetLot(t, lotNo);
    const low = await bid(t, company, lotNo, top);
    assert.equal(low.status, 422);
    assert.equal(low.body.error.min, top + 5_000);
    const ok = await bid(t, company, lotNo, top + 5_000);
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const row = await lotRow(t, lotNo);
    assert.equal(row.increment, 5_000);
    assert.equal(row.currentPrice, top + 5_000);
  });

  it('with the price book warm, a too-low bid is refused with no query (the session lookup of the POST is the only message); exactly price + increment is accepted', async () => {
    const top = (await lotRow(t, lotNo)).currentPrice!;
    const inc = (await lotRow(t, lotNo)).increment;
    const before = await t.testDb.owner.selectFrom('trading.bids').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    // The book loads in the background after the first bid it sees; a refused bid sends no query from then on.
    let messages: string[] = [];
    for (let i = 0; i < 40; i++) {
      messages = await roundTrips(async () => {
        const low = await bid(t, company, lotNo, top + inc - 1);
        assert.equal(low.status, 422, JSON.stringify(low.body));
        assert.equal(low.body.error.code, 'trading.bid_too_low');
        assert.equal(low.body.error.field, 'amount');
        assert.equal(low.body.error.min, top + inc);
        assert.equal(low.body.error.message, `amount: at least ${top + inc} yuan (当前价加一个增价幅度)`);
      });
      if (messages.length <= 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(messages.length, 1, `a refused bid sent queries:\n${messages.join('\n')}`);
    assert.match(messages[0]!, /identity\.session_lookup/);
    const after = await t.testDb.owner.selectFrom('trading.bids').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n, 'a refused bid stored something');
    // Exactly price + increment goes through the locked check and is accepted.
    const ok = await bid(t, person, lotNo, top + inc, 'book-accepted-key');
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    await new Promise((r) => setTimeout(r, 150)); // its NOTIFY's refresh of the book, not a bid's query
    // The book learns the accepted bid at once: the old minimum is refused now, from memory too.
    const stale = await roundTrips(async () => {
      const r = await bid(t, company, lotNo, top + inc);
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.equal(r.body.error.min, top + 2 * inc);
    });
    assert.ok(stale.length <= 1, stale.join('\n'));
    // A replay of the accepted key (its amount no longer above the price) is still a replay.
    const replay = await bid(t, person, lotNo, top + inc, 'book-accepted-key');
    assert.equal(replay.status, 200, JSON.stringify(replay.body));
    assert.equal(replay.body.replayed, true);
  });
});

/** Round trips of the app's pg clients during `fn` (as identity.session-cache.test.ts counts them). */
const roundTrips = (fn: () => Promise<unknown>) => pgMessages(fn, (text) =>
  // The process's LISTEN connections (session changes, the price book) are not a request's round trip.
  text.startsWith('listen ') ? undefined : text.replace(/\s+/g, ' ').trim().slice(0, 400));
