/**
 * Township workbench (乡镇工作台) and 网上督察. The township's information clerk files patrol
 * findings and land-use change notes and reports them (草稿 → 已上报), reads the county's notices
 * (a read receipt per township), publishes the township's own notices (handed to the portal as a
 * draft article when a portal is wired) and asks the county questions, answered within a number
 * of working days. The county and the city read every township's activity (RLS), ranked for the
 * yearly assessment. README.md gives the states, permissions, deadlines and the score.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { withContext, type Tx } from '../../platform/db/context.ts';
import type { AuditService } from '../../platform/audit/index.ts';
import type { CalendarService } from '../../platform/calendar/index.ts';
import type { NotifyService } from '../../platform/notify/index.ts';
import { actorContext, type Actor, type ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { EntryKind, Finding } from './township.tables.ts';

/**
 * Shape of portal's `submitArticle` (server/src/modules/portal/index.ts, CONTRACTS §2), built in
 * parallel; the integrator replaces it with the import and passes it in app.ts.
 */
export type SubmitArticle = (trx: Tx, actor: ActingUser, input: {
  divisionCode: string; columnKind: 'notice' | 'news'; title: string; bodyHtml: string; source: string;
}) => Promise<{ articleId: string }>;

export interface TownshipDeps {
  db: Db;
  audit: AuditService;
  calendar: Pick<CalendarService, 'addWorkdays' | 'workdaysBetween'>;
  notify: Pick<NotifyService, 'enqueue'>;
  /** The portal's article hand-over; without it a township notice stays on the workbench only. */
  submitArticle?: SubmitArticle | undefined;
  /** Working days the county has to answer a question (答复期限). */
  answerWorkdays?: number;
  now?: () => Date;
}

export const FINDINGS_OF: Record<EntryKind, Finding[]> = {
  patrol: ['illegal_building', 'small_mine', 'hazard_sign', 'nothing_found'],
  land_change: ['land_change'],
};
export const DEFAULT_ANSWER_WORKDAYS = 3;

export interface EntryInput {
  kind: EntryKind; finding: Finding; place: string; description: string; observedOn: string;
  lon: number | null; lat: number | null; report: boolean;
}

const CST = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
export const chinaDay = (d: Date): string => CST.format(d);

/** The township of a township land office's post (path ends in tNNNNNNNNN), else township.not_township. */
export function townshipOf(actor: Pick<Actor, 'scopePath'>): { path: string; code: string } {
  const m = actor.scopePath?.match(/\.t(\d{9})$/);
  if (!m) throw new AppError('township.not_township', 'only a township land office (乡镇国土所) files and asks here');
  return { path: actor.scopePath!, code: m[1]! };
}

