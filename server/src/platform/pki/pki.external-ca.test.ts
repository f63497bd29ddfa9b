/**
 * An external CA chain instead of the platform's own (PKI_CA_CERT_FILE + PKI_CA_KEY_FILE): the
 * platform issues under the configured intermediate, publishes the chain, trusts the root, and
 * a certificate issued this way logs in.
 */
import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { call, loginAs } from '../identity/test-helpers.ts';
import { EC, makeCsr, makeForeignCa } from './test-helpers.ts';

const root = await makeForeignCa();
const interKeys = await globalThis.crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
const inter = await x509.X509CertificateGenerator.create({
  serialNumber: '7e01', subject: 'CN=Province Issuing CA', issuer: root.cert.subject,
  notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 86_400_000 * 365),
  publicKey: interKeys.publicKey, signingKey: root.keys.privateKey, signingAlgorithm: EC,
  extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
});
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-extca-'));
const certFile = path.join(dir, 'ca.pem');
const keyFile = path.join(dir, 'ca.key');
fs.writeFileSync(certFile, `${inter.toString('pem')}\n${root.cert.toString('pem')}\n`);
const pkcs8 = Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', interKeys.privateKey));
fs.writeFileSync(keyFile, crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }));

const t: TestApp = await startTestApp({ PKI_CA_CERT_FILE: certFile, PKI_CA_KEY_FILE: keyFile, TRUSTED_PROXIES: '127.0.0.2' });

describe('external CA chain', () => {
  it('issues under the configured CA, serves its chain, verifies up to its root, and the certificate logs in', async () => {
    const township = await loginAs(t, 'township');
    const c = await call(t, township, 'POST', '/api/pki/me/certificates', { csrPem: (await makeCsr()).csrPem });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const cert = new crypto.X509Certificate(c.body.certificatePem);
    assert.ok(cert.checkIssued(new crypto.X509Certificate(inter.toString('pem'))), 'issued by the configured intermediate');
    assert.equal((await t.pki.verifyCertificate(c.body.certificatePem)).ok, true);
    const chain = await t.inject({ method: 'GET', url: '/pki/ca.pem' });
    assert.equal(chain.body.match(/BEGIN CERTIFICATE/g)?.length, 2);
    const site = await t.pki.siteIdentity();
    assert.equal(site.chainPem.length, 2);
    // The platform's own CA is not used: nothing written to pki.authorities.
    assert.equal((await t.testDb.owner.selectFrom('pki.authorities').selectAll().execute()).length, 0);
    const login = await t.inject({ method: 'POST', url: '/api/auth/certificate', remoteAddress: '127.0.0.2', headers: { 'client-cert': `:${cert.raw.toString('base64')}:` } });
    assert.equal(login.statusCode, 200, login.body);
    // A certificate signed by the root directly, but not issued (recorded) here, does not log anyone in.
    const { keys } = await makeCsr();
    const stray = new crypto.X509Certificate((await root.issue(keys.publicKey)).toString('pem'));
    const refused = await t.inject({ method: 'POST', url: '/api/auth/certificate', remoteAddress: '127.0.0.2', headers: { 'client-cert': `:${stray.raw.toString('base64')}:` } });
    assert.deepEqual([refused.statusCode, JSON.parse(refused.body).error.reason], [401, 'unknown']);
  });
});
