import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import {
  BOZHOU_POINT, call, chinaToday, loginAs, nextIp, reportBody, reportIdOf, setPowDifficulty, submitPublic, toFeedback, uploadEvidence,
} from './tipoffs.test-helpers.ts';

const t: TestApp = await startTestApp();
await setPowDifficulty(t, 0);
const db = t.testDb.owner;
const track = async (code: string) => {
  const res = await t.inject({ method: 'POST', url: '/api/public/tipoffs/track', remoteAddress: nextIp(), payload: { trackingCode: code } });
  assert.equal(res.statusCode, 200, res.body);
  return json(res);
};

describe('the ledger from receipt to close-out', () => {
  it('runs received → accepted → assigned → verified → disposed → feedback → closed, and the reporter sees the feedback', async () => {
    const { id, trackingCode, hotline, inspector } = await toFeedback(t);
    let v = (await call(t, hotline, 'GET', `/api/tipoffs/reports/${id}`)).body;
    assert.equal(v.status, 'feedback_given');
    assert.equal(v.assignment.mode, 'transfer');
    assert.equal(v.assignment.countyCode, '520304');
    assert.equal(v.assignment.assignedByOrgPath, 'cn.p52.c5203');
    assert.equal(v.orgPath, 'cn.p52.c5203.x520304');
    assert.deepEqual(v.closeChecklist, { disposal: true, evidence: true, feedback: true, signOffOrgPath: 'cn.p52.c5203' });
    assert.deepEqual(v.deadlines.map((d: { stage: string }) => d.stage), ['triage', 'assign', 'verify', 'dispose', 'feedback', 'close']);
    assert.equal(v.feedback.recipients, 1);
    const sms = await db.selectFrom('notify.outbox').select(['recipient', 'body']).where('dedupeKey', 'like', `tipoffs:feedback:${id}:%`).where('channel', '=', 'sms').execute();
    assert.equal(sms.length, 1);
    assert.ok(sms[0]!.body.includes('恢复原状'));
    // The county that did the work cannot close it; the city that assigned it signs off.
    const own = await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/close`, {});
    assert.equal(own.status, 403);
    const closed = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/close`, { note: '核查属实，已整改到位，同意销号。' });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.status, 'closed');
    assert.equal(closed.body.stage, null);
    v = await track(trackingCode);
    assert.equal(v.status, 'closed');
    assert.equal(v.feedback.outcome, 'stopped_rectified');
    assert.ok(v.feedback.text.includes('恢复原状'));
    assert.deepEqual(v.events.map((e: { kind: string }) => e.kind), ['received', 'accepted', 'assigned', 'verified', 'disposed', 'feedback_given', 'closed']);
    const audit = await db.selectFrom('audit.entries').select('action').where('entityType', '=', 'tipoffs.report').where('entityId', '=', String(id)).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action).filter((a) => a !== 'tipoffs.reporter.read'),
      ['tipoffs.report.received', 'tipoffs.report.triaged', 'tipoffs.report.assigned', 'tipoffs.report.verified', 'tipoffs.report.disposed', 'tipoffs.report.feedback_given', 'tipoffs.report.closed']);
  });

  it('交办 needs a deadline, which becomes the due date of verification and disposal, and a case number when a case is filed', async () => {
    const sub = await submitPublic(t, reportBody({ violationType: 'mineral_illegal_mining', facts: '夜间在河道非法采砂，多台挖掘机作业。' }));
    const id = await reportIdOf(t, sub.body.reportNo);
    const hotline = await loginAs(t, 'hotline');
    const inspector = await loginAs(t, 'inspector');
    await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept' });
    const noDue = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'assign' });
    assert.equal(noDue.status, 400);
    assert.equal(noDue.body.error.field, 'dueDate');
    const due = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);
    const a = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'assign', dueDate: due, instructions: '请于期限内报送办理结果。' });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.stageDueDate, due);
    const inapp = await db.selectFrom('notify.outbox').select('subject').where('channel', '=', 'inapp').where('subject', 'like', `%${sub.body.reportNo}%`).execute();
    assert.ok(inapp.some((m) => m.subject!.startsWith('【交办】')), 'the county handlers are told');
    const photo = await uploadEvidence(t, inspector);
    await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/verify`, { verifiedOn: chinaToday(), findings: '现场发现采砂设备和砂堆。', violationFound: true, evidence: [photo] });
    // Without a typed number the enforcement module opens the case instead (enforcement.lifecycle.test.ts).
    const wrong = await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/dispose`, { outcome: 'no_violation', summary: '未发现违法。' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.field, 'outcome');
    const d = await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/dispose`, { outcome: 'case_filed', caseNo: '播自然资立〔2026〕12号', summary: '已立案查处，没收违法所得。' });
    assert.equal(d.status, 200);
    assert.equal(d.body.disposal.caseNo, '播自然资立〔2026〕12号');
    const back = await db.selectFrom('notify.outbox').select('subject').where('channel', '=', 'inapp').where('subject', '=', `【交办件办结报告】${sub.body.reportNo}`).execute();
    assert.ok(back.length >= 1, 'the report back reaches the assigning level');
  });

  it('refuses out-of-scope matters at triage with the reason and where to go instead', async () => {
    const sub = await submitPublic(t, reportBody({ facts: '邻居占了我家宅基地，双方对土地归属有争议。', reporter: { anonymous: true, phone: '13800000077' } }));
    const id = await reportIdOf(t, sub.body.reportNo);
    const hotline = await loginAs(t, 'hotline');
    const r = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'refuse', reason: 'ownership_dispute' });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'refused');
    const v = await track(sub.body.trackingCode);
    assert.equal(v.refusal.reason, 'ownership_dispute');
    assert.match(v.refusal.redirect, /人民政府/);
    const sms = await db.selectFrom('notify.outbox').select('body').where('recipient', '=', '13800000077').where('body', 'like', '%不予受理%').execute();
    assert.equal(sms.length, 1);
    const again = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'tipoffs.report_wrong_state');
  });

  it('refuses a stale version', async () => {
    const sub = await submitPublic(t, reportBody());
    const id = await reportIdOf(t, sub.body.reportNo);
    const hotline = await loginAs(t, 'hotline');
    const r = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept', version: 99 });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'tipoffs.report_state_changed');
  });
});

describe('nothing closes unanswered', () => {
  it('refuses to close without disposal, without evidence, and without feedback', async () => {
    const hotline = await loginAs(t, 'hotline');
    const inspector = await loginAs(t, 'inspector');
    const sub = await submitPublic(t, reportBody({ place: { divisionCode: '520304', address: '播州区鸭溪镇', point: { lon: 106.62, lat: 27.58 } } }));
    const id = await reportIdOf(t, sub.body.reportNo);
    await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept' });
    await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer' });
    let c = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/close`, {});
    assert.equal(c.status, 409);
    assert.equal(c.body.error.code, 'tipoffs.close_needs_disposal');
    await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/verify`, { verifiedOn: chinaToday(), findings: '现场未发现违法建设。', violationFound: false });
    await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/dispose`, { outcome: 'no_violation', summary: '经核查不存在违法行为。' });
    c = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/close`, {});
    assert.equal(c.status, 409);
    assert.equal(c.body.error.code, 'tipoffs.close_needs_evidence');
    const photo = await uploadEvidence(t, inspector);
    const ev = await call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/evidence`, { files: [photo], note: '现场照片' });
    assert.equal(ev.status, 200);
    c = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/close`, {});
    assert.equal(c.status, 409);
    assert.equal(c.body.error.code, 'tipoffs.close_needs_feedback');
    const row = await db.selectFrom('tipoffs.reports').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'disposed');
  });
});

describe('reopening when the reporter disputes the feedback', () => {
  it('sends the report back to the county for verification and counts the reopening', async () => {
    const { id, trackingCode, hotline, inspector } = await toFeedback(t);
    const res = await t.inject({ method: 'POST', url: '/api/public/tipoffs/track/dispute', remoteAddress: nextIp(), payload: { trackingCode, reason: '现场仍在施工，并未停止。' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).status, 'assigned');
    const v = (await call(t, hotline, 'GET', `/api/tipoffs/reports/${id}`)).body;
    assert.equal(v.reopenCount, 1);
    assert.equal(v.disposal, null);
    assert.equal(v.feedback, null);
    assert.equal(v.stage, 'verify');
    const c = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/close`, {});
    assert.equal(c.body.error.code, 'tipoffs.close_needs_disposal');
    const told = await db.selectFrom('notify.outbox').select('subject').where('channel', '=', 'inapp').where('subject', 'like', '【举报人异议%').execute();
    assert.ok(told.length >= 1);
    // Disputing again before new feedback is refused.
    const again = await t.inject({ method: 'POST', url: '/api/public/tipoffs/track/dispute', remoteAddress: nextIp(), payload: { trackingCode, reason: '再次提出异议。' } });
    assert.equal(again.statusCode, 409);
    assert.equal(json(again).error.code, 'tipoffs.dispute_not_allowed');
    void inspector;
  });
});

