/**
 * 中介机构随机抽取 in the browser, on the real server: agencies are registered on the registry page
 * (one suspended) → on the draws page a 地质灾害危险性评估 project's pool is previewed (the suspended
 * one left out), frozen and drawn; the first declines, the next confirms → the public result page shows the
 * inputs (commitment, revealed secret, checkpoint, owner number, seed, order) → the record
 * downloaded from that page is recomputed offline by `node tools/verify.ts draw` and agrees.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { DEMO_PASSWORD } from '../server/test/harness.ts';
import { RESULTS, useJourney } from './journey.ts';

const j = useJourney('selection');
const ROOT = path.resolve(import.meta.dirname, '..');

async function login(username: string): Promise<string> {
  const res = await fetch(`${j.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  assert.equal(res.status, 200, await res.text());
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sunland_session='));
  assert.ok(cookie);
  return cookie.split(';')[0]!;
}

async function api(cookie: string, method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(`${j.server.url}${url}`, { method, headers: { cookie, 'content-type': 'application/json', origin: j.server.url }, body: JSON.stringify(body ?? {}) });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text);
}

describe('random selection of agencies (中介机构随机抽取)', () => {
  it('registry entry → draw for a 地质灾害危险性评估 project → public result with inputs → the offline verifier agrees with the download', async () => {
    // The registry page: three agencies registered through the dialog; one is then suspended.
    const staff = await j.staffLogin('leader', { width: 1440 });
    await staff.getByRole('menuitem', { name: '中介机构名录' }).click();
    await staff.getByTestId('agency-add').waitFor();
    const names = ['贵州省地质环境监测院', '遵义地灾评估有限公司', '黔北工程勘察设计院', '播州工程咨询所'];
    for (const [i, name] of names.entries()) {
      await staff.getByTestId('agency-add').click();
      const dlg = staff.getByRole('dialog', { name: '登记中介机构' });
      await dlg.getByLabel('统一社会信用代码').fill(`91520300MA6E${String(i).padStart(6, '0')}`);
      await dlg.getByLabel('机构名称').fill(name);
      await dlg.getByLabel('服务类型').click();
      await staff.locator('.ant-select-dropdown:visible').getByTitle('地质灾害危险性评估').click();
      await staff.keyboard.press('Escape');
      await dlg.getByLabel('资质', { exact: true }).fill('地质灾害危险性评估甲级');
      await dlg.getByLabel('资质有效期至').fill('2030-12-31');
      await staff.getByTestId('agency-save').click();
      await dlg.waitFor({ state: 'hidden' });
      await staff.getByRole('cell', { name: new RegExp(name) }).waitFor();
    }
    const last = staff.getByRole('row', { name: new RegExp(names[3]!) });
    await last.locator('[data-testid^=agency-status-edit-]').click();
    const sdlg = staff.getByRole('dialog', { name: /变更状态/ });
    await sdlg.getByLabel('状态').click();
    await staff.locator('.ant-select-dropdown:visible').getByTitle('暂停').click();
    await sdlg.getByLabel('原因').fill('整改期间');
    await staff.getByTestId('agency-save').click();
    await sdlg.waitFor({ state: 'hidden' });
    await last.getByText('整改期间').waitFor();
    await staff.screenshot({ path: path.join(RESULTS, 'selection-agencies-1440.png'), fullPage: true });
    await staff.setViewportSize({ width: 390, height: 844 });
    await staff.screenshot({ path: path.join(RESULTS, 'selection-agencies-390.png'), fullPage: true });
    await staff.setViewportSize({ width: 1440, height: 900 });

    // The draws page: project → pool preview (the suspended one left out) → freeze → draw with the owner's number.
    await staff.getByRole('menuitem', { name: '随机抽取' }).click();
    await staff.getByTestId('draw-new').click();
    const ndlg = staff.getByRole('dialog', { name: '创建随机抽取' });
    await ndlg.getByLabel('项目名称').fill('三岔镇滑坡隐患点治理工程');
    await ndlg.getByLabel('项目业主').fill('遵义市播州区城投公司');
    await ndlg.getByLabel('服务类型').click();
    await staff.locator('.ant-select-dropdown:visible').getByTitle('地质灾害危险性评估').click();
    await staff.getByTestId('draw-preview').click();
    const preview = staff.getByTestId('draw-pool-preview');
    await preview.getByText('候选库（3 家）').waitFor();
    await preview.getByText(`${names[3]}：暂停：整改期间`).waitFor();
    await staff.screenshot({ path: path.join(RESULTS, 'selection-draw-preview-1440.png') });
    await staff.getByTestId('draw-freeze').click();
    const drawer = staff.locator('.ant-drawer-body');
    await drawer.getByTestId('draw-status').filter({ hasText: '已冻结候选库' }).waitFor();
    const drawNo = (await staff.locator('.ant-drawer-title').textContent())!;
    await drawer.getByLabel('业主随机数（可选）').fill('8848');
    await staff.getByTestId('draw-run').click();
    await drawer.getByTestId('draw-status').filter({ hasText: '已抽取，待确认' }).waitFor();
    const drawn = await (await fetch(`${j.server.url}/api/public/selection/draws/${drawNo}`)).json() as any;
    const firstName = drawn.pool.find((a: { agencyId: number }) => a.agencyId === drawn.order[0]).name;
    assert.equal(await drawer.getByTestId('draw-staff-selected').textContent(), firstName);
    // The first one declines (reason logged), the next one confirms.
    await drawer.getByLabel('放弃原因').fill('人员不足，无法承接');
    await staff.getByTestId('draw-decline').click();
    const nextName = drawn.pool.find((a: { agencyId: number }) => a.agencyId === drawn.order[1]).name;
    await drawer.getByTestId('draw-staff-selected').filter({ hasText: nextName }).waitFor();
    await staff.getByTestId('draw-confirm').click();
    await drawer.getByTestId('draw-status').filter({ hasText: '已确认' }).waitFor();
    await drawer.getByText(/放弃，依次递补.*人员不足，无法承接/).waitFor();
    await staff.screenshot({ path: path.join(RESULTS, 'selection-draw-staff-1440.png') });
    await staff.setViewportSize({ width: 390, height: 844 });
    await staff.screenshot({ path: path.join(RESULTS, 'selection-draw-staff-390.png'), fullPage: true });
    const frozen = { drawNo };
    drawn.selectedAgencyId = drawn.order[1];

    for (const width of [1440, 390]) {
      const page = await j.newPage({ width });
      await page.goto(`/draws/${frozen.drawNo}`);
      await page.getByRole('heading', { name: '中介机构随机抽取结果公示' }).waitFor();
      const selectedName = drawn.pool.find((a: { agencyId: number }) => a.agencyId === drawn.selectedAgencyId).name;
      assert.equal(await page.getByTestId('draw-selected').textContent(), selectedName);
      assert.equal(await page.getByTestId('draw-seed').textContent(), drawn.seed);
      assert.equal(await page.getByTestId('draw-secret').textContent(), drawn.secret);
      await page.getByText('8848').waitFor();
      fs.mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS, `selection-result-${width}.png`), fullPage: true });
      if (width !== 1440) continue;
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('draw-download').click()]);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-e2e-draw-')), `${frozen.drawNo}.json`);
      await download.saveAs(file);
      const out = await new Promise<string>((resolve, reject) => execFile(process.execPath, ['tools/verify.ts', 'draw', file], { cwd: ROOT, encoding: 'utf8' }, (e, so, se) => (e ? reject(new Error(se)) : resolve(so))));
      assert.match(out, new RegExp(`^OK draw ${frozen.drawNo}: seed ${drawn.seed}, .*first drawn agency ${drawn.order[0]}`));
    }

    // The result entry came after the draw's checkpoint: a new checkpoint covers it.
    await api(await login('supervisor'), 'POST', '/api/transparency/checkpoints');
    const log = await j.newPage({ width: 1440 });
    await log.goto('/transparency');
    await log.getByRole('heading', { level: 2, name: '阳光日志' }).waitFor();
    await log.getByRole('spinbutton', { name: '条目序号' }).fill(String(drawn.resultEntryIdx));
    await log.getByTestId('log-find').click();
    await log.getByTestId('log-entry').getByText('selection.draw.result', { exact: true }).waitFor();
    assert.match(await log.getByTestId('log-entry').textContent() ?? '', new RegExp(drawn.seed));
    // The inclusion proof is checked in the page against the signed checkpoint (Web Crypto).
    await log.getByTestId('proof-verdict').filter({ hasText: `已在本浏览器中核验：条目 #${drawn.resultEntryIdx} 包含在签名检查点` }).waitFor();
    await log.screenshot({ path: path.join(RESULTS, 'selection-log-1440.png'), fullPage: true });
  });
});
