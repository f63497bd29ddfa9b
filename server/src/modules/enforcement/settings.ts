/**
 * Editing the enforcement settings (执法办案参数) and the discretion baselines (裁量基准) — by the
 * leader or the legal reviewer (`enforcement.settings.manage`), audited in the transaction and
 * versioned (migration 0901):
 * - settings are written for the actor's own scope (a county overrides the province's defaults);
 *   every version is kept in `enforcement.settings_versions`; a stale `version` is refused (409).
 * - a baseline revision is a new row (version + 1, `supersedes_id`), the old row retired. A band
 *   of a wider scope (the province's) is refined locally (本级细化): the whole violation kind's
 *   bands are copied to the actor's scope — the nearest scope's rows win in the calculator, so
 *   copying one band alone would hide the others — with the revised band changed.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { DEFAULT_STAGE_DAYS, settingsFor, type EnforcementDeps } from './enforcement.deps.ts';
import type { StageKey } from './enforcement.tables.ts';

const STAGES = Object.keys(DEFAULT_STAGE_DAYS) as StageKey[];

function scopeOf(actor: ActingUser): string {
  if (!actor.scopePath) throw new AppError('access.forbidden', 'the post has no scope', { permission: 'scope' });
  return actor.scopePath;
}

/** The settings in force for the actor's scope, where they come from, and their versions. */
export async function settingsView(trx: Tx, actor: ActingUser) {
  const scope = scopeOf(actor);
  const effective = await settingsFor(trx, scope);
  const source = await trx.selectFrom('enforcement.settings').select([sql<string>`org_path::text`.as('orgPath'), 'version', 'updatedAt', 'changeReason'])
    .where(sql<boolean>`org_path @> ${scope}::ltree`).orderBy(sql`nlevel(org_path)`, 'desc').limit(1).executeTakeFirst();
  const own = source?.orgPath === scope ? source : null;
  const versions = await trx.selectFrom('enforcement.settings_versions')
    .select([sql<string>`org_path::text`.as('orgPath'), 'version', 'stageDays', 'warnDays', 'disclosureDays', 'reviewFinePerson', 'reviewFineCompany', 'hearingFinePerson', 'hearingFineCompany', 'changeReason', 'changedByName', 'changedAt'])
    .orderBy('changedAt', 'desc').orderBy('id', 'desc').limit(50).execute();
  return {
    scope, effective, defaults: DEFAULT_STAGE_DAYS,
    inheritedFrom: source && source.orgPath !== scope ? source.orgPath : null,
    version: own?.version ?? 0,
    versions: versions.map((v) => ({
      ...v, reviewFinePerson: Number(v.reviewFinePerson), reviewFineCompany: Number(v.reviewFineCompany),
      hearingFinePerson: Number(v.hearingFinePerson), hearingFineCompany: Number(v.hearingFineCompany), changedAt: v.changedAt.toISOString(),
    })),
  };
}

export interface SettingsInput {
  stageDays: Record<StageKey, number>; warnDays: number; disclosureDays: number;
  reviewFinePerson: number; reviewFineCompany: number; hearingFinePerson: number; hearingFineCompany: number;
  reason: string;
  /** The version the editor saw (0: the scope had no settings of its own). */
  version: number;
}

