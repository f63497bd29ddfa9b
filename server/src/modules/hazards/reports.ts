/**
 * 灾情/险情速报. Grading and time limits are data (migration 0940: `hazards.event_grading`,
 * `hazards.event_time_limits`, each row marked `confirmed` or not): 灾情 by 《地质灾害防治条例》
 * art. 4 (deaths — missing counted with them — or direct loss: 特大型 ≥ 30 / ≥ 1000万元, 大型 ≥ 10 /
 * ≥ 500万元, 中型 ≥ 3 / ≥ 100万元, else 小型), confirmed; 险情 by people threatened or potential loss
 * (特大型 ≥ 1000 / ≥ 1亿元, 大型 ≥ 500 / ≥ 5000万元 — DOMAIN.md "likely"; 中型 ≥ 100 / ≥ 500万元 —
 * from memory). Time limits, from memory (not confirmed in DOMAIN.md): 大型 and 特大型 within 4
 * hours to the county government, the city, the province and the ministry; 中型 within 12 hours
 * to county government, city and province; 小型 within 12 hours to county government and city.
 * The job `hazards.event-reminders` reminds the responsible staff before the deadline and once
 * when it has passed with levels still not reported.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { withContext, SYSTEM_CONTEXT, type Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { NotifyService } from '../../platform/notify/index.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { EventGrade, ReportLevel } from './hazards.tables.ts';

export const GRADE_ZH: Record<EventGrade, string> = { small: '小型', medium: '中型', large: '大型', huge: '特大型' };
const LEVEL_ZH: Record<ReportLevel, string> = { county_gov: '县政府', city: '市级', province: '省级', ministry: '部' };
const ORDER: EventGrade[] = ['small', 'medium', 'large', 'huge'];
const REMIND_QUEUE = 'hazards.event-reminders';

export interface GradingRule { kind: 'disaster' | 'danger'; grade: Exclude<EventGrade, 'small'>; minPeople: number; minLoss: number }
export interface TimeLimit { grade: EventGrade; hours: number; reportTo: ReportLevel[]; remindMinutes: number }

/** The rows migration 0940 seeds; the service reads the tables (these serve the pure functions and tests). */
export const DEFAULT_GRADING: GradingRule[] = [
  { kind: 'disaster', grade: 'huge', minPeople: 30, minLoss: 1000 }, { kind: 'disaster', grade: 'large', minPeople: 10, minLoss: 500 }, { kind: 'disaster', grade: 'medium', minPeople: 3, minLoss: 100 },
  { kind: 'danger', grade: 'huge', minPeople: 1000, minLoss: 10000 }, { kind: 'danger', grade: 'large', minPeople: 500, minLoss: 5000 }, { kind: 'danger', grade: 'medium', minPeople: 100, minLoss: 500 },
];

/** The highest grade whose people or loss threshold is reached (the higher of the two criteria wins). */
export function gradeEvent(rules: GradingRule[], kind: 'disaster' | 'danger', people: number, lossWan: number): EventGrade {
  let best = 0;
  for (const r of rules) if (r.kind === kind && (people >= r.minPeople || lossWan >= r.minLoss)) best = Math.max(best, ORDER.indexOf(r.grade));
  return ORDER[best]!;
}

export function gradeDisaster(deathsAndMissing: number, directLossWan: number, rules = DEFAULT_GRADING): EventGrade {
  return gradeEvent(rules, 'disaster', deathsAndMissing, directLossWan);
}

export function gradeDanger(threatened: number, potentialLossWan: number, rules = DEFAULT_GRADING): EventGrade {
  return gradeEvent(rules, 'danger', threatened, potentialLossWan);
}

export function reportingRule(grade: EventGrade): { hours: number; to: ReportLevel[] } {
  if (grade === 'huge' || grade === 'large') return { hours: 4, to: ['county_gov', 'city', 'province', 'ministry'] };
  if (grade === 'medium') return { hours: 12, to: ['county_gov', 'city', 'province'] };
  return { hours: 12, to: ['county_gov', 'city'] };
}

