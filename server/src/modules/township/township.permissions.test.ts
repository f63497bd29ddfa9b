/**
 * Township workbench and 网上督察 against the real database and app: a township sees only its
 * own entries, the county sees its townships, the city all its townships, another county none
 * (RLS, not only the routes); bad input is refused naming the field and changes nothing.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs, makeStaff, userId } from '../../platform/identity/test-helpers.ts';
import { withContext } from '../../platform/db/context.ts';
import { chinaDay, createTownshipService } from './township.service.ts';
import { createTownshipExchangeKind } from './township.exchange.ts';

const t: TestApp = await startTestApp();
const today = chinaDay(new Date());
const PATROL = { kind: 'patrol', finding: 'illegal_building', place: '新街村大湾组', description: '新建砖房一处，约80平方米', observedOn: today, lon: 106.79, lat: 27.51 };
let clerk: string, clerk2: string, county: string, city: string, otherCounty: string;

before(async () => {
  await makeStaff(t, 'hc_liaison', '520303-B', 'township_liaison');
  [clerk, clerk2, county, city, otherCounty] = await Promise.all(['township', 'township2', 'bz_supervisor', 'supervisor', 'hc_liaison'].map((u) => loginAs(t, u)));
});

const count = async () => Number((await sql<{ n: string }>`select count(*) as n from township.entries`.execute(t.testDb.owner)).rows[0]!.n);

describe('township entries (乡镇填报)', () => {
  it('the clerk files and reports a patrol finding; a draft is reported later; a reported one no longer changes', async () => {
    const res = await call(t, clerk, 'POST', '/api/township/entries', PATROL);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, 'reported');
    assert.equal(res.body.townshipCode, '520304102');
    const draft = await call(t, clerk, 'POST', '/api/township/entries', { ...PATROL, kind: 'land_change', finding: 'land_change', report: false });
    assert.equal(draft.body.status, 'draft');
    const reported = await call(t, clerk, 'PUT', `/api/township/entries/${draft.body.id}`, { ...PATROL, kind: 'land_change', finding: 'land_change', report: true });
    assert.equal(reported.status, 200);
    assert.equal(reported.body.version, 2);
    const again = await call(t, clerk, 'PUT', `/api/township/entries/${draft.body.id}`, { ...PATROL, kind: 'land_change', finding: 'land_change' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'township.entry_wrong_state');
  });

  it('bad input is refused naming the field, and nothing is stored', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...PATROL, finding: 'land_change' }, 'finding'],
      [{ ...PATROL, observedOn: '2999-01-01' }, 'observedOn'],
      [{ ...PATROL, lat: null }, 'lat'],
      [{ ...PATROL, place: '' }, 'place'],
      [{ ...PATROL, finding: 'ufo' }, 'finding'],
    ];
    for (const [body, field] of cases) {
      const res = await call(t, clerk, 'POST', '/api/township/entries', body);
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.field, field);
    }
    assert.equal(await count(), before);
  });

  it('who may file: not the county (no township), not the city, not the public', async () => {
    const before = await count();
    assert.equal((await call(t, null, 'POST', '/api/township/entries', PATROL)).status, 401);
    assert.equal((await call(t, county, 'POST', '/api/township/entries', PATROL)).status, 403);
    assert.equal((await call(t, city, 'POST', '/api/township/entries', PATROL)).status, 403);
    assert.equal(await count(), before);
  });

  it('RLS: a township sees only its own entries; the county its townships; the city all; another county none', async () => {
    const towns = async (cookie: string) => new Set(((await call(t, cookie, 'GET', '/api/township/entries?limit=200')).body as { townshipCode: string }[]).map((e) => e.townshipCode));
    assert.deepEqual([...await towns(clerk)], ['520304102']);
    assert.deepEqual([...await towns(clerk2)], ['520304103']);
    assert.deepEqual([...await towns(county)].sort(), ['520304102', '520304103', '520304113']);
    assert.deepEqual([...await towns(city)].sort(), ['520304102', '520304103', '520304113']);
    assert.equal((await towns(otherCounty)).size, 0);
    // Not only the route: the table itself under the clerk's scope.
    const seen = await withContext(t.platform.db, { userId: 1, scopes: ['cn.p52.c5203.x520304.t520304103'] },
      (trx) => trx.selectFrom('township.entries').select('townshipCode').distinct().execute());
    assert.deepEqual(seen.map((r) => r.townshipCode), ['520304103']);
    // A row for another township cannot be written from a township's scope.
    await assert.rejects(withContext(t.platform.db, { userId: 1, scopes: ['cn.p52.c5203.x520304.t520304103'] }, (trx) => trx.insertInto('township.entries').values({
      orgPath: 'cn.p52.c5203.x520304.t520304102', townshipCode: '520304102', kind: 'patrol', finding: 'nothing_found', place: '某地', description: '无异常', observedOn: today, lon: null, lat: null, fieldRecordId: null, createdBy: null,
    }).execute()), /row-level security/);
  });
});

describe('notices with read receipts (通知公告 已阅回执)', () => {
  it('the county publishes; a township reading it leaves one receipt; the county sees who read; another township has not', async () => {
    const readBy = await t.platform.calendar.addWorkdays(today, 3);
    const pub = await call(t, county, 'POST', '/api/township/notices', { title: '关于开展测试巡查的通知', body: '各乡镇：\n\n请开展巡查。', readBy });
    assert.equal(pub.status, 201, JSON.stringify(pub.body));
    assert.equal(pub.body.origin, 'county');
    const inbox = (await call(t, clerk, 'GET', '/api/township/notices')).body as { id: number; readAt: string | null }[];
    assert.equal(inbox.find((n) => n.id === pub.body.id)?.readAt, null);
    const opened = await call(t, clerk, 'GET', `/api/township/notices/${pub.body.id}`);
    assert.equal(opened.status, 200);
    assert.ok(opened.body.readAt);
    await call(t, clerk, 'GET', `/api/township/notices/${pub.body.id}`);
    const countyView = await call(t, county, 'GET', `/api/township/notices/${pub.body.id}`);
    assert.deepEqual(countyView.body.reads.map((r: { orgPath: string; townshipName: string }) => [r.orgPath, r.townshipName]), [['cn.p52.c5203.x520304.t520304102', '三岔镇国土资源所']]);
    const other = (await call(t, clerk2, 'GET', '/api/township/notices')).body as { id: number; readAt: string | null }[];
    assert.equal(other.find((n) => n.id === pub.body.id)?.readAt, null);
    // Another county's liaison does not see 播州区's notice at all.
    assert.equal((await call(t, otherCounty, 'GET', `/api/township/notices/${pub.body.id}`)).status, 404);
    // A township's reading deadline is refused; a past one too.
    const bad = await call(t, clerk, 'POST', '/api/township/notices', { title: '本所通知', body: '正文内容', readBy });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'readBy');
    assert.equal((await call(t, county, 'POST', '/api/township/notices', { title: '过期通知', body: '正文内容', readBy: '2020-01-01' })).body.error.field, 'readBy');
  });

  it('a township\'s own notice is handed to the portal as a draft article (escaped HTML) when submitArticle is wired', async () => {
    const calls: { divisionCode: string; bodyHtml: string; source: string }[] = [];
    const svc = createTownshipService({ ...t.platform, submitArticle: async (_trx, _actor, input) => { calls.push(input); return { articleId: 'A-1' }; } });
    const actor = { userId: await userId(t, 'township'), username: 'township', displayName: '杨明', kind: 'staff' as const, postId: null, orgUnitId: null,
      scopePath: 'cn.p52.c5203.x520304.t520304102', permissions: new Set(['township.notice.publish']) };
    const n = await withContext(t.platform.db, { userId: actor.userId, scopes: [actor.scopePath] },
      (trx) => svc.publishNotice(trx, actor, { title: '三岔镇通知', body: '第一段 <b>粗</b>\n\n第二段', columnKind: 'news', readBy: null }));
    assert.equal(n.portalArticleId, 'A-1');
    assert.deepEqual(calls.map((c) => [c.divisionCode, c.bodyHtml, c.source]), [['520304102', '<p>第一段 &lt;b&gt;粗&lt;/b&gt;</p><p>第二段</p>', '三岔镇国土资源所']]);
    const stored = await t.testDb.owner.selectFrom('township.notices').select('portalArticleId').where('id', '=', n.id).executeTakeFirstOrThrow();
    assert.equal(stored.portalArticleId, 'A-1');
  });
});

describe('questions to the county (站内信 咨询答复)', () => {
  it('asked with a due date in working days; answered once by the county, the asker told in-app; others may not answer', async () => {
    const q = await call(t, clerk, 'POST', '/api/township/messages', { subject: '测试咨询', question: '巡查频次如何安排？' });
    assert.equal(q.status, 201);
    assert.equal(q.body.dueDate, await t.platform.calendar.addWorkdays(today, 3));
    assert.equal((await call(t, clerk, 'POST', `/api/township/messages/${q.body.id}/answer`, { answer: '自己答复' })).status, 403);
    assert.equal((await call(t, county, 'POST', '/api/township/messages', { subject: '县局提问', question: '不应允许' })).status, 403);
    assert.equal((await call(t, otherCounty, 'POST', `/api/township/messages/${q.body.id}/answer`, { answer: '另一个县的答复' })).status, 404);
    const a = await call(t, county, 'POST', `/api/township/messages/${q.body.id}/answer`, { answer: '每周不少于两次。' });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.answerWorkdays, 0);
    const twice = await call(t, county, 'POST', `/api/township/messages/${q.body.id}/answer`, { answer: '再答一次' });
    assert.equal(twice.status, 409);
    const outbox = await sql<{ n: string }>`select count(*) as n from notify.outbox where channel = 'inapp' and recipient = ${String(await userId(t, 'township'))} and subject like '【县局答复】测试咨询'`.execute(t.testDb.owner);
    assert.equal(Number(outbox.rows[0]!.n), 1);
    assert.equal((await call(t, clerk2, 'GET', '/api/township/messages')).body.some((m: { id: number }) => m.id === q.body.id), false);
    const seenByCounty = (await call(t, county, 'GET', '/api/township/messages?open=false')).body.find((m: { id: number }) => m.id === q.body.id);
    assert.equal(seenByCounty.townshipName, '三岔镇国土资源所');
  });
});

describe('网上督察 and the exchange kind', () => {
  it('the city sees every township of its counties ranked by the documented score; the county its own; the clerk may not; Excel export', async () => {
    const res = await call(t, city, 'GET', '/api/township/supervision');
    assert.equal(res.status, 200);
    const rows = res.body.townships as { code: string; entriesWeek: number; reportsYear: number; score: number; rank: number; noticesReadOnTime: number; noticesPublished: number; noticesOverdue: number; questionsAnswered: number; lastActivity: string | null }[];
    assert.ok(rows.length >= 20, 'every township office of 播州区');
    const sancha = rows.find((r) => r.code === '520304102')!;
    assert.ok(sancha.entriesWeek >= 2 && sancha.lastActivity);
    assert.equal(rows[0]!.rank, 1);
    for (const r of rows) assert.equal(r.score, 2 * r.reportsYear + r.noticesReadOnTime + r.noticesPublished - 3 * r.noticesOverdue);
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1]!.score >= rows[i]!.score);
    const quiet = rows.find((r) => r.code === '520304201')!;
    assert.equal(quiet.lastActivity, null);
    const countyRows = (await call(t, county, 'GET', '/api/township/supervision')).body.townships as { code: string }[];
    assert.ok(countyRows.every((r) => r.code.startsWith('520304')));
    assert.equal(((await call(t, otherCounty, 'GET', '/api/township/supervision')).body.townships as unknown[]).length, 0);
    assert.equal((await call(t, clerk, 'GET', '/api/township/supervision')).status, 403);
    const xlsx = await t.inject({ method: 'GET', url: '/api/township/supervision.xlsx', headers: { cookie: city } });
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
  });

  it('township.report collects reported entries only, from a cursor, and applies them idempotently', async () => {
    const kind = createTownshipExchangeKind();
    const all = await withContext(t.platform.db, { userId: null, scopes: ['cn'] }, (trx) => kind.collect(trx, null, 1000));
    const drafts = await t.testDb.owner.selectFrom('township.entries').select('id').where('status', '=', 'draft').execute();
    assert.ok(drafts.length > 0);
    assert.ok(all.records.every((r) => !drafts.some((d) => d.id === r.id)));
    const after = await withContext(t.platform.db, { userId: null, scopes: ['cn'] }, (trx) => kind.collect(trx, all.cursor, 1000));
    assert.equal(after.records.length, 0, 'nothing resent after the cursor');
    const rec = { ...all.records[0]!, id: crypto.randomUUID() };
    const apply = (r: typeof rec) => withContext(t.platform.db, { userId: null, scopes: ['cn'] }, (trx) => kind.apply(trx, r));
    assert.equal(await apply(rec), 'applied');
    assert.equal(await apply(rec), 'unchanged');
    await assert.rejects(apply({ ...rec, id: crypto.randomUUID(), data: { ...(rec.data as object), orgPath: 'cn.p52' } }), /orgPath/);
  });
});

describe('to-dos (待办)', () => {
  it('the clerk counts unread county notices, the county its open questions; neither sees the other\'s', async () => {
    const items = async (cookie: string) => new Map(((await call(t, cookie, 'GET', '/api/todos')).body as { key: string; count: number; link: string }[]).map((i) => [i.key, i]));
    const open = Number((await sql<{ n: string }>`select count(*) as n from township.messages where answered_at is null and org_path <@ 'cn.p52.c5203.x520304'`.execute(t.testDb.owner)).rows[0]!.n);
    const unread2 = Number((await sql<{ n: string }>`select count(*) as n from township.notices n where origin = 'county' and not exists
      (select 1 from township.notice_reads r where r.notice_id = n.id and r.org_path = 'cn.p52.c5203.x520304.t520304103')`.execute(t.testDb.owner)).rows[0]!.n);
    assert.ok(open > 0 && unread2 > 0);
    const c = await items(county);
    assert.deepEqual([c.get('township.todos.answer')?.count, c.get('township.todos.answer')?.link], [open, '/app/township-answers']);
    assert.equal(c.has('township.todos.unread'), false);
    const k = await items(clerk2);
    assert.deepEqual([k.get('township.todos.unread')?.count, k.get('township.todos.unread')?.link], [unread2, '/app/township-notices']);
    assert.equal(k.has('township.todos.answer'), false);
  });
});
