/**
 * 宅基地审批 is a township matter: the case belongs to the township land office that the
 * applicant names, and is accepted, site-checked, reviewed and decided there.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../../../test/harness.ts';
import { call, ensureMatters, login, PERSON, PERSON_LOGIN, uploadPdf } from './approvals.test-helpers.ts';

const t = await startTestApp();
await ensureMatters(t);

const HOMESTEAD = '520304-XK-0009';
const FORM = { village: '三岔镇石坪村三组', area_m2: 120, reason: '分户新建' };

async function apply(person: string, divisionCode?: string) {
  const guide = (await call(t, null, 'GET', `/api/public/approvals/matters/${HOMESTEAD}`)).body;
  const materials: Record<string, string[]> = {};
  for (const m of guide.materials as { key: string; required: boolean; kind: string }[]) {
    if (m.required && m.kind === 'file') materials[m.key] = [(await uploadPdf(t, person)).id];
  }
  return call(t, person, 'POST', '/api/public/approvals/cases', {
    matterCode: HOMESTEAD, applicant: PERSON, formData: FORM, materials, ...(divisionCode ? { divisionCode } : {}),
  });
}

describe('宅基地审批 at the township land office', () => {
  it('needs the township, and a township outside the bureau is refused by name', async () => {
    const person = await login(t, PERSON_LOGIN);
    const none = await apply(person);
    assert.equal(none.status, 400);
    assert.equal(none.body.error.details?.field ?? none.body.error.field, 'divisionCode');
    const elsewhere = await apply(person, '520303001'); // a township of 汇川区
    assert.equal(elsewhere.status, 400);
  });

  it('is accepted, reviewed and completed by the township clerk and decided by the township leader; other townships see nothing', async () => {
    const person = await login(t, PERSON_LOGIN);
    const township = await login(t, 'township');
    const leader = await login(t, 'township_leader');
    const res = await apply(person, '520304102');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { caseNo } = res.body;
    assert.match(caseNo, /^520304102/);

    const queue = await call(t, township, 'GET', '/api/approvals/cases?status=submitted');
    assert.ok(queue.body.some((c: { caseNo: string }) => c.caseNo === caseNo), 'in the township queue');

    const accepted = await call(t, township, 'POST', `/api/approvals/cases/${caseNo}/accept`, {});
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.status, 'in_review');
    const site = await call(t, township, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '现场踏勘：四至清楚，不占耕地' });
    assert.equal(site.status, 200, JSON.stringify(site.body));
    const review = await call(t, township, 'POST', `/api/approvals/cases/${caseNo}/opinions`, { verdict: 'agree', comment: '符合村庄规划和面积标准' });
    assert.equal(review.body.status, 'pending_decision');

    // The township clerk does not decide; the township leader does.
    const clerkDecides = await call(t, township, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'granted', reason: '同意' });
    assert.equal(clerkDecides.status, 403);
    const granted = await call(t, leader, 'POST', `/api/approvals/cases/${caseNo}/decide`, { decision: 'granted', reason: '同意使用宅基地' });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    assert.equal(granted.body.decision, 'granted');
    const done = await call(t, township, 'POST', `/api/approvals/cases/${caseNo}/complete`, { delivery: 'pickup' });
    assert.equal(done.body.status, 'completed');

    // The county window sees its townships' cases (subtree); 汇川区 does not.
    const county = await login(t, 'window');
    assert.equal((await call(t, county, 'GET', `/api/approvals/cases/${caseNo}`)).status, 200);
    const other = await login(t, 'hc_window');
    assert.equal((await call(t, other, 'GET', `/api/approvals/cases/${caseNo}`)).status, 404);
  });
});
