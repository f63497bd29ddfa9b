/**
 * 统计直报 in the browser: 播州区 fills last month's 建设用地供应情况 with one soft check (a jump
 * over 50 % against last year) explained and submits → 遵义市 returns a cell with a comment →
 * the county corrects and resubmits → the city accepts → the province's roll-up shows the value
 * and completeness rises.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS, useJourney } from './journey.ts';
import { monthBefore } from '../server/src/modules/statistics/statistics.seed.ts';

const P = monthBefore(new Date(), 1);
const j = useJourney('statistics', {
  // The demo's window of last month closes on the 10th: keep it open whatever day the suite runs.
  setup: async (server) => {
    await server.testDb.owner.updateTable('statistics.periods').set({ dueOn: new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10) }).where('period', '=', P).execute();
  },
});

async function completeness(): Promise<{ submitted: number; accepted: number }> {
  const db = j.server.testDb.owner;
  const rows = await db.selectFrom('statistics.reports as r').innerJoin('statistics.periods as p', 'p.id', 'r.periodId').innerJoin('statistics.forms as f', 'f.id', 'r.formId')
    .select(['r.status', 'r.firstSubmittedAt']).where('f.code', '=', 'TDGY').where('p.period', '=', P).execute();
  return { submitted: rows.filter((r) => r.firstSubmittedAt).length, accepted: rows.filter((r) => r.status === 'accepted').length };
}

describe('statistics direct reporting (统计直报)', () => {
  it('county fills with a soft check explained → city returns a cell → county corrects → city accepts → province roll-up and completeness', async () => {
    fs.mkdirSync(RESULTS, { recursive: true });
    const before = await completeness();

    const county = await j.staffLogin('bz_stat', { width: 1440 });
    await county.goto('/app/statistics');
    const count = county.getByRole('textbox', { name: '划拨 宗数' });
    await count.fill('3');
    await count.press('Enter');
    // Enter moves down to the next fillable cell (出让 is a computed row).
    assert.equal(await county.getByRole('textbox', { name: '招标 宗数' }).evaluate((el) => el === document.activeElement), true);
    const area = county.getByRole('textbox', { name: '划拨 面积' });
    await area.fill('25');
    await area.press('Tab');
    await county.getByText('已自动保存').waitFor();
    await county.locator('[data-testid="cell-01.2"][data-check="soft"]').waitFor();
    assert.equal((await county.getByTestId('cell-01.2').textContent())?.trim(), '25');
    await county.locator('[data-explain="jump"]').fill('本月集中划拨两宗学校用地');
    await county.getByLabel('单位负责人').fill('张伟');
    await county.getByLabel('统计负责人').fill('何丽');
    await county.getByRole('button', { name: '审核并上报' }).click();
    await county.getByText('已上报待审核').first().waitFor();
    await county.screenshot({ path: path.join(RESULTS, 'statistics-fill-1440.png'), fullPage: true });

    const city = await j.staffLogin('city_stat', { width: 1440 });
    await city.goto('/app/statistics-review');
    await city.getByRole('link', { name: '遵义市播州区自然资源局' }).click();
    await city.getByTestId('cell-02.2').click();
    await city.getByLabel('单元格 02.2 的批注').fill('与土地市场动态监测系统不一致，请核实');
    await city.getByRole('button', { name: '退 回' }).or(city.getByRole('button', { name: '退回' })).first().click();
    await city.getByText('已退回填报单位。').waitFor();

    await county.reload();
    await county.getByText('与土地市场动态监测系统不一致，请核实').first().waitFor();
    const fix = county.getByRole('textbox', { name: '划拨 面积' });
    await fix.fill('24');
    await fix.press('Tab');
    await county.getByText('已自动保存').waitFor();
    await county.getByRole('button', { name: '审核并上报' }).click();
    await county.getByText('已上报待审核').first().waitFor();

    await city.reload();
    await city.getByRole('link', { name: '遵义市播州区自然资源局' }).click();
    await city.getByText('第 1 次与第 2 次上报的差异').waitFor();
    await city.screenshot({ path: path.join(RESULTS, 'statistics-review-1440.png'), fullPage: true });
    await city.getByRole('button', { name: '审核通过' }).click();
    await city.getByText('已审核通过。').waitFor();

    const after = await completeness();
    assert.equal(after.submitted, before.submitted + 1);
    assert.equal(after.accepted, before.accepted + 1);

    const province = await j.staffLogin('prov_stat', { width: 1440 });
    await province.goto('/app/statistics-rollup');
    await province.getByRole('cell', { name: '遵义市播州区自然资源局' }).or(province.getByRole('cell', { name: '播州区' })).first().waitFor();
    // By county, 宗数 合计 (01.1): 播州区 reported 3 parcels.
    assert.deepEqual(await province.getByRole('row', { name: /播州区/ }).getByRole('cell').allTextContents(), ['播州区', '1', '3']);
    await province.goto('/app/statistics-completeness');
    await province.getByTestId('completeness-chart').locator('svg').first().waitFor();
    await province.getByRole('row', { name: /播州区/ }).waitFor();
    await province.screenshot({ path: path.join(RESULTS, 'statistics-completeness-1440.png'), fullPage: true });
    await province.getByText('English', { exact: true }).click();
    await province.getByText('Units expected, submitted, on time and accepted per area').or(province.getByRole('columnheader', { name: 'Timeliness' })).first().waitFor();
    await province.screenshot({ path: path.join(RESULTS, 'statistics-completeness-en-1440.png'), fullPage: true });

    const phone = await j.staffLogin('bz_stat', { width: 390 });
    await phone.goto('/app/statistics');
    await phone.getByRole('textbox', { name: '招标 宗数' }).or(phone.getByText('审核通过').first()).first().waitFor();
    await phone.screenshot({ path: path.join(RESULTS, 'statistics-fill-390.png'), fullPage: true });
  });
});
