/**
 * Browser journey of a 12336 tip-off on the real server with the system Chromium: a citizen
 * reports illegal land occupation with a photo on /report (proof of work solved in the page, a
 * double click files one report) → the city's intake clerk accepts it and transfers it to the
 * county → the county inspector verifies on site with an evidence photo, disposes and feeds
 * back → the assigning level closes it out (销号) → the citizen sees the result with the
 * tracking code on /report/track.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../server/test/harness.ts';
import { RESULTS as results, useJourney } from './journey.ts';


// A valid 1×1 PNG: the server checks the magic bytes, not only the extension.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

// Request logging on, so that the journey can prove the tracking code never reaches the log.
const j = useJourney('tipoffs', { env: { LOG_LEVEL: 'info' } });
const newPage = () => j.newPage({ timeoutMs: 20_000 });

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL('**/app');
}

/** antd puts a space between two Chinese characters of a button label. */
const label = (text: string) => new RegExp(`^${[...text].join('\\s?')}$`);

/** Opens a stage action of the report drawer, lets `fill` complete its form, confirms, waits for the new status. */
async function act(page: Page, action: string, status: string, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByTestId('stage-actions').getByRole('button', { name: label(action) }).click();
  const dialog = page.getByRole('dialog').filter({ has: page.locator('.ant-modal-footer') });
  await dialog.waitFor();
  // A click while the dialog still zooms in can land nowhere: wait for the animation to end.
  await page.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
  await fill?.(dialog);
  await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
  // Closed means done; a field error in the form or the server's error message means refused.
  const refusal = dialog.locator('.ant-form-item-explain-error').or(page.locator('.ant-message-error')).first();
  const outcome = await Promise.race([
    dialog.waitFor({ state: 'detached' }).then(() => null),
    refusal.waitFor().then(() => refusal.innerText()),
  ]);
  assert.equal(outcome, null, `${action}: the dialog stayed open: ${outcome}`);
  await page.getByTestId('report-status').filter({ hasText: status }).waitFor();
}

async function reportRow(id: number) {
  const { rows } = await sql<{ status: string; stage: string | null; countyCode: string | null; disposalOutcome: string | null; feedbackText: string | null; closedAt: Date | null }>`
    select status, stage, county_code as "countyCode", disposal_outcome as "disposalOutcome", feedback_text as "feedbackText", closed_at as "closedAt"
    from tipoffs.reports where id = ${id}`.execute(j.server.testDb.owner);
  return rows[0]!;
}

