/**
 * The whole online approval journey in the browser, on the real server: a citizen applies on
 * the portal for 临时用地审批 (parallel review by 自然资源开发利用股 and 耕地保护股) with one
 * material missing → the window's formal check sends a one-time supplement notice → the citizen
 * answers it on /track → the window accepts → both departments review (two reviewer logins) →
 * the leader grants → the citizen downloads the licence on /track, verifies it and rates.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { declareNextCalendarYear, DEMO_PASSWORD } from '../server/test/harness.ts';
import { RESULTS as results, tick, useJourney } from './journey.ts';

const MATTER = '520304-XK-0004'; // 临时用地审批: parallel landuse + farmland, promised 10 / statutory 20 working days
const CITIZEN = { login: '13885200001', name: '王小明', idNumber: '52030419900307123X', phone: '13885200001' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: PDF });

const j = useJourney('approvals', {
  setup: async (server) => {
    const db = server.testDb.owner;
    // A case accepted in December may run into a year the holiday data does not cover yet.
    await declareNextCalendarYear(db);
    // The demo has a land-use reviewer; the farmland department gets one here.
    const unit = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520304-FARMLAND').executeTakeFirstOrThrow();
    const role = await db.selectFrom('access.roles').select('id').where('code', '=', 'reviewer').executeTakeFirstOrThrow();
    const { passwordHash } = await db.selectFrom('identity.users').select('passwordHash').where('username', '=', 'reviewer').executeTakeFirstOrThrow();
    const u = await db.insertInto('identity.users').values({
      username: 'rv_farmland', displayName: '耕保 赵磊', kind: 'staff', orgUnitId: unit.id, orgPath: unit.path, phone: null, email: null,
      passwordHash, totpSecret: null, totpEnabled: false, totpLastStep: null, lockedUntil: null, publicKind: null, idNumber: null, legalName: null, lastLoginAt: null,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('access.posts').values({ userId: u.id, orgUnitId: unit.id, roleId: role.id, scopePath: unit.path, createdBy: null }).execute();
  },
});
const newPage = () => j.newPage();
const staffLogin = (username: string) => j.staffLogin(username);

/** Opens a case from the list of the given menu entry. */
async function openCase(page: Page, menuEntry: string, caseNo: string): Promise<void> {
  await page.getByTestId('side-menu').getByText(menuEntry, { exact: true }).click();
  await page.getByTestId(`open-${caseNo}`).click();
  await page.getByTestId('case-no').filter({ hasText: caseNo }).waitFor();
}

const status = (page: Page) => page.getByTestId('case-status');

async function expectText(page: Page, testId: string, text: string | RegExp): Promise<void> {
  const loc = page.getByTestId(testId);
  await loc.filter({ hasText: text }).first().waitFor();
}

