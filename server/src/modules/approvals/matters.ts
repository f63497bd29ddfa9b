/**
 * The matter catalogue (事项目录). A matter's content is a version; editing adds a version and
 * moves the matter's current pointer, so a running case keeps the version it started with.
 */
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/context.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { ApprovalsDeps, ActingUser } from './approvals.deps.ts';
import type { MatterInput, MatterView } from './approvals.schemas.ts';

type Q = Db | Tx;

function checkMatter(input: MatterInput): void {
  if (input.promisedDays > input.statutoryDays) throw invalid('promisedDays', 'the promised limit cannot exceed the statutory limit', '承诺时限不能超过法定时限');
  const keys = new Set<string>();
  input.materials.forEach((m, i) => {
    if (keys.has(m.key)) throw invalid(`materials.${i}.key`, `duplicate material key ${m.key}`, `申请材料代码${m.key}重复`);
    keys.add(m.key);
  });
  const fields = new Set<string>();
  input.form.forEach((f, i) => {
    if (fields.has(f.key)) throw invalid(`form.${i}.key`, `duplicate field key ${f.key}`, `表单项代码${f.key}重复`);
    fields.add(f.key);
    if (f.type === 'select' && !f.options?.length) throw invalid(`form.${i}.options`, 'a select field needs options', '下拉选择项须设置选项');
  });
  const stages = new Set<string>();
  input.flow.forEach((s, i) => {
    if (stages.has(s.key)) throw invalid(`flow.${i}.key`, `duplicate stage key ${s.key}`, `环节代码${s.key}重复`);
    stages.add(s.key);
    if (s.kind === 'single' && s.departments.length !== 1) throw invalid(`flow.${i}.departments`, 'a single stage has exactly one department', '单一审查环节只能有一个处室');
    if (new Set(s.departments).size !== s.departments.length) throw invalid(`flow.${i}.departments`, 'duplicate department', '处室重复');
  });
}

function present(m: { code: string; active: boolean; orgUnitId: number }, v: Awaited<ReturnType<typeof findVersion>> & {}): MatterView {
  return {
    code: m.code, version: v.version, versionId: v.id, active: m.active, orgUnitId: m.orgUnitId, name: v.name, type: v.type,
    implementingLevel: v.implementingLevel, department: v.department, legalBasis: v.legalBasis, conditions: v.conditions,
    materials: v.materials, form: v.form, fees: v.fees, statutoryDays: v.statutoryDays, promisedDays: v.promisedDays,
    counterVisits: v.counterVisits, complex: v.complex, flow: v.flow, note: v.note, createdAt: v.createdAt.toISOString(),
  };
}

