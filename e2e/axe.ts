/**
 * axe-core inside the browser journeys: every page a journey visits is audited (WCAG 2.2 A/AA
 * and axe's best practices) and a journey fails on a critical or serious violation, or on a
 * page without an `<h1>` or with skipped heading levels.
 *
 * axe is put into the page with `page.evaluate(source)` (the DevTools protocol), never with a
 * `<script>` tag: the app's Content-Security-Policy allows no inline script, and an evaluation
 * from the protocol is not subject to it.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets run: WCAG 2.0–2.2 levels A and AA, and axe's best practices (headings, landmarks). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/**
 * Rules below "serious" that still fail (issue 21: an h1 on every page, no skipped heading level)
 * — in the audits a test asks for (`j.audit(page)`, after the page is in place), not in the
 * automatic ones, which may catch a route between two pages (a journey clicking on at once).
 */
const ALSO_FAILING = new Set(['page-has-heading-one', 'heading-order']);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

export interface AxeFinding extends AxeViolation {
  /** The page's path when audited. */
  url: string;
}

/**
 * Nodes that are not ours to fix (antd 6 internals, open dropdowns), by rule:
 *  - Select keeps an empty accessibility list item `<div role="presentation" … aria-selected>`;
 *  - its 0 × 0 px listbox for screen readers has no name of its own (the combobox has one);
 *  - an open Cascader's input points `aria-owns` at a list it never renders, and its menus
 *    scroll without being focusable (they are driven by the arrow keys from the input).
 */
const NOT_OURS: Record<string, (n: AxeViolation['nodes'][number]) => boolean> = {
  'aria-allowed-attr': (n) => /^<div role="presentation" id="[^"]*_list_\d+" aria-selected="(true|false)"><\/div>$/.test(n.html),
  'aria-input-field-name': (n) => /^<div role="listbox" id="[^"]*_list" style="height: 0px; width: 0px; overflow: hidden;">/.test(n.html),
  'aria-valid-attr-value': (n) => /class="ant-select-input" role="combobox"/.test(n.html) && /aria-owns="[^"]*_list"/.test(n.summary),
  'scrollable-region-focusable': (n) => n.html.startsWith('<ul class="ant-cascader-menu" role="menu">'),
};

/** Whether a violation fails the journey. */
export const failing = (v: AxeViolation, strict = true): boolean => v.impact === 'critical' || v.impact === 'serious' || (strict && ALSO_FAILING.has(v.id));

/**
 * Runs axe on the page as it is now; every violation, failing or not — or null when the page
 * moved to another path or changed its look while axe ran (a half-rendered state; audited again).
 */
export async function axeAudit(page: Page): Promise<AxeViolation[] | null> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const path = location.pathname;
    const heading = document.querySelector('h1');
    const axe = (window as unknown as { axe: { run(ctx: Document | object, o: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; helpUrl: string; nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }> }> }> } }).axe;
    // iframes: false — the frames are third-party viewers (PDF previews), and axe would wait for them.
    // Colours are measured in their end state: a button fading out of its disabled or loading
    // look is not what anyone reads (on a loaded machine 0.4 s of settling was not always enough).
    const still = document.createElement('style');
    still.textContent = '*, *::before, *::after { transition: none !important; }';
    document.head.append(still);
    void document.body.offsetHeight;
    // A popup still animating in or out (rc-motion's -appear/-enter/-leave classes) is drawn at
    // part opacity: its colours are not what anyone reads; it is audited once it has settled.
    const moving = [...document.querySelectorAll('[class*="-appear"], [class*="-enter"], [class*="-leave"]')].length > 0;
    const context = moving ? { include: [['html']], exclude: [['[class*="-appear"]'], ['[class*="-enter"]'], ['[class*="-leave"]']] } : document;
    const r = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], iframes: false })
      .finally(() => still.remove());
    // The page changed under axe (another path, or another page's content replaced the one it
    // started on — a route still loading): the result is of no page.
    if (location.pathname !== path || (heading && !heading.isConnected)) return null;
    // A button went into its loading state or a colour was fading while axe measured (the test
    // clicked on meanwhile): colours read halfway are no finding; audit again.
    const fading = document.getAnimations().some((a) => a instanceof CSSTransition && a.playState === 'running');
    if (fading || document.querySelector('.ant-btn-loading')) return null;
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html.slice(0, 200), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300) })),
    }));
  }, TAGS);
}

