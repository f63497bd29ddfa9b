/**
 * Meteorological risk warnings (地质灾害气象风险预警): drafted by the hazard office → co-signed by
 * an account of the weather bureau named at drafting (another person, another organisation; only
 * that organisation's co-signer may sign) → published (never without the co-signature). On
 * publishing: the CAP 1.2 message is fixed, and every 群测群防 person of every registered site in
 * the area gets an SMS (and an in-app message when they have an account) with a reply code and an
 * acknowledgement link, queued in the same transaction. Unacknowledged recipients escalate along
 * the county's chain (hazards.escalation_rules / escalation_contacts). Drill (演练) warnings go
 * the same way, marked as drills everywhere, and never reach the public feed or portal.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { PUBLIC_CONTEXT, SYSTEM_CONTEXT, withContext, type Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { NotifyService } from '../../platform/notify/index.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { geometryEngine } from '../../platform/geo/index.ts';
import { capXml, levelName } from './cap.ts';
import type { WarningsTable } from './hazards.tables.ts';
import type { Selectable } from 'kysely';

const ESCALATION_QUEUE = 'hazards.warning-escalations';

export interface WarningInput {
  level: number; headline: string; advice: string; areaTownships: string[]; areaPolygon: { type: 'Polygon'; coordinates: number[][][] } | null;
  areaDesc: string; validFrom: Date; validTo: Date; drill: boolean; cosignOrgUnitId: number;
}

export interface WarningsDeps {
  db: Db;
  audit: AuditService;
  notify: Pick<NotifyService, 'enqueue'>;
  publicUrl: () => string;
  now?: () => Date;
}

type Warning = Selectable<WarningsTable>;

export function createWarningsService(deps: WarningsDeps) {
  const now = () => (deps.now ? deps.now() : new Date());

  async function audit(trx: Tx, actor: Actor | null, action: string, w: { id: number; orgPath: string }, details: Record<string, unknown>) {
    await deps.audit.record(trx, actor, { action: `hazards.warning.${action}`, entityType: 'hazards.warning', entityId: w.id, orgPath: w.orgPath, details });
  }

  async function lock(trx: Tx, id: number): Promise<Warning> {
    const w = await trx.selectFrom('hazards.warnings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!w) throw new AppError('hazards.warning_not_found', `id: no warning ${id}`, { field: 'id' });
    return w;
  }

  /** Registered sites inside the warned area: by township code, or whose point lies in the polygon. */
  async function sitesInArea(trx: Tx, w: Warning) {
    const sites = await trx.selectFrom('hazards.sites').select(['id', 'name', 'siteNo', 'townshipCode', 'lon', 'lat', 'orgPath']).where('status', '=', 'registered').orderBy('id').execute();
    const engine = geometryEngine();
    return sites.filter((s) => w.areaTownships.includes(s.townshipCode)
      || (w.areaPolygon !== null && engine.intersects(w.areaPolygon, { type: 'Point', coordinates: [s.lon, s.lat] })));
  }

  function message(w: Warning, d: { ackCode: string; ackToken: string }, site: { name: string }) {
    return `【${w.drill ? '演练·' : ''}地质灾害气象风险预警】${levelName(w.level)}：${w.areaDesc}，${fmt(w.validFrom)}至${fmt(w.validTo)}。您负责的${site.name}请立即加密巡查，做好撤离准备。收到请回复${d.ackCode}或点击 ${deps.publicUrl()}/h/ack/${d.ackToken} 签收。`;
  }

  const service = {
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },

    async draft(trx: Tx, actor: Actor, input: WarningInput): Promise<Warning> {
      if (!actor.scopePath || !actor.orgUnitId) throw new AppError('access.forbidden', 'a staff post is needed');
      if (input.validTo <= input.validFrom) throw invalid('validTo', 'after validFrom', '应晚于起始时间');
      if (input.areaTownships.length === 0 && !input.areaPolygon) throw invalid('areaTownships', 'name townships or draw a polygon', '请选择乡镇或在地图上绘制预警范围');
      for (const code of input.areaTownships) {
        const d = await trx.selectFrom('orgs.divisions').select(['path', 'level']).where('code', '=', code).where('validTo', 'is', null).executeTakeFirst();
        if (!d || d.level !== 'township') throw invalid('areaTownships', `${code} is not a township`, `${code}不是乡镇（街道）区划代码`);
        if (!(d.path === actor.scopePath || d.path.startsWith(`${actor.scopePath}.`))) throw new AppError('hazards.township_out_of_scope', `areaTownships: ${code} is outside your scope`, { field: 'areaTownships' });
      }
      if (input.areaPolygon) {
        const ring = input.areaPolygon.coordinates[0];
        if (!ring || ring.length < 4 || JSON.stringify(ring[0]) !== JSON.stringify(ring[ring.length - 1])) throw invalid('areaPolygon', 'a closed ring of at least 4 positions', '应为至少4个点的闭合环');
      }
      const co = await withContext(deps.db, SYSTEM_CONTEXT, (t2) => t2.selectFrom('orgs.org_units').select(['id', 'path']).where('id', '=', input.cosignOrgUnitId).executeTakeFirst());
      if (!co) throw invalid('cosignOrgUnitId', `no organisation ${input.cosignOrgUnitId}`, `单位${input.cosignOrgUnitId}不存在`);
      if (co.id === actor.orgUnitId) throw invalid('cosignOrgUnitId', 'the co-signing organisation is another organisation than the drafting one', '会签单位不能是起草单位本身');
      const no = `YJ${now().toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
      const w = await trx.insertInto('hazards.warnings').values({
        warningNo: no, orgPath: actor.scopePath, drill: input.drill, level: input.level, headline: input.headline, advice: input.advice,
        areaTownships: input.areaTownships, areaPolygon: input.areaPolygon ? JSON.stringify(input.areaPolygon) : null, areaDesc: input.areaDesc,
        validFrom: input.validFrom, validTo: input.validTo, draftedBy: actor.userId, draftedOrgUnitId: actor.orgUnitId,
        cosignOrgUnitId: co.id, cosignOrgPath: co.path, cosignedBy: null, cosignedAt: null, publishedBy: null, publishedAt: null, capXml: null,
      }).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'drafted', w, { warningNo: no, level: w.level, drill: w.drill, cosignOrgUnitId: co.id });
      return w;
    },

    /** Organisations with a co-signer (a post holding hazards.warning.cosign): the choices when drafting. */
    async cosignOrgs(): Promise<{ id: number; name: string }[]> {
      return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => (await sql<{ id: number; name: string }>`
        select distinct ou.id, ou.name from access.posts p
        join access.role_permissions rp on rp.role_id = p.role_id and rp.permission = 'hazards.warning.cosign'
        join orgs.org_units ou on ou.id = p.org_unit_id order by ou.id`.execute(trx)).rows);
    },

    async list(trx: Tx) {
      return trx.selectFrom('hazards.warnings').select(['id', 'warningNo', 'drill', 'level', 'headline', 'areaDesc', 'validFrom', 'validTo', 'status', 'cosignedAt', 'publishedAt', 'createdAt'])
        .orderBy('id', 'desc').limit(200).execute();
    },

    async view(trx: Tx, id: number) {
      const w = await trx.selectFrom('hazards.warnings').selectAll().where('id', '=', id).executeTakeFirst();
      if (!w) throw new AppError('hazards.warning_not_found', `id: no warning ${id}`, { field: 'id' });
      return w;
    },

    /** 会签: only an account of the named co-signing organisation with hazards.warning.cosign, not the drafter. */
    async cosign(trx: Tx, actor: Actor, id: number): Promise<Warning> {
      const w = await lock(trx, id);
      if (actor.orgUnitId !== w.cosignOrgUnitId) throw new AppError('access.forbidden', 'only the co-signing organisation named in the warning may co-sign', { permission: 'hazards.warning.cosign' });
      if (actor.userId === w.draftedBy) throw new AppError('access.forbidden', 'the drafter may not co-sign', { permission: 'hazards.warning.cosign' });
      if (w.status !== 'draft') throw new AppError('hazards.warning_wrong_state', `warning ${w.warningNo} is ${w.status}, not a draft`);
      const u = await trx.updateTable('hazards.warnings').set({ status: 'cosigned', cosignedBy: actor.userId, cosignedAt: now() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'cosigned', u, { warningNo: u.warningNo });
      return u;
    },

    /** 签发: needs the co-signature; fixes the CAP message and dispatches to every responsible person. */
    async publish(trx: Tx, actor: Actor, id: number): Promise<Warning & { dispatched: number }> {
      const w = await lock(trx, id);
      if (w.status === 'draft') throw new AppError('hazards.warning_not_cosigned', `cosign: warning ${w.warningNo} is not co-signed by the weather bureau`, { field: 'cosign' });
      if (w.status !== 'cosigned') throw new AppError('hazards.warning_wrong_state', `warning ${w.warningNo} is ${w.status}`);
      const at = now();
      const co = await withContext(deps.db, SYSTEM_CONTEXT, (t2) => t2.selectFrom('orgs.org_units').select('name').where('id', '=', w.cosignOrgUnitId).executeTakeFirstOrThrow());
      const drafter = await withContext(deps.db, SYSTEM_CONTEXT, (t2) => t2.selectFrom('orgs.org_units').select('name').where('id', '=', w.draftedOrgUnitId).executeTakeFirstOrThrow());
      const xml = capXml({ ...w, publishedAt: at, senderName: `${drafter.name}、${co.name}` }, `${deps.publicUrl()}/public/hazards/warnings/${w.warningNo}`);
      const u = await trx.updateTable('hazards.warnings').set({ status: 'published', publishedBy: actor.userId, publishedAt: at, capXml: xml }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      let dispatched = 0;
      for (const site of await sitesInArea(trx, u)) {
        const people = await trx.selectFrom('hazards.site_people').selectAll().where('siteId', '=', site.id).orderBy('id').execute();
        for (const p of people) {
          const ackCode = String(crypto.randomInt(1000, 10000));
          const ackToken = crypto.randomBytes(16).toString('base64url');
          const d = await trx.insertInto('hazards.dispatches').values({
            warningId: u.id, siteId: site.id, personId: p.id, orgPath: site.orgPath, role: p.role, name: p.name, phone: p.phone, ackCode, ackToken, ackedAt: null, ackedVia: null, escalatedAt: null,
          }).onConflict((oc) => oc.columns(['warningId', 'siteId', 'phone']).doNothing()).returningAll().executeTakeFirst();
          if (!d) continue;
          const body = message(u, d, site);
          await deps.notify.enqueue(trx, { channel: 'sms', to: p.phone, body, dedupeKey: `hazards.warning.${u.id}.${d.id}` });
          if (p.userId) await deps.notify.enqueue(trx, { channel: 'inapp', to: String(p.userId), subject: `地质灾害气象风险${levelName(u.level)}预警`, body, data: { warningId: u.id, dispatchId: d.id }, dedupeKey: `hazards.warning.${u.id}.${d.id}.app` });
          dispatched++;
        }
      }
      await audit(trx, actor, 'published', u, { warningNo: u.warningNo, level: u.level, drill: u.drill, dispatched });
      return { ...u, dispatched };
    },

    /** 解除: the danger is over; the CAP file becomes a Cancel referencing the alert, the portal drops it. */
    async cancel(trx: Tx, actor: Actor, id: number): Promise<Warning> {
      const w = await lock(trx, id);
      if (w.status !== 'published') throw new AppError('hazards.warning_wrong_state', `warning ${w.warningNo} is ${w.status}, not published`);
      const at = now();
      const co = await withContext(deps.db, SYSTEM_CONTEXT, (t2) => t2.selectFrom('orgs.org_units').select('name').where('id', 'in', [w.draftedOrgUnitId, w.cosignOrgUnitId]).orderBy('id').execute());
      const xml = capXml({ ...w, publishedAt: w.publishedAt!, senderName: co.map((c) => c.name).join('、'), cancelled: { at } }, `${deps.publicUrl()}/hazard-warnings`);
      const u = await trx.updateTable('hazards.warnings').set({ status: 'cancelled', capXml: xml }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'cancelled', u, { warningNo: u.warningNo });
      return u;
    },

    /** The board: per site, who was sent the warning and who has acknowledged. */
    async board(trx: Tx, id: number) {
      const w = await service.view(trx, id);
      const rows = await trx.selectFrom('hazards.dispatches as d').innerJoin('hazards.sites as s', 's.id', 'd.siteId')
        .select(['d.id', 'd.siteId', 's.name as siteName', 's.siteNo', 'd.role', 'd.name', 'd.phone', 'd.sentAt', 'd.ackedAt', 'd.ackedVia', 'd.escalationStep'])
        .where('d.warningId', '=', id).orderBy('s.siteNo').orderBy('d.id').execute();
      const sites = new Map<number, { siteId: number; siteName: string; siteNo: string; recipients: typeof rows; acknowledged: number }>();
      for (const r of rows) {
        const s = sites.get(r.siteId) ?? { siteId: r.siteId, siteName: r.siteName, siteNo: r.siteNo, recipients: [], acknowledged: 0 };
        s.recipients.push(r);
        if (r.ackedAt) s.acknowledged++;
        sites.set(r.siteId, s);
      }
      return { warningNo: w.warningNo, status: w.status, drill: w.drill, total: rows.length, acknowledged: rows.filter((r) => r.ackedAt).length, sites: [...sites.values()] };
    },

    /** Acknowledgement by link (public, token) — the token is the credential. */
    async acknowledgeByToken(token: string): Promise<{ warningNo: string; siteName: string; ackedAt: Date; already: boolean }> {
      return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
        const d = await trx.selectFrom('hazards.dispatches').selectAll().where('ackToken', '=', token).forUpdate().executeTakeFirst();
        if (!d) throw new AppError('not_found', 'token: no such acknowledgement link', { field: 'token' });
        const w = await trx.selectFrom('hazards.warnings').select(['warningNo', 'orgPath', 'id']).where('id', '=', d.warningId).executeTakeFirstOrThrow();
        const site = await trx.selectFrom('hazards.sites').select('name').where('id', '=', d.siteId).executeTakeFirstOrThrow();
        if (d.ackedAt) return { warningNo: w.warningNo, siteName: site.name, ackedAt: d.ackedAt, already: true };
        const at = now();
        await trx.updateTable('hazards.dispatches').set({ ackedAt: at, ackedVia: 'link' }).where('id', '=', d.id).execute();
        await audit(trx, null, 'acknowledged', w, { dispatchId: d.id, via: 'link' });
        return { warningNo: w.warningNo, siteName: site.name, ackedAt: at, already: false };
      });
    },

    /** Acknowledgement by SMS reply: the sender's phone and the code it replied with (SMS gateway callback). */
    async acknowledgeByReply(phone: string, code: string): Promise<number> {
      return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
        const rows = await trx.updateTable('hazards.dispatches').set({ ackedAt: now(), ackedVia: 'code' })
          .where('phone', '=', phone).where('ackCode', '=', code).where('ackedAt', 'is', null).returning(['id', 'warningId', 'orgPath']).execute();
        for (const r of rows) await audit(trx, null, 'acknowledged', { id: r.warningId, orgPath: r.orgPath }, { dispatchId: r.id, via: 'code' });
        return rows.length;
      });
    },

    /**
     * Escalates every unacknowledged dispatch whose next step is due: step N of the county's
     * chain after its minutes → the township head (of the site's township) or the county duty
     * officer, by SMS naming who has not acknowledged. Idempotent per dispatch and step.
     */
    async escalateDue(): Promise<number> {
      return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
        const at = now();
        const due = await sql<{ id: number; warningId: number; siteId: number; orgPath: string; name: string; phone: string; role: string; step: number; targetRole: string; sentAt: Date }>`
          select d.id, d.warning_id, d.site_id, d.org_path::text as org_path, d.name, d.phone, d.role, r.step, r.target_role, d.sent_at
          from hazards.dispatches d
          join hazards.warnings w on w.id = d.warning_id and w.status = 'published'
          join lateral (select * from hazards.escalation_rules r where d.org_path <@ r.org_path and r.step > d.escalation_step
                        and d.sent_at + make_interval(mins => r.after_minutes) <= ${at} order by r.step desc limit 1) r on true
          where d.acked_at is null
          order by d.id for update of d skip locked`.execute(trx);
        let sent = 0;
        for (const d of due.rows) {
          const site = await trx.selectFrom('hazards.sites').select(['name', 'siteNo', 'townshipCode']).where('id', '=', d.siteId).executeTakeFirstOrThrow();
          const w = await trx.selectFrom('hazards.warnings').select(['id', 'warningNo', 'level', 'drill', 'orgPath']).where('id', '=', d.warningId).executeTakeFirstOrThrow();
          let q = trx.selectFrom('hazards.escalation_contacts').select(['name', 'phone']).where('role', '=', d.targetRole as 'county_duty');
          q = d.targetRole === 'township_head' ? q.where('townshipCode', '=', site.townshipCode) : q.where(sql<boolean>`${d.orgPath}::ltree <@ org_path`);
          const contacts = await q.execute();
          const minutes = Math.round((at.getTime() - new Date(d.sentAt).getTime()) / 60_000);
          for (const c of contacts) {
            await deps.notify.enqueue(trx, {
              channel: 'sms', to: c.phone, dedupeKey: `hazards.escalation.${d.id}.${d.step}.${c.phone}`,
              body: `【${w.drill ? '演练·' : ''}预警未签收督办】预警${w.warningNo}（${levelName(w.level)}）发出${minutes}分钟，${site.name}${roleZh(d.role)}${d.name}（${d.phone}）尚未签收，请立即联系落实。`,
            });
            sent++;
          }
          await trx.updateTable('hazards.dispatches').set({ escalationStep: d.step, escalatedAt: at }).where('id', '=', d.id).execute();
          await audit(trx, null, 'escalated', w, { dispatchId: d.id, step: d.step, to: d.targetRole, contacts: contacts.length });
        }
        return sent;
      });
    },

    /** Public: published, non-drill warnings; the portal shows 三级 and above, the CAP feed all. */
    async publicWarnings(): Promise<Warning[]> {
      return withContext(deps.db, PUBLIC_CONTEXT, async (trx) => (await sql<Warning>`select * from hazards.public_warnings()`.execute(trx)).rows.map(camelWarning));
    },

    async registerJobs(jobs: Jobs) {
      await jobs.work(ESCALATION_QUEUE, async () => { await service.escalateDue(); });
      await jobs.schedule(ESCALATION_QUEUE, '* * * * *');
    },
  };
  return service;
}

function roleZh(r: string) {
  return ({ monitor: '监测员', village: '村级责任人', township: '乡镇责任人' } as Record<string, string>)[r] ?? r;
}

function fmt(d: Date) {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** Rows of a raw `select *` through the CamelCasePlugin are already camelCase; kept for clarity. */
function camelWarning(w: Warning): Warning {
  return w;
}

export type WarningsService = ReturnType<typeof createWarningsService>;
