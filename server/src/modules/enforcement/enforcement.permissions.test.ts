/**
 * Who may do what with an enforcement case: an investigator cannot decide, only the leader files
 * and closes, the legal review is the legal reviewer's, another county sees nothing (RLS), and of
 * two simultaneous stage actions exactly one succeeds. Refused actions change nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, chinaToday, filedCase, investigate, loginAs, ok, PERSON } from './enforcement.test-helpers.ts';

const t: TestApp = await startTestApp();

async function version(id: number) {
  return (await t.testDb.owner.selectFrom('enforcement.cases').select(['status', 'rowVersion']).where('id', '=', id).executeTakeFirstOrThrow());
}

describe('enforcement case permissions', () => {
  it('an investigator cannot file, decide or close; the legal reviewer cannot file; only the leader files', async () => {
    const inspector = await loginAs(t, 'inspector');
    const legal = await loginAs(t, 'legal');
    const opened = await ok(call(t, inspector, 'POST', '/api/enforcement/cases', {
      sourceKind: 'inspection', sourceRef: 'XC-PERM-1', divisionCode: '520304', title: '权限测试案', summary: '巡查发现违法占地。', location: null,
    }), 201);
    const before = await version(opened.caseId);
    for (const [who, path, body] of [
      [inspector, 'file', { opinion: '同意立案' }], [legal, 'file', { opinion: '同意立案' }], [inspector, 'not-file', { reason: '不构成违法' }],
      [inspector, 'transfer', { to: '公安机关', reason: '涉嫌犯罪' }],
    ] as const) {
      const res = await call(t, who, 'POST', `/api/enforcement/cases/${opened.caseId}/${path}`, body);
      assert.equal(res.status, 403, `${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'access.forbidden');
    }
    assert.deepEqual(await version(opened.caseId), before, 'nothing changed');
    const hotline = await loginAs(t, 'hotline');
    assert.equal((await call(t, hotline, 'GET', '/api/enforcement/cases')).status, 403, 'the 12336 clerk has no enforcement permission');
    assert.equal((await call(t, null, 'GET', '/api/enforcement/cases')).status, 401);
  });

  it('the investigator cannot decide or review; the leader cannot be the legal reviewer; only the leader closes', async () => {
    const { id, inspector, leader } = await filedCase(t);
    await investigate(t, id, inspector);
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/propose`, { violationKind: 'illegal_transfer', facts: { illegalGains: 100000 }, party: PERSON, fine: 30000, measures: {} }));
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/submit-review`, {}));
    const before = await version(id);
    for (const who of [inspector, leader]) {
      const res = await call(t, who, 'POST', `/api/enforcement/cases/${id}/review`, { approve: true, opinion: '同意' });
      assert.equal(res.status, 403, JSON.stringify(res.body));
    }
    assert.deepEqual(await version(id), before);
    const legal = await loginAs(t, 'legal');
    await ok(call(t, legal, 'POST', `/api/enforcement/cases/${id}/review`, { approve: true, opinion: '同意' }));
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/notice`, { servedOn: chinaToday() }));
    await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/defence`, { text: '无异议' }));
    const d = await call(t, inspector, 'POST', `/api/enforcement/cases/${id}/decide`, { penalty: { fine: 30000 }, legalBasis: '《土地管理法》第七十四条' });
    assert.equal(d.status, 403);
    assert.equal((await version(id)).status, 'notified');
    await ok(call(t, leader, 'POST', `/api/enforcement/cases/${id}/decide`, { penalty: { fine: 30000 }, legalBasis: '《土地管理法》第七十四条' }));
    const c = await call(t, inspector, 'POST', `/api/enforcement/cases/${id}/close`, { note: '结案' });
    assert.equal(c.status, 403);
  });

  it('another county sees nothing: not in the list, absent by id, no action', async () => {
    const { id, caseNo } = await filedCase(t, '隔离测试案');
    const hc = await loginAs(t, 'hc_inspector');
    const list = await ok(call(t, hc, 'GET', `/api/enforcement/cases?q=${encodeURIComponent(caseNo)}`));
    assert.equal(list.total, 0);
    assert.equal((await call(t, hc, 'GET', `/api/enforcement/cases/${id}`)).status, 404);
    const before = await version(id);
    const res = await call(t, hc, 'POST', `/api/enforcement/cases/${id}/records`, { kind: 'other', recordedOn: chinaToday(), title: '越权记录', content: '不应写入' });
    assert.equal(res.status, 404);
    assert.deepEqual(await version(id), before);
    const stats = await ok(call(t, await loginAs(t, 'supervisor'), 'GET', '/api/enforcement/statistics'));
    assert.ok(stats.items.some((x: { bureau: string }) => x.bureau.includes('播州')), 'the city supervisor sees its counties');
    // The other county's case-source link back: it cannot attach 播州区's tip-off or patch either.
    const other = await call(t, hc, 'POST', '/api/enforcement/cases/from-source', {
      kind: 'patch', id: 'HC-1', ref: 'HC-1', divisionCode: '520304', summary: '他县图斑', location: null,
    });
    assert.equal(other.status, 403, JSON.stringify(other.body));
    assert.deepEqual([other.body.error.code, other.body.error.field], ['access.out_of_scope', 'divisionCode']);
  });

  it('of two simultaneous stage actions exactly one succeeds', async () => {
    const inspector = await loginAs(t, 'inspector');
    const leader = await loginAs(t, 'leader');
    const opened = await ok(call(t, inspector, 'POST', '/api/enforcement/cases', {
      sourceKind: 'manual', sourceRef: 'RACE-1', divisionCode: '520304', title: '并发测试案', summary: '并发立案与不予立案。', location: null,
    }), 201);
    const [a, b] = await Promise.all([
      call(t, leader, 'POST', `/api/enforcement/cases/${opened.caseId}/file`, { opinion: '同意立案' }),
      call(t, leader, 'POST', `/api/enforcement/cases/${opened.caseId}/not-file`, { reason: '证据不足' }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409], JSON.stringify([a.body, b.body]));
    const loser = a.status === 409 ? a : b;
    assert.equal(loser.body.error.code, 'enforcement.case_wrong_state');
    const v = await version(opened.caseId);
    assert.ok(v.status === 'investigating' || v.status === 'not_filed');
    assert.equal(v.rowVersion, 3, 'opened (1) + stage (2) + one action (3)');
  });

  it('bad input: a clear 4xx naming the field, nothing created', async () => {
    const inspector = await loginAs(t, 'inspector');
    const n = async () => Number((await t.testDb.owner.selectFrom('enforcement.cases').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await n();
    const unknown = await call(t, inspector, 'POST', '/api/enforcement/cases', { sourceKind: 'manual', sourceRef: 'X', divisionCode: '999999', title: '错误地区', summary: '无此行政区划。', location: null });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.field, 'divisionCode');
    const transfer = await call(t, inspector, 'POST', '/api/enforcement/cases', { sourceKind: 'transfer', sourceRef: 'X', divisionCode: '520304', title: '移送案件', summary: '未写移送机关。', location: null });
    assert.equal(transfer.status, 400);
    assert.equal(transfer.body.error.field, 'transferringAuthority');
    const kind = await call(t, inspector, 'POST', '/api/enforcement/calculate', { violationKind: 'no_such_kind', facts: {} });
    assert.equal(kind.status, 422);
    assert.equal(kind.body.error.field, 'violationKind');
    const area = await call(t, inspector, 'POST', '/api/enforcement/calculate', { violationKind: 'illegal_occupation', facts: { fitsPlan: true } });
    assert.equal(area.status, 400);
    assert.equal(area.body.error.field, 'facts.areaM2');
    assert.equal(await n(), before);
  });
});
