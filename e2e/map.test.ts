/**
 * The one map in the browser (real server, demo data of the test template): a window clerk opens
 * 一张图, the parcels arrive as vector tiles, a parcel is found by its code and identified by a
 * click on the map, a red line is drawn around it, and the overlay analysis lists the parcels
 * under it with their areas. The public map shows public layers without a login.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../server/test/harness.ts';
import { RESULTS as results, useJourney } from './journey.ts';

const j = useJourney('map');
const newPage = () => j.newPage({ width: 1440, timeoutMs: 20_000 });

/** Resolves with the first 200 tile of `layer` that carries features. */
function nonEmptyTile(page: Page, layer: string): Promise<Response> {
  return page.waitForResponse(async (r) => {
    if (!new URL(r.url()).pathname.startsWith(`/tiles/${layer}/`) || r.status() !== 200) return false;
    return (await r.body()).byteLength > 0;
  });
}

describe('one map (一张图)', () => {
  it('a window clerk sees the parcels, identifies one by clicking, draws a red line and runs the overlay', async () => {
    const { rows: [parcel] } = await sql<{ code: string; id: number }>`
      select f.code, f.id from map.features f join map.layers l on l.id = f.layer_id
      where l.code = 'parcels' and f.code is not null order by f.id offset 500 limit 1`.execute(j.server.testDb.owner);
    assert.ok(parcel, 'the test template has demo parcels');

    const page = await newPage();
    try {
      await clerkJourney(page, parcel);
    } catch (e) {
      fs.mkdirSync(results, { recursive: true });
      await page.screenshot({ path: path.join(results, 'map-failure.png') });
      throw e;
    }
    await page.context().close();
  });

  async function clerkJourney(page: Page, parcel: { code: string }) {
    await page.goto('/login');
    await page.getByLabel('用户名').fill('window');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL('**/app');

    // The map page from the menu; the parcels layer is drawn from vector tiles.
    const tile = nonEmptyTile(page, 'parcels');
    await page.getByTestId('side-menu').getByText('地图与叠加分析').click();
    await page.waitForURL('**/app/map');
    const first = await tile;
    assert.equal(first.headers()['content-type'], 'application/vnd.mapbox-vector-tile');
    await page.getByTestId('layer-parcels').getByText('宗地').waitFor();

    // Find the parcel by its code: the map zooms to it and its attributes open.
    await page.getByTestId('map-search').locator('input').fill(parcel.code);
    await page.getByTestId('map-search').locator('input').press('Enter');
    await page.getByTestId('search-hit').first().click();
    await page.getByTestId('identify-panel').getByText(parcel.code).first().waitFor();
    await page.getByRole('button', { name: '关闭' }).click();
    await page.getByTestId('identify-panel').waitFor({ state: 'detached' });

    // Identify by clicking the middle of the map, where the parcel now lies (tiles of the new zoom may still be arriving).
    const box = (await page.getByTestId('map-canvas').boundingBox())!;
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    for (let i = 0; ; i++) {
      await page.mouse.click(cx, cy);
      const shown = await page.getByTestId('identify-panel').waitFor({ timeout: 2_000 }).then(() => true, () => false);
      if (shown) break;
      assert.ok(i < 10, 'a click on the map identifies the parcel');
    }
    const panel = page.getByTestId('identify-panel');
    await panel.getByText(parcel.code).first().waitFor();
    await panel.getByText('变更历史').waitFor();
    await panel.getByText('新增').waitFor();

    // Draw a red line around the parcel (the map is wide again once the panel is closed): four
    // corners, then back to the first to close it.
    await page.getByRole('button', { name: '关闭' }).click();
    await page.getByTestId('identify-panel').waitFor({ state: 'detached' });
    await page.getByTestId('tool-redline').click();
    const wide = (await page.getByTestId('map-canvas').boundingBox())!;
    assert.equal(wide.width, box.width, 'the map is as wide as when the parcel was centred');
    const d = 120;
    const corners: [number, number][] = [[cx - d, cy - d], [cx + d, cy - d], [cx + d, cy + d], [cx - d, cy + d], [cx - d, cy - d]];
    for (const [x, y] of corners) {
      await page.mouse.click(x, y);
      await page.waitForTimeout(150); // let OpenLayers tell a click from a double-click
    }
    const area = page.getByTestId('redline-area');
    await area.waitFor();
    assert.match((await area.textContent())!, /红线面积（椭球）: [\d.]+ 平方米（[\d.]+ 公顷，[\d.]+ 亩）/);

    // The overlay: a results table with the parcels and their areas.
    await page.getByTestId('run-overlay').click();
    const result = page.getByTestId('overlay-result');
    await result.waitFor();
    await result.getByText('涉及宗地').waitFor();
    const parcelsTable = page.getByTestId('overlay-parcels');
    await parcelsTable.getByText(parcel.code).waitFor();
    const rows = parcelsTable.locator('tbody tr.ant-table-row');
    assert.ok(await rows.count() >= 1);
    const cells = await rows.first().locator('td').allTextContents();
    assert.ok(cells.some((c) => /^\d+\.\d{2}$/.test(c) && Number(c) > 0), `an area in m² in ${JSON.stringify(cells)}`);
    await result.getByText(/共 \d+ 宗，压占 [\d.]+ 公顷/).waitFor();
    await result.getByText('规划符合性').waitFor();

    fs.mkdirSync(results, { recursive: true });
    await page.screenshot({ path: path.join(results, 'map-overlay.png') });

    // The report as a PDF, and the red line as the 部 coordinate file.
    const pdf = page.waitForEvent('download');
    await page.getByRole('button', { name: '分析报告 PDF' }).click();
    const pdfBytes = fs.readFileSync((await (await pdf).path())!);
    assert.equal(pdfBytes.subarray(0, 5).toString(), '%PDF-');
    const txt = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出红线' }).hover();
    await page.getByText('红线坐标文件（部标准）').click();
    const text = fs.readFileSync((await (await txt).path())!, 'utf8');
    assert.match(text, /\[地块坐标\]/);
    assert.match(text, /坐标系=2000国家大地坐标系/);
  }

  it('the public map shows public layers without a login and no internal layer, and measures a length', async () => {
    const page = await newPage();
    const requested = new Set<string>();
    page.on('request', (r) => {
      const m = /^\/tiles\/([a-z0-9_]+)\//.exec(new URL(r.url()).pathname);
      if (m) requested.add(m[1]!);
    });
    const tile = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/tiles/') && r.status() === 200);
    await page.goto('/map');
    await page.getByTestId('layer-tree').waitFor();
    await tile;
    assert.equal(await page.getByTestId('layer-parcels').count(), 0, 'parcels are an internal layer');
    assert.equal(await page.getByTestId('run-overlay').count(), 0);
    assert.ok(requested.size > 0 && !requested.has('parcels'), `tiles requested: ${[...requested].join(', ')}`);
    // The public is told what it sees, not the name of a server setting.
    assert.equal(await page.getByText('MAP_BASEMAP_URL').count(), 0);
    await page.getByText('仅显示矢量图层（未加载底图）').waitFor();

    // Measure a length (geodesic on CGCS2000, computed in the page): a line twice as long on the
    // screen measures twice as long, and the figure is shown in metres.
    await page.getByTestId('tool-length').click();
    const box = (await page.getByTestId('map-canvas').boundingBox())!;
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    const shown = page.getByTestId('measure-result');
    const measureLine = async (px: number): Promise<number> => {
      const before = (await shown.count()) ? await shown.textContent() : '';
      await page.mouse.click(cx - px / 2, cy);
      await page.waitForTimeout(300); // a click, not the first half of a double-click
      await page.mouse.dblclick(cx + px / 2, cy);
      await page.waitForFunction((was) => {
        const el = document.querySelector('[data-testid="measure-result"]');
        return el !== null && el.textContent !== was;
      }, before);
      const text = (await shown.textContent())!;
      const m = /^长度（椭球）: ([\d.]+) 米$/.exec(text);
      assert.ok(m, `measure result: ${text}`);
      return Number(m[1]);
    };
    const short = await measureLine(100);
    const long = await measureLine(200);
    assert.ok(short > 0, `${short} m`);
    assert.ok(Math.abs(long / short - 2) < 0.02, `200 px ${long} m against 100 px ${short} m`);
    await page.context().close();
  });
});
