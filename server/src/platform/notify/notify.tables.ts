import type { ColumnType, Generated } from 'kysely';

export type Channel = 'inapp' | 'sms' | 'email';
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'dead';
type Json = ColumnType<Record<string, unknown>, Record<string, unknown> | string | undefined, Record<string, unknown> | string>;

export interface OutboxTable {
  id: Generated<number>;
  channel: Channel;
  recipient: string;
  subject: string | null;
  body: string;
  data: Json;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  nextAttemptAt: ColumnType<Date, Date | undefined, Date>;
  lastError: string | null;
  dedupeKey: string | null;
  providerRef: string | null;
  createdAt: Generated<Date>;
  sentAt: Date | null;
}

export interface InboxTable {
  id: Generated<number>;
  userId: number;
  title: string;
  body: string;
  data: Json;
  outboxId: number | null;
  readAt: Date | null;
  createdAt: Generated<Date>;
}

export interface SmsMessagesTable {
  id: Generated<number>;
  phone: string;
  body: string;
  idempotencyKey: string | null;
  confidential: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface NotifyTables {
  'notify.outbox': OutboxTable;
  'notify.inbox': InboxTable;
  'notify.sms_messages': SmsMessagesTable;
}
