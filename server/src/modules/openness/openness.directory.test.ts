import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { createOpennessService } from './openness.service.ts';
import { staff } from '../approvals/approvals.test-helpers.ts';
import { call, ENTRY, loginAs, submittedEntry } from './openness.test-helpers.ts';
import { withContext } from '../../platform/db/context.ts';
import { actorContext } from '../../platform/http/actor.ts';

const t: TestApp = await startTestApp();
const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4);

describe('政府信息公开目录: editor → reviewer → published with a 索引号', () => {
  it('publishes a reviewed entry with the bureau-category-year-serial index number, public only then', async () => {
    const id = await submittedEntry(t, 'office');
    // Submitted but not published: the public sees nothing.
    assert.equal((await call(t, null, 'GET', '/api/open/directory')).body.total, 0);
    const leader = await loginAs(t, 'leader');
    const p = await call(t, leader, 'POST', `/api/openness/entries/${id}/publish`);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(p.body.indexNo, `520304-ZCWJ-${year}-0001`);
    const list = await call(t, null, 'GET', '/api/open/directory?category=ZCWJ');
    assert.equal(list.body.total, 1);
    assert.equal(list.body.rows[0].indexNo, p.body.indexNo);
    const page = await t.inject({ method: 'GET', url: `/gk/xxgk/${p.body.indexNo}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /播自然资发〔2026〕3号/);
    assert.match(page.body, new RegExp(`<td>${p.body.indexNo}</td>`));
    const gk = await t.inject({ method: 'GET', url: '/gk?lang=en-US' });
    assert.match(gk.body, /<html lang="en-US"/);
    assert.match(gk.body, /Policy documents<\/a> \(1\)/);
  });

  it('a returned entry needs a note, goes back to the editor, and takes no number', async () => {
    const id = await submittedEntry(t, 'office', { category: 'GHJH', title: '2026年度土地利用计划' });
    const leader = await loginAs(t, 'leader');
    const bad = await call(t, leader, 'POST', `/api/openness/entries/${id}/return`, { note: '' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'note');
    const r = await call(t, leader, 'POST', `/api/openness/entries/${id}/return`, { note: '请补充文号' });
    assert.equal(r.body.status, 'returned');
    assert.equal(r.body.indexNo, null);
    // Not publishable until sent again.
    assert.equal((await call(t, leader, 'POST', `/api/openness/entries/${id}/publish`)).status, 409);
    const office = await loginAs(t, 'office');
    assert.equal((await call(t, office, 'PUT', `/api/openness/entries/${id}`, { ...ENTRY, category: 'GHJH', title: '2026年度土地利用计划', docNo: '播自然资发〔2026〕9号' })).status, 200);
    assert.equal((await call(t, office, 'POST', `/api/openness/entries/${id}/submit`)).status, 200);
    const p = await call(t, leader, 'POST', `/api/openness/entries/${id}/publish`);
    assert.equal(p.body.indexNo, `520304-GHJH-${year}-0001`, 'each category counts on its own');
  });

  it('refuses an unknown category naming the field, and changes nothing', async () => {
    const office = await loginAs(t, 'office');
    const before = await t.testDb.owner.selectFrom('openness.entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await call(t, office, 'POST', '/api/openness/entries', { ...ENTRY, category: 'NOPE' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'category');
    const after = await t.testDb.owner.selectFrom('openness.entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('withdraws a published entry with a reason; the record and its number stay, the public no longer sees it', async () => {
    const id = await submittedEntry(t, 'office', { category: 'JGZN', title: '机构职能' });
    const leader = await loginAs(t, 'leader');
    const p = await call(t, leader, 'POST', `/api/openness/entries/${id}/publish`);
    const w = await call(t, leader, 'POST', `/api/openness/entries/${id}/withdraw`, { reason: '内容已更新' });
    assert.equal(w.body.status, 'withdrawn');
    assert.equal(w.body.indexNo, p.body.indexNo);
    assert.equal((await call(t, null, 'GET', `/api/open/directory/${p.body.indexNo}`)).status, 404);
  });

  it('gives gapless, unique serials to entries published at the same moment', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await submittedEntry(t, 'office', { category: 'XZXK', title: `行政许可结果 ${i}` }));
    const leader = await staff(t, 'leader');
    // One service per publication on the application role, all at once: they queue on the counter row.
    const svc = createOpennessService({ ...t.platform, db: t.platform.db });
    const out = await Promise.all(ids.map((id) => withContext(t.platform.db, actorContext({ ...leader, roles: [], sessionId: 'x' }), (trx) => svc.publishEntry(trx, leader, id))));
    const serials = out.map((e) => Number(e.indexNo!.split('-').at(-1))).sort((a, b) => a - b);
    assert.deepEqual(serials, Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('a rolled-back publication gives its number back', async () => {
    const id1 = await submittedEntry(t, 'office', { category: 'CZYJS', title: '2026年部门预算' });
    const id2 = await submittedEntry(t, 'office', { category: 'CZYJS', title: '2025年部门决算' });
    const leader = await staff(t, 'leader');
    const svc = createOpennessService({ ...t.platform });
    await assert.rejects(withContext(t.platform.db, actorContext({ ...leader, roles: [], sessionId: 'x' }), async (trx) => {
      await svc.publishEntry(trx, leader, id1);
      throw new Error('rollback');
    }), /rollback/);
    const p = await call(t, await loginAs(t, 'leader'), 'POST', `/api/openness/entries/${id2}/publish`);
    assert.equal(p.body.indexNo, `520304-CZYJS-${year}-0001`);
  });
});
