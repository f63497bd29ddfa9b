/**
 * 我的办件: the signed-in applicant's own cases — status, due date, what is asked of them now
 * (answer a supplement notice, pick up the decision, rate the service, add the follow-up rating)
 * and the documents to download. Ownership is proven in the account's own RLS scope (the policy
 * shows an applicant only rows with `applicant_user_id` = the acting user, and every query here
 * names the account too); what only the system scope may read (ratings, the deadline steps) is
 * read afterwards for the case ids proven so, never by a number the caller chose alone.
 */
import type { Selectable } from 'kysely';
import { SYSTEM_CONTEXT, withContext, type Tx } from '../../platform/db/context.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { ApprovalsDeps } from './approvals.deps.ts';
import type { CasesTable, CaseStatus } from './approvals.tables.ts';
import { myCases, trackView } from './case-views.ts';
import { publicRatingView, rateCase, RATEABLE, type RateInput } from './ratings.ts';

export type Asked = 'supplement' | 'pickup' | 'rate' | 'follow_up';

/** What the applicant is asked to do now, from the case status and its rating state. */
export function askedOf(status: CaseStatus, rating: { initial: boolean; followUp: boolean; rectDone: boolean }): Asked[] {
  const asked: Asked[] = [];
  if (status === 'supplement_requested') asked.push('supplement');
  // Decided, not yet delivered: the decision (and licence) waits at the window or for download.
  if (status === 'decided') asked.push('pickup');
  if (RATEABLE.includes(status) && !rating.initial) asked.push('rate');
  if (rating.initial && rating.rectDone && !rating.followUp) asked.push('follow_up');
  return asked;
}

/** One of the account's own cases, or 404 (another account's case is not found, whoever asks). */
export async function ownCaseRow(trx: Tx, actor: Actor, caseNo: string): Promise<Selectable<CasesTable>> {
  const c = await trx.selectFrom('approvals.cases').selectAll().where('caseNo', '=', caseNo).where('applicantUserId', '=', actor.userId).executeTakeFirst();
  if (!c) throw new AppError('approvals.case_not_found', `case ${caseNo} not found among your cases`, { field: 'caseNo' });
  return c;
}

export async function myCasesOverview(deps: ApprovalsDeps, actor: Actor) {
  const own = await withContext(deps.db, actorContext(actor), async (trx) => {
    const list = await myCases(deps, trx, actor);
    if (list.length === 0) return { list, rows: [], docs: [] };
    const rows = await trx.selectFrom('approvals.cases').select(['id', 'caseNo', 'delivery'])
      .where('applicantUserId', '=', actor.userId).where('caseNo', 'in', list.map((c) => c.caseNo)).execute();
    const docs = rows.length === 0 ? [] : await trx.selectFrom('approvals.case_documents').select(['caseId', 'documentId', 'kind', 'docNo', 'createdAt'])
      .where('caseId', 'in', rows.map((r) => r.id)).orderBy('id').execute();
    return { list, rows, docs };
  });
  const ids = own.rows.map((r) => r.id);
  // Ratings are not in the applicant's RLS scope (they are rated by case number + ID number).
  const ratings = ids.length === 0 ? [] : await withContext(deps.db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('approvals.ratings as r')
    .leftJoin('approvals.rectifications as x', 'x.ratingId', 'r.id')
    .select(['r.caseId', 'r.followUp', 'x.status as rectStatus']).where('r.caseId', 'in', ids).execute());
  const byNo = new Map(own.rows.map((r) => [r.caseNo, r]));
  return own.list.map((c) => {
    const row = byNo.get(c.caseNo);
    const mine = ratings.filter((r) => r.caseId === row?.id);
    const rating = { initial: mine.some((r) => !r.followUp), followUp: mine.some((r) => r.followUp), rectDone: mine.some((r) => !r.followUp && r.rectStatus === 'done') };
    return {
      ...c,
      delivery: row?.delivery ?? null,
      asked: askedOf(c.status as CaseStatus, rating),
      documents: own.docs.filter((d) => d.caseId === row?.id).map((d) => ({ documentId: d.documentId, kind: d.kind, docNo: d.docNo, createdAt: d.createdAt.toISOString() })),
    };
  });
}

/** The tracking view of one's own case, without the ID number (the login proves it). */
export async function myCaseTrack(deps: ApprovalsDeps, actor: Actor, caseNo: string) {
  const c = await withContext(deps.db, actorContext(actor), (trx) => ownCaseRow(trx, actor, caseNo));
  return withContext(deps.db, SYSTEM_CONTEXT, (trx) => trackView(deps, trx, c));
}

export async function myCaseRating(deps: ApprovalsDeps, actor: Actor, caseNo: string) {
  const c = await withContext(deps.db, actorContext(actor), (trx) => ownCaseRow(trx, actor, caseNo));
  return withContext(deps.db, SYSTEM_CONTEXT, (trx) => publicRatingView(trx, c));
}

export async function rateMyCase(deps: ApprovalsDeps, actor: Actor, caseNo: string, input: RateInput) {
  const c = await withContext(deps.db, actorContext(actor), (trx) => ownCaseRow(trx, actor, caseNo));
  return withContext(deps.db, SYSTEM_CONTEXT, (trx) => rateCase(deps, trx, c, input));
}
