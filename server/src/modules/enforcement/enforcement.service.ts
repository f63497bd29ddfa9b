/**
 * The enforcement module as one object: its dependencies, the transaction helper the routes use,
 * `openCaseFromSource` for the tip-off and patch modules (see enforcement/README.md, Interfaces) and the deadline scan.
 * The use cases live in cases.ts, discretion.ts and views.ts.
 */
import { withContext, type Tx } from '../../platform/db/context.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import { actorContext, type Actor, type ActingUser } from '../../platform/http/actor.ts';
import type { EnforcementDeps } from './enforcement.deps.ts';
import { openCaseFromSource, type CaseSource } from './cases.ts';
import { SCAN_QUEUE, scanDeadlines } from './warnings.ts';

export function createEnforcementService(deps: EnforcementDeps) {
  return {
    deps,
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },
    /** see enforcement/README.md, Interfaces — idempotent per (kind, id); runs in the caller's transaction and scope. */
    openCaseFromSource: (trx: Tx, actor: ActingUser, source: CaseSource) => openCaseFromSource(deps, trx, actor, source),
    scanDeadlines: () => scanDeadlines(deps),
    /** The scan every 30 minutes (Asia/Shanghai). */
    async registerJobs(jobs: Jobs) {
      await jobs.work(SCAN_QUEUE, async () => { await scanDeadlines(deps); });
      await jobs.schedule(SCAN_QUEUE, '*/30 * * * *', {}, { tz: 'Asia/Shanghai' });
    },
  };
}

export type EnforcementService = ReturnType<typeof createEnforcementService>;
