/** The enforcement to-dos on the workbench (platform/todos), in the actor's scope and by permission. */
import type { Tx } from '../../platform/db/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { TodoItem } from '../../platform/todos/index.ts';
import type { CaseStatus } from './enforcement.tables.ts';

export async function enforcementTodos(trx: Tx, actor: Actor): Promise<TodoItem[]> {
  const can = (p: string) => actor.permissions.has(`enforcement.case.${p}`);
  if (!can('read')) return [];
  const rows = await trx.selectFrom('enforcement.cases').select(['status', 'warnLevel', (e) => e.fn.countAll<number>().as('n')])
    .where('status', 'not in', ['closed', 'not_filed', 'transferred']).groupBy(['status', 'warnLevel']).execute();
  const n = (...s: CaseStatus[]) => rows.filter((r) => s.includes(r.status)).reduce((a, r) => a + Number(r.n), 0);
  const items: TodoItem[] = [];
  const link = (s: string) => `/app/enforcement?status=${s}`;
  if (can('decide')) {
    items.push({ key: 'enforcement.todos.file', link: link('proposed'), level: 'info', count: n('proposed') });
    items.push({ key: 'enforcement.todos.decide', link: link('notified'), level: 'info', count: n('notified') });
    items.push({ key: 'enforcement.todos.close', link: link('executing'), level: 'info', count: n('executing') });
  }
  if (can('investigate')) items.push({ key: 'enforcement.todos.investigate', link: link('investigating'), level: 'info', count: n('investigating', 'reviewed', 'decided') });
  if (can('review')) items.push({ key: 'enforcement.todos.review', link: link('reviewing'), level: 'info', count: n('reviewing') });
  const red = rows.filter((r) => r.warnLevel === 'red').reduce((a, r) => a + Number(r.n), 0);
  const yellow = rows.filter((r) => r.warnLevel === 'yellow').reduce((a, r) => a + Number(r.n), 0);
  items.push({ key: 'enforcement.todos.red', link: '/app/enforcement?warn=red', level: 'danger', count: red });
  items.push({ key: 'enforcement.todos.yellow', link: '/app/enforcement?warn=yellow', level: 'warning', count: yellow });
  return items;
}
