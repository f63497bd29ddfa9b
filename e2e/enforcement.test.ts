/**
 * 执法监察 in the browser, on the real server (short): a tip-off disposed as "case filed" → the
 * case opens with the tip-off attached → every stage form filled on the case page by the post
 * that acts: the leader files (desktop), the county inspector (on a phone, 390 px) writes an
 * inquiry record and a site inspection record with a photo and proposes the penalty with the
 * discretion calculator, the legal reviewer approves, the inspector serves the notice (the
 * defence and hearing rights shown) and records the defence, the leader decides (the calculator's
 * band shown, a fine outside it refused without a reason), the inspector records the payment with
 * evidence, the leader closes → the decision on the public /disclosure page, the person masked →
 * the reporter's tracking page shows the outcome. Only the tip-off's own steps go through the API
 * (its journey is e2e/tipoffs.test.ts). Screenshots of every stage form land in test-results/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../server/test/harness.ts';
import { solveChallenge } from '../server/src/modules/tipoffs/index.ts';
import { RESULTS, tick, useJourney } from './journey.ts';

const j = useJourney('enforcement');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

async function login(username: string): Promise<string> {
  const res = await fetch(`${j.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  assert.equal(res.status, 200, await res.text());
  return res.headers.getSetCookie().find((c) => c.startsWith('sunland_session='))!.split(';')[0]!;
}

async function api(cookie: string | null, method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(`${j.server.url}${url}`, {
    method, headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json', origin: j.server.url, 'idempotency-key': crypto.randomUUID() },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function upload(cookie: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'site.png');
  const res = await fetch(`${j.server.url}/api/files`, { method: 'POST', headers: { cookie, origin: j.server.url }, body: form });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return JSON.parse(text).id;
}

/** antd puts a space between two Chinese characters of a button label. */
const label = (text: string) => new RegExp(`^${[...text].join('\\s?')}$`);
/** ENF_SHOTS=1: each stage form is photographed at 1440 and 390 px (to look at; off by default, it costs run time). */
async function shot(page: Page, name: string) {
  if (process.env.ENF_SHOTS !== '1') return;
  const { width, height } = page.viewportSize()!;
  for (const w of [width, width === 390 ? 1440 : 390]) {
    if (w !== width) {
      await page.setViewportSize({ width: w, height });
      await page.waitForTimeout(500);
    }
    await page.screenshot({ path: path.join(RESULTS, `enforcement-${name}-${w}.png`) });
  }
  await page.setViewportSize({ width, height });
}

/** A workbench page signed in with the session of `cookie` (the login page has its own journeys). */
async function staffPage(cookie: string, width: number): Promise<Page> {
  const page = await j.newPage({ width, timeoutMs: 20_000 });
  const at = cookie.indexOf('=');
  await page.context().addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: j.server.url }]);
  return page;
}

/** Opens the case page afresh (another post acted meanwhile) and waits for the status. */
async function openCase(page: Page, id: number, status: string) {
  if (new URL(page.url()).searchParams.get('id') === String(id)) await page.getByTestId('case-refresh').click();
  else await page.goto(`/app/enforcement?id=${id}`);
  await page.getByTestId('case-status').filter({ hasText: status }).waitFor();
}

/** The stage form's dialog after a click on the action; the zoom-in animation over. */
async function form(page: Page, action: string): Promise<Locator> {
  await page.getByTestId('case-actions').getByRole('button', { name: label(action) }).click();
  const dialog = page.getByRole('dialog').filter({ has: page.locator('.ant-modal-footer') });
  await dialog.waitFor();
  await page.locator('.ant-modal.ant-zoom-appear').waitFor({ state: 'detached' });
  return dialog;
}

/** Submits the form: the dialog closes with the success message naming the action, and the case shows its new status. */
async function submit(page: Page, dialog: Locator, action: string, status: string, click = () => dialog.getByTestId('action-submit').click()) {
  await click();
  const refusal = dialog.locator('.ant-form-item-explain-error').or(page.locator('.ant-message-error')).first();
  const outcome = await Promise.race([
    dialog.waitFor({ state: 'detached' }).then(() => null),
    refusal.waitFor().then(() => refusal.innerText()),
  ]);
  assert.equal(outcome, null, `${action}: the dialog stayed open: ${outcome}`);
  await page.locator('.ant-message-success').filter({ hasText: `${action}：已办理` }).last().waitFor();
  await page.getByTestId('case-status').filter({ hasText: status }).waitFor();
}

