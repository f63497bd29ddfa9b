/**
 * The audit log (审计日志). `record` appends one entry inside the caller's transaction: the
 * row, the chain-head move and the hash commit or roll back with the change they describe.
 */
import type { Env } from '../../env.ts';
import type { Db } from '../db/database.ts';
import type { Jobs } from '../jobs/index.ts';
import { anchorFilePath, anchorKey, checkAnchors, createAnchorer, readAnchors } from './anchor.ts';
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
  /** Settings of the anchor file and key; without them the head is not anchored (tools, old tests). */
  env?: Env;
  /** Clock of new entries; tests of retention pass an old one. */
  now?: () => Date;
}

export const ANCHOR_QUEUE = 'audit.anchor-head';

/** The newest anchors of the file (when any) checked against the chain; problems to add to a result. */
export async function verifyAnchors(q: Db | Tx, env: Env): Promise<{ problems: VerifyResult['problems']; anchors: number }> {
  const { anchors, malformed } = readAnchors(anchorFilePath(env));
  const problems: VerifyResult['problems'] = [];
  if (malformed) problems.push({ seq: 0, kind: 'anchor_invalid', count: malformed, message: `${malformed} unreadable line(s) among the newest anchors of ${anchorFilePath(env)}` });
  if (anchors.length === 0) return { problems, anchors: 0 };
  const { publicKey } = await anchorKey(q, env);
  problems.push(...await checkAnchors(q, anchors, publicKey));
  return { problems, anchors: anchors.length };
}

export function createAuditService({ db, env, now = () => new Date() }: AuditServiceDeps) {
  const anchorer = env ? createAnchorer({ db, env }) : null;
  return {
    /** Signs the chain head and appends it to the anchor file (and other sinks); null when unchanged or not configured. */
    anchorNow: (opts?: { force?: boolean }) => anchorer?.anchorNow(opts) ?? Promise.resolve(null),
    /** Hook for another destination of the signed head (the transparency log). */
    addAnchorSink: (sink: Parameters<NonNullable<typeof anchorer>['addSink']>[0]) => anchorer?.addSink(sink),

    /** The interval job that anchors the head (AUDIT_ANCHOR_INTERVAL_MINUTES). */
    async registerJobs(jobs: Jobs): Promise<void> {
      if (!anchorer || !env) return;
      await jobs.work(ANCHOR_QUEUE, async () => { await anchorer.anchorNow(); });
      const n = env.AUDIT_ANCHOR_INTERVAL_MINUTES;
      await jobs.schedule(ANCHOR_QUEUE, n >= 60 ? '0 * * * *' : `*/${n} * * * *`);
    },

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
        const result = await verifyChain(trx);
        if (!env) return result;
        const extra = await verifyAnchors(trx, env);
        if (extra.problems.length === 0) return result;
        return { ...result, ok: false, problems: [...result.problems, ...extra.problems] };
      });
    },

    /** Archival job: removes entries older than min(cutoff, now − 6 months) and anchors the rest. */
    purgeExpired(cutoff: Date): Promise<number> {
      return withContext(db, SYSTEM_CONTEXT, (trx) => repo.purgeExpired(trx, cutoff));
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