describe('duplicates', () => {
  it('proposes a nearby recent report for merging; merged reporters all get the feedback', async () => {
    const p = { lon: 106.7001, lat: 27.4001 };
    const first = await submitPublic(t, reportBody({ place: { divisionCode: '520304', address: '播州区某地A', point: p }, reporter: { anonymous: false, name: '甲', phone: '13900000001' } }));
    // ~111 m north: inside the default 200 m.
    const second = await submitPublic(t, reportBody({ place: { divisionCode: '520304', address: '播州区某地A附近', point: { lon: p.lon, lat: p.lat + 0.001 } }, reporter: { anonymous: false, name: '乙', phone: '13900000002' } }));
    // ~1 km away: not proposed.
    const far = await submitPublic(t, reportBody({ place: { divisionCode: '520304', address: '播州区某地B', point: { lon: p.lon + 0.01, lat: p.lat } } }));
    const id1 = await reportIdOf(t, first.body.reportNo);
    const id2 = await reportIdOf(t, second.body.reportNo);
    const idFar = await reportIdOf(t, far.body.reportNo);
    const hotline = await loginAs(t, 'hotline');
    const v2 = (await call(t, hotline, 'GET', `/api/tipoffs/reports/${id2}`)).body;
    assert.equal(v2.duplicates.length, 1);
    assert.equal(v2.duplicates[0].otherId, id1);
    assert.ok(v2.duplicates[0].distanceM > 100 && v2.duplicates[0].distanceM < 120, String(v2.duplicates[0].distanceM));
    const vFar = (await call(t, hotline, 'GET', `/api/tipoffs/reports/${idFar}`)).body;
    assert.equal(vFar.duplicates.length, 0);
    const m = await call(t, hotline, 'POST', `/api/tipoffs/reports/${id2}/merge`, { intoId: id1 });
    assert.equal(m.status, 200, JSON.stringify(m.body));
    assert.equal(m.body.status, 'merged');
    assert.equal(m.body.duplicates[0].status, 'merged');
    // Walk the target to feedback.
    const inspector = await loginAs(t, 'inspector');
    await call(t, hotline, 'POST', `/api/tipoffs/reports/${id1}/triage`, { decision: 'accept' });
    await call(t, hotline, 'POST', `/api/tipoffs/reports/${id1}/assign`, { mode: 'transfer' });
    const photo = await uploadEvidence(t, inspector);
    await call(t, inspector, 'POST', `/api/tipoffs/reports/${id1}/verify`, { verifiedOn: chinaToday(), findings: '现场核查属实。', violationFound: true, evidence: [photo] });
    await call(t, inspector, 'POST', `/api/tipoffs/reports/${id1}/dispose`, { outcome: 'stopped_rectified', summary: '已制止并整改。' });
    const fb = await call(t, inspector, 'POST', `/api/tipoffs/reports/${id1}/feedback`, { text: '已制止违法占地并责令整改到位。' });
    assert.equal(fb.status, 200, JSON.stringify(fb.body));
    assert.equal(fb.body.feedback.recipients, 2);
    assert.equal(fb.body.reporterCount, 2);
    const sms = await db.selectFrom('notify.outbox').select('recipient').where('channel', '=', 'sms').where('dedupeKey', 'like', `tipoffs:feedback:${id1}:%`).orderBy('recipient').execute();
    assert.deepEqual(sms.map((s) => s.recipient), ['13900000001', '13900000002']);
    // The merged reporter follows the target with their own code.
    const t2 = await track(second.body.trackingCode);
    assert.equal(t2.mergedInto, first.body.reportNo);
    assert.equal(t2.status, 'feedback_given');
    assert.ok(t2.feedback.text.includes('整改到位'));
    void BOZHOU_POINT;
  });

  it('dismisses a proposal that is not a duplicate', async () => {
    const p = { lon: 106.75, lat: 27.45 };
    const a = await submitPublic(t, reportBody({ place: { divisionCode: '520304', address: '某地C', point: p } }));
    const b = await submitPublic(t, reportBody({ place: { divisionCode: '520304', address: '某地C旁', point: { lon: p.lon + 0.0005, lat: p.lat } } }));
    const idB = await reportIdOf(t, b.body.reportNo);
    const hotline = await loginAs(t, 'hotline');
    const v = (await call(t, hotline, 'GET', `/api/tipoffs/reports/${idB}`)).body;
    assert.equal(v.duplicates.length, 1);
    const d = await call(t, hotline, 'POST', `/api/tipoffs/reports/${idB}/duplicates/${v.duplicates[0].proposalId}/dismiss`, {});
    assert.equal(d.status, 200);
    assert.equal(d.body.duplicates[0].status, 'dismissed');
    assert.equal(d.body.duplicateCandidates, 0);
    void a;
  });
});

