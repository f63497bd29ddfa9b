/**
 * Stage deadlines (环节预警), like approvals and tip-offs: a scheduled scan measures every running,
 * not paused stage against its due date in working days, sets yellow (≤ warnDays left once part of
 * the limit is used) or red (overdue), and tells the handlers in-app once per level.
 */
import { sql } from 'kysely';
import { SYSTEM_CONTEXT, withContext } from '../../platform/db/context.ts';
import { settingsFor, todayOf, type EnforcementDeps } from './enforcement.deps.ts';
import type { Light, StageKey } from './enforcement.tables.ts';

export const SCAN_QUEUE = 'enforcement.deadline-scan';

export const PERMISSION_OF: Record<StageKey, string> = {
  filing: 'enforcement.case.decide', investigation: 'enforcement.case.investigate', review: 'enforcement.case.review', notice: 'enforcement.case.investigate',
  decision: 'enforcement.case.decide', execution: 'enforcement.case.investigate', closing: 'enforcement.case.decide',
};

export async function lightOf(deps: EnforcementDeps, startedOn: string | null, due: string | null, today: string, warnDays: number): Promise<Light> {
  if (!due) return 'green';
  if (today > due) return 'red';
  const remaining = await deps.calendar.workdaysBetween(today, due);
  const total = startedOn ? await deps.calendar.workdaysBetween(startedOn, due) : Infinity;
  return remaining <= warnDays && remaining < total ? 'yellow' : 'green';
}

export async function scanDeadlines(deps: EnforcementDeps): Promise<{ changed: number }> {
  const today = todayOf(deps);
  return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
    const rows = await trx.selectFrom('enforcement.cases').select(['id', 'caseNo', 'title', 'stage', 'stageStartedOn', 'stageDueDate', 'warnLevel', sql<string>`org_path::text`.as('orgPath')])
      .where('stage', 'is not', null).where('clockPausedOn', 'is', null).execute();
    let changed = 0;
    for (const r of rows) {
      const s = await settingsFor(trx, r.orgPath);
      const level = await lightOf(deps, r.stageStartedOn, r.stageDueDate, today, s.warnDays);
      if (level === r.warnLevel) continue;
      await trx.updateTable('enforcement.cases').set({ warnLevel: level }).where('id', '=', r.id).execute();
      changed++;
      if (level === 'green') continue;
      const { rows: users } = await sql<{ userId: number }>`
        select distinct p.user_id as "userId" from access.posts p
        join access.role_permissions rp on rp.role_id = p.role_id and rp.permission = ${PERMISSION_OF[r.stage!]}
        where p.active and p.scope_path @> ${r.orgPath}::ltree`.execute(trx);
      for (const u of users) {
        await deps.notify.enqueue(trx, {
          channel: 'inapp', to: String(u.userId), subject: `【${level === 'red' ? '超期' : '预警'}】${r.caseNo}`,
          body: `执法案件 ${r.caseNo}（${r.title}）当前环节期限 ${r.stageDueDate}${level === 'red' ? '，已超期' : '，即将到期'}。`,
          data: { link: `/app/enforcement/cases/${r.id}`, caseNo: r.caseNo }, dedupeKey: `enforcement:warn:${r.id}:${r.stage}:${level}:${r.stageDueDate}`,
        });
      }
    }
    return { changed };
  });
}
