/**
 * 政府信息公开目录 (主动公开): an editor writes an entry and sends it for review; a reviewer of the
 * same bureau publishes it (the 索引号 is given then) or returns it with a reason; a published
 * entry may be withdrawn with a reason, keeping its record and number (政府信息公开条例 art. 19–20;
 * review before publishing, art. 17 保密审查).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { CATEGORIES, isCategory } from './categories.ts';
import { nextIndexNo } from './index-no.ts';
import { bureauOf, chinaDay, nowOf, type OpennessDeps } from './openness.deps.ts';
import type { EntriesTable } from './openness.tables.ts';
import type { Selectable } from 'kysely';

export interface EntryInput { category: string; title: string; docNo: string | null; body: string }
type Entry = Selectable<EntriesTable>;

export const entryUrl = (indexNo: string) => `/gk/xxgk/${encodeURIComponent(indexNo)}`;

async function audit(deps: OpennessDeps, trx: Tx, actor: ActingUser, action: string, e: Pick<Entry, 'id' | 'orgPath'>, details: Record<string, unknown>) {
  await deps.audit.record(trx, actor, { action: `openness.entry.${action}`, entityType: 'openness.entry', entityId: e.id, orgPath: e.orgPath, details });
}

async function lock(trx: Tx, id: number): Promise<Entry> {
  const e = await trx.selectFrom('openness.entries').selectAll().where('id', '=', id).where(sql<boolean>`org_path <@ (select platform.current_scopes())`).forUpdate().executeTakeFirst();
  if (!e) throw new AppError('openness.entry_not_found', `id: no entry ${id} in your scope`, { field: 'id' });
  return e;
}

function checkInput(i: EntryInput) {
  if (!isCategory(i.category)) throw new AppError('openness.category_unknown', `category: unknown category ${i.category}; one of ${Object.keys(CATEGORIES).join(', ')}`, { field: 'category' });
}

export async function createEntry(deps: OpennessDeps, trx: Tx, actor: ActingUser, input: EntryInput): Promise<Entry> {
  checkInput(input);
  const bureau = await bureauOf(deps, trx, actor);
  const e = await trx.insertInto('openness.entries').values({
    orgPath: bureau.path, orgUnitId: bureau.id, divisionCode: bureau.divisionCode, category: input.category,
    title: input.title, docNo: input.docNo, body: input.body, createdBy: actor.userId,
  }).returningAll().executeTakeFirstOrThrow();
  await audit(deps, trx, actor, 'created', e, { category: e.category, title: e.title });
  return e;
}

export async function updateEntry(deps: OpennessDeps, trx: Tx, actor: ActingUser, id: number, input: EntryInput): Promise<Entry> {
  checkInput(input);
  const before = await lock(trx, id);
  if (before.status !== 'draft' && before.status !== 'returned') throw new AppError('openness.entry_wrong_state', `the entry is ${before.status}; only a draft or a returned entry is edited`);
  const e = await trx.updateTable('openness.entries').set({ ...input, updatedAt: nowOf(deps) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  await audit(deps, trx, actor, 'updated', e, { before: { category: before.category, title: before.title, docNo: before.docNo }, after: { category: e.category, title: e.title, docNo: e.docNo } });
  return e;
}

export async function submitEntry(deps: OpennessDeps, trx: Tx, actor: ActingUser, id: number): Promise<Entry> {
  const before = await lock(trx, id);
  if (before.status !== 'draft' && before.status !== 'returned') throw new AppError('openness.entry_wrong_state', `the entry is ${before.status}; only a draft or a returned entry is sent for review`);
  const e = await trx.updateTable('openness.entries').set({ status: 'submitted', submittedAt: nowOf(deps), submittedBy: actor.userId, reviewNote: null })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  await audit(deps, trx, actor, 'submitted', e, {});
  return e;
}

/** 审核 → 签发: the 索引号 is taken now, the entry goes public and into the portal's search. */
export async function publishEntry(deps: OpennessDeps, trx: Tx, actor: ActingUser, id: number): Promise<Entry> {
  const before = await lock(trx, id);
  if (before.status !== 'submitted') throw new AppError('openness.entry_wrong_state', `the entry is ${before.status}; only a submitted entry is published`);
  if (before.submittedBy === actor.userId) throw new AppError('access.forbidden', 'the reviewer who publishes is not the editor who sent it for review');
  const now = nowOf(deps);
  const indexNo = await nextIndexNo(trx, before.divisionCode, before.category, Number(chinaDay(now).slice(0, 4)));
  const e = await trx.updateTable('openness.entries').set({ status: 'published', indexNo, reviewedAt: now, reviewedBy: actor.userId, publishedAt: now })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  await deps.portal?.indexPublicDocument(trx, {
    sourceKind: 'disclosure', sourceId: String(e.id), divisionCode: e.divisionCode, title: e.title, text: e.body, url: entryUrl(indexNo), publishedAt: now.toISOString(),
  });
  await audit(deps, trx, actor, 'published', e, { indexNo });
  return e;
}

