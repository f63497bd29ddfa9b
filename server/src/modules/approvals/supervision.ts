/**
 * Electronic supervision (电子监察). A scheduled scan — never a page load — recomputes every
 * open case's and active stage's deadline, raises yellow (预警) and red (红牌) warnings once,
 * clears them when they stop applying, and notifies the handlers in-app. Supervisors list the
 * warnings of their subtree, urge (督办) with a message, and get a daily digest.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { SYSTEM_CONTEXT, withContext } from '../../platform/db/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { addEvent, auditCase, nowOf, todayOf, type ActingUser, type ApprovalsDeps } from './approvals.deps.ts';
import { deemAcceptances } from './accept-case.ts';
import { refreshCaseDeadline, refreshStageDeadline } from './case-deadline.ts';
import type { Deadline } from './deadlines.ts';
import { dueProvisional, type ProvisionalCheck } from './case-views.ts';
import { postsHolding, usersAtUnits, usersCovering } from './recipients.ts';

export const SCAN_QUEUE = 'approvals.deadline-scan';
export const DIGEST_QUEUE = 'approvals.supervision-digest';

export interface ScanResult { deemedAccepted: string[]; raised: number; cleared: number; scanned: number }

const LEVEL_NAME = { yellow: '黄牌预警', red: '红牌（已超期）' } as const;

async function syncWarning(
  deps: ApprovalsDeps, trx: Tx, c: { id: number; caseNo: string; orgPath: string }, stage: { id: number; name: string; departments: string[] } | null,
  d: Deadline, matterName: string,
): Promise<{ raised: number; cleared: number }> {
  let q = trx.selectFrom('approvals.warnings').select(['id', 'level']).where('caseId', '=', c.id).where('clearedAt', 'is', null);
  q = stage ? q.where('stageId', '=', stage.id) : q.where('stageId', 'is', null);
  const open = await q.execute();
  const now = nowOf(deps);
  let raised = 0;
  let cleared = 0;
  // Green clears all; yellow clears a red that no longer applies (deadline moved); red keeps the yellow as history.
  const stale = open.filter((w) => d.level === 'green' || (d.level === 'yellow' && w.level === 'red'));
  if (stale.length) {
    await trx.updateTable('approvals.warnings').set({ clearedAt: now }).where('id', 'in', stale.map((w) => w.id)).execute();
    cleared += stale.length;
  }
  if (d.level !== 'green' && !open.some((w) => w.level === d.level)) {
    await trx.insertInto('approvals.warnings').values({
      caseId: c.id, orgPath: c.orgPath, stageId: stage?.id ?? null, level: d.level, dueDate: d.dueDate, raisedAt: now,
      details: JSON.stringify({ remainingDays: d.remainingDays, usedDays: d.usedDays, totalDays: d.totalDays, stage: stage?.name ?? null }),
    }).execute();
    raised++;
    const recipients = stage
      ? await usersAtUnits(trx, 'approvals.case.review', stage.departments.map((dep) => (dep === 'bureau' ? c.orgPath : `${c.orgPath}.${dep}`)))
      : await usersCovering(trx, 'approvals.case.decide', c.orgPath);
    const what = stage ? `环节“${stage.name}”` : '办件';
    for (const to of recipients) {
      await deps.notify.enqueue(trx, {
        channel: 'inapp', to: String(to), subject: `【${LEVEL_NAME[d.level]}】${c.caseNo}`,
        body: `${matterName}（${c.caseNo}）${what}应于${d.dueDate}${d.provisional ? '（预计）' : ''}办结，${d.remainingDays >= 0 ? `剩余${d.remainingDays}个工作日` : `已超期${-d.remainingDays}个工作日`}。`,
        data: { link: `/approvals/cases/${c.caseNo}`, caseNo: c.caseNo, level: d.level },
        dedupeKey: `approvals:warn:${c.id}:${stage?.id ?? 0}:${d.level}:${d.dueDate}`,
      });
    }
    await deps.audit.record(trx, null, {
      action: 'approvals.warning.raised', entityType: 'approvals.case', entityId: c.id, orgPath: c.orgPath,
      details: { caseNo: c.caseNo, level: d.level, stage: stage?.name ?? null, dueDate: d.dueDate },
    });
  }
  return { raised, cleared };
}

/**
 * A due date moved by a calendar change (a year declared, an override): the handlers are told
 * in-app, once per new date. A first computation (no previous date) tells nobody.
 */
