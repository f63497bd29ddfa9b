/**
 * 好差评: the applicant rates a decided case once (5 levels with tags); a bad rating (差评,
 * levels 1–2) opens a rectification task (差评整改) for the handling bureau with working-day
 * limits (回访 and 整改); once the task is done the applicant may add one follow-up rating (追评).
 */
import { sql, type Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { addEvent, findCaseForUpdate, nowOf, todayOf, type ActingUser, type ApprovalsDeps } from './approvals.deps.ts';
import type { CasesTable, CaseStatus } from './approvals.tables.ts';
import type { RatingsTable, RectificationsTable, RectificationStatus } from './ratings.tables.ts';
import { usersCovering } from './recipients.ts';

type Case = Selectable<CasesTable>;
type Rating = Selectable<RatingsTable>;
type Rectification = Selectable<RectificationsTable>;

export const LEVEL_NAMES: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };
/** Levels 1–2 are 差评. */
export const isBad = (level: number) => level <= 2;
/** A case can be rated once it is decided (or refused at the window). */
export const RATEABLE: readonly CaseStatus[] = ['decided', 'completed', 'refused'];

export interface RatingSettings {
  goodTags: string[];
  badTags: string[];
  rectifyDays: number;
  visitDays: number;
}

export const DEFAULT_RATING_SETTINGS: RatingSettings = {
  goodTags: ['办事便捷', '一次办成', '服务热情', '材料精简', '办理高效', '指引清楚'],
  badTags: ['多次跑腿', '超时办理', '态度不好', '材料繁琐', '指引不清', '推诿扯皮'],
  rectifyDays: 5,
  visitDays: 1,
};

/** Rating settings of the nearest ancestor row of approvals.settings; code defaults when none. */
export async function ratingSettingsFor(q: Tx | Db, orgPath: string): Promise<RatingSettings> {
  const r = await q.selectFrom('approvals.settings').select(['ratingGoodTags', 'ratingBadTags', 'rectifyDays', 'visitDays'])
    .where(sql<boolean>`org_path @> ${orgPath}::ltree`).orderBy(sql`nlevel(org_path)`, 'desc').limit(1).executeTakeFirst();
  if (!r) return { ...DEFAULT_RATING_SETTINGS };
  return { goodTags: r.ratingGoodTags, badTags: r.ratingBadTags, rectifyDays: r.rectifyDays, visitDays: r.visitDays };
}

/** Tags allowed with a level: good ones for 4–5, bad ones for 1–2, either for 3 (基本满意). */
export function tagsForLevel(s: RatingSettings, level: number): string[] {
  if (level >= 4) return s.goodTags;
  if (level <= 2) return s.badTags;
  return [...s.goodTags, ...s.badTags];
}

export function presentRating(r: Rating) {
  return { level: r.level, levelName: LEVEL_NAMES[r.level] ?? '', tags: r.tags, comment: r.comment, followUp: r.followUp, createdAt: r.createdAt.toISOString() };
}

/** Red when past its due date and not done; yellow on the due day; else green. */
export function rectificationLight(r: Pick<Rectification, 'status' | 'dueDate' | 'visitDueDate' | 'visitedAt'>, today: string): 'green' | 'yellow' | 'red' {
  if (r.status === 'done') return 'green';
  if (r.dueDate && r.dueDate < today) return 'red';
  if (!r.visitedAt && r.visitDueDate && r.visitDueDate < today) return 'red';
  if (r.dueDate && r.dueDate === today) return 'yellow';
  return 'green';
}

export function presentPublicRectification(r: Rectification) {
  return { status: r.status, dueDate: r.dueDate, visitDueDate: r.visitDueDate, visitedAt: r.visitedAt?.toISOString() ?? null, result: r.result, completedAt: r.completedAt?.toISOString() ?? null };
}

async function ratingState(trx: Tx, caseId: number) {
  const ratings = await trx.selectFrom('approvals.ratings').selectAll().where('caseId', '=', caseId).orderBy('id').execute();
  const initial = ratings.find((r) => !r.followUp);
  const rect = initial
    ? await trx.selectFrom('approvals.rectifications').selectAll().where('ratingId', '=', initial.id).executeTakeFirst()
    : undefined;
  const followUp = ratings.find((r) => r.followUp);
  return { ratings, initial, followUp, rect };
}

/** What the tracking page shows: may the applicant rate or follow up, the tags, the ratings and the task. */
export async function publicRatingView(trx: Tx, c: Case) {
  const s = await ratingSettingsFor(trx, c.orgPath);
  const st = await ratingState(trx, c.id);
  return {
    canRate: RATEABLE.includes(c.status) && !st.initial,
    canFollowUp: !!st.rect && st.rect.status === 'done' && !st.followUp,
    tags: { good: s.goodTags, bad: s.badTags },
    ratings: st.ratings.map(presentRating),
    rectification: st.rect ? presentPublicRectification(st.rect) : null,
  };
}

