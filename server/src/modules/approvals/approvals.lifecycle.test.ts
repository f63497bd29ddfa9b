import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, makeReviewer, PERSON, PERSON_LOGIN, uploadPdf } from './approvals.test-helpers.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);

describe('a case from application to delivery', () => {
  it('runs: apply → supplement round → accept → parallel review → legal → grant → deliver; the applicant tracks and downloads', async () => {
    const person = await login(t, PERSON_LOGIN);
    const window = await login(t, 'window');
    const landuse = await login(t, 'reviewer');
    const planning = await makeReviewer(t, 'rv_planning', '520304-PLANNING');
    const farmland = await makeReviewer(t, 'rv_farmland', '520304-FARMLAND');
    const legal = await makeReviewer(t, 'rv_legal', '520304-LEGAL');
    const leader = await login(t, 'leader');

    const guide = await call(t, null, 'GET', '/api/public/approvals/matters');
    assert.equal(guide.status, 200);
    assert.ok(guide.body.length >= 12, `matters: ${guide.body.length}`);

    const receipt = await applyOnline(t, person, { omit: ['red_line'] });
    assert.match(receipt.caseNo, /^520304\d{8}\d{5}$/);
    const caseNo = receipt.caseNo;

    const queue = await call(t, window, 'GET', '/api/approvals/window/queue');
    assert.ok(queue.body.some((c: any) => c.caseNo === caseNo && c.waitingMinutes !== null));

    await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/start-check`, {});
    const incomplete = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    assert.equal(incomplete.status, 422);
    assert.equal(incomplete.body.error.code, 'approvals.materials_incomplete');
    assert.deepEqual(incomplete.body.error.missing, ['red_line']);

    const sup = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/supplement-request`, {
      items: [{ key: 'red_line', reason: '缺少界址点坐标文本' }, { key: 'site_map', reason: '规划图未标注用地范围' }],
    });
    assert.equal(sup.status, 200, JSON.stringify(sup.body));
    assert.equal(sup.body.status, 'supplement_requested');
    assert.ok(sup.body.documents.some((d: any) => d.kind === 'supplement_notice'));

    // Exactly the listed items: another key is refused, a partial answer too; nothing is stored.
    const f1 = (await uploadPdf(t, person)).id;
    const f2 = (await uploadPdf(t, person)).id;
    const wrong = await call(t, person, 'POST', `/api/public/approvals/cases/${caseNo}/supplement`, { materials: { red_line: [f1], project_doc: [f2] } });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'approvals.material_not_requested');
    const partial = await call(t, person, 'POST', `/api/public/approvals/cases/${caseNo}/supplement`, { materials: { red_line: [f1] } });
    assert.equal(partial.status, 400);
    assert.equal(partial.body.error.code, 'approvals.supplement_incomplete');
    const answered = await call(t, person, 'POST', `/api/public/approvals/cases/${caseNo}/supplement`, { materials: { red_line: [f1], site_map: [f2] } });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.equal(answered.body.status, 'resubmitted');

    const accepted = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, { version: answered.body.version });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.status, 'in_review');
    assert.equal(accepted.body.acceptOverStandard, false);
    assert.ok(accepted.body.dueDate);
    assert.ok(accepted.body.deadlineExplanation.some((s: string) => s.includes('15 个工作日')));
    assert.equal(accepted.body.stages[0].status, 'active');
    assert.deepEqual(accepted.body.stages[0].departments, ['landuse', 'planning', 'farmland']);

    // Every department of the parallel stage sees the case at once.
    for (const [cookie, dept] of [[landuse, 'landuse'], [planning, 'planning'], [farmland, 'farmland']] as const) {
      const inbox = await call(t, cookie, 'GET', `/api/approvals/cases?department=${dept}`);
      assert.ok(inbox.body.some((c: any) => c.caseNo === caseNo), `${dept} inbox`);
    }
    // The legal department is not in this stage.
    const early = await call(t, legal, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '同意' });
    assert.equal(early.status, 403);
    assert.equal(early.body.error.code, 'approvals.not_your_department');

    for (const cookie of [landuse, planning]) {
      const r = await call(t, cookie, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '符合规划，同意' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.stages[0].status, 'active');
    }
    const twice = await call(t, landuse, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '再次同意' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'approvals.opinion_exists');
    const last = await call(t, farmland, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '不占永久基本农田' });
    assert.equal(last.body.stages[0].status, 'passed');
    assert.equal(last.body.stages[1].status, 'active');
    const legalOk = await call(t, legal, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '程序合法' });
    assert.equal(legalOk.body.status, 'pending_decision');

    const granted = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'granted', reason: '同意预审' });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    assert.equal(granted.body.status, 'decided');
    assert.equal(granted.body.decision, 'granted');
    assert.equal(granted.body.workdaysUsed, 0);
    const kinds = granted.body.documents.map((d: any) => d.kind);
    assert.deepEqual(kinds, ['receipt', 'supplement_notice', 'acceptance_notice', 'decision', 'licence']);

    const done = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/complete`, { delivery: 'pickup' });
    assert.equal(done.body.status, 'completed');

    // Tracking without login: the right pair works, a wrong ID number is the same 404 as a wrong case number.
    const track = await call(t, null, 'POST', '/api/public/approvals/track', { caseNo, idNumber: PERSON.idNumber.toLowerCase() });
    assert.equal(track.status, 200);
    assert.equal(track.body.status, 'completed');
    const timeline = track.body.events.map((e: any) => e.kind);
    assert.ok(timeline.includes('accepted'));
    assert.ok(timeline.indexOf('accepted') < timeline.indexOf('stage_started'), `受理 reads before 审查: ${timeline.join(' → ')}`);
    assert.ok(!track.body.events.some((e: any) => e.kind === 'opinion'), 'internal opinions stay internal');
    // The promised limit and the due-date explanation, step by step, as the case page gives them to staff.
    const page = await call(t, window, 'GET', `/api/approvals/cases/${caseNo}`);
    assert.equal(track.body.promisedDays, page.body.promisedDays);
    assert.ok(track.body.promisedDays > 0);
    assert.deepEqual(track.body.deadlineExplanation, page.body.deadlineExplanation);
    assert.match(track.body.deadlineExplanation[0], new RegExp(`^${track.body.acceptedOn} 起算`));
    assert.match(track.body.deadlineExplanation.at(-1), /^应办结日期 \d{4}-\d{2}-\d{2}$/);
    const comments = page.body.stages.flatMap((st: any) => st.opinions.map((o: any) => o.comment));
    assert.ok(comments.length > 0);
    for (const c of comments) assert.ok(!JSON.stringify(track.body).includes(c), `opinion "${c}" stays internal`);
    const badId = await call(t, null, 'POST', '/api/public/approvals/track', { caseNo, idNumber: '110101199003070011' });
    const badNo = await call(t, null, 'POST', '/api/public/approvals/track', { caseNo: '52030420990101000001', idNumber: PERSON.idNumber });
    assert.equal(badId.status, 404);
    assert.equal(badNo.status, 404);
    assert.deepEqual(badId.body, badNo.body);

    // The applicant downloads the licence.
    const licence = granted.body.documents.find((d: any) => d.kind === 'licence');
    const pdf = await t.inject({ method: 'GET', url: `/api/public/approvals/cases/${caseNo}/documents/${licence.documentId}/pdf`, headers: { cookie: person } });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

    // SMS at acceptance, supplement request, decision and pick-up, through the outbox.
    const sms = await t.testDb.owner.selectFrom('notify.outbox').select('body').where('channel', '=', 'sms').where('recipient', '=', PERSON.phone).execute();
    for (const word of ['需补正', '已于', '准予许可', '窗口领取']) assert.ok(sms.some((s) => s.body.includes(word)), `SMS with ${word}`);

    // Every transition is audited.
    const actions = (await t.testDb.owner.selectFrom('audit.entries').select('action').where('entityType', '=', 'approvals.case').execute()).map((a) => a.action);
    for (const a of ['approvals.case.submitted', 'approvals.case.supplement_requested', 'approvals.case.resubmitted', 'approvals.case.accepted', 'approvals.case.reviewed', 'approvals.case.decided', 'approvals.case.completed']) {
      assert.ok(actions.includes(a), a);
    }
  });

  it('refuses with reasons and appeal rights, and a refused case cannot be accepted', async () => {
    const person = await login(t, PERSON_LOGIN);
    const window = await login(t, 'window');
    const { caseNo } = await applyOnline(t, person);
    const r = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/refuse`, { reason: '该项目不在本机关审批权限内', competentAgency: '遵义市自然资源局' });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'refused');
    assert.equal(r.body.refusalReason, '该项目不在本机关审批权限内');
    assert.ok(r.body.documents.some((d: any) => d.kind === 'refusal_notice'));
    const again = await call(t, window, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'approvals.case_not_acceptable');
  });

  it('takes walk-in applications at the window and numbers cases gapless per day', async () => {
    const window = await login(t, 'window');
    const f = (await uploadPdf(t, window, '/api/files')).id;
    const materials = { approval_doc: [f], pre_review: [f], planning_cond: [f], survey_map: [f], applicant_id: [f] };
    const a = await call(t, window, 'POST', '/api/approvals/cases', { matterCode: '520304-XK-0003', applicant: PERSON, formData: { project_name: '镇卫生院', location: '鸭溪镇', area_ha: 0.8, purpose: '公共管理与公共服务' }, materials });
    const b = await call(t, window, 'POST', '/api/approvals/cases', { matterCode: '520304-XK-0003', applicant: PERSON, formData: { project_name: '村小学', location: '鸭溪镇', area_ha: 0.5, purpose: '公共管理与公共服务' }, materials });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal(Number(b.body.caseNo.slice(-5)), Number(a.body.caseNo.slice(-5)) + 1);
    const acc = await call(t, window, 'POST', `/api/approvals/cases/${a.body.caseNo}/accept`, {});
    assert.equal(acc.body.status, 'in_review');
    assert.equal(typeof acc.body.acceptSeconds, 'number');
    const bad = await call(t, window, 'POST', '/api/approvals/cases', { matterCode: '520304-XK-0003', applicant: { ...PERSON, idNumber: '520304199003071230' }, formData: {}, materials: {} });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'applicant.idNumber');
    const badForm = await call(t, window, 'POST', '/api/approvals/cases', { matterCode: '520304-XK-0003', applicant: PERSON, formData: { project_name: 'x', location: 'y', area_ha: 'big', purpose: '工业' }, materials: {} });
    assert.equal(badForm.status, 400);
    assert.equal(badForm.body.error.field, 'formData.area_ha');
    assert.match(badForm.body.error.reasonZh, /^.+应为数字$/);
  });
});
