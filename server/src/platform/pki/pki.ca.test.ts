/**
 * The platform CA: issue from a CSR, verify, revoke, CRL, renewal, demo PKCS#12, site identity,
 * and the security admin's list/issue/revoke with its permission.
 */
import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import tls from 'node:tls';
import * as x509 from '@peculiar/x509';
import { startTestApp, json, type TestApp } from '../../../test/harness.ts';
import { call, loginAdmin, loginAs, userId } from '../identity/test-helpers.ts';
import { makeCsr, makeForeignCa } from './test-helpers.ts';

const t: TestApp = await startTestApp();
const township = await loginAs(t, 'township');

async function crlEntries(): Promise<{ serial: string; reason: number | undefined }[]> {
  const res = await t.inject({ method: 'GET', url: '/pki/crl' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/pkix-crl');
  const crl = new x509.X509Crl(new Uint8Array(res.rawPayload));
  const ca = new x509.X509Certificate(await t.pki.caCertificatePem());
  assert.equal(await crl.verify({ publicKey: ca.publicKey }), true, 'the CRL is signed by the CA');
  return crl.entries.map((e) => ({ serial: e.serialNumber.toLowerCase(), reason: e.reason }));
}

describe('platform CA', () => {
  it('issues a staff certificate from a CSR (key made on the user side) and verifies it; audited', async () => {
    const { csrPem, keyPem } = await makeCsr('CN=ignored, O=Whatever');
    const res = await call(t, township, 'POST', '/api/pki/me/certificates', { csrPem });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const c = res.body;
    assert.equal(c.status, 'valid');
    assert.equal(c.keyOrigin, 'csr');
    assert.match(c.subject, /CN=.*\(township\)/, 'the CA sets the subject, not the CSR');
    const cert = new crypto.X509Certificate(c.certificatePem);
    assert.ok(cert.checkPrivateKey(crypto.createPrivateKey(keyPem)), 'the certificate carries the CSR key');
    assert.equal(cert.ca, false);
    assert.match(cert.keyUsage?.join(',') ?? '', /1\.3\.6\.1\.5\.5\.7\.3\.2/, 'clientAuth');
    const days = (new Date(c.notAfter).getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 364 && days < 366, `valid for PKI_CERT_DAYS (365): ${days}`);
    const v = await t.pki.verifyCertificate(c.certificatePem);
    assert.deepEqual(v.ok && { serial: v.serial, fp: v.fingerprint256 }, { serial: c.serial, fp: c.fingerprint256 });
    const audit = await t.testDb.owner.selectFrom('audit.entries').select(['action', 'actorUsername', 'entityId']).where('action', '=', 'pki.certificate.issued').where('entityId', '=', c.serial).execute();
    assert.deepEqual(audit.map((a) => a.actorUsername), ['township']);
    const mine = await call(t, township, 'GET', '/api/pki/me');
    assert.equal(mine.body.items[0].serial, c.serial);
    assert.equal(mine.body.loginMode, 'either');
  });

  it('refuses a bad CSR with 400 naming csrPem, and issues nothing', async () => {
    const before = await t.testDb.owner.selectFrom('pki.certificates').select('serial').execute();
    const notPem = await call(t, township, 'POST', '/api/pki/me/certificates', { csrPem: 'x'.repeat(200) });
    assert.equal(notPem.status, 400);
    assert.deepEqual([notPem.body.error.code, notPem.body.error.field], ['pki.csr_invalid', 'csrPem']);
    // A request whose signature does not match its key (a byte of the signature changed).
    const { csrPem } = await makeCsr();
    const der = Buffer.from(new x509.Pkcs10CertificateRequest(csrPem).rawData);
    der[der.length - 3]! ^= 0x01;
    const forged = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    const bad = await call(t, township, 'POST', '/api/pki/me/certificates', { csrPem: forged });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.equal(bad.body.error.field, 'csrPem');
    const p384 = await makeCsr('CN=x', { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' });
    const weak = await call(t, township, 'POST', '/api/pki/me/certificates', { csrPem: p384.csrPem });
    assert.deepEqual([weak.status, weak.body.error.code], [400, 'pki.key_unsupported']);
    const after = await t.testDb.owner.selectFrom('pki.certificates').select('serial').execute();
    assert.equal(after.length, before.length);
  });

  it('revokes with a reason: verify says revoked at once, the public CRL lists it, audited', async () => {
    const { csrPem } = await makeCsr();
    const c = (await call(t, township, 'POST', '/api/pki/me/certificates', { csrPem })).body;
    assert.equal((await crlEntries()).some((e) => e.serial === c.serial), false);
    const res = await call(t, township, 'POST', `/api/pki/me/certificates/${c.serial}/revoke`, { reason: 'keyCompromise' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'revoked');
    assert.deepEqual(await t.pki.verifyCertificate(c.certificatePem), { ok: false, reason: 'revoked' });
    const entry = (await crlEntries()).find((e) => e.serial === c.serial);
    assert.deepEqual(entry, { serial: c.serial, reason: x509.X509CrlReason.keyCompromise });
    const pem = await t.inject({ method: 'GET', url: '/pki/crl.pem' });
    assert.match(pem.body, /^-----BEGIN X509 CRL-----/);
    const again = await call(t, township, 'POST', `/api/pki/me/certificates/${c.serial}/revoke`, { reason: 'keyCompromise' });
    assert.deepEqual([again.status, again.body.error.code], [409, 'pki.already_revoked']);
    const audit = await t.testDb.owner.selectFrom('audit.entries').select(['details']).where('action', '=', 'pki.certificate.revoked').where('entityId', '=', c.serial).execute();
    assert.equal((audit[0]!.details as { reason: string }).reason, 'keyCompromise');
  });

  it('renews: a new certificate linked to the old one', async () => {
    const first = (await call(t, township, 'POST', '/api/pki/me/certificates', { csrPem: (await makeCsr()).csrPem })).body;
    const renewed = await call(t, township, 'POST', '/api/pki/me/certificates', { csrPem: (await makeCsr()).csrPem, renewalOf: first.serial });
    assert.equal(renewed.status, 201);
    assert.equal(renewed.body.renewalOf, first.serial);
    assert.notEqual(renewed.body.serial, first.serial);
    const others = await call(t, await loginAs(t, 'window'), 'POST', '/api/pki/me/certificates', { csrPem: (await makeCsr()).csrPem, renewalOf: first.serial });
    assert.deepEqual([others.status, others.body.error.field], [404, 'renewalOf']);
  });

  it('verifies: untrusted issuer, expired, not yet valid, malformed, and an external CA with its CRL', async () => {
    const mine = (await call(t, township, 'POST', '/api/pki/me/certificates', { csrPem: (await makeCsr()).csrPem })).body;
    const foreign = await makeForeignCa();
    const { keys } = await makeCsr();
    const leaf = await foreign.issue(keys.publicKey);
    assert.deepEqual(await t.pki.verifyCertificate(leaf.toString('pem')), { ok: false, reason: 'untrusted' });
    assert.deepEqual(await t.pki.verifyCertificate(mine.certificatePem, { at: new Date(Date.now() + 400 * 86_400_000) }), { ok: false, reason: 'expired' });
    assert.deepEqual(await t.pki.verifyCertificate(mine.certificatePem, { at: new Date(Date.now() - 86_400_000) }), { ok: false, reason: 'not-yet-valid' });
    assert.deepEqual(await t.pki.verifyCertificate('not a certificate'), { ok: false, reason: 'malformed' });
    // With the foreign root as the trust anchor it verifies; its CRL (given) revokes it.
    const anchors = [foreign.cert.toString('pem')];
    const ok = await t.pki.verifyCertificate(leaf.toString('pem'), { trustAnchorsPem: anchors });
    assert.equal(ok.ok, true);
    const crl = await foreign.crl([leaf.serialNumber]);
    assert.deepEqual(await t.pki.verifyCertificate(leaf.toString('pem'), { trustAnchorsPem: anchors, crlPem: [crl.toString('pem')] }), { ok: false, reason: 'revoked' });
    // A CRL of another issuer (here: one the platform's own CRL) does not count for it.
    assert.equal((await t.pki.verifyCertificate(leaf.toString('pem'), { trustAnchorsPem: anchors, crlPem: [await t.pki.crlPem()] })).ok, true);
    // The platform's certificate does not chain to the foreign anchor.
    assert.deepEqual(await t.pki.verifyCertificate(mine.certificatePem, { trustAnchorsPem: anchors }), { ok: false, reason: 'untrusted' });
  });

  it('DEMO PKCS#12: a key made on the server with its certificate, that TLS can load with the password', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/pki/me/demo-p12', headers: { cookie: township }, payload: { password: 'Demo#p12pw' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/x-pkcs12');
    assert.match(String(res.headers['content-disposition']), /sunland-demo-township-[0-9a-f]{8}\.p12/);
    const serial = String(res.headers['x-certificate-serial']);
    assert.doesNotThrow(() => tls.createSecureContext({ pfx: res.rawPayload, passphrase: 'Demo#p12pw' }));
    assert.throws(() => tls.createSecureContext({ pfx: res.rawPayload, passphrase: 'wrong-password' }));
    const row = await t.testDb.owner.selectFrom('pki.certificates').select(['keyOrigin', 'userId']).where('serial', '=', serial).executeTakeFirstOrThrow();
    assert.deepEqual(row, { keyOrigin: 'server', userId: await userId(t, 'township') });
    const short = await call(t, township, 'POST', '/api/pki/me/demo-p12', { password: 'short' });
    assert.deepEqual([short.status, short.body.error.field], [400, 'password']);
  });

  it('site identity (CONTRACTS §3): a key and a certificate from the CA, the same on every call', async () => {
    const a = await t.pki.siteIdentity();
    const b = await t.pki.siteIdentity();
    assert.equal(a.certificatePem, b.certificatePem);
    const cert = new crypto.X509Certificate(a.certificatePem);
    assert.ok(cert.checkPrivateKey(crypto.createPrivateKey(a.privateKeyPem)));
    assert.equal(a.chainPem[0], await t.pki.caCertificatePem());
    assert.equal((await t.pki.verifyCertificate(a.certificatePem)).ok, true);
    const ca = await t.inject({ method: 'GET', url: '/pki/ca.pem' });
    assert.equal(new crypto.X509Certificate(ca.body).ca, true);
  });
});

describe('security admin (安全管理员)', () => {
  it('lists, issues for an account from its CSR, and revokes; others are refused with 403', async () => {
    const sec = await loginAdmin(t, 'secadmin');
    const townshipId = await userId(t, 'township');
    const issued = await call(t, sec, 'POST', '/api/pki/certificates', { userId: townshipId, csrPem: (await makeCsr()).csrPem, days: 30 });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    assert.equal(issued.body.username, 'township');
    const list = await call(t, sec, 'GET', `/api/pki/certificates?userId=${townshipId}&status=valid`);
    assert.ok(list.body.items.some((c: { serial: string }) => c.serial === issued.body.serial));
    const revoked = await call(t, sec, 'POST', `/api/pki/certificates/${issued.body.serial}/revoke`, { reason: 'affiliationChanged' });
    assert.equal(revoked.body.status, 'revoked');
    const badReason = await call(t, sec, 'POST', `/api/pki/certificates/${issued.body.serial}/revoke`, { reason: 'because' });
    assert.equal(badReason.status, 400);
    const other = await call(t, township, 'GET', '/api/pki/certificates');
    assert.deepEqual([other.status, other.body.error.code], [403, 'access.forbidden']);
    const otherIssue = await call(t, township, 'POST', '/api/pki/certificates', { userId: townshipId, csrPem: (await makeCsr()).csrPem });
    assert.equal(otherIssue.status, 403);
    // A clerk cannot revoke someone else's certificate through the own route.
    const windowCookie = await loginAs(t, 'window');
    const w = (await call(t, windowCookie, 'POST', '/api/pki/me/certificates', { csrPem: (await makeCsr()).csrPem })).body;
    const steal = await call(t, township, 'POST', `/api/pki/me/certificates/${w.serial}/revoke`, { reason: 'unspecified' });
    assert.equal(steal.status, 404);
    assert.equal(json(await t.inject({ method: 'GET', url: `/api/pki/me`, headers: { cookie: windowCookie } })).items[0].status, 'valid');
  });
});
