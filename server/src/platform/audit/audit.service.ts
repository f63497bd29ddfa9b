/**
 * The audit log (审计日志). `record` appends one entry inside the caller's transaction: the
 * row, the chain-head move and the hash commit or roll back with the change they describe.
 */
import type { Db } from '../db/database.ts';
import { SYSTEM_CONTEXT, setContext, withContext, type Tx } from '../db/context.ts';
import { HASH_ALG, entryHash } from './audit.hash.ts';
import type { AuditEntriesTable } from './audit.tables.ts';
import { verifyChain, type VerifyResult } from './audit.verify.ts';
import * as repo from './audit.repo.ts';

/** Who acted; the request `Actor` fits. Null for the public and system jobs. */
export interface AuditActor {
  userId: number | null;
  username?: string | null;
}

export interface AuditEntry {
  /** `module.entity.pastTense`, e.g. identity.user.created */
  action: string;
  entityType: string;
  entityId?: string | number | null;
  /** ltree path of the org the entry concerns, for scoped reading; null = system-wide. */
  orgPath?: string | null;
  /** Facts of the change as JSON; never secrets. */
  details?: Record<string, unknown>;
  /** Client address, when the change came from a request. Not part of the hash. */
  ip?: string | null;
}

export interface ReadEntry {
  /** Module of the record, e.g. `identity`; the action becomes `<module>.<entityType>.read`. */
  module: string;
  entityType: string;
  entityId: string | number;
  /** The sensitive fields shown, e.g. ['idNumber', 'phone']. */
  fields: readonly string[];
  orgPath?: string | null;
  ip?: string | null;
}

export type AuditListItem = Omit<AuditEntriesTable, 'occurredAt'> & { occurredAt: string };

const ACTION = /^[a-z0-9_]+(\.[a-z0-9_]+){2,}$/;

/** Normalised as jsonb will return it, so the hash recomputes from the stored row. */
function jsonValue(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return details === undefined ? {} : (JSON.parse(JSON.stringify(details)) as Record<string, unknown>);
}

/**
 * Appends an entry inside `trx`. The chain head stays locked until `trx` ends, so call it as
 * the last step of the unit of work: concurrent writers wait only for that short tail.
 */
export async function recordAuditEntry(
  trx: Tx, actor: AuditActor | null, entry: AuditEntry, now: () => Date = () => new Date(),
): Promise<{ seq: number; hash: string }> {
  if (!trx.isTransaction) throw new Error('audit.record needs the transaction of the change it records');
  if (!ACTION.test(entry.action)) throw new Error(`audit action "${entry.action}" is not module.entity.pastTense`);
  const head = await repo.lockHead(trx);
  const row: AuditEntriesTable = {
    seq: head.seq + 1,
    // Taken under the lock so time never runs backwards along the chain.
    occurredAt: new Date(now().getTime()),
    actorUserId: actor?.userId ?? null,
    actorUsername: actor?.username ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    orgPath: entry.orgPath ?? null,
    details: jsonValue(entry.details),
    ip: entry.ip ?? null,
    hashAlg: HASH_ALG,
    prevHash: head.hash,
    hash: '',
  };
  row.hash = entryHash(row);
  await repo.append(trx, row);
  return { seq: row.seq, hash: row.hash };
}

/** Logs that a person viewed sensitive fields of a record (敏感信息查看留痕). */
export function recordReadEntry(trx: Tx, actor: AuditActor | null, read: ReadEntry, now?: () => Date) {
  return recordAuditEntry(trx, actor, {
    action: `${read.module}.${read.entityType}.read`,
    entityType: read.entityType,
    entityId: read.entityId,
    orgPath: read.orgPath ?? null,
    details: { fields: [...read.fields] },
    ip: read.ip ?? null,
  }, now);
}

export interface AuditServiceDeps {
  db: Db;
  /** Clock of new entries; tests of retention pass an old one. */
  now?: () => Date;
}

export function createAuditService({ db, now = () => new Date() }: AuditServiceDeps) {
  return {
    /** Appends an entry inside the caller's transaction (see recordAuditEntry). */
    async record(trx: Tx, actor: AuditActor | null, entry: AuditEntry): Promise<void> {
      await recordAuditEntry(trx, actor, entry, now);
    },

    async recordRead(trx: Tx, actor: AuditActor | null, read: ReadEntry): Promise<void> {
      await recordReadEntry(trx, actor, read, now);
    },

    /** Entries visible under the RLS context of `trx`, newest first. */
    async listEntries(trx: Tx, filter: repo.EntryFilter): Promise<{ items: AuditListItem[]; nextBefore: number | null }> {
      const rows = await repo.listEntries(trx, filter);
      const items = rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() }));
      const last = rows[rows.length - 1];
      return { items, nextBefore: rows.length === filter.limit && last ? last.seq : null };
    },

    /**
     * Walks the whole chain. It reads every entry whatever the caller's scope (a consistent
     * snapshot with the system context) but reports only positions, never contents.
     */
    async verify(): Promise<VerifyResult> {
      return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
        await setContext(trx, SYSTEM_CONTEXT);
        return verifyChain(trx);
      });
    },

    /** Archival job: removes entries older than min(cutoff, now − 6 months) and anchors the rest. */
    purgeExpired(cutoff: Date): Promise<number> {
      return withContext(db, SYSTEM_CONTEXT, (trx) => repo.purgeExpired(trx, cutoff));
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
