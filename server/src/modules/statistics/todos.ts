/**
 * 统计直报 to-dos on the workbench home (platform/todos): for a reporting unit, reports of open
 * windows not yet submitted (warning when the deadline is within the form's reminder days,
 * danger once it has passed without a reopening) and reports returned for correction; for the
 * level above, reports waiting for its review. In the actor's RLS scope, for what the post may do.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { TodoItem } from '../../platform/todos/index.ts';

export function statisticsTodos(now: () => Date = () => new Date()) {
  return async (trx: Tx, actor: Actor): Promise<TodoItem[]> => {
    const items: TodoItem[] = [];
    const scope = actor.scopePath;
    if (!scope) return items;
    const today = now().toISOString().slice(0, 10);
    if (actor.permissions.has('statistics.report.fill')) {
      // Periods this unit must report (assignment valid at the period's end) whose window has opened.
      // The deadline is the window's, or the day the level above reopened it to (重新开放).
      const r = await sql<{ due: number; soon: number; overdue: number; returned: number }>`
        select count(*) filter (where x.draft and ${today}::date < x.deadline - x.remind_days)::int as due,
               count(*) filter (where x.draft and ${today}::date between x.deadline - x.remind_days and x.deadline)::int as soon,
               count(*) filter (where x.draft and ${today}::date > x.deadline)::int as overdue,
               count(*) filter (where x.status = 'returned')::int as returned
          from (select coalesce(r.status, 'draft') = 'draft' as draft, r.status, f.remind_days, greatest(p.due_on, r.reopened_until) as deadline
                  from statistics.assignments a
                  join statistics.forms f on f.id = a.form_id
                  join statistics.periods p on p.form_id = a.form_id and p.opens_on <= ${today}::date
                   and a.valid_from <= p.ends_on and (a.valid_to is null or a.valid_to > p.ends_on)
                  left join statistics.reports r on r.period_id = p.id and r.org_path = a.org_path
                 where a.org_path = ${scope}::ltree) x`.execute(trx);
      const c = r.rows[0]!;
      items.push({ key: 'statistics.todos.overdue', link: '/app/statistics', level: 'danger', count: c.overdue });
      items.push({ key: 'statistics.todos.dueSoon', link: '/app/statistics', level: 'warning', count: c.soon });
      items.push({ key: 'statistics.todos.due', link: '/app/statistics', level: 'info', count: c.due });
      items.push({ key: 'statistics.todos.returned', link: '/app/statistics', level: 'warning', count: c.returned });
    }
    if (actor.permissions.has('statistics.report.review')) {
      // Only the level directly above reviews: reports one level under the actor's scope.
      const r = await sql<{ n: number }>`
        select count(*)::int as n from statistics.reports
         where status = 'submitted' and org_path <@ ${scope}::ltree and nlevel(org_path) = nlevel(${scope}::ltree) + 1`.execute(trx);
      items.push({ key: 'statistics.todos.review', link: '/app/statistics-review', level: 'info', count: r.rows[0]!.n });
    }
    return items;
  };
}
