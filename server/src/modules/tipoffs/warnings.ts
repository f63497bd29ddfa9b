/**
 * Stage deadlines and warnings (环节预警), like the approvals supervision: a scheduled scan —
 * never a page load — measures every running stage against its due date in working days,
 * raises a yellow (≤ warnDays left) or red (overdue) warning once, clears those that no longer
 * apply, and tells the handlers in-app.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { SYSTEM_CONTEXT, withContext } from '../../platform/db/context.ts';
import { dueDateOf, nowOf, settingsFor, todayOf, type TipoffsDeps } from './tipoffs.deps.ts';
import { usersCovering } from './ledger.ts';
import { STAGE_NAMES } from './views.ts';
import type { Light, StageKey } from './tipoffs.tables.ts';

export const SCAN_QUEUE = 'tipoffs.deadline-scan';

/**
 * Light of a stage on `today`: red past the due date; yellow with ≤ warnDays working days left
 * once part of the limit is used (a one-day stage turns yellow on its due day, not when it starts).
 */
export async function lightOf(deps: TipoffsDeps, startedOn: string | null, due: string | null, today: string, warnDays: number): Promise<{ level: Light; remaining: number | null }> {
  if (!due) return { level: 'green', remaining: null };
  if (today > due) return { level: 'red', remaining: -(await deps.calendar.workdaysBetween(due, today)) };
  const remaining = await deps.calendar.workdaysBetween(today, due);
  const total = startedOn ? await deps.calendar.workdaysBetween(startedOn, due) : Infinity;
  return { level: remaining <= warnDays && remaining < total ? 'yellow' : 'green', remaining };
}

const PERMISSION_OF: Record<StageKey, string> = {
  triage: 'tipoffs.report.triage', assign: 'tipoffs.report.assign', verify: 'tipoffs.report.handle',
  dispose: 'tipoffs.report.handle', feedback: 'tipoffs.report.handle', close: 'tipoffs.report.close',
};

/** The handlers of a stage whose due date a calendar change moved are told in-app, once per new date. */
async function tellDateMoved(
  deps: TipoffsDeps, trx: Tx, r: { id: number; reportNo: string; stage: StageKey; address: string; orgPath: string; assignedByPath: string | null }, before: string, due: string,
) {
  const provisional = await deps.calendar.isProvisional(due);
  const where = r.stage === 'close' && r.assignedByPath ? r.assignedByPath : r.orgPath;
  for (const to of await usersCovering(trx, PERMISSION_OF[r.stage], where)) {
    await deps.notify.enqueue(trx, {
      channel: 'inapp', to: String(to), subject: `【期限调整】${r.reportNo}`,
      body: `举报 ${r.reportNo}（${r.address}）环节“${STAGE_NAMES[r.stage]}”的期限由 ${before} 调整为 ${due}${provisional ? '（预计）' : ''}（工作日历已更新）。`,
      data: { link: `/tipoffs/reports/${r.id}`, reportNo: r.reportNo, before, dueDate: due },
      dedupeKey: `tipoffs:due-moved:${r.id}:${r.stage}:${due}`,
    });
  }
  await deps.audit.record(trx, null, {
    action: 'tipoffs.due_date.moved', entityType: 'tipoffs.report', entityId: r.id, orgPath: r.orgPath,
    details: { reportNo: r.reportNo, stage: r.stage, before, dueDate: due, provisional },
  });
}

