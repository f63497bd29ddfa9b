/**
 * 三查 — 汛前排查, 汛中检查, 汛后核查 — as tasks with deadlines, recorded in the offline field app.
 * The hazard office plans a round for the registered sites of its scope (optionally one
 * township); each site becomes a task (`hazards.inspections`), an assignment of the field form
 * `hazard-inspection` (platform/field FieldFormProvider). The inspector's record completes the
 * task once (by record id); a task the office changed meanwhile answers a conflict.
 */
import type { Db } from '../../platform/db/database.ts';
import { withContext, type Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { FieldFormProvider } from '../../platform/field/index.ts';
import type { TodoItem } from '../../platform/todos/index.ts';
import { HAZARD_TYPES } from './sites.service.ts';
import type { InspectionRound } from './hazards.tables.ts';

export const ROUND_ZH: Record<InspectionRound, string> = { pre_flood: '汛前排查', in_flood: '汛中检查', post_flood: '汛后核查' };
const ROUND_EN: Record<InspectionRound, string> = { pre_flood: 'Pre-flood survey', in_flood: 'In-season check', post_flood: 'Post-flood review' };
export const INSPECTION_PERMISSION = 'hazards.inspection.record';
export interface InspectionFilter { status?: 'open' | 'done' | 'overdue' | undefined; round?: InspectionRound | undefined; year?: number | undefined; townshipCode?: string | undefined }

/** Tasks with their site and township (the division valid today). */
function tasks(trx: Tx) {
  return trx.selectFrom('hazards.inspections as i').innerJoin('hazards.sites as s', 's.id', 'i.siteId')
    .leftJoin('orgs.divisions as d', (j) => j.onRef('d.code', '=', 's.townshipCode').on('d.validTo', 'is', null))
    .select(['i.id', 'i.siteId', 's.siteNo', 's.name as siteName', 's.location', 's.townshipCode', 'd.name as townshipName', 'i.round', 'i.year', 'i.dueOn', 'i.status', 'i.recordId', 'i.recordedAt', 'i.doneAt', 'i.result']);
}

export function createInspectionsService(deps: { db: Db; audit: AuditService; now?: () => Date }) {
  const now = () => (deps.now ? deps.now() : new Date());
  return {
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },

    /** Plans a round: one task per registered site in the actor's scope (or one township); a site already planned for the round is left as it is. */
    async plan(trx: Tx, actor: Actor, input: { round: InspectionRound; year: number; dueOn: string; townshipCode: string | null }) {
      const today = now().toISOString().slice(0, 10);
      if (input.dueOn < today) throw invalid('dueOn', 'the deadline is today or later', '截止日期不能早于今天');
      let q = trx.selectFrom('hazards.sites').select(['id', 'orgPath']).where('status', '=', 'registered');
      if (input.townshipCode) q = q.where('townshipCode', '=', input.townshipCode);
      const sites = await q.execute();
      if (sites.length === 0) throw new AppError('hazards.site_not_found', `townshipCode: no registered site${input.townshipCode ? ` in ${input.townshipCode}` : ''} in your scope`, { field: 'townshipCode' });
      const rows = await trx.insertInto('hazards.inspections')
        .values(sites.map((s) => ({ siteId: s.id, orgPath: s.orgPath, round: input.round, year: input.year, dueOn: input.dueOn, createdBy: actor.userId })))
        .onConflict((oc) => oc.columns(['siteId', 'round', 'year']).doNothing()).returning(['id', 'orgPath']).execute();
      await deps.audit.record(trx, actor, { action: 'hazards.inspection.planned', entityType: 'hazards.inspection_round', entityId: `${input.year}-${input.round}`, orgPath: actor.scopePath, details: { ...input, planned: rows.length, sites: sites.length } });
      return { planned: rows.length, alreadyPlanned: sites.length - rows.length };
    },

    /**
     * The tasks of the scope (RLS), filtered by round (汛前/汛中/汛后), year, township and state
     * (`overdue`: open past the deadline); each with its township and whether a field record
     * completed it.
     */
    async list(trx: Tx, f: InspectionFilter) {
      const today = now().toISOString().slice(0, 10);
      let q = tasks(trx).orderBy('i.dueOn').orderBy('s.siteNo').limit(500);
      if (f.status === 'overdue') q = q.where('i.status', '=', 'open').where('i.dueOn', '<', today);
      else if (f.status) q = q.where('i.status', '=', f.status);
      if (f.round) q = q.where('i.round', '=', f.round);
      if (f.year) q = q.where('i.year', '=', f.year);
      if (f.townshipCode) q = q.where('s.townshipCode', '=', f.townshipCode);
      return (await q.execute()).map(({ result, ...r }) => ({ ...r, overdue: r.status === 'open' && r.dueOn < today, inspector: result?.inspector.displayName ?? null }));
    },

    /** One task with its field record (外业记录): the form's labels beside each value, position, photos, signature, inspector. */
    async get(trx: Tx, id: string) {
      const row = await tasks(trx).where('i.id', '=', id).executeTakeFirst();
      if (!row) throw new AppError('not_found', `id: no inspection ${id} in your scope`, { field: 'id' });
      const { result: r, ...task } = row;
      const record = r && {
        recordId: r.recordId, position: r.position, distanceM: r.distanceM, photos: r.photos, signed: !!r.signatureSha256, inspector: r.inspector.displayName,
        values: INSPECTION_FIELDS.map((fd) => {
          const raw = r.values[fd.name] ?? null;
          const option = fd.options?.find((o) => o.value === raw);
          return { name: fd.name, label: fd.label, value: option ? option.label : raw };
        }),
      };
      return { ...task, overdue: task.status === 'open' && task.dueOn < now().toISOString().slice(0, 10), record };
    },

    /** Workbench: open inspections, overdue ones apart (red). */
    async todos(trx: Tx, actor: Actor): Promise<TodoItem[]> {
      if (!actor.permissions.has(INSPECTION_PERMISSION)) return [];
      const today = now().toISOString().slice(0, 10);
      const rows = await trx.selectFrom('hazards.inspections').select(['dueOn']).where('status', '=', 'open').execute();
      const overdue = rows.filter((r) => r.dueOn < today).length;
      return [
        { key: 'hazards.todos.inspectionsOverdue', link: '/app/hazard-inspections?status=overdue', level: 'danger', count: overdue },
        { key: 'hazards.todos.inspections', link: '/app/hazard-inspections?status=open', level: 'info', count: rows.length - overdue },
      ];
    },
  };
}
export type InspectionsService = ReturnType<typeof createInspectionsService>;

