import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { declareNextCalendarYear, startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs, WRITER, writeLetter } from './openness.test-helpers.ts';
import { maskPersonalData } from './mask.ts';

const t: TestApp = await startTestApp();
await declareNextCalendarYear(t.testDb.owner);

describe('互动交流: letters answered within working days, published masked with consent, rated once', () => {
  it('receives a letter with a proof of work; the reply is due 15 working days later (局长信箱)', async () => {
    const res = await writeLetter(t);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.letterNo, /^XX\d{8}[0-9A-F]{6}$/);
    const row = await t.testDb.owner.selectFrom('openness.letters').selectAll().where('letterNo', '=', res.body.letterNo).executeTakeFirstOrThrow();
    assert.equal(row.dueDate, await t.platform.calendar.addWorkdays(row.receivedOn, 15));
    assert.equal(res.body.dueDate, row.dueDate);
    assert.notEqual(row.queryCodeHash, res.body.queryCode, 'only the hash of the query code is kept');
  });

  it('refuses a letter without a fresh proof of work, or with a bad phone number, naming the field and storing nothing', async () => {
    const before = (await t.testDb.owner.selectFrom('openness.letters').select('id').execute()).length;
    const noPow = await writeLetter(t, { pow: { challenge: 'x.y', nonce: '1' } });
    assert.equal(noPow.status, 400);
    assert.equal(noPow.body.error.field, 'pow');
    const badPhone = await writeLetter(t, { writerPhone: '12345' });
    assert.equal(badPhone.status, 400);
    assert.match(JSON.stringify(badPhone.body), /writerPhone/);
    const badUnit = await writeLetter(t, { orgUnitId: 999999 });
    assert.equal(badUnit.status, 400);
    assert.equal(badUnit.body.error.field, 'orgUnitId');
    // A spent challenge cannot be used twice.
    const ch = (await call(t, null, 'GET', '/api/open/letters/challenge')).body;
    const { solveChallenge } = await import('../../platform/pow/pow.ts');
    const pow = { challenge: ch.challenge, nonce: solveChallenge(ch.challenge, ch.difficulty) };
    assert.equal((await writeLetter(t, { pow })).status, 201);
    assert.equal((await writeLetter(t, { pow })).status, 400);
    assert.equal((await t.testDb.owner.selectFrom('openness.letters').select('id').execute()).length, before + 1);
  });

  it('a staff reply, then publication with the name, phone and ID number removed; the writer reads it and rates once', async () => {
    const { letterNo, queryCode } = (await writeLetter(t)).body;
    const office = await loginAs(t, 'office');
    // Not published before it is answered.
    const leader = await loginAs(t, 'leader');
    assert.equal((await call(t, leader, 'POST', `/api/openness/letters/${letterNo}/publish`, {})).status, 409);
    const rep = await call(t, office, 'POST', `/api/openness/letters/${letterNo}/reply`, { reply: `${WRITER.name}同志：您的申请已于本月办结，请联系13800001111领取。` });
    assert.equal(rep.status, 200, JSON.stringify(rep.body));
    assert.equal(rep.body.status, 'answered');
    // The office reviewer answers but may not publish.
    assert.equal((await call(t, office, 'POST', `/api/openness/letters/${letterNo}/publish`, {})).status, 403);
    // Even an edit that puts the phone number back is masked.
    const pub = await call(t, leader, 'POST', `/api/openness/letters/${letterNo}/publish`, { publicSubject: `${WRITER.name}咨询宅基地审批进度` });
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    const page = await t.inject({ method: 'GET', url: `/hudong/letters/${letterNo}` });
    assert.equal(page.statusCode, 200);
    for (const secret of [WRITER.name, WRITER.phone, '520304198001011234', '13800001111', '李先生']) assert.ok(!page.body.includes(secret), `${secret} is not on the public page`);
    assert.match(page.body, /来信人咨询宅基地审批进度/);
    assert.match(page.body, /［电话已隐去］/);
    const api = await call(t, null, 'GET', '/api/open/letters');
    assert.equal(api.body.length, 1);
    assert.ok(!JSON.stringify(api.body).includes(WRITER.phone));
    assert.equal(api.body[0].writerName, undefined);
    // The writer: wrong code → 404; right code → the reply; rate once.
    assert.equal((await call(t, null, 'POST', '/api/open/letters/check', { letterNo, queryCode: 'wrong' })).status, 404);
    const mine = await call(t, null, 'POST', '/api/open/letters/check', { letterNo, queryCode });
    assert.match(mine.body.reply, /已于本月办结/);
    const form = await t.inject({ method: 'POST', url: '/hudong/rate', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ letterNo, queryCode, rating: '4' }).toString() });
    assert.equal(form.statusCode, 200, form.body);
    assert.match(form.body, /已评价：满意/);
    const again = await call(t, null, 'POST', '/api/open/letters/rate', { letterNo, queryCode, rating: 1 });
    assert.equal(again.status, 409);
    const row = await t.testDb.owner.selectFrom('openness.letters').select(['rating']).where('letterNo', '=', letterNo).executeTakeFirstOrThrow();
    assert.equal(row.rating, 4);
  });

  it('puts letters to answer on the workbench to-dos of the county, not of another county', async () => {
    const todo = async (cookie: string) => ((await call(t, cookie, 'GET', '/api/todos')).body as { key: string; count: number }[]).find((x) => x.key === 'openness.todos.letters')?.count ?? 0;
    const office = await loginAs(t, 'office');
    const before = await todo(office);
    await writeLetter(t);
    assert.equal(await todo(office), before + 1);
    const { makeReviewer } = await import('../approvals/approvals.test-helpers.ts');
    assert.equal(await todo(await makeReviewer(t, 'hc_office2', '520303-B')), 0);
  });

  it('does not publish a letter whose writer did not agree', async () => {
    const { letterNo } = (await writeLetter(t, { consentPublish: false })).body;
    await call(t, await loginAs(t, 'office'), 'POST', `/api/openness/letters/${letterNo}/reply`, { reply: '已转有关股室办理，谢谢。' });
    const res = await call(t, await loginAs(t, 'leader'), 'POST', `/api/openness/letters/${letterNo}/publish`, {});
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'openness.no_consent');
  });

  it('staff of another county do not see the letter', async () => {
    const { letterNo } = (await writeLetter(t)).body;
    const { makeReviewer } = await import('../approvals/approvals.test-helpers.ts');
    const hc = await makeReviewer(t, 'hc_office', '520303-B');
    const list = await call(t, hc, 'GET', '/api/openness/letters');
    assert.equal(list.status, 200);
    assert.ok(!list.body.some((l: { letterNo: string }) => l.letterNo === letterNo));
    assert.equal((await call(t, hc, 'POST', `/api/openness/letters/${letterNo}/reply`, { reply: '越权答复试一试' })).status, 404);
  });
});

describe('maskPersonalData', () => {
  it('removes mobile and landline numbers, ID numbers, e-mail and the writer\'s name', () => {
    assert.equal(maskPersonalData('张三 13912345678 0851-28221234 52030419900307123X a.b@x.cn 张先生', ['张三']),
      '来信人 ［电话已隐去］ ［电话已隐去］ ［身份证号已隐去］ ［邮箱已隐去］ 来信人');
  });
});
