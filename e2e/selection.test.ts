/**
 * 中介机构随机抽取 in the browser, on the real server: agencies are registered in the registry →
 * a draw for a 地质灾害危险性评估 project is frozen and drawn → the public result page shows the
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
    const leader = await login('leader');
    for (const [i, name] of ['贵州省地质环境监测院', '遵义地灾评估有限公司', '黔北工程勘察设计院'].entries()) {
      await api(leader, 'POST', '/api/selection/agencies', {
        code: `91520300MA6E${String(i).padStart(6, '0')}`, name, serviceTypes: ['geohazard_assessment'], qualification: '地质灾害危险性评估甲级', qualificationValidUntil: '2030-12-31',
      });
    }
    const frozen = await api(leader, 'POST', '/api/selection/draws', { projectName: '三岔镇滑坡隐患点治理工程', projectOwner: '遵义市播州区城投公司', serviceType: 'geohazard_assessment' });
    const drawn = await api(leader, 'POST', `/api/selection/draws/${frozen.drawNo}/draw`, { ownerNumber: '8848' });

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
      assert.match(out, new RegExp(`^OK draw ${frozen.drawNo}: seed ${drawn.seed}, .*first drawn agency ${drawn.selectedAgencyId}`));
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
    await log.screenshot({ path: path.join(RESULTS, 'selection-log-1440.png'), fullPage: true });
  });
});
