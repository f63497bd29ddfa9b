/**
 * Reference forms (every database) and demo data: the counties of 遵义市 report the four forms;
 * for the supply form (TDGY) last month is open now, the month before and the same month last
 * year are reported and accepted, so that roll-ups, completeness and the 50 % jump check show.
 */
import type { Db } from '../../platform/db/database.ts';
import { divisionPath } from '../../platform/orgs/index.ts';
import { SEED_FORMS } from './forms.seed.ts';
import { compileForm } from './forms.ts';
import { parsePeriod, periodCode, reportingWindow, type PeriodType } from './periods.ts';

export async function seedStatisticsForms(db: Db): Promise<void> {
  for (const f of SEED_FORMS) {
    compileForm(f.definition);
    const { definition, ...head } = f;
    const row = await db.insertInto('statistics.forms').values(head).onConflict((oc) => oc.column('code').doNothing()).returning('id').executeTakeFirst();
    if (row) await db.insertInto('statistics.form_versions').values({ formId: row.id, version: 1, definition: JSON.stringify(definition), note: '初始版本' }).execute();
  }
}

export const DEMO_COUNTIES: { code: string; name: string }[] = [
  { code: '520302', name: '红花岗区自然资源局' }, { code: '520303', name: '汇川区自然资源局' }, { code: '520304', name: '播州区自然资源局' },
  { code: '520322', name: '桐梓县自然资源局' }, { code: '520323', name: '绥阳县自然资源局' },
];

/** The monthly period `back` months before `now` (1 = last month). */
export function monthBefore(now: Date, back: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return periodCode('monthly', d.getUTCFullYear(), d.getUTCMonth() + 1);
}

export async function seedDemoStatistics(db: Db, now = new Date()): Promise<void> {
  const forms = await db.selectFrom('statistics.forms').select(['id', 'code', 'periodType', 'windowDays']).execute();
  for (const f of forms) {
    for (const c of DEMO_COUNTIES) {
      await db.insertInto('statistics.assignments').values({ formId: f.id, orgPath: divisionPath(c.code), divisionCode: c.code, unitName: `遵义市${c.name}`, validFrom: '2015-01-01' }).execute();
    }
  }
  const gy = forms.find((f) => f.code === 'TDGY')!;
  const v = await db.selectFrom('statistics.form_versions').select('id').where('formId', '=', gy.id).orderBy('version', 'desc').executeTakeFirstOrThrow();
  const city = await db.selectFrom('identity.users').select('id').where('username', '=', 'city_stat').executeTakeFirst();
  async function period(code: string) {
    const p = parsePeriod(code, gy.periodType as PeriodType)!;
    const w = reportingWindow(p, gy.windowDays);
    return db.insertInto('statistics.periods').values({ formId: gy.id, period: code, versionId: v.id, startsOn: p.start, endsOn: p.end, opensOn: w.opensOn, dueOn: w.dueOn })
      .returningAll().executeTakeFirstOrThrow();
  }
  async function report(p: { id: number; dueOn: string }, c: { code: string; name: string }, i: number, values: Record<string, number>, accepted: boolean) {
    const at = new Date(`${p.dueOn}T02:00:00Z`);
    at.setUTCDate(at.getUTCDate() - 2 - i);
    const r = await db.insertInto('statistics.reports').values({
      periodId: p.id, formId: gy.id, orgPath: divisionPath(c.code), divisionCode: c.code, unitName: `遵义市${c.name}`,
      status: accepted ? 'accepted' : 'submitted', revision: 1, responsiblePerson: '局长（演示）', statistician: '统计员（演示）',
      firstSubmittedAt: at, submittedAt: at, acceptedAt: accepted ? at : null, acceptedBy: accepted ? city?.id ?? null : null, reviewedAt: accepted ? at : null, reviewedBy: accepted ? city?.id ?? null : null,
    }).returning('id').executeTakeFirstOrThrow();
    for (const [cell, value] of Object.entries(values)) await db.insertInto('statistics.report_values').values({ reportId: r.id, orgPath: divisionPath(c.code), cell, value }).execute();
    await db.insertInto('statistics.revisions').values({ reportId: r.id, orgPath: divisionPath(c.code), revision: 1, values: JSON.stringify(values), explanations: '{}', checkReport: '[]', responsiblePerson: '局长（演示）', statistician: '统计员（演示）', submittedAt: at }).execute();
  }
  const base = (k: number): Record<string, number> => ({
    '02.1': 2 + k, '02.2': 3.5 + k, '02.3': 1.2, '05.1': 1, '05.2': 2.1 + k, '05.3': 1, '05.4': 1890 + 100 * k, '06.1': 2, '06.2': 4.8, '06.3': 2.2, '06.4': 3360 + 50 * k, '07.1': 1, '07.2': 0.6, '07.4': 180,
  });
  // Last year's same month and the month before last: every county reported and was accepted.
  for (const back of [13, 2]) {
    const p = await period(monthBefore(now, back));
    for (const [i, c] of DEMO_COUNTIES.entries()) await report(p, c, i, base(i), true);
  }
  // Last month (window open now): two counties reported, one accepted; 播州区 and the others not yet.
  const last = await period(monthBefore(now, 1));
  await report(last, DEMO_COUNTIES[0]!, 0, base(0), true);
  await report(last, DEMO_COUNTIES[3]!, 3, base(3), false);
}
