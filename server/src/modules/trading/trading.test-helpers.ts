/** Shared steps of the trading tests (not a test file itself). */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/harness.ts';
import { call } from '../../platform/identity/test-helpers.ts';

const DAY = 86400_000;

/** A land listing (挂牌) lot that keeps the date rules: listing from day +25 to day +40. */
export function landLot(over: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    kind: 'land', method: 'listing', title: '播州区三岔镇 2026-07 号宗地', areaM2: 12000, landUse: '商服用地', termYears: 40,
    indicators: { 容积率: '≤2.5', 建筑密度: '≤35%', 绿地率: '≥30%' }, conditions: '中华人民共和国境内的法人和其他组织',
    startPrice: 1_000_000, increment: 10_000, deposit: 200_000,
    listingStart: new Date(now + 25 * DAY).toISOString(), listingEnd: new Date(now + 40 * DAY).toISOString(), depositDeadline: new Date(now + 38 * DAY).toISOString(),
    ...over,
  };
}

export async function createAndApprove(t: TestApp, maker: string, approver: string, body: Record<string, unknown>) {
  const c = await call(t, maker, 'POST', '/api/trading/lots', body);
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const a = await call(t, approver, 'POST', `/api/trading/lots/${c.body.lotNo}/approve`);
  assert.equal(a.status, 200, JSON.stringify(a.body));
  return c.body.lotNo as string;
}

/** Applies and pays the deposit in full through the bank simulator; returns the bidder number. */
export async function applyAndPay(t: TestApp, cookie: string, lotNo: string, deposit = 200_000): Promise<string> {
  const a = await call(t, cookie, 'POST', `/api/public/trading/lots/${lotNo}/applications`, { documents: [{ name: '营业执照', fileId: null }] });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const p = await call(t, null, 'POST', '/api/public/trading/bank-sim/pay', { account: a.body.depositAccount, amount: deposit });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.qualified, true);
  const me = await call(t, cookie, 'GET', `/api/public/trading/lots/${lotNo}/me`);
  return me.body.application.bidderNumber as string;
}

/**
 * Moves a lot's clock (owner connection): the dates are set relative to now, as if the time had
 * passed. `listingEnd` in ms from now; the listing started an hour ago.
 */
export async function setTimes(t: TestApp, lotNo: string, f: { listingEndIn?: number; timedDeadlineIn?: number; listingStartIn?: number }) {
  const now = Date.now();
  const set: Record<string, Date> = {};
  if (f.listingStartIn !== undefined) set.listingStart = new Date(now + f.listingStartIn);
  if (f.listingEndIn !== undefined) {
    set.listingStart ??= new Date(now + Math.min(f.listingEndIn, 0) - 3600_000);
    set.listingEnd = new Date(now + f.listingEndIn);
    set.depositDeadline = new Date(now + f.listingEndIn - 1000);
  }
  if (f.timedDeadlineIn !== undefined) set.timedDeadline = new Date(now + f.timedDeadlineIn);
  await t.testDb.owner.updateTable('trading.lots').set(set).where('lotNo', '=', lotNo).execute();
  await forgetLot(t, lotNo);
}

/**
 * A test that rewrites a lot's frozen dates or rules by SQL (time passing) tells the processes'
 * price books, as a withdrawal does (NOTIFY trading_bids '!lotNo'), and gives the LISTEN connection
 * the moment a click takes to hear it.
 */
export async function forgetLot(t: TestApp, lotNo: string) {
  await sql`select pg_notify('trading_bids', ${`!${lotNo}`})`.execute(t.testDb.owner);
  await new Promise((r) => setTimeout(r, 100));
}

export function bid(t: TestApp, cookie: string, lotNo: string, amount: number, idempotencyKey: string = crypto.randomUUID()) {
  return call(t, cookie, 'POST', `/api/public/trading/lots/${lotNo}/bids`, { amount, idempotencyKey });
}

export async function makePublic(t: TestApp, phone: string, name: string, idNumber: string): Promise<void> {
  const db = t.testDb.owner;
  const hash = await db.selectFrom('identity.users').select('passwordHash').where('username', '=', '13885200001').executeTakeFirstOrThrow();
  await db.insertInto('identity.users').values({
    username: phone, displayName: name, kind: 'public', orgUnitId: null, orgPath: null, phone, email: null, passwordHash: hash.passwordHash,
    totpSecret: null, totpLastStep: null, lockedUntil: null, publicKind: 'company', idNumber, legalName: name, lastLoginAt: null,
  }).execute();
}

export async function lotRow(t: TestApp, lotNo: string) {
  return t.testDb.owner.selectFrom('trading.lots').selectAll().where('lotNo', '=', lotNo).executeTakeFirstOrThrow();
}

export { sql };
