/**
 * Issue 10, the applicant's side and the reviewer's form, in the browser on the real server:
 * - the 宅基地 form: one upload control per material (the raw file input stays hidden), the
 *   township chosen in the division picker (三岔镇), the applicant taken from the account (no fields to type);
 * - 我的办件: the header link after login, every case with its status, due date, what is asked
 *   now and its documents, the receipt's 查询进度 without the ID number, the rating from there,
 *   and the real-name tip-offs filed while signed in;
 * - a reviewer's opinion form closes once the department's opinion is in.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { declareNextCalendarYear, DEMO_PASSWORD } from '../server/test/harness.ts';
import { solveChallenge } from '../server/src/modules/tipoffs/index.ts';
import { useJourney } from './journey.ts';

const HOMESTEAD = '520304-XK-0009'; // 宅基地审批, township matter
const TEMPORARY = '520304-XK-0004'; // 临时用地审批: parallel landuse + farmland
const CITIZEN = { kind: 'person', name: '王小明', idNumber: '52030419900307123X', phone: '13885200001' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

const j = useJourney('applicant-cases', { setup: (server) => declareNextCalendarYear(server.testDb.owner) });

async function login(username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${j.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(res.status, 200, await res.text());
  return res.headers.getSetCookie().find((c) => c.startsWith('sunland_session='))!.split(';')[0]!;
}

async function api(cookie: string | null, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(`${j.server.url}${url}`, {
    method, headers: { ...headers, ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function applyByApi(cookie: string, matter: string, formData: Record<string, unknown>, divisionCode?: string): Promise<string> {
  const guide = await api(null, 'GET', `/api/public/approvals/matters/${matter}`);
  const materials: Record<string, string[]> = {};
  for (const m of guide.materials as { key: string; required: boolean; kind: string }[]) {
    if (!m.required || m.kind !== 'file') continue;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'scan.pdf');
    const res = await fetch(`${j.server.url}/api/public/approvals/uploads`, { method: 'POST', headers: { cookie }, body: form });
    assert.equal(res.status, 201);
    materials[m.key] = [(await res.json()).id];
  }
  return (await api(cookie, 'POST', '/api/public/approvals/cases', { matterCode: matter, applicant: CITIZEN, formData, materials, ...(divisionCode ? { divisionCode } : {}) })).caseNo;
}

async function citizenLogin(next: string): Promise<Page> {
  const page = await j.newPage({ width: 1440 });
  await page.goto(`/public/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('手机号').fill(CITIZEN.phone);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(`**${next}`);
  return page;
}

describe('the applicant’s own cases', () => {
  let homesteadCase = '';

  it('宅基地: one upload control per material, the township from the picker, the applicant from the account', async () => {
    const page = await citizenLogin(`/services/${HOMESTEAD}/apply`);
    await page.getByTestId('apply-title').filter({ hasText: '宅基地审批' }).waitFor();
    // 查看办事指南 opens the server-rendered guide (issue 18: a full page load, not the SPA's route),
    // and its 在线申请 comes back to the form.
    assert.equal(await page.getByTestId('apply-guide').getAttribute('href'), `/services/${HOMESTEAD}`);
    await page.getByTestId('apply-guide').click();
    await page.getByTestId('guide-facts').waitFor({ timeout: 5000 }); // only the server's page has it
    assert.equal(await page.locator('#root').count(), 0, 'the guide is not the single-page app');
    await page.locator('a.guide-apply').click();
    await page.getByTestId('apply-title').filter({ hasText: '宅基地审批' }).waitFor();
    // The applicant is the signed-in account (实名, issue 9): no fields to type, the account's name shown.
    await page.getByTestId('applicant-from-account').filter({ hasText: CITIZEN.name }).waitFor();
    assert.equal(await page.getByLabel('申请人名称').count(), 0, 'no applicant name to type online');
    // Each file material: the styled button only; the raw "Choose Files" input is not shown.
    const inputs = page.locator('input[type=file]');
    assert.ok(await inputs.count() >= 4);
    for (let i = 0; i < await inputs.count(); i++) assert.equal(await inputs.nth(i).isVisible(), false, `file input ${i} is hidden`);
    assert.equal(await page.getByTestId('material-household').getByRole('button').count(), 1);

    // The township by name, not a 9-digit code.
    // On a loaded machine a click can land while the dropdown still slides in: pick again until it shows.
    const picked = page.locator('.ant-form-item', { hasText: '所在乡镇' }).filter({ hasText: '三岔镇' });
    for (let attempt = 0; attempt < 3 && !(await picked.isVisible()); attempt++) {
      if (!(await page.locator('.ant-cascader-menu-item', { hasText: '三岔镇' }).isVisible())) await page.getByLabel('所在乡镇').click();
      await page.locator('.ant-cascader-menu-item', { hasText: '三岔镇' }).click();
      await picked.waitFor({ timeout: 5000 }).catch(() => {});
    }
    await picked.waitFor();
    await page.getByLabel('所在村组').fill('三岔镇石坪村三组');
    await page.getByLabel('申请宅基地面积（平方米）').fill('120');
    await page.getByLabel('申请理由').click();
    await page.locator('.ant-select-item-option', { hasText: '分户新建' }).click();
    for (const key of ['household', 'agreement', 'village_resolution', 'applicant_id']) {
      await page.locator(`input[data-material=${key}]`).setInputFiles({ name: `${key}.pdf`, mimeType: 'application/pdf', buffer: PDF });
      await page.getByTestId(`material-${key}`).locator('.ant-tag').first().waitFor();
    }
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL('**/receipt/*');
    homesteadCase = (await page.getByTestId('receipt-case-no').textContent())!;
    assert.match(homesteadCase, /^520304102/, '三岔镇 land office (520304102) handles it');

    // The receipt's 查询进度 shows the progress without asking for the ID number again.
    await page.getByRole('button', { name: '查询进度' }).click();
    await page.waitForURL('**/track?caseNo=*');
    await page.getByTestId('track-status').filter({ hasText: '已提交，待受理' }).waitFor();
    await page.getByTestId('track-own').waitFor();
    assert.equal(await page.getByTestId('track-case-no').textContent(), homesteadCase);
  });

  it('我的办件: status, due date, what is asked now, documents, rating, and the tip-offs with their tracking', async () => {
    const citizen = await login(CITIZEN.phone);
    // The 宅基地 case of the first test (or a new one, when this test runs alone).
    homesteadCase ||= await applyByApi(citizen, HOMESTEAD, { village: '三岔镇石坪村三组', area_m2: 120, reason: '分户新建' }, '520304102');
    // A decided case (the township decides its 宅基地), and a 临时用地 waiting for a supplement.
    const township = await login('township');
    await api(township, 'POST', `/api/approvals/cases/${homesteadCase}/accept`, {});
    await api(township, 'POST', `/api/approvals/cases/${homesteadCase}/opinions`, { verdict: 'agree', comment: '现场踏勘：四至清楚' });
    await api(township, 'POST', `/api/approvals/cases/${homesteadCase}/opinions`, { verdict: 'agree', comment: '符合村庄规划' });
    await api(await login('township_leader'), 'POST', `/api/approvals/cases/${homesteadCase}/decide`, { decision: 'granted', reason: '同意使用宅基地' });
    const waiting = await applyByApi(citizen, TEMPORARY, { project_name: '三岔镇道路施工便道', location: '播州区三岔镇', area_ha: 1.2, months: 18 });
    await api(await login('window'), 'POST', `/api/approvals/cases/${waiting}/supplement-request`, { items: [{ key: 'site_map', reason: '勘测定界图未盖章' }] });
    // Tip-offs: one real-name while signed in, one anonymous while signed in, one without login.
    const report = async (cookie: string | null, reporter: Record<string, unknown>) => {
      const c = await api(null, 'GET', '/api/public/tipoffs/challenge');
      return api(cookie, 'POST', '/api/public/tipoffs/reports', {
        violationType: 'land_illegal_occupation', place: { divisionCode: '520304102', address: '三岔镇石坪村路口', point: { lon: 106.83, lat: 27.54 } },
        party: '某建材公司', facts: '未经批准在耕地上建设厂房，已经打好地基。', files: [], reporter,
        pow: { challenge: c.challenge, nonce: solveChallenge(c.challenge, c.difficulty) },
      }, { 'idempotency-key': crypto.randomUUID() });
    };
    const named = await report(citizen, { anonymous: false, name: CITIZEN.name, phone: CITIZEN.phone });
    const anonymous = await report(citizen, { anonymous: true });
    const noLogin = await report(null, { anonymous: false, name: '路人甲', phone: '13900000009' });

    const page = await j.newPage({ width: 1440 });
    await page.goto('/public/login?next=%2Fservices');
    await page.getByLabel('手机号').fill(CITIZEN.phone);
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL('**/services');
    await page.getByTestId('my-cases-link').click();
    await page.waitForURL('**/my');
    const decided = page.getByTestId(`my-case-${homesteadCase}`);
    await decided.getByTestId('my-case-status').filter({ hasText: '已作出决定' }).waitFor();
    assert.match((await decided.getByTestId('my-case-due').textContent())!, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(await decided.getByTestId('my-case-asked').textContent(), '领取决定文书评价服务');
    // The decision document downloads (the decision SMS says 请登录下载决定文书).
    const download = page.waitForEvent('download');
    await decided.getByTestId('my-doc-decision').click();
    assert.match((await download).suggestedFilename(), /\.pdf$/);
    const sup = page.getByTestId(`my-case-${waiting}`);
    await sup.getByTestId('my-case-status').filter({ hasText: '待补正材料' }).waitFor();
    assert.equal(await sup.getByTestId('my-case-asked').textContent(), '补正材料');

    // Rating from 我的办件: no ID number asked.
    await decided.getByText('评价服务').click();
    await page.waitForURL('**/track?caseNo=*#rating');
    const card = page.getByTestId('rating-card');
    await card.getByText('非常满意').click();
    await card.getByRole('button', { name: /提交评价/ }).click();
    await page.getByText('感谢您的评价').first().waitFor();
    await page.getByTestId('my-cases-link').click();
    assert.equal(await page.getByTestId(`my-case-${homesteadCase}`).getByTestId('my-case-asked').textContent(), '领取决定文书');

    // 我的举报: the real-name report with its tracking code; not the anonymous one, not the one without login.
    await page.getByRole('tab', { name: '我的举报' }).click();
    const item = page.getByTestId(`my-tipoff-${named.reportNo}`);
    await item.getByTestId('my-tipoff-status').filter({ hasText: '已接收' }).waitFor();
    await item.getByText(named.trackingCode).waitFor();
    assert.equal(await page.getByTestId(`my-tipoff-${anonymous.reportNo}`).count(), 0);
    assert.equal(await page.getByTestId(`my-tipoff-${noLogin.reportNo}`).count(), 0);
    assert.equal(await page.getByTestId('my-tipoffs').locator('.ant-list-item').count(), 1);
  });

  it('the reviewer’s opinion form closes once the department’s opinion is in', async () => {
    const citizen = await login(CITIZEN.phone);
    const caseNo = await applyByApi(citizen, TEMPORARY, { project_name: '石坪村施工便道', location: '播州区三岔镇', area_ha: 0.8, months: 12 });
    await api(await login('window'), 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    const reviewer = await j.staffLogin('reviewer', { width: 1440 });
    await reviewer.getByTestId('side-menu').getByText('审查待办', { exact: true }).click();
    await reviewer.getByTestId(`open-${caseNo}`).click();
    const panel = reviewer.getByTestId('opinion-panel');
    await panel.getByLabel('审查意见').fill('选址合理，同意');
    await panel.getByRole('button', { name: '提交意见' }).click();
    // Closed: the opinion shows, there is nothing to submit twice (the other department is still due).
    await panel.getByTestId('opinion-given').filter({ hasText: '选址合理，同意' }).waitFor();
    assert.equal(await panel.getByRole('button', { name: '提交意见' }).count(), 0);
    assert.equal(await reviewer.getByTestId('case-status').textContent(), '审查中');
    // Also after a reload.
    await reviewer.reload();
    await reviewer.getByTestId('opinion-panel').getByTestId('opinion-given').waitFor();
    assert.equal(await reviewer.getByTestId('opinion-panel').locator('textarea').count(), 0);
  });
});