export interface EventInput {
  kind: 'disaster' | 'danger'; siteId: number | null; townshipCode: string; place: string; hazardType: string; occurredAt: Date;
  deaths: number; missing: number; injured: number; directLoss: number; threatenedPeople: number; potentialLoss: number; summary: string;
}

export interface ReportsDeps { db: Db; audit: AuditService; notify: Pick<NotifyService, 'enqueue'>; now?: () => Date }

export function createReportsService(deps: ReportsDeps) {
  const now = () => (deps.now ? deps.now() : new Date());
  const service = {
    async record(trx: Tx, actor: Actor, input: EventInput) {
      const d = await trx.selectFrom('orgs.divisions').select(['path', 'level']).where('code', '=', input.townshipCode).where('validTo', 'is', null).executeTakeFirst();
      if (!d || d.level !== 'township') throw invalid('townshipCode', `${input.townshipCode} is not a township`, `${input.townshipCode}不是乡镇（街道）区划代码`);
      const scope = actor.scopePath ?? '';
      if (!(d.path === scope || d.path.startsWith(`${scope}.`))) throw new AppError('hazards.township_out_of_scope', `townshipCode: ${input.townshipCode} is outside your scope`, { field: 'townshipCode' });
      if (input.occurredAt > now()) throw invalid('occurredAt', 'not in the future', '不能晚于当前时间');
      if (input.siteId !== null) {
        const s = await trx.selectFrom('hazards.sites').select('id').where('id', '=', input.siteId).executeTakeFirst();
        if (!s) throw new AppError('hazards.site_not_found', `siteId: no hazard site ${input.siteId}`, { field: 'siteId' });
      }
      const rules = (await trx.selectFrom('hazards.event_grading').select(['kind', 'grade', 'minPeople', 'minLoss']).execute()).map((r) => ({ ...r, minLoss: Number(r.minLoss) }));
      const grade = input.kind === 'disaster' ? gradeEvent(rules, 'disaster', input.deaths + input.missing, input.directLoss) : gradeEvent(rules, 'danger', input.threatenedPeople, input.potentialLoss);
      const limit = await trx.selectFrom('hazards.event_time_limits').select(['hours', 'reportTo']).where('grade', '=', grade).executeTakeFirst();
      const rule = limit ? { hours: limit.hours, to: limit.reportTo } : reportingRule(grade);
      const received = now();
      const r = await trx.insertInto('hazards.event_reports').values({
        ...input, reportNo: `SB${received.toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(3).toString('hex').toUpperCase()}`,
        orgPath: d.path, grade, reportTo: rule.to, dueAt: new Date(received.getTime() + rule.hours * 3600_000), receivedAt: received, reported: '{}', createdBy: actor.userId,
      }).returningAll().executeTakeFirstOrThrow();
      await deps.audit.record(trx, actor, { action: 'hazards.event.recorded', entityType: 'hazards.event_report', entityId: r.id, orgPath: r.orgPath, details: { reportNo: r.reportNo, kind: r.kind, grade, dueAt: r.dueAt } });
      return r;
    },

    async list(trx: Tx) {
      return trx.selectFrom('hazards.event_reports').selectAll().orderBy('id', 'desc').limit(200).execute();
    },

    /** Records that a level was reported to; late reports are kept with their time (the list marks them). */
    async markReported(trx: Tx, actor: Actor, id: number, level: ReportLevel) {
      const r = await trx.selectFrom('hazards.event_reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!r) throw new AppError('not_found', `id: no report ${id}`, { field: 'id' });
      if (!r.reportTo.includes(level)) throw invalid('level', `a ${GRADE_ZH[r.grade]} report goes to ${r.reportTo.join(', ')}`, `${GRADE_ZH[r.grade]}灾（险）情只报送${r.reportTo.map((l) => LEVEL_ZH[l]).join('、')}`);
      if (r.reported[level]) throw new AppError('conflict', `${level} was already reported to`, { field: 'level' });
      const at = now();
      const u = await trx.updateTable('hazards.event_reports').set({ reported: sql`reported || ${JSON.stringify({ [level]: at.toISOString() })}::jsonb` as never })
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await deps.audit.record(trx, actor, { action: 'hazards.event.reported', entityType: 'hazards.event_report', entityId: id, orgPath: r.orgPath, details: { level, late: at > r.dueAt } });
      return { ...u, late: at > r.dueAt };
    },

    /** The rules in force, each marked confirmed or not (shown on the page beside the form). */
    async rules(trx: Tx) {
      const [grading, limits] = await Promise.all([
        trx.selectFrom('hazards.event_grading').selectAll().orderBy('kind').orderBy('minPeople').execute(),
        trx.selectFrom('hazards.event_time_limits').selectAll().orderBy('hours').execute(),
      ]);
      return { grading: grading.map((g) => ({ ...g, minLoss: Number(g.minLoss) })), limits };
    },

    /**
     * 催报: reminds the staff who manage hazard sites over the report's township (in-app, and SMS
     * to their phone) `remind_minutes` before the deadline, and once more when the deadline has
     * passed with levels not yet reported. Each once per report (reminded_at, overdue_notified_at).
     */
    async sendReminders(): Promise<number> {
      return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
        const at = now();
        const due = await sql<{ id: number; reportNo: string; orgPath: string; place: string; grade: EventGrade; dueAt: Date; reportTo: ReportLevel[]; reported: Partial<Record<ReportLevel, string>>; overdue: boolean }>`
          select e.id, e.report_no as "reportNo", e.org_path::text as "orgPath", e.place, e.grade, e.due_at as "dueAt", e.report_to as "reportTo", e.reported,
                 e.due_at <= ${at} as overdue
            from hazards.event_reports e join hazards.event_time_limits l on l.grade = e.grade
           where exists (select 1 from unnest(e.report_to) lv where not e.reported ? lv)
             and ((e.due_at <= ${at} and e.overdue_notified_at is null)
               or (e.due_at > ${at} and e.due_at - make_interval(mins => l.remind_minutes) <= ${at} and e.reminded_at is null))
           order by e.id for update of e skip locked`.execute(trx);
        let sent = 0;
        for (const e of due.rows) {
          const missing = e.reportTo.filter((l) => !e.reported[l]).map((l) => LEVEL_ZH[l]).join('、');
          const users = await sql<{ userId: number; phone: string | null }>`
            select distinct p.user_id as "userId", u.phone from access.posts p
              join access.role_permissions rp on rp.role_id = p.role_id and rp.permission = 'hazards.site.manage'
              join identity.users u on u.id = p.user_id
             where p.active and ${e.orgPath}::ltree <@ p.scope_path`.execute(trx);
          const when = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(e.dueAt);
          const body = e.overdue
            ? `【速报超时】${GRADE_ZH[e.grade]}地质灾害${e.reportNo}（${e.place}）速报时限${when}已过，尚未报送：${missing}。请立即报送。`
            : `【速报提醒】${GRADE_ZH[e.grade]}地质灾害${e.reportNo}（${e.place}）须于${when}前报送${missing}。`;
          const tag = e.overdue ? 'overdue' : 'remind';
          for (const u of users.rows) {
            await deps.notify.enqueue(trx, { channel: 'inapp', to: String(u.userId), subject: e.overdue ? '速报超时' : '速报提醒', body, data: { link: '/app/hazard-events' }, dedupeKey: `hazards.event.${tag}.${e.id}.${u.userId}` });
            if (u.phone) await deps.notify.enqueue(trx, { channel: 'sms', to: u.phone, body, dedupeKey: `hazards.event.${tag}.${e.id}.${u.userId}.sms` });
            sent++;
          }
          await trx.updateTable('hazards.event_reports').set(e.overdue ? { overdueNotifiedAt: at } : { remindedAt: at }).where('id', '=', e.id).execute();
        }
        return sent;
      });
    },

    async registerJobs(jobs: Jobs) {
      await jobs.work(REMIND_QUEUE, async () => { await service.sendReminders(); });
      await jobs.schedule(REMIND_QUEUE, '*/5 * * * *');
    },
  };
  return service;
}
export type ReportsService = ReturnType<typeof createReportsService>;
