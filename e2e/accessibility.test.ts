/**
 * Every page under axe-core (e2e/axe.ts): the public pages anonymously, and every workbench page
 * of the menu for the demo roles, with cases and a tip-off in the lists so that tables and tags
 * are rendered. The journeys audit what they visit; this file also reaches the pages no journey
 * walks through. A test fails on any critical or serious violation, a missing `<h1>` or a
 * skipped heading level (the messages list each rule, page and element).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { DEMO_OPEN311_KEY } from '../server/src/modules/tipoffs/tipoffs.seed.ts';
import type { RunningServer } from './server.ts';
import { useJourney } from './journey.ts';

const MATTER = '520304-XK-0004';
/** The workbench menu (web/src/app/nav.tsx): path under /app and the permission it needs. */
const MENU: [string, string][] = [
  ['map', 'map.layer.read'], ['users', 'platform.user.read'], ['org-units', 'platform.org_unit.manage'], ['sms', 'platform.sms_outbox.read'],
  ['roles', 'platform.role.manage'], ['security-policy', 'platform.policy.manage'], ['calendar', 'platform.calendar.manage'], ['audit', 'platform.audit.read'],
  ['approvals-window', 'approvals.case.accept'], ['approvals-walk-in', 'approvals.case.accept'], ['approvals-review', 'approvals.case.review'],
  ['approvals-decide', 'approvals.case.decide'], ['approvals-cases', 'approvals.case.read'], ['approvals-ratings', 'approvals.rating.read'],
  ['approvals-supervision', 'approvals.supervision.read'], ['approvals-statistics', 'approvals.statistics.read'], ['approvals-catalogue', 'approvals.matter.manage'],
  ['tipoffs', 'tipoffs.report.read'], ['tipoffs-entry', 'tipoffs.report.create'], ['tipoffs-trends', 'tipoffs.trends.read'], ['tipoffs-warnings', 'tipoffs.report.read'],
  ['tipoffs-settings', 'tipoffs.settings.manage'], ['tipoffs-apikeys', 'tipoffs.apikey.manage'],
  ['patches', 'patches.patch.read'],
  ['certificates', 'platform.certificate.manage'],
];

async function setup(server: RunningServer): Promise<void> {
  const db = server.testDb.owner;
  const year = new Date().getFullYear();
  // One case in review with a red card and one completed: the case lists and statistics have rows.
  await sql`
    insert into approvals.cases (case_no, matter_id, matter_version_id, org_path, org_unit_id, division_code, applicant_kind, applicant_name,
      applicant_id_number, applicant_phone, channel, status, decision, submitted_at, received_on, accepted_at, accepted_on, promised_days,
      statutory_days, due_date, warn_level, decided_at, decided_on, completed_at, workdays_used)
    select no, m.id, m.current_version_id, m.org_path, m.org_unit_id, '520304', 'person', '王小明', '52030419900307123X', '13885200001', 'walk_in',
      st, dec, ${`${year}-01-05T10:00:00+08:00`}::timestamptz, ${`${year}-01-05`}::date, ${`${year}-01-05T11:00:00+08:00`}::timestamptz,
      ${`${year}-01-05`}::date, 10, 20, ${`${year}-01-19`}::date, wl, dt, dt::date, ct, wu
    from approvals.matters m, (values
      ('52030420260105A1101', 'in_review', null, 'red', null::timestamptz, null::timestamptz, null::int),
      ('52030420260105A1102', 'completed', 'granted', 'green', ${`${year}-01-07T10:00:00+08:00`}::timestamptz, ${`${year}-01-08T10:00:00+08:00`}::timestamptz, 2)
    ) as v(no, st, dec, wl, dt, ct, wu)
    where m.code = ${MATTER}`.execute(db);
  // A tip-off filed over Open311: the ledger has a row with its deadline tag.
  const res = await fetch(`${server.url}/open311/v2/requests.json`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      api_key: DEMO_OPEN311_KEY, service_code: 'land_illegal_occupation', lat: '27.54', long: '106.83', address_string: '播州区三岔镇',
      description: '有人在耕地上建房，已经砌了围墙。', 'attribute[division_code]': '520304', 'attribute[party]': '某村民',
    }).toString(),
  });
  assert.equal(res.status, 200, await res.text());
}