export async function updateSettings(deps: EnforcementDeps, trx: Tx, actor: ActingUser, input: SettingsInput) {
  const scope = scopeOf(actor);
  for (const k of STAGES) if (!Number.isInteger(input.stageDays[k]) || input.stageDays[k] < 1 || input.stageDays[k] > 365) throw invalid(`stageDays.${k}`, 'working days, 1 to 365', '应为1至365个工作日');
  if (input.warnDays >= Math.min(...STAGES.map((k) => input.stageDays[k]))) throw invalid('warnDays', 'the yellow warning must come before the shortest stage limit ends', '黄牌预警天数应少于最短的环节时限');
  const row = await trx.selectFrom('enforcement.settings').selectAll().where(sql<boolean>`org_path = ${scope}::ltree`).forUpdate().executeTakeFirst();
  const current = row?.version ?? 0;
  if (current !== input.version) {
    throw new AppError('enforcement.settings_changed', `version: the settings were changed meanwhile (now version ${current}); reload and edit again`, { field: 'version', currentVersion: current });
  }
  const before = await settingsFor(trx, scope);
  const values = {
    stageDays: JSON.stringify(input.stageDays), warnDays: input.warnDays, disclosureDays: input.disclosureDays,
    reviewFinePerson: input.reviewFinePerson, reviewFineCompany: input.reviewFineCompany, hearingFinePerson: input.hearingFinePerson, hearingFineCompany: input.hearingFineCompany,
  };
  const version = current + 1;
  if (row) {
    await trx.updateTable('enforcement.settings').set({ ...values, version, changeReason: input.reason, updatedAt: new Date(), updatedBy: actor.userId })
      .where(sql<boolean>`org_path = ${scope}::ltree`).execute();
  } else {
    await trx.insertInto('enforcement.settings').values({ orgPath: scope, ...values, version, changeReason: input.reason, updatedBy: actor.userId }).execute();
  }
  await trx.insertInto('enforcement.settings_versions').values({ orgPath: scope, version, ...values, changeReason: input.reason, changedBy: actor.userId, changedByName: actor.displayName }).execute();
  await deps.audit.record(trx, actor, {
    action: 'enforcement.settings.changed', entityType: 'enforcement.settings', entityId: scope, orgPath: scope,
    details: { version, reason: input.reason, before, after: { ...input, reason: undefined, version: undefined } },
  });
  return settingsView(trx, actor);
}

export interface BaselineRevision {
  bandName: string; fineMin: number; fineMax: number; confiscate: boolean; demolish: boolean; restore: boolean;
  legalBasis: string; note: string | null; reason: string;
}

