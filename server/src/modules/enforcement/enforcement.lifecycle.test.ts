/**
 * The whole case through the API: a tip-off disposed as "case filed" without a number opens the
 * case with the tip-off attached (see enforcement/README.md, Interfaces) → 立案 → records → calculator proposal → legal
 * review → notice → decision with the calculator's amount (published, masked) → fine paid →
 * closed → the reporter gets the outcome.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, chinaToday, COMPANY, investigate, loginAs, ok, PERSON, uploadEvidence } from './enforcement.test-helpers.ts';
import { reportBody, reportIdOf, submitPublic } from '../tipoffs/tipoffs.test-helpers.ts';

const t: TestApp = await startTestApp();

async function tipoffToDisposal() {
  const sub = await submitPublic(t, reportBody());
  assert.equal(sub.status, 201, JSON.stringify(sub.body));
  const id = await reportIdOf(t, sub.body.reportNo);
  const hotline = await loginAs(t, 'hotline');
  const inspector = await loginAs(t, 'inspector');
  await ok(call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/triage`, { decision: 'accept' }));
  await ok(call(t, hotline, 'POST', `/api/tipoffs/reports/${id}/assign`, { mode: 'transfer' }));
  const photo = await uploadEvidence(t, inspector);
  await ok(call(t, inspector, 'POST', `/api/tipoffs/reports/${id}/verify`, { verifiedOn: chinaToday(), findings: '现场核查属实，占用耕地约300平方米建厂房。', violationFound: true, evidence: [photo] }));
  return { id, reportNo: sub.body.reportNo as string, trackingCode: sub.body.trackingCode as string, inspector, hotline };
}

describe('an enforcement case from a tip-off to a closed, published penalty', () => {
  it('runs every stage, and the reporter learns the outcome', async () => {
    const tip = await tipoffToDisposal();
    const inspector = tip.inspector;
    const leader = await loginAs(t, 'leader');
    const legal = await loginAs(t, 'legal');

    // Disposed as case_filed with no number typed: the enforcement case opens with the tip-off attached.
    const disposed = await ok(call(t, inspector, 'POST', `/api/tipoffs/reports/${tip.id}/dispose`, { outcome: 'case_filed', summary: '已责令停止违法行为，移交立案查处。' }));
    const caseNo = disposed.disposal.caseNo as string;
    assert.match(caseNo, /^ZF520304-\d{4}-\d{4}$/);
    const list = await ok(call(t, inspector, 'GET', '/api/enforcement/cases?status=proposed'));
    const item = list.items.find((x: { caseNo: string }) => x.caseNo === caseNo);
    assert.ok(item, 'the case is in the list');
    const id = item.id as number;
    let c = (await ok(call(t, inspector, 'GET', `/api/enforcement/cases/${id}`)));
    assert.equal(c.sources.length, 1);
    assert.equal(c.sources[0].kind, 'tipoff');
    assert.equal(c.sources[0].ref, tip.reportNo);
    assert.equal(c.stage, 'filing');

    // Idempotent per source: the same tip-off again returns the same case.
    const again = await ok(call(t, inspector, 'POST', '/api/enforcement/cases/from-source', {
      kind: 'tipoff', id: String(tip.id), ref: tip.reportNo, divisionCode: '520304', summary: '重复调用', location: null,
    }));
    assert.deepEqual([again.caseNo, again.created], [caseNo, false]);

    await ok(call(t, leader, 'POST', `/api/enforcement/cases/${id}/file`, { opinion: '同意立案调查' }));
    await investigate(t, id, inspector);

    // The calculator: 300 m² of cropland, not in the plan → 较重 band 300–600 元/m², middle 450 → 135,000 元.
    const calc = await ok(call(t, inspector, 'POST', '/api/enforcement/calculate', {
      violationKind: 'illegal_occupation', facts: { areaM2: 300, croplandM2: 300, landClass: 'cropland', fitsPlan: false, rectified: false },
    }));
    assert.equal(calc.band, 'cropland_no_plan');
    assert.deepEqual(calc.range, { min: 90000, max: 180000 });
    assert.equal(calc.amount, 135000);
    assert.equal(calc.confirmed, false, 'the demo baseline is labelled an example');
    assert.ok(calc.sources.length > 0 && calc.legalBasis.includes('第七十七条'));

    const proposed = await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/propose`, {
      violationKind: 'illegal_occupation', facts: { areaM2: 300, croplandM2: 300, landClass: 'cropland', fitsPlan: false, rectified: false },
      party: COMPANY, fine: calc.amount, measures: { demolish: true, restore: true },
    }));
    assert.equal(proposed.result.reviewRequired, true);
    assert.equal(proposed.result.hearingEligible, true);

    // Above the thresholds the legal review cannot be skipped.
    const skip = await call(t, inspector, 'POST', `/api/enforcement/cases/${id}/notice`, { servedOn: chinaToday() });
    assert.equal(skip.status, 409);
    assert.equal(skip.body.error.code, 'enforcement.legal_review_required');

    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/submit-review`, {}));
    await ok(call(t, legal, 'POST', `/api/enforcement/cases/${id}/review`, { approve: true, opinion: '事实清楚，证据确凿，适用法律正确，裁量适当。' }));
    c = (await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/notice`, { servedOn: chinaToday() }))).case;
    assert.equal(c.status, 'notified');
    assert.ok(c.hearingRequestDue, 'above the thresholds the party may ask for a hearing');
    const kinds = c.documents.map((d: { kind: string }) => d.kind).sort();
    assert.deepEqual(kinds, ['case_filing_form', 'hearing_notice', 'inquiry_record', 'penalty_notice', 'site_record']);

    // A hearing stops the clock; held, it runs again.
    c = (await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/hearing-request`, { requestedOn: chinaToday() }))).case;
    assert.equal(c.status, 'hearing');
    assert.ok(c.clockPausedOn);
    c = (await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/hearing`, { heldOn: chinaToday(), summary: '当事人对事实无异议，请求从轻。' }))).case;
    assert.equal(c.status, 'notified');
    assert.equal(c.clockPausedOn, null);
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/defence`, { text: '当事人对违法事实无异议。' }));

    // The decision with the calculator's amount: the 行政处罚决定书, and the decision published.
    const decided = await ok(call(t, leader, 'POST', `/api/enforcement/cases/${id}/decide`, {
      penalty: { fine: calc.amount, demolish: true, restore: true }, legalBasis: '《中华人民共和国土地管理法》第七十七条；《土地管理法实施条例》第五十七条',
    }));
    assert.equal(decided.case.status, 'decided');
    assert.match(decided.result.documentNo, /罚〔\d{4}〕\d+号$/);
    const pub = await ok(call(t, null, 'GET', `/api/public/enforcement/disclosures?q=${encodeURIComponent(caseNo)}`));
    assert.equal(pub.total, 1);
    assert.equal(pub.items[0].partyName, COMPANY.name, 'a company is published in full');
    assert.match(pub.items[0].penalty, /罚款人民币 135000\.00 元/);
    const logged = await t.testDb.owner.selectFrom('transparency.entries').select(['kind', 'data']).where('kind', '=', 'enforcement.penalty_decision').execute();
    assert.ok(logged.some((e) => e.data.toString('utf8').includes(caseNo)), 'published to the transparency log');

    // Closing without execution evidence is refused, nothing changes.
    const early = await call(t, leader, 'POST', `/api/enforcement/cases/${id}/close`, { note: '执行完毕' });
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, 'enforcement.close_needs_execution_evidence');
    const receipt = await uploadEvidence(t, inspector, 'receipt.png');
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/execution`, {
      finePaid: calc.amount, demolishedM2: 300, landReturnedM2: 300, note: '罚款已缴清，厂房已拆除并复耕。', files: [receipt], complete: true,
    }));
    c = (await ok(call(t, leader, 'POST', `/api/enforcement/cases/${id}/close`, { note: '处罚决定已执行完毕，同意结案。' }))).case;
    assert.equal(c.status, 'closed');
    assert.ok(c.documents.some((d: { kind: string }) => d.kind === 'case_closing_form'));

    // The reporter's tracking page shows the outcome, and a message went out.
    const track = await t.inject({ method: 'POST', url: '/api/public/tipoffs/track', payload: { trackingCode: tip.trackingCode }, remoteAddress: '10.9.9.9' });
    const tv = JSON.parse(track.body);
    const outcome = tv.events.find((e: { kind: string }) => e.kind === 'case_outcome');
    assert.ok(outcome, JSON.stringify(tv.events));
    assert.match(outcome.text, new RegExp(caseNo));
    const msgs = await t.testDb.owner.selectFrom('notify.outbox').select(['body']).where('dedupeKey', 'like', `tipoffs:case-outcome:${tip.id}:%`).execute();
    assert.ok(msgs.length >= 1 && msgs.every((m) => m.body.includes('结案')));

    // Figures per county.
    const stats = await ok(call(t, leader, 'GET', '/api/enforcement/statistics'));
    const bz = stats.items.find((x: { bureau: string }) => x.bureau.includes('播州'));
    assert.ok(bz.closed >= 1 && bz.finesDecided >= 135000 && bz.finesCollected >= 135000 && bz.areaReturnedM2 >= 300 && bz.demolishedM2 >= 300);
    const xlsx = await t.inject({ method: 'GET', url: '/api/enforcement/statistics.xlsx', headers: { cookie: leader } });
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
  });

  it('below the thresholds: the review may be skipped, a person is masked, a departure needs a reason and the review', async () => {
    const inspector = await loginAs(t, 'inspector');
    const leader = await loginAs(t, 'leader');
    const opened = await ok(call(t, inspector, 'POST', '/api/enforcement/cases', {
      sourceKind: 'transfer', sourceRef: '遵市监移〔2026〕3号', transferringAuthority: '遵义市市场监督管理局', divisionCode: '520304',
      title: '王某非法转让土地案', summary: '当事人将承包地非法转让用于建设，获利2万元。', location: null,
    }), 201);
    const id = opened.caseId;
    await ok(call(t, leader, 'POST', `/api/enforcement/cases/${id}/file`, { opinion: '同意立案' }));
    await investigate(t, id, inspector);
    const facts = { illegalGains: 20000 };
    // 10%–50% of 20,000 → 2,000–10,000; 12,000 without a reason is refused and nothing changes.
    const bad = await call(t, inspector, 'POST', `/api/enforcement/cases/${id}/propose`, { violationKind: 'illegal_transfer', facts, party: PERSON, fine: 12000, measures: {} });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'enforcement.penalty_outside_band');
    assert.equal(bad.body.error.field, 'departureReason');
    const row = await t.testDb.owner.selectFrom('enforcement.cases').select(['proposal', 'rowVersion']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.proposal, null);

    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/propose`, { violationKind: 'illegal_transfer', facts, party: PERSON, fine: 6000, measures: { confiscate: false } }));
    const c = (await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/notice`, { servedOn: chinaToday() }))).case;
    assert.equal(c.reviewRequired, false);
    assert.equal(c.hearingRequestDue, null, 'no hearing below the thresholds');
    const h = await call(t, inspector, 'POST', `/api/enforcement/cases/${id}/hearing-request`, { requestedOn: chinaToday() });
    assert.equal(h.status, 409);
    assert.equal(h.body.error.code, 'enforcement.hearing_not_available');
    // The defence period runs: no decision yet unless the defence is recorded.
    const early = await call(t, leader, 'POST', `/api/enforcement/cases/${id}/decide`, { penalty: { fine: 6000 }, legalBasis: '《土地管理法》第七十四条' });
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, 'enforcement.defence_period_running');
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/defence`, { text: '当事人放弃陈述申辩。' }));
    // Outside the band: a reason is needed, and then the legal review's sign-off (there was none).
    const noReason = await call(t, leader, 'POST', `/api/enforcement/cases/${id}/decide`, { penalty: { fine: 15000 }, legalBasis: '《土地管理法》第七十四条' });
    assert.equal(noReason.body.error.code, 'enforcement.penalty_outside_band');
    const noReview = await call(t, leader, 'POST', `/api/enforcement/cases/${id}/decide`, { penalty: { fine: 15000 }, legalBasis: '《土地管理法》第七十四条', departureReason: '多次违法' });
    assert.equal(noReview.status, 409);
    assert.equal(noReview.body.error.code, 'enforcement.departure_needs_review');
    await ok(call(t, leader, 'POST', `/api/enforcement/cases/${id}/decide`, { penalty: { fine: 6000 }, legalBasis: '《中华人民共和国土地管理法》第七十四条' }));
    const pub = await ok(call(t, null, 'GET', `/api/public/enforcement/disclosures?q=${encodeURIComponent(opened.caseNo)}`));
    assert.equal(pub.items[0].partyName, '王**', 'a person is masked');
    const text = JSON.stringify(pub);
    assert.ok(!text.includes(PERSON.idNumber) && !text.includes(PERSON.address) && !text.includes('王小明'));

    // Withdrawn on review (复议): shown with the reason.
    await ok(call(t, leader, 'POST', `/api/enforcement/cases/${id}/disclosure`, { status: 'withdrawn', reason: '经行政复议撤销' }));
    const after = await ok(call(t, null, 'GET', `/api/public/enforcement/disclosures?q=${encodeURIComponent(opened.caseNo)}`));
    assert.deepEqual([after.items[0].status, after.items[0].statusReason], ['withdrawn', '经行政复议撤销']);
  });

  it('the penalty text names what 没收 takes for the violation: an illegal transfer confiscates the illegal gains, not buildings', async () => {
    const inspector = await loginAs(t, 'inspector');
    const leader = await loginAs(t, 'leader');
    const legal = await loginAs(t, 'legal');
    const opened = await ok(call(t, inspector, 'POST', '/api/enforcement/cases', {
      sourceKind: 'inspection', sourceRef: 'XC-2026-转让', divisionCode: '520304', title: '某公司非法转让土地案', summary: '当事人将集体土地非法转让，获利2万元。', location: null,
    }), 201);
    const id = opened.caseId;
    await ok(call(t, leader, 'POST', `/api/enforcement/cases/${id}/file`, { opinion: '同意立案' }));
    await investigate(t, id, inspector);
    // The band of 非法转让土地 confiscates (没收违法所得): heavy, so the legal review and the hearing right apply.
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/propose`, { violationKind: 'illegal_transfer', facts: { illegalGains: 20000 }, party: COMPANY, fine: 6000, measures: { confiscate: true } }));
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/submit-review`, {}));
    await ok(call(t, legal, 'POST', `/api/enforcement/cases/${id}/review`, { approve: true, opinion: '同意。' }));
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/notice`, { servedOn: chinaToday() }));
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/defence`, { text: '无异议，不申请听证。' }));
    await ok(call(t, leader, 'POST', `/api/enforcement/cases/${id}/decide`, { penalty: { fine: 6000, confiscate: true }, legalBasis: '《中华人民共和国土地管理法》第七十四条' }));
    const pub = await ok(call(t, null, 'GET', `/api/public/enforcement/disclosures?q=${encodeURIComponent(opened.caseNo)}`));
    assert.equal(pub.items[0].penalty, '罚款人民币 6000.00 元；没收违法所得');
  });

  it('a hearing request after its deadline is refused and nothing changes', async () => {
    const inspector = await loginAs(t, 'inspector');
    const leader = await loginAs(t, 'leader');
    const legal = await loginAs(t, 'legal');
    const opened = await ok(call(t, inspector, 'POST', '/api/enforcement/cases', {
      sourceKind: 'manual', sourceRef: '领导批办-1', divisionCode: '520304', title: '某公司越界开采案', summary: '当事人超出采矿许可证范围开采。', location: null,
    }), 201);
    const id = opened.caseId;
    await ok(call(t, leader, 'POST', `/api/enforcement/cases/${id}/file`, { opinion: '同意' }));
    await investigate(t, id, inspector);
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/propose`, { violationKind: 'cross_boundary_mining', facts: { illegalGains: 1000000 }, party: COMPANY, fine: 200000, measures: { confiscate: true } }));
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/submit-review`, {}));
    await ok(call(t, legal, 'POST', `/api/enforcement/cases/${id}/review`, { approve: true, opinion: '同意' }));
    const served = new Date(Date.now() - 12 * 86400_000).toISOString().slice(0, 10);
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/notice`, { servedOn: served }));
    const before = await t.testDb.owner.selectFrom('enforcement.cases').select(['status', 'rowVersion']).where('id', '=', id).executeTakeFirstOrThrow();
    const late = await call(t, inspector, 'POST', `/api/enforcement/cases/${id}/hearing-request`, { requestedOn: chinaToday() });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'enforcement.hearing_request_late');
    const after = await t.testDb.owner.selectFrom('enforcement.cases').select(['status', 'rowVersion']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(after, before);
  });

  it('one case covers several sources at one place; a source belongs to one case', async () => {
    const inspector = await loginAs(t, 'inspector');
    const src = (id: string) => ({ kind: 'patch', id, ref: `5203042026A${id}`, divisionCode: '520304102', summary: '卫片图斑：新增建设占用耕地', location: { lon: 106.83, lat: 27.54 }, areaM2: 500, croplandM2: 500, basicFarmlandM2: 0 });
    const a = await ok(call(t, inspector, 'POST', '/api/enforcement/cases/from-source', src('0001')), 201);
    assert.equal(a.created, true);
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${a.caseId}/sources`, src('0002')));
    const c = await ok(call(t, inspector, 'GET', `/api/enforcement/cases/${a.caseId}`));
    assert.deepEqual(c.sources.map((s: { ref: string }) => s.ref), ['5203042026A0001', '5203042026A0002']);
    const b = await ok(call(t, inspector, 'POST', '/api/enforcement/cases/from-source', src('0002')));
    assert.deepEqual([b.caseId, b.created], [a.caseId, false], 'the link back: the patch finds its case');
    const dup = await call(t, inspector, 'POST', `/api/enforcement/cases/${a.caseId}/sources`, src('0001'));
    assert.equal(dup.status, 409);
    const n = await sql<{ n: number }>`select count(*)::int as n from enforcement.sources where case_id = ${a.caseId}`.execute(t.testDb.owner);
    assert.equal(n.rows[0]!.n, 2);
  });
});