const j = useJourney('accessibility', { setup });

/** Opens each path in turn; the journey's axe watch audits each page once it has settled. */
async function visit(page: Page, paths: string[], check?: (page: Page, path: string) => Promise<void>): Promise<void> {
  for (const p of paths) {
    await page.goto(p);
    await page.locator('h1').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    await j.audit(page);
    await check?.(page, p);
  }
}

/**
 * Reflow on a phone: no card title cut short beside its header links ("12336 违法线索…"), and no
 * table column squeezed below a readable width (a column without a width in a scrolling table
 * showed one character per line).
 */
async function readableOnPhone(page: Page, path: string): Promise<void> {
  await page.locator('.ant-table-thead th').first().waitFor({ timeout: 2_000 }).catch(() => undefined);
  const found = await page.evaluate(() => ({
    cutTitles: Array.from(document.querySelectorAll<HTMLElement>('.ant-card-head-title'))
      .filter((el) => el.offsetWidth > 0 && el.scrollWidth > el.clientWidth + 1).map((el) => el.innerText),
    narrowColumns: Array.from(document.querySelectorAll<HTMLElement>('.ant-table-thead th'))
      .filter((el) => el.offsetWidth > 0 && el.innerText.trim() && el.getBoundingClientRect().width < 48).map((el) => el.innerText),
  }));
  assert.deepEqual(found, { cutTitles: [], narrowColumns: [] }, `${path} at 390 px`);
}

describe('accessibility (axe-core)', () => {
  it('the public pages', async () => {
    const page = await j.newPage({ width: 390, height: 844 });
    await visit(page, ['/', '/services', `/services/${MATTER}`, '/track', '/verify', '/report', '/report/track', '/disclosure', '/map', '/login', '/public/login', '/no-such-page'], readableOnPhone);
  });

  it('the service guide does not shift while it loads (cumulative layout shift below 0.1)', async () => {
    const page = await j.newPage({ width: 1366, height: 900 });
    // Slow the guide's data a little, as on a real network: the skeleton shows first.
    await page.route('**/api/public/approvals/matters/*', async (route) => {
      await new Promise((r) => setTimeout(r, 600));
      await route.continue();
    });
    await page.goto(`/services/${MATTER}`);
    await page.getByTestId('guide-statutory').waitFor();
    await page.waitForTimeout(500);
    const cls = await page.evaluate(() => new Promise<number>((resolve) => {
      let sum = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!e.hadRecentInput) sum += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
      setTimeout(() => resolve(sum), 200);
    }));
    assert.ok(cls < 0.1, `cumulative layout shift ${cls.toFixed(3)}`);
  });

  it('an anonymous visit logs no error in the console (the session check answers 200)', async () => {
    const page = await j.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
    await page.goto(`/services/${MATTER}`);
    await page.getByTestId('guide-statutory').waitFor();
    await page.goto('/track');
    await page.getByRole('button', { name: /登\s?录/ }).first().waitFor();
    assert.deepEqual(errors, []);
  });

  for (const username of ['window', 'reviewer', 'leader', 'supervisor', 'hotline', 'inspector', 'sysadmin', 'secadmin', 'auditadmin']) {
    it(`the workbench pages of ${username}`, async () => {
      const page = await j.staffLogin(username, { width: 1440 });
      const allowed = await page.evaluate(async () => ((await (await fetch('/api/auth/me')).json()) as { permissions: string[] }).permissions);
      await visit(page, ['/app', ...MENU.filter(([, perm]) => allowed.includes(perm)).map(([path]) => `/app/${path}`)]);
    });
  }
});
