/**
 * The tip-off ledger's to-dos on the workbench home (platform/todos): reports to triage, to
 * assign, to verify and dispose, to close out (销号), and the stage warnings (red / yellow).
 * Each count runs in the actor's RLS scope and only for what the active post may do.
 */
import type { Tx } from '../../platform/db/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { TodoItem } from '../../platform/todos/index.ts';
import type { ReportStatus } from './tipoffs.tables.ts';

export async function tipoffsTodos(trx: Tx, actor: Actor): Promise<TodoItem[]> {
  const can = (p: string) => actor.permissions.has(p);
  const byStatus = new Map<string, number>();
  if (can('tipoffs.report.read')) {
    const rows = await trx.selectFrom('tipoffs.reports').select(['status', (e) => e.fn.countAll<number>().as('n')])
      .where('status', 'in', ['received', 'accepted', 'assigned', 'verified', 'disposed', 'feedback_given']).groupBy('status').execute();
    for (const r of rows) byStatus.set(r.status, Number(r.n));
  }
  const n = (...s: ReportStatus[]) => s.reduce((a, x) => a + (byStatus.get(x) ?? 0), 0);
  const items: TodoItem[] = [];
  if (can('tipoffs.report.triage')) items.push({ key: 'tipoffs.todos.triage', link: '/app/tipoffs?status=received', level: 'info', count: n('received') });
  if (can('tipoffs.report.assign')) items.push({ key: 'tipoffs.todos.assign', link: '/app/tipoffs?status=accepted', level: 'info', count: n('accepted') });
  if (can('tipoffs.report.handle')) items.push({ key: 'tipoffs.todos.handle', link: '/app/tipoffs?status=assigned', level: 'info', count: n('assigned', 'verified', 'disposed') });
  if (can('tipoffs.report.close')) items.push({ key: 'tipoffs.todos.close', link: '/app/tipoffs?status=feedback_given', level: 'info', count: n('feedback_given') });
  if (can('tipoffs.report.read')) {
    const w = await trx.selectFrom('tipoffs.warnings').select(['reportId', 'level']).where('clearedAt', 'is', null).execute();
    const red = new Set(w.filter((x) => x.level === 'red').map((x) => x.reportId));
    const yellow = new Set(w.filter((x) => x.level === 'yellow' && !red.has(x.reportId)).map((x) => x.reportId));
    items.push({ key: 'tipoffs.todos.red', link: '/app/tipoffs-warnings', level: 'danger', count: red.size });
    items.push({ key: 'tipoffs.todos.yellow', link: '/app/tipoffs-warnings', level: 'warning', count: yellow.size });
  }
  return items;
}
