/**
 * The register of hazard sites (隐患点台账): registration, changes and 核销 with a full history,
 * kept on the map's `hazard_sites` layer in the same transaction; the 群测群防 roster and the
 * threatened households; the 两卡一表 printed through platform/documents.
 */
import type { Db } from '../../platform/db/database.ts';
import { withContext, type Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { DocumentService } from '../../platform/documents/index.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { LayersService } from '../map/index.ts';
import type { HazardType, PersonRole, RiskLevel, Scale, SitesTable, Stability } from './hazards.tables.ts';
import type { Selectable } from 'kysely';
import { avoidCardBody, planBody, workCardBody, type SiteForPrint } from './cards.ts';

export const HAZARD_TYPES: Record<HazardType, string> = {
  landslide: '滑坡', collapse: '崩塌', debris_flow: '泥石流', ground_collapse: '地面塌陷', ground_fissure: '地裂缝', ground_subsidence: '地面沉降', unstable_slope: '不稳定斜坡',
};
export const SCALES: Record<Scale, string> = { small: '小型', medium: '中型', large: '大型', huge: '特大型' };
export const STABILITIES: Record<Stability, string> = { stable: '稳定', basically_stable: '基本稳定', unstable: '不稳定' };
export const RISK_LEVELS: Record<RiskLevel, string> = { low: '低', medium: '中', high: '高', very_high: '极高' };
export const PERSON_ROLES: Record<PersonRole, string> = { monitor: '监测员', village: '村级责任人', township: '乡镇责任人' };

export const HAZARD_LAYER = 'hazard_sites';

export interface SiteInput {
  siteNo: string; name: string; hazardType: HazardType; townshipCode: string; location: string; lon: number; lat: number;
  scale: Scale; volumeM3: number | null; stability: Stability; threatenedHouseholds: number; threatenedPeople: number; threatenedProperty: number;
  riskLevel: RiskLevel; measures: string; evacuationRoute: string; shelter: string; warningSignal: string;
}

export interface SitesDeps {
  db: Db;
  audit: AuditService;
  documents: Pick<DocumentService, 'issue'>;
  layers: Pick<LayersService, 'syncModuleFeature'>;
}

type Site = Selectable<SitesTable>;
const EDITABLE: (keyof SiteInput)[] = ['name', 'hazardType', 'townshipCode', 'location', 'lon', 'lat', 'scale', 'volumeM3', 'stability', 'threatenedHouseholds', 'threatenedPeople', 'threatenedProperty', 'riskLevel', 'measures', 'evacuationRoute', 'shelter', 'warningSignal'];

function snapshot(s: Site): string {
  return JSON.stringify({ ...s, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() });
}

export function createSitesService(deps: SitesDeps) {
  async function audit(trx: Tx, actor: Actor, action: string, id: number, orgPath: string, details: Record<string, unknown>) {
    await deps.audit.record(trx, actor, { action: `hazards.site.${action}`, entityType: 'hazards.site', entityId: id, orgPath, details });
  }

  /** The township's division path; it must be a township inside the actor's scope. */
  async function townshipPath(trx: Tx, actor: Actor, code: string): Promise<string> {
    const d = await trx.selectFrom('orgs.divisions').select(['path', 'level']).where('code', '=', code).where('validTo', 'is', null).executeTakeFirst();
    if (!d || d.level !== 'township') throw invalid('townshipCode', `${code} is not a current township division code`, `${code}不是现行的乡镇（街道）行政区划代码`);
    const scope = actor.scopePath ?? '';
    if (!(d.path === scope || d.path.startsWith(`${scope}.`))) throw new AppError('hazards.township_out_of_scope', `townshipCode: ${code} is outside your scope`, { field: 'townshipCode' });
    return d.path;
  }

  async function syncMap(trx: Tx, actor: Actor, s: Site) {
    await deps.layers.syncModuleFeature(trx, actor, HAZARD_LAYER, s.siteNo, s.status === 'cancelled' ? null : {
      name: s.name, orgPath: s.orgPath, geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
      properties: { zhdbh: s.siteNo, zhlx: HAZARD_TYPES[s.hazardType], gm: SCALES[s.scale], wxrs: s.threatenedPeople },
    });
  }

  async function lockSite(trx: Tx, id: number): Promise<Site> {
    const s = await trx.selectFrom('hazards.sites').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!s) throw new AppError('hazards.site_not_found', `id: no hazard site ${id}`, { field: 'id' });
    return s;
  }

  async function getSite(trx: Tx, id: number): Promise<Site> {
    const s = await trx.selectFrom('hazards.sites').selectAll().where('id', '=', id).executeTakeFirst();
    if (!s) throw new AppError('hazards.site_not_found', `id: no hazard site ${id}`, { field: 'id' });
    return s;
  }

  async function printable(trx: Tx, s: Site): Promise<SiteForPrint> {
    const people = await trx.selectFrom('hazards.site_people').selectAll().where('siteId', '=', s.id).orderBy('id').execute();
    const households = await trx.selectFrom('hazards.households').selectAll().where('siteId', '=', s.id).orderBy('id').execute();
    const town = await trx.selectFrom('orgs.divisions').select('name').where('code', '=', s.townshipCode).where('validTo', 'is', null).executeTakeFirst();
    return { site: s, township: town?.name ?? s.townshipCode, people, households };
  }

  return {
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },

    async list(trx: Tx, f: { status?: 'registered' | 'cancelled'; townshipCode?: string }) {
      let q = trx.selectFrom('hazards.sites').selectAll().orderBy('siteNo');
      if (f.status) q = q.where('status', '=', f.status);
      if (f.townshipCode) q = q.where('townshipCode', '=', f.townshipCode);
      return q.execute();
    },

    async view(trx: Tx, id: number) {
      const site = await getSite(trx, id);
      const p = await printable(trx, site);
      const history = await trx.selectFrom('hazards.site_versions').select(['version', 'change', 'changedFields', 'changedBy', 'changedAt'])
        .where('siteId', '=', id).orderBy('version', 'desc').execute();
      return { ...site, township: p.township, people: p.people, households: p.households, history };
    },

    async register(trx: Tx, actor: Actor, input: SiteInput): Promise<Site> {
      const orgPath = await townshipPath(trx, actor, input.townshipCode);
      const dup = await trx.selectFrom('hazards.sites').select('id').where('siteNo', '=', input.siteNo).executeTakeFirst();
      if (dup) throw new AppError('conflict', `siteNo: site ${input.siteNo} is already registered`, { field: 'siteNo' });
      const s = await trx.insertInto('hazards.sites').values({ ...input, orgPath, updatedBy: actor.userId }).returningAll().executeTakeFirstOrThrow();
      await trx.insertInto('hazards.site_versions').values({ siteId: s.id, version: 1, change: 'registered', snapshot: snapshot(s), orgPath, changedBy: actor.userId }).execute();
      await syncMap(trx, actor, s);
      await audit(trx, actor, 'registered', s.id, orgPath, { siteNo: s.siteNo, riskLevel: s.riskLevel });
      return s;
    },

    async update(trx: Tx, actor: Actor, id: number, version: number, patch: Partial<SiteInput>): Promise<Site> {
      const cur = await lockSite(trx, id);
      if (cur.version !== version) throw new AppError('conflict', `version: site ${cur.siteNo} is at version ${cur.version}, not ${version}`, { field: 'version', current: cur.version });
      if (cur.status !== 'registered') throw new AppError('hazards.site_wrong_state', `site ${cur.siteNo} is cancelled (已核销); restore it first`);
      const orgPath = patch.townshipCode && patch.townshipCode !== cur.townshipCode ? await townshipPath(trx, actor, patch.townshipCode) : cur.orgPath;
      const changed = EDITABLE.filter((k) => patch[k] !== undefined && String(patch[k]) !== String(cur[k as keyof Site]));
      if (changed.length === 0) return cur;
      const set: Record<string, unknown> = {};
      for (const k of changed) set[k] = patch[k];
      const s = await trx.updateTable('hazards.sites').set({ ...set, orgPath, version: cur.version + 1, updatedAt: new Date(), updatedBy: actor.userId })
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      if (orgPath !== cur.orgPath) {
        await trx.updateTable('hazards.site_people').set({ orgPath }).where('siteId', '=', id).execute();
        await trx.updateTable('hazards.households').set({ orgPath }).where('siteId', '=', id).execute();
      }
      await trx.insertInto('hazards.site_versions').values({ siteId: id, version: s.version, change: 'updated', snapshot: snapshot(s), changedFields: changed, orgPath, changedBy: actor.userId }).execute();
      await syncMap(trx, actor, s);
      await audit(trx, actor, 'updated', id, orgPath, { siteNo: s.siteNo, changed, version: s.version });
      return s;
    },

    /** 核销 (the danger is gone) or back on the register; the map feature goes or comes back. */
    async setStatus(trx: Tx, actor: Actor, id: number, status: 'registered' | 'cancelled', reason: string | null): Promise<Site> {
      const cur = await lockSite(trx, id);
      if (cur.status === status) throw new AppError('hazards.site_wrong_state', `site ${cur.siteNo} is already ${status}`);
      if (status === 'cancelled' && !reason?.trim()) throw invalid('reason', 'a 核销 states its reason', '核销须说明理由');
      const s = await trx.updateTable('hazards.sites').set({ status, cancelReason: status === 'cancelled' ? reason : null, version: cur.version + 1, updatedAt: new Date(), updatedBy: actor.userId })
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await trx.insertInto('hazards.site_versions').values({
        siteId: id, version: s.version, change: status === 'cancelled' ? 'cancelled' : 'restored', snapshot: snapshot(s), changedFields: ['status'], orgPath: s.orgPath, changedBy: actor.userId,
      }).execute();
      await syncMap(trx, actor, s);
      await audit(trx, actor, status === 'cancelled' ? 'cancelled' : 'restored', id, s.orgPath, { siteNo: s.siteNo, reason });
      return s;
    },

    async addPerson(trx: Tx, actor: Actor, siteId: number, input: { role: PersonRole; name: string; phone: string; userId: number | null }) {
      const s = await lockSite(trx, siteId);
      const p = await trx.insertInto('hazards.site_people').values({ siteId, orgPath: s.orgPath, ...input }).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'person_added', siteId, s.orgPath, { personId: p.id, role: p.role });
      return p;
    },

    async removePerson(trx: Tx, actor: Actor, siteId: number, personId: number) {
      const s = await lockSite(trx, siteId);
      const r = await trx.deleteFrom('hazards.site_people').where('id', '=', personId).where('siteId', '=', siteId).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw new AppError('not_found', `personId: no person ${personId} on site ${s.siteNo}`, { field: 'personId' });
      await audit(trx, actor, 'person_removed', siteId, s.orgPath, { personId });
    },

    async addHousehold(trx: Tx, actor: Actor, siteId: number, input: { headName: string; members: number; phone: string | null; address: string }) {
      const s = await lockSite(trx, siteId);
      const h = await trx.insertInto('hazards.households').values({ siteId, orgPath: s.orgPath, ...input }).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'household_added', siteId, s.orgPath, { householdId: h.id });
      return h;
    },

    async removeHousehold(trx: Tx, actor: Actor, siteId: number, householdId: number) {
      const s = await lockSite(trx, siteId);
      const r = await trx.deleteFrom('hazards.households').where('id', '=', householdId).where('siteId', '=', siteId).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw new AppError('not_found', `householdId: no household ${householdId} on site ${s.siteNo}`, { field: 'householdId' });
      await audit(trx, actor, 'household_removed', siteId, s.orgPath, { householdId });
    },

    /**
     * Issues one of the 两卡一表: `work_card` (防灾工作明白卡, for the site's responsible people),
     * `plan` (防御预案表) or `avoid_card` (防灾避险明白卡, one per household).
     */
    async issueCard(trx: Tx, actor: Actor, siteId: number, card: 'work_card' | 'avoid_card' | 'plan', householdId: number | null) {
      const s = await getSite(trx, siteId);
      if (s.status !== 'registered') throw new AppError('hazards.site_wrong_state', `site ${s.siteNo} is cancelled (已核销): no cards are printed for it`);
      const p = await printable(trx, s);
      if (!actor.orgUnitId) throw new AppError('access.forbidden', 'a staff post is needed to issue documents');
      if (card === 'avoid_card') {
        const h = p.households.find((x) => x.id === householdId);
        if (!h) throw invalid('householdId', householdId === null ? 'a 防灾避险明白卡 is issued for one household' : `no household ${householdId} on site ${s.siteNo}`, householdId === null ? '防灾避险明白卡按户发放，请选择一户' : `隐患点${s.siteNo}没有编号为${householdId}的住户`);
        return deps.documents.issue(trx, actor, { kind: 'hazard_avoid_card', orgUnitId: actor.orgUnitId, subject: { type: 'hazards.household', id: h.id }, body: avoidCardBody(p, h) });
      }
      if (card === 'work_card') return deps.documents.issue(trx, actor, { kind: 'hazard_work_card', orgUnitId: actor.orgUnitId, subject: { type: 'hazards.site', id: s.id }, body: workCardBody(p) });
      return deps.documents.issue(trx, actor, { kind: 'hazard_plan', orgUnitId: actor.orgUnitId, subject: { type: 'hazards.site', id: s.id }, body: planBody(p) });
    },
  };
}

export type SitesService = ReturnType<typeof createSitesService>;
