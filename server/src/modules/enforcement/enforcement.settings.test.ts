/**
 * Editing the enforcement settings (stage limits …) and the discretion baselines from the web
 * app's API: the leader or the legal reviewer only, audited, versioned, a stale version refused,
 * bad input named — and the new data is what the clocks and the calculator use.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, filedCase, loginAs, ok } from './enforcement.test-helpers.ts';

const t: TestApp = await startTestApp();
const STAGES = { filing: 10, investigation: 20, review: 10, notice: 5, decision: 10, execution: 60, closing: 10 };
const SETTINGS = { stageDays: STAGES, warnDays: 3, disclosureDays: 7, reviewFinePerson: 10000, reviewFineCompany: 100000, hearingFinePerson: 10000, hearingFineCompany: 100000 };

async function audits(action: string) {
  return t.testDb.owner.selectFrom('audit.entries').select(['details']).where('action', '=', action).execute();
}

describe('enforcement settings and baselines, edited', () => {
  it('the legal reviewer changes the stage limits: a new version, audited; a stale version and bad values are refused; new cases run on it', async () => {
    const legal = await loginAs(t, 'legal');
    const inspector = await loginAs(t, 'inspector');
    const first = await ok(call(t, legal, 'GET', '/api/enforcement/settings'));
    assert.equal(first.version, 0, 'the county has no settings of its own yet');
    assert.equal(first.effective.stageDays.investigation, 30, 'the code default');

    assert.equal((await call(t, inspector, 'PUT', '/api/enforcement/settings', { ...SETTINGS, reason: '试行', version: 0 })).status, 403);
    const zero = await call(t, legal, 'PUT', '/api/enforcement/settings', { ...SETTINGS, stageDays: { ...STAGES, review: 0 }, reason: '试行', version: 0 });
    assert.equal(zero.status, 400);
    assert.equal(zero.body.error.field, 'stageDays.review');
    const warn = await call(t, legal, 'PUT', '/api/enforcement/settings', { ...SETTINGS, warnDays: 5, reason: '试行', version: 0 });
    assert.equal(warn.status, 400);
    assert.equal(warn.body.error.field, 'warnDays');
    assert.equal((await ok(call(t, legal, 'GET', '/api/enforcement/settings'))).version, 0, 'nothing written');

    const saved = await ok(call(t, legal, 'PUT', '/api/enforcement/settings', { ...SETTINGS, reason: '局务会决定：调查取证时限缩短为20个工作日', version: 0 }));
    assert.equal(saved.version, 1);
    assert.equal(saved.effective.stageDays.investigation, 20);
    assert.equal(saved.versions[0].changeReason, '局务会决定：调查取证时限缩短为20个工作日');
    assert.equal(saved.versions[0].changedByName, '法规 钱进');
    const stale = await call(t, legal, 'PUT', '/api/enforcement/settings', { ...SETTINGS, warnDays: 1, reason: '再改', version: 0 });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.field, 'version');
    const leader = await loginAs(t, 'leader');
    const second = await ok(call(t, leader, 'PUT', '/api/enforcement/settings', { ...SETTINGS, warnDays: 2, reason: '黄灯提前量调整', version: 1 }));
    assert.equal(second.version, 2);
    assert.deepEqual(second.versions.map((v: any) => v.version), [2, 1]);
    const logged = await audits('enforcement.settings.changed');
    assert.equal(logged.length, 2);
    assert.equal((logged[0]!.details as any).before.stageDays.investigation, 30);

    const { id } = await filedCase(t);
    const stage = await t.testDb.owner.selectFrom('enforcement.stages').select('limitDays').where('caseId', '=', id).where('stage', '=', 'investigation').executeTakeFirstOrThrow();
    assert.equal(stage.limitDays, 20, 'the edited limit runs the clock');
  });

  it('revising a province band refines the kind for the county (new version, audited); the calculator uses it; a retired band cannot be revised', async () => {
    const legal = await loginAs(t, 'legal');
    const facts = { violationKind: 'illegal_occupation', facts: { areaM2: 100, basicFarmlandM2: 100 } };
    const before = await ok(call(t, legal, 'POST', '/api/enforcement/calculate', facts));
    const list = await ok(call(t, legal, 'GET', '/api/enforcement/baselines'));
    const province = list.filter((b: any) => b.violationKind === 'illegal_occupation' && b.effective);
    const band = province.find((b: any) => b.id === before.ruleId);
    assert.ok(band && band.orgPathText === 'cn.p52', JSON.stringify(band));

    const bad = await call(t, legal, 'POST', `/api/enforcement/baselines/${band.id}/revise`, { ...band, fineMin: 900, fineMax: 800, reason: '本地细化', note: null });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    const body = { bandName: band.bandName, fineMin: 600, fineMax: 1000, confiscate: band.confiscate, demolish: band.demolish, restore: band.restore, legalBasis: band.legalBasis, note: '本县细化（示例）', reason: '县局裁量基准细化' };
    assert.equal((await call(t, await loginAs(t, 'inspector'), 'POST', `/api/enforcement/baselines/${band.id}/revise`, body)).status, 403);
    const rev = await ok(call(t, legal, 'POST', `/api/enforcement/baselines/${band.id}/revise`, body));
    assert.equal(rev.localRefinement, true);

    const after = await ok(call(t, legal, 'GET', '/api/enforcement/baselines'));
    const local = after.filter((b: any) => b.violationKind === 'illegal_occupation' && b.effective);
    assert.equal(local.length, province.length, 'every band of the kind, now the county\'s');
    assert.ok(local.every((b: any) => b.orgPathText !== 'cn.p52'));
    const revised = local.find((b: any) => b.id === rev.id);
    assert.deepEqual([revised.version, revised.fineMin, revised.fineMax, revised.changeReason], [band.version + 1, 600, 1000, '县局裁量基准细化']);
    const calc = await ok(call(t, legal, 'POST', '/api/enforcement/calculate', facts));
    assert.equal(calc.ruleId, rev.id);
    assert.deepEqual(calc.range, { min: 60000, max: 100000 });
    assert.notDeepEqual(calc.range, before.range);

    const again = await ok(call(t, legal, 'POST', `/api/enforcement/baselines/${rev.id}/revise`, { ...body, fineMin: 650, reason: '再次修订' }));
    assert.equal(again.localRefinement, false);
    const versions = await ok(call(t, legal, 'GET', `/api/enforcement/baselines/${again.id}/versions`));
    assert.deepEqual(versions.map((v: any) => [v.version, v.fineMin, v.active]), [[band.version + 2, 650, true], [band.version + 1, 600, false], [band.version, Number(band.fineMin), true]]);
    const retired = await call(t, legal, 'POST', `/api/enforcement/baselines/${rev.id}/revise`, body);
    assert.equal(retired.status, 409);
    assert.equal(retired.body.error.code, 'enforcement.baseline_retired');
    assert.equal((await audits('enforcement.baseline.revised')).length, 2);
  });
});
