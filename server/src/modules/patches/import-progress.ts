/**
 * Progress of a batch import (导入进度, migration 0975): the route names the run with the client's
 * token; each phase (parsing → validating → inserting → done | failed) and every tenth of the
 * features checked or inserted is written to `patches.import_progress` in a short transaction of
 * its own — not the import's, which commits only at the end — so the page polling
 * `GET /api/patches/import-progress/:token` sees the import advance while it runs.
 */
import type { Db } from '../../platform/db/database.ts';
import { withContext } from '../../platform/db/context.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import type { ImportPhase } from './patches.tables.ts';

export interface ImportProgress {
  /** Called with the running counts; writes when the phase changes or a tenth more is done. */
  report(phase: ImportPhase, counts: { total?: number; parsed?: number; validated?: number; inserted?: number }, message?: string): Promise<void>;
}

/** Does nothing (no token given, or a caller without a page to show progress). */
export const NO_PROGRESS: ImportProgress = { report: async () => {} };

/** How many reports a phase writes at most (besides its first and last). */
const STEPS_PER_PHASE = 10;

export function importProgress(db: Db, actor: Actor, token: string, batchNo: string, dryRun: boolean): ImportProgress {
  const state = { phase: '' as ImportPhase | '', total: 0, parsed: 0, validated: 0, inserted: 0, lastCount: 0 };
  let started = false;
  const write = async (message?: string) => {
    const row = { phase: state.phase as ImportPhase, total: state.total, parsed: state.parsed, validated: state.validated, inserted: state.inserted, message: message ?? null };
    await withContext(db, actorContext(actor), async (trx) => {
      if (!started) {
        // A day-old run of the same importer is of no more use.
        await trx.deleteFrom('patches.import_progress').where('userId', '=', actor.userId).where('updatedAt', '<', new Date(Date.now() - 86_400_000)).execute();
        await trx.insertInto('patches.import_progress').values({ userId: actor.userId, token, orgPath: actor.scopePath!, batchNo, dryRun, ...row })
          .onConflict((oc) => oc.columns(['userId', 'token']).doUpdateSet({ batchNo, dryRun, ...row, steps: 1, startedAt: new Date(), updatedAt: new Date() }))
          .execute();
      } else {
        await trx.updateTable('patches.import_progress').set((eb) => ({ ...row, steps: eb('steps', '+', 1), updatedAt: new Date() }))
          .where('userId', '=', actor.userId).where('token', '=', token).execute();
      }
    });
    started = true;
  };
  return {
    async report(phase, counts, message) {
      const count = phase === 'inserting' ? counts.inserted ?? state.inserted : phase === 'validating' ? counts.validated ?? state.validated : 0;
      Object.assign(state, Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== undefined)));
      const step = Math.max(1, Math.ceil(state.total / STEPS_PER_PHASE));
      const due = phase !== state.phase || phase === 'done' || phase === 'failed' || count - state.lastCount >= step || count === state.total;
      if (!due) return;
      if (phase !== state.phase) state.lastCount = 0;
      if (count === state.lastCount && phase === state.phase) return;
      state.phase = phase;
      state.lastCount = count;
      await write(message);
    },
  };
}
