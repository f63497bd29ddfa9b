/**
 * Who sees and revokes which certificate: the holder their own; a security admin (安全管理员)
 * only accounts in the scope of the post (RLS on pki.certificates); nobody else.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness.ts';
import { call, loginAs, makeStaff, userId } from '../identity/test-helpers.ts';
import { newTotpSecret, totpCode } from '../identity/totp.ts';
import { makeCsr } from './test-helpers.ts';

const t: TestApp = await startTestApp();

// A security admin of another county (汇川区).
const secret = newTotpSecret();
await makeStaff(t, 'hc_secadmin', '520303-B', 'sec_admin', { totpSecret: secret });
const hcLogin = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hc_secadmin', password: DEMO_PASSWORD, totp: totpCode(secret) } });
assert.equal(hcLogin.statusCode, 200, hcLogin.body);
const hcSec = `sunland_session=${hcLogin.cookies.find((c) => c.name === 'sunland_session')!.value}`;

const township = await loginAs(t, 'township');
const mine = (await call(t, township, 'POST', '/api/pki/me/certificates', { csrPem: (await makeCsr()).csrPem })).body;
const hcWindow = (await call(t, await loginAs(t, 'hc_window'), 'POST', '/api/pki/me/certificates', { csrPem: (await makeCsr()).csrPem })).body;

describe('certificates: scope and ownership', () => {
  it('a security admin of another county neither sees, revokes nor issues certificates of 播州区 accounts', async () => {
    const list = await call(t, hcSec, 'GET', '/api/pki/certificates');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((c: { serial: string }) => c.serial), [hcWindow.serial], 'only its own county\'s accounts');
    const revoke = await call(t, hcSec, 'POST', `/api/pki/certificates/${mine.serial}/revoke`, { reason: 'keyCompromise' });
    assert.deepEqual([revoke.status, revoke.body.error.code], [404, 'pki.certificate_not_found']);
    const issue = await call(t, hcSec, 'POST', '/api/pki/certificates', { userId: await userId(t, 'township'), csrPem: (await makeCsr()).csrPem });
    assert.deepEqual([issue.status, issue.body.error.code], [404, 'identity.user_not_found']);
    const row = await t.testDb.owner.selectFrom('pki.certificates').select('revokedAt').where('serial', '=', mine.serial).executeTakeFirstOrThrow();
    assert.equal(row.revokedAt, null);
  });

  it('a staff member sees only their own certificates; the admin routes answer 403', async () => {
    const window = await loginAs(t, 'window');
    const own = await call(t, window, 'GET', '/api/pki/me');
    assert.deepEqual(own.body.items, []);
    assert.equal((await call(t, window, 'GET', '/api/pki/certificates')).status, 403);
    assert.equal((await call(t, window, 'POST', `/api/pki/certificates/${mine.serial}/revoke`, { reason: 'unspecified' })).status, 403);
    assert.equal((await call(t, window, 'GET', '/api/pki/login-policies')).status, 403);
  });

  it('without a session nothing but the public CA certificate and CRL', async () => {
    assert.equal((await call(t, null, 'GET', '/api/pki/me')).status, 401);
    assert.equal((await call(t, null, 'POST', '/api/pki/me/certificates', { csrPem: (await makeCsr()).csrPem })).status, 401);
    assert.equal((await call(t, null, 'POST', '/api/pki/me/demo-p12', { password: 'Demo#p12pw' })).status, 401);
    assert.equal((await t.inject({ method: 'GET', url: '/pki/ca.pem' })).statusCode, 200);
    assert.equal((await t.inject({ method: 'GET', url: '/pki/crl' })).statusCode, 200);
  });
});
