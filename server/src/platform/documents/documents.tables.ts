import type { Generated } from 'kysely';

export type DocumentStatus = 'valid' | 'revoked' | 'superseded';

export interface DocumentsTable {
  id: Generated<number>;
  kind: string;
  docNo: string;
  title: string;
  subjectType: string;
  subjectId: string;
  orgPath: string;
  orgUnitId: number;
  issuerOrgUnitId: number;
  issuerName: string;
  year: number;
  seq: number;
  sha256: string;
  size: number;
  verifyToken: string;
  status: Generated<DocumentStatus>;
  revokedReason: string | null;
  statusChangedAt: Date | null;
  statusChangedBy: number | null;
  supersededBy: number | null;
  issuedAt: Date;
  issuedBy: number | null;
}

export interface NumberPrefixesTable {
  issuerOrgUnitId: number;
  kind: string;
  prefix: string;
  updatedAt: Generated<Date>;
}

export interface SequencesTable {
  issuerOrgUnitId: number;
  kind: string;
  year: number;
  lastNo: number;
}

export interface DocumentsTables {
  'documents.documents': DocumentsTable;
  'documents.number_prefixes': NumberPrefixesTable;
  'documents.sequences': SequencesTable;
}