async function tellDateMoved(
  deps: ApprovalsDeps, trx: Tx, c: { id: number; caseNo: string; orgPath: string; matterName: string }, stage: { id: number; name: string; departments: string[] } | null,
  before: string | null, d: Deadline,
): Promise<void> {
  if (!before || before === d.dueDate) return;
  const recipients = stage
    ? await usersAtUnits(trx, 'approvals.case.review', stage.departments.map((dep) => (dep === 'bureau' ? c.orgPath : `${c.orgPath}.${dep}`)))
    : await usersCovering(trx, 'approvals.case.decide', c.orgPath);
  const what = stage ? `环节“${stage.name}”` : '办件';
  for (const to of recipients) {
    await deps.notify.enqueue(trx, {
      channel: 'inapp', to: String(to), subject: `【办结日期调整】${c.caseNo}`,
      body: `${c.matterName}（${c.caseNo}）${what}的应办结日期由${before}调整为${d.dueDate}${d.provisional ? '（预计）' : ''}（工作日历已更新）。`,
      data: { link: `/approvals/cases/${c.caseNo}`, caseNo: c.caseNo, before, dueDate: d.dueDate },
      dedupeKey: `approvals:due-moved:${c.id}:${stage?.id ?? 0}:${d.dueDate}`,
    });
  }
  await deps.audit.record(trx, null, {
    action: 'approvals.due_date.moved', entityType: 'approvals.case', entityId: c.id, orgPath: c.orgPath,
    details: { caseNo: c.caseNo, stage: stage?.name ?? null, before, dueDate: d.dueDate, provisional: d.provisional },
  });
}

/** One scan: deemed acceptance, then deadlines and warnings of every open case. Idempotent. */
export async function scanDeadlines(deps: ApprovalsDeps): Promise<ScanResult> {
  const deemedAccepted = await withContext(deps.db, SYSTEM_CONTEXT, (trx) => deemAcceptances(deps, trx));
  const open = await withContext(deps.db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('approvals.cases').select('id')
    .where('status', 'in', ['in_review', 'pending_decision', 'supplement_requested']).where('acceptedOn', 'is not', null).orderBy('id').execute());
  let raised = 0;
  let cleared = 0;
  const today = todayOf(deps);
  for (const { id } of open) {
    // One short transaction per case: a slow scan never holds many case locks.
    const r = await withContext(deps.db, SYSTEM_CONTEXT, async (trx): Promise<{ raised: number; cleared: number }> => {
      const c = await trx.selectFrom('approvals.cases as c').innerJoin('approvals.matter_versions as v', 'v.id', 'c.matterVersionId')
        .selectAll('c').select('v.name as matterName').where('c.id', '=', id).forUpdate('c').skipLocked().executeTakeFirst();
      if (!c || !['in_review', 'pending_decision', 'supplement_requested'].includes(c.status)) return { raised: 0, cleared: 0 };
      const d = await refreshCaseDeadline(deps, trx, c, today);
      if (d) await tellDateMoved(deps, trx, c, null, c.dueDate, d);
      let acc = d ? await syncWarning(deps, trx, c, null, d, c.matterName) : { raised: 0, cleared: 0 };
      const stages = await trx.selectFrom('approvals.case_stages').selectAll().where('caseId', '=', c.id).where('status', '=', 'active').execute();
      for (const st of stages) {
        const sd = await refreshStageDeadline(deps, trx, c, st, today);
        if (sd) await tellDateMoved(deps, trx, c, st, st.dueDate, sd);
        if (sd) {
          const s = await syncWarning(deps, trx, c, st, sd, c.matterName);
          acc = { raised: acc.raised + s.raised, cleared: acc.cleared + s.cleared };
        }
      }
      return acc;
    });
    raised += r.raised;
    cleared += r.cleared;
  }
  // Folds the statistics deltas the transitions appended since the last scan (migration 0121).
  await withContext(deps.db, SYSTEM_CONTEXT, (trx) => sql`select approvals.compact_case_stats()`.execute(trx));
  return { deemedAccepted, raised, cleared, scanned: open.length };
}

