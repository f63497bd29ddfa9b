/**
 * The patches' to-dos on the workbench home (platform/todos): patches waiting for a county
 * verdict (red when the batch deadline has passed), returned patches, patches submitted for
 * review, and 违法 patches awaiting enforcement or rectification. In the actor's RLS scope.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { TodoItem } from '../../platform/todos/index.ts';

export async function patchesTodos(trx: Tx, actor: Actor): Promise<TodoItem[]> {
  const can = (p: string) => actor.permissions.has(p);
  if (!can('patches.patch.read')) return [];
  const { rows } = await sql<{ pending: number; overdue: number; returned: number; submitted: number; awaiting: number; rectifying: number }>`
    select count(*) filter (where p.status in ('pending', 'proposed'))::int as pending,
      count(*) filter (where p.status in ('pending', 'proposed') and b.deadline < current_date)::int as overdue,
      count(*) filter (where p.status = 'returned')::int as returned,
      count(*) filter (where p.status = 'submitted')::int as submitted,
      count(*) filter (where p.status = 'accepted' and c.verdict = 'illegal' and p.enforcement_case_no is null)::int as awaiting,
      count(*) filter (where p.rectification = 'pending')::int as rectifying
    from patches.patches p join patches.batches b on b.id = p.batch_id left join patches.classes c on c.code = p.verdict_class
    where b.status = 'open' or p.rectification = 'pending'`.execute(trx);
  const r = rows[0]!;
  const items: TodoItem[] = [];
  if (can('patches.verdict.propose')) {
    items.push({ key: 'patches.todos.overdue', link: '/app/patches?status=pending', level: 'danger', count: r.overdue });
    items.push({ key: 'patches.todos.verdict', link: '/app/patches?status=pending', level: 'info', count: r.pending - r.overdue });
    items.push({ key: 'patches.todos.returned', link: '/app/patches?status=returned', level: 'warning', count: r.returned });
  }
  if (can('patches.verdict.review')) {
    items.push({ key: 'patches.todos.review', link: '/app/patches?status=submitted', level: 'info', count: r.submitted });
    items.push({ key: 'patches.todos.enforcement', link: '/app/patches?status=accepted', level: 'warning', count: r.awaiting });
  }
  if (can('patches.rectification.manage')) items.push({ key: 'patches.todos.rectification', link: '/app/patches?status=accepted', level: 'info', count: r.rectifying });
  return items;
}
