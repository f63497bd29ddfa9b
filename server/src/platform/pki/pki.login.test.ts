/**
 * Certificate login (数字证书登录) over real TLS: the platform's HTTPS listener with requestCert,
 * a node https client with key and certificate; revocation refused at once (in another process
 * too); the proxy header believed only from TRUSTED_PROXIES; the login method policy.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import crypto from 'node:crypto';
import { buildApp } from '../../app.ts';
import { loadEnv } from '../../env.ts';
import { startTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness.ts';
import { call, loginAdmin, loginAs, userId } from '../identity/test-helpers.ts';
import { startTlsListener } from './tls.ts';
import { makeCsr, makeForeignCa } from './test-helpers.ts';

const TRUSTED = '127.0.0.2';
const t: TestApp = await startTestApp({ TRUSTED_PROXIES: TRUSTED });
const listener = await startTlsListener(t.http, t.pki, t.env, { port: 0 });
// A second process on the same database (its own session cache).
const dataDirB = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-pki-b-'));
const appB = await buildApp({ env: loadEnv({ DATA_DIR: dataDirB, LOG_LEVEL: 'silent', JOBS: 'false', DEMO: 'true', MQTT_PORT: '0' }), appUrl: t.testDb.appUrl });
await appB.http.ready();
after(async () => {
  await listener.close();
  await appB.close();
  fs.rmSync(dataDirB, { recursive: true, force: true });
});
const caPem = await t.pki.caCertificatePem();

interface Res { status: number; body: any; cookie: string | null }

/** A request over the HTTPS listener, presenting `client` (key + certificate) when given; the server is checked against the platform CA. */
function tlsRequest(method: string, url: string, opts: { client?: { keyPem: string; certPem: string }; cookie?: string; body?: unknown } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const payload = opts.body !== undefined ? JSON.stringify(opts.body) : undefined;
    const req = https.request({
      host: '127.0.0.1', port: listener.port, method, path: url, ca: caPem, agent: false,
      ...(opts.client ? { key: opts.client.keyPem, cert: opts.client.certPem } : {}),
      headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const set = res.headers['set-cookie']?.find((c) => c.startsWith('sunland_session='));
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null, cookie: set ? set.split(';')[0]! : null });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function certificateFor(username: string): Promise<{ keyPem: string; certPem: string; serial: string }> {
  const cookie = await loginAs(t, username);
  const { csrPem, keyPem } = await makeCsr();
  const res = await call(t, cookie, 'POST', '/api/pki/me/certificates', { csrPem });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { keyPem, certPem: res.body.certificatePem, serial: res.body.serial };
}

const sec = await loginAdmin(t, 'secadmin');

describe('certificate login over TLS (TLS_PORT)', () => {
  it('logs the township clerk in with the client certificate alone; the session works over TLS', async () => {
    const c = await certificateFor('township');
    const res = await tlsRequest('POST', '/api/auth/certificate', { client: c });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.user.username, 'township');
    assert.ok(res.cookie);
    const me = await tlsRequest('GET', '/api/auth/me', { cookie: res.cookie! });
    assert.equal(me.body.user.username, 'township');
    const audit = await t.testDb.owner.selectFrom('audit.entries').select(['details']).where('action', '=', 'identity.login.succeeded').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.deepEqual([(audit.details as any).method, (audit.details as any).certificateSerial, (audit.details as any).source], ['certificate', c.serial, 'tls']);
  });

  it('refuses without a certificate, and with one the platform CA did not issue', async () => {
    const none = await tlsRequest('POST', '/api/auth/certificate');
    assert.deepEqual([none.status, none.body.error.code, none.body.error.reason], [401, 'auth.certificate_invalid', 'none']);
    const foreign = await makeForeignCa();
    const { keys, keyPem } = await makeCsr();
    const leaf = await foreign.issue(keys.publicKey);
    const res = await tlsRequest('POST', '/api/auth/certificate', { client: { keyPem, certPem: leaf.toString('pem') } });
    assert.deepEqual([res.status, res.body.error.reason], [401, 'untrusted']);
    assert.equal(res.cookie, null);
  });

  it('a revoked certificate is refused at once: its sessions end, here and in another process, and it cannot log in again', async () => {
    const c = await certificateFor('township');
    const login = await tlsRequest('POST', '/api/auth/certificate', { client: c });
    assert.equal(login.status, 200);
    // The other process has the session in its cache (a GET), then the revocation happens here.
    const onB = () => appB.http.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: login.cookie! } });
    assert.equal((await onB()).statusCode, 200);
    assert.equal((await onB()).statusCode, 200);
    const revoked = await call(t, sec, 'POST', `/api/pki/certificates/${c.serial}/revoke`, { reason: 'keyCompromise' });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal((await tlsRequest('GET', '/api/auth/me', { cookie: login.cookie! })).status, 401);
    assert.equal((await onB()).statusCode, 401, 'the other process refuses it on the next request');
    const again = await tlsRequest('POST', '/api/auth/certificate', { client: c });
    assert.deepEqual([again.status, again.body.error.reason], [401, 'revoked']);
    const s = await t.testDb.owner.selectFrom('identity.sessions').select('endReason').where('id', '=', crypto.createHash('sha256').update(login.cookie!.split('=')[1]!).digest('hex')).executeTakeFirstOrThrow();
    assert.equal(s.endReason, 'certificate_revoked');
    const audit = await t.testDb.owner.selectFrom('audit.entries').select('details').where('action', '=', 'pki.certificate.revoked').where('entityId', '=', c.serial).executeTakeFirstOrThrow();
    assert.equal((audit.details as { endedSessions: number }).endedSessions, 1);
  });
});