/** A working day `days` after `from`, or null when the calendar does not cover that year yet. */
async function dueAfter(deps: ApprovalsDeps, from: string, days: number): Promise<string | null> {
  if (days === 0) return from;
  try {
    return await deps.calendar.addWorkdays(from, days);
  } catch (e) {
    if (e instanceof AppError && e.code === 'calendar.year_not_covered') return null;
    throw e;
  }
}

export interface RateInput { level: number; tags: string[]; comment?: string | undefined }

/**
 * Records a rating of a case proven by the case number + ID number pair (the caller checked it
 * in the system scope). The case row is locked, so of two simultaneous ratings one wins and the
 * other finds it and is refused.
 */
export async function rateCase(deps: ApprovalsDeps, trx: Tx, c: Case, input: RateInput) {
  await findCaseForUpdate(trx, c.caseNo);
  const s = await ratingSettingsFor(trx, c.orgPath);
  const st = await ratingState(trx, c.id);
  let followUp: boolean;
  if (!st.initial) {
    if (!RATEABLE.includes(c.status)) throw new AppError('approvals.rating_not_allowed', 'a case can be rated once it is decided', { status: c.status });
    followUp = false;
  } else if (st.rect?.status === 'done' && !st.followUp) {
    followUp = true;
  } else {
    throw new AppError('approvals.rating_not_allowed', st.followUp || !st.rect
      ? 'this case has been rated already'
      : 'a follow-up rating (追评) is possible once the rectification is done', { rectification: st.rect?.status ?? null });
  }
  const allowed = tagsForLevel(s, input.level);
  const tags = [...new Set(input.tags.map((x) => x.trim()).filter(Boolean))];
  const unknown = tags.filter((x) => !allowed.includes(x));
  if (unknown.length) throw invalid('tags', `not offered with level ${input.level}: ${unknown.join(', ')}`, `所选评价等级没有这些标签：${unknown.join('、')}`);
  const comment = input.comment?.trim() || null;
  if (isBad(input.level) && !tags.length && !comment) throw invalid('tags', 'a bad rating (差评) names at least one tag or says why in the comment', '差评须至少选择一个标签或在意见中说明原因');
  const rating = await trx.insertInto('approvals.ratings').values({ caseId: c.id, orgPath: c.orgPath, level: input.level, tags, comment, followUp, createdAt: nowOf(deps) })
    .returningAll().executeTakeFirstOrThrow();
  let rect: Rectification | null = null;
  const today = todayOf(deps);
  const matter = await trx.selectFrom('approvals.matter_versions').select('name').where('id', '=', c.matterVersionId).executeTakeFirstOrThrow();
  if (isBad(input.level) && !followUp) {
    rect = await trx.insertInto('approvals.rectifications').values({
      caseId: c.id, ratingId: rating.id, orgPath: c.orgPath, orgUnitId: c.orgUnitId, openedOn: today,
      visitDueDate: await dueAfter(deps, today, s.visitDays), dueDate: await dueAfter(deps, today, s.rectifyDays),
    }).returningAll().executeTakeFirstOrThrow();
    // In-app to whoever handles rectifications for the bureau (leaders, supervisors above it).
    for (const to of await usersCovering(trx, 'approvals.rectification.manage', c.orgPath)) {
      await deps.notify.enqueue(trx, {
        channel: 'inapp', to: String(to), subject: `【差评】${c.caseNo}`,
        body: `${matter.name}（${c.caseNo}）收到差评（${LEVEL_NAMES[input.level]}${tags.length ? `：${tags.join('、')}` : ''}），请于${rect.visitDueDate ?? '尽快'}前回访，${rect.dueDate ?? '限期'}前整改反馈。`,
        data: { link: '/app/approvals-ratings', caseNo: c.caseNo, rectificationId: rect.id },
        dedupeKey: `approvals:rectification:${rect.id}`,
      });
    }
  }
  await addEvent(trx, c, null, followUp ? 'follow_up_rated' : 'rated', { level: input.level, tags, rectificationId: rect?.id ?? null }, false);
  await deps.audit.record(trx, null, {
    action: followUp ? 'approvals.rating.follow_up' : 'approvals.rating.created', entityType: 'approvals.case', entityId: c.id, orgPath: c.orgPath,
    details: { caseNo: c.caseNo, ratingId: rating.id, level: input.level, tags, rectificationId: rect?.id ?? null },
  });
  return { rating: presentRating(rating), rectification: rect ? presentPublicRectification(rect) : null };
}

