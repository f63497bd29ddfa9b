/**
 * POST /api/public/approvals/cases: an online application is made in the name of the signed-in
 * account (实名). Nobody applies under another person's name, ID number or phone.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../../../test/harness.ts';
import { call, ensureMatters, login, PERSON, PERSON_LOGIN, PREVIEW, PREVIEW_FORM, uploadPdf } from './approvals.test-helpers.ts';

const t = await startTestApp();
await ensureMatters(t);

async function materials(cookie: string) {
  const guide = (await call(t, null, 'GET', `/api/public/approvals/matters/${PREVIEW}`)).body;
  const out: Record<string, string[]> = {};
  for (const m of guide.materials as { key: string; required: boolean; kind: string }[]) {
    if (m.required && m.kind === 'file') out[m.key] = [(await uploadPdf(t, cookie)).id];
  }
  return out;
}

const caseCount = async () => Number((await t.testDb.owner.selectFrom('approvals.cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('online applicant = the signed-in account (实名)', () => {
  it('refuses another person’s ID number, name or phone, naming the field, and creates nothing', async () => {
    const cookie = await login(t, PERSON_LOGIN);
    const before = await caseCount();
    for (const [field, applicant] of [
      ['applicant.idNumber', { ...PERSON, idNumber: '110101199003074514' }],
      ['applicant.name', { ...PERSON, name: '李四' }],
      ['applicant.phone', { ...PERSON, phone: '13900000999' }],
    ] as const) {
      const res = await call(t, cookie, 'POST', '/api/public/approvals/cases', { matterCode: PREVIEW, applicant, formData: PREVIEW_FORM, materials: await materials(cookie) });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'approvals.applicant_not_account');
      assert.equal(res.body.error.field, field);
    }
    assert.equal(await caseCount(), before);
  });

  it('takes name, ID number and phone from the account when the form leaves them out', async () => {
    const cookie = await login(t, PERSON_LOGIN);
    const res = await call(t, cookie, 'POST', '/api/public/approvals/cases', { matterCode: PREVIEW, formData: PREVIEW_FORM, materials: await materials(cookie) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const c = await t.testDb.owner.selectFrom('approvals.cases').select(['applicantName', 'applicantIdNumber', 'applicantPhone', 'applicantKind'])
      .where('caseNo', '=', res.body.caseNo).executeTakeFirstOrThrow();
    assert.deepEqual(c, { applicantName: PERSON.name, applicantIdNumber: PERSON.idNumber, applicantPhone: PERSON.phone, applicantKind: 'person' });
  });
});
