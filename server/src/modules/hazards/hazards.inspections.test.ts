/** 三查 as tasks with deadlines, recorded through the field app's `hazard-inspection` form (platform/field). */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { makePng, req, sha256, uploadPhoto } from '../../platform/field/field.test-helpers.ts';

const t: TestApp = await startTestApp();
let officer = '';
const inDays = (d: number) => new Date(Date.now() + d * 86400_000).toISOString().slice(0, 10);
const GOOD = { deformation: 'new_cracks', stability: 'unstable', householdsNow: 12, monitorOnDuty: true, cardsInPlace: true, suggestion: 'evacuate', note: '后缘新增拉张裂缝两条，宽约2厘米' };

function record(assignmentId: string, baseVersion: string, photo: string, over: Record<string, unknown> = {}) {
  return {
    recordId: crypto.randomUUID(), kind: 'hazard-inspection', assignmentId, baseVersion, values: GOOD,
    position: { lon: 106.7812, lat: 27.5121, accuracyM: 6 },
    photos: [{ sha256: photo, takenAt: new Date().toISOString(), lon: 106.7812, lat: 27.5121, headingDeg: 0 }],
    signatureSha256: null, recordedAt: new Date().toISOString(), ...over,
  };
}
const todo = async (cookie: string, key: string) => ((await call(t, cookie, 'GET', '/api/todos')).body.find((x: { key: string }) => x.key === key)?.count ?? 0);

before(async () => { officer = await loginAs(t, 'hazard_office'); });

