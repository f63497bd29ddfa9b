/**
 * Browser journeys of the approvals back office on the real server: the supervisor sees a red
 * card in 电子监察 and urges the case; the leader reads the statistics and downloads them as
 * Excel; the security administrator edits a matter's flow in the catalogue, which makes a
 * new version.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import readExcelFile from 'read-excel-file/node';
import type { Locator, Page } from 'playwright-core';
import type { RunningServer } from './server.ts';
import { RESULTS as results, useJourney } from './journey.ts';

const CASE_NO = '52030420260105E2E01';
const MATTER = '520304-QR-0001';

async function setup(server: RunningServer): Promise<void> {
  fs.mkdirSync(results, { recursive: true });
  // Arranged as the scan leaves it: a case in review past its due date, with a red card; and a
  // case completed this year in 2 of its 5 promised working days.
  const db = server.testDb.owner;
  const year = new Date().getFullYear();
  await sql`
    insert into approvals.cases (case_no, matter_id, matter_version_id, org_path, org_unit_id, division_code, applicant_kind, applicant_name,
      applicant_id_number, applicant_phone, channel, status, decision, submitted_at, received_on, accepted_at, accepted_on, promised_days,
      statutory_days, due_date, warn_level, decided_at, decided_on, completed_at, workdays_used)
    select no, m.id, m.current_version_id, m.org_path, m.org_unit_id, '520304', 'person', '王小明', '52030419900307123X', '13885200001', 'walk_in',
      st, dec, ${`${year}-01-05T10:00:00+08:00`}::timestamptz, ${`${year}-01-05`}::date, ${`${year}-01-05T11:00:00+08:00`}::timestamptz,
      ${`${year}-01-05`}::date, 5, 30, ${`${year}-01-12`}::date, wl, dt, dt::date, ct, wu
    from approvals.matters m, (values
      (${CASE_NO}, 'in_review', null, 'red', null::timestamptz, null::timestamptz, null::int),
      ('52030420260105E2E02', 'completed', 'granted', 'green', ${`${year}-01-07T10:00:00+08:00`}::timestamptz, ${`${year}-01-08T10:00:00+08:00`}::timestamptz, 2)
    ) as v(no, st, dec, wl, dt, ct, wu)
    where m.code = ${MATTER}`.execute(db);
  await sql`
    insert into approvals.warnings (case_id, org_path, level, due_date, details)
    select id, org_path, 'red', due_date, '{"remainingDays": -3, "usedDays": 8, "totalDays": 5}' from approvals.cases where case_no = ${CASE_NO}`.execute(db);
}

const j = useJourney('approvals-workbench', { setup });

const logIn = (username: string) => j.staffLogin(username, { width: 1440, timeoutMs: 20_000 });

/**
 * Picks an option of the select labelled `label` inside `scope`. The list slides open (here
 * sometimes upwards, over the stage above); a click during the slide can be lost, which the
 * field's shown value tells — so up to three clicks, and the choice is asserted.
 */
async function choose(page: Page, scope: Locator, label: string, title: string): Promise<void> {
  const chosen = scope.locator('.ant-form-item', { hasText: label }).locator('.ant-select', { hasText: title });
  const option = page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${title}"]`);
  for (let i = 0; i < 3 && !(await chosen.isVisible()); i++) {
    if (!(await option.isVisible())) {
      // Another select's list may still be closing: let it go, then open this one.
      await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
      await scope.getByLabel(label).click();
      await option.waitFor();
    }
    await option.click();
    await chosen.waitFor({ timeout: 3_000 }).catch(() => undefined);
  }
  assert.ok(await chosen.isVisible(), `${label}: ${title} was chosen`);
}