/** Revises one band: a new version in the actor's scope; the old row retired (or, for a wider scope's band, the kind refined locally). */
export async function reviseBaseline(deps: EnforcementDeps, trx: Tx, actor: ActingUser, id: number, input: BaselineRevision) {
  const scope = scopeOf(actor);
  const old = await trx.selectFrom('enforcement.baselines').selectAll().select(sql<string>`org_path::text`.as('orgPathText')).where('id', '=', id).executeTakeFirst();
  if (!old) throw new AppError('enforcement.baseline_not_found', `id: no discretion baseline ${id}`, { field: 'id' });
  if (!old.active) throw new AppError('enforcement.baseline_retired', `id: baseline ${id} was replaced by a later version; revise that one`, { field: 'id' });
  if (input.fineMin > input.fineMax) throw invalid('fineMax', 'the highest fine is below the lowest', '罚款上限不能低于下限');
  if (old.fineBasis === 'gains_share' && input.fineMax > 1) throw invalid('fineMax', 'a share of the illegal gains, 0 to 1', '按违法所得的比例计，应在0至1之间');
  if (old.fineBasis === 'none' && (input.fineMin !== 0 || input.fineMax !== 0)) throw invalid('fineMin', 'this band imposes no fine', '该档次不处罚款');
  const inScope = old.orgPathText === scope || old.orgPathText.startsWith(`${scope}.`);
  const copyOf = (r: typeof old, changed: boolean) => ({
    orgPath: inScope ? r.orgPathText : scope, violationKind: r.violationKind, violationName: r.violationName, band: r.band, priority: r.priority,
    conditions: JSON.stringify(r.conditions), fineBasis: r.fineBasis, sources: r.sources, confirmed: r.confirmed, supersedesId: r.id,
    ...(changed
      ? { bandName: input.bandName, fineMin: input.fineMin, fineMax: input.fineMax, confiscate: input.confiscate, demolish: input.demolish, restore: input.restore,
        legalBasis: input.legalBasis, note: input.note, version: r.version + 1, changeReason: input.reason, changedBy: actor.userId, changedByName: actor.displayName }
      : { bandName: r.bandName, fineMin: r.fineMin, fineMax: r.fineMax, confiscate: r.confiscate, demolish: r.demolish, restore: r.restore,
        legalBasis: r.legalBasis, note: r.note, version: r.version, changeReason: `本级细化（随 ${old.bandName} 修订复制）`, changedBy: actor.userId, changedByName: actor.displayName }),
  });
  let created: number;
  if (inScope) {
    // Two editors at once: the row lock and the `active` check let one of them through.
    const locked = await trx.updateTable('enforcement.baselines').set({ active: false, retiredAt: new Date() }).where('id', '=', id).where('active', '=', true).executeTakeFirst();
    if (Number(locked.numUpdatedRows) !== 1) throw new AppError('enforcement.baseline_retired', `id: baseline ${id} was replaced meanwhile`, { field: 'id' });
    created = (await trx.insertInto('enforcement.baselines').values(copyOf(old, true)).returning('id').executeTakeFirstOrThrow()).id;
  } else {
    // A wider scope's band: the kind's bands of that scope are copied here, the revised one changed.
    const already = await trx.selectFrom('enforcement.baselines').select('id').where('violationKind', '=', old.violationKind).where('active', '=', true)
      .where(sql<boolean>`org_path = ${scope}::ltree`).executeTakeFirst();
    if (already) throw new AppError('enforcement.baseline_retired', `id: your scope has its own bands of ${old.violationName}; revise those`, { field: 'id' });
    const siblings = await trx.selectFrom('enforcement.baselines').selectAll().select(sql<string>`org_path::text`.as('orgPathText'))
      .where('violationKind', '=', old.violationKind).where('active', '=', true).where(sql<boolean>`org_path = ${old.orgPathText}::ltree`).orderBy('priority').execute();
    created = 0;
    for (const r of siblings) {
      const row = await trx.insertInto('enforcement.baselines').values(copyOf(r, r.id === id)).returning('id').executeTakeFirstOrThrow();
      if (r.id === id) created = row.id;
    }
  }
  await deps.audit.record(trx, actor, {
    action: 'enforcement.baseline.revised', entityType: 'enforcement.baseline', entityId: created, orgPath: scope,
    details: {
      supersedes: id, localRefinement: !inScope, reason: input.reason,
      before: { bandName: old.bandName, fineMin: Number(old.fineMin), fineMax: Number(old.fineMax), confiscate: old.confiscate, demolish: old.demolish, restore: old.restore, legalBasis: old.legalBasis, note: old.note },
      after: { ...input, reason: undefined },
    },
  });
  return { id: created, supersedes: id, localRefinement: !inScope };
}

/** The versions of a band, newest first (following `supersedes_id`). */
export async function baselineVersions(trx: Tx, id: number) {
  const { rows } = await sql<{ id: number; orgPath: string; version: number; bandName: string; fineMin: string; fineMax: string; active: boolean; changeReason: string | null; changedByName: string | null; createdAt: Date; retiredAt: Date | null }>`
    with recursive chain as (
      select b.*, 0 as depth from enforcement.baselines b where b.id = ${id}
      union all
      select p.*, c.depth + 1 from enforcement.baselines p join chain c on p.id = c.supersedes_id where c.depth < 100
    )
    select id, org_path::text as "orgPath", version, band_name as "bandName", fine_min as "fineMin", fine_max as "fineMax", active,
      change_reason as "changeReason", changed_by_name as "changedByName", created_at as "createdAt", retired_at as "retiredAt"
    from chain order by depth`.execute(trx);
  if (!rows.length) throw new AppError('enforcement.baseline_not_found', `id: no discretion baseline ${id}`, { field: 'id' });
  return rows.map((r) => ({ ...r, fineMin: Number(r.fineMin), fineMax: Number(r.fineMax), createdAt: r.createdAt.toISOString(), retiredAt: r.retiredAt?.toISOString() ?? null }));
}
