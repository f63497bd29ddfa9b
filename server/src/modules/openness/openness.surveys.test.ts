import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from './openness.test-helpers.ts';

const t: TestApp = await startTestApp();

async function openSurvey() {
  const office = await loginAs(t, 'office');
  const s = await call(t, office, 'POST', '/api/openness/surveys', { title: '您对宅基地审批办理时限是否满意？', options: ['满意', '基本满意', '不满意'], closesOn: '2099-12-31' });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  // A draft is not public.
  assert.ok(!(await call(t, null, 'GET', '/api/open/surveys')).body.some((x: { id: number }) => x.id === s.body.id));
  assert.equal((await call(t, office, 'POST', `/api/openness/surveys/${s.body.id}/status`, { status: 'open' })).status, 200);
  return s.body.id as number;
}

describe('网上调查: one vote per person', () => {
  it('a public account votes once; a second vote, even at the same moment, is refused and not counted', async () => {
    const id = await openSurvey();
    const person = await loginAs(t, '13885200001');
    const [a, b] = await Promise.all([
      call(t, person, 'POST', `/api/open/surveys/${id}/vote`, { optionKey: 'o1' }),
      call(t, person, 'POST', `/api/open/surveys/${id}/vote`, { optionKey: 'o3' }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const company = await loginAs(t, '13885200002');
    // The plain form post of the survey page works without JavaScript.
    const form = await t.inject({ method: 'POST', url: `/hudong/surveys/${id}`, headers: { cookie: company, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, payload: 'optionKey=o2' });
    assert.equal(form.statusCode, 303, form.body);
    const res = (await call(t, null, 'GET', '/api/open/surveys')).body.find((x: { id: number }) => x.id === id);
    assert.equal(res.total, 2);
    const page = await t.inject({ method: 'GET', url: `/hudong/surveys/${id}`, headers: { cookie: company } });
    assert.match(page.body, /您已参与本次调查/);
  });

  it('staff and anonymous visitors do not vote; a choice not offered names the field', async () => {
    const id = await openSurvey();
    assert.equal((await call(t, null, 'POST', `/api/open/surveys/${id}/vote`, { optionKey: 'o1' })).status, 401);
    assert.equal((await call(t, await loginAs(t, 'window'), 'POST', `/api/open/surveys/${id}/vote`, { optionKey: 'o1' })).status, 403);
    const bad = await call(t, await loginAs(t, '13885200001'), 'POST', `/api/open/surveys/${id}/vote`, { optionKey: 'o9' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'optionKey');
    const n = await t.testDb.owner.selectFrom('openness.survey_votes').select('userId').where('surveyId', '=', id).execute();
    assert.equal(n.length, 0);
  });

  it('a closed survey takes no vote', async () => {
    const id = await openSurvey();
    await call(t, await loginAs(t, 'office'), 'POST', `/api/openness/surveys/${id}/status`, { status: 'closed' });
    assert.equal((await call(t, await loginAs(t, '13885200001'), 'POST', `/api/open/surveys/${id}/vote`, { optionKey: 'o1' })).status, 409);
  });
});