const L = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const opt = (value: string, zh: string, en: string) => ({ value, label: L(zh, en) });

/** The fields of the 隐患点巡查 form, also used to label a record on the web page. */
const INSPECTION_FIELDS: FieldFormProvider['fields'] = [
    {
      name: 'deformation', type: 'select', required: true, label: L('变形迹象', 'Signs of movement'),
      options: [opt('none', '无新变形', 'None new'), opt('new_cracks', '新增裂缝', 'New cracks'), opt('cracks_widened', '裂缝加宽', 'Cracks widened'),
        opt('bulging', '鼓胀、剪出', 'Bulging'), opt('subsidence', '下沉、塌陷', 'Subsidence'), opt('rockfall', '掉块、落石', 'Falling rocks'), opt('other', '其他', 'Other')],
    },
    { name: 'stability', type: 'select', required: true, label: L('稳定性判断', 'Stability'), options: [opt('stable', '稳定', 'Stable'), opt('basically_stable', '基本稳定', 'Basically stable'), opt('unstable', '不稳定', 'Unstable')] },
    { name: 'householdsNow', type: 'number', required: true, label: L('现受威胁户数', 'Households threatened now') },
    { name: 'monitorOnDuty', type: 'boolean', required: true, label: L('监测员在岗', 'Monitor on duty') },
    { name: 'cardsInPlace', type: 'boolean', required: true, label: L('两卡发放到户、警示牌完好', 'Cards handed out, signs in place') },
    {
      name: 'suggestion', type: 'select', required: true, label: L('处置建议', 'Proposed action'),
      options: [opt('monitor', '继续监测', 'Keep monitoring'), opt('evacuate', '立即撤离避让', 'Evacuate now'), opt('engineering', '工程治理', 'Engineering works'), opt('relocate', '搬迁避让', 'Relocation'), opt('cancel', '建议核销', 'Propose to cancel')],
    },
    { name: 'note', type: 'textarea', label: L('巡查情况说明', 'What was seen') },
];