function findVersion(q: Q, id: number) {
  return q.selectFrom('approvals.matter_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMatterByCode(q: Q, code: string) {
  return q.selectFrom('approvals.matters').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The matter with its current version, or approvals.matter_not_found. */
export async function getMatter(q: Q, code: string, version?: number): Promise<MatterView> {
  const m = await findMatterByCode(q, code);
  if (!m || m.currentVersionId === null) throw new AppError('approvals.matter_not_found', `matter ${code} not found`, { field: 'code' });
  const v = version === undefined
    ? await findVersion(q, m.currentVersionId)
    : await q.selectFrom('approvals.matter_versions').selectAll().where('matterId', '=', m.id).where('version', '=', version).executeTakeFirst();
  if (!v) throw new AppError('approvals.matter_not_found', `matter ${code} has no version ${version}`, { field: 'version' });
  return present(m, v);
}

export async function listMatters(q: Q, opts: { includeInactive?: boolean; search?: string } = {}): Promise<MatterView[]> {
  let query = q.selectFrom('approvals.matters as m')
    .innerJoin('approvals.matter_versions as v', 'v.id', 'm.currentVersionId')
    .select(['m.code', 'm.active', 'm.orgUnitId', 'v.id as vid'])
    .orderBy('m.code');
  if (!opts.includeInactive) query = query.where('m.active', '=', true);
  if (opts.search) query = query.where('v.name', 'like', `%${opts.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  const rows = await query.execute();
  const out: MatterView[] = [];
  for (const r of rows) out.push(present(r, (await findVersion(q, r.vid))!));
  return out;
}

async function insertVersion(trx: Tx, matterId: number, version: number, orgPath: string, input: MatterInput, by: number | null) {
  return trx.insertInto('approvals.matter_versions').values({
    matterId, version, orgPath, name: input.name, type: input.type, implementingLevel: input.implementingLevel,
    department: input.department, legalBasis: input.legalBasis, conditions: input.conditions,
    materials: JSON.stringify(input.materials), form: JSON.stringify(input.form), fees: input.fees,
    statutoryDays: input.statutoryDays, promisedDays: input.promisedDays, counterVisits: input.counterVisits,
    complex: input.complex ?? false, flow: JSON.stringify(input.flow), note: input.note ?? null, createdBy: by,
  }).returning('id').executeTakeFirstOrThrow();
}

/** Creates a matter with version 1 owned by `bureau`. */
export async function createMatter(
  deps: ApprovalsDeps, trx: Tx, actor: ActingUser | null, input: MatterInput & { code: string }, bureau: { id: number; path: string },
): Promise<MatterView> {
  checkMatter(input);
  if (await findMatterByCode(trx, input.code)) throw new AppError('approvals.matter_code_taken', `matter code ${input.code} is taken`, { field: 'code' });
  const m = await trx.insertInto('approvals.matters').values({ code: input.code, orgPath: bureau.path, orgUnitId: bureau.id })
    .returning(['id']).executeTakeFirstOrThrow();
  const v = await insertVersion(trx, m.id, 1, bureau.path, input, actor?.userId ?? null);
  await trx.updateTable('approvals.matters').set({ currentVersionId: v.id }).where('id', '=', m.id).execute();
  if (actor) {
    await deps.audit.record(trx, actor, {
      action: 'approvals.matter.created', entityType: 'approvals.matter', entityId: m.id, orgPath: bureau.path,
      details: { code: input.code, name: input.name, version: 1 },
    });
  }
  return getMatter(trx, input.code);
}

/** Adds a version and makes it current; RLS refuses a matter outside the actor's scope. */
export async function reviseMatter(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, code: string, input: MatterInput): Promise<MatterView> {
  checkMatter(input);
  const m = await trx.selectFrom('approvals.matters').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
  if (!m) throw new AppError('approvals.matter_not_found', `matter ${code} not found`, { field: 'code' });
  const last = await trx.selectFrom('approvals.matter_versions').select((eb) => eb.fn.max('version').as('v')).where('matterId', '=', m.id).executeTakeFirstOrThrow();
  const next = Number(last.v ?? 0) + 1;
  const v = await insertVersion(trx, m.id, next, m.orgPath, input, actor.userId);
  const moved = await trx.updateTable('approvals.matters').set({ currentVersionId: v.id }).where('id', '=', m.id).executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new AppError('access.out_of_scope', `matter ${code} is outside your scope`);
  await deps.audit.record(trx, actor, {
    action: 'approvals.matter.revised', entityType: 'approvals.matter', entityId: m.id, orgPath: m.orgPath,
    details: { code, version: next, note: input.note ?? null },
  });
  return getMatter(trx, code);
}

export async function setMatterActive(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, code: string, active: boolean): Promise<MatterView> {
  const r = await trx.updateTable('approvals.matters').set({ active }).where('code', '=', code).returning(['id', 'orgPath']).executeTakeFirst();
  if (!r) throw new AppError('approvals.matter_not_found', `matter ${code} not found in your scope`, { field: 'code' });
  await deps.audit.record(trx, actor, {
    action: active ? 'approvals.matter.activated' : 'approvals.matter.deactivated', entityType: 'approvals.matter', entityId: r.id, orgPath: r.orgPath, details: { code },
  });
  return getMatter(trx, code);
}
