/**
 * A tip-off as other modules may see it (the patches module links tip-offs and patches at the
 * same place): number, status, place, in the caller's RLS scope. Reached through index.ts.
 */
import type { Tx } from '../../platform/db/context.ts';

export interface TipoffRef { id: number; reportNo: string; status: string; divisionCode: string; lon: number | null; lat: number | null; violationType: string }

export async function tipoffByNo(trx: Tx, reportNo: string): Promise<TipoffRef | null> {
  const r = await trx.selectFrom('tipoffs.reports').select(['id', 'reportNo', 'status', 'divisionCode', 'lon', 'lat', 'violationType'])
    .where('reportNo', '=', reportNo).executeTakeFirst();
  return r ?? null;
}

/** Tip-offs within `radiusDeg` of a point (a box test), newest first: candidates to link to a patch. */
export async function tipoffsNear(trx: Tx, lon: number, lat: number, radiusDeg = 0.003): Promise<TipoffRef[]> {
  return trx.selectFrom('tipoffs.reports').select(['id', 'reportNo', 'status', 'divisionCode', 'lon', 'lat', 'violationType'])
    .where('lon', '>=', lon - radiusDeg).where('lon', '<=', lon + radiusDeg).where('lat', '>=', lat - radiusDeg).where('lat', '<=', lat + radiusDeg)
    .orderBy('id', 'desc').limit(20).execute();
}
