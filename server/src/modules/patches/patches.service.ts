/**
 * Satellite change patches (卫片执法): batches and their import with the automatic pre-check,
 * the county verdict (内业套合) and submission by the deadline, the review by the city or
 * province (return with comments / accept, then locked), a change of an accepted verdict only
 * with the right and a reason (audited), hand-over of a 违法 patch to enforcement, and
 * rectification (整改) until the illegal state is removed. Routes → this service → the tables.
 */
import type { Db } from '../../platform/db/database.ts';
import { withContext, type Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import { actorContext, type Actor, type ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { divisionPath } from '../../platform/orgs/index.ts';
import type { Feature, Polygonal } from '../../platform/geo/index.ts';
import { analyseFeatures, boxOf, type ImportReport } from './import.ts';
import { precheckPatch, suggestClass } from './precheck.ts';
import { NO_PROGRESS, type ImportProgress } from './import-progress.ts';
import type { OpenEnforcementCase } from './enforcement-port.ts';
import { tipoffByNo, tipoffsNear } from '../tipoffs/index.ts';
import type { BatchSource, FieldRecordStored, PatchStatus, Rectification } from './patches.tables.ts';

export interface PatchesDeps {
  db: Db;
  audit: Pick<AuditService, 'record'>;
  /** e14's enforcement module (optional until merged): a 违法 patch becomes a case. */
  openEnforcementCase?: OpenEnforcementCase | undefined;
  now?: () => Date;
}

export interface BatchInput {
  name: string; source: BatchSource; beforeDate: string; afterDate: string; areaDesc: string; deadline: string;
  imageryBeforeUrl: string | null; imageryAfterUrl: string | null; syntheticImagery?: boolean;
}

export interface VerdictInput {
  classCode: string;
  approvalNo: string | null;
  croplandM2: number | null;
  basicFarmlandM2: number | null;
  reason: string | null;
}

const EDITABLE: PatchStatus[] = ['pending', 'proposed', 'returned'];

export function createPatchesService(deps: PatchesDeps) {
  const now = () => (deps.now ? deps.now() : new Date());

  async function audit(trx: Tx, actor: ActingUser | null, action: string, entityType: 'batch' | 'patch', entityId: number | string, orgPath: string | null, details: Record<string, unknown>) {
    await deps.audit.record(trx, actor, { action: `patches.${entityType}.${action}`, entityType: `patches.${entityType}`, entityId: String(entityId), orgPath, details });
  }

  async function lockBatch(trx: Tx, batchNo: string) {
    const b = await trx.selectFrom('patches.batches').selectAll().where('batchNo', '=', batchNo).forUpdate().executeTakeFirst();
    if (!b) throw new AppError('patches.batch_not_found', `batchNo: no batch ${batchNo}`, { field: 'batchNo' });
    return b;
  }

  async function lockPatch(trx: Tx, id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('patches.patch_not_found', `id: no patch ${id}`, { field: 'id' });
    const p = await trx.selectFrom('patches.patches').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!p) throw new AppError('patches.patch_not_found', `id: no patch ${id}`, { field: 'id' });
    return p;
  }

  async function classes(trx: Tx) {
    return trx.selectFrom('patches.classes').selectAll().orderBy('sortOrder').execute();
  }

  /** Checks a verdict against the classes table; returns the class's verdict kind. */
  async function checkVerdict(trx: Tx, v: VerdictInput, areaM2: number) {
    const all = await classes(trx);
    const c = all.find((x) => x.code === v.classCode && x.active);
    if (!c) throw new AppError('patches.class_unknown', `classCode: unknown class ${v.classCode}`, { field: 'classCode' });
    if (all.some((x) => x.parentCode === c.code)) throw invalid('classCode', `${c.name} has sub-classes: choose one of them`, `${c.name}下设细类，请选择其中一类`);
    if (c.verdict === 'legal' && !v.approvalNo?.trim()) throw invalid('approvalNo', '合法 needs the approval number (批准文号)', '判定为合法须填写批准文号');
    if (c.verdict === 'illegal') {
      for (const f of ['croplandM2', 'basicFarmlandM2'] as const) {
        const x = v[f];
        if (x === null || !Number.isFinite(x) || x < 0) throw invalid(f, '违法 states the area occupied (m², 0 or more)', '判定为违法须填写占用面积（m²，不小于0）');
        if (x > areaM2 * 1.05) throw invalid(f, `more than the patch area (${areaM2.toFixed(2)} m²)`, `超过图斑面积（${areaM2.toFixed(2)} m²）`);
      }
      if (v.basicFarmlandM2! > v.croplandM2! + 0.01 && v.croplandM2! >= 0) {
        // Basic farmland is cropland: the basic-farmland area cannot exceed the cropland area.
        throw invalid('basicFarmlandM2', 'basic farmland occupied exceeds the cropland occupied', '占用永久基本农田面积不能超过占用耕地面积');
      }
    }
    if (c.verdict === 'other' && !v.reason?.trim()) throw invalid('reason', '其他 states the reason', '判定为其他须说明理由');
    return c;
  }

  /** Hands a 违法 patch to enforcement when the module is wired; otherwise it awaits (待移送). */
  async function handOver(trx: Tx, actor: ActingUser, patchId: string): Promise<string | null> {
    if (!deps.openEnforcementCase) return null;
    const p = await trx.selectFrom('patches.patches as p').innerJoin('patches.batches as b', 'b.id', 'p.batchId')
      .select(['p.id', 'p.tbbh', 'p.countyCode', 'p.townshipCode', 'p.lon', 'p.lat', 'p.geom', 'p.areaM2', 'p.verdictCroplandM2', 'p.verdictBasicFarmlandM2',
        'p.verdictClass', 'p.verdictReason', 'p.fieldRecord', 'p.precheck', 'p.orgPath', 'p.enforcementCaseNo', 'b.batchNo', 'b.name as batchName', 'b.imageryBeforeUrl', 'b.imageryAfterUrl'])
      .where('p.id', '=', patchId).executeTakeFirstOrThrow();
    if (p.enforcementCaseNo) return p.enforcementCaseNo;
    const rec = p.fieldRecord as FieldRecordStored | null;
    const attachments = [
      ...(rec?.photos ?? []).map((ph, i) => ({ label: `现场照片${i + 1}${ph.far ? '（距图斑较远）' : ''}`, sha256: ph.sha256, url: null })),
      ...(rec?.signatureSha256 ? [{ label: '核查人员签名', sha256: rec.signatureSha256, url: null }] : []),
      { label: '前时相影像', sha256: null, url: p.imageryBeforeUrl },
      { label: '后时相影像', sha256: null, url: p.imageryAfterUrl },
      { label: '内业预判（叠加分析）', sha256: null, url: `/api/patches/patches/${p.id}` },
    ];
    const res = await deps.openEnforcementCase(trx, actor, {
      kind: 'patch', id: p.id, ref: p.tbbh, divisionCode: p.townshipCode ?? p.countyCode,
      summary: `卫片执法${p.batchName}（${p.batchNo}）图斑${p.tbbh}经核查判定为违法用地（${p.verdictClass}）${p.verdictReason ? `：${p.verdictReason}` : ''}`,
      location: { lon: p.lon, lat: p.lat }, geometry: p.geom as { type: string; coordinates: unknown },
      areaM2: Number(p.areaM2), croplandM2: p.verdictCroplandM2 === null ? null : Number(p.verdictCroplandM2),
      basicFarmlandM2: p.verdictBasicFarmlandM2 === null ? null : Number(p.verdictBasicFarmlandM2), attachments,
    });
    await trx.updateTable('patches.patches').set({ enforcementCaseNo: res.caseNo, enforcementCaseId: res.caseId, updatedAt: now() }).where('id', '=', p.id).execute();
    await audit(trx, actor, 'handed_over', 'patch', p.id, p.orgPath, { caseNo: res.caseNo, created: res.created });
    return res.caseNo;
  }

  /** An accepted 违法 verdict starts rectification and goes to enforcement. */
  async function afterAcceptedIllegal(trx: Tx, actor: ActingUser, id: string) {
    await trx.updateTable('patches.patches').set({ rectification: 'pending' }).where('id', '=', id).where('rectification', '=', 'none').execute();
    await handOver(trx, actor, id);
  }

  const service = {
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },

    classes,

    async createBatch(trx: Tx, actor: ActingUser, input: BatchInput) {
      if (input.afterDate < input.beforeDate) throw invalid('afterDate', 'the later image (后时相) is not before the earlier one', '后时相影像日期不能早于前时相');
      if (input.deadline < input.afterDate) throw invalid('deadline', 'the deadline is after the later image date', '截止日期不能早于后时相影像日期');
      if (!actor.scopePath) throw new AppError('access.forbidden', 'no scope');
      const year = input.afterDate.slice(0, 4);
      const n = await trx.selectFrom('patches.batches').select((eb) => eb.fn.countAll<string>().as('n')).where('batchNo', 'like', `WP${year}%`).executeTakeFirstOrThrow();
      const batchNo = `WP${year}${String(Number(n.n) + 1).padStart(4, '0')}`;
      const b = await trx.insertInto('patches.batches').values({
        batchNo, name: input.name, source: input.source, beforeDate: input.beforeDate, afterDate: input.afterDate, areaDesc: input.areaDesc,
        deadline: input.deadline, imageryBeforeUrl: input.imageryBeforeUrl, imageryAfterUrl: input.imageryAfterUrl, syntheticImagery: input.syntheticImagery ?? false,
        orgPath: actor.scopePath, createdBy: actor.userId,
      }).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'created', 'batch', b.id, b.orgPath, { batchNo, name: b.name, source: b.source });
      return b;
    },

    async listBatches(trx: Tx) {
      const batches = await trx.selectFrom('patches.batches').selectAll().orderBy('id', 'desc').execute();
      const counties = await trx.selectFrom('patches.batch_counties').selectAll().execute();
      const counts = await trx.selectFrom('patches.patches').select(['batchId', 'status']).select((eb) => eb.fn.countAll<string>().as('n')).groupBy(['batchId', 'status']).execute();
      return batches.map((b) => ({
        ...b,
        counties: counties.filter((c) => c.batchId === b.id),
        byStatus: Object.fromEntries(counts.filter((c) => c.batchId === b.id).map((c) => [c.status, Number(c.n)])),
      }));
    },

    /**
     * Dry run (nothing written) or apply (all in this transaction, or nothing). Applying refuses
     * a file with invalid geometries or patches outside every county; duplicates of an earlier
     * batch are refused unless `skipDuplicates`.
     */
    async importFeatures(trx: Tx, actor: ActingUser, batchNo: string, features: Feature[], opts: { dryRun: boolean; skipDuplicates: boolean; progress?: ImportProgress }): Promise<{ report: ImportReport; applied: boolean }> {
      const progress = opts.progress ?? NO_PROGRESS;
      const b = await lockBatch(trx, batchNo);
      if (b.status !== 'draft') throw new AppError('patches.batch_wrong_state', `batchNo: batch ${batchNo} is already imported`, { field: 'batchNo' });
      if (features.length === 0) throw new AppError('patches.import_invalid', 'body: the file holds no patches', { field: 'body' });
      const total = features.length;
      const { report, patches } = await analyseFeatures(trx, b.id, features, (validated) => progress.report('validating', { total, parsed: total, validated }));
      if (opts.dryRun) return { report, applied: false };
      if (report.invalid.length) {
        const f = report.invalid[0]!;
        throw new AppError('patches.import_invalid', `features[${f.index}] (${f.tbbh || '?'}): ${f.message}${report.invalid.length > 1 ? ` (and ${report.invalid.length - 1} more)` : ''}`, { field: `features[${f.index}]`, report });
      }
      if (report.outside.length) {
        const f = report.outside[0]!;
        throw new AppError('patches.import_invalid', `features[${f.index}] (${f.tbbh}): outside every county of the map (${f.lon.toFixed(5)}, ${f.lat.toFixed(5)})`, { field: `features[${f.index}]`, report });
      }
      if (report.duplicates.length && !opts.skipDuplicates) {
        const f = report.duplicates[0]!;
        throw new AppError('patches.import_invalid', `features[${f.index}] (${f.tbbh}): already in batch ${f.batchNo} as ${f.earlierTbbh}; pass skipDuplicates=true to leave duplicates out`, { field: `features[${f.index}]`, report });
      }
      if (patches.length === 0) throw new AppError('patches.import_invalid', 'body: no new patch to import', { field: 'body' });
      const rules = await classes(trx);
      const year = Number(b.afterDate.slice(0, 4));
      await progress.report('inserting', { inserted: 0 });
      for (const [i, p] of patches.entries()) {
        if (i > 0) await progress.report('inserting', { inserted: i });
        const pre = await precheckPatch(trx, p.geom, p.areaM2);
        await trx.insertInto('patches.patches').values({
          batchId: b.id, tbbh: p.tbbh, changeType: p.changeType, beforePhase: p.beforePhase, afterPhase: p.afterPhase,
          statedAreaM2: p.statedAreaM2, areaM2: p.areaM2.toFixed(2), geom: JSON.stringify(p.geom), bbox: boxOf(p.geom), geomHash: p.hash,
          lon: p.lon, lat: p.lat, countyCode: p.countyCode, townshipCode: p.townshipCode,
          orgPath: divisionPath(p.townshipCode ?? p.countyCode), precheck: JSON.stringify(pre), suggestedClass: suggestClass(pre, rules, year),
        }).execute();
      }
      await progress.report('inserting', { inserted: patches.length });
      for (const c of report.counties) {
        await trx.insertInto('patches.batch_counties').values({ batchId: b.id, countyCode: c.countyCode, orgPath: divisionPath(c.countyCode) }).execute();
      }
      await trx.updateTable('patches.batches').set({ status: 'open', patchCount: patches.length, importedAt: now() }).where('id', '=', b.id).execute();
      await audit(trx, actor, 'imported', 'batch', b.id, b.orgPath, { batchNo, patches: patches.length, counties: report.counties, skippedDuplicates: report.duplicates.length });
      return { report, applied: true };
    },

    /** Where the actor's import run `token` stands (written by import-progress.ts outside the import's transaction). */
    async importProgress(trx: Tx, actor: ActingUser, token: string) {
      const row = await trx.selectFrom('patches.import_progress')
        .select(['token', 'batchNo', 'dryRun', 'phase', 'total', 'parsed', 'validated', 'inserted', 'steps', 'message', 'startedAt', 'updatedAt'])
        .where('userId', '=', actor.userId).where('token', '=', token).executeTakeFirst();
      if (!row) throw new AppError('not_found', `token: no import run ${token} of yours`, { field: 'token' });
      return row;
    },

    async viewBatch(trx: Tx, batchNo: string) {
      const b = await trx.selectFrom('patches.batches').selectAll().where('batchNo', '=', batchNo).executeTakeFirst();
      if (!b) throw new AppError('patches.batch_not_found', `batchNo: no batch ${batchNo}`, { field: 'batchNo' });
      const counties = await trx.selectFrom('patches.batch_counties').selectAll().where('batchId', '=', b.id).orderBy('countyCode').execute();
      return { ...b, counties };
    },

    async listPatches(trx: Tx, f: { batchNo?: string | undefined; status?: PatchStatus | undefined; countyCode?: string | undefined }) {
      let q = trx.selectFrom('patches.patches as p').innerJoin('patches.batches as b', 'b.id', 'p.batchId')
        .select(['p.id', 'p.tbbh', 'p.changeType', 'p.areaM2', 'p.countyCode', 'p.townshipCode', 'p.status', 'p.suggestedClass', 'p.verdictClass',
          'p.enforcementCaseNo', 'p.rectification', 'p.version', 'p.lon', 'p.lat', 'b.batchNo', 'b.deadline'])
        .select((eb) => eb('p.fieldRecord', 'is not', null).as('hasFieldRecord'))
        .orderBy('b.id', 'desc').orderBy('p.tbbh').limit(2000);
      if (f.batchNo) q = q.where('b.batchNo', '=', f.batchNo);
      if (f.status) q = q.where('p.status', '=', f.status);
      if (f.countyCode) q = q.where('p.countyCode', '=', f.countyCode);
      return q.execute();
    },

    async viewPatch(trx: Tx, id: string) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('patches.patch_not_found', `id: no patch ${id}`, { field: 'id' });
      const p = await trx.selectFrom('patches.patches as p').innerJoin('patches.batches as b', 'b.id', 'p.batchId')
        .selectAll('p').select(['b.batchNo', 'b.name as batchName', 'b.deadline', 'b.beforeDate', 'b.afterDate', 'b.imageryBeforeUrl', 'b.imageryAfterUrl', 'b.syntheticImagery'])
        .where('p.id', '=', id).executeTakeFirst();
      if (!p) throw new AppError('patches.patch_not_found', `id: no patch ${id}`, { field: 'id' });
      const tipoffs = await trx.selectFrom('patches.patch_tipoffs').select(['tipoffId', 'tipoffNo', 'linkedAt']).where('patchId', '=', id).execute();
      return { ...p, awaitingEnforcement: p.status === 'accepted' && !p.enforcementCaseNo && isIllegal(p.verdictClass, await classes(trx)), tipoffs };
    },

    /** The county's verdict (判定) on a patch not yet submitted or returned to it. */
    async propose(trx: Tx, actor: ActingUser, id: string, v: VerdictInput) {
      const p = await lockPatch(trx, id);
      if (!EDITABLE.includes(p.status)) throw new AppError('patches.patch_locked', `id: the patch is ${p.status}; its verdict cannot be changed here`, { field: 'id' });
      const c = await checkVerdict(trx, v, Number(p.areaM2));
      const updated = await trx.updateTable('patches.patches').set({
        status: 'proposed', verdictClass: c.code, verdictApprovalNo: c.verdict === 'legal' ? v.approvalNo!.trim() : null,
        verdictCroplandM2: c.verdict === 'illegal' ? v.croplandM2 : null, verdictBasicFarmlandM2: c.verdict === 'illegal' ? v.basicFarmlandM2 : null,
        verdictReason: v.reason?.trim() || null, version: p.version + 1, updatedAt: now(),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'proposed', 'patch', id, p.orgPath, { tbbh: p.tbbh, classCode: c.code, approvalNo: v.approvalNo, croplandM2: v.croplandM2, basicFarmlandM2: v.basicFarmlandM2, reason: v.reason });
      return updated;
    },

    /** The county submits its patches of a batch (上报): every patch has a verdict. */
    async submit(trx: Tx, actor: ActingUser, batchNo: string, countyCode: string) {
      const b = await trx.selectFrom('patches.batches').selectAll().where('batchNo', '=', batchNo).executeTakeFirst();
      if (!b) throw new AppError('patches.batch_not_found', `batchNo: no batch ${batchNo}`, { field: 'batchNo' });
      const bc = await trx.selectFrom('patches.batch_counties').selectAll().where('batchId', '=', b.id).where('countyCode', '=', countyCode).forUpdate().executeTakeFirst();
      if (!bc) throw new AppError('patches.batch_not_found', `countyCode: batch ${batchNo} has no patch of county ${countyCode} in your scope`, { field: 'countyCode' });
      const open = await trx.selectFrom('patches.patches').select(['tbbh', 'status']).where('batchId', '=', b.id).where('countyCode', '=', countyCode)
        .where('status', 'in', ['pending', 'returned']).orderBy('tbbh').execute();
      if (open.length) throw new AppError('patches.submit_incomplete', `countyCode: ${open.length} patches have no verdict yet (${open.slice(0, 5).map((o) => o.tbbh).join(', ')})`, { field: 'countyCode', patches: open.map((o) => o.tbbh) });
      const moved = await trx.updateTable('patches.patches').set((eb) => ({ status: 'submitted', version: eb('version', '+', 1), updatedAt: now() }))
        .where('batchId', '=', b.id).where('countyCode', '=', countyCode).where('status', '=', 'proposed').returning('id').execute();
      if (moved.length === 0 && bc.status !== 'open') throw new AppError('patches.batch_wrong_state', `countyCode: already ${bc.status}`, { field: 'countyCode' });
      await trx.updateTable('patches.batch_counties').set({ status: 'submitted', submittedAt: now(), submittedBy: actor.userId })
        .where('batchId', '=', b.id).where('countyCode', '=', countyCode).execute();
      await audit(trx, actor, 'submitted', 'batch', b.id, bc.orgPath, { batchNo, countyCode, patches: moved.length, late: now().toISOString().slice(0, 10) > b.deadline });
      return { batchNo, countyCode, submitted: moved.length, late: now().toISOString().slice(0, 10) > b.deadline };
    },

    /** The reviewing level (city or province, above the county) returns with a comment or accepts (then locked). */
    async review(trx: Tx, actor: ActingUser, id: string, input: { action: 'accept' | 'return'; comment: string | null }) {
      const p = await lockPatch(trx, id);
      const county = divisionPath(p.countyCode);
      if (!actor.scopePath || !county.startsWith(`${actor.scopePath}.`)) {
        throw new AppError('access.forbidden', 'only the reviewing level above the county (city or province) reviews a patch', { field: 'id' });
      }
      if (p.status !== 'submitted') throw new AppError('patches.patch_wrong_state', `id: the patch is ${p.status}, not submitted`, { field: 'id' });
      if (input.action === 'return' && !input.comment?.trim()) throw invalid('comment', 'a returned patch says why (退回意见)', '退回须填写退回意见');
      const status: PatchStatus = input.action === 'accept' ? 'accepted' : 'returned';
      const updated = await trx.updateTable('patches.patches').set({ status, reviewComment: input.comment?.trim() || null, version: p.version + 1, updatedAt: now() })
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      if (input.action === 'return') {
        await trx.updateTable('patches.batch_counties').set({ status: 'open' }).where('batchId', '=', p.batchId).where('countyCode', '=', p.countyCode).execute();
      } else {
        if (isIllegal(p.verdictClass, await classes(trx))) await afterAcceptedIllegal(trx, actor, id);
        const left = await trx.selectFrom('patches.patches').select('id').where('batchId', '=', p.batchId).where('countyCode', '=', p.countyCode).where('status', '<>', 'accepted').executeTakeFirst();
        if (!left) {
          await trx.updateTable('patches.batch_counties').set({ status: 'accepted', acceptedAt: now(), acceptedBy: actor.userId })
            .where('batchId', '=', p.batchId).where('countyCode', '=', p.countyCode).execute();
        }
      }
      await audit(trx, actor, input.action === 'accept' ? 'accepted' : 'returned', 'patch', id, p.orgPath, { tbbh: p.tbbh, comment: input.comment });
      return (await trx.selectFrom('patches.patches').selectAll().where('id', '=', updated.id).executeTakeFirstOrThrow());
    },

    /** Changes an accepted (locked) verdict: the right patches.verdict.change and a reason, audited with before and after. */
    async changeAccepted(trx: Tx, actor: ActingUser, id: string, v: VerdictInput & { changeReason: string }) {
      const p = await lockPatch(trx, id);
      if (p.status !== 'accepted') throw new AppError('patches.patch_wrong_state', `id: the patch is ${p.status}; only an accepted verdict is changed this way`, { field: 'id' });
      if (!v.changeReason?.trim()) throw invalid('changeReason', 'a change of an accepted verdict states its reason', '变更已通过的判定结果须说明理由');
      const c = await checkVerdict(trx, v, Number(p.areaM2));
      const before = { classCode: p.verdictClass, approvalNo: p.verdictApprovalNo, croplandM2: p.verdictCroplandM2, basicFarmlandM2: p.verdictBasicFarmlandM2, reason: p.verdictReason };
      await trx.updateTable('patches.patches').set({
        verdictClass: c.code, verdictApprovalNo: c.verdict === 'legal' ? v.approvalNo!.trim() : null,
        verdictCroplandM2: c.verdict === 'illegal' ? v.croplandM2 : null, verdictBasicFarmlandM2: c.verdict === 'illegal' ? v.basicFarmlandM2 : null,
        verdictReason: v.reason?.trim() || null, version: p.version + 1, updatedAt: now(),
      }).where('id', '=', id).execute();
      if (c.verdict === 'illegal') await afterAcceptedIllegal(trx, actor, id);
      await audit(trx, actor, 'verdict_changed', 'patch', id, p.orgPath, { tbbh: p.tbbh, before, after: { classCode: c.code, approvalNo: v.approvalNo, croplandM2: v.croplandM2, basicFarmlandM2: v.basicFarmlandM2, reason: v.reason }, changeReason: v.changeReason });
      return trx.selectFrom('patches.patches').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    },

    /** Hands an accepted 违法 patch to enforcement again (when enforcement was not wired at acceptance). */
    async handOver(trx: Tx, actor: ActingUser, id: string) {
      const p = await lockPatch(trx, id);
      if (p.status !== 'accepted' || !isIllegal(p.verdictClass, await classes(trx))) throw new AppError('patches.patch_wrong_state', 'id: only an accepted 违法 patch goes to enforcement', { field: 'id' });
      const caseNo = await handOver(trx, actor, id);
      return { caseNo, awaitingEnforcement: caseNo === null };
    },

    /** Rectification (整改) of an accepted 违法 patch: demolished, confiscated or legalised with the approval number. */
    async rectify(trx: Tx, actor: ActingUser, id: string, input: { state: Exclude<Rectification, 'none' | 'pending'>; approvalNo: string | null; note: string | null }) {
      const p = await lockPatch(trx, id);
      if (p.rectification !== 'pending') throw new AppError('patches.patch_wrong_state', `id: rectification is ${p.rectification}, not pending`, { field: 'id' });
      if (input.state === 'legalised' && !input.approvalNo?.trim()) throw invalid('approvalNo', 'a legalisation (完善手续) names its approval number', '完善手续须填写批准文号');
      const updated = await trx.updateTable('patches.patches').set({
        rectification: input.state, rectificationApprovalNo: input.state === 'legalised' ? input.approvalNo!.trim() : null, rectifiedAt: now(), version: p.version + 1, updatedAt: now(),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'rectified', 'patch', id, p.orgPath, { tbbh: p.tbbh, state: input.state, approvalNo: input.approvalNo, note: input.note });
      return updated;
    },

    /** Links a tip-off (by its number, in the actor's scope) to the patch: a verified violation at the same place. */
    async linkTipoff(trx: Tx, actor: ActingUser, id: string, reportNo: string) {
      const p = await lockPatch(trx, id);
      const r = await tipoffByNo(trx, reportNo);
      if (!r) throw new AppError('patches.tipoff_not_found', `reportNo: no tip-off ${reportNo} in your scope`, { field: 'reportNo' });
      await trx.insertInto('patches.patch_tipoffs').values({ patchId: p.id, tipoffId: r.id, tipoffNo: r.reportNo, orgPath: p.orgPath, linkedBy: actor.userId })
        .onConflict((oc) => oc.doNothing()).execute();
      await audit(trx, actor, 'tipoff_linked', 'patch', p.id, p.orgPath, { tbbh: p.tbbh, reportNo });
      return trx.selectFrom('patches.patch_tipoffs').select(['tipoffId', 'tipoffNo', 'linkedAt']).where('patchId', '=', p.id).execute();
    },

    /** Tip-offs near the patch (candidates to link), and the patches a tip-off is linked to. */
    async tipoffsNearPatch(trx: Tx, id: string) {
      const p = await service.viewPatch(trx, id);
      return tipoffsNear(trx, p.lon, p.lat);
    },

    async patchesOfTipoff(trx: Tx, reportNo: string) {
      return trx.selectFrom('patches.patch_tipoffs as l').innerJoin('patches.patches as p', 'p.id', 'l.patchId')
        .select(['p.id', 'p.tbbh', 'p.status', 'p.verdictClass']).where('l.tipoffNo', '=', reportNo).execute();
    },
  };
  return service;
}

export function isIllegal(code: string | null, all: readonly { code: string; verdict: string }[]): boolean {
  return code !== null && all.find((c) => c.code === code)?.verdict === 'illegal';
}

export type PatchesService = ReturnType<typeof createPatchesService>;
export type { Polygonal };
