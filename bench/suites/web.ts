/**
 * The public pages on a township link (issue 10): Chromium with DevTools network emulation
 * (200 ms latency, 1 Mbps down and up, cold cache) opens the portal home and the tip-off form
 * (/report) of the real app and measures when each is usable, and the JavaScript bytes that
 * crossed the wire (compressed size). Budget: usable in under 5 s, the home's JavaScript under
 * 300 KB; a figure above its budget prints a FAIL line and makes `npm run bench` exit non-zero.
 *
 * BENCH_WEB_RUNS (default 3) loads each page that many times in fresh contexts; the median counts.
 */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.ts';
import type { SuiteContext } from '../suite.ts';

export const TOWNSHIP_LINK = { latency: 200, downloadThroughput: 1_000_000 / 8, uploadThroughput: 1_000_000 / 8 };
const BUDGET_MS = 5000;
const BUDGET_HOME_JS_BYTES = 300 * 1024;
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 3);

interface PageLoad { ms: number; jsBytes: number; jsFiles: number; totalBytes: number; requests: number }

/** One cold load of `url` on the emulated link; `usable` is the selector that says the page can be used. */
async function coldLoad(browser: Browser, url: string, usable: string, cookie: string | null = null): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  try {
    if (cookie) {
      const [name, ...value] = cookie.split('=');
      await context.addCookies([{ name: name!, value: value.join('='), url: new URL(url).origin }]);
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...TOWNSHIP_LINK });
    const types = new Map<string, string>();
    let jsBytes = 0;
    let jsFiles = 0;
    let totalBytes = 0;
    let requests = 0;
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
    cdp.on('Network.loadingFinished', (e) => {
      requests++;
      totalBytes += e.encodedDataLength;
      if (types.get(e.requestId) === 'Script') {
        jsBytes += e.encodedDataLength;
        jsFiles++;
      }
    });
    const start = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator(usable).first().waitFor({ state: 'visible', timeout: 120_000 });
    const ms = Date.now() - start;
    // Let late script requests (lazy chunks the page asked for) finish before counting bytes.
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => {});
    return { ms, jsBytes, jsFiles, totalBytes, requests };
  } finally {
    await context.close();
  }
}

/** A session cookie (name=value) of a demo staff account. */
async function staffCookie(appUrl: string, username: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Sunland@2026' }) });
  const c = res.headers.getSetCookie().find((x) => x.startsWith('sunland_session='));
  if (!res.ok || !c) throw new Error(`bench web: login ${username}: ${res.status}`);
  return c.split(';')[0]!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(ctx: SuiteContext): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const failures: string[] = [];
  try {
    const pages = [
      // `/` is the server-rendered home (server/src/public-home.ts): usable when its entry points show.
      { figure: 'portal_home', path: '/', usable: 'main [data-testid=feature-reports]', jsBudget: BUDGET_HOME_JS_BYTES },
      { figure: 'tipoff_form', path: '/report', usable: '[data-testid=submit-report]', jsBudget: null },
      // A staff form on the same link: the township clerk's patrol form, signed in (the workbench frame loads too).
      { figure: 'township_patrol_form', path: '/app/township-patrol', usable: '[data-testid=entry-report]', jsBudget: null, login: 'township' },
    ];
    for (const p of pages) {
      const runs: PageLoad[] = [];
      const cookie = 'login' in p && p.login ? await staffCookie(ctx.info.appUrl, p.login) : null;
      for (let i = 0; i < RUNS; i++) runs.push(await coldLoad(browser, `${ctx.info.appUrl}${p.path}`, p.usable, cookie));
      const ms = median(runs.map((r) => r.ms));
      const last = runs.at(-1)!;
      const overTime = ms > BUDGET_MS;
      const overJs = p.jsBudget !== null && last.jsBytes > p.jsBudget;
      ctx.emit({
        bench: `web.township.${p.figure}`, page: p.path, link: '200 ms, 1 Mbps, cold cache',
        usableMs: ms, runsMs: runs.map((r) => r.ms), budgetMs: BUDGET_MS,
        jsBytes: last.jsBytes, jsFiles: last.jsFiles, ...(p.jsBudget !== null ? { jsBudgetBytes: p.jsBudget } : {}),
        totalBytes: last.totalBytes, requests: last.requests, pass: !overTime && !overJs,
      });
      if (overTime) failures.push(`${p.path} usable after ${ms} ms > ${BUDGET_MS} ms`);
      if (overJs) failures.push(`${p.path} loads ${last.jsBytes} bytes of JavaScript > ${p.jsBudget}`);
    }
  } finally {
    await browser.close();
  }
  if (failures.length) {
    for (const f of failures) process.stdout.write(`FAIL web.township: ${f}\n`);
    throw new Error(`township-link budget exceeded: ${failures.join('; ')}`);
  }
}
