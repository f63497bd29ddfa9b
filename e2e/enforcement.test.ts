/**
 * 执法监察 in the browser, on the real server (short): a tip-off disposed as "case filed" → the
 * case opens with the tip-off attached (seen on the case page) → inquiry + site record with a
 * photo → legal review → notice → decision with the calculator's amount → fine paid → closed →
 * the decision on the public /disclosure page, the person masked → the reporter's tracking page
 * shows the outcome. The stage steps go through the API (the unit tests cover every rule); the
 * pages that people read are checked in the browser at 1440 and 390 px.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD } from '../server/test/harness.ts';
import { solveChallenge } from '../server/src/modules/tipoffs/index.ts';
import { RESULTS, useJourney } from './journey.ts';

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

    // The case page shows the tip-off attached.
    const page = await j.staffLogin('leader', { width: 1440 });
    await page.goto(`/app/enforcement?id=${id}`);
    await page.getByTestId('case-detail').getByRole('listitem').filter({ hasText: sub.reportNo }).getByText('举报', { exact: true }).waitFor();
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'enforcement-case-1440.png'), fullPage: true });

    await api(leader, 'POST', `/api/enforcement/cases/${id}/file`, { opinion: '同意立案' });
    await api(inspector, 'POST', `/api/enforcement/cases/${id}/records`, { kind: 'inquiry', recordedOn: today(), title: '对王某的询问笔录', content: '问：是否转让承包地？\n答：是。' });
    await api(inspector, 'POST', `/api/enforcement/cases/${id}/records`, { kind: 'site', recordedOn: today(), title: '现场勘验笔录', content: '现场新建房屋一栋。', files: [await upload(inspector)] });
    const calc = await api(inspector, 'POST', '/api/enforcement/calculate', { violationKind: 'illegal_transfer', facts: { illegalGains: 40000 } });
    assert.equal(calc.amount, 12000);
    await api(inspector, 'POST', `/api/enforcement/cases/${id}/propose`, {
      violationKind: 'illegal_transfer', facts: { illegalGains: 40000 }, party: { kind: 'person', name: '王大山', idNumber: '520304197001011234', address: '播州区三岔镇某村' },
      fine: calc.amount, measures: {},
    });
    await api(inspector, 'POST', `/api/enforcement/cases/${id}/submit-review`, {});
    await api(legal, 'POST', `/api/enforcement/cases/${id}/review`, { approve: true, opinion: '事实清楚，裁量适当。' });
    await api(inspector, 'POST', `/api/enforcement/cases/${id}/notice`, { servedOn: today() });
    await api(inspector, 'POST', `/api/enforcement/cases/${id}/defence`, { text: '无异议。' });
    await api(leader, 'POST', `/api/enforcement/cases/${id}/decide`, { penalty: { fine: calc.amount }, legalBasis: '《中华人民共和国土地管理法》第七十四条' });
    await api(inspector, 'POST', `/api/enforcement/cases/${id}/execution`, { finePaid: calc.amount, note: '罚款已缴清。', files: [await upload(inspector)], complete: true });
    await api(leader, 'POST', `/api/enforcement/cases/${id}/close`, { note: '同意结案。' });

    await page.reload();
    await page.getByTestId('case-detail').getByText('已结案').first().waitFor();
    await page.getByTestId('case-detail').getByText('行政处罚决定书').first().waitFor();

    // The decision on the portal, the person masked.
    for (const width of [1440, 390]) {
      const pub = await j.newPage({ width });
      await pub.goto('/disclosure');
      const row = pub.getByTestId('penalty-disclosures').getByRole('row').filter({ hasText: caseNo });
      await row.waitFor();
      const text = await row.innerText();
      assert.match(text, /王\*\*/);
      assert.ok(!text.includes('王大山') && !text.includes('520304197001011234'), text);
      await pub.screenshot({ path: path.join(RESULTS, `enforcement-disclosure-${width}.png`), fullPage: true });
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
