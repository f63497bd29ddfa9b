/**
 * The approvals module's to-dos on the workbench home (platform/todos): cases waiting for
 * acceptance, opinions due from the reviewer's department, decisions, extension requests,
 * decided cases to deliver, supervision warnings (红牌 / 预警) and bad-rating rectifications.
 * Each count runs in the actor's RLS scope and only for what the active post may do.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { TodoItem } from '../../platform/todos/index.ts';
import type { OrgsService } from '../../platform/orgs/index.ts';

const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);

export function approvalsTodos(orgs: Pick<OrgsService, 'getOrgUnit'>) {
  return async (trx: Tx, actor: Actor): Promise<TodoItem[]> => {
    const can = (p: string) => actor.permissions.has(p);
    const items: TodoItem[] = [];
    if (can('approvals.case.accept')) {
      items.push({
        key: 'approvals.todos.accept', link: '/app/approvals-window', level: 'info',
        count: await count(trx.selectFrom('approvals.cases').select((e) => e.fn.countAll<number>().as('n')).where('status', 'in', ['submitted', 'resubmitted']).executeTakeFirst()),
      });
    }
    if (can('approvals.case.review') && actor.orgUnitId !== null) {
      // The department as review-case.ts reckons it: the unit's label under its bureau, or `bureau`.
      const unit = await orgs.getOrgUnit(actor.orgUnitId, trx);
      const bureau = unit.kind === 'bureau';
      const department = bureau ? 'bureau' : unit.path.split('.').pop()!;
      const bureauPath = bureau ? unit.path : unit.path.split('.').slice(0, -1).join('.');
      items.push({
        key: 'approvals.todos.review', link: '/app/approvals-review', level: 'info',
        count: await count(trx.selectFrom('approvals.case_stages as s').innerJoin('approvals.cases as c', 'c.id', 's.caseId')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('c.status', '=', 'in_review').where('s.status', '=', 'active').where('c.orgPath', '=', bureauPath)
          .where(sql<boolean>`${department} = any(s.departments)`)
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('approvals.opinions as o').select('o.id').whereRef('o.stageId', '=', 's.id').where('o.department', '=', department))))
          .executeTakeFirst()),
      });
    }
    if (can('approvals.case.decide')) {
      items.push({
        key: 'approvals.todos.decide', link: '/app/approvals-decide', level: 'info',
        count: await count(trx.selectFrom('approvals.cases').select((e) => e.fn.countAll<number>().as('n')).where('status', '=', 'pending_decision').executeTakeFirst()),
      });
    }
    if (can('approvals.extension.approve')) {
      items.push({
        key: 'approvals.todos.extensions', link: '/app/approvals-cases', level: 'warning',
        count: await count(trx.selectFrom('approvals.extensions').select((e) => e.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirst()),
      });
    }
    if (can('approvals.case.complete') && can('approvals.case.accept')) {
      items.push({
        key: 'approvals.todos.deliver', link: '/app/approvals-cases', level: 'info',
        count: await count(trx.selectFrom('approvals.cases').select((e) => e.fn.countAll<number>().as('n')).where('status', '=', 'decided').executeTakeFirst()),
      });
    }
    if (can('approvals.supervision.read')) {
      // Cases with an open red card, and those with only a yellow warning.
      const w = await trx.selectFrom('approvals.warnings').select(['caseId', 'level']).where('clearedAt', 'is', null).execute();
      const red = new Set(w.filter((x) => x.level === 'red').map((x) => x.caseId));
      const yellow = new Set(w.filter((x) => x.level === 'yellow' && !red.has(x.caseId)).map((x) => x.caseId));
      items.push({ key: 'approvals.todos.red', link: '/app/approvals-supervision', level: 'danger', count: red.size });
      items.push({ key: 'approvals.todos.yellow', link: '/app/approvals-supervision', level: 'warning', count: yellow.size });
    }
    if (can('approvals.rectification.manage')) {
      items.push({
        key: 'approvals.todos.rectify', link: '/app/approvals-ratings', level: 'warning',
        count: await count(trx.selectFrom('approvals.rectifications').select((e) => e.fn.countAll<number>().as('n')).where('status', 'in', ['open', 'visited']).executeTakeFirst()),
      });
    }
    return items;
  };
}