describe('staff entry by channel', () => {
  it('a hotline call is entered with its channel, and the operator gets the tracking code to read out', async () => {
    const hotline = await loginAs(t, 'hotline');
    const r = await call(t, hotline, 'POST', '/api/tipoffs/reports', {
      ...reportBody({ reporter: { anonymous: true, phone: '13800000123' } }), channel: 'hotline', channelRef: '来电记录 2026-0001',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.channel, 'hotline');
    assert.equal(r.body.channelRef, '来电记录 2026-0001');
    assert.match(r.body.trackingCode, /^[0-9A-Z]{4}-/);
    assert.equal(r.body.intakeOrgPath, 'cn.p52.c5203');
    const inspector = await loginAs(t, 'inspector');
    const denied = await call(t, inspector, 'POST', '/api/tipoffs/reports', { ...reportBody(), channel: 'letter' });
    assert.equal(denied.status, 403);
    const list = await call(t, hotline, 'GET', '/api/tipoffs/reports?channel=hotline');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((i: { id: number }) => i.id === r.body.id));
    assert.ok(list.body.items.every((i: { channel: string }) => i.channel === 'hotline'));
    const inCounty = await call(t, hotline, 'GET', '/api/tipoffs/reports?divisionCode=520304&limit=200');
    assert.ok(inCounty.body.items.some((i: { id: number }) => i.id === r.body.id));
    const inCity = await call(t, hotline, 'GET', '/api/tipoffs/reports?divisionCode=520300&limit=200');
    assert.ok(inCity.body.items.some((i: { id: number }) => i.id === r.body.id));
    const other = await call(t, hotline, 'GET', '/api/tipoffs/reports?divisionCode=520303');
    assert.deepEqual(other.body.items, []);
    const byNo = await call(t, hotline, 'GET', `/api/tipoffs/reports?q=${r.body.reportNo.toLowerCase()}`);
    assert.deepEqual(byNo.body.items.map((i: { id: number }) => i.id), [r.body.id]);
  });
});
