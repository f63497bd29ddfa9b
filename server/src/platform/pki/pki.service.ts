/**
 * PKI use cases: the CA (issue from a CSR, demo PKCS#12, renewal, revocation, CRL), certificate
 * verification (CONTRACTS §3 `PkiService`), the site and TLS server identities, the login method
 * policy, and certificate login (the session itself is opened by identity).
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { sql } from 'kysely';
import type { Env } from '../../env.ts';
import type { Db } from '../db/database.ts';
import { PUBLIC_CONTEXT, SYSTEM_CONTEXT, withContext, type Tx } from '../db/context.ts';
import type { AuditService } from '../audit/index.ts';
import { actorContext, type Actor } from '../http/actor.ts';
import { AppError, invalid } from '../http/errors.ts';
import { EC_ALG, cryptoKeysFromSeed, dnValue, issueCertificate, loadAuthority, serialOf, signCrl, splitPem, type Authority, type Profile } from './ca.ts';
import { writePkcs12 } from './pkcs12.ts';
import type { PresentedCertificate } from './client-cert.ts';
import type { LoginMode, RevocationReason } from './pki.tables.ts';
import { serverSecret } from '../secrets/secrets.ts';

/** CONTRACTS §3: what the exchange (and anyone else) may ask of the PKI. */
export interface PkiService {
  /** This site's signing identity: key + certificate from the platform CA (or configured). */
  siteIdentity(): Promise<{ privateKeyPem: string; certificatePem: string; chainPem: string[] }>;
  /** Verify a certificate: chain to the platform CA (or to `trustAnchorsPem` when given),
   *  validity at `at`, and revocation (the platform CRL, plus `crlPem` when given). */
  verifyCertificate(certificatePem: string, opts?: { at?: Date; trustAnchorsPem?: string[]; crlPem?: string[] }):
    Promise<{ ok: true; subject: string; serial: string; fingerprint256: string }
          | { ok: false; reason: 'malformed' | 'untrusted' | 'expired' | 'not-yet-valid' | 'revoked' }>;
  caCertificatePem(): Promise<string>;
  crlPem(): Promise<string>;
}

export type VerifyResult = Awaited<ReturnType<PkiService['verifyCertificate']>>;

export interface PkiDeps {
  db: Db;
  env: Env;
  audit: AuditService;
}

export interface CertificateView {
  serial: string;
  kind: 'staff' | 'server' | 'site';
  userId: number | null;
  username: string | null;
  displayName: string | null;
  subject: string;
  fingerprint256: string;
  notBefore: string;
  notAfter: string;
  status: 'valid' | 'expired' | 'revoked';
  keyOrigin: 'csr' | 'server';
  renewalOf: string | null;
  issuedAt: string;
  revokedAt: string | null;
  revocationReason: RevocationReason | null;
  certificatePem: string;
}

const MODE_RANK: Record<LoginMode, number> = { either: 0, password: 1, certificate: 2, both: 3 };
export const LOGIN_MODES: LoginMode[] = ['password', 'either', 'certificate', 'both'];
export const REVOCATION_REASONS: RevocationReason[] = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold'];

function pemOf(der: Buffer | ArrayBuffer, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der as ArrayBuffer).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Parses a PEM or DER certificate with node:crypto; null when it is not one. */
function parseCertificate(input: string | Buffer): crypto.X509Certificate | null {
  try {
    return new crypto.X509Certificate(input);
  } catch {
    return null;
  }
}

function fingerprint256(cert: crypto.X509Certificate): string {
  return cert.fingerprint256.toUpperCase();
}

