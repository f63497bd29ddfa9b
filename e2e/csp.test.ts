/**
 * Issue 9, browser defences: the built web app runs under the server's Content-Security-Policy
 * with no violation, on the public pages and the workbench, at 1440 and 390 px; a foreign page
 * cannot frame it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS, useJourney } from './journey.ts';

const j = useJourney('csp');

/** Collects CSP violations (the DOM event and Chromium's console report) of a page. */
function watch(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

const PUBLIC = ['/', '/services', '/map', '/report', '/report/track', '/track', '/disclosure', '/verify', '/login'];
const STAFF = ['/app', '/app/map', '/app/approvals-cases', '/app/tipoffs', '/app/tipoffs-trends'];

describe('the web app under the Content-Security-Policy', () => {
  it('public pages and the workbench work with no CSP violation, at 1440 and 390 px', async () => {
    for (const width of [1440, 390]) {
      const page = await j.newPage({ width, height: 900, timeoutMs: 30_000 });
      const violations = watch(page);
      const first = await page.goto('/');
      const csp = first?.headers()['content-security-policy'] ?? '';
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.equal(first?.headers()['x-frame-options'], 'DENY');
      for (const url of PUBLIC) {
        await page.goto(url);
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: path.join(RESULTS, `csp-${width}${url.replaceAll('/', '_') || '_'}.png`) });
        // `/` is server-rendered (no #root): its <main> holds the content.
        // /services and /disclosure are server-rendered too (the portal's layout); /map is a shell around #root.
        assert.ok(await page.locator(['/', '/services', '/disclosure'].includes(url) ? 'main' : '#root').evaluate((el) => el.textContent!.trim().length > 0), `${url} rendered`);
      }
      assert.deepEqual(violations, [], `CSP violations on public pages at ${width}px`);
    }
    for (const width of [1440, 390]) {
      const page = await j.staffLogin('reviewer', { width, timeoutMs: 30_000 });
      const violations = watch(page);
      for (const url of STAFF) {
        await page.goto(url);
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: path.join(RESULTS, `csp-${width}-staff${url.replaceAll('/', '_')}.png`) });
      }
      assert.deepEqual(violations, [], `CSP violations on the workbench at ${width}px`);
    }
  });

  it('a foreign page cannot frame the app', async () => {
    const page = await j.newPage();
    let framed = false;
    page.on('console', () => undefined);
    await page.route('https://attacker.example/', (route) => route.fulfill({
      contentType: 'text/html', body: `<iframe id="f" src="${j.server.url}/login"></iframe>`,
    }));
    await page.goto('https://attacker.example/');
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f.url().startsWith(j.server.url));
    if (frame) framed = await frame.evaluate(() => document.body?.innerText.includes('登录') ?? false).catch(() => false);
    assert.equal(framed, false, 'the login page rendered inside a foreign frame');
  });
});
