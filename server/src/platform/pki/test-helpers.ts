/** Shared steps of the pki tests (not a test file itself): keys and CSRs made on the "user's side". */
import 'reflect-metadata';
import crypto from 'node:crypto';
import * as x509 from '@peculiar/x509';

export const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A key pair and a PKCS#10 request for it, as a browser or `openssl req` would make them. */
export async function makeCsr(name = 'CN=whoever', alg: { name: string; namedCurve: string; hash: string } = EC): Promise<{ csrPem: string; keyPem: string; keys: CryptoKeyPair }> {
  const keys = await globalThis.crypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: alg });
  const pkcs8 = Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }) as string;
  return { csrPem: csr.toString('pem'), keyPem, keys };
}

/** Another CA, outside the platform: for "untrusted" and external-CRL cases. */
export async function makeForeignCa(): Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair; issue(pub: CryptoKey, opts?: { notBefore?: Date; notAfter?: Date }): Promise<x509.X509Certificate>; crl(serials: string[]): Promise<x509.X509Crl> }> {
  const keys = await globalThis.crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '7f01', name: 'CN=Foreign CA', notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 86_400_000 * 400),
    keys, signingAlgorithm: EC, extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  return {
    cert, keys,
    issue: (pub, opts = {}) => x509.X509CertificateGenerator.create({
      serialNumber: '7f' + crypto.randomBytes(8).toString('hex'), subject: 'CN=Foreign leaf', issuer: cert.subject,
      notBefore: opts.notBefore ?? new Date(Date.now() - 60_000), notAfter: opts.notAfter ?? new Date(Date.now() + 86_400_000 * 30),
      publicKey: pub, signingKey: keys.privateKey, signingAlgorithm: EC,
    }),
    crl: (serials) => x509.X509CrlGenerator.create({
      issuer: cert.subject, thisUpdate: new Date(), nextUpdate: new Date(Date.now() + 86_400_000),
      entries: serials.map((s) => ({ serialNumber: s, revocationDate: new Date(), reason: x509.X509CrlReason.keyCompromise })),
      signingKey: keys.privateKey, signingAlgorithm: EC,
    }),
  };
}
