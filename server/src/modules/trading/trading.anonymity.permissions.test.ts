// Who may see what of a running sale (背靠背): staff never see bidders before close, a bidder never
// sees the others, and the reserve price (底价) stays sealed before close through every route —
// and for the application role's own SQL, which holds neither the key nor a user id next to a number.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { startTestApp, declareNextCalendarYear, type TestApp } from '../../../test/harness.ts';
import { call, loginAs, makeStaff, userId } from '../../platform/identity/test-helpers.ts';
import { createDb, createPool } from '../../platform/db/database.ts';
import { withContext, SYSTEM_CONTEXT } from '../../platform/db/context.ts';
import { landLot, createAndApprove, applyAndPay, setTimes, bid } from './trading.test-helpers.ts';

const t: TestApp = await startTestApp();
const app = createDb(createPool(t.testDb.appUrl, 1));
after(() => app.destroy());
let reviewer = '', leader = '', supervisor = '', company = '', person = '', window = '';
let lotNo = '';
let nA = '', nB = '';
const NAMES = ['遵义市播州区示例建材有限公司', '王小明', '91520304MA6H7K2L0A', '52030419900307123X', '13885200001', '13885200002'];
const RESERVE = 1_234_000;

before(async () => {
  await declareNextCalendarYear(t.testDb.owner);
  [reviewer, leader, supervisor, company, person, window] = await Promise.all(['reviewer', 'leader', 'supervisor', '13885200002', '13885200001', 'window'].map((u) => loginAs(t, u)));
  lotNo = await createAndApprove(t, reviewer, leader, landLot());
  nA = await applyAndPay(t, company, lotNo);
  nB = await applyAndPay(t, person, lotNo);
  await setTimes(t, lotNo, { listingEndIn: 3600_000 });
  assert.equal((await call(t, leader, 'POST', `/api/trading/lots/${lotNo}/reserve`, { amount: RESERVE })).status, 200);
  assert.equal((await call(t, supervisor, 'POST', `/api/trading/lots/${lotNo}/reserve/witness`)).status, 200);
  assert.equal((await bid(t, company, lotNo, 1_000_000)).status, 201);
  assert.equal((await bid(t, person, lotNo, 1_010_000)).status, 201);
});

const noIdentity = (what: string, body: unknown) => {
  const text = JSON.stringify(body);
  for (const n of NAMES) assert.ok(!text.includes(n), `${what} shows ${n}`);
};

