/**
 * The workbench to-dos (GET /api/todos): each module's counts with links, only what the active
 * post may do and only in its scope — another county's clerk does not see 播州区's cases.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, call, ensureMatters, login, PERSON_LOGIN } from '../../modules/approvals/approvals.test-helpers.ts';
import { setPowDifficulty, submitPublic } from '../../modules/tipoffs/tipoffs.test-helpers.ts';
import { createTodoRegistry } from './todos.ts';

const t: TestApp = await startTestApp();
await ensureMatters(t);
await setPowDifficulty(t, 4);

type Todo = { module: string; key: string; count: number; link: string; level: string };
const todos = async (username: string) => {
  const r = await call(t, await login(t, username), 'GET', '/api/todos');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return Object.fromEntries((r.body as Todo[]).map((x) => [x.key, x]));
};

describe('workbench to-dos', () => {
  it('counts per module within the post’s permissions and scope, with links', async () => {
    const person = await login(t, PERSON_LOGIN);
    const a = await applyOnline(t, person); // 用地预审: landuse, planning, farmland in parallel
    const b = await applyOnline(t, person);
    assert.equal((await call(t, await login(t, 'window'), 'POST', `/api/approvals/cases/${b.caseNo}/accept`, {})).status, 200);
    const report = await submitPublic(t);
    assert.equal(report.status, 201);

    const w = await todos('window');
    assert.deepEqual(w['approvals.todos.accept'], { module: 'approvals', key: 'approvals.todos.accept', count: 1, link: '/app/approvals-window', level: 'info' });
    assert.equal(w['approvals.todos.review'], undefined, 'the window gives no opinions');
    assert.equal(w['tipoffs.todos.triage'], undefined);

    const rv = await todos('reviewer');
    assert.equal(rv['approvals.todos.review']?.count, 1);
    assert.equal(rv['approvals.todos.review']?.link, '/app/approvals-review');
    assert.equal(rv['approvals.todos.accept'], undefined);
    // The opinion given, it is no longer due from this department.
    assert.equal((await call(t, await login(t, 'reviewer'), 'POST', `/api/approvals/cases/${b.caseNo}/opinions`, { verdict: 'agree', comment: '同意' })).status, 200);
    assert.equal((await todos('reviewer'))['approvals.todos.review'], undefined);

    // Another county: nothing of 播州区.
    const hc = await todos('hc_window');
    assert.equal(hc['approvals.todos.accept'], undefined);

    // A red card on the waiting case: the supervisor sees it.
    const c = await t.testDb.owner.selectFrom('approvals.cases').select(['id', 'orgPath']).where('caseNo', '=', a.caseNo).executeTakeFirstOrThrow();
    await sql`insert into approvals.warnings (case_id, org_path, stage_id, level, due_date, details) values (${c.id}, ${c.orgPath}::ltree, null, 'red', current_date - 1, '{}'::jsonb)`.execute(t.testDb.owner);
    const sup = await todos('supervisor');
    assert.deepEqual([sup['approvals.todos.red']?.count, sup['approvals.todos.red']?.level], [1, 'danger']);
    assert.equal(sup['approvals.todos.accept'], undefined);

    // Tip-offs: the hotline triages the public report; the county inspector does not.
    const h = await todos('hotline');
    assert.deepEqual([h['tipoffs.todos.triage']?.count, h['tipoffs.todos.triage']?.link], [1, '/app/tipoffs?status=received']);
    assert.equal(h['approvals.todos.accept'], undefined);
    const ins = await todos('inspector');
    assert.equal(ins['tipoffs.todos.triage'], undefined);
    assert.equal(ins['tipoffs.todos.handle'], undefined, 'nothing assigned to the county yet');
  });

  it('is for staff only', async () => {
    assert.equal((await call(t, await login(t, PERSON_LOGIN), 'GET', '/api/todos')).status, 403);
    assert.equal((await call(t, null, 'GET', '/api/todos')).status, 401);
  });

  it('a module registers once', () => {
    const reg = createTodoRegistry({ db: t.platform.db });
    reg.register('x', async () => []);
    assert.throws(() => reg.register('x', async () => []), /registered twice/);
  });
});