describe('certificate from a reverse proxy (CLIENT_CERT_HEADER)', () => {
  const header = (pem: string) => `:${new crypto.X509Certificate(pem).raw.toString('base64')}:`;

  it('is believed from TRUSTED_PROXIES only — not from another address, nor through X-Forwarded-For', async () => {
    const c = await certificateFor('township');
    const untrusted = await t.inject({ method: 'POST', url: '/api/auth/certificate', headers: { 'client-cert': header(c.certPem) } });
    assert.equal(untrusted.statusCode, 401);
    assert.equal(JSON.parse(untrusted.body).error.reason, 'none', 'the header from 127.0.0.1 is ignored');
    // TRUST_PROXY=127.0.0.1 makes req.ip the forwarded address; the certificate header still needs the TCP peer to be trusted.
    const spoofed = await t.inject({ method: 'POST', url: '/api/auth/certificate', headers: { 'client-cert': header(c.certPem), 'x-forwarded-for': TRUSTED } });
    assert.equal(spoofed.statusCode, 401);
    const trusted = await t.inject({ method: 'POST', url: '/api/auth/certificate', remoteAddress: TRUSTED, headers: { 'client-cert': header(c.certPem) } });
    assert.equal(trusted.statusCode, 200, trusted.body);
    assert.equal(JSON.parse(trusted.body).user.username, 'township');
    // nginx's $ssl_client_escaped_cert (URL-encoded PEM) works too.
    const nginx = await t.inject({ method: 'POST', url: '/api/auth/certificate', remoteAddress: TRUSTED, headers: { 'client-cert': encodeURIComponent(c.certPem) } });
    assert.equal(nginx.statusCode, 200, nginx.body);
    // The proxy's word is checked again: a revoked certificate is refused from the proxy as well.
    await call(t, sec, 'POST', `/api/pki/certificates/${c.serial}/revoke`, { reason: 'superseded' });
    const revoked = await t.inject({ method: 'POST', url: '/api/auth/certificate', remoteAddress: TRUSTED, headers: { 'client-cert': header(c.certPem) } });
    assert.deepEqual([revoked.statusCode, JSON.parse(revoked.body).error.reason], [401, 'revoked']);
  });
});

describe('login method policy per role and account (登录方式)', () => {
  it('certificate only: the password is refused, the certificate works; password only: the certificate is refused', async () => {
    const c = await certificateFor('reviewer');
    const set = await call(t, sec, 'PUT', '/api/pki/login-policies', { roleCode: 'reviewer', mode: 'certificate' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const pw = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'reviewer', password: DEMO_PASSWORD } });
    assert.deepEqual([pw.statusCode, JSON.parse(pw.body).error.code], [401, 'auth.certificate_required']);
    assert.equal((await tlsRequest('POST', '/api/auth/certificate', { client: c })).status, 200);
    // The account's own rule wins over the role's.
    await call(t, sec, 'PUT', '/api/pki/login-policies', { userId: await userId(t, 'reviewer'), mode: 'password' });
    const refused = await tlsRequest('POST', '/api/auth/certificate', { client: c });
    assert.deepEqual([refused.status, refused.body.error.code], [403, 'auth.certificate_not_allowed']);
    assert.equal((await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'reviewer', password: DEMO_PASSWORD } })).statusCode, 200);
    const audit = await t.testDb.owner.selectFrom('audit.entries').select('details').where('action', '=', 'pki.login_policy.updated').execute();
    assert.ok(audit.length >= 2);
    const bad = await call(t, sec, 'PUT', '/api/pki/login-policies', { roleCode: 'reviewer', mode: 'sometimes' });
    assert.equal(bad.status, 400);
    const notAdmin = await call(t, await loginAs(t, 'window'), 'PUT', '/api/pki/login-policies', { roleCode: 'reviewer', mode: 'either' });
    assert.equal(notAdmin.status, 403);
  });

  it('certificate AND password: the certificate alone is refused; the password on the TLS connection with the certificate works, and revoking it ends that session', async () => {
    const c = await certificateFor('leader');
    await call(t, sec, 'PUT', '/api/pki/login-policies', { userId: await userId(t, 'leader'), mode: 'both' });
    const alone = await tlsRequest('POST', '/api/auth/certificate', { client: c });
    assert.deepEqual([alone.status, alone.body.error.code], [403, 'auth.password_required']);
    const pwOnly = await tlsRequest('POST', '/api/auth/login', { body: { username: 'leader', password: DEMO_PASSWORD } });
    assert.deepEqual([pwOnly.status, pwOnly.body.error.code], [401, 'auth.certificate_required']);
    const other = await certificateFor('window');
    const wrongCert = await tlsRequest('POST', '/api/auth/login', { client: other, body: { username: 'leader', password: DEMO_PASSWORD } });
    assert.equal(wrongCert.status, 401, 'another account\'s certificate does not count');
    const both = await tlsRequest('POST', '/api/auth/login', { client: c, body: { username: 'leader', password: DEMO_PASSWORD } });
    assert.equal(both.status, 200, JSON.stringify(both.body));
    assert.equal((await tlsRequest('GET', '/api/auth/me', { cookie: both.cookie! })).status, 200);
    await call(t, sec, 'POST', `/api/pki/certificates/${c.serial}/revoke`, { reason: 'keyCompromise' });
    assert.equal((await tlsRequest('GET', '/api/auth/me', { cookie: both.cookie! })).status, 401);
  });
});
