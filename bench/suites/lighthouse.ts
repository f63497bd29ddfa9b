/**
 * Lighthouse (mobile preset: a mid-range phone, simulated slow 4G and 4× CPU slowdown) on the
 * public pages — portal home, /report, a service guide, tracking and the public map — on the
 * system Chromium (never a downloaded browser), started once by chrome-launcher. One JSON line
 * per page with the performance, accessibility, best-practices and SEO scores (0–100) and the
 * main timings, beside a bare static page (lang, title, description, viewport, one line of
 * text) served from this process and measured the same way in the same run: the ceiling.
 * Goals (issue 21): accessibility, best practices and SEO 100; performance ≥ 90.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.ts';
import { ensureWebBuilt } from '../../scripts/build-web.ts';
import type { SuiteContext } from '../suite.ts';

export const PAGES = ['/', '/report', '/services/520304-XK-0004', '/track', '/map'];

const BARE_PAGE = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
  + '<meta name="description" content="Baseline page"><title>Baseline</title></head><body><main><h1>Baseline</h1><p>阳光国土</p></main></body></html>';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

async function audit(port: number, url: string) {
  const r = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
  if (!r) throw new Error(`lighthouse returned nothing for ${url}`);
  const { categories, audits } = r.lhr;
  const score = (k: string) => (categories[k]?.score === null || categories[k]?.score === undefined ? null : Math.round(categories[k]!.score! * 100));
  const num = (k: string) => (typeof audits[k]?.numericValue === 'number' ? Math.round(audits[k]!.numericValue!) : null);
  // What kept a category below 100, by audit id (weighted audits that did not pass).
  const failing = (k: string) => (categories[k]?.auditRefs ?? []).filter((a) => a.weight > 0 && audits[a.id]?.score !== null && (audits[a.id]?.score ?? 1) < 1).map((a) => a.id);
  return {
    performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices'), seo: score('seo'),
    lcpMs: num('largest-contentful-paint'), tbtMs: num('total-blocking-time'), cls: audits['cumulative-layout-shift']?.numericValue ?? null,
    fcpMs: num('first-contentful-paint'), jsKb: Math.round((audits['total-byte-weight']?.numericValue ?? 0) / 1024),
    below100: { accessibility: failing('accessibility'), bestPractices: failing('best-practices'), seo: failing('seo') },
  };
}

export async function run(ctx: SuiteContext): Promise<void> {
  await ensureWebBuilt();
  const bare = http.createServer((req, res) => {
    if (req.url !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(BARE_PAGE);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_ARGS, logLevel: 'silent' });
  try {
    const base = await audit(chrome.port, bareUrl);
    ctx.emit({ bench: 'lighthouse.bare_page', preset: 'mobile', ...base, baseline: true });
    for (const p of PAGES) {
      const m = await audit(chrome.port, `${ctx.info.appUrl}${p}`);
      ctx.emit({ bench: 'lighthouse.public_page', page: p, preset: 'mobile', ...m, vsBarePerformance: base.performance ? +((m.performance ?? 0) / base.performance).toFixed(3) : null });
    }
  } finally {
    await chrome.kill();
    bare.close();
  }
}
