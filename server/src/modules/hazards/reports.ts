/**
 * 灾情/险情速报. Grading: 灾情 by 《地质灾害防治条例》 art. 4 (deaths — missing counted with them —
 * or direct loss: 特大型 ≥ 30 / ≥ 1000万元, 大型 ≥ 10 / ≥ 500万元, 中型 ≥ 3 / ≥ 100万元, else 小型);
 * 险情 by the 国家突发地质灾害应急预案 (people threatened or potential loss: 特大型 ≥ 1000 /
 * ≥ 1亿元, 大型 ≥ 500 / ≥ 5000万元, 中型 ≥ 100 / ≥ 500万元, else 小型). Time limits from the same
 * plan's 速报 rules (likely, not confirmed in DOMAIN.md): the county reports 大型 and 特大型 within
 * 4 hours to the county government and the city, and directly to the province and the ministry;
 * 中型 and 小型 within 12 hours to the county government and the city (中型 also to the province).
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { EventGrade, ReportLevel } from './hazards.tables.ts';

export const GRADE_ZH: Record<EventGrade, string> = { small: '小型', medium: '中型', large: '大型', huge: '特大型' };
const ORDER: EventGrade[] = ['small', 'medium', 'large', 'huge'];

export function gradeDisaster(deathsAndMissing: number, directLossWan: number): EventGrade {
  const byDeaths: EventGrade = deathsAndMissing >= 30 ? 'huge' : deathsAndMissing >= 10 ? 'large' : deathsAndMissing >= 3 ? 'medium' : 'small';
  const byLoss: EventGrade = directLossWan >= 1000 ? 'huge' : directLossWan >= 500 ? 'large' : directLossWan >= 100 ? 'medium' : 'small';
  return ORDER[Math.max(ORDER.indexOf(byDeaths), ORDER.indexOf(byLoss))]!;
}

export function gradeDanger(threatened: number, potentialLossWan: number): EventGrade {
  const byPeople: EventGrade = threatened >= 1000 ? 'huge' : threatened >= 500 ? 'large' : threatened >= 100 ? 'medium' : 'small';
  const byLoss: EventGrade = potentialLossWan >= 10000 ? 'huge' : potentialLossWan >= 5000 ? 'large' : potentialLossWan >= 500 ? 'medium' : 'small';
  return ORDER[Math.max(ORDER.indexOf(byPeople), ORDER.indexOf(byLoss))]!;
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

export function createReportsService(deps: { audit: AuditService; now?: () => Date }) {
  const now = () => (deps.now ? deps.now() : new Date());
  return {
    async record(trx: Tx, actor: Actor, input: EventInput) {
      const d = await trx.selectFrom('orgs.divisions').select(['path', 'level']).where('code', '=', input.townshipCode).where('validTo', 'is', null).executeTakeFirst();
      if (!d || d.level !== 'township') throw invalid('townshipCode', `${input.townshipCode} is not a township`);
      const scope = actor.scopePath ?? '';
      if (!(d.path === scope || d.path.startsWith(`${scope}.`))) throw new AppError('hazards.township_out_of_scope', `townshipCode: ${input.townshipCode} is outside your scope`, { field: 'townshipCode' });
      if (input.occurredAt > now()) throw invalid('occurredAt', 'not in the future');
      if (input.siteId !== null) {
        const s = await trx.selectFrom('hazards.sites').select('id').where('id', '=', input.siteId).executeTakeFirst();
        if (!s) throw new AppError('hazards.site_not_found', `siteId: no hazard site ${input.siteId}`, { field: 'siteId' });
      }
      const grade = input.kind === 'disaster' ? gradeDisaster(input.deaths + input.missing, input.directLoss) : gradeDanger(input.threatenedPeople, input.potentialLoss);
      const rule = reportingRule(grade);
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
      if (!r.reportTo.includes(level)) throw invalid('level', `a ${GRADE_ZH[r.grade]} report goes to ${r.reportTo.join(', ')}`);
      if (r.reported[level]) throw new AppError('conflict', `${level} was already reported to`, { field: 'level' });
      const at = now();
      const u = await trx.updateTable('hazards.event_reports').set({ reported: sql`reported || ${JSON.stringify({ [level]: at.toISOString() })}::jsonb` as never })
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await deps.audit.record(trx, actor, { action: 'hazards.event.reported', entityType: 'hazards.event_report', entityId: id, orgPath: r.orgPath, details: { level, late: at > r.dueAt } });
      return { ...u, late: at > r.dueAt };
    },
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