export async function returnEntry(deps: OpennessDeps, trx: Tx, actor: ActingUser, id: number, note: string): Promise<Entry> {
  if (!note.trim()) throw invalid('note', 'say what is to be changed', '请说明需要修改的内容');
  const before = await lock(trx, id);
  if (before.status !== 'submitted') throw new AppError('openness.entry_wrong_state', `the entry is ${before.status}; only a submitted entry is returned`);
  const e = await trx.updateTable('openness.entries').set({ status: 'returned', reviewedAt: nowOf(deps), reviewedBy: actor.userId, reviewNote: note })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  await audit(deps, trx, actor, 'returned', e, { note });
  return e;
}

export async function withdrawEntry(deps: OpennessDeps, trx: Tx, actor: ActingUser, id: number, reason: string): Promise<Entry> {
  if (!reason.trim()) throw invalid('reason', 'a withdrawal states its reason', '撤回须说明理由');
  const before = await lock(trx, id);
  if (before.status !== 'published') throw new AppError('openness.entry_wrong_state', `the entry is ${before.status}; only a published entry is withdrawn`);
  const e = await trx.updateTable('openness.entries').set({ status: 'withdrawn', withdrawnAt: nowOf(deps), withdrawReason: reason })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  await deps.portal?.removePublicDocument(trx, 'disclosure', String(e.id));
  await audit(deps, trx, actor, 'withdrawn', e, { indexNo: e.indexNo, reason });
  return e;
}

/** The entries of the actor's scope, newest first (workbench). */
export async function listEntries(trx: Tx, f: { status?: string | undefined }) {
  let q = trx.selectFrom('openness.entries').selectAll().where(sql<boolean>`org_path <@ (select platform.current_scopes())`).orderBy('id', 'desc').limit(500);
  if (f.status) q = q.where('status', '=', f.status as Entry['status']);
  return q.execute();
}

/** Published entries for the public directory, filtered by bureau division and category. */
export async function listPublished(trx: Tx, f: { divisionCode?: string | undefined; category?: string | undefined; limit: number; offset: number }) {
  let q = trx.selectFrom('openness.entries').select(['id', 'indexNo', 'category', 'title', 'docNo', 'divisionCode', 'orgUnitId', 'publishedAt'])
    .where('status', '=', 'published');
  if (f.divisionCode) q = q.where('divisionCode', '=', f.divisionCode);
  if (f.category) q = q.where('category', '=', f.category);
  const [rows, total] = await Promise.all([
    q.orderBy('publishedAt', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

export async function findPublished(trx: Tx, indexNo: string) {
  return trx.selectFrom('openness.entries').select(['id', 'indexNo', 'category', 'title', 'docNo', 'body', 'divisionCode', 'orgUnitId', 'publishedAt'])
    .where('status', '=', 'published').where('indexNo', '=', indexNo).executeTakeFirst();
}
