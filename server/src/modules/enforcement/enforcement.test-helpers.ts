/** Shared steps of the enforcement tests (not a test file itself). */
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { chinaToday, uploadEvidence } from '../tipoffs/tipoffs.test-helpers.ts';

export { call, loginAs, chinaToday, uploadEvidence };

export async function ok(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
}

/** Opens a case by hand (巡查) in 播州区 and files it; returns its id. */
export async function filedCase(t: TestApp, title = '巡查发现某公司非法占用土地案') {
  const inspector = await loginAs(t, 'inspector');
  const leader = await loginAs(t, 'leader');
  const opened = await ok(call(t, inspector, 'POST', '/api/enforcement/cases', {
    sourceKind: 'inspection', sourceRef: `XC-${Math.random().toString(36).slice(2, 8)}`, divisionCode: '520304102', title,
    summary: '日常巡查发现当事人未经批准占用耕地建设厂房。', location: { lon: 106.83, lat: 27.54 },
  }), 201);
  await ok(call(t, leader, 'POST', `/api/enforcement/cases/${opened.caseId}/file`, { opinion: '同意立案' }));
  return { id: opened.caseId as number, caseNo: opened.caseNo as string, inspector, leader };
}

/** An inquiry record and a site record with a photo. */
export async function investigate(t: TestApp, id: number, inspector: string) {
  const photo = await uploadEvidence(t, inspector, 'site.png');
  await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/records`, {
    kind: 'inquiry', recordedOn: chinaToday(), title: '对当事人法定代表人的询问笔录', content: '问：该厂房是否办理用地审批手续？\n答：没有办理。', values: { 被询问人: '李某' },
  }));
  await ok(call(t, inspector, 'POST', `/api/enforcement/cases/${id}/records`, {
    kind: 'site', recordedOn: chinaToday(), title: '现场勘验笔录', content: '现场为新建钢结构厂房一栋，占地约300平方米，现状地类为耕地。', values: { 测量面积: 300 }, files: [photo],
  }));
}

export const COMPANY = { kind: 'company', name: '遵义市播州区示例建材有限公司', idNumber: '91520304MA6H7K2L0A', address: '播州区三岔镇工业园' };
export const PERSON = { kind: 'person', name: '王小明', idNumber: '52030419900307123X', address: '播州区三岔镇某村3组' };