describe('workbench to-dos', () => {
  it('the home page lists each module’s to-dos of the post with counts and links', async () => {
    const citizen = await login(CITIZEN.phone);
    const caseNo = await applyByApi(citizen, TEMPORARY, { project_name: '待受理便道', location: '播州区三岔镇', area_ha: 0.5, months: 6 });
    const db = j.server.testDb.owner;
    const waiting = await db.selectFrom('approvals.cases').select((e) => e.fn.countAll<number>().as('n'))
      .where('status', 'in', ['submitted', 'resubmitted']).where('orgPath', '=', 'cn.p52.c5203.x520304').executeTakeFirstOrThrow();
    assert.ok(Number(waiting.n) >= 1);

    const window = await j.staffLogin('window', { width: 1440 });
    const accept = window.getByTestId('todo-approvals.todos.accept');
    await accept.getByText('待受理的申请').waitFor();
    assert.equal(await accept.getByTestId('todo-count').textContent(), String(waiting.n));
    assert.equal(await window.getByTestId('todo-tipoffs.todos.triage').count(), 0, 'the window does not triage tip-offs');
    await accept.getByText('待受理的申请').click();
    await window.waitForURL('**/app/approvals-window');
    await window.getByTestId(`open-${caseNo}`).waitFor();

    // A public report waiting for triage (more may be there from the tests above).
    const c = await api(null, 'GET', '/api/public/tipoffs/challenge');
    await api(null, 'POST', '/api/public/tipoffs/reports', {
      violationType: 'mineral_illegal_mining', place: { divisionCode: '520304', address: '播州区某山脚', point: { lon: 106.83, lat: 27.54 } },
      party: '某采石场', facts: '无证开采石料，夜间有大型车辆运输。', files: [], reporter: { anonymous: true },
      pow: { challenge: c.challenge, nonce: solveChallenge(c.challenge, c.difficulty) },
    }, { 'idempotency-key': crypto.randomUUID() });
    const received = await db.selectFrom('tipoffs.reports').select((e) => e.fn.countAll<number>().as('n')).where('status', '=', 'received').executeTakeFirstOrThrow();
    const hotline = await j.staffLogin('hotline', { width: 1440 });
    const triage = hotline.getByTestId('todo-tipoffs.todos.triage');
    assert.equal(await triage.getByTestId('todo-count').textContent(), String(received.n));
    await triage.getByText('待判定的举报').click();
    await hotline.waitForURL('**/app/tipoffs?status=received');
    assert.equal(await hotline.getByTestId('todo-approvals.todos.accept').count(), 0);
  });
});
