/**
 * The public pages as a citizen finds them, at 1440 and 390 px: one header with the way back to
 * the portal and to every public page (the map included), feature cards that lead somewhere, a
 * header that stays one line on a phone; the tip-off place map with division boundaries that
 * zooms to the chosen township and warns about a point outside it; and the overlay result panel
 * beside (or under) a map that keeps its room and shows the whole red line.
 * Screenshots of each page land in test-results/ (and /tmp when SCREENSHOT_DIR says so).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS, useJourney } from './journey.ts';

const j = useJourney('public-pages');
const SHOTS = process.env.SCREENSHOT_DIR ?? RESULTS;

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `public-pages-${name}.png`), fullPage: true });
}

const num = (s: string | null) => (s ?? '').split(',').filter(Boolean).map(Number);

describe('public navigation', () => {
  it('every public page has the portal header: home, the services, the report form, results and the map', async () => {
    const page = await j.newPage({ width: 1440 });
    for (const p of ['/report']) {
      await page.goto(p);
      const header = page.getByTestId('public-header');
      await header.waitFor();
      const nav = header.getByRole('navigation');
      for (const [name, href] of [['首页', '/'], ['违法举报', '/report'], ['结果公示', '/disclosure'], ['公众一张图', '/map']] as const) {
        assert.equal(await nav.getByRole('link', { name, exact: true }).getAttribute('href'), href, `${p}: ${name}`);
      }
      assert.equal(await nav.locator('[aria-current=page]').count(), 1, `${p}: the current page is marked`);
      await shot(page, `${p.slice(1)}-1440`);
    }
    // The app's header leads to the server's guide (a full page load into the portal's layout, not the app's route).
    await page.getByTestId('public-header').getByRole('navigation').getByRole('link', { name: '办事服务', exact: true }).click();
    await page.locator('nav.mainnav').waitFor();
    assert.equal(new URL(page.url()).pathname, '/services');
    // /map, /disclosure and /services are server-rendered in the portal's layout (issue 18): its main navigation.
    for (const p of ['/map', '/disclosure', '/services']) {
      await page.goto(p);
      const nav = page.locator('nav.mainnav');
      for (const [name, href] of [['办事指南', '/services'], ['结果公示', '/disclosure'], ['公众一张图', '/map']] as const) {
        assert.equal(await nav.getByRole('link', { name, exact: true }).getAttribute('href'), href, `${p}: ${name}`);
      }
      assert.equal(await nav.locator('[aria-current=page]').getAttribute('href'), p, `${p}: the current page is marked`);
      if (p === '/map') {
        await page.getByTestId('map-legend').waitFor();
        await page.getByTestId('map-canvas').waitFor(); // the web app's map, mounted in the shell
        assert.equal(await page.getByTestId('public-header').count(), 0, 'one header: the shell\'s');
      }
      await shot(page, `${p.slice(1)}-1440`);
    }
    // The way back to the platform's home.
    await page.getByRole('link', { name: '网上办事', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await shot(page, 'home-1440');

    // The feature cards lead to their pages.
    for (const [card, to] of [['feature-map', '/map'], ['feature-reports', '/report'], ['feature-disclosure', '/disclosure'], ['feature-approvals', '/services']] as const) {
      await page.goto('/');
      await page.getByTestId(card).click();
      await page.waitForURL((u) => u.pathname === to);
    }
    await page.context().close();
  });

  it('in English the links fit the header from 992 px on', async () => {
    for (const width of [1000, 1440]) {
      const page = await j.newPage({ width });
      await page.goto('/report');
      await page.getByTestId('public-header').getByText('English', { exact: true }).click();
      const nav = page.getByTestId('public-header').getByRole('navigation');
      await nav.getByRole('link', { name: 'Public map' }).waitFor();
      const clipped = await nav.evaluate((el) => el.scrollWidth - el.clientWidth);
      assert.ok(clipped <= 1, `${width} px: ${clipped} px of links cut off`);
      await shot(page, `report-en-${width}`);
      await page.context().close();
    }
  });

  it('the public map shell: the map\'s own controls speak the page\'s language (?lang=), not the stored one', async () => {
    const page = await j.newPage({ width: 1440 });
    const controls = async () => {
      await page.locator('.ol-zoom-in').waitFor();
      return { zoomIn: await page.locator('.ol-zoom-in').getAttribute('title'), zoomOut: await page.locator('.ol-zoom-out').getAttribute('title'), tools: (await page.getByTestId('map-tools').innerText()).replace(/\s+/g, ' ').trim() };
    };
    await page.goto('/map?lang=en-US');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en-US');
    assert.deepEqual(await controls(), { zoomIn: 'Zoom in', zoomOut: 'Zoom out', tools: 'Identify Length Area' });
    await page.goto('/map?lang=zh-CN');
    assert.deepEqual(await controls(), { zoomIn: '放大', zoomOut: '缩小', tools: '识别 测距 测面积' });
    await page.context().close();
  });

  it('at 390 px the header is one line with a menu, and no page scrolls sideways', async () => {
    const page = await j.newPage({ width: 390, height: 844 });
    // The home `/` is server-rendered (its own header, no menu drawer): it must not scroll sideways either.
    await page.goto('/');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), '/: scrolls sideways');
    await shot(page, 'home-390');
    for (const p of ['/map', '/disclosure', '/services']) { // server-rendered: no sideways scroll (wide tables scroll in their own region)
      await page.goto(p);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${p}: scrolls ${overflow} px sideways`);
      await shot(page, `${p.slice(1)}-390`);
    }
    for (const p of ['/report']) {
      await page.goto(p);
      const header = page.getByTestId('public-header');
      await header.waitFor();
      const h = (await header.boundingBox())!;
      assert.ok(h.height <= 72, `${p}: header ${h.height} px high`);
      const brand = (await header.getByText('阳光国土', { exact: true }).boundingBox())!;
      // One character per line would be about 20 px wide and four lines high.
      assert.ok(brand.width > 60 && brand.height <= h.height, `${p}: the brand on one line (${brand.width}×${brand.height})`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${p}: scrolls ${overflow} px sideways`);
      await shot(page, `${p.slice(1) || 'home'}-390`);
    }
    await page.goto('/report');
    await page.getByTestId('public-menu').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('link', { name: '公众一张图' }).click();
    await page.waitForURL((u) => u.pathname === '/map');
    await page.context().close();
  });
});

describe('the place of a tip-off on the map', () => {
  it('shows the division boundaries with names, zooms to 三岔镇 when chosen, and warns of a point outside it', async () => {
    const page = await j.newPage({ width: 1440 });
    await page.goto('/report');
    const picker = page.getByTestId('map-point-picker');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=map-point-picker]')?.getAttribute('data-boundaries')) >= 25);
    await page.getByTestId('boundaries-synthetic').waitFor();
    await page.getByLabel('发生地（行政区划）').click();
    for (const name of ['贵州省', '遵义市', '播州区', '三岔镇']) {
      await page.locator('.ant-cascader-menu-item').filter({ hasText: new RegExp(`^${name}$`) }).click();
    }
    await page.locator('[data-testid=map-point-picker][data-fitted="520304102"]').waitFor();
    await picker.scrollIntoViewIfNeeded();
    await shot(page, 'report-map-1440');

    // A point in the middle of the zoomed view is in 三岔镇; one typed in far from it is not.
    const lon = page.locator('[data-testid=point-lon] input, input[data-testid=point-lon]').first();
    const lat = page.locator('[data-testid=point-lat] input, input[data-testid=point-lat]').first();
    const box = (await picker.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => (document.querySelector('[data-testid=point-lon] input, input[data-testid=point-lon]') as HTMLInputElement | null)?.value !== '');
    assert.equal(await page.getByTestId('point-outside').count(), 0, 'the middle of 三岔镇 is in 三岔镇');
    await lon.fill('106.5');
    await lat.fill('27.3');
    await lat.blur();
    await page.getByTestId('point-outside').getByText('所选位置不在“三岔镇”范围内').waitFor();

    // A county without boundary data says so instead of pretending.
    await page.getByLabel('发生地（行政区划）').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: /^汇川区$/ }).click();
    await page.getByTestId('division-no-boundary').waitFor();
    await page.context().close();

    const phone = await j.newPage({ width: 390, height: 844 });
    await phone.goto('/report');
    await phone.waitForFunction(() => Number(document.querySelector('[data-testid=map-point-picker]')?.getAttribute('data-boundaries')) >= 25);
    await phone.getByTestId('map-point-picker').scrollIntoViewIfNeeded();
    await shot(phone, 'report-map-390');
    await phone.context().close();
  });
});

describe('the overlay result beside the map', () => {
  async function drawAndOverlay(page: Page): Promise<void> {
    await page.goto('/app/map');
    await page.getByTestId('map-workspace').waitFor();
    await page.locator('[data-testid=map-canvas][data-view-extent]').waitFor();
    await page.getByTestId('tool-redline').click();
    const box = (await page.getByTestId('map-canvas').boundingBox())!;
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2, d = Math.min(100, box.width / 4);
    for (const [x, y] of [[cx - d, cy - d], [cx + d, cy - d], [cx + d, cy + d], [cx - d, cy + d], [cx - d, cy - d]] as const) {
      await page.mouse.click(x, y);
      await page.waitForTimeout(150);
    }
    await page.getByTestId('redline-area').waitFor();
    await page.getByTestId('run-overlay').click();
    await page.getByTestId('overlay-result').waitFor();
  }

  /** The red line lies inside the view and fills a good part of it. */
  async function assertFitted(page: Page): Promise<void> {
    const canvas = page.getByTestId('map-canvas');
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=map-canvas]') as HTMLElement | null;
      const v = (el?.dataset.viewExtent ?? '').split(',').map(Number), r = (el?.dataset.redlineExtent ?? '').split(',').map(Number);
      return v.length === 4 && r.length === 4 && r[0]! >= v[0]! && r[1]! >= v[1]! && r[2]! <= v[2]! && r[3]! <= v[3]!
        && (r[2]! - r[0]!) / (v[2]! - v[0]!) > 0.3;
    }, undefined, { timeout: 5_000 }).catch(() => undefined);
    const v = num(await canvas.getAttribute('data-view-extent')), r = num(await canvas.getAttribute('data-redline-extent'));
    assert.ok(r[0]! >= v[0]! && r[1]! >= v[1]! && r[2]! <= v[2]! && r[3]! <= v[3]!, `red line ${r} inside the view ${v}`);
    assert.ok((r[2]! - r[0]!) / (v[2]! - v[0]!) > 0.3 || (r[3]! - r[1]!) / (v[3]! - v[1]!) > 0.3, `the view is fitted to the red line ${r} (view ${v})`);
  }

  it('at 1440 px the map keeps its room, the toolbar is one row, and the view shows the red line', async () => {
    const page = await j.staffLogin('window', { width: 1440 });
    await drawAndOverlay(page);
    const map = (await page.getByTestId('map-canvas').boundingBox())!;
    const panel = (await page.getByTestId('map-panel').boundingBox())!;
    const bar = (await page.getByTestId('map-toolbar').boundingBox())!;
    assert.ok(map.width >= 560, `map ${map.width} px wide beside the result panel`);
    assert.ok(panel.x >= map.x + map.width, 'the panel is beside the map');
    assert.ok(bar.height <= 40, `toolbar ${bar.height} px high: one row`);
    await assertFitted(page);
    await shot(page, 'overlay-1440');
    // The layer tree is one click away.
    await page.getByTestId('layers-toggle').click();
    await page.getByTestId('layer-parcels').waitFor();
    await page.context().close();
  });

  it('at 390 px the result goes under the map', async () => {
    const page = await j.staffLogin('window', { width: 390 });
    await drawAndOverlay(page);
    assert.equal(await page.getByTestId('map-workspace').getAttribute('data-layout'), 'stacked');
    const map = (await page.getByTestId('map-canvas').boundingBox())!;
    const panel = (await page.getByTestId('map-panel').boundingBox())!;
    assert.ok(map.height >= 300, `map ${map.height} px high`);
    assert.ok(panel.y >= map.y + map.height, 'the panel is under the map');
    await assertFitted(page);
    await shot(page, 'overlay-390');
    await page.context().close();
  });
});
