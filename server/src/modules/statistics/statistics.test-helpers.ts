/** Shared steps of the statistics tests (not a test file itself). */
import type { TestApp } from '../../../test/harness.ts';
import { parsePeriod, reportingWindow } from './periods.ts';

/**
 * Opens a period of a form with a window that ends `dueInDays` from today (negative: locked),
 * so that tests do not depend on the day of the month they run on.
 */
export async function openPeriod(t: TestApp, form: string, period: string, dueInDays = 30): Promise<void> {
  const db = t.testDb.owner;
  const f = await db.selectFrom('statistics.forms').select(['id', 'periodType', 'windowDays']).where('code', '=', form).executeTakeFirstOrThrow();
  const v = await db.selectFrom('statistics.form_versions').select('id').where('formId', '=', f.id).orderBy('version', 'desc').executeTakeFirstOrThrow();
  const p = parsePeriod(period, f.periodType)!;
  const due = new Date(Date.now() + dueInDays * 86400_000).toISOString().slice(0, 10);
  const w = reportingWindow(p, f.windowDays);
  await db.insertInto('statistics.periods').values({ formId: f.id, period, versionId: v.id, startsOn: p.start, endsOn: p.end, opensOn: w.opensOn < due ? w.opensOn : due, dueOn: due })
    .onConflict((oc) => oc.columns(['formId', 'period']).doUpdateSet({ dueOn: due })).execute();
}

/** A 建设用地供应情况 (TDGY) filling that passes every check. */
export const GOOD_SUPPLY: Record<string, number> = { '02.1': 2, '02.2': 3.5, '02.3': 1.2, '05.1': 1, '05.2': 2.1, '05.3': 1, '05.4': 1890, '06.1': 2, '06.2': 4.8, '06.3': 2.2, '06.4': 3360 };