/** A CSR from the request body: PEM, signature checked, a P-256 or RSA ≥ 2048 key. */
async function parseCsr(csrPem: string): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem.trim());
  } catch {
    throw new AppError('pki.csr_invalid', 'csrPem: not a PKCS#10 certificate request (PEM "-----BEGIN CERTIFICATE REQUEST-----")', { field: 'csrPem' });
  }
  let ok = false;
  try {
    ok = await csr.verify();
  } catch {
    ok = false;
  }
  const alg = csr.publicKey.algorithm as { name?: string; namedCurve?: string; modulusLength?: number };
  const ec = alg.name === 'ECDSA' && alg.namedCurve === 'P-256';
  const rsa = alg.name === 'RSASSA-PKCS1-v1_5' || alg.name === 'RSA-PSS';
  if (!ec && !rsa) throw new AppError('pki.key_unsupported', 'csrPem: the key must be ECDSA P-256 (or RSA of at least 2048 bits)', { field: 'csrPem' });
  if (rsa) {
    const key = crypto.createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' });
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new AppError('pki.key_unsupported', 'csrPem: an RSA key must have at least 2048 bits', { field: 'csrPem' });
  }
  if (!ok) throw new AppError('pki.csr_invalid', 'csrPem: the request is not signed by its own key', { field: 'csrPem' });
  return csr;
}

