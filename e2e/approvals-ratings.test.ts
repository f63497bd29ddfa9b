/**
 * 好差评 and 公示 in the browser, on the real server: a decided case gets a bad rating (through
 * the API, as the tracking page sends it) → the leader sees the task on the 好差评 page, records
 * the call back and reports the rectification done → the public /disclosure page lists the
 * decision with the applicant's name masked.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { declareNextCalendarYear, DEMO_PASSWORD } from '../server/test/harness.ts';
import { useJourney } from './journey.ts';

const MATTER = '520304-QR-0001'; // 土地抵押登记: one land-use stage
const CITIZEN = { kind: 'person', name: '王小明', idNumber: '52030419900307123X', phone: '13885200001' };
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'));

const j = useJourney('approvals-ratings', { setup: (server) => declareNextCalendarYear(server.testDb.owner) });
const newPage = () => j.newPage({ width: 1440 });

async function login(username: string): Promise<string> {
  const res = await fetch(`${j.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  assert.equal(res.status, 200, await res.text());
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sunland_session='));
  assert.ok(cookie);
  return cookie.split(';')[0]!;
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

/** A 土地抵押登记 case applied online, accepted, reviewed and granted; then rated 非常不满意. */
async function badlyRatedCase(): Promise<string> {
  const person = await login(CITIZEN.phone);
  const guide = await api(null, 'GET', `/api/public/approvals/matters/${MATTER}`);
  const materials: Record<string, string[]> = {};
  for (const m of guide.materials as { key: string; required: boolean; kind: string }[]) {
    if (!m.required || m.kind !== 'file') continue;
    const form = new FormData();
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'scan.pdf');
    const res = await fetch(`${j.server.url}/api/public/approvals/uploads`, { method: 'POST', headers: { cookie: person }, body: form });
    assert.equal(res.status, 201);
    materials[m.key] = [(await res.json()).id];
  }
  const { caseNo } = await api(person, 'POST', '/api/public/approvals/cases', {
    matterCode: MATTER, applicant: CITIZEN, formData: { cert_no: '黔(2025)播州区不动产权第0009号', amount: 200, term_end: '2029-06-30' }, materials,
  });
  await api(await login('window'), 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
  await api(await login('reviewer'), 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意登记' });
  await api(await login('leader'), 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'granted', reason: '' });
  await api(null, 'POST', `/api/public/approvals/cases/${caseNo}/rating`, { idNumber: CITIZEN.idNumber, level: 1, tags: ['多次跑腿'], comment: '窗口让我跑了三次' });
  return caseNo;
}

describe('好差评 and 公示 in the browser', () => {
  it('the leader handles a bad rating; the decision is public with the name masked', async () => {
    const caseNo = await badlyRatedCase();

    const page = await newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('leader');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL('**/app');
    await page.getByTestId('side-menu').getByText('好差评', { exact: true }).click();
    await page.waitForURL('**/app/approvals-ratings');
    await page.getByText(caseNo).first().waitFor();
    assert.match(await page.getByTestId('ratings-dist-1').textContent() ?? '', /非常不满意\s*1/);

    await page.getByRole('tab', { name: '差评整改' }).click();
    await page.getByTestId(`visit-${caseNo}`).click();
    await page.getByLabel('回访记录').fill('已电话回访，申请人反映材料需多次提交');
    await page.getByRole('button', { name: /OK|确\s*定/ }).click();
    await page.getByTestId(`complete-${caseNo}`).click();
    await page.getByLabel('整改结果').fill('已实行一次性告知并精简抵押登记材料');
    await page.getByRole('button', { name: /OK|确\s*定/ }).click();
    // The result shows in the task's table cell once saved (the dialog's textarea holds the same
    // text, so wait on the cell, and for the action to go).
    await page.locator('td', { hasText: '已实行一次性告知并精简抵押登记材料' }).waitFor();
    await page.getByTestId(`complete-${caseNo}`).waitFor({ state: 'detached' });
    const st = await api(null, 'GET', `/api/public/approvals/cases/${caseNo}/rating?idNumber=${CITIZEN.idNumber}`);
    assert.equal(st.rectification.status, 'done');
    assert.equal(st.canFollowUp, true);

    const pub = await newPage();
    await pub.goto('/');
    await pub.getByRole('link', { name: '审批结果公示' }).click();
    await pub.waitForURL('**/disclosure');
    const search = pub.getByPlaceholder('办件编号、事项、申请人或文号');
    await search.fill(caseNo);
    await search.press('Enter');
    const row = pub.locator('tr', { hasText: caseNo });
    await row.waitFor();
    assert.match(await row.textContent() ?? '', /王\*\*/);
    assert.match(await row.textContent() ?? '', /准予登记/); // 土地抵押登记 is a 行政确认
    const html = await pub.content();
    assert.ok(!html.includes(CITIZEN.idNumber) && !html.includes('王小明'));
  });
});
