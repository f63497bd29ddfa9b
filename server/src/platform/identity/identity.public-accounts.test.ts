import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { idNumberCheckChar } from './id-numbers.ts';
import { call, loginAdmin, loginAs, makeStaff, sessionCookie } from './test-helpers.ts';

const t: TestApp = await startTestApp();
const db = t.testDb.owner;

/** The last SMS code sent to `phone`, read from the outbox the SMS is written to. */
async function lastCode(phone: string): Promise<string | null> {
  const { rows } = await sql<{ body: string }>`select body from notify.outbox where channel = 'sms' and recipient = ${phone} order by id desc limit 1`.execute(db);
  const m = rows[0]?.body.match(/(\d{6})/);
  return m ? m[1]! : null;
}
async function smsCount(phone: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from notify.outbox where channel = 'sms' and recipient = ${phone}`.execute(db);
  return rows[0]!.n;
}
/** Lets a test ask for a new code without waiting a minute. */
const forgetCodes = (phone: string) => sql`update identity.sms_codes set created_at = created_at - interval '2 minutes' where phone = ${phone}`.execute(db);

const ID = (() => { const b = '52030420010203456'; return b + idNumberCheckChar(b); })();

describe('public accounts', () => {
  it('sends a 6-digit register code by SMS and refuses a second one within a minute', async () => {
    const r = await call(t, null, 'POST', '/api/public/sms-code', { phone: '13900000001', purpose: 'register' });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal(r.body.expiresInSeconds, 300);
    assert.match((await lastCode('13900000001'))!, /^\d{6}$/);
    const stored = await db.selectFrom('identity.sms_codes').selectAll().where('phone', '=', '13900000001').execute();
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.codeHash, await lastCode('13900000001')); // only a hash is stored
    const again = await call(t, null, 'POST', '/api/public/sms-code', { phone: '13900000001', purpose: 'register' });
    assert.equal(again.status, 429);
    assert.equal(again.body.error.field, 'phone');
    const bad = await call(t, null, 'POST', '/api/public/sms-code', { phone: '1390000', purpose: 'register' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'identity.phone_invalid');
  });

  it('validates the ID number and credit code, naming the field', async () => {
    const base = { kind: 'person', name: '张三', phone: '13900000001', password: 'Citizen@2026', smsCode: '123456' };
    const wrongCheck = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    const r = await call(t, null, 'POST', '/api/public/register', { ...base, idNumber: wrongCheck });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'identity.id_number_invalid');
    assert.equal(r.body.error.field, 'idNumber');
    const c = await call(t, null, 'POST', '/api/public/register', { ...base, kind: 'company', creditCode: '91520304MA6H7K2L0B' });
    assert.equal(c.body.error.code, 'identity.credit_code_invalid');
    assert.equal(c.body.error.field, 'creditCode');
    const missing = await call(t, null, 'POST', '/api/public/register', base);
    assert.equal(missing.body.error.field, 'idNumber');
    const weak = await call(t, null, 'POST', '/api/public/register', { ...base, idNumber: ID, password: 'weakweak' });
    assert.equal(weak.body.error.code, 'identity.password_weak');
    assert.equal(weak.body.error.field, 'password');
  });

  it('registers a person with the SMS code and logs them in; a wrong code is refused', async () => {
    const code = (await lastCode('13900000001'))!;
    const body = { kind: 'person', name: '张三', idNumber: ID, phone: '13900000001', password: 'Citizen@2026' };
    const wrong = await call(t, null, 'POST', '/api/public/register', { ...body, smsCode: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'auth.sms_code_invalid');
    const r = await call(t, null, 'POST', '/api/public/register', { ...body, smsCode: code });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.user.kind, 'public');
    assert.equal(r.body.user.username, '13900000001');
    assert.equal(r.body.passwordExpiresAt, null);
    const me = await call(t, sessionCookie(r.res), 'GET', '/api/auth/me');
    assert.equal(me.body.user.displayName, '张三');
    // The code worked once.
    const reuse = await call(t, null, 'POST', '/api/public/register', { ...body, phone: '13900000009', smsCode: code });
    assert.equal(reuse.status, 401);
    const u = await db.selectFrom('identity.users').selectAll().where('username', '=', '13900000001').executeTakeFirstOrThrow();
    assert.equal(u.idNumber, ID);
    assert.equal(u.orgPath, null);
  });

  it('refuses a second registration of the same ID number', async () => {
    await call(t, null, 'POST', '/api/public/sms-code', { phone: '13900000002', purpose: 'register' });
    const r = await call(t, null, 'POST', '/api/public/register', {
      kind: 'person', name: '张三', idNumber: ID, phone: '13900000002', password: 'Citizen@2026', smsCode: (await lastCode('13900000002'))!,
    });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'identity.id_number_taken');
  });

  it('registers a company with a credit code', async () => {
    await call(t, null, 'POST', '/api/public/sms-code', { phone: '13900000003', purpose: 'register' });
    const r = await call(t, null, 'POST', '/api/public/register', {
      kind: 'company', name: '遵义某某矿业有限公司', creditCode: '91350100M000100Y43', phone: '13900000003', password: 'Company@2026', smsCode: (await lastCode('13900000003'))!,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  });

  it('logs a public account in by password with the phone or the ID number', async () => {
    await loginAs(t, '13900000001', 'Citizen@2026');
    await loginAs(t, ID.toLowerCase(), 'Citizen@2026');
    await loginAs(t, '13885200001'); // demo person
  });

  it('logs in by SMS code; five wrong tries kill the code', async () => {
    const phone = '13900000001';
    await forgetCodes(phone);
    assert.equal((await call(t, null, 'POST', '/api/public/sms-code', { phone, purpose: 'login' })).status, 202);
    const code = (await lastCode(phone))!;
    const wrongCode = code === '999999' ? '888888' : '999999';
    const ok = await call(t, null, 'POST', '/api/public/login-sms', { phone, code });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.user.username, phone);

    await forgetCodes(phone);
    await call(t, null, 'POST', '/api/public/sms-code', { phone, purpose: 'login' });
    const code2 = (await lastCode(phone))!;
    for (let i = 0; i < 5; i++) {
      const r = await call(t, null, 'POST', '/api/public/login-sms', { phone, code: code2 === wrongCode ? '777777' : wrongCode });
      assert.equal(r.status, 401);
      assert.equal(r.body.error.code, 'auth.sms_code_invalid');
    }
    const late = await call(t, null, 'POST', '/api/public/login-sms', { phone, code: code2 });
    assert.equal(late.status, 401);
  });

  it('does not send a login code to an unknown number, yet answers the same', async () => {
    const before = await smsCount('13700000000');
    const r = await call(t, null, 'POST', '/api/public/sms-code', { phone: '13700000000', purpose: 'login' });
    assert.equal(r.status, 202);
    assert.equal(await smsCount('13700000000'), before);
  });

  it('shows public accounts to province-level posts only, masked, and audits revealing the ID number', async () => {
    // A county post that may read users sees no public account at all.
    const role = await db.insertInto('access.roles').values({ code: 'user_reader', name: '用户查询', nameEn: null, adminKind: null })
      .returning('id').executeTakeFirstOrThrow();
    await db.insertInto('access.role_permissions').values({ roleId: role.id, permission: 'platform.user.read' }).execute();
    await makeStaff(t, 'bz_reader', '520304-B', 'user_reader');
    const county = await call(t, await loginAs(t, 'bz_reader'), 'GET', '/api/admin/users?limit=200');
    assert.equal(county.status, 200);
    assert.ok(county.body.items.length >= 6, `county users: ${county.body.items.length}`);
    assert.equal(county.body.items.filter((u: { kind: string }) => u.kind === 'public').length, 0);
    // The province system administrator sees them, masked.
    const sys = await loginAdmin(t, 'sysadmin');
    const list = await call(t, sys, 'GET', '/api/admin/users?q=13900000001');
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 1);
    const item = list.body.items[0];
    assert.equal(item.idNumber, `${ID.slice(0, 4)}**********${ID.slice(-4)}`);
    assert.ok(!list.res.body.includes(ID));
    const auditBefore = await db.selectFrom('audit.entries').select('seq').where('action', '=', 'identity.id_number.read').execute();
    const revealed = await call(t, sys, 'GET', `/api/admin/users/${item.id}?reveal=idNumber`);
    assert.equal(revealed.body.idNumber, ID);
    const auditAfter = await db.selectFrom('audit.entries').select(['seq', 'entityId', 'actorUsername']).where('action', '=', 'identity.id_number.read').execute();
    assert.equal(auditAfter.length, auditBefore.length + 1);
    assert.equal(auditAfter.at(-1)!.entityId, String(item.id));
    assert.equal(auditAfter.at(-1)!.actorUsername, 'sysadmin');
    // A plain read is not a reveal.
    const plain = await call(t, sys, 'GET', `/api/admin/users/${item.id}`);
    assert.notEqual(plain.body.idNumber, ID);
    assert.equal((await db.selectFrom('audit.entries').select('seq').where('action', '=', 'identity.id_number.read').execute()).length, auditAfter.length);
  });
});
