/**
 * 卫片执法 in the browser, on the real server: the city imports a batch (wizard: batch facts →
 * GeoJSON file → dry-run report → import with the pre-check) → the county judges the patch 违法
 * and submits → the city accepts → the patch is handed to enforcement and shows its case
 * number → the figures page shows the county's illegal cropland for the year.
 * Also the demo batch's patch with its before/after imagery at 1440 and 390 px.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RESULTS, useJourney } from './journey.ts';

const j = useJourney('patches');

function rect(lon: number, lat: number, w = 0.0005, h = 0.0004) {
  return { type: 'Polygon', coordinates: [[[lon, lat], [lon + w, lat], [lon + w, lat + h], [lon, lat + h], [lon, lat]]] };
}

describe('satellite patches (卫片执法)', () => {
  it('import with dry run → county verdict 违法 and submit → city accepts → handed to enforcement (case number) → the 15 % page shows the county', async () => {
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
