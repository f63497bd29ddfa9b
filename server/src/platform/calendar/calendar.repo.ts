import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';

type Q = Db | Tx;

export async function version(q: Q): Promise<number> {
  const r = await q.selectFrom('calendar.state').select('version').executeTakeFirstOrThrow();
  return Number(r.version);
}

export function allOverrides(q: Q) {
  return q.selectFrom('calendar.overrides').select(['date', 'kind', 'name']).execute();
}

export function overridesOfYear(q: Q, year: number) {
  return q.selectFrom('calendar.overrides').selectAll()
    .where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).orderBy('date').execute();
}

export function findOverride(q: Q, date: string) {
  return q.selectFrom('calendar.overrides').selectAll().where('date', '=', date).executeTakeFirst();
}

export function upsertOverride(q: Q, o: { date: string; kind: 'workday' | 'holiday'; name: string; createdBy: number | null }) {
  return q.insertInto('calendar.overrides').values(o)
    .onConflict((oc) => oc.column('date').doUpdateSet({ kind: o.kind, name: o.name, updatedAt: sql`now()` }))
    .returningAll().executeTakeFirstOrThrow();
}

export async function deleteOverride(q: Q, date: string): Promise<boolean> {
  const r = await q.deleteFrom('calendar.overrides').where('date', '=', date).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function declaredYears(q: Q) {
  return q.selectFrom('calendar.covered_years').selectAll().orderBy('year').execute();
}

export function upsertYear(q: Q, y: { year: number; note: string; declaredBy: number | null }) {
  return q.insertInto('calendar.covered_years').values({ ...y, source: 'override' })
    .onConflict((oc) => oc.column('year').doUpdateSet({ note: y.note, declaredBy: y.declaredBy, declaredAt: sql`now()` }))
    .returningAll().executeTakeFirstOrThrow();
}