/** A readable report of findings: one block per rule and page, the first nodes with their reason. */
export function formatFindings(findings: AxeFinding[]): string {
  return findings.map((f) => [
    `[${f.impact ?? '?'}] ${f.id} on ${f.url}: ${f.help} (${f.helpUrl})`,
    ...f.nodes.slice(0, 6).map((n) => `    ${n.target}\n      ${n.html}\n      ${n.summary}`),
    ...(f.nodes.length > 6 ? [`    … and ${f.nodes.length - 6} more`] : []),
  ].join('\n')).join('\n');
}

/**
 * Waits (at most `ms`) until the page has its `<h1>` and shows no antd spinner, skeleton or
 * loading button, so that it is audited as loaded, not halfway.
 */
async function settled(page: Page, ms = 10_000): Promise<void> {
  await page.waitForFunction(() => !!document.querySelector('h1') && !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, .ant-btn-loading, .boot'),
    undefined, { timeout: ms, polling: 100 }).catch(() => undefined);
  // antd fades colours in over 0.2–0.3 s (a button leaving its loading state): audit the end state.
  await page.waitForTimeout(400).catch(() => undefined);
}

/**
 * What an audit depends on, as one hash: the address, the viewport, the whole DOM (attributes,
 * classes and inline styles included), the values of the form fields and where the focus is.
 * Null when the page is closed or cannot be read (mid-navigation): then it is audited.
 */
async function fingerprint(page: Page): Promise<string | null> {
  if (page.isClosed()) return null;
  return page.evaluate(() => {
    const fields = [...document.querySelectorAll('input, textarea, select')]
      .map((e) => `${(e as HTMLInputElement).value}|${(e as HTMLInputElement).checked}`).join('\u0000');
    const text = [location.href, `${innerWidth}x${innerHeight}`, document.activeElement?.outerHTML.slice(0, 300) ?? '',
      fields, document.documentElement.outerHTML].join('\u0001');
    // FNV-1a, two seeds: 64 bits of a string that is read in full.
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000197);
    }
    return `${text.length}:${(a >>> 0).toString(16)}:${(b >>> 0).toString(16)}`;
  }).catch(() => null);
}

/**
 * Audits a page on every navigation (once per path and page, when the page has settled) and on
 * demand; collects what fails. `check()` audits the open pages as they are now, waits for the
 * pending audits and returns (and forgets) the failing findings.
 */
