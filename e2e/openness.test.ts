/**
 * 互动交流 and the 阳光 board in the browser, on the real server: a citizen writes to the 局长信箱
 * on the server-rendered form (the page solves the proof of work) → the office answers in the
 * workbench → the leader publishes it, masked → the public letter page shows no name or phone →
 * the writer reads the reply and rates it with plain forms → the /sunshine board shows a case
 * decided during the test (on a phone-width screen too).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { declareNextCalendarYear, DEMO_PASSWORD } from '../server/test/harness.ts';
import { useJourney } from './journey.ts';

const MATTER = '520304-QR-0001'; // 土地抵押登记: one land-use stage
const CITIZEN = { kind: 'person', name: '王小明', idNumber: '52030419900307123X', phone: '13885200001' };
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'));
const WRITER = { name: '陈大为', phone: '13712345678' };

const j = useJourney('openness', { setup: (server) => declareNextCalendarYear(server.testDb.owner) });

async function login(username: string): Promise<string> {
  const res = await fetch(`${j.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  assert.equal(res.status, 200, await res.text());
  return res.headers.getSetCookie().find((c) => c.startsWith('sunland_session='))!.split(';')[0]!;
}

async function api(cookie: string | null, method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(`${j.server.url}${url}`, {
    method, headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A 土地抵押登记 case applied online, accepted, reviewed and granted now. */
async function decideCase(): Promise<void> {
  const person = await login(CITIZEN.phone);
  const guide = await api(null, 'GET', `/api/public/approvals/matters/${MATTER}`);
  const materials: Record<string, string[]> = {};
  for (const m of guide.materials as { key: string; required: boolean; kind: string }[]) {
    if (!m.required || m.kind !== 'file') continue;
    const form = new FormData();
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'scan.pdf');
    const res = await fetch(`${j.server.url}/api/public/approvals/uploads`, { method: 'POST', headers: { cookie: person }, body: form });
    materials[m.key] = [(await res.json()).id];
  }
  const { caseNo } = await api(person, 'POST', '/api/public/approvals/cases', {
    matterCode: MATTER, applicant: CITIZEN, formData: { cert_no: '黔(2025)播州区不动产权第0012号', amount: 100, term_end: '2029-06-30' }, materials,
  });
  await api(await login('window'), 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
  await api(await login('reviewer'), 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意登记' });
  await api(await login('leader'), 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'granted', reason: '' });
}

const month = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
async function bozhouCompleted(): Promise<number> {
  const b = await api(null, 'GET', `/api/open/performance?from=${month()}&to=${month()}`);
  return b.rows.find((r: { countyCode: string }) => r.countyCode === '520304')?.approvals.completed ?? 0;
}

