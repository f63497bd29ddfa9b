/**
 * The certificate authority (证书签发机构): its key, its certificate, issuing, and CRLs.
 *
 * Platform CA (default): an ECDSA P-256 key derived from the 32-byte server secret `pki.ca`
 * (platform.secrets, shared by every process, created on first use — like the transparency
 * witness key), and a self-signed certificate kept in `pki.authorities` (the first process
 * writes it, every other reads that one). External CA: `PKI_CA_CERT_FILE` (the issuing CA first,
 * then its chain up to the root) and `PKI_CA_KEY_FILE` (its PKCS#8 key); the platform then
 * issues under that CA and trusts its root.
 *
 * X.509 structures come from @peculiar/x509 (needs the reflect-metadata polyfill, imported
 * first); verification uses node:crypto's X509Certificate.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import * as x509 from '@peculiar/x509';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import { serverSecret } from '../secrets/secrets.ts';
import { derInteger } from './pkcs12.ts';

export const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const CA_YEARS = 10;

export interface Authority {
  /** The issuing CA certificate. */
  certificate: x509.X509Certificate;
  certificatePem: string;
  /** Chain above the issuing CA (PEM), empty for the platform's own root. */
  chainPem: string[];
  /** Roots a certificate must chain to (node:crypto certificates). */
  anchors: crypto.X509Certificate[];
  /** Every CA certificate of the chain, issuing CA first (node:crypto). */
  chain: crypto.X509Certificate[];
  privateKey: CryptoKey;
  external: boolean;
}

/** A P-256 key pair from 32 secret bytes (rehashed in the 2^-32 case of a scalar out of range). */
export function p256FromSeed(seed: Buffer): { jwk: crypto.JsonWebKey; privateKey: crypto.KeyObject } {
  for (let i = 0; ; i++) {
    const d = i === 0 ? seed : crypto.createHash('sha256').update(seed).update(String(i)).digest();
    try {
      const ecdh = crypto.createECDH('prime256v1');
      ecdh.setPrivateKey(d);
      const pub = ecdh.getPublicKey();
      const jwk = { kty: 'EC', crv: 'P-256', d: d.toString('base64url'), x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33).toString('base64url') };
      return { jwk, privateKey: crypto.createPrivateKey({ key: jwk, format: 'jwk' }) };
    } catch {
      // out of range: next candidate
    }
  }
}

export async function cryptoKeysFromSeed(seed: Buffer): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey; keyObject: crypto.KeyObject }> {
  const { jwk, privateKey: keyObject } = p256FromSeed(seed);
  const privateKey = await globalThis.crypto.subtle.importKey('jwk', jwk as JsonWebKey, EC_ALG, true, ['sign']);
  const { d: _d, ...pub } = jwk;
  const publicKey = await globalThis.crypto.subtle.importKey('jwk', pub as JsonWebKey, EC_ALG, true, ['verify']);
  return { privateKey, publicKey, keyObject };
}

/** 16 random bytes, positive, no leading zero byte: lowercase hex. */
export function newSerial(): string {
  const b = crypto.randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x10;
  return b.toString('hex');
}

