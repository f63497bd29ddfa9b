/**
 * Keyboard-only journeys (WCAG 2.1.1, GB/T 37668-2019): no mouse, no element.click() — only Tab,
 * Shift+Tab, Enter, Space and the arrow keys, and every element reached shows a visible focus.
 *  - a window clerk logs in, opens 窗口受理 from the side menu, opens the case by its number,
 *    starts the formal check and accepts the case;
 *  - the city's 12336 intake clerk logs in, opens 线索台账, filters it by status with the arrow
 *    keys, opens the tip-off and accepts it in triage (受理).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { sql } from 'kysely';
import { DEMO_OPEN311_KEY } from '../server/src/modules/tipoffs/tipoffs.seed.ts';
import { declareNextCalendarYear, DEMO_PASSWORD } from '../server/test/harness.ts';
import type { RunningServer } from './server.ts';
import { useJourney } from './journey.ts';

const MATTER = '520304-XK-0004'; // 临时用地审批
const PDF = new Blob([Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')], { type: 'application/pdf' });
let caseNo = '';
let reportNo = '';

/** A citizen applies online with every required material (over the API: the journey is the clerk's). */
async function applyOnline(server: RunningServer): Promise<string> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: '13885200001', password: DEMO_PASSWORD }),
  });
  assert.equal(login.status, 200, await login.text());
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('sunland_session='))!.split(';')[0]!;
  const guide = await (await fetch(`${server.url}/api/public/approvals/matters/${MATTER}`)).json() as { materials: { key: string; required: boolean; kind: string }[] };
  const materials: Record<string, string[]> = {};
  for (const m of guide.materials) {
    if (!m.required || m.kind !== 'file') continue;
    const body = new FormData();
    body.append('file', PDF, `${m.key}.pdf`);
    const up = await fetch(`${server.url}/api/public/approvals/uploads`, { method: 'POST', headers: { cookie }, body });
    const uploaded = await up.text();
    assert.equal(up.status, 201, uploaded);
    materials[m.key] = [(JSON.parse(uploaded) as { id: string }).id];
  }
  const res = await fetch(`${server.url}/api/public/approvals/cases`, {
    method: 'POST', headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      matterCode: MATTER, applicant: { kind: 'person', name: '王小明', idNumber: '52030419900307123X', phone: '13885200001' }, materials,
      formData: { project_name: '三岔镇道路施工便道', location: '播州区三岔镇', area_ha: 1.2, months: 18 },
    }),
  });
  const created = await res.text();
  assert.equal(res.status, 201, created);
  return (JSON.parse(created) as { caseNo: string }).caseNo;
}

const j = useJourney('keyboard', {
  setup: async (server) => {
    await declareNextCalendarYear(server.testDb.owner);
    caseNo = await applyOnline(server);
    const res = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: DEMO_OPEN311_KEY, service_code: 'land_illegal_occupation', lat: '27.54', long: '106.83', address_string: '播州区三岔镇',
        description: '有人在耕地上建房，已经砌了围墙。', 'attribute[division_code]': '520304', 'attribute[party]': '某村民',
      }).toString(),
    });
    const filed = await res.text();
    assert.equal(res.status, 200, filed);
    reportNo = (JSON.parse(filed) as { service_request_id: string }[])[0]!.service_request_id;
  },
});

const focused = (target: Locator) => target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false);

/**
 * Presses `key` (Tab by default) until the focus is on `target`, at most `max` times; then the
 * focus must be visible: an outline or a focus ring (box-shadow) on the focused element.
 */
async function keyTo(page: Page, target: Locator, { key = 'Tab', max = 60 } = {}): Promise<void> {
  for (let i = 0; !(await focused(target)); i++) {
    if (i >= max) throw new Error(`${key} ×${max} never reached ${target}; the focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`);
    // antd's date range picker opens its panel on focus, and Tab then moves between its two
    // dates: Escape closes the panel (as a keyboard user does), the next Tab leaves the picker.
    if (key === 'Tab' && await page.evaluate(() => !!document.activeElement?.closest('.ant-picker'))) {
      await page.keyboard.press('Escape');
    }
    await page.keyboard.press(key);
  }
  // antd draws the ring of an input on its wrapper: the element or one of its two parents.
  // (Polled briefly: a ring may come with a short transition.)
  const ring = await page.waitForFunction(() => {
    for (let el: Element | null = document.activeElement, i = 0; el && i < 3; el = el.parentElement, i++) {
      const s = getComputedStyle(el);
      if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) return `outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`;
      if (s.boxShadow !== 'none') return `box-shadow ${s.boxShadow}`;
    }
    return '';
  }, undefined, { timeout: 1_500, polling: 100 }).then((h) => h.jsonValue()).catch(() => '');
  assert.ok(ring, `no visible focus on ${target}: ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`);
}

