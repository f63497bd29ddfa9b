// PLACEHOLDER — owned by the audit/calendar/files helper; replace wholly.
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/database.ts';
import type { AuditService } from '../audit/index.ts';
import type { RouteOptions } from '../platform.ts';

export interface CalendarService {
  /** Nth working day after `from` (YYYY-MM-DD); `from` itself is not counted. Throws calendar.year_not_covered. */
  addWorkdays(from: string, days: number): Promise<string>;
}
export function createCalendarService(_deps: { db: Db; audit: AuditService }): CalendarService {
  return { async addWorkdays() { throw new Error('not implemented'); } };
}
export const calendarRoutes: FastifyPluginAsync<RouteOptions> = async () => {};