/** Picks an option of the antd select labelled `field`. */
async function choose(dialog: Locator, field: string, option: string) {
  await dialog.getByLabel(field).click();
  await dialog.page().locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

async function attach(dialog: Locator, name: string) {
  await dialog.locator('input[type=file]').setInputFiles({ name, mimeType: 'image/png', buffer: PNG });
  await dialog.locator('.ant-upload-list-item-done').filter({ hasText: name }).waitFor();
}

describe('enforcement case (执法监察)', () => {
  it('tip-off → case → investigation → review → notice → decision → paid → closed → published, masked → the reporter sees the outcome', async () => {
    const ch = await api(null, 'GET', '/api/public/tipoffs/challenge');
    const sub = await api(null, 'POST', '/api/public/tipoffs/reports', {
      violationType: 'land_illegal_transfer', place: { divisionCode: '520304', address: '播州区三岔镇某村', point: { lon: 106.83, lat: 27.54 } },
      party: '王某', facts: '村民将承包地转让给他人建房。', files: [], reporter: { anonymous: true, phone: '13800009999' },
      pow: { challenge: ch.challenge, nonce: solveChallenge(ch.challenge, ch.difficulty) },
    });
    const [hotline, inspector, leader, legal] = await Promise.all(['hotline', 'inspector', 'leader', 'legal'].map(login));
    const reports = await api(hotline, 'GET', `/api/tipoffs/reports?q=${encodeURIComponent(sub.reportNo)}`);
    const reportId = (reports.items ?? reports)[0].id;
    await api(hotline, 'POST', `/api/tipoffs/reports/${reportId}/triage`, { decision: 'accept' });
    await api(hotline, 'POST', `/api/tipoffs/reports/${reportId}/assign`, { mode: 'transfer' });
    await api(inspector, 'POST', `/api/tipoffs/reports/${reportId}/verify`, { verifiedOn: today(), findings: '属实，转让获利2万元。', violationFound: true, evidence: [await upload(inspector)] });
    const disposed = await api(inspector, 'POST', `/api/tipoffs/reports/${reportId}/dispose`, { outcome: 'case_filed', summary: '移交立案查处。' });
    const caseNo: string = disposed.disposal.caseNo;
    const id = (await api(inspector, 'GET', `/api/enforcement/cases?q=${encodeURIComponent(caseNo)}`)).items[0].id;
    const db = j.server.testDb.owner;
    fs.mkdirSync(RESULTS, { recursive: true });

    // 立案: the leader, at the desk, sees the tip-off attached and approves the filing.
    const [boss, field, reviewer] = await Promise.all([staffPage(leader, 1440), staffPage(inspector, 390), staffPage(legal, 1440)]);
    await Promise.all([boss, field, reviewer].map((p) => openCase(p, id, '待立案审批')));
    await boss.getByTestId('case-detail').getByRole('listitem').filter({ hasText: sub.reportNo }).getByText('举报', { exact: true }).waitFor();
    await boss.screenshot({ path: path.join(RESULTS, 'enforcement-case-1440.png') });
    await shot(boss, 'case');
    let dialog = await form(boss, '批准立案');
    await dialog.getByLabel('审批意见').fill('同意立案');
    await shot(boss, 'file');
    await submit(boss, dialog, '批准立案', '调查取证');

    // 调查取证 on the phone: an inquiry record, then a site inspection record with a photo taken on
    // the spot (a double tap on the submit files it once).
    await openCase(field, id, '调查取证');
    dialog = await form(field, '添加记录');
    assert.equal(await dialog.getByLabel('标题').inputValue(), '询问笔录', 'the title starts as the kind');
    await dialog.getByLabel('标题').fill('对王某的询问笔录');
    await dialog.getByLabel('内容').fill('问：是否将承包地转让给他人？\n答：是，得款四万元。');
    await shot(field, 'inquiry');
    await submit(field, dialog, '添加记录', '调查取证');
    dialog = await form(field, '添加记录');
    await choose(dialog, '类型', '现场勘验笔录');
    assert.equal(await dialog.getByLabel('标题').inputValue(), '现场勘验笔录', 'the title follows the kind');
    await dialog.getByLabel('内容').fill('现场新建砖混房屋一栋，占地约120平方米。');
    await attach(dialog, 'site.png');
    await shot(field, 'site');
    let posts = 0;
    const count = (r: { method(): string; url(): string }) => { if (r.method() === 'POST' && r.url().endsWith(`/api/enforcement/cases/${id}/records`)) posts++; };
    field.on('request', count);
    await submit(field, dialog, '添加记录', '调查取证', () => dialog.getByTestId('action-submit').evaluate((b: HTMLElement) => { b.click(); b.click(); }));
    await field.getByTestId('case-detail').getByRole('listitem').filter({ hasText: '现场勘验笔录' }).filter({ hasText: '· 1' }).waitFor();
    const { rows: records } = await sql<{ kind: string; files: number }>`select kind, cardinality(files)::int as files from enforcement.records where case_id = ${id} order by id`.execute(db);
    assert.deepEqual(records, [{ kind: 'inquiry', files: 0 }, { kind: 'site', files: 1 }], 'one record per submit, the photo attached');
    field.off('request', count);
    assert.equal(posts, 1, 'a double tap sends the record once');

    // The proposal with the calculator: a fine outside the band without a reason is refused on its field.
    dialog = await form(field, '处罚建议（裁量计算）');
    await choose(dialog, '违法行为类型', '非法转让土地');
    await dialog.getByLabel('违法所得（元）').fill('40000');
    await dialog.getByTestId('calculator').getByRole('button', { name: '裁量计算' }).click();
    assert.equal(await dialog.getByTestId('calc-amount').innerText(), '12000.00');
    await dialog.getByLabel('自然人').check();
    await dialog.getByLabel('当事人名称').fill('王大山');
    await dialog.getByLabel('身份证号/统一社会信用代码').fill('520304197001011234');
    await dialog.getByLabel('住所').fill('播州区三岔镇某村');
    await dialog.getByLabel('罚款（元）').fill('999999');
    await dialog.getByTestId('action-submit').click();
    await dialog.locator('.ant-form-item').filter({ hasText: '偏离裁量基准理由' }).locator('.ant-form-item-explain-error').filter({ hasText: '请填写偏离裁量基准的理由' }).waitFor();
    await shot(field, 'propose');
    await j.audit(field);
    await dialog.getByRole('button', { name: '采用建议金额' }).click();
    await dialog.locator('.ant-form-item-explain-error').waitFor({ state: 'detached' });
    assert.equal(await dialog.getByLabel('罚款（元）').inputValue(), '12000');
    await submit(field, dialog, '处罚建议（裁量计算）', '调查取证');
    dialog = await form(field, '调查终结，提交审理');
    await dialog.getByText('已有调查取证记录 2 份；处罚建议：罚款 12000.00 元').waitFor();
    await submit(field, dialog, '调查终结，提交审理', '案件审理');

    // 案件审理: the legal reviewer approves.
    await openCase(reviewer, id, '案件审理');
    dialog = await form(reviewer, '案件审理');
    await dialog.getByLabel('意见').fill('事实清楚，证据确凿，裁量适当。');
    await shot(reviewer, 'review');
    await submit(reviewer, dialog, '案件审理', '审理完毕');
    await reviewer.close();

    // 告知: the notice states the rights (a defence; a hearing, 12,000 元 for a person reaches the threshold); the defence recorded.
    await openCase(field, id, '审理完毕');
    dialog = await form(field, '送达告知书');
    await dialog.getByTestId('notice-rights').getByText(/3 个工作日内进行陈述、申辩/).waitFor();
    await dialog.getByTestId('notice-rights').getByText(/同时送达听证告知书/).waitFor();
    await shot(field, 'notice');
    await submit(field, dialog, '送达告知书', '已告知');
    await field.getByTestId('case-detail').getByText('听证告知书').first().waitFor();
    dialog = await form(field, '记录陈述申辩');
    await dialog.getByLabel('意见').fill('当事人无异议，不申请听证。');
    await submit(field, dialog, '记录陈述申辩', '已告知');

    // 处罚决定: the calculator's band beside the amount; a fine outside it needs a reason.
    await openCase(boss, id, '已告知');
    dialog = await form(boss, '作出处罚决定');
    await dialog.getByTestId('decision-calculation').getByText('12000.00').first().waitFor();
    assert.equal(await dialog.getByLabel('罚款（元）').inputValue(), '12000');
    await dialog.getByLabel('罚款（元）').fill('999999');
    await dialog.getByTestId('action-submit').click();
    await dialog.locator('.ant-form-item').filter({ hasText: '偏离裁量基准理由' }).locator('.ant-form-item-explain-error').filter({ hasText: '超出裁量幅度' }).waitFor();
    await dialog.getByLabel('罚款（元）').fill('12000');
    await dialog.locator('.ant-form-item-explain-error').waitFor({ state: 'detached' });
    await dialog.getByLabel('法律依据').fill('《中华人民共和国土地管理法》第七十四条');
    await shot(boss, 'decide');
    await submit(boss, dialog, '作出处罚决定', '已作出处罚决定');
    const decision = boss.getByTestId('case-detail').getByRole('link', { name: /行政处罚决定书/ });
    const pdf = await boss.request.get((await decision.getAttribute('href'))!);
    assert.equal(pdf.status(), 200);
    const bytes = await pdf.body();
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    fs.writeFileSync(path.join(RESULTS, 'enforcement-decision.pdf'), bytes);

    // 执行: the inspector records the payment with the receipt.
    await openCase(field, id, '已作出处罚决定');
    dialog = await form(field, '登记执行情况');
    await dialog.getByLabel('本次缴纳罚款（元）').fill('12000');
    await dialog.getByLabel('说明').fill('罚款已缴清。');
    await attach(dialog, 'receipt.png');
    await tick(dialog.getByLabel('执行完毕'));
    await shot(field, 'execution');
    await submit(field, dialog, '登记执行情况', '执行中');

    // 结案: the leader signs off, the closing conditions shown.
    await openCase(boss, id, '执行中');
    dialog = await form(boss, '批准结案');
    await dialog.getByTestId('closing-check').getByText(/现有 1 份/).waitFor();
    await dialog.getByLabel('说明').fill('执行完毕，同意结案。');
    await shot(boss, 'close');
    await submit(boss, dialog, '批准结案', '已结案');
    await boss.getByTestId('case-detail').getByText('结案呈批表').first().waitFor();

    // The decision on the portal, the person masked.
    for (const width of [1440, 390]) {
      const pub = await j.newPage({ width });
      await pub.goto('/disclosure');
      const row = pub.getByTestId('penalty-disclosures').getByRole('row').filter({ hasText: caseNo });
      await row.waitFor();
      const text = await row.innerText();
      assert.match(text, /王\*\*/);
      assert.match(text, /罚款人民币 12000\.00 元；没收违法所得/, 'what a transfer confiscates: the illegal gains');
      assert.ok(!text.includes('王大山') && !text.includes('520304197001011234'), text);
      await pub.screenshot({ path: path.join(RESULTS, `enforcement-disclosure-${width}.png`), fullPage: true });
      await pub.close();
    }

    // The reporter's tracking page shows the outcome.
    const citizen = await j.newPage({ width: 390 });
    await citizen.goto('/report/track');
    await citizen.getByTestId('track-code').fill(sub.trackingCode);
    await citizen.getByRole('button', { name: /查\s*询/ }).click();
    await citizen.getByText(new RegExp(`立案查处结果（${caseNo}）`)).waitFor();
    await citizen.screenshot({ path: path.join(RESULTS, 'enforcement-track-390.png'), fullPage: true });
  });
});
