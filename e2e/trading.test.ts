/**
 * 网上招拍挂 in the browser, on the real server: a lot is published → two companies apply and pay
 * through the bank simulator → qualified with anonymous numbers → listing bids show live in both
 * browsers → timed bidding (限时竞价) with a countdown reset → close → winner and reserve shown,
 * public result, and the bid log downloaded from the page passes `node tools/verify-bids.ts`.
 * Time is moved by setting the lot's dates in the database (the deadlines live there).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../server/test/harness.ts';
import { RESULTS, useJourney } from './journey.ts';

const j = useJourney('trading');
const ROOT = path.resolve(import.meta.dirname, '..');
const DAY = 86400_000;

async function login(username: string): Promise<string> {
  const res = await fetch(`${j.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  assert.equal(res.status, 200, await res.text());
  return res.headers.getSetCookie().find((c) => c.startsWith('sunland_session='))!.split(';')[0]!;
}
async function api(cookie: string | null, method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(`${j.server.url}${url}`, { method, headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json', origin: j.server.url }, ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }) });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text);
}
async function setLot(lotNo: string, f: { listingEndIn?: number; timedDeadlineIn?: number }) {
  const now = Date.now();
  const set: Record<string, Date> = {};
  if (f.listingEndIn !== undefined) Object.assign(set, { listingStart: new Date(now - 3600_000), listingEnd: new Date(now + f.listingEndIn), depositDeadline: new Date(now + f.listingEndIn - 1000) });
  if (f.timedDeadlineIn !== undefined) set.timedDeadline = new Date(now + f.timedDeadlineIn);
  await j.server.testDb.owner.updateTable('trading.lots').set(set).where('lotNo', '=', lotNo).execute();
}
async function bidder(phone: string, lotNo: string, width: number): Promise<Page> {
  const page = await j.newPage({ width });
  await page.goto(`/public/login?next=${encodeURIComponent(`/trading/${lotNo}`)}`);
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(`**/trading/${lotNo}`);
  await page.getByRole('button', { name: '申请竞买' }).click();
  await page.getByTestId('deposit-account').waitFor();
  await page.getByRole('button', { name: '模拟银行付款（演示）' }).click();
  await page.getByTestId('bidder-number').waitFor();
  return page;
}
const price = (p: Page) => p.getByTestId('current-price').textContent();
async function showsPrice(p: Page, text: string) {
  await p.getByTestId('current-price').filter({ hasText: text }).waitFor({ timeout: 10_000 });
}

describe('online sale (网上招拍挂)', () => {
  it('publish → two companies apply and pay → live listing bids → timed bidding with a reset → close → result and a bid log that verifies offline', async () => {
    const [reviewer, leader, supervisor] = await Promise.all(['reviewer', 'leader', 'supervisor'].map(login));
    const now = Date.now();
    const lot = await api(reviewer, 'POST', '/api/trading/lots', {
      kind: 'land', method: 'listing', title: '播州区三岔镇 2026-12 号商服用地', areaM2: 12000, landUse: '商服用地', termYears: 40, indicators: { 容积率: '≤2.5' },
      startPrice: 1_000_000, increment: 10_000, deposit: 200_000, confirmMinutes: 1, countdownMinutes: 1,
      listingStart: new Date(now + 25 * DAY).toISOString(), listingEnd: new Date(now + 40 * DAY).toISOString(), depositDeadline: new Date(now + 39 * DAY).toISOString(),
    });
    const lotNo: string = lot.lotNo;
    await api(leader, 'POST', `/api/trading/lots/${lotNo}/approve`);
    await setLot(lotNo, { listingEndIn: 10 * 60_000 });
    await api(leader, 'POST', `/api/trading/lots/${lotNo}/reserve`, { amount: 1_015_000 });
    await api(supervisor, 'POST', `/api/trading/lots/${lotNo}/reserve/witness`);

    const a = await bidder('13885200002', lotNo, 1440);
    const b = await bidder('13885200001', lotNo, 390);
    const numberA = await a.getByTestId('bidder-number').textContent();
    const numberB = await b.getByTestId('bidder-number').textContent();
    assert.notEqual(numberA, numberB);
    assert.ok(!(await a.content()).includes(numberB!), 'a bidder sees another number');

    // Listing: the lowest valid bid is filled in; each bid shows in both browsers over the live channel.
    await a.getByTestId('bid-button').click();
    await showsPrice(b, '1,000,000');
    await b.getByTestId('bid-button').click();
    await showsPrice(a, '1,010,000');
    await a.getByTestId('leading').waitFor({ state: 'detached' });
    await b.getByTestId('leading').waitFor();
    await a.screenshot({ path: path.join(RESULTS, 'trading-room-1440.png'), fullPage: true });
    await b.screenshot({ path: path.join(RESULTS, 'trading-room-390.png'), fullPage: true });

    // Listing ends: both join timed bidding, which opens when the one-minute window has passed.
    await setLot(lotNo, { listingEndIn: -1000 });
    await a.getByRole('button', { name: '确认参加限时竞价' }).click();
    await b.getByRole('button', { name: '确认参加限时竞价' }).click();
    await b.getByText('已确认参加限时竞价').waitFor();
    await setLot(lotNo, { listingEndIn: -60_000 - 1000 });
    await a.getByText('限时竞价中').first().waitFor();
    const before = (await api(null, 'GET', `/api/public/trading/lots/${lotNo}`)).timedDeadline;
    await a.getByTestId('bid-button').click();
    await showsPrice(b, '1,020,000');
    const after = (await api(null, 'GET', `/api/public/trading/lots/${lotNo}`)).timedDeadline;
    assert.ok(Date.parse(after) > Date.parse(before), 'the countdown restarted on the bid');

    // The countdown runs out: the result opens in both browsers.
    await setLot(lotNo, { timedDeadlineIn: -10 });
    for (const p of [a, b]) await p.getByTestId('winner').filter({ hasText: numberA! }).waitFor({ timeout: 10_000 });
    assert.equal(await a.getByTestId('reserve').textContent(), '1,015,000');
    assert.equal(await a.getByTestId('final-price').textContent(), '1,020,000');
    await a.getByText('您已竞得').waitFor();
    await a.screenshot({ path: path.join(RESULTS, 'trading-result-1440.png'), fullPage: true });
    const pdf = await a.request.get(await a.getByTestId('confirmation-pdf').getAttribute('href') ?? '');
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');

    const [download] = await Promise.all([a.waitForEvent('download'), a.getByTestId('bid-log').click()]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-e2e-bids-')), `${lotNo}.json`);
    await download.saveAs(file);
    const out = await new Promise<string>((resolve, reject) => execFile(process.execPath, ['tools/verify-bids.ts', file], { cwd: ROOT, encoding: 'utf8' }, (e, so, se) => (e ? reject(new Error(se)) : resolve(so))));
    assert.match(out, new RegExp(`^OK ${lotNo}: 3 bids, chain whole .* winner ${numberA} at 1020000 is the highest valid bid, reserve 1015000 matches`));

    // The public list shows the lot as ended; staff see the bidders now.
    const list = await j.newPage({ width: 1440 });
    await list.goto('/trading');
    await list.getByRole('row').filter({ hasText: lotNo }).getByText('已结束').waitFor();
    const staff = await j.staffLogin('leader', { width: 1440 });
    await staff.goto('/app/trading');
    await staff.getByRole('row').filter({ hasText: lotNo }).getByRole('button', { name: '竞价监控' }).click();
    await staff.getByRole('cell', { name: '遵义市播州区示例建材有限公司' }).waitFor();
    await staff.screenshot({ path: path.join(RESULTS, 'trading-staff-1440.png'), fullPage: true });

    // The transfer contract (出让合同) and its payment plan, registered on the workbench by the reviewer.
    const clerk = await j.staffLogin('reviewer', { width: 1440 });
    await clerk.goto('/app/trading');
    await clerk.getByRole('row').filter({ hasText: lotNo }).getByRole('button', { name: '合同与缴款' }).click();
    await clerk.getByLabel('合同编号').fill(`播自然资出让〔2026〕${lotNo.slice(-6)}号`);
    await clerk.getByTestId('contract-register').click();
    await clerk.getByTestId('contract-no').waitFor();
    assert.equal(await clerk.getByRole('dialog').getByText('待缴', { exact: true }).count(), 2);
    assert.ok((await price(a))?.includes('1,020,000'));
    // The buyer sees their own contract and payment plan on the lot page (only the buyer gets it).
    await a.reload();
    await a.getByTestId('buyer-contract').getByText(`播自然资出让〔2026〕${lotNo.slice(-6)}号`).waitFor();
    assert.equal(await a.getByTestId('buyer-contract').getByText('待缴', { exact: true }).count(), 2);
    await a.screenshot({ path: path.join(RESULTS, 'trading-buyer-contract-1440.png'), fullPage: true });
  });
});
