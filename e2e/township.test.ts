/**
 * Township workbench and 网上督察 in the browser, on the real server: the township clerk (on a
 * phone, 390 px) files a patrol finding and reads a county notice, which leaves its read receipt;
 * the county's liaison answers the township's question; the city's 网上督察 page shows the
 * township's activity ranked (and fits 390 px too).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../server/test/harness.ts';
import { RESULTS, useJourney } from './journey.ts';

const j = useJourney('township');
const overflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

async function login(username: string): Promise<string> {
  const res = await fetch(`${j.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  assert.equal(res.status, 200, await res.text());
  return res.headers.getSetCookie().find((c) => c.startsWith('sunland_session='))!.split(';')[0]!;
}

async function api(cookie: string, method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(`${j.server.url}${url}`, { method, headers: { cookie, 'content-type': 'application/json', origin: j.server.url }, body: JSON.stringify(body ?? {}) });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text);
}

describe('township workbench and 网上督察', () => {
  it('clerk files a patrol finding and reads a county notice; the county answers; the city sees the activity', async () => {
    const county = await login('bz_supervisor');
    await api(county, 'POST', '/api/township/notices', { title: '关于开展旅程测试巡查的通知', body: '各乡镇国土资源所：\n\n请于本周内完成巡查。', readBy: null });

    // The clerk on a phone: the patrol form, reported to the county.
    const clerk = await j.staffLogin('township', { width: 390 });
    await clerk.setViewportSize({ width: 390, height: 844 });
    await clerk.goto('/app/township-patrol');
    await clerk.getByRole('radio', { name: '违法建设' }).check();
    await clerk.getByLabel('地点（村、组、地名）').fill('新街村旅程组');
    await clerk.getByLabel('情况描述').fill('河边新建砖房一处，约90平方米，未见审批公示。');
    // A date after today gets past the date picker when typed; the server refuses it, and the
    // form says why on the field, in Chinese (the service's reasonZh), not 「填写有误」.
    const observedToday = await clerk.getByLabel('巡查日期').inputValue();
    await clerk.getByLabel('巡查日期').fill('2099-01-01');
    await clerk.getByTestId('entry-report').click();
    await clerk.getByText('巡查日期：不能晚于今天').waitFor();
    await clerk.screenshot({ path: path.join(RESULTS, 'township-patrol-refused-390.png'), fullPage: true });
    await clerk.getByLabel('巡查日期').fill(observedToday);
    assert.equal(await overflow(clerk), 0, 'the patrol form fits 390 px');
    await clerk.screenshot({ path: path.join(RESULTS, 'township-patrol-390.png'), fullPage: true });
    await clerk.getByTestId('entry-report').click();
    await clerk.waitForURL('**/app/township');
    await clerk.getByRole('cell', { name: '新街村旅程组' }).waitFor();
    assert.equal(await overflow(clerk), 0, 'the workbench fits 390 px');
    await clerk.screenshot({ path: path.join(RESULTS, 'township-home-390.png'), fullPage: true });

    // The county's notice: unread, opened (read receipt), then read.
    await clerk.goto('/app/township-notices');
    const item = clerk.getByRole('listitem').filter({ hasText: '关于开展旅程测试巡查的通知' });
    await item.getByText('未读').waitFor();
    await item.getByRole('button', { name: '关于开展旅程测试巡查的通知' }).click();
    await clerk.getByTestId('notice-read').waitFor();
    await clerk.getByRole('button', { name: 'Close' }).or(clerk.getByRole('button', { name: '关闭' })).first().click();
    await item.getByText('已阅').waitFor();

    // The clerk's question; the county answers it in the browser.
    const q = await api(await login('township'), 'POST', '/api/township/messages', { subject: '旅程测试咨询', question: '河边新建房屋由谁核查？' });
    const liaison = await j.staffLogin('bz_supervisor', { width: 1440 });
    await liaison.goto('/app/township-answers');
    await liaison.getByTestId(`message-answer-${q.id}`).click();
    const dlg = liaison.getByRole('dialog', { name: /旅程测试咨询/ });
    await dlg.getByLabel('答复').fill('由镇国土所先行核查，违法的报县执法大队立案。');
    await dlg.getByRole('button', { name: /确\s*定|OK/ }).click();
    await liaison.getByTestId(`message-${q.id}`).getByText('已答复').waitFor();

    // The city's 网上督察: 三岔镇 active today, ranked; the page fits a phone too.
    const city = await j.staffLogin('supervisor', { width: 1440 });
    await city.goto('/app/township-supervision');
    const row = city.getByRole('row').filter({ hasText: '三岔镇国土资源所' });
    await row.waitFor();
    // The page shows times in the browser's own time zone (dayjs), so "today" is the browser's date:
    // computing it for Asia/Shanghai failed between 16:00 and 24:00 UTC on a machine set to UTC.
    const today = await city.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; });
    await row.getByText(today).waitFor();
    await city.screenshot({ path: path.join(RESULTS, 'township-supervision-1440.png'), fullPage: true });
    await city.setViewportSize({ width: 390, height: 844 });
    await city.waitForTimeout(300);
    assert.equal(await overflow(city), 0, '网上督察 fits 390 px');
    await city.screenshot({ path: path.join(RESULTS, 'township-supervision-390.png'), fullPage: true });
  });
});
