import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | T, string | T>;

export type SiteRole = 'internet' | 'intranet';

export interface RecordResult { kind: string; id: string; version: string; status: 'applied' | 'unchanged' | 'rejected'; reason?: string }

export interface ExchangeTables {
  'exchange.peers': { site: string; role: SiteRole; signPublicKey: string; encryptPublicKey: string; certificate: string | null; createdAt: Generated<Date> };
  'exchange.channel_state': {
    peer: string; sentSeq: Generated<string>; sentHash: string | null; receivedSeq: Generated<string>; receivedHash: string | null;
    peerLogSize: string | null; peerLogRoot: string | null; ownLogSizeSent: string | null; updatedAt: Generated<Date>;
  };
  'exchange.cursors': { peer: string; kind: string; cursor: string | null };
  'exchange.packages': {
    id: Generated<string>; peer: string; direction: 'sent' | 'received' | 'refused'; seq: number | string; hash: string;
    records: number; files: number; bytes: number | string; reason: string | null; at: Generated<Date>;
  };
  'exchange.sent_records': {
    peer: string; seq: number | string; kind: string; recordId: string; version: string;
    status: Generated<'pending' | 'applied' | 'unchanged' | 'rejected'>; reason: string | null; receiptAt: Date | null;
  };
  'exchange.receipts_due': { peer: string; seq: number | string; results: Json<RecordResult[]>; sentIn: number | string | null };
  'exchange.peer_revocations': { peer: string; serial: string; reason: string; revokedAt: Generated<Date> };
  'exchange.peer_crls': { peer: string; crlPem: string; updatedAt: Generated<Date> };
}
