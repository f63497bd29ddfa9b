/**
 * Issue 9 (security review): password change needs TOTP / an expired password, account
 * existence does not leak, spraying is throttled per address, no stranger can lock an account,
 * common passwords are refused, the session cookie is Secure under https, the idle window.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, json, DEMO_PASSWORD, type TestApp } from '../../../test/harness.ts';
import { loadEnv } from '../../env.ts';
import { solveChallenge } from '../pow/pow.ts';
import { DEMO_TOTP_SECRETS } from './identity.seed.ts';
import { totpCode } from './totp.ts';
import { hashToken } from './sessions.ts';
import { call, loginAs, makeStaff, sessionCookie, userId } from './test-helpers.ts';
import { createDb, createPool, type Db } from '../db/database.ts';
import { PUBLIC_CONTEXT, withContext, type Tx } from '../db/context.ts';

const t: TestApp = await startTestApp();
const owner = t.testDb.owner;

let ipSeq = 0;
/** A fresh client address per scenario (the test app believes X-Forwarded-For from loopback). */
const newIp = () => `198.51.100.${++ipSeq}`;

function post(url: string, payload: object, ip: string, cookie?: string) {
  return t.inject({ method: 'POST', url, payload, headers: { 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) } });
}

async function freshTotp(username: 'sysadmin' | 'secadmin' | 'auditadmin'): Promise<string> {
  await sql`update identity.users set totp_last_step = null where username = ${username}`.execute(owner);
  return totpCode(DEMO_TOTP_SECRETS[username]!);
}