export class AxeWatch {
  private readonly findings: AxeFinding[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly seen = new WeakMap<Page, Set<string>>();
  private readonly timers = new WeakMap<Page, NodeJS.Timeout>();
  /** One axe run at a time per page (axe refuses a second concurrent run). */
  private readonly running = new WeakMap<Page, Promise<void>>();
  /** The page's fingerprint when `check()` last audited it. */
  private readonly checked = new WeakMap<Page, string>();
  /** How many pages the last `check()` audited (the others had not changed since). */
  lastAudited = 0;
  readonly enabled = process.env.E2E_AXE !== 'off';

  watch(page: Page): void {
    if (!this.enabled) return;
    this.seen.set(page, new Set());
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame()) return;
      clearTimeout(this.timers.get(page));
      // Debounced: a redirect chain is audited once, where it ends.
      this.timers.set(page, setTimeout(() => this.track(this.auditOnce(page)), 700));
    });
    page.on('close', () => clearTimeout(this.timers.get(page)));
  }

  private track(p: Promise<void>): void {
    const q: Promise<void> = p.catch((e: unknown) => {
      this.findings.push({ id: 'axe-error', impact: 'critical', help: String((e as Error).stack ?? e), helpUrl: '', nodes: [], url: '' });
    }).finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  private async auditOnce(page: Page): Promise<void> {
    if (page.isClosed()) return;
    await settled(page);
    if (page.isClosed()) return;
    const url = new URL(page.url());
    const seen = this.seen.get(page)!;
    if (seen.has(url.pathname)) return;
    seen.add(url.pathname);
    await this.audit(page, false);
  }

  /** Audits the page now; a page that navigates away or closes meanwhile is audited elsewhere. */
  async audit(page: Page, strict = true): Promise<void> {
    await this.queue(page, strict, false);
  }

  /** One audit after the page's previous one; resolves with what `auditNow` resolves with. */
  private queue(page: Page, strict: boolean, fingerprinted: boolean): Promise<string | null> {
    const before = this.running.get(page) ?? Promise.resolve();
    const mine = before.then(() => this.auditNow(page, strict, fingerprinted));
    this.running.set(page, mine.then(() => undefined, () => undefined));
    return mine;
  }

  /**
   * Audits the page once it has settled. With `fingerprinted`, resolves with the page's
   * fingerprint when axe ran to the end on a page that did not change meanwhile (else null).
   */
  private async auditNow(page: Page, strict: boolean, fingerprinted: boolean): Promise<string | null> {
    if (!this.enabled || page.isClosed()) return null;
    await settled(page);
    if (page.isClosed()) return null;
    // Only the platform's own pages: journeys serve it on loopback; a test's stand-in foreign site
    // (e.g. the framing attacker of csp.test.ts) is not ours to audit.
    if (!/^(127\.0\.0\.1|localhost)$/.test(new URL(page.url()).hostname)) return null;
    const url = new URL(page.url()).pathname;
    let violations: AxeViolation[] | null = null;
    let audited: string | null = null;
    for (let attempt = 0; attempt < 3 && !violations; attempt++) {
      try {
        if (attempt) await settled(page);
        const start = fingerprinted ? await fingerprint(page) : null;
        let timer: NodeJS.Timeout | undefined;
        violations = await Promise.race([
          axeAudit(page),
          new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`axe did not finish in 60 s on ${url}`)), 60_000); }),
        ]).finally(() => clearTimeout(timer));
        if (violations && start !== null && (await fingerprint(page)) === start) audited = start;
      } catch (e) {
        const msg = String((e as Error).message);
        if (page.isClosed() || /context was destroyed|Target .*closed|navigation|has been closed/i.test(msg)) return null;
        throw e;
      }
      if (new URL(page.url()).pathname !== url) return null;
    }
    if (!violations) return null;
    for (const v of violations) {
      const notOurs = NOT_OURS[v.id];
      const nodes = notOurs ? v.nodes.filter((n) => !notOurs(n)) : v.nodes;
      if (nodes.length && failing(v, strict)) this.findings.push({ ...v, nodes, url });
    }
    return audited;
  }

  async check(pages: readonly Page[]): Promise<AxeFinding[]> {
    if (!this.enabled) return [];
    this.lastAudited = 0;
    for (const p of pages) {
      if (p.isClosed()) continue;
      clearTimeout(this.timers.get(p));
      // A page an earlier check audited and that has not changed since (a page of an earlier test
      // of the file, left open) would give the same findings again: not audited twice.
      const before = await fingerprint(p);
      if (before !== null && this.checked.get(p) === before) continue;
      // The pages are audited side by side; each waits until it has settled (auditNow).
      this.lastAudited++;
      this.track(this.queue(p, false, true).then((audited) => {
        if (audited !== null) this.checked.set(p, audited);
        else this.checked.delete(p);
      }));
    }
    while (this.pending.size) await Promise.all(this.pending);
    // One finding per rule, page and element set: the same violation seen twice is reported once.
    const unique = new Map<string, AxeFinding>();
    for (const f of this.findings.splice(0)) unique.set(`${f.id} ${f.url} ${f.nodes.map((n) => n.target).join(',')}`, f);
    return [...unique.values()];
  }
}
