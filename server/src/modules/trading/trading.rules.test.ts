// The rules of an online sale and bad input: date rules from the calendar with the rule named,
// two people for an announcement, mining-right minimum bidders, deposits and the bank's signature.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, declareNextCalendarYear, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { landLot, createAndApprove, applyAndPay, setTimes, bid, lotRow, makePublic } from './trading.test-helpers.ts';

const t: TestApp = await startTestApp();
const DAY = 86400_000;
let reviewer = '', leader = '', company = '', person = '';

before(async () => {
  await declareNextCalendarYear(t.testDb.owner);
  [reviewer, leader, company, person] = await Promise.all(['reviewer', 'leader', '13885200002', '13885200001'].map((u) => loginAs(t, u)));
});

const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe('announcement date rules (39号令; mining rights in working days)', () => {
  it('refuses a land announcement less than 20 days before listing, naming the rule, and leaves the draft as it was', async () => {
    const c = await call(t, reviewer, 'POST', '/api/trading/lots', landLot({ listingStart: at(12), listingEnd: at(30), depositDeadline: at(29) }));
    assert.equal(c.status, 201);
    const a = await call(t, leader, 'POST', `/api/trading/lots/${c.body.lotNo}/approve`);
    assert.equal(a.status, 422);
    assert.equal(a.body.error.code, 'trading.date_rule');
    assert.equal(a.body.error.rule, 'announce_20_days');
    assert.equal(a.body.error.field, 'listingStart');
    const row = await lotRow(t, c.body.lotNo);
    assert.equal(row.status, 'draft');
    assert.equal(row.announcementHash, null);
    assert.equal((await call(t, null, 'GET', `/api/public/trading/lots/${c.body.lotNo}`)).status, 404);
  });

  it('refuses a listing shorter than 10 days', async () => {
    const c = await call(t, reviewer, 'POST', '/api/trading/lots', landLot({ listingStart: at(25), listingEnd: at(31), depositDeadline: at(30) }));
    const a = await call(t, leader, 'POST', `/api/trading/lots/${c.body.lotNo}/approve`);
    assert.equal(a.status, 422);
    assert.equal(a.body.error.rule, 'listing_10_days');
  });

  it('counts 20 working days for a mining right from the calendar, and 3 bidders for its auction', async () => {
    const mining = landLot({ kind: 'mining', method: 'auction', title: '播州区某建筑用砂岩矿采矿权', landUse: null, mineral: '建筑用砂岩', minBidders: 1, termYears: 10,
      geometry: { type: 'MultiPoint', coordinates: [[106.8, 27.5], [106.81, 27.5], [106.81, 27.51], [106.8, 27.51]] }, listingStart: at(22), listingEnd: at(50), depositDeadline: at(49) });
    const c = await call(t, reviewer, 'POST', '/api/trading/lots', mining);
    assert.equal(c.status, 201, JSON.stringify(c.body));
    assert.equal(c.body.minBidders, 3);
    const a = await call(t, leader, 'POST', `/api/trading/lots/${c.body.lotNo}/approve`);
    assert.equal(a.status, 422);
    assert.equal(a.body.error.rule, 'announce_20_workdays');
    const earliest: string = a.body.error.earliest;
    const expected = await t.platform.calendar.addWorkdays(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), 20);
    assert.equal(earliest, expected);
    const ok = await call(t, reviewer, 'POST', '/api/trading/lots', { ...mining, listingStart: `${earliest}T02:00:00Z`, listingEnd: new Date(Date.parse(`${earliest}T02:00:00Z`) + 20 * DAY).toISOString(), depositDeadline: new Date(Date.parse(`${earliest}T02:00:00Z`) + 19 * DAY).toISOString() });
    const approved = await call(t, leader, 'POST', `/api/trading/lots/${ok.body.lotNo}/approve`);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
  });

  it('takes a lot from a map parcel: the boundary (界址) and area come from the map, in the drafter’s scope', async () => {
    const parcel = await t.testDb.owner.selectFrom('map.features as f').innerJoin('map.layers as l', 'l.id', 'f.layerId')
      .select(['f.id', 'f.areaM2']).where('l.code', '=', 'parcels').where('f.areaM2', 'is not', null).orderBy('f.id').executeTakeFirstOrThrow();
    const c = await call(t, reviewer, 'POST', '/api/trading/lots', landLot({ areaM2: null, parcel: { layer: 'parcels', id: parcel.id } }));
    assert.equal(c.status, 201, JSON.stringify(c.body));
    assert.equal(Number(c.body.areaM2), Number(parcel.areaM2));
    assert.equal(c.body.parcelId, parcel.id);
    assert.equal(c.body.geometry.type, 'Polygon');
    const none = await call(t, reviewer, 'POST', '/api/trading/lots', landLot({ parcel: { layer: 'parcels', id: 999_999_999 } }));
    assert.equal(none.status, 404);
  });

  it('is approved by someone other than who drew it up', async () => {
    const c = await call(t, reviewer, 'POST', '/api/trading/lots', landLot());
    const self = await call(t, reviewer, 'POST', `/api/trading/lots/${c.body.lotNo}/approve`);
    assert.equal(self.status, 403, 'the drafter does not hold the approval permission');
    const r = await call(t, leader, 'POST', '/api/trading/lots', landLot());
    assert.equal(r.status, 403, 'the leader does not draw up lots');
  });

  it('names the field of bad input and stores nothing', async () => {
    const before = (await t.testDb.owner.selectFrom('trading.lots').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    const cases: [Record<string, unknown>, string][] = [
      [landLot({ startPrice: -5 }), 'startPrice'],
      [landLot({ kind: 'mining', mineral: null }), 'mineral'],
      [landLot({ landUse: null }), 'landUse'],
      [landLot({ listingEnd: at(20) }), 'listingEnd'],
      [landLot({ depositDeadline: at(41) }), 'depositDeadline'],
      [landLot({ listingStart: 'tomorrow' }), 'listingStart'],
      [landLot({ method: 'lottery' }), 'method'],
    ];
    for (const [body, field] of cases) {
      const r = await call(t, reviewer, 'POST', '/api/trading/lots', body);
      assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.field, field, JSON.stringify(r.body));
    }
    const after = (await t.testDb.owner.selectFrom('trading.lots').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    assert.equal(after, before);
  });
});

