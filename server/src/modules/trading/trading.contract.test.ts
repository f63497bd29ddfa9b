// After the sale: the transfer contract (出让合同) within 10 working days, a payment plan whose rules
// are checked (sum, 首付款 ≥ 50%, within a year, due dates on working days of the calendar),
// payments, reminders through platform/notify, overdue instalments flagged, and the to-dos.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, declareNextCalendarYear, type TestApp } from '../../../test/harness.ts';
import { call, loginAs, userId } from '../../platform/identity/test-helpers.ts';
import { createDb, createPool } from '../../platform/db/database.ts';
import { landLot, createAndApprove, applyAndPay, setTimes, bid, lotRow } from './trading.test-helpers.ts';
import { createTradingService } from './trading.service.ts';
import { createBankSimulator } from './bank.ts';
import { loadTagKey } from './tag-key.ts';
import { chinaDate } from './lots.ts';

const t: TestApp = await startTestApp();
const db = createDb(createPool(t.testDb.appUrl, 2));
after(() => db.destroy());
// The module's own service on the app role, to run the daily reminder job on a chosen day.
const svc = createTradingService({
  db, audit: t.platform.audit, calendar: t.platform.calendar, notify: t.platform.notify, bank: createBankSimulator(), tagKey: loadTagKey(t.env),
  publish: async () => { throw new Error('the reminder job publishes nothing'); },
});
const cal = t.platform.calendar;
const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
async function workdayFrom(d: string) { let x = d; while (!(await cal.isWorkday(x))) x = plusDays(x, 1); return x; }
async function holidayFrom(d: string) { let x = d; while (await cal.isWorkday(x)) x = plusDays(x, 1); return x; }

let reviewer = '', leader = '', window = '', company = '', person = '', lotNo = '', closedOn = '';
const PRICE = 1_010_000, DEPOSIT = 200_000;
let plan: { label: string; amount: number; dueDate: string }[] = [];