export function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** A CN/O value safe inside an RFC 4514 string. */
export function dnValue(s: string): string {
  return s.replace(/[,+="\\<>;#]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 64) || '-';
}

export interface CaConfig {
  PKI_CA_CERT_FILE?: string | undefined;
  PKI_CA_KEY_FILE?: string | undefined;
  PKI_CA_NAME: string;
}

async function externalAuthority(cfg: CaConfig): Promise<Authority> {
  const pems = splitPem(fs.readFileSync(cfg.PKI_CA_CERT_FILE!, 'utf8'));
  if (!pems.length) throw new Error('PKI_CA_CERT_FILE: no certificate in the file');
  const keyObject = crypto.createPrivateKey(fs.readFileSync(cfg.PKI_CA_KEY_FILE!, 'utf8'));
  const privateKey = await globalThis.crypto.subtle.importKey('pkcs8', new Uint8Array(keyObject.export({ type: 'pkcs8', format: 'der' })), EC_ALG, false, ['sign']);
  const chain = pems.map((p) => new crypto.X509Certificate(p));
  if (!chain[0]!.checkPrivateKey(keyObject)) throw new Error('PKI_CA_KEY_FILE: the key does not belong to the first certificate of PKI_CA_CERT_FILE');
  const top = chain[chain.length - 1]!;
  return {
    certificate: new x509.X509Certificate(pems[0]!), certificatePem: pems[0]!, chainPem: pems.slice(1),
    anchors: [top], chain, privateKey, external: true,
  };
}

/** Loads (or creates, once for every process) the CA. */
export async function loadAuthority(db: Db | Tx, cfg: CaConfig): Promise<Authority> {
  if (cfg.PKI_CA_CERT_FILE && cfg.PKI_CA_KEY_FILE) return externalAuthority(cfg);
  const keys = await cryptoKeysFromSeed(await serverSecret(db, 'pki.ca'));
  let row = await db.selectFrom('pki.authorities').select('certificatePem').where('id', '=', 'platform').executeTakeFirst();
  if (!row) {
    const now = new Date();
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: newSerial(),
      name: `CN=${dnValue(cfg.PKI_CA_NAME)}, O=Sunland`,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + CA_YEARS * 365 * 86_400_000),
      keys: { privateKey: keys.privateKey, publicKey: keys.publicKey },
      signingAlgorithm: EC_ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    await db.insertInto('pki.authorities').values({ id: 'platform', certificatePem: cert.toString('pem') })
      .onConflict((oc) => oc.column('id').doNothing()).execute();
    row = await db.selectFrom('pki.authorities').select('certificatePem').where('id', '=', 'platform').executeTakeFirstOrThrow();
  }
  const node = new crypto.X509Certificate(row.certificatePem);
  return {
    certificate: new x509.X509Certificate(row.certificatePem), certificatePem: row.certificatePem, chainPem: [],
    anchors: [node], chain: [node], privateKey: keys.privateKey, external: false,
  };
}

export type Profile = 'staff' | 'server' | 'site';

export interface IssueInput {
  subject: string;
  publicKey: CryptoKey | x509.PublicKey;
  days: number;
  profile: Profile;
  /** DNS names and IP addresses of a server certificate. */
  hosts?: string[];
  crlUrl?: string | null;
}

export async function issueCertificate(ca: Authority, input: IssueInput): Promise<x509.X509Certificate> {
  const now = Date.now();
  const pub = input.publicKey instanceof x509.PublicKey ? await input.publicKey.export() : input.publicKey;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(pub),
    await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
  ];
  if (input.profile === 'staff') extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]));
  if (input.profile === 'server') {
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]));
    extensions.push(new x509.SubjectAlternativeNameExtension((input.hosts ?? []).map((h) => ({ type: /^[\d.]+$|:/.test(h) ? 'ip' as const : 'dns' as const, value: h }))));
  }
  if (input.crlUrl) extensions.push(new x509.CRLDistributionPointsExtension([input.crlUrl]));
  const notAfter = Math.min(now + input.days * 86_400_000, ca.certificate.notAfter.getTime());
  return x509.X509CertificateGenerator.create({
    serialNumber: newSerial(),
    subject: input.subject,
    issuer: ca.certificate.subject,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(notAfter),
    publicKey: pub,
    signingKey: ca.privateKey,
    signingAlgorithm: EC_ALG,
    extensions,
  });
}

export const REASON_CODES: Record<string, x509.X509CrlReason> = {
  unspecified: x509.X509CrlReason.unspecified,
  keyCompromise: x509.X509CrlReason.keyCompromise,
  affiliationChanged: x509.X509CrlReason.affiliationChanged,
  superseded: x509.X509CrlReason.superseded,
  cessationOfOperation: x509.X509CrlReason.cessationOfOperation,
  certificateHold: x509.X509CrlReason.certificateHold,
};

/** A CRL listing `entries`, numbered `number`, valid `hours`. */
export async function signCrl(ca: Authority, number: number, entries: { serial: string; revokedAt: Date; reason: string }[], hours: number): Promise<x509.X509Crl> {
  const thisUpdate = new Date();
  return x509.X509CrlGenerator.create({
    issuer: ca.certificate.subject,
    thisUpdate,
    nextUpdate: new Date(thisUpdate.getTime() + hours * 3_600_000),
    entries: entries.map((e) => ({ serialNumber: e.serial, revocationDate: e.revokedAt, reason: REASON_CODES[e.reason] ?? x509.X509CrlReason.unspecified })),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
      new x509.Extension('2.5.29.20', false, new Uint8Array(derInteger(number))), // cRLNumber
    ],
    signingKey: ca.privateKey,
    signingAlgorithm: EC_ALG,
  });
}

/** Lowercase hex serial of a node:crypto certificate. */
export function serialOf(cert: crypto.X509Certificate): string {
  return cert.serialNumber.toLowerCase().replace(/^0+(?=.)/, '');
}
