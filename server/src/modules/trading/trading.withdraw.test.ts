// Withdrawal of a sale (终止出让): who may, the bad inputs (no reason, a closed or draft lot) with
// nothing changed, and what a withdrawal does — the lot closes as withdrawn, every deposit paid is
// refunded, each bidder is told (in-app and SMS), the notice is in the transparency log and on the public lot, the
// lot leaves the map, and a later bid is refused with the reason.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, declareNextCalendarYear, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { landLot, createAndApprove, applyAndPay, setTimes, bid, lotRow, sql } from './trading.test-helpers.ts';

const t: TestApp = await startTestApp();
const LON = 106.93, LAT = 27.58;
const square = { type: 'Polygon', coordinates: [[[LON, LAT], [LON + 0.002, LAT], [LON + 0.002, LAT + 0.002], [LON, LAT + 0.002], [LON, LAT]]] };
let reviewer = '', leader = '', supervisor = '', company = '', person = '';
let lotNo = '';
const REASON = '规划条件调整，经集体决策终止出让';

const withdraw = (cookie: string | null, lot: string, body: unknown) => call(t, cookie, 'POST', `/api/trading/lots/${lot}/withdraw`, body);
async function onMap(lot: string) {
  const r = await call(t, null, 'GET', '/ogc/collections/trading_lots/items?limit=100');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.features.some((f: { properties: { dkbh?: string } }) => f.properties.dkbh === lot);
}
async function snapshot(lot: string) {
  const row = await lotRow(t, lot);
  const apps = await t.testDb.owner.selectFrom('trading.applications').select(['status', 'userId', 'refundRef']).where('lotId', '=', row.id).orderBy('id').execute();
  return { status: row.status, outcome: row.outcome, reason: row.outcomeReason, apps };
}
const userIdOf = async (username: string) => (await t.testDb.owner.selectFrom('identity.users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

before(async () => {
  await declareNextCalendarYear(t.testDb.owner);
  [reviewer, leader, supervisor, company, person] = await Promise.all(['reviewer', 'leader', 'supervisor', '13885200002', '13885200001'].map((u) => loginAs(t, u)));
  lotNo = await createAndApprove(t, reviewer, leader, landLot({ geometry: square }));
  await applyAndPay(t, company, lotNo);
  await applyAndPay(t, person, lotNo);
  await setTimes(t, lotNo, { listingEndIn: 3600_000 });
  assert.equal((await bid(t, company, lotNo, 1_000_000)).status, 201);
});

describe('终止出让 (withdrawal of a sale)', () => {
  it('only the approval right withdraws: the drafter, the supervisor, a bidder and an anonymous caller are refused, nothing changes', async () => {
    const before = await snapshot(lotNo);
    for (const [who, status] of [[reviewer, 403], [supervisor, 403], [company, 403], [null, 401]] as const) {
      const r = await withdraw(who, lotNo, { reason: REASON });
      assert.equal(r.status, status, JSON.stringify(r.body));
    }
    assert.deepEqual(await snapshot(lotNo), before);
    assert.equal(before.status, 'listing');
    // A lot outside the leader's scope (another county's) is not found for them.
    const other = await createAndApprove(t, reviewer, leader, landLot());
    const path = (await lotRow(t, other)).orgPath;
    await t.testDb.owner.updateTable('trading.lots').set({ orgPath: 'elsewhere' }).where('lotNo', '=', other).execute();
    const out = await withdraw(leader, other, { reason: REASON });
    assert.equal(out.status, 404, JSON.stringify(out.body));
    assert.equal((await lotRow(t, other)).status, 'announced');
    await t.testDb.owner.updateTable('trading.lots').set({ orgPath: path }).where('lotNo', '=', other).execute();
  });

  it('bad input names the field and changes nothing: no reason, a blank or too short reason, a draft', async () => {
    const before = await snapshot(lotNo);
    for (const body of [{}, { reason: '   ' }, { reason: '不要' }]) {
      const r = await withdraw(leader, lotNo, body);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(JSON.stringify(r.body.error), /reason/);
    }
    assert.deepEqual(await snapshot(lotNo), before);
    const draft = await call(t, reviewer, 'POST', '/api/trading/lots', landLot());
    const d = await withdraw(leader, draft.body.lotNo, { reason: REASON });
    assert.equal(d.status, 409, JSON.stringify(d.body));
    assert.equal(d.body.error.code, 'trading.lot_wrong_state');
    assert.equal(d.body.error.field, 'lotNo');
    assert.equal((await lotRow(t, draft.body.lotNo)).status, 'draft');
  });

  it('withdraws a running listing: closed as withdrawn, deposits refunded, bidders told, logged, public, off the map, bids refused', async () => {
    assert.equal(await onMap(lotNo), true);
    const r = await withdraw(leader, lotNo, { reason: REASON });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.outcome, 'withdrawn');
    assert.equal(r.body.refunds, 2);
    const after = await snapshot(lotNo);
    assert.deepEqual([after.status, after.outcome, after.reason], ['closed', 'withdrawn', REASON]);
    assert.deepEqual(after.apps.map((a) => a.status), ['refund_pending', 'refund_pending']);
    const ids = [await userIdOf('13885200002'), await userIdOf('13885200001')];
    assert.deepEqual(after.apps.map((a) => a.userId), ids);
    const refunds = await t.testDb.owner.selectFrom('trading.refunds').select(['amount', 'ref']).where('ref', 'in', after.apps.map((a) => a.refundRef!)).execute();
    assert.deepEqual(refunds.map((x) => x.amount), [200_000, 200_000]);
    // Each bidder is told (in-app), with the reason.
    const msgs = await t.testDb.owner.selectFrom('notify.outbox').select(['channel', 'recipient', 'body']).where('dedupeKey', 'like', 'trading:withdrawn:%').orderBy('recipient').execute();
    assert.deepEqual(msgs.filter((m) => m.channel === 'inapp').map((m) => m.recipient).sort(), ids.map(String).sort());
    assert.deepEqual(msgs.filter((m) => m.channel === 'sms').map((m) => m.recipient).sort(), ['13885200001', '13885200002']);
    assert.ok(msgs.every((m) => m.body.includes(REASON) && m.body.includes('保证金')), JSON.stringify(msgs));
    // The notice in the transparency log and on the public lot.
    const entry = JSON.parse((await call(t, null, 'GET', `/api/transparency/entries/${r.body.entryIdx}`)).body.data);
    assert.equal(entry.kind, 'trading.lot_withdrawal');
    assert.equal(entry.payload.lotNo, lotNo);
    assert.equal(entry.payload.reason, REASON);
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(pub.body.status, 'closed');
    assert.deepEqual([pub.body.result.outcome, pub.body.result.reason, pub.body.result.resultEntryIdx], ['withdrawn', REASON, r.body.entryIdx]);
    assert.equal(pub.body.result.winnerNumber, null);
    assert.equal(await onMap(lotNo), false, 'the withdrawn lot is still on the map');
    // Bidding is over, with the reason; a bid below the old price is refused the same way (the price books dropped the lot).
    for (const amount of [2_000_000, 900_000]) {
      const late = await bid(t, person, lotNo, amount);
      assert.equal(late.status, 409, JSON.stringify(late.body));
      assert.equal(late.body.error.code, 'trading.bidding_closed');
      assert.match(late.body.error.message, /已终止出让/);
    }
    const audit = (await sql<{ details: { reason: string } }>`select details from audit.entries where action = 'trading.lot.withdrawn'`.execute(t.testDb.owner)).rows;
    assert.deepEqual(audit.map((a) => a.details.reason), [REASON]);
  });

  it('an ended sale is not withdrawn (again or after its close): 409 naming lotNo, nothing changed', async () => {
    const before = await snapshot(lotNo);
    const again = await withdraw(leader, lotNo, { reason: REASON });
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.equal(again.body.error.code, 'trading.lot_wrong_state');
    assert.equal(again.body.error.field, 'lotNo');
    assert.deepEqual(await snapshot(lotNo), before);
    // A lot closed by its clock (no qualified bidder: 流拍).
    const other = await createAndApprove(t, reviewer, leader, landLot());
    await setTimes(t, other, { listingEndIn: -60_000 });
    assert.equal((await call(t, null, 'GET', `/api/public/trading/lots/${other}`)).body.status, 'closed');
    const late = await withdraw(leader, other, { reason: REASON });
    assert.equal(late.status, 409, JSON.stringify(late.body));
    assert.match(late.body.error.message, /^lotNo: /);
    assert.equal((await lotRow(t, other)).outcome, 'unsold');
  });
});