export function createPkiService(deps: PkiDeps) {
  const { db, env, audit } = deps;
  let authority: Promise<Authority> | null = null;
  const ca = (): Promise<Authority> => (authority ??= loadAuthority(db, env).catch((e: unknown) => { authority = null; throw e; }));
  const crlUrl = env.PUBLIC_URL ? `${env.PUBLIC_URL.replace(/\/+$/, '')}/pki/crl` : null;

  // --- CRL ---
  let crlCache: { number: number; der: Buffer; thisUpdate: Date; nextUpdate: Date } | null = null;

  /** Makes and stores a new CRL of every revoked certificate (system context: the CRL lists all). */
  async function publishCrl(): Promise<{ number: number; der: Buffer; thisUpdate: Date; nextUpdate: Date }> {
    const authorityNow = await ca();
    return withContext(db, SYSTEM_CONTEXT, async (trx) => {
      const revoked = await trx.selectFrom('pki.certificates').select(['serial', 'revokedAt', 'revocationReason'])
        .where('revokedAt', 'is not', null).orderBy('revokedAt').execute();
      const { rows } = await sql<{ n: number }>`select coalesce(max(number), 0)::int + 1 as n from pki.crls`.execute(trx);
      const crl = await signCrl(authorityNow, rows[0]!.n, revoked.map((r) => ({ serial: r.serial, revokedAt: r.revokedAt!, reason: r.revocationReason! })), env.PKI_CRL_HOURS);
      const der = Buffer.from(crl.rawData);
      const row = await trx.insertInto('pki.crls').values({ thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate!, der })
        .returning(['number', 'thisUpdate', 'nextUpdate', 'der']).executeTakeFirstOrThrow();
      return row;
    });
  }

  /** The newest CRL; a new one when none exists, a revocation is newer, or half of its validity is gone. */
  async function currentCrl(): Promise<{ number: number; der: Buffer; thisUpdate: Date; nextUpdate: Date }> {
    const latest = await withContext(db, SYSTEM_CONTEXT, async (trx) => {
      const crl = await trx.selectFrom('pki.crls').select(['number', 'thisUpdate', 'nextUpdate', 'der']).orderBy('number', 'desc').limit(1).executeTakeFirst();
      const last = await trx.selectFrom('pki.certificates').select((eb) => eb.fn.max('revokedAt').as('at')).executeTakeFirst();
      return { crl, lastRevokedAt: last?.at ? new Date(last.at as unknown as string) : null };
    });
    const crl = latest.crl;
    const half = crl ? crl.thisUpdate.getTime() + (crl.nextUpdate.getTime() - crl.thisUpdate.getTime()) / 2 : 0;
    if (!crl || Date.now() > half || (latest.lastRevokedAt && latest.lastRevokedAt >= crl.thisUpdate)) {
      crlCache = await publishCrl();
      return crlCache;
    }
    crlCache = crl;
    return crl;
  }

  // --- verification ---
  async function isRevokedHere(serial: string): Promise<boolean> {
    const row = await withContext(db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('pki.certificates').select('revokedAt').where('serial', '=', serial).executeTakeFirst());
    return !!row?.revokedAt;
  }

  function crlRevokes(crlPem: string, issuer: crypto.X509Certificate, serial: string): Promise<boolean> {
    return (async () => {
      let crl: x509.X509Crl;
      try {
        crl = new x509.X509Crl(crlPem);
      } catch {
        return false;
      }
      const issuerCert = new x509.X509Certificate(issuer.raw);
      if (crl.issuer !== issuerCert.subject) return false;
      if (!(await crl.verify({ publicKey: issuerCert.publicKey }).catch(() => false))) return false;
      return crl.entries.some((e) => e.serialNumber.toLowerCase().replace(/^0+(?=.)/, '') === serial);
    })();
  }

  async function verifyCertificate(certificatePem: string, opts: { at?: Date; trustAnchorsPem?: string[]; crlPem?: string[] } = {}): Promise<VerifyResult> {
    const leaf = parseCertificate(certificatePem);
    if (!leaf) return { ok: false, reason: 'malformed' };
    const a = await ca();
    const anchors = opts.trustAnchorsPem?.length
      ? opts.trustAnchorsPem.flatMap((p) => splitPem(p)).map((p) => parseCertificate(p)).filter((c): c is crypto.X509Certificate => c !== null)
      : a.anchors;
    const intermediates = [...a.chain];
    // Walk up: each link's issuer must sign it; stop at an anchor.
    let cert = leaf;
    const path: crypto.X509Certificate[] = [leaf];
    let trusted = false;
    for (let depth = 0; depth < 6; depth++) {
      const anchor = anchors.find((c) => cert.checkIssued(c) && cert.verify(c.publicKey));
      if (anchor) {
        if (anchor.fingerprint256 !== cert.fingerprint256) path.push(anchor);
        trusted = true;
        break;
      }
      const next = intermediates.find((c) => c.fingerprint256 !== cert.fingerprint256 && cert.checkIssued(c) && cert.verify(c.publicKey));
      if (!next) break;
      path.push(next);
      cert = next;
    }
    if (!trusted) return { ok: false, reason: 'untrusted' };
    const at = (opts.at ?? new Date()).getTime();
    for (const c of path) {
      if (at < new Date(c.validFrom).getTime()) return { ok: false, reason: 'not-yet-valid' };
      if (at > new Date(c.validTo).getTime()) return { ok: false, reason: 'expired' };
    }
    const serial = serialOf(leaf);
    // The platform CRL is the table itself: honoured at once, in every process.
    if (leaf.checkIssued(a.chain[0]!) && (await isRevokedHere(serial))) return { ok: false, reason: 'revoked' };
    const issuer = path[1];
    if (issuer && opts.crlPem?.length) {
      for (const p of opts.crlPem) if (await crlRevokes(p, issuer, serial)) return { ok: false, reason: 'revoked' };
    }
    return { ok: true, subject: leaf.subject.replace(/\n/g, ', '), serial, fingerprint256: fingerprint256(leaf) };
  }

  // --- the server's own identities (site signing key, TLS server) ---
  async function ownIdentity(kind: 'site' | 'server', secretName: string, subject: string, hosts: string[]): Promise<{ privateKeyPem: string; certificatePem: string; chainPem: string[] }> {
    const a = await ca();
    const keys = await cryptoKeysFromSeed(await serverSecret(db, secretName));
    const privateKeyPem = keys.keyObject.export({ type: 'pkcs8', format: 'pem' }) as string;
    const chainPem = [a.certificatePem, ...a.chainPem];
    return withContext(db, SYSTEM_CONTEXT, async (trx) => {
      const rows = await trx.selectFrom('pki.certificates').select(['certificatePem', 'subject'])
        .where('kind', '=', kind).where('revokedAt', 'is', null).where('notAfter', '>', new Date(Date.now() + 30 * 86_400_000))
        .orderBy('issuedAt', 'desc').execute();
      const found = rows.find((r) => {
        const c = new crypto.X509Certificate(r.certificatePem);
        return r.subject === subject && c.checkPrivateKey(keys.keyObject) && c.checkIssued(a.chain[0]!);
      });
      if (found) return { privateKeyPem, certificatePem: found.certificatePem, chainPem };
      const cert = await issueCertificate(a, { subject, publicKey: keys.publicKey, days: 825, profile: kind === 'site' ? 'site' : 'server', hosts, crlUrl });
      await insertCertificate(trx, cert, { kind, userId: null, orgPath: null, keyOrigin: 'server', renewalOf: null, issuedBy: null });
      await audit.record(trx, null, { action: 'pki.certificate.issued', entityType: 'certificate', entityId: serialOf(new crypto.X509Certificate(Buffer.from(cert.rawData))), details: { kind, subject } });
      return { privateKeyPem, certificatePem: cert.toString('pem'), chainPem };
    });
  }

  async function insertCertificate(trx: Tx, cert: x509.X509Certificate, row: { kind: 'staff' | 'server' | 'site'; userId: number | null; orgPath: string | null; keyOrigin: 'csr' | 'server'; renewalOf: string | null; issuedBy: number | null }) {
    const node = new crypto.X509Certificate(Buffer.from(cert.rawData));
    const serial = serialOf(node);
    await trx.insertInto('pki.certificates').values({
      serial, kind: row.kind, userId: row.userId, orgPath: row.orgPath, subject: node.subject.replace(/\n/g, ', '),
      fingerprint256: fingerprint256(node), certificatePem: cert.toString('pem'), notBefore: cert.notBefore, notAfter: cert.notAfter,
      keyOrigin: row.keyOrigin, renewalOf: row.renewalOf, issuedBy: row.issuedBy,
    }).execute();
    return serial;
  }

  // --- staff certificates ---
  type Holder = { id: number; username: string; displayName: string; orgPath: string };

  async function holder(trx: Tx, userId: number): Promise<Holder> {
    const u = await trx.selectFrom('identity.users').select(['id', 'username', 'displayName', 'orgPath', 'kind', 'status'])
      .where('id', '=', userId).executeTakeFirst();
    if (!u) throw new AppError('identity.user_not_found', `userId: no staff account ${userId} in your scope`, { field: 'userId' });
    if (u.kind !== 'staff' || !u.orgPath) throw invalid('userId', 'certificates are issued to staff accounts only', '证书只签发给工作人员账号');
    return { id: u.id, username: u.username, displayName: u.displayName, orgPath: u.orgPath };
  }

  const staffSubject = (h: Holder) => `CN=${dnValue(`${h.displayName} (${h.username})`)}, O=Sunland`;

  async function issueStaff(trx: Tx, actor: Actor, h: Holder, publicKey: CryptoKey | x509.PublicKey, keyOrigin: 'csr' | 'server', renewalOf: string | null, days = env.PKI_CERT_DAYS) {
    const a = await ca();
    const cert = await issueCertificate(a, { subject: staffSubject(h), publicKey, days, profile: 'staff', crlUrl });
    const serial = await insertCertificate(trx, cert, { kind: 'staff', userId: h.id, orgPath: h.orgPath, keyOrigin, renewalOf, issuedBy: actor.userId });
    await audit.record(trx, actor, {
      action: 'pki.certificate.issued', entityType: 'certificate', entityId: serial, orgPath: h.orgPath,
      details: { userId: h.id, username: h.username, keyOrigin, renewalOf, notAfter: cert.notAfter.toISOString(), selfService: actor.userId === h.id },
    });
    return { serial, cert };
  }

  async function viewOf(trx: Tx, serial: string): Promise<CertificateView> {
    const [v] = await listQuery(trx, { serial });
    if (!v) throw new AppError('pki.certificate_not_found', `serial: no certificate ${serial} in your scope`, { field: 'serial' });
    return v;
  }

  async function listQuery(trx: Tx, f: { serial?: string; userId?: number; status?: 'valid' | 'expired' | 'revoked'; q?: string; limit?: number; offset?: number }): Promise<CertificateView[]> {
    let q = trx.selectFrom('pki.certificates as c').leftJoin('identity.users as u', 'u.id', 'c.userId')
      .select(['c.serial', 'c.kind', 'c.userId', 'u.username', 'u.displayName', 'c.subject', 'c.fingerprint256', 'c.notBefore', 'c.notAfter', 'c.keyOrigin', 'c.renewalOf', 'c.issuedAt', 'c.revokedAt', 'c.revocationReason', 'c.certificatePem']);
    if (f.serial) q = q.where('c.serial', '=', f.serial);
    if (f.userId) q = q.where('c.userId', '=', f.userId);
    if (f.status === 'revoked') q = q.where('c.revokedAt', 'is not', null);
    if (f.status === 'valid') q = q.where('c.revokedAt', 'is', null).where('c.notAfter', '>', new Date());
    if (f.status === 'expired') q = q.where('c.revokedAt', 'is', null).where('c.notAfter', '<=', new Date());
    if (f.q) q = q.where((eb) => eb.or([eb('u.username', 'ilike', `%${f.q}%`), eb('u.displayName', 'ilike', `%${f.q}%`), eb('c.serial', '=', f.q!.toLowerCase())]));
    const rows = await q.orderBy('c.issuedAt', 'desc').limit(f.limit ?? 200).offset(f.offset ?? 0).execute();
    const now = Date.now();
    return rows.map((r) => ({
      serial: r.serial, kind: r.kind, userId: r.userId, username: r.username ?? null, displayName: r.displayName ?? null,
      subject: r.subject, fingerprint256: r.fingerprint256, notBefore: r.notBefore.toISOString(), notAfter: r.notAfter.toISOString(),
      status: r.revokedAt ? 'revoked' : r.notAfter.getTime() <= now ? 'expired' : 'valid',
      keyOrigin: r.keyOrigin, renewalOf: r.renewalOf, issuedAt: r.issuedAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null, revocationReason: r.revocationReason, certificatePem: r.certificatePem,
    }));
  }

  const demoAllowed = () => env.PKI_DEMO_P12 ?? env.DEMO;

  // --- login policy ---
  async function loginMode(trx: Tx, userId: number): Promise<LoginMode> {
    const own = await trx.selectFrom('pki.login_policies').select('mode').where('userId', '=', userId).executeTakeFirst();
    if (own) return own.mode;
    const roles = await trx.selectFrom('pki.login_policies as lp')
      .innerJoin('access.roles as r', 'r.code', 'lp.roleCode')
      .innerJoin('access.posts as p', 'p.roleId', 'r.id')
      .select('lp.mode').where('p.userId', '=', userId).where('p.active', '=', true).execute();
    return roles.reduce<LoginMode>((m, r) => (MODE_RANK[r.mode] > MODE_RANK[m] ? r.mode : m), 'either');
  }

  /** The staff certificate row a presented certificate proves (chain, validity, not revoked, issued here). */
  async function staffCertificateOf(presented: PresentedCertificate): Promise<{ ok: true; serial: string; userId: number } | { ok: false; reason: string }> {
    const pem = pemOf(presented.der);
    const v = await verifyCertificate(pem);
    if (!v.ok) return v;
    const row = await withContext(db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('pki.certificates').select(['userId', 'kind', 'fingerprint256'])
      .where('serial', '=', v.serial).executeTakeFirst());
    if (!row || row.kind !== 'staff' || row.userId === null || row.fingerprint256 !== v.fingerprint256) return { ok: false, reason: 'unknown' };
    return { ok: true, serial: v.serial, userId: row.userId };
  }

  async function refuse(presented: PresentedCertificate | null, reason: string, ip: string | null, userId: number | null = null): Promise<never> {
    await withContext(db, PUBLIC_CONTEXT, (trx) => audit.record(trx, null, {
      action: 'pki.login.refused', entityType: 'certificate', entityId: userId,
      details: { reason, source: presented?.source ?? null, fingerprint256: presented ? crypto.createHash('sha256').update(presented.der).digest('hex') : null }, ip,
    }));
    const messages: Record<string, string> = {
      none: 'no client certificate was presented (use the HTTPS address that asks for one)',
      revoked: 'this certificate has been revoked', expired: 'this certificate has expired', 'not-yet-valid': 'this certificate is not valid yet',
      untrusted: 'this certificate was not issued by a trusted CA', malformed: 'the certificate cannot be read', unknown: 'this certificate is not registered to any account',
    };
    throw new AppError('auth.certificate_invalid', messages[reason] ?? 'certificate refused', { reason, field: 'certificate' });
  }

  return {
    // CONTRACTS §3
    siteIdentity: () => ownIdentity('site', 'pki.site', `CN=${dnValue(env.PUBLIC_URL ? new URL(env.PUBLIC_URL).host : 'sunland-site')}, OU=site, O=Sunland`, []),
    verifyCertificate,
    async caCertificatePem() { return (await ca()).certificatePem; },
    async crlPem() { return pemOf((await currentCrl()).der, 'X509 CRL'); },
    async crlDer() { return (await currentCrl()).der; },
    async caChainPem() { const a = await ca(); return [a.certificatePem, ...a.chainPem]; },
    /** The TLS listener's key and certificate, issued by the platform CA for these host names. */
    tlsIdentity: (hosts: string[]) => ownIdentity('server', 'pki.tls', `CN=${dnValue(hosts[0] ?? 'localhost')}, OU=server, O=Sunland`, hosts),
    demoAllowed,

    /** Own certificates and the own login mode. */
    async mine(actor: Actor): Promise<{ items: CertificateView[]; loginMode: LoginMode; demoP12: boolean }> {
      return withContext(db, actorContext(actor), async (trx) => ({
        items: await listQuery(trx, { userId: actor.userId }), loginMode: await loginMode(trx, actor.userId), demoP12: demoAllowed(),
      }));
    },

    /** Self-service: the holder uploads a CSR (key made on their side) and gets the certificate. */
    async issueOwn(actor: Actor, csrPem: string, renewalOf: string | null = null): Promise<CertificateView> {
      if (actor.kind !== 'staff') throw new AppError('access.forbidden', 'certificates are for staff accounts', { permission: 'staff' });
      const csr = await parseCsr(csrPem);
      return withContext(db, actorContext(actor), async (trx) => {
        const h = await holder(trx, actor.userId);
        if (renewalOf) {
          const old = await trx.selectFrom('pki.certificates').select(['userId']).where('serial', '=', renewalOf).executeTakeFirst();
          if (!old || old.userId !== actor.userId) throw new AppError('pki.certificate_not_found', `renewalOf: ${renewalOf} is not one of your certificates`, { field: 'renewalOf' });
        }
        const { serial } = await issueStaff(trx, actor, h, csr.publicKey, 'csr', renewalOf);
        return viewOf(trx, serial);
      });
    },

    /** DEMO ONLY: key generated on the server, returned once as PKCS#12; never stored. */
    async demoPkcs12(actor: Actor, password: string): Promise<{ p12: Buffer; filename: string; serial: string }> {
      if (!demoAllowed()) throw new AppError('pki.demo_only', 'the PKCS#12 download is a demo feature (PKI_DEMO_P12); upload a certificate request instead');
      if (actor.kind !== 'staff') throw new AppError('access.forbidden', 'certificates are for staff accounts', { permission: 'staff' });
      const keys = await globalThis.crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify']) as CryptoKeyPair;
      return withContext(db, actorContext(actor), async (trx) => {
        const h = await holder(trx, actor.userId);
        const { serial, cert } = await issueStaff(trx, actor, h, keys.publicKey, 'server', null);
        const p12 = writePkcs12({
          privateKey: crypto.KeyObject.from(keys.privateKey as unknown as crypto.webcrypto.CryptoKey), certificateDer: Buffer.from(cert.rawData), password,
          friendlyName: `DEMO Sunland ${h.username} ${serial.slice(0, 8)}`,
        });
        return { p12, filename: `sunland-demo-${h.username}-${serial.slice(0, 8)}.p12`, serial };
      });
    },

    /** Security admin: the certificates of accounts in scope. */
    async list(actor: Actor, f: { userId?: number; status?: 'valid' | 'expired' | 'revoked'; q?: string; limit: number; offset: number }): Promise<{ items: CertificateView[] }> {
      return withContext(db, actorContext(actor), async (trx) => ({ items: await listQuery(trx, f) }));
    },

    /** Security admin: issue from a CSR for an account in scope. */
    async issueFor(actor: Actor, input: { userId: number; csrPem: string; days?: number | undefined; renewalOf?: string | null | undefined }): Promise<CertificateView> {
      const csr = await parseCsr(input.csrPem);
      return withContext(db, actorContext(actor), async (trx) => {
        const h = await holder(trx, input.userId);
        if (input.renewalOf) {
          const old = await trx.selectFrom('pki.certificates').select(['userId']).where('serial', '=', input.renewalOf).executeTakeFirst();
          if (!old || old.userId !== h.id) throw new AppError('pki.certificate_not_found', `renewalOf: ${input.renewalOf} is not a certificate of this account`, { field: 'renewalOf' });
        }
        const { serial } = await issueStaff(trx, actor, h, csr.publicKey, 'csr', input.renewalOf ?? null, input.days ?? env.PKI_CERT_DAYS);
        return viewOf(trx, serial);
      });
    },

    /** Revokes (own certificate, or as security admin one in scope); its sessions end in the same transaction; a new CRL is published. */
    async revoke(actor: Actor, serial: string, reason: RevocationReason, asAdmin: boolean): Promise<CertificateView> {
      const view = await withContext(db, actorContext(actor), async (trx) => {
        const row = await trx.selectFrom('pki.certificates').select(['serial', 'userId', 'orgPath', 'revokedAt']).where('serial', '=', serial).forUpdate().executeTakeFirst();
        if (!row || (!asAdmin && row.userId !== actor.userId)) throw new AppError('pki.certificate_not_found', `serial: no certificate ${serial} in your scope`, { field: 'serial' });
        if (row.revokedAt) throw new AppError('pki.already_revoked', `serial: ${serial} was revoked at ${row.revokedAt.toISOString()}`, { field: 'serial' });
        await trx.updateTable('pki.certificates').set({ revokedAt: new Date(), revocationReason: reason, revokedBy: actor.userId }).where('serial', '=', serial).execute();
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pki.certificate_sessions cs join identity.sessions s on s.id = cs.session_id
          where cs.serial = ${serial} and s.end_reason = 'certificate_revoked'`.execute(trx);
        await audit.record(trx, actor, {
          action: 'pki.certificate.revoked', entityType: 'certificate', entityId: serial, orgPath: row.orgPath,
          details: { userId: row.userId, reason, endedSessions: rows[0]?.n ?? 0 },
        });
        return viewOf(trx, serial);
      });
      await publishCrl();
      return view;
    },

    async policies(actor: Actor) {
      return withContext(db, actorContext(actor), async (trx) => {
        const rows = await trx.selectFrom('pki.login_policies as lp').leftJoin('identity.users as u', 'u.id', 'lp.userId')
          .select(['lp.id', 'lp.roleCode', 'lp.userId', 'u.username', 'lp.mode', 'lp.updatedAt']).orderBy('lp.id').execute();
        // An account row is listed only when the account is visible (RLS on identity.users).
        return { items: rows.filter((r) => r.roleCode !== null || r.username !== null).map((r) => ({ ...r, username: r.username ?? null, updatedAt: r.updatedAt.toISOString() })) };
      });
    },

    /** Sets (mode) or clears (null) the login method of a role or an account. */
    async setPolicy(actor: Actor, input: { roleCode?: string | undefined; userId?: number | undefined; mode: LoginMode | null }) {
      return withContext(db, actorContext(actor), async (trx) => {
        if (input.roleCode) {
          const role = await trx.selectFrom('access.roles').select('code').where('code', '=', input.roleCode).executeTakeFirst();
          if (!role) throw new AppError('access.role_not_found', `roleCode: no role ${input.roleCode}`, { field: 'roleCode' });
          await trx.deleteFrom('pki.login_policies').where('roleCode', '=', input.roleCode).execute();
          if (input.mode) await trx.insertInto('pki.login_policies').values({ roleCode: input.roleCode, userId: null, mode: input.mode, updatedBy: actor.userId }).execute();
        } else if (input.userId) {
          const h = await holder(trx, input.userId);
          await trx.deleteFrom('pki.login_policies').where('userId', '=', h.id).execute();
          if (input.mode) await trx.insertInto('pki.login_policies').values({ roleCode: null, userId: h.id, mode: input.mode, updatedBy: actor.userId }).execute();
        } else {
          throw invalid('roleCode', 'give roleCode or userId', '请指定角色（roleCode）或用户（userId）');
        }
        await audit.record(trx, actor, { action: 'pki.login_policy.updated', entityType: 'login_policy', entityId: input.roleCode ?? input.userId ?? null, details: { roleCode: input.roleCode ?? null, userId: input.userId ?? null, mode: input.mode } });
        return { roleCode: input.roleCode ?? null, userId: input.userId ?? null, mode: input.mode };
      });
    },

    /**
     * Certificate login, step 1 (before identity opens the session): the presented certificate
     * must verify, belong to a staff account, and that account's policy must allow a certificate alone.
     */
    async certificateLoginCheck(presented: PresentedCertificate | null, ip: string | null): Promise<{ userId: number; serial: string; source: 'tls' | 'proxy' }> {
      if (!presented) return refuse(null, 'none', ip);
      const c = await staffCertificateOf(presented);
      if (!c.ok) return refuse(presented, c.reason, ip);
      const mode = await withContext(db, SYSTEM_CONTEXT, (trx) => loginMode(trx, c.userId));
      if (mode === 'password') {
        await refuse(presented, 'policy_password', ip, c.userId).catch(() => undefined);
        throw new AppError('auth.certificate_not_allowed', 'your account signs in with its password only (登录方式: 口令)', { mode });
      }
      if (mode === 'both') {
        await refuse(presented, 'policy_both', ip, c.userId).catch(() => undefined);
        throw new AppError('auth.password_required', 'your account needs the certificate AND the password: sign in with your password on this connection', { mode, field: 'password' });
      }
      return { userId: c.userId, serial: c.serial, source: presented.source };
    },

    /** The gate identity's password login calls (see identity/login.ts CertificateGate). */
    gate: {
      async passwordLogin(userId: number, presented: PresentedCertificate | null): Promise<string | null> {
        const mode = await withContext(db, SYSTEM_CONTEXT, (trx) => loginMode(trx, userId));
        if (mode === 'password' || mode === 'either') return null;
        if (mode === 'certificate') throw new AppError('auth.certificate_required', 'your account signs in with its certificate (登录方式: 仅证书)', { mode, field: 'certificate' });
        // both: the certificate on this connection must be this account's.
        const c = presented ? await staffCertificateOf(presented) : { ok: false as const, reason: 'none' };
        if (!c.ok || c.userId !== userId) {
          throw new AppError('auth.certificate_required', 'your account needs its certificate as well as the password (登录方式: 证书加口令)', { mode, field: 'certificate', reason: c.ok ? 'other_account' : c.reason });
        }
        return c.serial;
      },
      async bindSession(trx: Tx, sessionId: string, serial: string): Promise<void> {
        // Locked against a revocation committing between the check and this session.
        const row = await trx.selectFrom('pki.certificates').select('revokedAt').where('serial', '=', serial).forShare().executeTakeFirst();
        if (!row || row.revokedAt) throw new AppError('auth.certificate_invalid', 'this certificate has been revoked', { reason: 'revoked', field: 'certificate' });
        await trx.insertInto('pki.certificate_sessions').values({ sessionId, serial }).execute();
      },
    },
  };
}

export type PkiPlatformService = ReturnType<typeof createPkiService>;
export type { Profile };
