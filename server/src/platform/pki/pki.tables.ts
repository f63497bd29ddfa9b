/** Kysely types of the `pki` schema (migration 0860_pki.sql). */
import type { Generated } from 'kysely';

export type CertificateKind = 'staff' | 'server' | 'site';
export type RevocationReason = 'unspecified' | 'keyCompromise' | 'affiliationChanged' | 'superseded' | 'cessationOfOperation' | 'certificateHold';
export type LoginMode = 'password' | 'either' | 'certificate' | 'both';

export interface PkiAuthoritiesTable {
  id: 'platform';
  certificatePem: string;
  createdAt: Generated<Date>;
}

export interface PkiCertificatesTable {
  serial: string;
  kind: CertificateKind;
  userId: number | null;
  orgPath: string | null;
  subject: string;
  fingerprint256: string;
  certificatePem: string;
  notBefore: Date;
  notAfter: Date;
  keyOrigin: 'csr' | 'server';
  renewalOf: string | null;
  issuedAt: Generated<Date>;
  issuedBy: number | null;
  revokedAt: Date | null;
  revocationReason: RevocationReason | null;
  revokedBy: number | null;
}

export interface PkiCrlsTable {
  number: Generated<number>;
  thisUpdate: Date;
  nextUpdate: Date;
  der: Buffer;
}

export interface PkiCertificateSessionsTable {
  sessionId: string;
  serial: string;
}

export interface PkiLoginPoliciesTable {
  id: Generated<number>;
  roleCode: string | null;
  userId: number | null;
  mode: LoginMode;
  updatedAt: Generated<Date>;
  updatedBy: number | null;
}

export interface PkiTables {
  'pki.authorities': PkiAuthoritiesTable;
  'pki.certificates': PkiCertificatesTable;
  'pki.crls': PkiCrlsTable;
  'pki.certificate_sessions': PkiCertificateSessionsTable;
  'pki.login_policies': PkiLoginPoliciesTable;
}
