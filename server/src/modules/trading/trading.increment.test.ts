// Changing the bid increment during listing (调整增价幅度): announced at least a day ahead and logged,
// applied by the clock at its time, and carried in the bid log so the offline check still holds.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, declareNextCalendarYear, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { landLot, createAndApprove, applyAndPay, setTimes, bid, lotRow } from './trading.test-helpers.ts';
import { verifyBidLog, type BidLog } from '../../../../tools/verify-bids.ts';

const t: TestApp = await startTestApp();
const HOUR = 3600_000;
let reviewer = '', leader = '', company = '', person = '', lotNo = '';

before(async () => {
  await declareNextCalendarYear(t.testDb.owner);
  [reviewer, leader, company, person] = await Promise.all(['reviewer', 'leader', '13885200002', '13885200001'].map((u) => loginAs(t, u)));
  lotNo = await createAndApprove(t, reviewer, leader, landLot());
  await applyAndPay(t, company, lotNo);
  await applyAndPay(t, person, lotNo);
  await setTimes(t, lotNo, { listingEndIn: 72 * HOUR });
});

const change = (cookie: string, body: Record<string, unknown>) => call(t, cookie, 'POST', `/api/trading/lots/${lotNo}/increment`, body);
const changes = async () => (await t.testDb.owner.selectFrom('trading.increment_changes').selectAll().execute()).length;

describe('an increment change during listing', () => {
  it('is refused without the approval permission, without a day’s notice, after listing ends or without a reason — naming the field, changing nothing', async () => {
    const soon = new Date(Date.now() + 25 * HOUR).toISOString();
    assert.equal((await change(reviewer, { increment: 50_000, effectiveAt: soon, reason: '竞价活跃，提高增价幅度' })).status, 403);
    const early = await change(leader, { increment: 50_000, effectiveAt: new Date(Date.now() + HOUR).toISOString(), reason: '竞价活跃' });
    assert.equal(early.status, 422);
    assert.equal(early.body.error.code, 'trading.increment_notice');
    assert.match(early.body.error.message, /^effectiveAt: .*24 hours/);
    const late = await change(leader, { increment: 50_000, effectiveAt: new Date(Date.now() + 80 * HOUR).toISOString(), reason: '竞价活跃' });
    assert.equal(late.status, 422);
    assert.match(late.body.error.message, /before listing ends/);
    const noReason = await change(leader, { increment: 50_000, effectiveAt: soon });
    assert.equal(noReason.status, 400);
    assert.match(JSON.stringify(noReason.body), /reason/);
    const zero = await change(leader, { increment: 0, effectiveAt: soon, reason: '竞价活跃' });
    assert.equal(zero.status, 400);
    assert.match(JSON.stringify(zero.body), /increment/);
    assert.equal(await changes(), 0);
    assert.equal((await lotRow(t, lotNo)).pendingIncrement, null);
  });

  it('is announced ahead: logged at once, shown to everyone as pending, while bids still use the old increment', async () => {
    const at = new Date(Date.now() + 25 * HOUR).toISOString();
    const ok = await change(leader, { increment: 50_000, effectiveAt: at, reason: '竞价活跃，提高增价幅度' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const entry = await call(t, null, 'GET', `/api/transparency/entries/${ok.body.entryIdx}`);
    const logged = JSON.parse(entry.body.data);
    assert.equal(logged.kind, 'trading.increment_change');
    assert.deepEqual([logged.payload.oldIncrement, logged.payload.newIncrement, logged.payload.effectiveAt], [10_000, 50_000, at]);
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.deepEqual(pub.body.pendingIncrement, { increment: 50_000, effectiveAt: at });
    assert.equal(pub.body.increment, 10_000);
    const again = await change(leader, { increment: 20_000, effectiveAt: at, reason: '再次调整' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'trading.increment_pending');
    assert.equal((await bid(t, company, lotNo, 1_000_000)).status, 201);
    assert.equal((await bid(t, person, lotNo, 1_010_000)).status, 201);
  });

  it('takes effect at its time: a bid must then beat the price by the new increment', async () => {
    // As if the day had passed: the change takes effect just after the last bid so far.
    const last = await t.testDb.owner.selectFrom('trading.bids').select((eb) => eb.fn.max('at').as('at')).executeTakeFirstOrThrow();
    const past = new Date((last.at as Date).getTime() + 1);
    await new Promise((r) => setTimeout(r, 5));
    await t.testDb.owner.updateTable('trading.lots').set({ pendingIncrementAt: past }).where('lotNo', '=', lotNo).execute();
    await t.testDb.owner.updateTable('trading.increment_changes').set({ effectiveAt: past }).execute();
    const low = await bid(t, company, lotNo, 1_020_000);
    assert.equal(low.status, 422);
    assert.equal(low.body.error.code, 'trading.bid_too_low');
    assert.match(low.body.error.message, /1060000/);
    assert.equal((await bid(t, company, lotNo, 1_060_000)).status, 201);
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(pub.body.increment, 50_000);
    assert.equal(pub.body.pendingIncrement, null);
    assert.equal(pub.body.nextMin, 1_110_000);
  });

  it('the bid log carries the change: the offline check passes, and fails if the change is altered', async () => {
    await setTimes(t, lotNo, { listingEndIn: -HOUR });
    const res = await t.inject({ method: 'GET', url: `/api/public/trading/lots/${lotNo}/bid-log.json` });
    assert.equal(res.statusCode, 200);
    const log = JSON.parse(res.body) as BidLog;
    assert.equal(log.increment, 10_000);
    assert.equal(log.incrementChanges?.length, 1);
    assert.match(verifyBidLog(log), /^OK /);
    const altered = { ...log, incrementChanges: [{ increment: 100_000, effectiveAt: log.incrementChanges![0]!.effectiveAt }] };
    assert.throws(() => verifyBidLog(altered), /bid 3: 1060000 is below the minimum 1110000/);
  });
});