/** The field app's 隐患点巡查 form (FieldFormProvider kind `hazard-inspection`). */
export function createHazardInspectionForm(opts: { maxPhotoDistanceM?: number } = {}): FieldFormProvider {
  return {
    kind: 'hazard-inspection',
    title: L('地质灾害隐患点巡查排查', 'Hazard site inspection'),
    permission: INSPECTION_PERMISSION,
    maxPhotoDistanceM: opts.maxPhotoDistanceM ?? 200,
    fields: INSPECTION_FIELDS,

    async listAssignments(trx: Tx) {
      const rows = await trx.selectFrom('hazards.inspections as i').innerJoin('hazards.sites as s', 's.id', 'i.siteId')
        .select(['i.id', 'i.round', 'i.year', 'i.dueOn', 'i.version', 's.siteNo', 's.name', 's.hazardType', 's.lon', 's.lat', 's.location', 's.threatenedHouseholds', 's.threatenedPeople', 's.stability'])
        .where('i.status', '=', 'open').orderBy('i.dueOn').orderBy('s.siteNo').execute();
      return rows.map((r) => ({
        id: r.id, title: `${ROUND_ZH[r.round]} ${r.siteNo} ${r.name}`, geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] },
        version: String(r.version), dueDate: r.dueOn,
        details: [
          { label: L('巡查类型', 'Round'), value: `${r.year} ${ROUND_ZH[r.round]} / ${ROUND_EN[r.round]}` },
          { label: L('灾害类型', 'Hazard type'), value: HAZARD_TYPES[r.hazardType] },
          { label: L('位置', 'Location'), value: r.location },
          { label: L('威胁户数/人数', 'Households / people threatened'), value: `${r.threatenedHouseholds} / ${r.threatenedPeople}` },
        ],
      }));
    },

    async acceptRecord(trx, actor, input) {
      const v = input.values;
      if (v.deformation !== 'none' && !(typeof v.note === 'string' && v.note.trim().length >= 4)) throw invalid('values.note', 'describe the signs of movement (at least 4 characters)', '有变形迹象时须说明情况（至少4个字符）');
      if (v.suggestion === 'evacuate' && v.stability === 'stable') throw invalid('values.suggestion', 'an evacuation is proposed for a site judged unstable or basically stable', '稳定性判断为“稳定”时不能建议立即撤离避让');
      if (typeof v.householdsNow === 'number' && !Number.isInteger(v.householdsNow)) throw invalid('values.householdsNow', 'a whole number of households', '户数应为整数');
      const task = await trx.selectFrom('hazards.inspections').select(['id', 'version', 'status', 'orgPath', 'siteId']).where('id', '=', input.assignmentId).forUpdate().executeTakeFirst();
      if (!task) throw new AppError('not_found', `assignmentId: no open inspection ${input.assignmentId} in your scope`, { field: 'assignmentId' });
      if (String(task.version) !== input.baseVersion || task.status !== 'open') return { status: 'conflict', currentVersion: String(task.version) };
      const result = {
        recordId: input.recordId, values: v, position: input.position, distanceM: input.distanceM,
        photos: input.photos.map((p) => ({ sha256: p.sha256, takenAt: p.takenAt, distanceM: p.distanceM, far: p.far })), signatureSha256: input.signatureSha256,
        inspector: { userId: actor.userId, displayName: actor.displayName },
      };
      await trx.updateTable('hazards.inspections').set({ status: 'done', recordId: input.recordId, result: JSON.stringify(result), recordedAt: new Date(input.recordedAt), doneAt: new Date(), doneBy: actor.userId })
        .where('id', '=', task.id).execute();
      return { status: 'accepted' };
    },
  };
}