describe('approvals back office', () => {
  it('the supervisor sees the red card and urges the case with a message', async () => {
    const page = await logIn('supervisor');
    await page.getByTestId('side-menu').getByText('电子监察').click();
    await page.waitForURL('**/app/approvals-supervision');
    const row = page.getByRole('row', { name: new RegExp(CASE_NO) });
    await row.getByText('红牌').waitFor();
    await row.getByText('超期 3 个工作日').waitFor();
    await page.screenshot({ path: path.join(results, 'approvals-supervision.png'), fullPage: true });
    await page.getByTestId(`urge-${CASE_NO}`).click();
    await page.getByTestId('urge-message').fill('请今日内完成登记审核并报告原因');
    await page.getByRole('button', { name: '发送督办' }).click();
    await page.getByText(/督办已发送给 \d+ 名承办人员/).waitFor();
    const urges = await j.server.testDb.owner.selectFrom('approvals.urges').select('message').execute();
    assert.deepEqual(urges.map((u) => u.message), ['请今日内完成登记审核并报告原因']);
    await page.context().close();
  });

  it('the leader reads the statistics and downloads the same table as Excel', async () => {
    const page = await logIn('leader');
    await page.goto('/app/approvals-statistics');
    const row = page.getByRole('row', { name: /遵义市播州区自然资源局/ });
    await row.waitFor();
    // Two received, two accepted, one completed, early (2 of 5 days): 3 days saved.
    const cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(cells.slice(0, 4), ['遵义市播州区自然资源局', '2', '2', '1']);
    assert.equal(cells[8], '3');
    await page.screenshot({ path: path.join(results, 'approvals-statistics.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('statistics-xlsx').click()]);
    const file = await download.path();
    const [sheet] = await readExcelFile(fs.readFileSync(file));
    assert.deepEqual(sheet!.data[0]!.slice(0, 4), ['单位', '收件数', '受理数', '办结数']);
    assert.deepEqual(sheet!.data[1]!.slice(0, 4), ['遵义市播州区自然资源局', 2, 2, 1]);
    await page.context().close();
  });

  it('the security administrator adds a public-notice stage to a matter: a new version', async () => {
    const page = await logIn('secadmin');
    await page.goto('/app/approvals-catalogue');
    await page.getByTestId(`edit-${MATTER}`).click();
    await page.getByTestId('add-stage').click();
    const stage = page.locator('.ant-card').filter({ hasText: '环节 2' });
    await stage.getByLabel('环节名称').fill('登记公示');
    await choose(page, stage, '审查科室', '自然资源开发利用股');
    await page.keyboard.press('Escape');
    await stage.getByLabel('特殊环节（不计时）').click();
    await choose(page, stage, '特殊环节类型', '公示');
    await page.getByTestId('matter-note').fill('增加登记公示环节');
    await page.screenshot({ path: path.join(results, 'approvals-catalogue-edit.png'), fullPage: true });
    await page.getByTestId('matter-save').click();
    const outcome = page.getByText('已保存为第 2 版。').or(page.locator('.ant-message-error, .ant-form-item-explain-error').first());
    await outcome.waitFor();
    assert.equal(await outcome.innerText(), '已保存为第 2 版。');
    const v = await j.server.testDb.owner.selectFrom('approvals.matters as m').innerJoin('approvals.matter_versions as v', 'v.id', 'm.currentVersionId')
      .select(['v.version', 'v.flow', 'v.note']).where('m.code', '=', MATTER).executeTakeFirstOrThrow();
    assert.equal(v.version, 2);
    assert.equal(v.note, '增加登记公示环节');
    assert.deepEqual(v.flow.map((s) => [s.name, s.departments, !!s.pausesClock, s.pauseKind ?? null]), [
      ['登记审核', ['landuse'], false, null], ['登记公示', ['landuse'], true, 'public_notice'],
    ]);
    await page.getByTestId(`versions-${MATTER}`).click();
    await page.getByTestId('version-1').waitFor();
    await page.getByTestId('version-2').getByText('增加登记公示环节').waitFor();
    await page.context().close();
  });
});