before(async () => {
  await declareNextCalendarYear(t.testDb.owner);
  [reviewer, leader, window, company, person] = await Promise.all(['reviewer', 'leader', 'window', '13885200002', '13885200001'].map((u) => loginAs(t, u)));
  lotNo = await createAndApprove(t, reviewer, leader, landLot());
  await applyAndPay(t, company, lotNo);
  await applyAndPay(t, person, lotNo);
  await setTimes(t, lotNo, { listingEndIn: 3600_000 });
  assert.equal((await bid(t, company, lotNo, 1_000_000)).status, 201);
  assert.equal((await bid(t, person, lotNo, PRICE)).status, 201);
  await setTimes(t, lotNo, { listingEndIn: -3600_000 });
  const pub = await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}`);
  assert.equal(pub.body.result.outcome, 'sold');
  closedOn = chinaDate((await lotRow(t, lotNo)).closedAt!);
  plan = [
    { label: '首付款', amount: 405_000, dueDate: await workdayFrom(plusDays(closedOn, 20)) },
    { label: '余款', amount: PRICE - DEPOSIT - 405_000, dueDate: await workdayFrom(plusDays(closedOn, 180)) },
  ];
});

const register = (cookie: string, body: Record<string, unknown>) => call(t, cookie, 'POST', `/api/trading/lots/${lotNo}/contract`, body);

describe('the transfer contract and its payment plan', () => {
  it('refuses a plan that breaks a rule, naming the rule and the field, and stores nothing', async () => {
    const late = await register(reviewer, { contractNo: 'CR-2026-001', signedOn: await cal.addWorkdays(closedOn, 11), instalments: plan });
    assert.equal(late.status, 422);
    assert.deepEqual([late.body.error.field, late.body.error.rule], ['signedOn', 'sign_10_workdays']);
    const sum = await register(reviewer, { contractNo: 'CR-2026-001', signedOn: closedOn, instalments: [plan[0], { ...plan[1], amount: 1 }] });
    assert.deepEqual([sum.status, sum.body.error.rule], [422, 'instalments_sum']);
    const half = await register(reviewer, { contractNo: 'CR-2026-001', signedOn: closedOn, instalments: [{ ...plan[0], amount: 300_000 }, { ...plan[1], amount: 510_000 }] });
    assert.deepEqual([half.body.error.field, half.body.error.rule], ['instalments.0.amount', 'first_50_percent']);
    const yearLate = await register(reviewer, { contractNo: 'CR-2026-001', signedOn: closedOn, instalments: [plan[0], { ...plan[1], dueDate: await workdayFrom(plusDays(closedOn, 400)) }] });
    assert.deepEqual([yearLate.body.error.field, yearLate.body.error.rule], ['instalments.1.dueDate', 'balance_within_1_year']);
    const off = await holidayFrom(plusDays(closedOn, 20));
    const holiday = await register(reviewer, { contractNo: 'CR-2026-001', signedOn: closedOn, instalments: [{ ...plan[0], dueDate: off }, plan[1]] });
    assert.deepEqual([holiday.body.error.field, holiday.body.error.rule, holiday.body.error.next], ['instalments.0.dueDate', 'due_on_workday', await cal.addWorkdays(off, 1)]);
    const bad = await register(reviewer, { contractNo: 'CR-2026-001', signedOn: '2026-13-01', instalments: plan });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /signedOn/);
    assert.equal((await register(window, { contractNo: 'CR-2026-001', signedOn: closedOn, instalments: plan })).status, 403);
    assert.equal((await t.testDb.owner.selectFrom('trading.contracts').selectAll().execute()).length, 0);
  });

  it('registers the signed contract with the deposit credited, and tells the buyer the plan', async () => {
    const ok = await register(reviewer, { contractNo: 'CR-2026-001', signedOn: closedOn, instalments: plan });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.deepEqual([ok.body.price, ok.body.depositCredited, ok.body.instalments.map((i: { state: string }) => i.state)], [PRICE, DEPOSIT, ['open', 'open']]);
    assert.equal((await register(reviewer, { contractNo: 'CR-2026-002', signedOn: closedOn, instalments: plan })).status, 409);
    const buyer = String(await userId(t, '13885200001'));
    const msgs = await t.testDb.owner.selectFrom('notify.outbox').selectAll().where('recipient', '=', buyer).execute();
    assert.ok(msgs.some((m) => m.body.includes('CR-2026-001') || (m.subject ?? '').includes('CR-2026-001')), 'the buyer is told the plan');
  });

  it('records payments; more than is due is refused naming the amount', async () => {
    const over = await call(t, reviewer, 'POST', `/api/trading/lots/${lotNo}/payments`, { seq: 1, amount: 405_001, paidOn: plan[0]!.dueDate });
    assert.equal(over.status, 400);
    assert.equal(over.body.error.field, 'amount');
    const paid = await call(t, reviewer, 'POST', `/api/trading/lots/${lotNo}/payments`, { seq: 1, amount: 405_000, paidOn: plan[0]!.dueDate });
    assert.equal(paid.status, 200);
    assert.deepEqual(paid.body.instalments.map((i: { state: string }) => i.state), ['paid', 'open']);
  });

  it('reminds the buyer ahead of a due date, flags it overdue the day after — once — and lists it in the to-dos', async () => {
    const due = plan[1]!.dueDate;
    const ahead = await cal.addWorkdays(due, -3).catch(() => plusDays(due, -3));
    assert.deepEqual(await svc.remindPayments(ahead), { reminded: 1, flagged: 0 });
    assert.deepEqual(await svc.remindPayments(plusDays(due, 1)), { reminded: 0, flagged: 1 });
    assert.deepEqual(await svc.remindPayments(plusDays(due, 2)), { reminded: 0, flagged: 0 }, 'flagged once');
    const rows = await t.testDb.owner.selectFrom('notify.outbox').select(['channel', 'body', 'dedupeKey']).where('dedupeKey', 'like', 'trading:%').execute();
    assert.ok(rows.some((r) => r.channel === 'sms' && r.body.includes('余款') && r.body.includes('逾期')), 'an SMS tells the buyer the instalment is overdue');
    assert.ok(rows.some((r) => r.channel === 'inapp' && r.body.includes(`应于 ${due} 前缴纳`)));
    const inst = await t.testDb.owner.selectFrom('trading.instalments').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
    assert.equal(inst.overdueSince, plusDays(due, 1));
    // The workbench: as if the due date had passed.
    await t.testDb.owner.updateTable('trading.instalments').set({ dueDate: plusDays(chinaDate(new Date()), -1) }).where('seq', '=', 2).execute();
    const todos = await call(t, leader, 'GET', '/api/todos');
    const item = todos.body.find((x: { key: string }) => x.key === 'trading.todos.overdue');
    assert.deepEqual([item?.count, item?.level], [1, 'danger']);
    const view = await call(t, leader, 'GET', `/api/trading/lots/${lotNo}/contract`);
    assert.deepEqual(view.body.instalments.map((i: { state: string }) => i.state), ['paid', 'overdue']);
  });

  it('the buyer sees their own contract and payment plan on the public side; the other bidder, staff and strangers do not', async () => {
    const mine = await call(t, person, 'GET', `/api/public/trading/lots/${lotNo}/me/contract`);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.equal(mine.body.contractNo, 'CR-2026-001');
    assert.deepEqual([mine.body.price, mine.body.depositCredited, mine.body.remindWorkdays], [PRICE, DEPOSIT, 5]);
    assert.deepEqual(mine.body.instalments.map((i: { label: string; state: string; paid: number }) => [i.label, i.state, i.paid]), [['首付款', 'paid', 405_000], ['余款', 'overdue', 0]]);
    assert.ok(mine.body.instalments[1].overdueSince, 'the overdue flag is shown to the buyer');
    // The losing bidder and a staff account get the same answer as a lot without a contract; no cookie → 401.
    for (const who of [company, reviewer]) {
      const r = await call(t, who, 'GET', `/api/public/trading/lots/${lotNo}/me/contract`);
      assert.equal(r.status, 404, JSON.stringify(r.body));
      assert.equal(r.body.error.code, 'trading.contract_not_found');
      assert.equal(r.body.error.field, 'lotNo');
      assert.equal(JSON.stringify(r.body).includes('CR-2026-001'), false);
    }
    assert.equal((await call(t, null, 'GET', `/api/public/trading/lots/${lotNo}/me/contract`)).status, 401);
    assert.equal((await call(t, person, 'GET', '/api/public/trading/lots/TD2099-ABCDEF/me/contract')).status, 404);
  });
});
