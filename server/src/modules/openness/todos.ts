/**
 * The openness to-dos on the workbench home (platform/todos): letters to answer (and those past
 * their reply date), entries waiting for review, answered letters the writer agreed to publish.
 * Each count runs in the actor's RLS scope and only for what the active post may do.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { TodoItem } from '../../platform/todos/index.ts';
import { chinaDay } from './openness.deps.ts';

export async function opennessTodos(trx: Tx, actor: Actor): Promise<TodoItem[]> {
  const can = (p: string) => actor.permissions.has(p);
  const items: TodoItem[] = [];
  if (can('openness.letter.reply') || can('openness.letter.publish')) {
    const today = chinaDay(new Date());
    const { rows: [r] } = await sql<{ open: number; overdue: number; publishable: number }>`
      select count(*) filter (where status = 'received')::int as open, count(*) filter (where status = 'received' and due_date < ${today}::date)::int as overdue,
        count(*) filter (where status = 'answered' and consent_publish)::int as publishable
      from openness.letters`.execute(trx);
    if (can('openness.letter.reply')) {
      items.push({ key: 'openness.todos.letters', link: '/app/openness-letters', level: 'info', count: r!.open });
      items.push({ key: 'openness.todos.overdue', link: '/app/openness-letters', level: 'danger', count: r!.overdue });
    }
    if (can('openness.letter.publish')) items.push({ key: 'openness.todos.publishLetters', link: '/app/openness-letters', level: 'info', count: r!.publishable });
  }
  if (can('openness.entry.review')) {
    const e = await trx.selectFrom('openness.entries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'submitted')
      .where(sql<boolean>`org_path <@ (select platform.current_scopes())`).executeTakeFirstOrThrow();
    items.push({ key: 'openness.todos.review', link: '/app/openness-review', level: 'info', count: Number(e.n) });
  }
  return items;
}
