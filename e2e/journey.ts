/**
 * What every browser-journey file needs: the real server (e2e/server.ts) and the system
 * Chromium, started before the file's tests and stopped after them — with a clean shutdown
 * asserted and, when a test of the file failed, a screenshot of every page still open, so the
 * failed step can be seen in test-results/ (E2E_SCREENSHOTS=always: after every file).
 */
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import * as OTPAuth from 'otpauth';
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/chromium.ts';
import { DEMO_PASSWORD } from '../server/test/harness.ts';
import { DEMO_TOTP_SECRETS } from '../server/src/platform/identity/identity.seed.ts';
import { startServer, type RunningServer } from './server.ts';

/** The zone every journey's browser runs in: the users' (中国标准时间). */
export const USERS_TIME_ZONE = 'Asia/Shanghai';
import { AxeWatch, formatFindings } from './axe.ts';

export const RESULTS = path.resolve(import.meta.dirname, '../test-results');

export interface Journey {
  /** Set once the file's `before` hook has run. */
  readonly server: RunningServer;
  readonly browser: Browser;
  /** A fresh browser context (zh-CN unless told) on the server. */
  newPage(opts?: { width?: number; height?: number; locale?: string; timeoutMs?: number }): Promise<Page>;
  /** A new page logged in as a staff member (with the TOTP step for demo administrators), on the workbench. */
  staffLogin(username: string, opts?: { password?: string; width?: number; timeoutMs?: number }): Promise<Page>;
  /**
   * Audits the page with axe-core as it is now (e.g. with a dialog open). Pages are audited on
   * every navigation and at the end of each test anyway; a test fails on what axe finds.
   */
  audit(page: Page): Promise<void>;
}

/** Registers the hooks; call at the top level of a test file. */
export function useJourney(name: string, opts: { env?: Record<string, string>; setup?: (server: RunningServer) => Promise<void> } = {}): Journey {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];
  const axe = new AxeWatch();
  const j: Journey = {
    get server() {
      if (!server) throw new Error('the server starts in before()');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser starts in before()');
      return browser;
    },
    async newPage({ width = 1366, height = 900, locale = 'zh-CN', timeoutMs = 15_000 } = {}) {
      // The users' clock: China Standard Time, whatever the machine's zone (a date shown in the browser
      // must be the date the server counted in, also between 00:00 and 08:00 Beijing time).
      const context = await j.browser.newContext({ baseURL: j.server.url, viewport: { width, height }, locale, timezoneId: USERS_TIME_ZONE, acceptDownloads: true });
      const page = await context.newPage();
      page.setDefaultTimeout(timeoutMs);
      pages.push(page);
      axe.watch(page);
      return page;
    },
    async staffLogin(username, { password = DEMO_PASSWORD, ...pageOpts } = {}) {
      const page = await j.newPage(pageOpts);
      await page.goto('/login');
      await fillLogin(page, username, password);
      const secret = DEMO_TOTP_SECRETS[username];
      if (secret) {
        await page.getByRole('heading', { name: '动态口令验证' }).waitFor();
        await page.getByLabel('动态口令').fill(totpNow(secret));
        await page.locator('button[type=submit]').click();
      }
      await page.waitForURL('**/app');
      return page;
    },
    audit: (page) => axe.audit(page),
  };
  // A test (or its accessibility check) failed: the open pages are kept as screenshots.
  let failed = false;
  before(async () => {
    const t0 = Date.now();
    // The server and Chromium start side by side (the server waits on PostgreSQL meanwhile).
    const launched = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    launched.catch(() => undefined);
    try {
      server = await startServer(opts.env);
    } finally {
      browser = await launched;
    }
    const t1 = Date.now();
    await opts.setup?.(server);
    timing(`${name} before: server and chromium ${t1 - t0} ms, setup ${Date.now() - t1} ms`);
  });
  // axe-core: no critical or serious violation on any page the test visited (e2e/axe.ts).
  afterEach(async (t) => {
    // TestContext.passed (Node ≥ 21.7; not yet in @types/node): false when the test failed.
    if ((t as { passed?: boolean }).passed === false) failed = true;
    const t0 = Date.now();
    const findings = await axe.check(pages);
    timing(`${name} afterEach: axe check of ${axe.lastAudited} of ${pages.filter((p) => !p.isClosed()).length} open pages ${Date.now() - t0} ms`);
    if (findings.length) failed = true;
    assert.equal(findings.length, 0, `axe-core found accessibility violations:\n${formatFindings(findings)}`);
  });
  after(async () => {
    const t0 = Date.now();
    // Screenshots of the pages still open, to see a failed step: only when something failed
    // (a full-page screenshot of every page costs seconds per file), or always with E2E_SCREENSHOTS=always.
    if (failed || !server || !browser || process.env.E2E_SCREENSHOTS === 'always') {
      fs.mkdirSync(RESULTS, { recursive: true });
      for (const [i, p] of pages.entries()) {
        if (!p.isClosed()) await p.screenshot({ path: path.join(RESULTS, `${name}-last-${i}.png`), fullPage: true }).catch(() => undefined);
      }
    }
    const t1 = Date.now();
    await browser?.close();
    const t2 = Date.now();
    if (server) {
      const code = await server.stop();
      assert.equal(code, 0, `the server did not shut down cleanly:\n${server.output()}`);
    }
    timing(`${name} after: screenshots ${t1 - t0} ms, chromium close ${t2 - t1} ms, server stop ${Date.now() - t2} ms`);
  });
  return j;
}

/** `E2E_TIMING=1`: where a journey file's time goes (setup, axe checks, teardown), on stderr. */
function timing(line: string): void {
  if (process.env.E2E_TIMING) process.stderr.write(`# e2e-timing ${line}\n`);
}

/** Fills and submits the staff login form of the page. */
export async function fillLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.locator('button[type=submit]').click();
}

/**
 * Ticks a checkbox. A click that lands while the layout moves (a message or an alert appearing
 * above) can miss, which `check()` reports as "did not change its state": up to three tries,
 * and the box must be ticked in the end.
 */
export async function tick(box: Locator): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await box.check({ timeout: 5_000 });
      break;
    } catch (e) {
      if (i >= 2) throw e;
      await box.page().waitForTimeout(300);
    }
  }
  assert.ok(await box.isChecked(), 'the box is ticked');
}

/** The current TOTP code of a base32 secret (demo administrators). */
export function totpNow(secret: string): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
}
