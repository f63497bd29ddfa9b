/**
 * Who may publish to the 政府信息公开目录 (openness.entry.review) and who sees what: only a
 * reviewer of the publishing bureau publishes; an editor does not publish, not even with both
 * permissions their own submission; another county's reviewer does not reach the entry; the public
 * sees only what is published.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { makeStaff } from '../../platform/identity/test-helpers.ts';
import { call, loginAs, submittedEntry } from './openness.test-helpers.ts';

const t: TestApp = await startTestApp();
await makeStaff(t, 'hc_leader', '520303-B', 'leader');
// A role holding both permissions: the four-eyes rule still applies.
await sql`insert into access.roles (code, name, name_en, admin_kind) values ('editor_reviewer', '编审合一（测试）', 'Editor and reviewer (test)', null)`.execute(t.testDb.owner);
const role = await t.testDb.owner.selectFrom('access.roles').select('id').where('code', '=', 'editor_reviewer').executeTakeFirstOrThrow();
await t.testDb.owner.insertInto('access.role_permissions').values(['platform.workbench.view', 'openness.entry.edit', 'openness.entry.review'].map((permission) => ({ roleId: role.id, permission }))).execute();
await makeStaff(t, 'both', '520304-OFFICE', 'editor_reviewer');

const status = async (id: number) => (await t.testDb.owner.selectFrom('openness.entries').select(['status', 'indexNo']).where('id', '=', id).executeTakeFirstOrThrow());

describe('who may publish a directory entry (openness.entry.review)', () => {
  it('the bureau\'s leader may; the editor, the window clerk, the public and another county\'s leader may not, and nothing changes', async () => {
    const id = await submittedEntry(t, 'office');
    assert.equal((await call(t, null, 'POST', `/api/openness/entries/${id}/publish`)).status, 401);
    assert.equal((await call(t, await loginAs(t, 'office'), 'POST', `/api/openness/entries/${id}/publish`)).status, 403);
    assert.equal((await call(t, await loginAs(t, 'window'), 'POST', `/api/openness/entries/${id}/publish`)).status, 403);
    const hc = await loginAs(t, 'hc_leader');
    assert.equal((await call(t, hc, 'POST', `/api/openness/entries/${id}/publish`)).status, 404, 'RLS: not in the other county\'s scope');
    assert.ok(!(await call(t, hc, 'GET', '/api/openness/entries')).body.some((e: { id: number }) => e.id === id));
    assert.deepEqual(await status(id), { status: 'submitted', indexNo: null });
    assert.equal((await call(t, await loginAs(t, 'leader'), 'POST', `/api/openness/entries/${id}/publish`)).status, 200);
    assert.equal((await status(id)).status, 'published');
  });

  it('a post with both permissions does not publish what it sent for review itself', async () => {
    const id = await submittedEntry(t, 'both');
    const res = await call(t, await loginAs(t, 'both'), 'POST', `/api/openness/entries/${id}/publish`);
    assert.equal(res.status, 403);
    assert.deepEqual(await status(id), { status: 'submitted', indexNo: null });
  });

  it('the public sees published entries only, under RLS alone too', async () => {
    const id = await submittedEntry(t, 'office', { title: '尚未审核的条目' });
    assert.ok(!(await call(t, null, 'GET', '/api/open/directory')).body.rows.some((e: { id: number }) => e.id === id));
    const gk = await t.inject({ method: 'GET', url: '/gk' });
    assert.ok(!gk.body.includes('尚未审核的条目'));
    // The application role with no scope: the row is invisible whatever the query.
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from openness.entries where id = ${id}`.execute(t.platform.db);
    assert.equal(rows[0]!.n, 0);
  });
});