describe('deposits and the bank', () => {
  let lotNo = '';
  let account = '';
  before(async () => { lotNo = await createAndApprove(t, reviewer, leader, landLot()); });

  it('only a public account applies, once', async () => {
    assert.equal((await call(t, leader, 'POST', `/api/public/trading/lots/${lotNo}/applications`, {})).status, 403);
    const a = await call(t, company, 'POST', `/api/public/trading/lots/${lotNo}/applications`, {});
    assert.equal(a.status, 201);
    assert.match(a.body.depositAccount, /^\d{19}$/);
    account = a.body.depositAccount;
    const again = await call(t, company, 'POST', `/api/public/trading/lots/${lotNo}/applications`, {});
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'trading.already_applied');
  });

  it('refuses a tampered bank callback and changes nothing', async () => {
    const p = { txnId: 'TXN-000001', account, amount: 200_000, paidAt: new Date().toISOString() };
    const none = await call(t, null, 'POST', '/api/public/trading/bank/callback', p);
    assert.equal(none.status, 401);
    // A signature of the bank over 1 yuan, replayed with the amount raised.
    const res = await t.inject({ method: 'POST', url: '/api/public/trading/bank/callback', headers: { 'x-bank-signature': 'a'.repeat(64) }, payload: p });
    assert.equal(res.statusCode, 401);
    assert.equal(JSON.parse(res.body).error.code, 'trading.bank_signature_invalid');
    const app = await t.testDb.owner.selectFrom('trading.applications').selectAll().where('depositAccount', '=', account).executeTakeFirstOrThrow();
    assert.deepEqual([app.depositPaid, app.bidderNumber, app.status], [0, null, 'applied']);
  });

  it('a partial deposit does not qualify; a bid without a paid deposit is refused', async () => {
    const part = await call(t, null, 'POST', '/api/public/trading/bank-sim/pay', { account, amount: 150_000 });
    assert.equal(part.body.qualified, false);
    assert.match(part.body.reason, /not paid in full/);
    await setTimes(t, lotNo, { listingEndIn: 3600_000 });
    const r = await bid(t, company, lotNo, 1_000_000);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'trading.not_qualified');
    assert.equal((await lotRow(t, lotNo)).lastSeq, 0);
    const full = await call(t, null, 'POST', '/api/public/trading/bank-sim/pay', { account, amount: 200_000 });
    assert.equal(full.body.qualified, true);
  });

  it('a replayed key with another amount is refused; a bad key or amount names the field', async () => {
    const k = 'replay-key-0001';
    assert.equal((await bid(t, company, lotNo, 1_000_000, k)).status, 201);
    const other = await bid(t, company, lotNo, 1_050_000, k);
    assert.equal(other.status, 409);
    assert.equal(other.body.error.field, 'idempotencyKey');
    assert.equal((await bid(t, company, lotNo, 1_050_000, 'short')).body.error.field, 'idempotencyKey');
    assert.equal((await bid(t, company, lotNo, 10.5)).body.error.field, 'amount');
    assert.equal((await lotRow(t, lotNo)).lastSeq, 1);
  });

  it('a deposit paid after the deadline does not qualify', async () => {
    await makePublic(t, '13885200009', '遵义某矿业有限公司', '91520304MA6H7K2L9X');
    const late = await loginAs(t, '13885200009');
    const a = await call(t, late, 'POST', `/api/public/trading/lots/${lotNo}/applications`, {});
    assert.equal(a.status, 201);
    await t.testDb.owner.updateTable('trading.lots').set({ depositDeadline: new Date(Date.now() - 1000) }).where('lotNo', '=', lotNo).execute();
    const p = await call(t, null, 'POST', '/api/public/trading/bank-sim/pay', { account: a.body.depositAccount, amount: 200_000 });
    assert.equal(p.body.qualified, false);
    assert.match(p.body.reason, /after the deposit deadline/);
    const r = await call(t, person, 'POST', `/api/public/trading/lots/${lotNo}/applications`, {});
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'trading.deposit_deadline_passed');
  });

  it('a mining-right auction with fewer than 3 qualified bidders ends unsold (流拍) when the free phase ends', async () => {
    const mining = landLot({ kind: 'mining', method: 'auction', landUse: null, mineral: '石灰岩', listingStart: at(60), listingEnd: at(90), depositDeadline: at(89) });
    const lot = await createAndApprove(t, reviewer, leader, mining);
    await applyAndPay(t, company, lot);
    await setTimes(t, lot, { listingEndIn: -1000 });
    const v = await call(t, null, 'GET', `/api/public/trading/lots/${lot}`);
    assert.equal(v.body.status, 'closed');
    assert.equal(v.body.result.outcome, 'unsold');
    assert.match(v.body.result.reason, /^min_bidders/);
  });
});
