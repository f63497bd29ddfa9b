/**
 * The tip-offs module as one object: its dependencies, the scheduled scan and the transaction
 * helper the routes use. The use cases live in intake.ts, ledger.ts, views.ts, trends.ts.
 */
import type { Jobs } from '../../platform/jobs/index.ts';
import { withContext, type Tx } from '../../platform/db/context.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import type { TipoffsDeps } from './tipoffs.deps.ts';
import { SCAN_QUEUE, scanDeadlines } from './warnings.ts';
import { caseOutcome } from './ledger.ts';
import type { ActingUser } from './tipoffs.deps.ts';

export function createTipoffsService(deps: TipoffsDeps) {
  // A declared year replaces provisional (预计) stage due dates: recompute every running stage now.
  deps.calendar.onYearDeclared(() => scanDeadlines(deps, { all: true }));
  return {
    deps,
    /** Runs `fn` in a transaction with the actor's RLS scope. */
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },
    /** The enforcement case of a report ended: the reporters get the outcome (enforcement module, optional dependency there). */
    caseOutcome: (trx: Tx, actor: ActingUser | null, input: { reportId: number; caseNo: string; outcome: string }) => caseOutcome(deps, trx, actor, input),
    /** Stage deadlines and warnings (also run by the job). */
    scanDeadlines: () => scanDeadlines(deps),
    /** The scan every 15 minutes (Asia/Shanghai). */
    async registerJobs(jobs: Jobs) {
      await jobs.work(SCAN_QUEUE, async () => { await scanDeadlines(deps); });
      await jobs.schedule(SCAN_QUEUE, '*/15 * * * *', {}, { tz: 'Asia/Shanghai' });
    },
  };
}

export type TipoffsService = ReturnType<typeof createTipoffsService>;