/** Logs in with the keyboard only: Tab to each field, type, Enter. */
async function keyboardLogin(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await keyTo(page, page.getByLabel('用户名'));
  await page.keyboard.type(username);
  await keyTo(page, page.getByLabel('密码'));
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/app');
}

/** Opens a side-menu entry: Tab into the menu, arrow down to the entry, Enter. */
async function menuTo(page: Page, entry: string): Promise<void> {
  const menu = page.getByTestId('side-menu');
  await keyTo(page, menu);
  await keyTo(page, menu.getByRole('menuitem', { name: entry }), { key: 'ArrowDown', max: 30 });
  await page.keyboard.press('Enter');
}

describe('keyboard only', () => {
  it('a window clerk opens the case from the queue and accepts it with Tab, Enter and Space', async () => {
    const page = await j.newPage({ width: 1440 });
    await keyboardLogin(page, 'window');
    await menuTo(page, '窗口受理');
    await page.waitForURL('**/app/approvals-window');
    // The case number is a real link: Tab reaches it, Enter opens the case.
    const link = page.getByTestId(`open-${caseNo}`);
    await link.waitFor();
    assert.match((await link.getAttribute('href'))!, new RegExp(`\\?no=${caseNo}$`));
    await keyTo(page, link);
    await page.keyboard.press('Enter');
    await page.getByTestId('case-no').filter({ hasText: caseNo }).waitFor();
    // Space presses a button as well as Enter.
    await keyTo(page, page.getByRole('button', { name: '开始形式审查' }));
    await page.keyboard.press('Space');
    const accept = page.getByTestId('check-panel').getByRole('button', { name: /^受\s?理$/ });
    await accept.waitFor();
    await j.audit(page);
    await keyTo(page, accept);
    await page.keyboard.press('Enter');
    await page.getByTestId('case-status').filter({ hasText: '审查中' }).waitFor();
    const row = await sql<{ status: string }>`select status from approvals.cases where case_no = ${caseNo}`.execute(j.server.testDb.owner);
    assert.equal(row.rows[0]!.status, 'in_review');
  });

  it('the 12336 intake clerk filters the ledger with the arrow keys, opens the tip-off and accepts it in triage', async () => {
    const page = await j.newPage({ width: 1440 });
    await keyboardLogin(page, 'hotline');
    await menuTo(page, '线索台账');
    await page.waitForURL('**/app/tipoffs');
    // The status filter: Tab to it, ArrowDown opens the list and moves through it, Enter picks.
    const status = page.getByRole('combobox', { name: '环节' });
    await keyTo(page, status);
    await page.keyboard.press('ArrowDown');
    const wanted = page.locator('.ant-select-item-option-active', { hasText: '已接收' });
    await page.locator('.ant-select-dropdown:visible').waitFor();
    for (let i = 0; i < 15 && !(await wanted.count()); i++) await page.keyboard.press('ArrowDown');
    assert.ok(await wanted.count(), 'the arrow keys reach the status of a new report');
    await page.keyboard.press('Enter');
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    const link = page.getByRole('link', { name: reportNo });
    await link.waitFor();
    await keyTo(page, link);
    await page.keyboard.press('Enter');
    await page.getByTestId('report-detail').getByText(`线索 ${reportNo}`).waitFor();
    // Triage: 受理 opens the dialog, whose primary button confirms.
    await keyTo(page, page.getByTestId('stage-actions').getByRole('button', { name: /^受\s?理$/ }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog').filter({ has: page.locator('.ant-modal-footer') });
    await dialog.waitFor();
    await page.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
    await j.audit(page);
    await keyTo(page, dialog.locator('.ant-modal-footer .ant-btn-primary'));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('report-status').filter({ hasText: '已受理' }).waitFor();
    const row = await sql<{ status: string }>`select status from tipoffs.reports where report_no = ${reportNo}`.execute(j.server.testDb.owner);
    assert.equal(row.rows[0]!.status, 'accepted');
  });
});