describe('password change (POST /api/auth/password)', () => {
  it('refuses the anonymous form for a password that has not expired, even with the right old password', async () => {
    const r = await post('/api/auth/password', { username: 'reviewer', oldPassword: DEMO_PASSWORD, newPassword: 'Fresh#Pass2031' }, newIp());
    assert.equal(r.statusCode, 403, r.body);
    assert.equal(json(r).error.code, 'auth.session_required');
    // The password did not change.
    assert.equal((await post('/api/auth/login', { username: 'reviewer', password: DEMO_PASSWORD }, newIp())).statusCode, 200);
  });

  it('asks an administrator for the TOTP code, anonymously (expired) and signed in', async () => {
    await sql`update identity.users set password_changed_at = now() - interval '100 days' where username = 'secadmin'`.execute(owner);
    const ip = newIp();
    const anon = await post('/api/auth/password', { username: 'secadmin', oldPassword: DEMO_PASSWORD, newPassword: 'Fresh#Pass2031' }, ip);
    assert.equal(anon.statusCode, 401, anon.body);
    assert.equal(json(anon).error.code, 'auth.totp_required');
    const ok = await post('/api/auth/password', { username: 'secadmin', oldPassword: DEMO_PASSWORD, newPassword: 'Fresh#Pass2031', totp: await freshTotp('secadmin') }, ip);
    assert.equal(ok.statusCode, 200, ok.body);

    // Signed in: the old password alone is not enough either.
    const login = await post('/api/auth/login', { username: 'auditadmin', password: DEMO_PASSWORD, totp: await freshTotp('auditadmin') }, ip);
    const cookie = sessionCookie(login);
    const noCode = await post('/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: 'Fresh#Pass2032' }, ip, cookie);
    assert.equal(noCode.statusCode, 401, noCode.body);
    assert.equal(json(noCode).error.code, 'auth.totp_required');
    const wrongCode = await post('/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: 'Fresh#Pass2032', totp: '000000' === await freshTotp('auditadmin') ? '111111' : '000000' }, ip, cookie);
    assert.equal(json(wrongCode).error.code, 'auth.totp_invalid');
    const withCode = await post('/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: 'Fresh#Pass2032', totp: await freshTotp('auditadmin') }, ip, cookie);
    assert.equal(withCode.statusCode, 200, withCode.body);
  });
});

describe('account existence does not leak', () => {
  it('gives the same answer to an unknown user and to a known user with a wrong old password', async () => {
    const ip = newIp();
    const unknown = await post('/api/auth/password', { username: 'no_such_person', oldPassword: 'Wrong@2026x', newPassword: 'Fresh#Pass2031' }, ip);
    const known = await post('/api/auth/password', { username: 'window', oldPassword: 'Wrong@2026x', newPassword: 'Fresh#Pass2031' }, ip);
    assert.equal(known.statusCode, 401);
    assert.equal(unknown.statusCode, known.statusCode);
    assert.deepEqual(json(unknown).error, json(known).error);
  });

  it('throttles a real and an unknown name alike (no 423 for either)', async () => {
    const seq = async (username: string) => {
      const out: string[] = [];
      const ip = newIp();
      for (let i = 0; i < 7; i++) {
        const r = await post('/api/auth/login', { username, password: `Wrong@${i}xyz` }, ip);
        out.push(`${r.statusCode} ${json(r).error.code}`);
      }
      return out;
    };
    const real = await seq('leader');
    const ghost = await seq('ghost_account');
    assert.deepEqual(real, ghost);
    assert.ok(!real.some((s) => s.startsWith('423')), real.join());
    assert.equal(real[6], '401 auth.pow_required');
  });

  it('throttles SMS codes for a registered and an unknown phone alike', async () => {
    const answers = async (phone: string) => {
      const ip = newIp();
      const a = await post('/api/public/sms-code', { phone, purpose: 'register' }, ip);
      const b = await post('/api/public/sms-code', { phone, purpose: 'register' }, ip);
      return [a.statusCode, b.statusCode, json(b).error?.code];
    };
    const registered = await answers('13885200001');
    const unknown = await answers('13900000777');
    assert.deepEqual(registered, [202, 429, 'request.rate_limited']);
    assert.deepEqual(unknown, registered);
  });

  it('uses up the SMS code on any registration attempt, a taken ID number included', async () => {
    const ip = newIp();
    const phone = '13900000778';
    assert.equal((await post('/api/public/sms-code', { phone, purpose: 'register' }, ip)).statusCode, 202);
    const sms = await owner.selectFrom('notify.outbox').select('body').where('recipient', '=', phone).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const code = /(\d{6})/.exec(sms.body)![1]!;
    const body = { kind: 'person', name: '测试', idNumber: '52030419900307123X', phone, password: 'Strong#Pass2031', smsCode: code };
    // Before the code is proven the ID number says nothing.
    const guess = await post('/api/public/register', { ...body, smsCode: code === '000000' ? '111111' : '000000' }, ip);
    assert.equal(json(guess).error.code, 'auth.sms_code_invalid');
    const taken = await post('/api/public/register', body, ip);
    assert.equal(taken.statusCode, 409, taken.body);
    assert.equal(json(taken).error.code, 'identity.id_number_taken');
    const again = await post('/api/public/register', { ...body, idNumber: '110101199003074514' }, ip);
    assert.equal(again.statusCode, 401, again.body);
    assert.equal(json(again).error.code, 'auth.sms_code_invalid');
  });

  it('keeps SMS codes as a keyed hash (HMAC), not a bare sha256', async () => {
    const phone = '13900000779';
    await post('/api/public/sms-code', { phone, purpose: 'register' }, newIp());
    const sms = await owner.selectFrom('notify.outbox').select('body').where('recipient', '=', phone).executeTakeFirstOrThrow();
    const code = /(\d{6})/.exec(sms.body)![1]!;
    const row = await owner.selectFrom('identity.sms_codes').select('codeHash').where('phone', '=', phone).executeTakeFirstOrThrow();
    const { createHash } = await import('node:crypto');
    assert.notEqual(row.codeHash, createHash('sha256').update(`register:${phone}:${code}`).digest('hex'));
    assert.match(row.codeHash, /^[0-9a-f]{64}$/);
  });
});

describe('password spraying and account locking', () => {
  it('answers 429 to one address trying one password on 40 accounts; another address is unaffected', async () => {
    const ip = newIp();
    const codes: number[] = [];
    for (let i = 0; i < 40; i++) codes.push((await post('/api/auth/login', { username: `spray_${i}`, password: 'Spring@2026' }, ip)).statusCode);
    assert.equal(codes.filter((c) => c === 429).length, 20, codes.join());
    assert.ok(codes.slice(0, 20).every((c) => c === 401));
    const other = await post('/api/auth/login', { username: 'window', password: DEMO_PASSWORD }, newIp());
    assert.equal(other.statusCode, 200, other.body);
  });

  it('never locks an administrator out: after failures the owner signs in with a proof of work', async () => {
    // A stranger, from many addresses, tries ten wrong passwords on sysadmin.
    for (let i = 0; i < 10; i++) {
      const r = await post('/api/auth/login', { username: 'sysadmin', password: `Wrong@${i}xyz` }, newIp());
      assert.notEqual(r.statusCode, 423);
    }
    const u = await owner.selectFrom('identity.users').select('lockedUntil').where('username', '=', 'sysadmin').executeTakeFirstOrThrow();
    assert.equal(u.lockedUntil, null);
    // The owner: the first try asks for work, the solved one signs in.
    const ip = newIp();
    const ask = await post('/api/auth/login', { username: 'sysadmin', password: DEMO_PASSWORD, totp: await freshTotp('sysadmin') }, ip);
    assert.equal(ask.statusCode, 401, ask.body);
    const err = json(ask).error;
    assert.equal(err.code, 'auth.pow_required');
    assert.equal(err.field, 'pow');
    assert.ok(err.difficulty >= t.env.LOGIN_POW_BITS);
    const pow = { challenge: err.challenge, nonce: solveChallenge(err.challenge, err.difficulty) };
    const ok = await post('/api/auth/login', { username: 'sysadmin', password: DEMO_PASSWORD, totp: await freshTotp('sysadmin'), pow }, ip);
    assert.equal(ok.statusCode, 200, ok.body);
    // A spent challenge does not work twice; success forgot the failures, so none is asked now.
    const again = await post('/api/auth/login', { username: 'sysadmin', password: DEMO_PASSWORD, totp: await freshTotp('sysadmin') }, ip);
    assert.equal(again.statusCode, 200, again.body);
  });

  it('refuses a challenge solved for another name, or reused', async () => {
    for (let i = 0; i < 5; i++) await post('/api/auth/login', { username: 'inspector', password: `Wrong@${i}xyz` }, newIp());
    for (let i = 0; i < 5; i++) await post('/api/auth/login', { username: 'leader', password: `Wrong@${i}xyz` }, newIp());
    const ask = json(await post('/api/auth/login', { username: 'leader', password: DEMO_PASSWORD }, newIp())).error;
    const pow = { challenge: ask.challenge, nonce: solveChallenge(ask.challenge, ask.difficulty) };
    const other = await post('/api/auth/login', { username: 'inspector', password: DEMO_PASSWORD, pow }, newIp());
    assert.equal(json(other).error.code, 'auth.pow_required');
    const wrongPw = await post('/api/auth/login', { username: 'leader', password: 'Wrong@zzz1', pow }, newIp());
    assert.equal(json(wrongPw).error.code, 'auth.invalid_credentials');
    const reused = await post('/api/auth/login', { username: 'leader', password: DEMO_PASSWORD, pow }, newIp());
    assert.equal(json(reused).error.code, 'auth.pow_required');
  });
});

describe('password policy, cookie and idle window', () => {
  it('refuses common passwords that meet the character rules, whatever their case', async () => {
    const cookie = await loginAs(t, 'window');
    for (const pw of ['Password1', 'PASSWORD123', 'P@ssw0rd', 'Qwerty123', 'Woaini1314']) {
      const r = await call(t, cookie, 'POST', '/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: pw });
      assert.equal(r.status, 400, `${pw}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'identity.password_weak');
      assert.equal(r.body.error.field, 'newPassword');
    }
  });

  it('marks the session cookie Secure when PUBLIC_URL is https, even without COOKIE_SECURE', () => {
    assert.equal(loadEnv({ PUBLIC_URL: 'https://gt.example.gov.cn' }).COOKIE_SECURE, true);
    assert.equal(loadEnv({ PUBLIC_URL: 'http://localhost:3000' }).COOKIE_SECURE, false);
    assert.equal(loadEnv({ PUBLIC_URL: 'http://localhost:3000', COOKIE_SECURE: 'true' }).COOKIE_SECURE, true);
  });

  it('extends the idle window on every request: a request 50 s after the last write still counts', async () => {
    await makeStaff(t, 'idle_probe', '520304-WINDOW', 'window_clerk');
    const cookie = await loginAs(t, 'idle_probe');
    const id = hashToken(cookie.split('=')[1]!);
    // The last write was 50 s ago; a request now is activity.
    await sql`update identity.sessions set last_seen_at = now() - interval '50 seconds' where id = ${id}`.execute(owner);
    assert.equal((await call(t, cookie, 'GET', '/api/auth/me')).status, 200);
    // 29 min 40 s pass without a request: the session is idle for less than 30 minutes.
    await sql`update identity.sessions set last_seen_at = last_seen_at - interval '29 minutes 40 seconds' where id = ${id}`.execute(owner);
    assert.equal((await call(t, cookie, 'GET', '/api/auth/me')).status, 200);
    // Another 30 min 10 s of silence ends it.
    await sql`update identity.sessions set last_seen_at = now() - interval '30 minutes 10 seconds' where id = ${id}`.execute(owner);
    assert.equal((await call(t, cookie, 'GET', '/api/auth/me')).status, 401);
    const s = await owner.selectFrom('identity.sessions').select('endReason').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(s.endReason, 'idle');
  });
});

describe('row-level security of sessions, password history and SMS codes', () => {
  it('shows the application role nothing without a scope, and a user only their own rows', async () => {
    await loginAs(t, 'window');
    await loginAs(t, 'reviewer');
    await post('/api/public/sms-code', { phone: '13900000780', purpose: 'register' }, newIp());
    const app = createDb(createPool(t.testDb.appUrl, 1));
    try {
      const counts = (q: Db | Tx) => Promise.all((['identity.sessions', 'identity.password_history', 'identity.sms_codes'] as const)
        .map(async (tbl) => Number((await q.selectFrom(tbl).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)));
      const all = await counts(owner);
      assert.ok(all.every((n) => n > 0), String(all));
      assert.deepEqual(await counts(app), [0, 0, 0]);
      await withContext(app, PUBLIC_CONTEXT, async (trx) => assert.deepEqual(await counts(trx), [0, 0, 0]));
      const windowId = await userId(t, 'window');
      const own = await withContext(app, { userId: windowId, scopes: [] }, async (trx) => ({
        users: [...new Set((await trx.selectFrom('identity.sessions').select('userId').execute()).map((r) => Number(r.userId)))],
        history: [...new Set((await trx.selectFrom('identity.password_history').select('userId').execute()).map((r) => Number(r.userId)))],
      }));
      assert.deepEqual(own, { users: [windowId], history: [windowId] });
    } finally {
      await app.destroy();
    }
  });
});
