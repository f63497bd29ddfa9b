// Tender (招标): sealed bids, every commitment logged before the opening, opened together at the
// deadline, evaluated by the announced method — comprehensive (a panel drawn with the selection
// module scores the proposals by number only) or the highest price — and the result announced
// with a bid log the offline checker re-ranks.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, declareNextCalendarYear, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { createDb, createPool } from '../../platform/db/database.ts';
import { landLot, createAndApprove, applyAndPay, setTimes, bid } from './trading.test-helpers.ts';
import { verifyBidLog, type BidLog } from '../../../../tools/verify-bids.ts';

const t: TestApp = await startTestApp();
const app = createDb(createPool(t.testDb.appUrl, 1));
after(() => app.destroy());
let reviewer = '', leader = '', company = '', person = '';
let lotNo = '', nA = '', nB = '';
const NAMES = ['遵义市播州区示例建材有限公司', '王小明'];
const tender = (over: Record<string, unknown> = {}) => landLot({ method: 'tender', evaluation: 'comprehensive', priceWeight: 60, panelSize: 3, ...over });
const noIdentity = (what: string, body: unknown) => { for (const n of NAMES) assert.ok(!JSON.stringify(body).includes(n), `${what} shows ${n}`); };

before(async () => {
  await declareNextCalendarYear(t.testDb.owner);
  [reviewer, leader, company, person] = await Promise.all(['reviewer', 'leader', '13885200002', '13885200001'].map((u) => loginAs(t, u)));
  for (let i = 0; i < 4; i++) {
    const r = await call(t, leader, 'POST', '/api/selection/agencies', {
      code: `91520300MA6${String(i).padStart(7, '0')}`, name: `贵州示例土地评估事务所${i + 1}`, serviceTypes: ['land_valuation'],
      qualification: '土地评估A级', qualificationValidUntil: '2030-12-31', relatedParties: [],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
});

describe('a comprehensive tender (综合评标)', () => {
  it('states its evaluation method; a lot without one, or with one but not a tender, is refused naming the field', async () => {
    const none = await call(t, reviewer, 'POST', '/api/trading/lots', landLot({ method: 'tender' }));
    assert.equal(none.status, 400);
    assert.equal(none.body.error.field, 'evaluation');
    const noWeight = await call(t, reviewer, 'POST', '/api/trading/lots', landLot({ method: 'tender', evaluation: 'comprehensive', panelSize: 3 }));
    assert.equal(noWeight.body.error.field, 'priceWeight');
    const notTender = await call(t, reviewer, 'POST', '/api/trading/lots', landLot({ evaluation: 'highest_price' }));
    assert.equal(notTender.body.error.field, 'evaluation');
    lotNo = await createAndApprove(t, reviewer, leader, tender());
    nA = await applyAndPay(t, company, lotNo);
    nB = await applyAndPay(t, person, lotNo);
    await setTimes(t, lotNo, { listingEndIn: 3600_000 });
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(pub.body.tender.evaluation, 'comprehensive');
    assert.equal(pub.body.tender.priceWeight, 60);
  });

  it('takes one sealed bid per qualified bidder, with a commitment as receipt; no open bids', async () => {
    const open = await bid(t, company, lotNo, 1_000_000);
    assert.equal(open.status, 409);
    assert.match(open.body.error.message, /sealed bid/);
    const low = await call(t, company, 'POST', `/api/public/trading/lots/${lotNo}/tender`, { amount: 999_999, proposal: '方案' });
    assert.equal(low.status, 422);
    assert.equal(low.body.error.field, 'amount');
    const a = await call(t, company, 'POST', `/api/public/trading/lots/${lotNo}/tender`, { amount: 1_200_000, proposal: '甲方案：商业综合体，两年建成' });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.match(a.body.commitment, /^[0-9a-f]{64}$/);
    const again = await call(t, company, 'POST', `/api/public/trading/lots/${lotNo}/tender`, { amount: 1_300_000, proposal: '改' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'trading.tender_sealed');
    assert.equal((await call(t, person, 'POST', `/api/public/trading/lots/${lotNo}/tender`, { amount: 1_100_000, proposal: '乙方案：绿色建筑，18个月建成' })).status, 201);
    const me = await call(t, company, 'GET', `/api/public/trading/lots/${lotNo}/me`);
    assert.equal(me.body.application.tenderBid.commitment, a.body.commitment);
  });

  it('stays sealed before the opening: staff see no bid nor count; the app role can open nothing; no commitment in the log yet', async () => {
    const v = await call(t, leader, 'GET', `/api/trading/lots/${lotNo}/tender`);
    assert.equal(v.status, 200);
    assert.equal(v.body.sealed, true);
    assert.equal(v.body.bids, null);
    assert.ok(!JSON.stringify(v.body).includes('1200000'));
    await assert.rejects(sql`select trading.release_opening_key(id) from trading.lots where lot_no = ${lotNo}`.execute(app), /trading\.tender_sealed/);
    await assert.rejects(sql`select * from trading.opening_keys`.execute(app), /permission denied/);
    const rows = (await sql<{ amount: unknown; sealed: string }>`select amount, sealed from trading.tender_bids`.execute(app)).rows;
    assert.deepEqual(rows.map((r) => r.amount), [null, null]);
    for (const r of rows) assert.ok(!r.sealed.includes('1200000') && !r.sealed.includes('甲方案'));
    assert.equal((await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`)).body.tender.commitmentsEntryIdx, null);
  });

  it('draws the panel through the selection module (a public draw), once; its names stay unpublished until the result', async () => {
    assert.equal((await call(t, reviewer, 'POST', `/api/trading/lots/${lotNo}/panel`)).status, 403);
    const p = await call(t, leader, 'POST', `/api/trading/lots/${lotNo}/panel`);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(p.body.members.length, 3);
    assert.match(p.body.members[0].name, /土地评估事务所/);
    const draw = await call(t, null, 'GET', `/api/public/selection/draws/${p.body.drawNo}`);
    assert.equal(draw.status, 200);
    assert.deepEqual(draw.body.order.slice(0, 3).map(String), p.body.members.map((m: { id: string }) => m.id));
    assert.equal((await call(t, leader, 'POST', `/api/trading/lots/${lotNo}/panel`)).status, 409);
    assert.equal((await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`)).body.tender.panel, null);
  });

  it('opens at the deadline: every commitment is logged first, then the bids by number (暗标); identities stay sealed', async () => {
    await setTimes(t, lotNo, { listingEndIn: -1000 });
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(pub.body.status, 'evaluating');
    const entry = JSON.parse((await call(t, null, 'GET', `/api/transparency/entries/${pub.body.tender.commitmentsEntryIdx}`)).body.data);
    assert.equal(entry.kind, 'trading.tender_commitments');
    const me = await call(t, company, 'GET', `/api/public/trading/lots/${lotNo}/me`);
    assert.ok(entry.payload.commitments.includes(me.body.application.tenderBid.commitment), 'my receipt is in the logged commitments');
    assert.equal(entry.payload.commitments.length, 2);
    const v = await call(t, leader, 'GET', `/api/trading/lots/${lotNo}/tender`);
    assert.deepEqual(v.body.bids.map((b: { bidderNumber: string; amount: number }) => [b.bidderNumber, b.amount]).sort(), [[nA, 1_200_000], [nB, 1_100_000]].sort());
    noIdentity('opened tender', v.body);
    await assert.rejects(sql`select trading.release_key(id) from trading.lots where lot_no = ${lotNo}`.execute(app), /trading\.key_sealed/);
    const late = await call(t, company, 'POST', `/api/public/trading/lots/${lotNo}/tender`, { amount: 2_000_000, proposal: '迟到' });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'trading.bidding_closed');
  });

  it('takes one sheet per panel member covering every bid; the last sheet ranks the bids and announces the result', async () => {
    const members = (await call(t, leader, 'GET', `/api/trading/lots/${lotNo}/tender`)).body.panel.map((m: { id: string }) => m.id) as string[];
    const sheet = (memberId: string, a: number, b: number) => call(t, reviewer, 'POST', `/api/trading/lots/${lotNo}/scores`, { memberId, scores: [{ bidderNumber: nA, score: a }, { bidderNumber: nB, score: b }] });
    const stranger = await call(t, reviewer, 'POST', `/api/trading/lots/${lotNo}/scores`, { memberId: '999999', scores: [{ bidderNumber: nA, score: 50 }, { bidderNumber: nB, score: 50 }] });
    assert.equal(stranger.status, 403);
    assert.equal(stranger.body.error.field, 'memberId');
    const partial = await call(t, reviewer, 'POST', `/api/trading/lots/${lotNo}/scores`, { memberId: members[0], scores: [{ bidderNumber: nA, score: 50 }] });
    assert.equal(partial.status, 400);
    assert.equal(partial.body.error.field, 'scores');
    const over = await sheet(members[0]!, 101, 50);
    assert.equal(over.status, 400);
    assert.equal((await sheet(members[0]!, 60, 95)).body.complete, false);
    assert.equal((await sheet(members[0]!, 60, 95)).status, 409);
    assert.equal((await sheet(members[1]!, 60, 90)).body.complete, false);
    const last = await sheet(members[2]!, 70, 95);
    assert.equal(last.status, 200, JSON.stringify(last.body));
    // A: 60 × 1.2/1.2 = 60.00 + 40 × 63.33/100 = 25.33 → 85.33; B: 60 × 1.1/1.2 = 55.00 + 40 × 93.33/100 = 37.33 → 92.33.
    assert.deepEqual([last.body.complete, last.body.outcome, last.body.winnerNumber, last.body.finalPrice], [true, 'sold', nB, 1_100_000]);
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(pub.body.status, 'closed');
    assert.equal(pub.body.result.winnerNumber, nB);
    assert.equal(pub.body.tender.panel.length, 3);
    const won = await call(t, person, 'GET', `/api/public/trading/lots/${lotNo}/me`);
    assert.equal(won.body.application.won, true);
    const mon = await call(t, leader, 'GET', `/api/trading/lots/${lotNo}/monitor`);
    assert.deepEqual(mon.body.bidders.map((b: { displayName: string }) => b.displayName).sort(), [...NAMES].sort());
  });

  it('publishes a bid log the offline checker re-ranks; a changed score or amount fails it', async () => {
    const res = await t.inject({ method: 'GET', url: `/api/public/trading/lots/${lotNo}/bid-log.json` });
    assert.equal(res.statusCode, 200);
    const log = JSON.parse(res.body) as BidLog;
    assert.match(verifyBidLog(log), /^OK .*tender, 2 sealed bids match their commitments, winner/);
    const tb = log.tender!.bids;
    const scores = structuredClone(tb).map((b) => (b.bidderNumber === nA ? { ...b, scores: [100, 100, 100] } : b));
    assert.throws(() => verifyBidLog({ ...log, tender: { ...log.tender!, bids: scores } }), /is not first/);
    const amount = structuredClone(tb).map((b) => (b.bidderNumber === nA ? { ...b, amount: b.amount + 1 } : b));
    assert.throws(() => verifyBidLog({ ...log, tender: { ...log.tender!, bids: amount } }), /does not match its sealed commitment/);
  });
});

describe('a highest-price tender (价高者得)', () => {
  it('opens and closes at the deadline: the highest sealed bid wins, no panel needed', async () => {
    const no = await createAndApprove(t, reviewer, leader, tender({ evaluation: 'highest_price', priceWeight: null, panelSize: null, title: '播州区三岔镇 2026-08 号宗地' }));
    const a = await applyAndPay(t, company, no);
    await applyAndPay(t, person, no);
    await setTimes(t, no, { listingEndIn: 3600_000 });
    assert.equal((await call(t, company, 'POST', `/api/public/trading/lots/${no}/tender`, { amount: 1_300_000, proposal: '按规划建设' })).status, 201);
    assert.equal((await call(t, person, 'POST', `/api/public/trading/lots/${no}/tender`, { amount: 1_250_000, proposal: '按规划建设' })).status, 201);
    assert.equal((await call(t, leader, 'POST', `/api/trading/lots/${no}/panel`)).status, 409);
    await setTimes(t, no, { listingEndIn: -1000 });
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${no}`);
    assert.equal(pub.body.status, 'closed');
    assert.deepEqual([pub.body.result.outcome, pub.body.result.winnerNumber, pub.body.result.finalPrice], ['sold', a, 1_300_000]);
    const log = JSON.parse((await t.inject({ method: 'GET', url: `/api/public/trading/lots/${no}/bid-log.json` })).body) as BidLog;
    assert.match(verifyBidLog(log), /winner .* at 1300000 ranks first \(highest_price/);
  });
});
