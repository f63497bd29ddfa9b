/**
 * 卫片执法 in the browser, on the real server — the one journey of issue 13: the city imports a
 * batch (wizard: batch facts → GeoJSON file → dry-run report → import with the pre-check) → the
 * county inspector downloads the patch into the field app on a phone, goes offline, takes a
 * photo, fills the patch form and signs, comes back online and syncs → the county judges the
 * patch 违法 and submits → the city accepts → the patch is handed to enforcement and shows its
 * case number → the enforcement case shows the field record, photo and signature → the figures
 * page shows the county's illegal cropland for the year. (The field app's close-and-reopen
 * offline is e2e/field.test.ts.)
 * Also the demo batch's patch with its before/after imagery at 1440 and 390 px.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePng } from '../server/src/platform/field/field.fixtures.ts';
import { RESULTS, useJourney } from './journey.ts';

const j = useJourney('patches');

function rect(lon: number, lat: number, w = 0.0005, h = 0.0004) {
  return { type: 'Polygon', coordinates: [[[lon, lat], [lon + w, lat], [lon + w, lat + h], [lon, lat + h], [lon, lat]]] };
}

describe('satellite patches (卫片执法)', () => {
  it('import with dry run → field app offline (patch form) → county verdict 违法 and submit → city accepts → enforcement case with the field record → the 15 % page shows the county', async () => {
    fs.mkdirSync(RESULTS, { recursive: true });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-e2e-patches-')), 'patches.geojson');
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: rect(106.8335, 27.5431), properties: { TBBH: '5203042024E2E001', BHLX: '新增建设', QSX: '耕地', HSX: '建设用地', TBMJ: 2100 } },
    ] }));

    const city = await j.staffLogin('supervisor');
    await city.goto('/app/patches');
    await city.getByRole('button', { name: '新建批次并导入' }).click();
    const dialog = city.getByRole('dialog');
    await dialog.getByLabel('批次名称').fill('2024年第12期卫片监测（浏览器测试）');
    for (const [label, value] of [['前时相日期', '2024-09-30'], ['后时相日期', '2024-12-15'], ['核查截止日期', '2099-01-31']] as const) {
      await dialog.getByLabel(label).fill(value);
      await dialog.getByLabel(label).press('Enter');
    }
    // Enter in the last date field may already submit the form (every field is filled then).
    await city.waitForTimeout(300);
    if (!(await dialog.getByText(/已创建批次 WP2024\d{4}/).isVisible())) await dialog.getByRole('button', { name: '创建批次' }).click();
    await dialog.getByText(/已创建批次 WP2024\d{4}/).waitFor();
    const batchNo = (await dialog.getByText(/已创建批次 WP2024\d{4}/).textContent())!.match(/WP2024\d{4}/)![0];
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByRole('button', { name: '预检查（不写入）' }).click();
    await dialog.getByTestId('dry-run-report').getByText('共 1 个图斑：可导入 1').waitFor();
    await dialog.getByRole('button', { name: /^导\s?入$/ }).click();
    await dialog.getByRole('button', { name: /^完\s?成$/ }).click();

    // 外业核查: the county inspector's phone, standing on the patch; the workbench links the field app.
    const phone = await j.staffLogin('inspector', { width: 390 });
    const ctx = phone.context();
    await ctx.grantPermissions(['geolocation'], { origin: j.server.url });
    await ctx.setGeolocation({ longitude: 106.8337, latitude: 27.5433, accuracy: 5 });
    await phone.getByTestId('field-app-link').click();
    await phone.waitForURL('**/field');
    await phone.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    await phone.getByRole('button', { name: '下载核查任务' }).click();
    await phone.getByRole('button', { name: /5203042024E2E001/ }).waitFor();
    await ctx.setOffline(true);
    await phone.getByTestId('network').filter({ hasText: '离线' }).waitFor();
    await phone.getByRole('button', { name: /5203042024E2E001/ }).click();
    await phone.getByTestId('distance').filter({ hasText: '位于核查对象范围内' }).waitFor();
    await phone.getByTestId('photo-input').setInputFiles([{ name: 'site.png', mimeType: 'image/png', buffer: makePng(31, 64, 48) }]);
    await phone.getByRole('img', { name: /现场照片 1/ }).waitFor();
    await phone.getByLabel('实地现状').selectOption('building');
    await phone.getByLabel('建设（使用）主体').fill('遵义某建材公司');
    await phone.getByRole('radio', { name: '是' }).check();
    await phone.getByLabel('占用耕地面积（平方米）').fill('800');
    const pad = await phone.getByTestId('signature').boundingBox();
    assert.ok(pad);
    await phone.mouse.move(pad.x + 20, pad.y + 30);
    await phone.mouse.down();
    for (let i = 1; i <= 8; i++) await phone.mouse.move(pad.x + 20 + i * 25, pad.y + 30 + (i % 2) * 25);
    await phone.mouse.up();
    await phone.getByRole('button', { name: '保存并排队同步' }).click();
    await phone.getByTestId('record-state').filter({ hasText: '待同步' }).waitFor();
    await ctx.setOffline(false);
    await phone.getByTestId('record-state').filter({ hasText: '已同步' }).waitFor({ timeout: 30_000 });
    await phone.close();

    const county = await j.staffLogin('inspector');
    await county.goto(`/app/patches?batchNo=${batchNo}`);
    await county.getByRole('button', { name: '5203042024E2E001' }).click();
    const drawer = county.getByRole('dialog');
    await drawer.getByText('内业预判').waitFor();
    await drawer.getByLabel('判定类型').click();
    await county.locator('.ant-select-item-option').filter({ hasText: '疑似违法（W：未批先建）' }).click();
    await drawer.getByLabel('占用耕地（平方米）').fill('800');
    await drawer.getByLabel('占用永久基本农田（平方米）').fill('0');
    await drawer.getByRole('button', { name: '提交判定' }).click();
    await drawer.getByText('已判定').first().waitFor();
    await county.goto('/app/patches?tab=batches');
    const row = county.getByRole('row').filter({ hasText: batchNo });
    await row.getByRole('button', { name: /^上\s?报$/ }).click();
    await row.getByText('520304 已上报').waitFor();

    await city.goto(`/app/patches?batchNo=${batchNo}`);
    await city.getByRole('button', { name: '5203042024E2E001' }).click();
    const cityDrawer = city.getByRole('dialog');
    await cityDrawer.getByRole('button', { name: '审核通过' }).click();
    // Accepted as 违法, the patch is handed to enforcement: a case opens and its number shows.
    await cityDrawer.getByText(/已移送立案：ZF520304-\d{4}-\d{4}/).waitFor();
    const caseNo = (await cityDrawer.getByText(/已移送立案：ZF520304-\d{4}-\d{4}/).textContent())!.match(/ZF520304-\d{4}-\d{4}/)![0];

    // The enforcement case opened from the patch shows the field record, its photo and the signature.
    await county.goto('/app/enforcement');
    await county.getByPlaceholder('案件编号、案由、当事人').fill(caseNo);
    await county.getByPlaceholder('案件编号、案由、当事人').press('Enter');
    await county.getByText(caseNo, { exact: true }).click();
    const record = county.getByTestId('field-record');
    await record.getByText('建筑物（房屋、厂房）').waitFor();
    await record.getByText('遵义某建材公司').waitFor();
    await record.getByRole('img', { name: '现场照片 1' }).waitFor();
    await record.getByRole('img', { name: '核查人员签名' }).waitFor();
    await county.waitForTimeout(300);
    await county.screenshot({ path: path.join(RESULTS, 'patches-enforcement-field-record-1440.png'), fullPage: true });

    await city.goto('/app/patches?tab=figures');
    await city.getByLabel('年度').fill('2024');
    await city.getByLabel('年度').press('Enter');
    const fig = city.getByTestId('county-figures').getByRole('row').filter({ hasText: '播州区' });
    await fig.getByText('800.00').waitFor();
    await city.screenshot({ path: path.join(RESULTS, 'patches-figures-1440.png'), fullPage: true });
  });

  it('the demo batch\'s patch: pre-check and the synthetic before/after imagery, side by side and with the swipe, at 1440 and 390 px', async () => {
    for (const width of [1440, 390]) {
      const page = await j.staffLogin('inspector', { width });
      await page.goto('/app/patches?tab=patches');
      await page.getByRole('button', { name: /^5203042024Q4/ }).first().click();
      const drawer = page.getByRole('dialog');
      await drawer.getByText('合成影像（演示，由土地利用现状图绘制）').waitFor();
      await drawer.getByTestId('imagery-after').locator('canvas').first().waitFor();
      await page.waitForTimeout(800);
      await page.screenshot({ path: path.join(RESULTS, `patches-detail-${width}.png`), fullPage: false });
      await drawer.getByText('卷帘对比').click();
      await drawer.getByTestId('imagery-swipe').locator('canvas').first().waitFor();
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(RESULTS, `patches-swipe-${width}.png`), fullPage: false });
      assert.ok(await drawer.getByRole('slider').count() === 1);
    }
  });
});