/** Ratings in the actor's scope (RLS), newest first, with the distribution over the same filter. */
export async function listRatings(trx: Tx, f: { level?: number | undefined; from?: string | undefined; to?: string | undefined; limit: number }) {
  let q = trx.selectFrom('approvals.ratings as r').innerJoin('approvals.cases as c', 'c.id', 'r.caseId');
  if (f.from) q = q.where(sql<boolean>`r.created_at >= (${f.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (f.to) q = q.where(sql<boolean>`r.created_at < (${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  const dist = await q.select(['r.level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('r.level').execute();
  const distribution = [5, 4, 3, 2, 1].map((level) => ({ level, count: Number(dist.find((d) => d.level === level)?.n ?? 0) }));
  let rows = q.innerJoin('approvals.matter_versions as v', 'v.id', 'c.matterVersionId')
    .leftJoin('approvals.rectifications as x', 'x.ratingId', 'r.id')
    .select(['r.id', 'r.level', 'r.tags', 'r.comment', 'r.followUp', 'r.createdAt', 'c.caseNo', 'c.applicantName', 'c.applicantKind', 'v.name as matterName', 'x.id as rectificationId', 'x.status as rectificationStatus']);
  if (f.level) rows = rows.where('r.level', '=', f.level);
  const items = await rows.orderBy('r.createdAt', 'desc').orderBy('r.id', 'desc').limit(f.limit).execute();
  const total = distribution.reduce((a, d) => a + d.count, 0);
  const bad = distribution.filter((d) => isBad(d.level)).reduce((a, d) => a + d.count, 0);
  return {
    total, bad, satisfaction: total ? Math.round(((total - bad) / total) * 1000) / 10 : null, distribution,
    items: items.map((r) => ({
      id: r.id, caseNo: r.caseNo, matterName: r.matterName, applicantName: r.applicantName, applicantKind: r.applicantKind,
      level: r.level, levelName: LEVEL_NAMES[r.level] ?? '', tags: r.tags, comment: r.comment, followUp: r.followUp, createdAt: r.createdAt.toISOString(),
      rectificationId: r.rectificationId ?? null, rectificationStatus: (r.rectificationStatus ?? null) as RectificationStatus | null,
    })),
  };
}

function rectificationQuery(trx: Tx) {
  return trx.selectFrom('approvals.rectifications as x')
    .innerJoin('approvals.ratings as r', 'r.id', 'x.ratingId')
    .innerJoin('approvals.cases as c', 'c.id', 'x.caseId')
    .innerJoin('approvals.matter_versions as v', 'v.id', 'c.matterVersionId')
    .selectAll('x')
    .select(['c.caseNo', 'c.applicantName', 'c.applicantPhone', 'v.name as matterName', 'r.level', 'r.tags', 'r.comment'])
    .select((eb) => eb.selectFrom('approvals.ratings as f').select('f.level').whereRef('f.caseId', '=', 'x.caseId').where('f.followUp', '=', true).as('followUpLevel'));
}
type RectRow = Awaited<ReturnType<ReturnType<typeof rectificationQuery>['executeTakeFirstOrThrow']>>;

function presentRectification(r: RectRow, today: string) {
  const light = rectificationLight(r, today);
  return {
    id: r.id, caseNo: r.caseNo, matterName: r.matterName, applicantName: r.applicantName, applicantPhone: r.applicantPhone,
    rating: { level: r.level, levelName: LEVEL_NAMES[r.level] ?? '', tags: r.tags, comment: r.comment },
    status: r.status, openedOn: r.openedOn, visitDueDate: r.visitDueDate, dueDate: r.dueDate,
    visitedAt: r.visitedAt?.toISOString() ?? null, visitNote: r.visitNote, result: r.result, completedAt: r.completedAt?.toISOString() ?? null,
    followUpLevel: r.followUpLevel ?? null, version: r.rowVersion, light, overdue: light === 'red',
  };
}
export type RectificationView = ReturnType<typeof presentRectification>;

export async function listRectifications(deps: ApprovalsDeps, trx: Tx, f: { status?: RectificationStatus[] | undefined; limit: number }) {
  let q = rectificationQuery(trx);
  if (f.status?.length) q = q.where('x.status', 'in', f.status);
  const rows = await q.orderBy(sql`x.status = 'done'`).orderBy('x.dueDate').orderBy('x.id', 'desc').limit(f.limit).execute();
  const today = todayOf(deps);
  return rows.map((r) => presentRectification(r, today));
}

/** Locks the task (RLS: another county's is absent), checks the optimistic version and the state. */
async function lockRectification(trx: Tx, id: number, allowed: RectificationStatus[], version: number | undefined, action: string) {
  const r = await trx.selectFrom('approvals.rectifications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!r) throw new AppError('approvals.rectification_not_found', `rectification ${id} not found`, { field: 'id' });
  if (version !== undefined && version !== r.rowVersion) {
    throw new AppError('approvals.rectification_state_changed', `rectification ${id} changed meanwhile (version ${r.rowVersion}, you had ${version}); reload it`, { status: r.status, version: r.rowVersion });
  }
  if (!allowed.includes(r.status)) throw new AppError('approvals.rectification_wrong_state', `cannot ${action} rectification ${id} in status ${r.status}`, { status: r.status, version: r.rowVersion });
  return r;
}

async function caseOf(trx: Tx, caseId: number) {
  return trx.selectFrom('approvals.cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
}

/** Records the call back to the rater (回访); the task moves from open to visited. */
export async function visitRectification(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, id: number, input: { note: string; version?: number | undefined }) {
  const r = await lockRectification(trx, id, ['open'], input.version, 'record the call back of');
  const note = input.note.trim();
  const now = nowOf(deps);
  await trx.updateTable('approvals.rectifications')
    .set({ status: 'visited', visitedAt: now, visitedBy: actor.userId, visitNote: note, rowVersion: sql`row_version + 1` })
    .where('id', '=', id).execute();
  const c = await caseOf(trx, r.caseId);
  await addEvent(trx, c, actor, 'rectification_visited', { rectificationId: id }, false);
  await deps.audit.record(trx, actor, {
    action: 'approvals.rectification.visited', entityType: 'approvals.rectification', entityId: id, orgPath: r.orgPath,
    details: { caseNo: c.caseNo, note, onTime: r.visitDueDate ? todayOf(deps) <= r.visitDueDate : null },
  });
  return rectificationView(deps, trx, id);
}

/** Records the rectification result (整改结果); SMS to the applicant, who may now add one 追评. */
export async function completeRectification(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, id: number, input: { result: string; version: number }) {
  const r = await lockRectification(trx, id, ['visited'], input.version, 'complete');
  const result = input.result.trim();
  await trx.updateTable('approvals.rectifications')
    .set({ status: 'done', result, completedAt: nowOf(deps), completedBy: actor.userId, rowVersion: sql`row_version + 1` })
    .where('id', '=', id).execute();
  const c = await caseOf(trx, r.caseId);
  const onTime = r.dueDate ? todayOf(deps) <= r.dueDate : null;
  await addEvent(trx, c, actor, 'rectified', { rectificationId: id, onTime }, false);
  await deps.notify.enqueue(trx, {
    channel: 'sms', to: c.applicantPhone, dedupeKey: `approvals:${c.caseNo}:rectified`,
    body: `【阳光国土】您对办件${c.caseNo}的评价已整改：${result.length > 120 ? `${result.slice(0, 120)}…` : result}。欢迎凭办件编号和证件号码进行一次追评。`,
  });
  await deps.audit.record(trx, actor, {
    action: 'approvals.rectification.completed', entityType: 'approvals.rectification', entityId: id, orgPath: r.orgPath,
    details: { caseNo: c.caseNo, result, onTime },
  });
  return rectificationView(deps, trx, id);
}

export async function rectificationView(deps: ApprovalsDeps, trx: Tx, id: number) {
  const r = await rectificationQuery(trx).where('x.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('approvals.rectification_not_found', `rectification ${id} not found`, { field: 'id' });
  return presentRectification(r, todayOf(deps));
}

/** Saves the rating settings of the actor's bureau subtree (nearest row; created when absent). */
export async function saveRatingSettings(deps: ApprovalsDeps, trx: Tx, actor: ActingUser, orgPath: string, input: RatingSettings) {
  const clean = (xs: string[], field: string) => {
    const out = [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
    if (!out.length) throw invalid(field, 'at least one tag', '至少填写一个标签');
    return out;
  };
  const v = { ratingGoodTags: clean(input.goodTags, 'goodTags'), ratingBadTags: clean(input.badTags, 'badTags'), rectifyDays: input.rectifyDays, visitDays: input.visitDays };
  const both = v.ratingGoodTags.filter((x) => v.ratingBadTags.includes(x));
  if (both.length) throw invalid('badTags', `a tag cannot be both good and bad: ${both.join(', ')}`, `以下标签不能既是好评标签又是差评标签：${both.join('、')}`);
  if (v.visitDays > v.rectifyDays) throw invalid('visitDays', 'the call back comes before the rectification deadline', '回访期限不能晚于整改期限');
  await trx.insertInto('approvals.settings').values({ orgPath, ...v, updatedBy: actor.userId })
    .onConflict((oc) => oc.column('orgPath').doUpdateSet({ ...v, updatedBy: actor.userId, updatedAt: sql`now()` })).execute();
  await deps.audit.record(trx, actor, { action: 'approvals.settings.updated', entityType: 'approvals.settings', entityId: orgPath, orgPath, details: { ratings: v } });
  return ratingSettingsFor(trx, orgPath);
}
