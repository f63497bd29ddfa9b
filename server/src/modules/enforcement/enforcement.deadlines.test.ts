/**
 * Stage limits in working days from the platform calendar (limits are data), yellow/red warnings
 * from the scan, the workbench to-dos, and a hearing that stops the clock.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs, ok } from './enforcement.test-helpers.ts';

const t: TestApp = await startTestApp();

describe('enforcement stage deadlines', () => {
  it('the filing stage gets its working-day limit from the settings; an overdue stage turns red and shows on the workbench', async () => {
    // The bureau sets 立案 to 3 working days (data, not code).
    await sql`insert into enforcement.settings (org_path, stage_days) select path, '{"filing": 3}' from orgs.org_units where code = '520304-B'`.execute(t.testDb.owner);
    const inspector = await loginAs(t, 'inspector');
    const leader = await loginAs(t, 'leader');
    const opened = await ok(call(t, inspector, 'POST', '/api/enforcement/cases', {
      sourceKind: 'inspection', sourceRef: 'XC-DL-1', divisionCode: '520304', title: '期限测试案', summary: '巡查发现违法占地。', location: null,
    }), 201);
    const stage = await t.testDb.owner.selectFrom('enforcement.stages').selectAll().where('caseId', '=', opened.caseId).executeTakeFirstOrThrow();
    assert.equal(stage.limitDays, 3);
    assert.equal(stage.stage, 'filing');
    const expected = await t.platform.calendar.addWorkdays(stage.startedOn, 3).catch(() => null);
    assert.equal(stage.dueDate, expected);

    // Make it overdue: started 20 days ago, due 10 days ago.
    const day = (n: number) => new Date(Date.now() - n * 86400_000).toISOString().slice(0, 10);
    await t.testDb.owner.updateTable('enforcement.cases').set({ stageStartedOn: day(20), stageDueDate: day(10) }).where('id', '=', opened.caseId).execute();
    await ok(call(t, leader, 'POST', '/api/enforcement/warnings/scan', {}));
    const c = await ok(call(t, leader, 'GET', `/api/enforcement/cases/${opened.caseId}`));
    assert.equal(c.warnLevel, 'red');
    const todos = await ok(call(t, leader, 'GET', '/api/todos'));
    const items = (todos.items ?? todos) as { key: string; count: number }[];
    assert.ok(items.some((x) => x.key === 'enforcement.todos.red' && x.count >= 1), JSON.stringify(items));
    assert.ok(items.some((x) => x.key === 'enforcement.todos.file' && x.count >= 1));
    const told = await t.testDb.owner.selectFrom('notify.outbox').select('subject').where('subject', '=', `【超期】${opened.caseNo}`).execute();
    assert.ok(told.length >= 1, 'the leader is told in-app');
    const stats = await ok(call(t, leader, 'GET', '/api/enforcement/statistics'));
    const bz = stats.items.find((x: { bureau: string }) => x.bureau.includes('播州'));
    assert.equal(bz.overdueByStage.filing, 1);
    // Another county's inspector has no to-do from it.
    const hc = await ok(call(t, await loginAs(t, 'hc_inspector'), 'GET', '/api/todos'));
    assert.ok(!((hc.items ?? hc) as { key: string }[]).some((x) => x.key === 'enforcement.todos.red'));
  });

  it('the demo seed shows the module working: cases at several stages, two published decisions, the person masked', async () => {
    const leader = await loginAs(t, 'leader');
    const list = await ok(call(t, leader, 'GET', '/api/enforcement/cases?pageSize=100'));
    const statuses = new Set(list.items.map((x: { status: string }) => x.status));
    for (const s of ['proposed', 'investigating', 'decided', 'closed']) assert.ok(statuses.has(s), s);
    const pub = await ok(call(t, null, 'GET', '/api/public/enforcement/disclosures'));
    const parties = pub.items.map((x: { partyName: string }) => x.partyName);
    assert.ok(parties.includes('王**') && parties.includes('遵义市播州区示例建材有限公司'), JSON.stringify(parties));
    assert.ok(!JSON.stringify(pub).includes('520304197001011234'));
  });
});
