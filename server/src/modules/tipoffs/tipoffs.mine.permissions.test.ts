/**
 * 我的办件, tip-offs: a public account sees the real-name reports it filed while signed in, with
 * their progress — never anonymous ones (not even its own), never reports filed without login,
 * never another account's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { loginAs, call, reportBody, setPowDifficulty, submitPublic } from './tipoffs.test-helpers.ts';

const t: TestApp = await startTestApp();
await setPowDifficulty(t, 4);
const person = await loginAs(t, '13885200001');
const company = await loginAs(t, '13885200002');

/** Submits through the public form, signed in with `cookie` (or not). */
async function submitAs(cookie: string | null, body = reportBody()) {
  const res = await submitPublic(t, body, cookie ? { cookie } : {});
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { trackingCode: string; reportNo: string };
}

describe('my tip-offs', () => {
  it('lists the real-name reports filed while signed in, with their tracking, and nothing else', async () => {
    const named = await submitAs(person);
    const anonymous = await submitAs(person, reportBody({ reporter: { anonymous: true } }));
    const noLogin = await submitAs(null);
    const other = await submitAs(company, reportBody({ reporter: { anonymous: false, name: '李四', phone: '13885200002' } }));

    const r = await call(t, person, 'GET', '/api/public/tipoffs/mine');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.map((x: { reportNo: string }) => x.reportNo), [named.reportNo]);
    assert.equal(r.body[0].trackingCode, named.trackingCode);
    assert.equal(r.body[0].status, 'received');
    assert.ok(r.body[0].events.length > 0, 'the tracking timeline');
    const text = JSON.stringify(r.body);
    for (const x of [anonymous, noLogin, other]) assert.ok(!text.includes(x.reportNo) && !text.includes(x.trackingCode));

    // The anonymous report is stored without the account: nothing ties it to the person.
    const links = await t.testDb.owner.selectFrom('tipoffs.reporters as p').innerJoin('tipoffs.reports as r', 'r.id', 'p.reportId')
      .select(['r.reportNo', 'p.accountUserId']).where('p.accountUserId', 'is not', null).orderBy('r.id').execute();
    assert.deepEqual(links.map((l) => l.reportNo), [named.reportNo, other.reportNo]);

    const c = await call(t, company, 'GET', '/api/public/tipoffs/mine');
    assert.deepEqual(c.body.map((x: { reportNo: string }) => x.reportNo), [other.reportNo]);
  });

  it('staff and visitors without login are refused', async () => {
    assert.equal((await call(t, null, 'GET', '/api/public/tipoffs/mine')).status, 401);
    assert.equal((await call(t, await loginAs(t, 'hotline'), 'GET', '/api/public/tipoffs/mine')).status, 403);
  });
});