describe('三查: an inspection round with a deadline, recorded in the field app', () => {
  it('plans one task per registered site of the scope, once; refuses a past deadline and those without the permission', async () => {
    const past = await call(t, officer, 'POST', '/api/hazards/inspections', { round: 'pre_flood', year: 2026, dueOn: inDays(-1) });
    assert.equal(past.status, 400);
    assert.match(past.body.error.message, /dueOn/);
    assert.equal((await call(t, await loginAs(t, 'window'), 'POST', '/api/hazards/inspections', { round: 'pre_flood', year: 2026, dueOn: inDays(10) })).status, 403);
    const other = await call(t, await loginAs(t, 'hc_hazard'), 'POST', '/api/hazards/inspections', { round: 'pre_flood', year: 2026, dueOn: inDays(10), townshipCode: '520304102' });
    assert.equal(other.status, 404, '汇川区 has no site in 播州区\'s township in its scope');
    assert.equal((await t.testDb.owner.selectFrom('hazards.inspections').select('id').execute()).length, 0, 'nothing planned');

    const plan = await call(t, officer, 'POST', '/api/hazards/inspections', { round: 'pre_flood', year: 2026, dueOn: inDays(10) });
    assert.equal(plan.status, 201, JSON.stringify(plan.body));
    assert.deepEqual(plan.body, { planned: 3, alreadyPlanned: 0 });
    assert.deepEqual((await call(t, officer, 'POST', '/api/hazards/inspections', { round: 'pre_flood', year: 2026, dueOn: inDays(12) })).body, { planned: 0, alreadyPlanned: 3 });
    assert.equal(await todo(officer, 'hazards.todos.inspections'), 3);
    assert.equal((await call(t, await loginAs(t, 'hc_hazard'), 'GET', '/api/hazards/inspections')).body.length, 0, 'another county sees none');
  });

  it('the field app lists the tasks as assignments of the hazard-inspection form and a record completes one, once; bad values are named', async () => {
    const forms = await req(t, officer, 'GET', '/api/field/forms');
    const form = forms.body.find((f: { kind: string }) => f.kind === 'hazard-inspection');
    assert.ok(form, JSON.stringify(forms.body));
    assert.equal(form.title['zh-CN'], '地质灾害隐患点巡查排查');
    const all = await req(t, officer, 'GET', '/api/field/assignments');
    assert.equal(all.status, 200, JSON.stringify(all.body));
    const mine = (Array.isArray(all.body) ? all.body : all.body.assignments ?? Object.values(all.body).flat()).filter((a: { kind?: string; title: string }) => a.title?.startsWith('汛前排查'));
    assert.equal(mine.length, 3, JSON.stringify(all.body).slice(0, 500));
    const a = mine.find((x: { title: string }) => x.title.includes('520304102-HP01'));
    assert.deepEqual(a.geometry, { type: 'Point', coordinates: [106.781, 27.512] });
    assert.equal(a.dueDate, inDays(10));

    const png = makePng(7);
    await uploadPhoto(t, officer, png);
    const photo = sha256(png);
    const bad = await req(t, officer, 'POST', '/api/field/records', record(a.id, a.version, photo, { values: { ...GOOD, note: '' } }));
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.equal(bad.body.error.field, 'values.note');
    const bad2 = await req(t, officer, 'POST', '/api/field/records', record(a.id, a.version, photo, { values: { ...GOOD, stability: 'stable' } }));
    assert.equal(bad2.body.error.field, 'values.suggestion');
    const bad3 = await req(t, officer, 'POST', '/api/field/records', record(a.id, a.version, photo, { values: { ...GOOD, householdsNow: undefined } }));
    assert.equal(bad3.status, 400);
    assert.equal(bad3.body.error.field, 'values.householdsNow');

    const r = record(a.id, a.version, photo);
    const ok = await req(t, officer, 'POST', '/api/field/records', r);
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal((await req(t, officer, 'POST', '/api/field/records', r)).status, 200, 'a replay of the same record');
    const task = await t.testDb.owner.selectFrom('hazards.inspections').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(task.status, 'done');
    assert.equal(task.recordId, r.recordId);
    assert.equal(task.result!.values.deformation, 'new_cracks');
    assert.equal(task.result!.photos[0]!.sha256, photo);
    assert.equal(task.result!.inspector.displayName.length > 0, true);
    // The finished task is no longer an assignment: a second record is refused and the result stays.
    const again = await req(t, officer, 'POST', '/api/field/records', record(a.id, a.version, photo, { values: { ...GOOD, deformation: 'none', note: '' } }));
    assert.equal(again.status, 404, JSON.stringify(again.body));
    assert.equal(again.body.error.field, 'assignmentId');
    assert.equal((await t.testDb.owner.selectFrom('hazards.inspections').select('recordId').where('id', '=', a.id).executeTakeFirstOrThrow()).recordId, r.recordId);
    assert.equal(await todo(officer, 'hazards.todos.inspections'), 2);
    const list = await call(t, officer, 'GET', '/api/hazards/inspections?status=done');
    assert.deepEqual(list.body.map((x: { siteNo: string }) => x.siteNo), ['520304102-HP01']);
  });

  it('an open task past its deadline is a red to-do', async () => {
    await t.testDb.owner.updateTable('hazards.inspections').set({ dueOn: inDays(-2) }).where('status', '=', 'open').execute();
    assert.equal(await todo(officer, 'hazards.todos.inspectionsOverdue'), 2);
    assert.equal(await todo(officer, 'hazards.todos.inspections'), 0);
  });

  it('the web page\'s list filters by round, state and township; one task shows its field record with the form\'s labels', async () => {
    assert.equal((await call(t, officer, 'POST', '/api/hazards/inspections', { round: 'in_flood', year: 2026, dueOn: inDays(20) })).status, 201);
    const list = async (q: string) => (await call(t, officer, 'GET', `/api/hazards/inspections?${q}`)).body as { id: string; siteNo: string; round: string; status: string; overdue: boolean; townshipName: string | null; inspector: string | null; recordId: string | null }[];
    assert.equal((await list('')).length, 6);
    assert.deepEqual((await list('round=in_flood')).map((x) => [x.round, x.status]), [['in_flood', 'open'], ['in_flood', 'open'], ['in_flood', 'open']]);
    const overdue = await list('status=overdue');
    assert.deepEqual(overdue.map((x) => [x.round, x.overdue]), [['pre_flood', true], ['pre_flood', true]], 'open past the deadline');
    assert.equal((await list('status=open&round=in_flood')).length, 3);
    const done = await list('status=done&round=pre_flood&year=2026&townshipCode=520304102');
    assert.equal(done.length, 1);
    assert.equal(done[0]!.townshipName, '三岔镇');
    assert.ok(done[0]!.inspector && done[0]!.recordId, 'who recorded it, and the record');
    assert.equal((await list('townshipCode=520304103')).length, 0, 'another township');
    for (const [q, field] of [['status=late', 'status'], ['round=winter', 'round'], ['townshipCode=5203', 'townshipCode']]) {
      const bad = await call(t, officer, 'GET', `/api/hazards/inspections?${q}`);
      assert.equal(bad.status, 400, q);
      assert.match(JSON.stringify(bad.body.error), new RegExp(field!), q);
    }

    const one = await call(t, officer, 'GET', `/api/hazards/inspections/${done[0]!.id}`);
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.equal(one.body.siteNo, '520304102-HP01');
    assert.equal(one.body.record.recordId, done[0]!.recordId);
    const v = Object.fromEntries(one.body.record.values.map((x: { name: string; label: Record<string, string>; value: unknown }) => [x.name, [x.label['zh-CN'], x.value]]));
    assert.deepEqual(v.deformation, ['变形迹象', { 'zh-CN': '新增裂缝', 'en-US': 'New cracks' }]);
    assert.deepEqual(v.householdsNow, ['现受威胁户数', 12]);
    assert.deepEqual(one.body.record.position, { lon: 106.7812, lat: 27.5121, accuracyM: 6 });
    assert.equal(one.body.record.photos.length, 1);
    const open = await call(t, officer, 'GET', `/api/hazards/inspections/${(await list('round=in_flood'))[0]!.id}`);
    assert.equal(open.body.record, null, 'an open task has no record yet');
    assert.equal((await call(t, await loginAs(t, 'hc_hazard'), 'GET', `/api/hazards/inspections/${done[0]!.id}`)).status, 404, 'another county');
    assert.equal((await call(t, officer, 'GET', '/api/hazards/inspections/not-a-uuid')).status, 400);
  });
});