describe('before close', () => {
  it('staff monitoring shows the anonymous bids but no bidder, count or reserve; the lot list neither', async () => {
    const mon = await call(t, leader, 'GET', `/api/trading/lots/${lotNo}/monitor`);
    assert.equal(mon.status, 200);
    assert.equal(mon.body.bidders, null);
    assert.deepEqual(mon.body.bids.map((b: { bidderNumber: string }) => b.bidderNumber), [nA, nB]);
    noIdentity('monitor', mon.body);
    assert.ok(!JSON.stringify(mon.body).includes(String(RESERVE)), 'monitor shows the reserve');
    const list = await call(t, leader, 'GET', '/api/trading/lots');
    noIdentity('lot list', list.body);
    assert.ok(!JSON.stringify(list.body).includes(String(RESERVE)));
  });

  it('staff without trading permissions and staff of another county get nothing', async () => {
    assert.equal((await call(t, window, 'GET', `/api/trading/lots/${lotNo}/monitor`)).status, 403);
    assert.equal((await call(t, window, 'POST', `/api/trading/lots/${lotNo}/reserve`, { amount: 1 })).status, 403);
    assert.equal((await call(t, company, 'GET', `/api/trading/lots/${lotNo}/monitor`)).status, 403);
    await makeStaff(t, 'hc_trading', '520303-B', 'leader');
    const other = await loginAs(t, 'hc_trading');
    const r = await call(t, other, 'GET', `/api/trading/lots/${lotNo}/monitor`);
    assert.equal(r.status, 404);
  });

  it('a bidder sees the price and their own bids only: never another number, bid or the count', async () => {
    const me = await call(t, company, 'GET', `/api/public/trading/lots/${lotNo}/me`);
    assert.equal(me.body.application.bidderNumber, nA);
    assert.deepEqual(me.body.bids.map((b: { amount: number }) => b.amount), [1_000_000]);
    assert.equal(me.body.lot.currentPrice, 1_010_000);
    assert.equal(me.body.lot.nextMin, 1_020_000);
    assert.ok(!JSON.stringify(me.body).includes(nB), 'the other bidder number leaks');
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    const text = JSON.stringify(pub.body);
    for (const n of [nA, nB]) assert.ok(!text.includes(n));
    assert.deepEqual(Object.keys(pub.body).filter((k) => /bidder|qualified|applica|count/i.test(k)), ['minBidders', 'countdownMinutes'], 'no count of bidders');
    assert.ok(!text.includes(String(RESERVE)));
    const early = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}/bid-log.json`);
    assert.equal(early.status, 409);
  });

  it('the application role’s SQL: no key, no user id beside a number, the reserve only as ciphertext', async () => {
    await assert.rejects(sql`select * from trading.lot_keys`.execute(app), /permission denied/);
    await assert.rejects(sql`select trading.release_key(id) from trading.lots where lot_no = ${lotNo}`.execute(app), /trading\.key_sealed/);
    const rows = (await sql<Record<string, unknown>>`select * from trading.applications`.execute(app)).rows;
    assert.equal(rows.length, 2);
    const ids = [await userId(t, '13885200002'), await userId(t, '13885200001')];
    for (const r of rows) {
      assert.ok('userId' in r);
      assert.equal(r.userId, null);
      noIdentity('application row', r);
      for (const id of ids) assert.ok(!Object.values(r).some((v) => v === id || v === String(id)), 'a user id in the row');
    }
    const lot = (await sql<Record<string, unknown>>`select * from trading.lots where lot_no = ${lotNo}`.execute(app)).rows[0]!;
    assert.ok('reserveOpened' in lot);
    assert.equal(lot.reserveOpened, null);
    assert.ok(!JSON.stringify(lot).includes(String(RESERVE)));
    const audits = (await sql<Record<string, unknown>>`select * from audit.entries where action like 'trading.%'`.execute(t.testDb.owner)).rows;
    assert.ok(audits.length >= 5);
    for (const a of audits) assert.ok(!JSON.stringify(a).includes(String(RESERVE)), 'the audit holds the reserve');
    // The application entries name the account but neither the lot nor the application.
    const applied = audits.filter((a) => a.action === 'trading.application.created');
    assert.equal(applied.length, 2);
    for (const a of applied) { assert.equal(a.entityId, null); assert.ok(!JSON.stringify(a.details).includes(lotNo)); }
  });
});

describe('the application role cannot link an account to a lot before close', () => {
  it('no secret it can read recomputes an account tag: HMAC under every readable secret over every (lot, account) pair matches no application', async () => {
    // Everything a SQL session of the app role holds: the secrets, the accounts, the lots, the tags.
    const secrets = (await sql<{ name: string; value: Buffer }>`select name, value from platform.secrets`.execute(app)).rows;
    assert.ok(secrets.length > 0, 'the app role reads platform.secrets (the test looks at what it can see)');
    // The app role may claim the system context (all scopes) itself: it sees every account.
    const users = (await withContext(app, SYSTEM_CONTEXT, (trx) => sql<{ id: string }>`select id from identity.users`.execute(trx))).rows.map((u) => String(u.id));
    assert.ok(users.includes(String(await userId(t, '13885200002'))), 'the app role sees the bidder accounts');
    const lots = (await sql<{ id: string }>`select id from trading.lots`.execute(app)).rows.map((l) => String(l.id));
    const tags = new Set((await sql<{ accountTag: string }>`select account_tag from trading.applications`.execute(app)).rows.map((r) => r.accountTag));
    assert.equal(tags.size, 2);
    const keys = [...secrets.map((s) => s.value), ...secrets.map((s) => Buffer.from(s.name))];
    let tried = 0;
    for (const k of keys) for (const l of lots) for (const u of users) {
      tried++;
      for (const msg of [`${l}:${u}`, `${u}:${l}`]) {
        assert.ok(!tags.has(crypto.createHmac('sha256', k).update(msg).digest('hex')), `secret ${k.length} bytes links account ${u} to lot ${l}`);
      }
    }
    assert.ok(tried > 100);
    // Neither can it ask the database to open a seal or to compute a tag for it.
    await assert.rejects(sql`select trading.release_key(id) from trading.lots where lot_no = ${lotNo}`.execute(app), /trading\.key_sealed/);
    const fns = (await sql<{ name: string }>`select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'trading' and has_function_privilege('sunland_app', p.oid, 'execute')`.execute(t.testDb.owner)).rows.map((r) => r.name).sort();
    assert.deepEqual(fns, ['release_key', 'release_opening_key', 'store_key', 'store_opening_key'], 'no database function hands out a tag or a link');
  });

  it('the bidders still find their own applications with the process-held key', async () => {
    const me = await call(t, company, 'GET', `/api/public/trading/lots/${lotNo}/me`);
    assert.equal(me.body.application.bidderNumber, nA);
  });
});

describe('after close', () => {
  it('the seal opens: staff see who bid, the reserve is shown with its salt', async () => {
    await setTimes(t, lotNo, { listingEndIn: -60 * 60_000 });
    const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
    assert.equal(pub.body.status, 'closed');
    assert.equal(pub.body.result.reserve, RESERVE);
    assert.equal(pub.body.result.outcome, 'unsold');
    assert.match(pub.body.result.reason, /below_reserve/);
    const mon = await call(t, leader, 'GET', `/api/trading/lots/${lotNo}/monitor`);
    assert.deepEqual(mon.body.bidders.map((b: { displayName: string }) => b.displayName).sort(), ['遵义市播州区示例建材有限公司', '王小明'].sort());
    const key = await sql<{ k: Buffer }>`select trading.release_key(id) as k from trading.lots where lot_no = ${lotNo}`.execute(app);
    assert.ok(key.rows[0]!.k.length > 0);
  });
});