describe('online approval journey', () => {
  it('apply → supplement round → accept → parallel review → grant → licence downloaded, verified and rated', async () => {
    // ── The citizen finds the matter in the service guide and applies (login on the way). ──
    const citizen = await newPage();
    await citizen.goto('/');
    await citizen.getByRole('link', { name: '办事指南' }).first().click();
    await citizen.waitForURL('**/services');
    await citizen.getByRole('link', { name: '临时用地审批', exact: true }).click(); // not the row's 在线申请 link (named 在线申请 临时用地审批)
    await citizen.waitForURL(`**/services/${MATTER}`);
    assert.equal(await citizen.getByTestId('guide-promised').textContent(), '10 个工作日');
    assert.equal(await citizen.getByTestId('guide-statutory').textContent(), '20 个工作日');
    await citizen.getByText('土地复垦方案报告表').waitFor();
    await citizen.getByText('并联审查：自然资源开发利用股、耕地保护股').waitFor();

    await citizen.getByRole('link', { name: '在线申请' }).click();
    await citizen.waitForURL('**/public/login?next=*');
    await citizen.getByLabel('手机号').fill(CITIZEN.login);
    await citizen.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await citizen.locator('button[type=submit]').click();
    await citizen.waitForURL(`**/services/${MATTER}/apply`);
    await citizen.getByTestId('apply-title').filter({ hasText: '临时用地审批' }).waitFor();

    // Online the applicant is the account itself (实名): nothing to type, no other name possible.
    await citizen.getByTestId('applicant-from-account').filter({ hasText: CITIZEN.name }).waitFor();
    assert.equal(await citizen.getByLabel('身份证号或统一社会信用代码').count(), 0);
    await citizen.getByLabel('项目名称').fill('三岔镇道路施工便道');
    await citizen.getByLabel('项目位置').fill('播州区三岔镇');
    await citizen.getByLabel('用地面积（公顷）').fill('1.2');
    await citizen.getByLabel('使用期限（月）').fill('18');

    // A file that is not what its name says is refused by the server, and the page says so.
    await citizen.locator('input[data-material=contract]').setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just text, not a PDF') });
    assert.match((await citizen.getByTestId('material-error-contract').textContent())!, /文件内容与扩展名不符|不允许上传此类型的文件/);
    assert.equal(await citizen.getByTestId('material-contract').locator('.ant-tag').count(), 0);
    // Every material but the landowner's consent.
    for (const key of ['contract', 'reclaim_plan', 'site_map', 'applicant_id']) {
      await citizen.locator(`input[data-material=${key}]`).setInputFiles(pdf(`${key}.pdf`));
      await citizen.getByTestId(`material-${key}`).locator('.ant-tag').first().waitFor();
    }
    await citizen.getByRole('button', { name: '提交申请' }).click();
    await citizen.waitForURL('**/receipt/*');
    const caseNo = (await citizen.getByTestId('receipt-case-no').textContent())!;
    assert.match(caseNo, /^520304\d{8}\d{5}$/, 'division code + date + 5-digit serial');
    assert.equal(await citizen.getByTestId('receipt-status').textContent(), '已提交，待受理');

    // ── The window: queue with waiting time, formal check, one-time supplement notice. ──
    const window = await staffLogin('window');
    await window.getByTestId('side-menu').getByText('窗口受理', { exact: true }).click();
    const row = window.getByTestId('window-queue').locator('tr', { hasText: caseNo });
    assert.match((await row.getByTestId('waiting').textContent())!, /^\d+ 分钟$/);
    await window.getByTestId(`open-${caseNo}`).click();
    await window.getByRole('button', { name: '开始形式审查' }).click();
    await expectText(window, 'check-timer', '标准 20 分钟');
    // Accepting with a required material missing is refused by the server.
    await window.getByTestId('check-panel').getByRole('button', { name: /^受\s?理$/ }).click();
    await window.getByText('申请材料不齐全').first().waitFor();
    await tick(window.getByTestId('tick-owner_consent'));
    assert.equal(await window.getByTestId('reason-owner_consent').inputValue(), '未提交该材料');
    await tick(window.getByTestId('tick-site_map'));
    await window.getByTestId('reason-site_map').fill('勘测定界图未加盖测绘单位印章');
    await window.getByRole('button', { name: '一次性告知补正（2 项）' }).click();
    await status(window).filter({ hasText: '待补正材料' }).waitFor();

    // ── The citizen answers on /track: exactly the two listed items. ──
    await citizen.goto(`/track?caseNo=${caseNo}`);
    await citizen.getByLabel('证件号码').fill(CITIZEN.idNumber);
    await citizen.getByLabel('证件号码').press('Enter');
    await expectText(citizen, 'track-status', '待补正材料');
    const card = citizen.getByTestId('supplement-card');
    await card.getByText('勘测定界图未加盖测绘单位印章').waitFor();
    await card.getByText('未提交该材料').waitFor();
    await citizen.locator('input[data-material=owner_consent]').setInputFiles(pdf('consent.pdf'));
    await citizen.locator('input[data-material=site_map]').setInputFiles(pdf('site-map-sealed.pdf'));
    await card.getByTestId('material-site_map').locator('.ant-tag').waitFor();
    await card.getByTestId('material-owner_consent').locator('.ant-tag').waitFor();
    await card.getByRole('button', { name: '提交补正材料' }).click();
    await expectText(citizen, 'track-status', '已补正，待受理');

    // ── The window accepts; the time to accept is within the 20-minute standard. ──
    await window.reload();
    await window.getByRole('button', { name: '开始形式审查' }).click();
    await window.getByTestId('check-panel').getByRole('button', { name: /^受\s?理$/ }).click();
    await status(window).filter({ hasText: '审查中' }).waitFor();
    await window.getByTestId('case-deadline').getByText('符合服务标准').waitFor();
    await window.getByTestId('case-deadline').getByText(/时限 10 个工作日/).waitFor();

    // ── Parallel review: both departments see the case at once. ──
    const landuse = await staffLogin('reviewer');
    const farmland = await staffLogin('rv_farmland');
    await openCase(landuse, '审查待办', caseNo);
    await openCase(farmland, '审查待办', caseNo);
    await landuse.getByLabel('审查意见').fill('临时用地选址合理，复垦方案可行，同意');
    await landuse.getByRole('button', { name: '提交意见' }).click();
    const stages = landuse.getByTestId('case-stages');
    await stages.getByText('临时用地选址合理，复垦方案可行，同意').waitFor();
    assert.equal(await status(landuse).textContent(), '审查中');
    await stages.getByText('耕地保护股：待审查').waitFor();
    // The land-use reviewer asks for an extension; the leader approves it below, before deciding.
    await landuse.getByRole('button', { name: '申请延期' }).click();
    const dialog = landuse.getByRole('dialog');
    await dialog.getByLabel('延期天数').fill('3');
    await dialog.getByLabel('理由').fill('需补充征求村民委员会意见');
    await dialog.getByRole('button', { name: /^确\s?定$/ }).click();
    await landuse.getByText('延期申请已提交，待负责人审批').waitFor();
    await farmland.getByLabel('审查意见').fill('不占用永久基本农田，同意');
    await farmland.getByRole('button', { name: '提交意见' }).click();
    await status(farmland).filter({ hasText: '待审批决定' }).waitFor();
    await farmland.getByTestId('case-stages').getByText('通过', { exact: true }).waitFor();

    // ── The leader grants. ──
    const leader = await staffLogin('leader');
    await openCase(leader, '审批决定', caseNo);
    const dueBefore = (await leader.getByTestId('case-deadline').locator('.ant-tag').first().textContent())!;
    await leader.getByText('延期 3 个工作日：需补充征求村民委员会意见').waitFor();
    await leader.getByRole('button', { name: /^批\s?准$/ }).click();
    await leader.getByTestId('case-deadline').getByText('经批准延期 3 个工作日：需补充征求村民委员会意见').waitFor();
    const dueAfter = (await leader.getByTestId('case-deadline').locator('.ant-tag').first().textContent())!;
    assert.ok(dueAfter > dueBefore, `due date moved: ${dueBefore} → ${dueAfter}`);
    await leader.getByText('延期办理通知书').first().waitFor();
    await leader.getByLabel('理由').fill('符合临时用地审批条件，准予许可');
    await leader.getByRole('button', { name: '作出决定' }).click();
    await status(leader).filter({ hasText: '已作出决定' }).waitFor();
    await leader.getByText('行政许可证').first().waitFor();

    // ── The window records electronic delivery. ──
    await window.reload();
    await window.getByTestId('deliver-panel').getByRole('button', { name: /^办\s?结$/ }).click();
    await status(window).filter({ hasText: '已办结' }).waitFor();

    // ── The citizen downloads the licence, verifies it and rates the service. ──
    await citizen.goto('/track');
    await expectText(citizen, 'track-status', '已办结');
    assert.equal(await citizen.getByTestId('track-decision').textContent(), '准予许可');
    assert.match((await citizen.getByTestId('track-due').textContent())!, /^\d{4}-\d{2}-\d{2}$/);
    // The due date step by step, without login: start, limit, due date.
    await citizen.getByTestId('track-deadline-steps').getByText(/^\d{4}-\d{2}-\d{2} 起算/).waitFor();
    await citizen.getByTestId('track-deadline-steps').getByText(/^应办结日期 \d{4}-\d{2}-\d{2}$/).waitFor();
    assert.match((await citizen.getByTestId('track-promised').textContent())!, /^\d+ 个工作日$/);
    const [download] = await Promise.all([citizen.waitForEvent('download'), citizen.getByTestId('doc-licence').click()]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    assert.match(download.suggestedFilename(), /\.pdf$/);

    const docNo = download.suggestedFilename().replace(/\.pdf$/, '');
    const doc = await j.server.testDb.owner.selectFrom('documents.documents').select(['verifyToken', 'sha256']).where('docNo', '=', docNo).executeTakeFirstOrThrow();
    await citizen.goto(`/verify/${doc.verifyToken}`);
    assert.equal(await citizen.getByTestId('verify-status').first().textContent(), '有效');
    assert.equal(await citizen.getByTestId('verify-doc-no').first().textContent(), docNo);
    assert.ok((await citizen.getByTestId('verify-sha256').first().textContent())!.includes(doc.sha256));
    await citizen.getByTestId('verify-file').setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: bytes });
    await citizen.getByTestId('verify-check').getByText('文件与登记的文书完全一致').waitFor();
    await citizen.getByTestId('verify-file').setInputFiles({ name: 'changed.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([bytes, Buffer.from('\n% changed')]) });
    await citizen.getByTestId('verify-check').getByText('未找到与该文件一致的登记文书').waitFor();

    await citizen.goto('/track');
    const rating = citizen.getByTestId('rating-card');
    await rating.getByText('非常满意').click();
    await rating.locator('.ant-checkbox-wrapper').first().click();
    await rating.getByPlaceholder('意见建议（选填）').fill('网上办理，一次补正就办好了');
    await rating.getByRole('button', { name: '提交评价' }).click();
    await rating.getByTestId('rating-given').filter({ hasText: '非常满意' }).waitFor();
    await rating.getByText('网上办理，一次补正就办好了').waitFor();
    assert.equal(await rating.getByRole('button', { name: '提交评价' }).count(), 0, 'one rating only');
    const stored = await j.server.testDb.owner.selectFrom('approvals.ratings as r').innerJoin('approvals.cases as c', 'c.id', 'r.caseId')
      .select(['r.level', 'r.followUp']).where('c.caseNo', '=', caseNo).execute();
    assert.deepEqual(stored, [{ level: 5, followUp: false }]);

    fs.mkdirSync(results, { recursive: true });
    await citizen.screenshot({ path: path.join(results, 'approvals-track.png'), fullPage: true });
    await leader.screenshot({ path: path.join(results, 'approvals-case.png'), fullPage: true });
    for (const p of [citizen, window, landuse, farmland, leader]) await p.context().close();
  });

  it('the window enters a walk-in application with a scan, previews it beside the form and accepts it', async () => {
    const window = await staffLogin('window');
    await window.getByTestId('side-menu').getByText('窗口收件', { exact: true }).click();
    await window.getByTestId('walk-in-matter').getByRole('combobox').click();
    await window.keyboard.type('政府信息公开');
    await window.locator('.ant-select-item-option', { hasText: '政府信息公开申请' }).click();
    await window.getByLabel('申请人名称').fill('李华');
    await window.getByLabel('身份证号或统一社会信用代码').fill(CITIZEN.idNumber);
    await window.getByLabel('联系电话').fill('13885200002');
    await window.getByLabel('所需信息的名称、文号或便于查询的其他特征性描述').fill('2025年三岔镇建设用地供应计划');
    await window.getByLabel('获取信息的方式').click();
    await window.locator('.ant-select-item-option', { hasText: '电子邮件' }).click();
    await window.locator('input[data-material=applicant_id]').setInputFiles(pdf('id-scan.pdf'));
    await window.getByTestId('material-applicant_id').locator('.ant-tag').waitFor();
    await window.getByRole('button', { name: '收件登记' }).click();
    const caseNo = (await window.getByTestId('walk-in-case-no').textContent())!;
    assert.match(caseNo, /^520304\d{13}$/);
    await window.getByRole('button', { name: '开始形式审查' }).click();
    await window.getByTestId('case-no').filter({ hasText: caseNo }).waitFor();
    // Walk-in: the time to accept runs from the entry, no separate start.
    await expectText(window, 'check-timer', '标准 20 分钟');
    await window.getByTestId('material-preview').waitFor();
    assert.equal(await window.getByTestId('material-preview-error').count(), 0);
    await window.getByText('2025年三岔镇建设用地供应计划').waitFor();
    await window.getByTestId('check-panel').getByRole('button', { name: /^受\s?理$/ }).click();
    await status(window).filter({ hasText: '审查中' }).waitFor();
    assert.match((await window.getByTestId('accept-time').textContent())!, /^\d+ 分 \d+ 秒$/);
    await window.context().close();
  });
});