async function scanOne(deps: TipoffsDeps, trx: Tx, id: number, today: string) {
  const r = await trx.selectFrom('tipoffs.reports').select(['id', 'reportNo', 'stage', 'stageDueDate', 'stageStartedOn', 'warnLevel', 'address', 'assignMode', 'assignDueDate', sql<string>`org_path::text`.as('orgPath'), sql<string | null>`assigned_by_path::text`.as('assignedByPath')])
    .where('id', '=', id).forUpdate().skipLocked().executeTakeFirst();
  if (!r || !r.stage) return { raised: 0, cleared: 0 };
  const s = await settingsFor(trx, r.orgPath);
  let due = r.stageDueDate;
  // A 交办 deadline was set by a person and stays; a computed one follows the calendar (a year
  // declared, an override): recomputed from the stage's start with the stage's own limit.
  const assigned = r.assignMode === 'assign' && due !== null && due === r.assignDueDate;
  if (r.stageStartedOn && !assigned) {
    const stage = await trx.selectFrom('tipoffs.stages').select('limitDays').where('reportId', '=', r.id).where('endedOn', 'is', null).executeTakeFirst();
    const computed = await dueDateOf(deps, r.stageStartedOn, stage?.limitDays ?? s.stageDays[r.stage]);
    if (computed && computed !== due) {
      await trx.updateTable('tipoffs.reports').set({ stageDueDate: computed }).where('id', '=', r.id).execute();
      await trx.updateTable('tipoffs.stages').set({ dueDate: computed }).where('reportId', '=', r.id).where('endedOn', 'is', null).execute();
      if (due) await tellDateMoved(deps, trx, r as typeof r & { stage: StageKey }, due, computed);
      due = computed;
    }
  }
  const { level, remaining } = await lightOf(deps, r.stageStartedOn, due, today, s.warnDays);
  const now = nowOf(deps);
  let raised = 0;
  let cleared = 0;
  const open = await trx.selectFrom('tipoffs.warnings').select(['id', 'level', 'stage']).where('reportId', '=', r.id).where('clearedAt', 'is', null).execute();
  // Warnings of an ended stage clear; green clears all; yellow clears a red that no longer applies.
  const stale = open.filter((w) => w.stage !== r.stage || level === 'green' || (level === 'yellow' && w.level === 'red'));
  if (stale.length) {
    await trx.updateTable('tipoffs.warnings').set({ clearedAt: now }).where('id', 'in', stale.map((w) => w.id)).execute();
    cleared += stale.length;
  }
  if (level !== r.warnLevel) {
    await trx.updateTable('tipoffs.reports').set({ warnLevel: level }).where('id', '=', r.id).execute();
    await trx.updateTable('tipoffs.stages').set({ level }).where('reportId', '=', r.id).where('endedOn', 'is', null).execute();
  }
  if (level !== 'green' && due && !open.some((w) => w.stage === r.stage && w.level === level)) {
    await trx.insertInto('tipoffs.warnings').values({ reportId: r.id, orgPath: r.orgPath, stage: r.stage, level, dueDate: due, raisedAt: now }).execute();
    raised++;
    const where = r.stage === 'close' && r.assignedByPath ? r.assignedByPath : r.orgPath;
    const users = await usersCovering(trx, PERMISSION_OF[r.stage], where);
    const name = level === 'red' ? '超期' : '预警';
    for (const to of users) {
      await deps.notify.enqueue(trx, {
        channel: 'inapp', to: String(to), subject: `【举报${name}】${r.reportNo}`,
        body: `举报 ${r.reportNo}（${r.address}）环节“${STAGE_NAMES[r.stage]}”应于 ${due} 前完成，${remaining !== null && remaining >= 0 ? `剩余 ${remaining} 个工作日` : `已超期 ${-(remaining ?? 0)} 个工作日`}。`,
        data: { link: `/tipoffs/reports/${r.id}`, reportNo: r.reportNo, level },
        dedupeKey: `tipoffs:warn:${r.id}:${r.stage}:${level}:${due}`,
      });
    }
    await deps.audit.record(trx, null, {
      action: 'tipoffs.warning.raised', entityType: 'tipoffs.report', entityId: r.id, orgPath: r.orgPath,
      details: { reportNo: r.reportNo, stage: r.stage, level, dueDate: due },
    });
  }
  return { raised, cleared };
}

/**
 * One scan over the reports whose light may change: a stage clock runs and the due date is
 * missing, near (within 32 calendar days: 10 warning working days plus the longest holiday) or
 * past, or the report already carries a colour or an open warning. Idempotent.
 */
export async function scanDeadlines(deps: TipoffsDeps, opts: { all?: boolean } = {}): Promise<{ scanned: number; raised: number; cleared: number }> {
  const today = todayOf(deps);
  const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + 32 * 86400_000).toISOString().slice(0, 10);
  // `all`: every running stage (after a year was declared, far due dates may move too).
  const ids = await withContext(deps.db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('tipoffs.reports as r').select('r.id').where('r.stage', 'is not', null)
    .where((eb) => opts.all ? eb.lit(true) : eb.or([
      eb('r.stageDueDate', 'is', null), eb('r.stageDueDate', '<=', horizon), eb('r.warnLevel', '!=', 'green'),
      eb.exists(eb.selectFrom('tipoffs.warnings as w').select('w.id').whereRef('w.reportId', '=', 'r.id').where('w.clearedAt', 'is', null)),
    ]))
    .orderBy('r.id').execute());
  let raised = 0;
  let cleared = 0;
  for (const { id } of ids) {
    // One short transaction per report: a slow scan never holds many locks.
    const r = await withContext(deps.db, SYSTEM_CONTEXT, (trx) => scanOne(deps, trx, id, today));
    raised += r.raised;
    cleared += r.cleared;
  }
  // Warnings of reports whose clock stopped (closed, refused, merged) clear too.
  const orphan = await withContext(deps.db, SYSTEM_CONTEXT, (trx) => sql<{ n: number }>`
    with c as (update tipoffs.warnings w set cleared_at = ${nowOf(deps)} from tipoffs.reports r
      where r.id = w.report_id and w.cleared_at is null and r.stage is null returning 1)
    select count(*)::int as n from c`.execute(trx));
  cleared += orphan.rows[0]?.n ?? 0;
  return { scanned: ids.length, raised, cleared };
}

export async function listWarnings(trx: Tx, opts: { open?: boolean | undefined; level?: 'yellow' | 'red' | undefined; limit: number }) {
  let q = trx.selectFrom('tipoffs.warnings as w').innerJoin('tipoffs.reports as r', 'r.id', 'w.reportId')
    .select(['w.id', 'w.reportId', 'r.reportNo', 'w.stage', 'w.level', 'w.dueDate', 'w.raisedAt', 'w.clearedAt', sql<string>`w.org_path::text`.as('orgPath')])
    .orderBy('w.raisedAt', 'desc').orderBy('w.id', 'desc').limit(opts.limit);
  if (opts.open !== false) q = q.where('w.clearedAt', 'is', null);
  if (opts.level) q = q.where('w.level', '=', opts.level);
  const rows = await q.execute();
  return rows.map((w) => ({ ...w, raisedAt: w.raisedAt.toISOString(), clearedAt: w.clearedAt ? w.clearedAt.toISOString() : null }));
}
