/**
 * The case documents say what happened: the decision and its documents follow the matter's
 * type (a 行政确认 is not 准予许可), and the receipt and the acceptance notice list the materials
 * received, not the whole checklist.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractText, getDocumentProxy } from 'unpdf';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, PERSON, PERSON_LOGIN, uploadPdf } from './approvals.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);

const MORTGAGE = '520304-QR-0001'; // 土地抵押登记, a 行政确认 reviewed by 自然资源开发利用股 (reviewer)
const MORTGAGE_FORM = { cert_no: '黔(2025)播州区不动产权第0001234号', amount: 300, term_end: '2029-12-31' };

async function pdfText(cookie: string, caseNo: string, documentId: number): Promise<string> {
  const res = await t.inject({ method: 'GET', url: `/api/approvals/cases/${caseNo}/documents/${documentId}/pdf`, headers: { cookie } });
  assert.equal(res.statusCode, 200, res.body);
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(res.rawPayload)), { mergePages: true });
  return text.replace(/\s+/g, '');
}

async function toDecision(caseNo: string, window: string, reviewer: string): Promise<void> {
  const accepted = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  const opinion = await call(t, reviewer, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '权属清楚，同意' });
  assert.equal(opinion.body.status, 'pending_decision', JSON.stringify(opinion.body));
}

const smsOf = async (caseNo: string) => (await t.testDb.owner.selectFrom('notify.outbox').select('body')
  .where('channel', '=', 'sms').where('recipient', '=', PERSON.phone).where('body', 'like', `%${caseNo}%`).execute()).map((s) => s.body);

describe('a 行政确认 (土地抵押登记) is decided as a registration, not a licence', () => {
  it('a grant reads 准予登记 and issues a 登记证明, with no 行政许可 wording, licence or SMS', async () => {
    const [person, window, reviewer, leader] = [await login(t, PERSON_LOGIN), await login(t, 'window'), await login(t, 'reviewer'), await login(t, 'leader')];
    const { caseNo } = await applyOnline(t, person, { matter: MORTGAGE, form: MORTGAGE_FORM });
    await toDecision(caseNo, window, reviewer);
    const granted = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'granted', reason: '' });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    assert.deepEqual(granted.body.documents.map((d: any) => d.kind), ['receipt', 'acceptance_notice', 'certificate']);
    const cert = granted.body.documents.at(-1);
    assert.match(cert.docNo, /证〔\d{4}〕\d+号$/, 'numbered as a 证明, not a 许决');
    const text = await pdfText(window, caseNo, cert.documentId);
    assert.ok(text.includes('土地抵押登记证明'), text);
    assert.ok(text.includes('准予登记'), text);
    assert.ok(!text.includes('许可'), `no 许可 wording: ${text}`);
    assert.equal(granted.body.matterType, '行政确认');
    assert.equal(granted.body.decisionWording, 'registration');
    const track = await call(t, null, 'POST', '/api/public/approvals/track', { caseNo, idNumber: PERSON.idNumber });
    assert.equal(track.body.decisionWording, 'registration', 'the applicant\'s tracking page words it 准予登记 too');
    const pub = await call(t, null, 'GET', `/api/public/approvals/disclosures?q=${caseNo}`);
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    assert.equal(pub.body.items[0].decisionWording, 'registration', 'and so does the public disclosure');
    const sms = await smsOf(caseNo);
    assert.ok(sms.some((s) => s.includes('已准予登记')), sms.join('\n'));
    assert.ok(!sms.some((s) => s.includes('许可')), sms.join('\n'));
  });

  it('a denial is a 不予登记告知书 with the reasons and the appeal rights', async () => {
    const [person, window, reviewer, leader] = [await login(t, PERSON_LOGIN), await login(t, 'window'), await login(t, 'reviewer'), await login(t, 'leader')];
    const { caseNo } = await applyOnline(t, person, { matter: MORTGAGE, form: MORTGAGE_FORM });
    await toDecision(caseNo, window, reviewer);
    const denied = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'denied', reason: '抵押财产已被查封，不能办理抵押登记' });
    assert.equal(denied.status, 200, JSON.stringify(denied.body));
    const doc = denied.body.documents.at(-1);
    assert.equal(doc.kind, 'notice');
    const text = await pdfText(window, caseNo, doc.documentId);
    for (const w of ['不予登记告知书', '决定不予登记', '《不动产登记暂行条例》第二十二条', '抵押财产已被查封', '行政复议']) assert.ok(text.includes(w), `${w}: ${text}`);
    assert.ok(!text.includes('许可'), text);
    assert.ok((await smsOf(caseNo)).some((s) => s.includes('作出不予登记决定')));
  });

  it('a 行政许可 still reads 准予行政许可 and gets its licence', async () => {
    const [person, window, leader] = [await login(t, PERSON_LOGIN), await login(t, 'window'), await login(t, 'leader')];
    const { caseNo } = await applyOnline(t, person, { matter: '520304-XK-0004', form: { project_name: '临时施工便道', location: '播州区三岔镇', area_ha: 0.4, months: 12 } });
    await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    // Straight to the decision: this test is about the wording only.
    await t.testDb.owner.updateTable('approvals.cases').set({ status: 'pending_decision', currentStage: null }).where('caseNo', '=', caseNo).execute();
    const granted = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'granted', reason: '' });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    assert.deepEqual(granted.body.documents.slice(-2).map((d: any) => d.kind), ['decision', 'licence']);
    assert.ok((await pdfText(window, caseNo, granted.body.documents.at(-2).documentId)).includes('决定准予行政许可'));
    assert.ok((await smsOf(caseNo)).some((s) => s.includes('已准予许可')));
  });
});

describe('the receipt and the acceptance notice list what was received', () => {
  it('leave out an optional material that was not submitted (占用永久基本农田的论证材料) and count the files', async () => {
    const [person, window] = [await login(t, PERSON_LOGIN), await login(t, 'window')];
    const { caseNo } = await applyOnline(t, person);
    const accepted = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const byKind = (k: string) => accepted.body.documents.find((d: any) => d.kind === k).documentId as number;
    const notice = await pdfText(window, caseNo, byKind('acceptance_notice'));
    const receipt = await pdfText(window, caseNo, byKind('receipt'));
    for (const text of [notice, receipt]) {
      assert.ok(text.includes('项目用地范围界址点坐标'), text);
      assert.ok(!text.includes('占用永久基本农田的论证材料'), `not submitted, not listed: ${text}`);
    }
    assert.ok(notice.includes('收到的申请材料'), notice);
  });

  it('list the optional material when it was submitted', async () => {
    const [person, window] = [await login(t, PERSON_LOGIN), await login(t, 'window')];
    const guide = (await call(t, null, 'GET', '/api/public/approvals/matters/520304-XK-0001')).body;
    const materials: Record<string, string[]> = {};
    for (const m of guide.materials as { key: string; required: boolean; kind: string }[]) {
      if (m.kind === 'file') materials[m.key] = [(await uploadPdf(t, person)).id];
    }
    materials.site_map!.push((await uploadPdf(t, person)).id);
    const res = await call(t, person, 'POST', '/api/public/approvals/cases', {
      matterCode: '520304-XK-0001', applicant: PERSON, formData: { project_name: '占用耕地的道路', location: '播州区三岔镇', area_ha: 2, purpose: '交通运输' }, materials,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const accepted = await call(t, window, 'POST', `/api/approvals/cases/${res.body.caseNo}/accept`, {});
    const notice = await pdfText(window, res.body.caseNo, accepted.body.documents.find((d: any) => d.kind === 'acceptance_notice').documentId);
    assert.ok(notice.includes('占用永久基本农田的论证材料原件1'), notice);
    assert.ok(notice.includes('标注项目用地范围的土地利用现状图和国土空间规划图原件2'), notice);
  });
});
