import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { startTestApp, declareNextCalendarYear, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { landLot, createAndApprove, applyAndPay, setTimes, bid, lotRow } from './trading.test-helpers.ts';
import { reserveCommitment } from './bidding.ts';

const t: TestApp = await startTestApp();
const ROOT = path.resolve(import.meta.dirname, '../../../..');
let reviewer = '', leader = '', supervisor = '', company = '', person = '';
let lotNo = '';
let nA = '', nB = '';

before(async () => {
  await declareNextCalendarYear(t.testDb.owner);
  [reviewer, leader, supervisor, company, person] = await Promise.all(['reviewer', 'leader', 'supervisor', '13885200002', '13885200001'].map((u) => loginAs(t, u)));
});

describe('a land listing (挂牌) from announcement to result', () => {
  it('publishes the announcement: its hash goes to the transparency log and the lot is frozen', async () => {
    lotNo = await createAndApprove(t, reviewer, leader, landLot());
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(pub.status, 200);
    assert.equal(pub.body.status, 'announced');
    const entry = await call(t, null, 'GET', `/api/transparency/entries/${pub.body.announcementEntryIdx}`);
    const logged = JSON.parse(entry.body.data);
    assert.equal(logged.kind, 'trading.auction_announcement');
    assert.equal(logged.payload.announcementHash, pub.body.announcementHash);
    assert.equal(logged.payload.startPrice, 1_000_000);
    assert.equal(pub.body.areaMu, 18);
    const again = await call(t, leader, 'POST', `/api/trading/lots/${lotNo}/approve`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'trading.lot_wrong_state');
  });

  it('qualifies two companies whose deposits arrive in full, each with its own account and an anonymous number', async () => {
    nA = await applyAndPay(t, company, lotNo);
    nB = await applyAndPay(t, person, lotNo);
    assert.match(nA, /^\d{6}$/);
    assert.notEqual(nA, nB);
    const accounts = await t.testDb.owner.selectFrom('trading.applications').select(['depositAccount', 'status', 'userId']).execute();
    assert.equal(new Set(accounts.map((a) => a.depositAccount)).size, 2);
    assert.deepEqual(accounts.map((a) => [a.status, a.userId]), [['qualified', null], ['qualified', null]]);
  });

  it('refuses a bid before listing starts, naming the start', async () => {
    const r = await bid(t, company, lotNo, 1_000_000);
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'trading.bidding_closed');
    assert.match(r.body.error.message, /挂牌尚未开始/);
  });

  it('takes the reserve price (底价) only in its window, from two people, and logs only its commitment', async () => {
    const early = await call(t, leader, 'POST', `/api/trading/lots/${lotNo}/reserve`, { amount: 1_015_000 });
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, 'trading.reserve_window');
    await setTimes(t, lotNo, { listingEndIn: 3600_000 });
    const r = await call(t, leader, 'POST', `/api/trading/lots/${lotNo}/reserve`, { amount: 1_015_000 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const self = await call(t, leader, 'POST', `/api/trading/lots/${lotNo}/reserve/witness`);
    assert.equal(self.status, 403, 'the leader does not hold the supervisor permission');
    const w = await call(t, supervisor, 'POST', `/api/trading/lots/${lotNo}/reserve/witness`);
    assert.equal(w.status, 200, JSON.stringify(w.body));
    const entry = JSON.parse((await call(t, null, 'GET', `/api/transparency/entries/${w.body.entryIdx}`)).body.data);
    assert.equal(entry.kind, 'trading.reserve_commitment');
    assert.equal(entry.payload.commitment, r.body.commitment);
    assert.ok(!JSON.stringify(entry).includes('1015000'));
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(pub.body.reserveCommitment, r.body.commitment);
    assert.equal(pub.body.result, null);
  });

  it('listing: a bid must reach the current price plus one increment; a replayed key is counted once', async () => {
    const first = await bid(t, company, lotNo, 1_000_000, 'key-company-0001');
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.seq, 1);
    const low = await bid(t, person, lotNo, 1_005_000);
    assert.equal(low.status, 422);
    assert.equal(low.body.error.code, 'trading.bid_too_low');
    assert.equal(low.body.error.field, 'amount');
    assert.equal(low.body.error.min, 1_010_000);
    const second = await bid(t, person, lotNo, 1_010_000);
    assert.equal(second.body.seq, 2);
    const replay = await bid(t, company, lotNo, 1_000_000, 'key-company-0001');
    assert.equal(replay.status, 200);
    assert.equal(replay.body.replayed, true);
    assert.equal(replay.body.seq, 1);
    const row = await lotRow(t, lotNo);
    assert.equal(row.lastSeq, 2);
    assert.equal(row.currentPrice, 1_010_000);
  });

  it('timed bidding (限时竞价): join within the confirmation window; every valid bid restarts the countdown', async () => {
    await setTimes(t, lotNo, { listingEndIn: -1000 });
    const paused = await bid(t, company, lotNo, 1_020_000);
    assert.equal(paused.status, 409);
    assert.match(paused.body.error.message, /限时竞价确认中/);
    assert.equal((await call(t, company, 'POST', `/api/public/trading/lots/${lotNo}/join`)).status, 200);
    // The confirmation window (5 min) has run out: timed bidding opens with a 5-minute countdown.
    await setTimes(t, lotNo, { listingEndIn: -5 * 60_000 - 1000 });
    const view = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(view.body.status, 'timed');
    const deadline0 = Date.parse(view.body.timedDeadline);
    const notJoined = await bid(t, person, lotNo, 1_020_000);
    assert.equal(notJoined.status, 409);
    assert.match(notJoined.body.error.message, /未确认参加限时竞价/);
    const b = await bid(t, company, lotNo, 1_020_000);
    assert.equal(b.status, 201, JSON.stringify(b.body));
    const deadline1 = Date.parse(b.body.timedDeadline);
    assert.ok(deadline1 > deadline0, 'the countdown restarted');
    assert.equal(deadline1 - Date.parse(b.body.at), 5 * 60_000);
  });

  it('closes when the countdown runs out: the winner, the opened reserve and the bidders appear; a late bid is refused with the reason', async () => {
    await setTimes(t, lotNo, { timedDeadlineIn: -10 });
    const late = await bid(t, company, lotNo, 1_030_000);
    assert.equal(late.status, 409);
    assert.match(late.body.error.message, /竞价已结束/);
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(pub.body.status, 'closed');
    assert.equal(pub.body.result.outcome, 'sold');
    assert.equal(pub.body.result.winnerNumber, nA);
    assert.equal(pub.body.result.finalPrice, 1_020_000);
    assert.equal(pub.body.result.reserve, 1_015_000);
    assert.equal(reserveCommitment(lotNo, 1_015_000, pub.body.result.reserveSalt), pub.body.reserveCommitment);
    const mon = await call(t, leader, 'GET', `/api/trading/lots/${lotNo}/monitor`);
    assert.deepEqual(mon.body.bidders.map((b: { bidderNumber: string; displayName: string; status: string }) => [b.bidderNumber, b.displayName, b.status]),
      [[nA, '遵义市播州区示例建材有限公司', 'converted'], [nB, '王小明', 'refund_pending']]);
    const me = await call(t, company, 'GET', `/api/public/trading/lots/${lotNo}/me`);
    assert.equal(me.body.application.won, true);
  });

  it('issues the qualification letter to each bidder and the sale confirmation (成交确认书) to the winner only, both QR-verifiable', async () => {
    const q = await t.inject({ method: 'GET', url: `/api/public/trading/lots/${lotNo}/me/qualification.pdf`, headers: { cookie: person } });
    assert.equal(q.statusCode, 200);
    assert.equal(q.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const c = await t.inject({ method: 'GET', url: `/api/public/trading/lots/${lotNo}/me/confirmation.pdf`, headers: { cookie: company } });
    assert.equal(c.statusCode, 200);
    const notWinner = await t.inject({ method: 'GET', url: `/api/public/trading/lots/${lotNo}/me/confirmation.pdf`, headers: { cookie: person } });
    assert.equal(notWinner.statusCode, 404);
    const docs = await t.testDb.owner.selectFrom('documents.documents').select(['kind', 'title', 'sha256']).where('subjectId', '=', lotNo).orderBy('id').execute();
    assert.deepEqual(docs.map((d) => [d.kind, d.title]), [['certificate', '竞买资格确认书'], ['certificate', '竞买资格确认书'], ['sale_confirmation', '成交确认书']]);
    const v = await call(t, null, 'POST', '/api/public/documents/verify', undefined);
    assert.ok(v.status >= 400);
    const res = await t.inject({ method: 'POST', url: '/api/public/documents/verify', headers: { 'content-type': 'application/pdf' }, payload: c.rawPayload });
    assert.equal(JSON.parse(res.body).match, true);
    fs.writeFileSync(path.join(os.tmpdir(), `s15-confirmation.pdf`), c.rawPayload);
    fs.writeFileSync(path.join(os.tmpdir(), `s15-qualification.pdf`), q.rawPayload);
  });

  it('refunds the loser’s deposit through the bank until the bank confirms', async () => {
    const ref = (await t.testDb.owner.selectFrom('trading.refunds').select(['ref', 'amount', 'status']).execute());
    assert.deepEqual(ref.map((r) => [r.amount, r.status]), [[200_000, 'sent']]);
    const forged = await call(t, null, 'POST', '/api/public/trading/bank/refund-confirmations', { ref: ref[0]!.ref, signature: 'f'.repeat(64) });
    assert.equal(forged.status, 401);
    const ok = await call(t, null, 'POST', '/api/public/trading/bank-sim/confirm-refund', { ref: ref[0]!.ref });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const me = await call(t, person, 'GET', `/api/public/trading/lots/${lotNo}/me`);
    assert.equal(me.body.application.status, 'refunded');
  });

  it('publishes the bid log; the offline checker passes it and fails a changed amount', async () => {
    const res = await t.inject({ method: 'GET', url: `/api/public/trading/lots/${lotNo}/bid-log.json` });
    assert.equal(res.statusCode, 200);
    const log = JSON.parse(res.body);
    assert.deepEqual(log.bids.map((b: { seq: number; amount: number; bidderNumber: string }) => [b.seq, b.amount, b.bidderNumber]),
      [[1, 1_000_000, nA], [2, 1_010_000, nB], [3, 1_020_000, nA]]);
    const logged = JSON.parse((await call(t, null, 'GET', `/api/transparency/entries/${log.resultEntryIdx}`)).body.data);
    assert.equal(logged.kind, 'trading.auction_bid_log');
    assert.equal(logged.payload.chainHead, log.chainHead);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bids-'));
    const file = path.join(dir, 'log.json');
    fs.writeFileSync(file, res.body);
    const run = (f: string) => new Promise<{ code: number; out: string }>((resolve) => execFile(process.execPath, ['tools/verify-bids.ts', f], { cwd: ROOT, encoding: 'utf8' },
      (e, so, se) => resolve({ code: e ? (e.code as number) : 0, out: so + se })));
    const good = await run(file);
    assert.equal(good.code, 0, good.out);
    assert.match(good.out, new RegExp(`winner ${nA} at 1020000 is the highest valid bid`));
    log.bids[1].amount = 1_011_000;
    fs.writeFileSync(file, JSON.stringify(log));
    const bad = await run(file);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /bid 2: hash does not match/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
