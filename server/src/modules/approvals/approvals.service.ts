/**
 * The approvals module as one object: its dependencies, the scheduled jobs and the
 * transaction helper the routes use. The use cases live one per file beside it.
 */
import type { Jobs } from '../../platform/jobs/index.ts';
import { withContext, type Tx } from '../../platform/db/context.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import type { ApprovalsDeps } from './approvals.deps.ts';
import { attachCaseDocument, findCaseRef, latestMaterialFile, type AttachDocument, type CaseRef } from './case-files.ts';
import { DIGEST_QUEUE, SCAN_QUEUE, scanDeadlines, sendDigest } from './supervision.ts';

export function createApprovalsService(deps: ApprovalsDeps) {
  // A declared year replaces provisional (预计) due dates: recompute every open case and stage now.
  deps.calendar.onYearDeclared(() => scanDeadlines(deps));
  return {
    deps,
    /** Runs `fn` in a transaction with the actor's RLS scope. */
    inScope<T>(actor: Actor | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
      return withContext(deps.db, actorContext(actor), fn);
    },
    // For other modules (map): a case, a material's latest file, a document filed on the case.
    findCase: (actor: Actor, caseNo: string) => findCaseRef(deps, actor, caseNo),
    latestMaterialFile: (actor: Actor, caseNo: string, materialKey: string) => latestMaterialFile(deps, actor, caseNo, materialKey),
    attachDocument: (actor: Actor, c: CaseRef, a: AttachDocument) => attachCaseDocument(deps, actor, c, a),
    /** Deemed acceptance and the deadline/warning scan (also run by the job). */
    scanDeadlines: () => scanDeadlines(deps),
    sendDigest: () => sendDigest(deps),
    /** Registers the scan (every 15 minutes on working hours' clock) and the daily digest (08:30 CST). */
    async registerJobs(jobs: Jobs) {
      await jobs.work(SCAN_QUEUE, async () => { await scanDeadlines(deps); });
      await jobs.work(DIGEST_QUEUE, async () => { await sendDigest(deps); });
      await jobs.schedule(SCAN_QUEUE, '*/15 * * * *', {}, { tz: 'Asia/Shanghai' });
      await jobs.schedule(DIGEST_QUEUE, '30 8 * * *', {}, { tz: 'Asia/Shanghai' });
    },
  };
}

export type ApprovalsService = ReturnType<typeof createApprovalsService>;
