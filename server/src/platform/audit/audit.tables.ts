export interface AuditEntriesTable {
  seq: number;
  occurredAt: Date;
  actorUserId: number | null;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  orgPath: string | null;
  details: unknown;
  ip: string | null;
  hashAlg: 'sm3' | 'sha256';
  prevHash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  id: boolean;
  seq: number;
  hash: string;
}

export interface AuditAnchorsTable {
  seq: number;
  hash: string;
  removed: number;
  cutoff: Date;
  removedAt: Date;
}

export interface AuditTables {
  'audit.entries': AuditEntriesTable;
  'audit.chain_head': AuditChainHeadTable;
  'audit.anchors': AuditAnchorsTable;
}
