/**
 * Random selection of intermediary agencies (中介机构随机抽取). The registry, and the draw:
 * freeze the pool and commit a secret (both logged) → draw from a checkpoint signed after that →
 * the selected agency confirms in time or the next in the order is taken (reason logged).
 * docs/selection.md describes the algorithm; tools/verify.ts recomputes any draw.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { withContext, SYSTEM_CONTEXT, type Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import { actorContext, type Actor, type ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { TransparencyService } from '../transparency/index.ts';
import { drawOrder, drawSeed, poolHash, sha256Hex } from './draw-algorithm.ts';
import type { AgencyStatus, Excluded, PoolEntry } from './selection.tables.ts';

export const SERVICE_TYPES: Record<string, string> = {
  surveying: '测绘', land_valuation: '土地评估', geological_survey: '地质勘查', reserves_review: '矿产资源储量评审',
  planning: '规划编制', geohazard_assessment: '地质灾害危险性评估',
};
const TIMEOUT_QUEUE = 'selection.confirm-timeouts';

export interface SelectionDeps {
  db: Db;
  audit: AuditService;
  transparency: Pick<TransparencyService, 'publish' | 'issueCheckpoint'>;
  now?: () => Date;
}

export interface AgencyInput {
  code: string; name: string; serviceTypes: string[]; qualification: string; qualificationValidUntil: string; relatedParties: string[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function createSelectionService(deps: SelectionDeps) {
  const now = () => (deps.now ? deps.now() : new Date());

  async function audit(trx: Tx, actor: ActingUser | null, action: string, entityType: string, entityId: number, orgPath: string | null, details: Record<string, unknown>) {
    await deps.audit.record(trx, actor, { action: `selection.${entityType}.${action}`, entityType: `selection.${entityType}`, entityId, orgPath, details });
  }

  async function lockDraw(trx: Tx, drawNo: string) {
    const d = await trx.selectFrom('selection.draws').selectAll().where('drawNo', '=', drawNo).forUpdate().executeTakeFirst();
    if (!d) throw new AppError('selection.draw_not_found', `drawNo: no draw ${drawNo}`, { field: 'drawNo' });
    return d;
  }

  async function event(trx: Tx, d: { id: number; orgPath: string }, kind: 'frozen' | 'drawn' | 'confirmed' | 'declined' | 'timed_out', agencyId: number | null, reason: string | null, entryIdx: number | null) {
    await trx.insertInto('selection.draw_events').values({ drawId: d.id, orgPath: d.orgPath, kind, agencyId, reason, entryIdx }).execute();
  }

  /** Moves to the next agency of the order, or ends the draw as exhausted; logged with the reason. */
  async function replace(trx: Tx, actor: ActingUser | null, drawNo: string, kind: 'declined' | 'timed_out', reason: string) {
    const d = await lockDraw(trx, drawNo);
    if (d.status !== 'drawn') throw new AppError('selection.draw_wrong_state', `the draw is ${d.status}, not waiting for a confirmation`);
    const order = d.drawOrder ?? [];
    const nextPos = (d.position ?? 0) + 1;
    const next = order[nextPos] ?? null;
    const pub = await deps.transparency.publish(trx, 'selection.draw.replaced', { drawNo, agencyId: d.selectedAgencyId, reason: kind, note: reason, next });
    await event(trx, d, kind, d.selectedAgencyId, reason, pub.index);
    await trx.updateTable('selection.draws').set(next === null
      ? { status: 'exhausted', position: nextPos, selectedAgencyId: null, confirmDueAt: null }
      : { position: nextPos, selectedAgencyId: next, confirmDueAt: new Date(now().getTime() + d.confirmHours * 3600_000) }).where('id', '=', d.id).execute();
    await audit(trx, actor, kind, 'draw', d.id, d.orgPath, { drawNo, agencyId: d.selectedAgencyId, next, reason });
  }

  const service = {
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },

    async listAgencies(trx: Tx, f: { serviceType?: string }) {
      let q = trx.selectFrom('selection.agencies').selectAll().orderBy('id');
      if (f.serviceType) q = q.where(sql<boolean>`service_types @> array[${f.serviceType}]::text[]`);
      return q.execute();
    },

    async registerAgency(trx: Tx, actor: ActingUser, input: AgencyInput) {
      for (const s of input.serviceTypes) if (!SERVICE_TYPES[s]) throw new AppError('selection.service_type_unknown', `serviceTypes: unknown service type ${s}`, { field: 'serviceTypes' });
      const dup = await trx.selectFrom('selection.agencies').select('id').where('code', '=', input.code).executeTakeFirst();
      if (dup) throw new AppError('conflict', `code: an agency with credit code ${input.code} is registered`, { field: 'code' });
      const a = await trx.insertInto('selection.agencies').values({ ...input, createdBy: actor.userId }).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'registered', 'agency', a.id, null, { code: a.code, name: a.name, serviceTypes: a.serviceTypes });
      return a;
    },

    /** Edits an agency's entry (name, service types, qualification and validity, related parties 回避); the credit code stays. */
    async updateAgency(trx: Tx, actor: ActingUser, id: number, input: Omit<AgencyInput, 'code'>) {
      for (const s of input.serviceTypes) if (!SERVICE_TYPES[s]) throw new AppError('selection.service_type_unknown', `serviceTypes: unknown service type ${s}`, { field: 'serviceTypes' });
      const before = await trx.selectFrom('selection.agencies').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw new AppError('selection.agency_not_found', `id: no agency ${id}`, { field: 'id' });
      const a = await trx.updateTable('selection.agencies').set({
        name: input.name, serviceTypes: input.serviceTypes, qualification: input.qualification,
        qualificationValidUntil: input.qualificationValidUntil, relatedParties: input.relatedParties,
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'updated', 'agency', id, null, {
        before: { name: before.name, serviceTypes: before.serviceTypes, qualification: before.qualification, qualificationValidUntil: before.qualificationValidUntil, relatedParties: before.relatedParties },
        after: input,
      });
      return a;
    },

    /** Evaluations of one agency after the work (履约评价), newest first. */
    async listEvaluations(trx: Tx, id: number) {
      const a = await trx.selectFrom('selection.agencies').select('id').where('id', '=', id).executeTakeFirst();
      if (!a) throw new AppError('selection.agency_not_found', `id: no agency ${id}`, { field: 'id' });
      const rows = await trx.selectFrom('selection.evaluations as e').leftJoin('selection.draws as d', 'd.id', 'e.drawId')
        .select(['e.id', 'e.quality', 'e.timeliness', 'e.note', 'e.createdAt', 'd.drawNo']).where('e.agencyId', '=', id).orderBy('e.id', 'desc').execute();
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    },

    /** Suspends, blacklists or reinstates; a suspended or blacklisted agency leaves every later pool. */
    async setAgencyStatus(trx: Tx, actor: ActingUser, id: number, input: { status: AgencyStatus; reason: string | null; until: string | null }) {
      if (input.status !== 'active' && !input.reason?.trim()) throw invalid('reason', 'a suspension or blacklisting states its reason', '暂停或列入黑名单须说明理由');
      const a = await trx.updateTable('selection.agencies').set({ status: input.status, statusReason: input.status === 'active' ? null : input.reason, statusUntil: input.status === 'active' ? null : input.until })
        .where('id', '=', id).returningAll().executeTakeFirst();
      if (!a) throw new AppError('selection.agency_not_found', `id: no agency ${id}`, { field: 'id' });
      await audit(trx, actor, 'status_changed', 'agency', id, null, { status: input.status, reason: input.reason, until: input.until });
      return a;
    },

    /** Evaluation after the work (履约评价): feeds the mean score; a quality of 1 suspends for 90 days. */
    async evaluateAgency(trx: Tx, actor: ActingUser, id: number, input: { drawNo: string | null; quality: number; timeliness: number; note: string | null }) {
      const a = await trx.selectFrom('selection.agencies').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!a) throw new AppError('selection.agency_not_found', `id: no agency ${id}`, { field: 'id' });
      const draw = input.drawNo ? await trx.selectFrom('selection.draws').select('id').where('drawNo', '=', input.drawNo).executeTakeFirst() : undefined;
      if (input.drawNo && !draw) throw new AppError('selection.draw_not_found', `drawNo: no draw ${input.drawNo}`, { field: 'drawNo' });
      await trx.insertInto('selection.evaluations').values({ agencyId: id, drawId: draw?.id ?? null, quality: input.quality, timeliness: input.timeliness, note: input.note, createdBy: actor.userId }).execute();
      const score = (input.quality + input.timeliness) / 2;
      const count = a.evaluationCount + 1;
      const mean = ((Number(a.evaluationScore ?? 0) * a.evaluationCount) + score) / count;
      const suspend = input.quality === 1 && a.status === 'active';
      const until = day(new Date(now().getTime() + 90 * 86400_000));
      const updated = await trx.updateTable('selection.agencies').set({
        evaluationCount: count, evaluationScore: mean.toFixed(2),
        ...(suspend ? { status: 'suspended' as const, statusReason: '履约评价质量不合格（自动暂停90日）', statusUntil: until } : {}),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'evaluated', 'agency', id, null, { quality: input.quality, timeliness: input.timeliness, suspended: suspend });
      return updated;
    },

    /** The pool a draw would freeze now (criteria: service type, status, qualification validity, 回避 of the owner), and who is left out why. */
    async previewPool(trx: Tx, input: { serviceType: string; projectOwner: string }) {
      if (!SERVICE_TYPES[input.serviceType]) throw new AppError('selection.service_type_unknown', `serviceType: unknown service type ${input.serviceType}`, { field: 'serviceType' });
      const today = day(now());
      const candidates = await trx.selectFrom('selection.agencies').selectAll().where(sql<boolean>`service_types @> array[${input.serviceType}]::text[]`).orderBy('id').execute();
      const pool: PoolEntry[] = [];
      const excluded: Excluded[] = [];
      for (const a of candidates) {
        const lapsed = a.status !== 'active' && a.statusUntil !== null && a.statusUntil < today;
        const reason = a.status !== 'active' && !lapsed ? `${a.status === 'suspended' ? '暂停' : '黑名单'}：${a.statusReason ?? ''}`
          : a.qualificationValidUntil < today ? '资质已过期'
          : a.relatedParties.includes(input.projectOwner.trim()) ? '与项目业主存在关联（回避）' : null;
        if (reason) excluded.push({ agencyId: a.id, name: a.name, reason });
        else pool.push({ agencyId: a.id, code: a.code, name: a.name });
      }
      return { pool, excluded };
    },

    /** Freezes the pool and commits the secret; both are in the log before anyone can draw. */
    async freezePool(trx: Tx, actor: ActingUser, input: { projectName: string; projectOwner: string; serviceType: string; confirmHours: number }) {
      if (!SERVICE_TYPES[input.serviceType]) throw new AppError('selection.service_type_unknown', `serviceType: unknown service type ${input.serviceType}`, { field: 'serviceType' });
      const orgPath = actor.scopePath;
      if (!orgPath) throw new AppError('access.out_of_scope', 'a draw is organised by a bureau: the actor has no scope');
      const today = day(now());
      const { pool, excluded } = await service.previewPool(trx, input);
      if (!pool.length) throw new AppError('selection.pool_empty', `serviceType: no eligible agency for ${SERVICE_TYPES[input.serviceType]}`, { field: 'serviceType' });
      const secret = crypto.randomBytes(32);
      const seq = await trx.selectFrom('selection.draws').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const drawNo = `CQ${today.replaceAll('-', '')}-${crypto.randomBytes(3).toString('hex').toUpperCase()}${Number(seq.n) % 10}`;
      const commitment = sha256Hex(secret);
      const hash = poolHash(pool);
      const pub = await deps.transparency.publish(trx, 'selection.draw.pool', {
        drawNo, projectName: input.projectName, projectOwner: input.projectOwner, serviceType: input.serviceType,
        criteria: { serviceType: input.serviceType, activeOn: today, conflictOf: input.projectOwner }, pool, poolHash: hash, excluded, secretCommitment: commitment,
        confirmHours: input.confirmHours,
      });
      const d = await trx.insertInto('selection.draws').values({
        drawNo, orgPath, projectName: input.projectName, projectOwner: input.projectOwner, serviceType: input.serviceType,
        pool: JSON.stringify(pool), poolHash: hash, excluded: JSON.stringify(excluded), secret, secretCommitment: commitment, poolEntryIdx: pub.index,
        confirmHours: input.confirmHours, createdBy: actor.userId,
      }).returning(['id', 'orgPath', 'drawNo']).executeTakeFirstOrThrow();
      await event(trx, d, 'frozen', null, null, pub.index);
      await audit(trx, actor, 'pool_frozen', 'draw', d.id, d.orgPath, { drawNo, pool: pool.length, excluded: excluded.length });
      return service.view(trx, drawNo);
    },

    /**
     * Draws: a checkpoint signed now covers the pool entry, so its root was unknown when the pool
     * and commitment were fixed. Then the secret is revealed with the result.
     */
    async draw(actor: Actor, drawNo: string, ownerNumber: string | null) {
      const cp = await deps.transparency.issueCheckpoint();
      return service.inScope(actor, async (trx) => {
        const d = await lockDraw(trx, drawNo);
        if (d.status !== 'pool_frozen') throw new AppError('selection.draw_wrong_state', `the draw is ${d.status}: it was drawn already`);
        if (cp.size <= d.poolEntryIdx) throw new Error('selection: checkpoint does not cover the pool entry');
        const inputs = { drawNo, pool: d.pool, secret: d.secret.toString('hex'), checkpointRoot: cp.root, ownerNumber };
        const seed = drawSeed(inputs);
        const order = drawOrder(inputs);
        const pub = await deps.transparency.publish(trx, 'selection.draw.result', {
          drawNo, checkpoint: { size: cp.size, root: cp.root }, ownerNumber, secret: inputs.secret, seed, order, selectedAgencyId: order[0],
        });
        await trx.updateTable('selection.draws').set({
          status: 'drawn', checkpointSize: cp.size, checkpointRoot: cp.root, checkpointNote: cp.note, ownerNumber, seed, drawOrder: JSON.stringify(order),
          position: 0, selectedAgencyId: order[0], confirmDueAt: new Date(now().getTime() + d.confirmHours * 3600_000), resultEntryIdx: pub.index, drawnAt: now(),
        }).where('id', '=', d.id).execute();
        await event(trx, d, 'drawn', order[0], null, pub.index);
        await audit(trx, actor, 'drawn', 'draw', d.id, d.orgPath, { drawNo, selectedAgencyId: order[0], checkpointSize: cp.size });
        return service.view(trx, drawNo);
      });
    },

    async confirm(trx: Tx, actor: ActingUser, drawNo: string) {
      const d = await lockDraw(trx, drawNo);
      if (d.status !== 'drawn') throw new AppError('selection.draw_wrong_state', `the draw is ${d.status}, not waiting for a confirmation`);
      const pub = await deps.transparency.publish(trx, 'selection.draw.confirmed', { drawNo, agencyId: d.selectedAgencyId });
      await trx.updateTable('selection.draws').set({ status: 'confirmed', confirmDueAt: null }).where('id', '=', d.id).execute();
      await event(trx, d, 'confirmed', d.selectedAgencyId, null, pub.index);
      await audit(trx, actor, 'confirmed', 'draw', d.id, d.orgPath, { drawNo, agencyId: d.selectedAgencyId });
      return service.view(trx, drawNo);
    },

    async decline(trx: Tx, actor: ActingUser, drawNo: string, reason: string) {
      await replace(trx, actor, drawNo, 'declined', reason);
      return service.view(trx, drawNo);
    },

    /** Job: candidates past their confirmation time are replaced by the next drawn. */
    async replaceTimedOut(): Promise<number> {
      return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
        const due = await trx.selectFrom('selection.draws').select('drawNo').where('status', '=', 'drawn').where('confirmDueAt', '<', now()).execute();
        for (const d of due) await replace(trx, null, d.drawNo, 'timed_out', '未在确认时限内确认');
        return due.length;
      });
    },

    async view(trx: Tx, drawNo: string) {
      const d = await trx.selectFrom('selection.draws').selectAll().where('drawNo', '=', drawNo).executeTakeFirst();
      if (!d) throw new AppError('selection.draw_not_found', `drawNo: no draw ${drawNo}`, { field: 'drawNo' });
      const events = await trx.selectFrom('selection.draw_events').select(['kind', 'agencyId', 'reason', 'entryIdx', 'at']).where('drawId', '=', d.id).orderBy('id').execute();
      const revealed = d.status !== 'pool_frozen';
      return {
        drawNo: d.drawNo, projectName: d.projectName, projectOwner: d.projectOwner, serviceType: d.serviceType, serviceTypeName: SERVICE_TYPES[d.serviceType] ?? d.serviceType,
        status: d.status, pool: d.pool, poolHash: d.poolHash, excluded: d.excluded, secretCommitment: d.secretCommitment, poolEntryIdx: Number(d.poolEntryIdx),
        confirmHours: d.confirmHours, secret: revealed ? d.secret.toString('hex') : null,
        checkpoint: d.checkpointSize === null ? null : { size: Number(d.checkpointSize), root: d.checkpointRoot ?? '', note: d.checkpointNote ?? '' },
        ownerNumber: d.ownerNumber, seed: d.seed, order: d.drawOrder ?? [], position: d.position, selectedAgencyId: d.selectedAgencyId,
        confirmDueAt: d.confirmDueAt?.toISOString() ?? null, resultEntryIdx: d.resultEntryIdx === null ? null : Number(d.resultEntryIdx),
        createdAt: d.createdAt.toISOString(), drawnAt: d.drawnAt?.toISOString() ?? null,
        events: events.map((e) => ({ ...e, entryIdx: e.entryIdx === null ? null : Number(e.entryIdx), at: e.at.toISOString() })),
      };
    },

    async listDraws(trx: Tx) {
      return trx.selectFrom('selection.draws').select(['drawNo', 'projectName', 'serviceType', 'status', 'selectedAgencyId', 'createdAt']).orderBy('id', 'desc').limit(100).execute();
    },

    /** The public record of a drawn draw, in the form tools/verify.ts draw reads. */
    async publicRecord(drawNo: string) {
      return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
        const v = await service.view(trx, drawNo);
        if (!v.checkpoint || v.secret === null) throw new AppError('selection.draw_not_found', `drawNo: draw ${drawNo} has not been drawn yet`, { field: 'drawNo' });
        return v;
      });
    },

    async registerJobs(jobs: Jobs) {
      await jobs.work(TIMEOUT_QUEUE, async () => { await service.replaceTimedOut(); });
      await jobs.schedule(TIMEOUT_QUEUE, '*/10 * * * *');
    },
  };
  return service;
}

export type SelectionService = ReturnType<typeof createSelectionService>;