describe('tip-offs', () => {
  it('a citizen reports with a photo, the ledger takes it through every stage, and the citizen reads the feedback by tracking code', async () => {
    const db = j.server.testDb.owner;
    const before = (await sql<{ n: number }>`select count(*)::int as n from tipoffs.reports where channel = 'web'`.execute(db)).rows[0]!.n;

    // 1. The citizen finds the form from the portal and fills it in.
    const citizen = await newPage();
    await citizen.goto('/');
    await citizen.getByRole('link', { name: '12336 违法线索举报' }).click();
    await citizen.waitForURL('**/report');
    await citizen.getByLabel('违法类型').click();
    await citizen.locator('.ant-select-item-option[title="违法占地"]').click();
    await citizen.getByLabel('发生地（行政区划）').click();
    for (const name of ['贵州省', '遵义市', '播州区', '三岔镇']) {
      await citizen.locator('.ant-cascader-menu-item').filter({ hasText: new RegExp(`^${name}$`) }).click();
    }
    await citizen.getByLabel('详细地址').fill('三岔镇新华村三组公路旁');
    // The map zooms to 三岔镇; a click in the middle of the view sets a point inside it.
    const map = citizen.getByTestId('map-point-picker');
    await citizen.locator('[data-testid=map-point-picker][data-fitted="520304102"]').waitFor();
    const box = (await map.boundingBox())!;
    await citizen.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await citizen.waitForFunction(() => (document.querySelector('[data-testid=point-lon] input, input[data-testid=point-lon]') as HTMLInputElement | null)?.value !== '');
    const lon = Number(await citizen.locator('[data-testid=point-lon] input, input[data-testid=point-lon]').first().inputValue());
    const lat = Number(await citizen.locator('[data-testid=point-lat] input, input[data-testid=point-lat]').first().inputValue());
    const { rows: [town] } = await sql<{ inside: boolean }>`
      select (b.box::box @> point(${lon}, ${lat})) as inside from (select f.bbox as box from map.features f join map.layers l on l.id = f.layer_id
      where l.code = 'divisions' and f.code = '520304102') b`.execute(db);
    assert.ok(town?.inside, `picked point ${lon}, ${lat} lies in 三岔镇`);
    assert.equal(await citizen.getByTestId('point-outside').count(), 0);
    await citizen.getByLabel('被举报对象').fill('遵义某建材有限公司');
    await citizen.getByLabel('主要违法事实').fill('该公司未经批准在基本农田上建设厂房，已硬化地面约 3 亩。');
    await citizen.locator('input[type=file]').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: PNG });
    await citizen.locator('.ant-upload-list-item-done').filter({ hasText: 'site.png' }).waitFor();
    await citizen.getByLabel('联系电话').fill('13800001234');

    // The proof of work runs in the page while the form is filled; a double click files one report.
    await citizen.locator('[data-testid=pow-state][data-state=ready]').waitFor({ timeout: 60_000 });
    await citizen.getByTestId('submit-report').dblclick();
    const trackingCode = (await citizen.getByTestId('tracking-code').innerText()).trim();
    const reportNo = (await citizen.getByTestId('report-no').innerText()).trim();
    assert.match(trackingCode, /^\S{6,}$/);
    assert.match(reportNo, /^JB/);
    const created = await sql<{ id: number; n: number; violationType: string; divisionCode: string; lon: number; lat: number; files: number }>`
      select r.id::int as id, (select count(*)::int from tipoffs.reports where channel = 'web') as n, r.violation_type as "violationType",
        r.division_code as "divisionCode", r.lon, r.lat, (select count(*)::int from tipoffs.files f where f.report_id = r.id) as files
      from tipoffs.reports r where r.report_no = ${reportNo}`.execute(db);
    const row = created.rows[0]!;
    assert.equal(row.n, before + 1, 'a double click files one report');
    assert.equal(row.violationType, 'land_illegal_occupation');
    assert.equal(row.divisionCode, '520304102');
    assert.ok(Math.abs(row.lon - lon) < 1e-6 && Math.abs(row.lat - lat) < 1e-6);
    assert.equal(row.files, 1);
    const id = row.id;

    // 2. The city's 12336 intake clerk accepts it and transfers it to the county where it happened.
    const intake = await newPage();
    await logIn(intake, 'hotline');
    await intake.getByTestId('side-menu').getByText('线索台账').click();
    await intake.getByRole('link', { name: reportNo }).click();
    await intake.getByTestId('report-detail').getByText(`线索 ${reportNo}`).waitFor();
    await intake.getByTestId('reporter-panel').waitFor();
    await act(intake, '受理', '已受理（待转办）');
    await act(intake, '转办/交办', '已转办/交办（待核查）');
    assert.equal((await reportRow(id)).countyCode, '520304');

    // 3. The county inspector verifies on site with a photo, disposes and feeds back. No reporter panel for the county.
    const county = await newPage();
    await logIn(county, 'inspector');
    await county.goto(`/app/tipoffs?id=${id}`);
    await county.getByTestId('report-detail').getByText(`线索 ${reportNo}`).waitFor();
    assert.equal(await county.getByTestId('reporter-panel').count(), 0);
    await act(county, '现场核查', '已核查（待处置）', async (dialog) => {
      await dialog.getByLabel('核查情况').fill('现场核实：占用耕地约 2000 平方米建设厂房，属实。');
      await dialog.locator('input[type=file]').setInputFiles({ name: 'evidence.png', mimeType: 'image/png', buffer: PNG });
      await dialog.locator('.ant-upload-list-item-done').filter({ hasText: 'evidence.png' }).waitFor();
    });
    await act(county, '处置', '已处置（待反馈）', async (dialog) => {
      await dialog.getByLabel('处理结论').click();
      await county.locator('.ant-select-item-option[title="已制止并整改到位"]').click();
      await dialog.getByLabel('处置情况').fill('已责令停止建设，拆除违法建筑并恢复耕地。');
    });
    await act(county, '反馈举报人', '已反馈（待销号）', async (dialog) => {
      await dialog.getByLabel('反馈内容').fill('经核查举报属实，已责令停止违法行为并恢复耕地，感谢您的监督。');
    });
    // The county did the work; closing out is for the level that assigned it.
    assert.equal(await county.getByTestId('stage-actions').getByRole('button', { name: label('销号') }).count(), 0);
    const afterFeedback = await reportRow(id);
    assert.equal(afterFeedback.disposalOutcome, 'stopped_rectified');

    // 4. The city closes it out once disposal, evidence and feedback are all there.
    await intake.reload();
    await intake.getByTestId('report-detail').getByText(`线索 ${reportNo}`).waitFor();
    assert.equal(await intake.getByTestId('close-checklist').locator('.anticon-check-circle').count(), 3);
    await act(intake, '销号', '已销号');
    const closed = await reportRow(id);
    assert.equal(closed.status, 'closed');
    assert.ok(closed.closedAt instanceof Date);

    // 5. The citizen follows it with the tracking code and reads the feedback.
    await citizen.getByRole('link', { name: /查询进度|查询办理进度/ }).first().click();
    // The tracking code is a bearer secret: it is never in the page URL.
    await citizen.waitForURL('**/report/track');
    assert.ok(!citizen.url().includes(trackingCode) && !citizen.url().includes('code='), citizen.url());
    await citizen.getByTestId('track-status').filter({ hasText: '已销号' }).waitFor();
    assert.equal(await citizen.getByTestId('track-feedback').innerText(), '经核查举报属实，已责令停止违法行为并恢复耕地，感谢您的监督。');
    await citizen.getByTestId('track-view').getByText('已制止并整改到位', { exact: true }).waitFor();
    // The tracking page shows no staff names and no reporter data.
    const text = await citizen.getByTestId('track-view').innerText();
    assert.ok(!text.includes('13800001234') && !text.includes('陈静'), text);
    // Nor did the code reach the server's request log.
    assert.match(j.server.output(), /"msg":"request"/);
    assert.ok(!j.server.output().includes(trackingCode), 'tracking code in the server log');

    fs.mkdirSync(results, { recursive: true });
    await citizen.screenshot({ path: path.join(results, 'tipoffs-track.png'), fullPage: true });
    await intake.screenshot({ path: path.join(results, 'tipoffs-ledger.png'), fullPage: true });
    for (const p of [citizen, intake, county]) await p.context().close();
  });
});