/** The county of a county bureau's post (path ends in xNNNNNN), else township.not_county. */
export function countyOf(actor: Pick<Actor, 'scopePath'>): { path: string; code: string } {
  const m = actor.scopePath?.match(/\.x(\d{6})$/);
  if (!m) throw new AppError('township.not_county', 'only a county bureau (县局) sends notices to townships and answers them');
  return { path: actor.scopePath!, code: m[1]! };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** Plain text → paragraphs of HTML for the portal's article (the only HTML this module makes). */
export const textToHtml = (text: string) => text.split(/\n{2,}|\r\n\r\n/).map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`).join('');

export function createTownshipService(deps: TownshipDeps) {
  const now = () => (deps.now ? deps.now() : new Date());
  const answerWorkdays = deps.answerWorkdays ?? DEFAULT_ANSWER_WORKDAYS;

  async function audit(trx: Tx, actor: ActingUser | null, action: string, entityType: string, entityId: string | number, orgPath: string, details: Record<string, unknown>) {
    await deps.audit.record(trx, actor, { action: `township.${entityType}.${action}`, entityType: `township.${entityType}`, entityId, orgPath, details });
  }

  function checkEntry(input: EntryInput, today: string) {
    if (!FINDINGS_OF[input.kind].includes(input.finding)) throw invalid('finding', `not a finding of a ${input.kind} entry`, '不是本类记录可选的结果');
    if (input.observedOn > today) throw invalid('observedOn', 'must not be after today', '不能晚于今天');
    if ((input.lon === null) !== (input.lat === null)) throw invalid(input.lon === null ? 'lon' : 'lat', 'give both longitude and latitude, or neither', '经度和纬度须同时填写或同时不填');
  }

  async function officeName(trx: Tx, path: string): Promise<string> {
    const u = await trx.selectFrom('orgs.org_units').select('name').where(sql<boolean>`path = ${path}::ltree`).where('kind', '=', 'bureau').executeTakeFirst();
    return u?.name ?? path;
  }

  const service = {
    answerWorkdays,

    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },

    // ---- entries (乡镇填报) ----

    async fileEntry(trx: Tx, actor: ActingUser, input: EntryInput, fieldRecordId: string | null = null) {
      const t = townshipOf(actor);
      checkEntry(input, chinaDay(now()));
      const at = now();
      const row = await trx.insertInto('township.entries').values({
        orgPath: t.path, townshipCode: t.code, kind: input.kind, finding: input.finding, place: input.place, description: input.description,
        observedOn: input.observedOn, lon: input.lon, lat: input.lat, status: input.report ? 'reported' : 'draft', reportedAt: input.report ? at : null,
        fieldRecordId, createdBy: actor.userId,
      }).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, input.report ? 'reported' : 'drafted', 'entry', row.id, t.path, { kind: row.kind, finding: row.finding, fieldRecordId });
      return row;
    },

    async updateEntry(trx: Tx, actor: ActingUser, id: string, input: EntryInput) {
      const t = townshipOf(actor);
      const e = await trx.selectFrom('township.entries').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!e) throw new AppError('township.entry_not_found', `id: no entry ${id}`, { field: 'id' });
      if (e.status !== 'draft') throw new AppError('township.entry_wrong_state', 'a reported entry no longer changes');
      checkEntry(input, chinaDay(now()));
      const row = await trx.updateTable('township.entries').set({
        kind: input.kind, finding: input.finding, place: input.place, description: input.description, observedOn: input.observedOn, lon: input.lon, lat: input.lat,
        status: input.report ? 'reported' : 'draft', reportedAt: input.report ? now() : null, version: sql`version + 1`, updatedAt: now(),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, input.report ? 'reported' : 'updated', 'entry', id, t.path, { kind: row.kind, finding: row.finding });
      return row;
    },

    async listEntries(trx: Tx, f: { status?: 'draft' | 'reported' | undefined; township?: string | undefined; limit: number }) {
      let q = trx.selectFrom('township.entries').selectAll().orderBy('createdAt', 'desc').limit(f.limit);
      if (f.status) q = q.where('status', '=', f.status);
      if (f.township) q = q.where('townshipCode', '=', f.township);
      return q.execute();
    },

    // ---- notices (通知公告) ----

    /** A county notice goes to every township below the county; a township's own notice is handed to the portal when wired. */
    async publishNotice(trx: Tx, actor: ActingUser, input: { title: string; body: string; columnKind: 'notice' | 'news'; readBy: string | null }) {
      const scope = actor.scopePath ?? '';
      const county = /\.x\d{6}$/.test(scope);
      const origin = county ? 'county' as const : 'township' as const;
      const place = county ? countyOf(actor) : townshipOf(actor);
      if (input.readBy !== null) {
        if (!county) throw invalid('readBy', 'only a county notice has a reading deadline', '只有县局通知可以设阅读期限');
        if (input.readBy < chinaDay(now())) throw invalid('readBy', 'must not be before today', '不能早于今天');
      }
      const publisherName = await officeName(trx, place.path);
      const row = await trx.insertInto('township.notices').values({
        orgPath: place.path, origin, columnKind: input.columnKind, title: input.title, body: input.body, readBy: input.readBy,
        publishedBy: actor.userId, publisherName, portalArticleId: null,
      }).returningAll().executeTakeFirstOrThrow();
      let portalArticleId: string | null = null;
      if (origin === 'township' && deps.submitArticle) {
        ({ articleId: portalArticleId } = await deps.submitArticle(trx, actor, {
          divisionCode: place.code, columnKind: input.columnKind, title: input.title, bodyHtml: textToHtml(input.body), source: publisherName,
        }));
        await trx.updateTable('township.notices').set({ portalArticleId }).where('id', '=', row.id).execute();
      }
      await audit(trx, actor, 'published', 'notice', row.id, place.path, { origin, title: input.title, portalArticleId });
      return { ...row, portalArticleId };
    },

    /** Notices the actor sees: the county's (with whether this township read them) and its own. */
    async listNotices(trx: Tx, actor: ActingUser) {
      const scope = actor.scopePath ?? '';
      const rows = await trx.selectFrom('township.notices as n')
        .leftJoin('township.notice_reads as r', (j) => j.onRef('r.noticeId', '=', 'n.id').on(sql<boolean>`r.org_path = ${scope}::ltree`))
        .select(['n.id', 'n.orgPath', 'n.origin', 'n.columnKind', 'n.title', 'n.readBy', 'n.portalArticleId', 'n.publishedAt', 'n.publisherName', 'r.readAt'])
        .select(sql<number>`(select count(*)::int from township.notice_reads x where x.notice_id = n.id)`.as('readCount'))
        .orderBy('n.publishedAt', 'desc').limit(200).execute();
      return rows.map((r) => ({ ...r, readAt: r.readAt ?? null }));
    },

    /** One notice; a township opening a county notice leaves its read receipt (first reading counts). */
    async openNotice(trx: Tx, actor: ActingUser, id: number) {
      const n = await trx.selectFrom('township.notices').selectAll().where('id', '=', id).executeTakeFirst();
      if (!n) throw new AppError('township.notice_not_found', `id: no notice ${id}`, { field: 'id' });
      const scope = actor.scopePath ?? '';
      let readAt: Date | null = null;
      if (n.origin === 'county' && /\.t\d{9}$/.test(scope) && actor.permissions.has('township.notice.read')) {
        const ins = await trx.insertInto('township.notice_reads').values({ noticeId: id, orgPath: scope, userId: actor.userId })
          .onConflict((oc) => oc.doNothing()).returning('readAt').executeTakeFirst();
        if (ins) await audit(trx, actor, 'read', 'notice', id, scope, { title: n.title });
        readAt = ins?.readAt ?? (await trx.selectFrom('township.notice_reads').select('readAt').where('noticeId', '=', id).where(sql<boolean>`org_path = ${scope}::ltree`).executeTakeFirst())?.readAt ?? null;
      }
      const reads = await trx.selectFrom('township.notice_reads as r').select(['r.orgPath', 'r.readAt'])
        .select(sql<string | null>`(select u.name from orgs.org_units u where u.path = r.org_path and u.kind = 'bureau' limit 1)`.as('townshipName'))
        .where('r.noticeId', '=', id).orderBy('r.readAt').execute();
      return { ...n, readAt, reads };
    },

    // ---- messages (站内信 咨询答复) ----

    async ask(trx: Tx, actor: ActingUser, input: { subject: string; question: string }) {
      const t = townshipOf(actor);
      const dueDate = await deps.calendar.addWorkdays(chinaDay(now()), answerWorkdays);
      const row = await trx.insertInto('township.messages').values({
        orgPath: t.path, subject: input.subject, question: input.question, askedBy: actor.userId, askerName: actor.displayName, dueDate,
      }).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'asked', 'message', row.id, t.path, { subject: input.subject, dueDate });
      return row;
    },

    async answer(trx: Tx, actor: ActingUser, id: number, answer: string) {
      countyOf(actor);
      const m = await trx.selectFrom('township.messages').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!m) throw new AppError('township.message_not_found', `id: no question ${id}`, { field: 'id' });
      if (m.answeredAt) throw new AppError('township.message_answered', 'this question is answered already');
      const at = now();
      const workdays = await deps.calendar.workdaysBetween(chinaDay(m.askedAt), chinaDay(at));
      const row = await trx.updateTable('township.messages').set({ answer, answeredBy: actor.userId, answererName: actor.displayName, answeredAt: at, answerWorkdays: workdays })
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await audit(trx, actor, 'answered', 'message', id, m.orgPath, { workdays, late: chinaDay(at) > m.dueDate });
      if (m.askedBy !== null) {
        await deps.notify.enqueue(trx, { channel: 'inapp', to: String(m.askedBy), subject: '【县局答复】' + m.subject, body: answer.slice(0, 200), data: { link: '/app/township-messages', messageId: id } });
      }
      return row;
    },

    async listMessages(trx: Tx, f: { open?: boolean | undefined; limit: number }) {
      let q = trx.selectFrom('township.messages as m').selectAll('m')
        .select(sql<string | null>`(select u.name from orgs.org_units u where u.path = m.org_path and u.kind = 'bureau' limit 1)`.as('townshipName'))
        .orderBy('m.askedAt', 'desc').limit(f.limit);
      if (f.open) q = q.where('m.answeredAt', 'is', null);
      const today = chinaDay(now());
      return (await q.execute()).map((m) => ({ ...m, overdue: m.answeredAt === null ? m.dueDate < today : chinaDay(m.answeredAt) > m.dueDate }));
    },

    // ---- workbench overview and to-dos ----

    async overview(trx: Tx, actor: ActingUser) {
      const t = townshipOf(actor);
      const today = chinaDay(now());
      const r = await sql<{ unread: number; unreadOverdue: number; drafts: number; reportedWeek: number; openQuestions: number; answeredUnseen: number }>`
        select
          (select count(*)::int from township.notices n where n.origin = 'county' and ${t.path}::ltree <@ n.org_path
             and not exists (select 1 from township.notice_reads r where r.notice_id = n.id and r.org_path = ${t.path}::ltree)) as unread,
          (select count(*)::int from township.notices n where n.origin = 'county' and ${t.path}::ltree <@ n.org_path and n.read_by < ${today}::date
             and not exists (select 1 from township.notice_reads r where r.notice_id = n.id and r.org_path = ${t.path}::ltree)) as "unreadOverdue",
          (select count(*)::int from township.entries e where e.status = 'draft') as drafts,
          (select count(*)::int from township.entries e where e.reported_at >= now() - interval '7 days') as "reportedWeek",
          (select count(*)::int from township.messages m where m.answered_at is null) as "openQuestions",
          (select count(*)::int from township.messages m where m.answered_at >= now() - interval '7 days') as "answeredUnseen"`.execute(trx);
      return { township: { code: t.code, name: await officeName(trx, t.path) }, answerWorkdays, ...r.rows[0]! };
    },

    /** To-do items (platform/todos): unread county notices for the clerk, open questions for the county. */
    async todos(trx: Tx, actor: Actor) {
      const items: { key: string; count: number; link: string; level: 'info' | 'warning' | 'danger' }[] = [];
      const today = chinaDay(now());
      const scope = actor.scopePath ?? '';
      if (actor.permissions.has('township.notice.read') && /\.t\d{9}$/.test(scope)) {
        const r = await sql<{ n: number; late: number }>`select count(*)::int as n, count(*) filter (where n.read_by < ${today}::date)::int as late
          from township.notices n where n.origin = 'county' and ${scope}::ltree <@ n.org_path
          and not exists (select 1 from township.notice_reads r where r.notice_id = n.id and r.org_path = ${scope}::ltree)`.execute(trx);
        items.push({ key: 'township.todos.unread', count: r.rows[0]!.n, link: '/app/township-notices', level: r.rows[0]!.late > 0 ? 'danger' : 'info' });
      }
      if (actor.permissions.has('township.message.answer')) {
        const r = await sql<{ n: number; late: number }>`select count(*)::int as n, count(*) filter (where due_date < ${today}::date)::int as late
          from township.messages where answered_at is null`.execute(trx);
        items.push({ key: 'township.todos.answer', count: r.rows[0]!.n, link: '/app/township-answers', level: r.rows[0]!.late > 0 ? 'danger' : 'warning' });
      }
      return items;
    },

    // ---- 网上督察 ----

    /**
     * Per township in the actor's scope: last activity, entries and reports in the last 7 and 30
     * days, county notices read / unread past their deadline, own notices published, questions
     * asked, answered (and the mean working days), unanswered past due; the year's score and rank.
     */
    async supervision(trx: Tx, year: number) {
      const today = chinaDay(now());
      const from = `${year}-01-01`;
      const to = `${year + 1}-01-01`;
      const rows = await sql<SupervisionRow>`
        with t as (
          select u.path, u.division_code as code, u.name from orgs.org_units u
          where u.level = 'township' and u.kind = 'bureau' and u.path <@ (select platform.current_scopes())
        ), cn as (
          select t.path, n.id, n.read_by, n.published_at, r.read_at
          from t join township.notices n on n.origin = 'county' and t.path <@ n.org_path
          left join township.notice_reads r on r.notice_id = n.id and r.org_path = t.path
        )
        select t.code, t.name,
          greatest(
            (select max(e.created_at) from township.entries e where e.org_path = t.path),
            (select max(r.read_at) from township.notice_reads r where r.org_path = t.path),
            (select max(n.published_at) from township.notices n where n.org_path = t.path),
            (select max(m.asked_at) from township.messages m where m.org_path = t.path)) as "lastActivity",
          (select count(*)::int from township.entries e where e.org_path = t.path and e.created_at >= now() - interval '7 days') as "entriesWeek",
          (select count(*)::int from township.entries e where e.org_path = t.path and e.created_at >= now() - interval '30 days') as "entriesMonth",
          (select count(*)::int from township.entries e where e.org_path = t.path and e.reported_at >= now() - interval '7 days') as "reportsWeek",
          (select count(*)::int from township.entries e where e.org_path = t.path and e.reported_at >= now() - interval '30 days') as "reportsMonth",
          (select count(*)::int from township.entries e where e.org_path = t.path and e.reported_at >= ${from}::date and e.reported_at < ${to}::date) as "reportsYear",
          (select count(*)::int from cn where cn.path = t.path and cn.published_at >= ${from}::date and cn.published_at < ${to}::date) as "noticesReceived",
          (select count(*)::int from cn where cn.path = t.path and cn.read_at is not null and cn.published_at >= ${from}::date and cn.published_at < ${to}::date) as "noticesRead",
          (select count(*)::int from cn where cn.path = t.path and cn.read_at is not null and cn.published_at >= ${from}::date and cn.published_at < ${to}::date
             and (cn.read_by is null or (cn.read_at at time zone 'Asia/Shanghai')::date <= cn.read_by)) as "noticesReadOnTime",
          (select count(*)::int from cn where cn.path = t.path and cn.read_at is null and cn.read_by < ${today}::date) as "noticesOverdue",
          (select count(*)::int from township.notices n where n.org_path = t.path and n.published_at >= ${from}::date and n.published_at < ${to}::date) as "noticesPublished",
          (select count(*)::int from township.messages m where m.org_path = t.path and m.asked_at >= ${from}::date and m.asked_at < ${to}::date) as "questionsAsked",
          (select count(*)::int from township.messages m where m.org_path = t.path and m.answered_at is not null and m.asked_at >= ${from}::date and m.asked_at < ${to}::date) as "questionsAnswered",
          (select round(avg(m.answer_workdays), 1)::float8 from township.messages m where m.org_path = t.path and m.answered_at is not null and m.asked_at >= ${from}::date and m.asked_at < ${to}::date) as "answerWorkdaysAvg",
          (select count(*)::int from township.messages m where m.org_path = t.path and m.answered_at is null and m.due_date < ${today}::date) as "questionsOverdue"
        from t order by t.code`.execute(trx);
      const scored = rows.rows.map((r) => ({ ...r, score: townshipScore(r) }));
      const ranked = [...scored].sort((a, b) => b.score - a.score || (b.lastActivity?.getTime() ?? 0) - (a.lastActivity?.getTime() ?? 0) || a.code.localeCompare(b.code));
      return ranked.map((r, i) => ({ ...r, rank: rankOf(ranked, i) }));
    },
  };
  return service;
}

/** Competition ranking (1, 1, 3): equal scores share the better rank. */
function rankOf(all: readonly { score: number }[], i: number): number {
  let j = i;
  while (j > 0 && all[j - 1]!.score === all[i]!.score) j--;
  return j + 1;
}

export interface SupervisionRow {
  code: string; name: string; lastActivity: Date | null;
  entriesWeek: number; entriesMonth: number; reportsWeek: number; reportsMonth: number; reportsYear: number;
  noticesReceived: number; noticesRead: number; noticesReadOnTime: number; noticesOverdue: number; noticesPublished: number;
  questionsAsked: number; questionsAnswered: number; answerWorkdaysAvg: number | null; questionsOverdue: number;
}

/**
 * The yearly assessment score (年度考核得分), documented in README.md: 2 per entry reported this
 * year, 1 per county notice read on time, 1 per own notice published, minus 3 per county notice
 * still unread after its reading deadline.
 */
export function townshipScore(r: Pick<SupervisionRow, 'reportsYear' | 'noticesReadOnTime' | 'noticesPublished' | 'noticesOverdue'>): number {
  return 2 * r.reportsYear + r.noticesReadOnTime + r.noticesPublished - 3 * r.noticesOverdue;
}

export type TownshipService = ReturnType<typeof createTownshipService>;