export async function listWarnings(trx: Tx, opts: { open?: boolean; level?: 'yellow' | 'red'; limit: number }, cal: ProvisionalCheck) {
  let q = trx.selectFrom('approvals.warnings as w')
    .innerJoin('approvals.cases as c', 'c.id', 'w.caseId')
    .innerJoin('approvals.matter_versions as v', 'v.id', 'c.matterVersionId')
    .leftJoin('approvals.case_stages as s', 's.id', 'w.stageId')
    .select(['w.id', 'c.caseNo', 'v.name as matterName', 's.name as stageName', 'w.level', 'w.dueDate', 'w.raisedAt', 'w.clearedAt', sql<string>`w.org_path::text`.as('orgPath'), 'w.details'])
    .orderBy('w.raisedAt', 'desc').orderBy('w.id', 'desc').limit(opts.limit);
  if (opts.open !== false) q = q.where('w.clearedAt', 'is', null);
  if (opts.level) q = q.where('w.level', '=', opts.level);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, raisedAt: r.raisedAt.toISOString(), clearedAt: r.clearedAt ? r.clearedAt.toISOString() : null, dueDateProvisional: dueProvisional(cal, r.dueDate) }));
}

/** 督办: an instruction to the handlers of a case, in-app, audited. */
export async function urgeCase(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, caseNo: string, input: { message: string; warningId?: number | undefined }) {
  const c = await trx.selectFrom('approvals.cases').selectAll().where('caseNo', '=', caseNo).executeTakeFirst();
  if (!c) throw new AppError('approvals.case_not_found', `case ${caseNo} not found`, { field: 'caseNo' });
  if (input.warningId !== undefined) {
    const w = await trx.selectFrom('approvals.warnings').select('id').where('id', '=', input.warningId).where('caseId', '=', c.id).executeTakeFirst();
    if (!w) throw new AppError('approvals.warning_not_found', `warning ${input.warningId} of case ${caseNo} not found`, { field: 'warningId' });
  }
  const stage = c.currentStage === null ? null
    : await trx.selectFrom('approvals.case_stages').select(['departments']).where('caseId', '=', c.id).where('idx', '=', c.currentStage).executeTakeFirst();
  const handlers = new Set<number>([
    ...(await usersCovering(trx, 'approvals.case.decide', c.orgPath)),
    ...(stage ? await usersAtUnits(trx, 'approvals.case.review', stage.departments.map((d) => (d === 'bureau' ? c.orgPath : `${c.orgPath}.${d}`))) : []),
    ...(c.status === 'submitted' || c.status === 'resubmitted' ? await usersCovering(trx, 'approvals.case.accept', c.orgPath) : []),
  ]);
  handlers.delete(actor.userId);
  const message = input.message.trim();
  const urge = await trx.insertInto('approvals.urges').values({
    caseId: c.id, orgPath: c.orgPath, warningId: input.warningId ?? null, message, urgedBy: actor.userId, urgedAt: nowOf(deps), recipients: [...handlers],
  }).returningAll().executeTakeFirstOrThrow();
  for (const to of handlers) {
    await deps.notify.enqueue(trx, {
      channel: 'inapp', to: String(to), subject: `【督办】${c.caseNo}`, body: `${actor.displayName}督办：${message}`,
      data: { link: `/approvals/cases/${c.caseNo}`, caseNo: c.caseNo, urgeId: urge.id },
    });
  }
  await addEvent(trx, c, actor, 'urged', { message, recipients: handlers.size }, false);
  await auditCase(deps, trx, actor, c, 'urged', { urgeId: urge.id, message, recipients: [...handlers] });
  return { id: urge.id, caseNo: c.caseNo, message, recipients: [...handlers], urgedAt: urge.urgedAt.toISOString() };
}

/** The daily digest: each supervisor gets the open warnings of their subtree, in-app. */
export async function sendDigest(deps: ApprovalsDeps): Promise<number> {
  return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
    const supervisors = await postsHolding(trx, 'approvals.supervision.read');
    let sent = 0;
    const day = todayOf(deps);
    for (const s of supervisors) {
      const { rows } = await sql<{ level: string; n: number }>`
        select level, count(*)::int as n from approvals.warnings
        where cleared_at is null and org_path <@ ${s.scopePath}::ltree group by level`.execute(trx);
      const by = Object.fromEntries(rows.map((r) => [r.level, r.n]));
      const red = by.red ?? 0;
      const yellow = by.yellow ?? 0;
      if (!red && !yellow) continue;
      await deps.notify.enqueue(trx, {
        channel: 'inapp', to: String(s.userId), subject: `电子监察日报 ${day}`,
        body: `辖区内未解除红牌 ${red} 件、黄牌预警 ${yellow} 件，请及时督办。`,
        data: { link: '/approvals/supervision', red, yellow }, dedupeKey: `approvals:digest:${s.userId}:${s.scopePath}:${day}`,
      });
      sent++;
    }
    return sent;
  });
}
