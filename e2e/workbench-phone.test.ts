/**
 * The staff workbench on a phone (issue 10): at 390 px wide every main page fits the screen (no
 * sideways scrolling of the page; wide tables scroll inside their card), and the side menu is a
 * drawer opened from the header. Screenshots at 390 and 1440 go to test-results/ (or SHOTS_DIR).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS, useJourney } from './journey.ts';

const j = useJourney('workbench-phone');
const SHOTS = process.env.SHOTS_DIR ?? RESULTS;

// The main workbench pages and a demo account that opens each.
const PAGES: [user: string, path: string][] = [
  ['window', 'approvals-window'],
  ['reviewer', 'approvals-review'],
  ['leader', 'approvals-decide'],
  ['supervisor', 'approvals-supervision'],
  ['hotline', 'tipoffs'],
  ['window', 'map'],
  // Two forms: one column on a phone.
  ['window', 'approvals-walk-in'],
  ['hotline', 'tipoffs-entry'],
  ['office', 'openness-letters'],
  ['leader', 'openness-review'],
  ['township', 'my-certificates'],
  ['township', 'township-patrol'],
];

async function settle(page: Page): Promise<void> {
  await page.getByTestId('page-heading').waitFor({ state: 'attached' });
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
  await page.waitForTimeout(400);
}

/** How far the page reaches beyond the window, in CSS pixels (0 = fits). */
const overflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

describe('workbench on a phone', () => {
  it('every main page fits 390 px, and the menu opens as a drawer', async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const wide: string[] = [];
    const pages = new Map<string, Page>();
    for (const [user, p] of PAGES) {
      let page = pages.get(user);
      if (!page) {
        page = await j.staffLogin(user, { width: 390 });
        await page.setViewportSize({ width: 390, height: 844 });
        pages.set(user, page);
      }
      await page.goto(`/app/${p}`);
      await settle(page);
      const over = await overflow(page);
      if (over > 0) wide.push(`${p} (${user}): ${over} px too wide`);
      await page.screenshot({ path: path.join(SHOTS, `phone-390-${p}.png`), fullPage: true });
    }
    assert.deepEqual(wide, [], 'pages wider than the phone');

    // The side menu is not on screen; the header's menu button opens it as a drawer and a choice closes it.
    const page = pages.get('window')!;
    await page.goto('/app');
    await settle(page);
    assert.equal(await overflow(page), 0, 'home fits');
    assert.equal(await page.getByTestId('side-menu').isVisible(), false, 'no side menu beside the page');
    await page.getByRole('button', { name: '打开菜单' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByTestId('side-menu').waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, 'phone-390-drawer.png') });
    await drawer.getByTestId('side-menu').getByText('窗口受理').click();
    await page.waitForURL('**/app/approvals-window');
    await drawer.waitFor({ state: 'hidden' });
    await settle(page);
    assert.equal(await overflow(page), 0);

    // At 1440 the menu sits beside the page, with no menu button.
    for (const [user, p] of PAGES) {
      const pg = pages.get(user)!;
      await pg.setViewportSize({ width: 1440, height: 900 });
      await pg.goto(`/app/${p}`);
      await settle(pg);
      assert.equal(await overflow(pg), 0, `${p} at 1440`);
      assert.equal(await pg.getByTestId('side-menu').isVisible(), true, `${p}: side menu at 1440`);
      assert.equal(await pg.getByRole('button', { name: '打开菜单' }).count(), 0);
      await pg.screenshot({ path: path.join(SHOTS, `desk-1440-${p}.png`) });
    }
  });
});