describe('互动交流 and the 阳光 board', () => {
  it('a letter is written, answered and published masked; the writer rates the reply; the board shows a case decided now', async () => {
    // The citizen writes on the server-rendered form; its script solves the proof of work.
    const pub = await j.newPage({ width: 1440 });
    await pub.goto('/hudong/write');
    const bureau = await j.server.testDb.owner.selectFrom('orgs.org_units').select('name').where('code', '=', '520304-B').executeTakeFirstOrThrow();
    await pub.getByLabel('收信单位').selectOption({ label: bureau.name });
    await pub.getByLabel('标题', { exact: true }).fill('宅基地审批需要多长时间');
    await pub.getByLabel('内容', { exact: true }).fill(`我叫${WRITER.name}，电话${WRITER.phone}。想问宅基地审批一般需要多少个工作日？`);
    await pub.getByLabel('姓名', { exact: true }).fill(WRITER.name);
    await pub.getByLabel('手机号码').fill(WRITER.phone);
    await pub.getByLabel(/同意在隐去/).check();
    await pub.getByRole('button', { name: '提交' }).click();
    await pub.getByRole('heading', { name: '来信已收到' }).waitFor();
    const letterNo = (await pub.locator('#letter-no').textContent())!.trim();
    const queryCode = (await pub.locator('#query-code').textContent())!.trim();
    assert.match(letterNo, /^XX\d{8}[0-9A-F]{6}$/);

    // The office answers in the workbench.
    const office = await j.staffLogin('office', { width: 1440 });
    await office.getByRole('menuitem', { name: '来信办理' }).click();
    await office.getByTestId(`letter-reply-${letterNo}`).click();
    await office.getByLabel('答复内容').fill('宅基地审批由乡镇国土资源所受理，承诺在20个工作日内办结。');
    await office.getByTestId('letter-save').click();
    await office.getByRole('cell', { name: '已答复' }).waitFor();

    // The leader publishes it; the masked texts are proposed.
    const leader = await j.staffLogin('leader', { width: 1440 });
    await leader.getByRole('menuitem', { name: '来信办理' }).click();
    await leader.getByTestId(`letter-publish-${letterNo}`).click();
    const dlg = leader.getByRole('dialog', { name: /公开来信/ });
    assert.ok(!(await dlg.getByLabel('公开内容').inputValue()).includes(WRITER.phone));
    await j.audit(leader);
    await leader.getByTestId('letter-save').click();
    await leader.getByRole('cell', { name: '已公开' }).waitFor();

    // The public page of the letter: no name, no phone.
    await pub.goto('/hudong');
    await pub.getByRole('link', { name: '宅基地审批需要多长时间' }).click();
    await pub.getByRole('heading', { name: '答复内容' }).waitFor();
    const text = await pub.locator('main').innerText();
    assert.ok(!text.includes(WRITER.name) && !text.includes(WRITER.phone), text);
    assert.match(text, /20个工作日内办结/);

    // The writer reads the reply and rates it, without any script.
    await pub.goto('/hudong/check');
    await pub.getByLabel('信件编号').fill(letterNo);
    await pub.getByLabel('查询码').fill(queryCode);
    await pub.getByRole('button', { name: '查询答复与评价' }).click();
    await pub.getByLabel('非常满意').check();
    await pub.getByRole('button', { name: '提交评价' }).click();
    await pub.getByText('已评价：非常满意').waitFor();

    // The board: a case decided during the test is counted, in the table and the chart.
    const before = await bozhouCompleted();
    await decideCase();
    assert.equal(await bozhouCompleted(), before + 1);
    const phone = await j.newPage({ width: 390 });
    await phone.goto('/sunshine');
    const row = phone.locator('#sunshine-table tbody tr').filter({ has: phone.getByRole('rowheader', { name: '播州区' }) }).filter({ has: phone.getByRole('rowheader', { name: month() }) });
    assert.equal(await row.locator('td').nth(1).textContent(), String(before + 1), 'completed');
    await phone.locator('#sunshine-chart svg').waitFor();
  });

  it('the 政务公开 pages and the workbench pages pass axe, in both languages and on a phone', async () => {
    const office = await login('office');
    const leader = await login('leader');
    const { id } = await api(office, 'POST', '/api/openness/entries', { category: 'ZCWJ', title: '关于规范农村宅基地审批管理的通知', docNo: '播自然资发〔2026〕3号', body: '各乡镇国土资源所：\n现将有关事项通知如下。' });
    await api(office, 'POST', `/api/openness/entries/${id}/submit`, {});
    const { indexNo } = await api(leader, 'POST', `/api/openness/entries/${id}/publish`, {});
    const survey = await api(office, 'POST', '/api/openness/surveys', { title: '您对窗口服务是否满意？', options: ['满意', '不满意'], closesOn: '2099-12-31' });
    await api(office, 'POST', `/api/openness/surveys/${survey.id}/status`, { status: 'open' });
    const phone = await j.newPage({ width: 390, height: 844 });
    for (const path of ['/gk', `/gk/xxgk/${indexNo}`, '/gk/guide', '/gk/ndbg', `/hudong/surveys/${survey.id}`, '/gk?lang=en-US', '/hudong', '/sunshine']) {
      await phone.goto(path);
      await phone.locator('h1').first().waitFor();
      await j.audit(phone);
    }
    await phone.goto('/gk?lang=zh-CN');
    await phone.getByRole('link', { name: '关于规范农村宅基地审批管理的通知' }).waitFor();
    const staff = await j.staffLogin('leader', { width: 1440 });
    for (const item of ['公开审核', '网上调查']) {
      await staff.getByRole('menuitem', { name: item }).click();
      await staff.getByRole('cell', { name: item === '公开审核' ? indexNo : '您对窗口服务是否满意？' }).waitFor();
      await j.audit(staff);
    }
  });
});
