/** Shared steps of the openness tests (not a test file itself). */
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../../platform/identity/test-helpers.ts';
import { solveChallenge } from '../../platform/pow/pow.ts';

export { call, loginAs };

export const ENTRY = { category: 'ZCWJ', title: '播州区自然资源局关于规范农村宅基地审批管理的通知', docNo: '播自然资发〔2026〕3号', body: '各乡镇国土资源所：\n现将有关事项通知如下。' };

/** Writes an entry as `editor` and sends it for review; returns its id. */
export async function submittedEntry(t: TestApp, editor: string, over: Partial<typeof ENTRY> = {}): Promise<number> {
  const c = await loginAs(t, editor);
  const e = await call(t, c, 'POST', '/api/openness/entries', { ...ENTRY, ...over });
  assert.equal(e.status, 201, JSON.stringify(e.body));
  const s = await call(t, c, 'POST', `/api/openness/entries/${e.body.id}/submit`);
  assert.equal(s.status, 200, JSON.stringify(s.body));
  return e.body.id as number;
}

export async function bureauId(t: TestApp, code = '520304-B'): Promise<number> {
  return (await t.testDb.owner.selectFrom('orgs.org_units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

export const WRITER = { name: '李建国', phone: '13912345678' };

/** A letter as the public writes it, with the proof of work solved. */
export async function writeLetter(t: TestApp, over: Record<string, unknown> = {}) {
  const ch = (await call(t, null, 'GET', '/api/open/letters/challenge')).body as { challenge: string; difficulty: number };
  const body = {
    kind: 'mailbox', orgUnitId: await bureauId(t), subject: '三岔镇宅基地审批进度咨询',
    body: `我是三岔镇村民${WRITER.name}，电话${WRITER.phone}，身份证号520304198001011234。去年提交的宅基地申请何时办结？李先生的邻居也在等。`,
    writerName: WRITER.name, writerPhone: WRITER.phone, consentPublish: true,
    pow: { challenge: ch.challenge, nonce: solveChallenge(ch.challenge, ch.difficulty) }, ...over,
  };
  return call(t, null, 'POST', '/api/open/letters', body);
}
