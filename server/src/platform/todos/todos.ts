/**
 * The workbench's to-do panel (待办): each module registers a provider that counts what the
 * signed-in staff member has to do now — in that module, under that member's permissions and in
 * the active post's scope — with a link to the page where it is done. The registry asks every
 * provider at once and returns the items with a count above zero, in registration order.
 */
import { withContext, type Tx } from '../db/context.ts';
import { actorContext, type Actor } from '../http/actor.ts';
import type { Db } from '../db/database.ts';

export interface TodoItem {
  /** i18n key of the label (web locales), e.g. `approvals.todos.accept`; also a stable id. */
  key: string;
  count: number;
  /** Workbench path where it is done, e.g. `/app/approvals-window`. */
  link: string;
  /** `danger` for overdue (red cards), `warning` for due soon, else plain. */
  level: 'info' | 'warning' | 'danger';
}

/**
 * Counts for one actor inside a transaction that already carries the actor's RLS scope. A
 * provider checks the permissions itself and returns nothing for what the actor may not do.
 */
export type TodoProvider = (trx: Tx, actor: Actor) => Promise<TodoItem[]>;

export interface TodoRegistry {
  register(module: string, provider: TodoProvider): void;
  /** Every provider's items for the actor (count > 0 only); modules in registration order. */
  collect(actor: Actor): Promise<(TodoItem & { module: string })[]>;
}

export function createTodoRegistry({ db }: { db: Db }): TodoRegistry {
  const providers: { module: string; provider: TodoProvider }[] = [];
  return {
    register(module, provider) {
      if (providers.some((p) => p.module === module)) throw new Error(`to-do provider of ${module} registered twice`);
      providers.push({ module, provider });
    },
    async collect(actor) {
      if (actor.kind !== 'staff') return [];
      // One transaction per provider: they run at once, each in the actor's RLS scope.
      const lists = await Promise.all(providers.map(({ module, provider }) =>
        withContext(db, actorContext(actor), (trx) => provider(trx, actor)).then((items) => items.map((i) => ({ ...i, module })))));
      return lists.flat().filter((i) => i.count > 0);
    },
  };
}
