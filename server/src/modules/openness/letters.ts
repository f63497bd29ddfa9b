/**
 * 互动交流: letters from the public to the 局长信箱 or as a 咨询. The writer proves some work
 * (platform/pow, as the tip-off form) and gets a letter number and a query code; the bureau
 * answers within working days (platform/calendar: 局长信箱 15, 咨询 5 — the bureau's published
 * promise; no statute fixes them); with the writer's consent the letter and reply are published
 * with personal data removed; the writer rates the reply (满意度) once.
 */
import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { chinaDay, nowOf, sha256Hex, type OpennessDeps } from './openness.deps.ts';
import type { LetterKind, LettersTable } from './openness.tables.ts';
import { maskPersonalData } from './mask.ts';

export const REPLY_WORKDAYS: Record<LetterKind, number> = { mailbox: 15, consult: 5 };
type Letter = Selectable<LettersTable>;

export interface LetterInput {
  kind: LetterKind; orgUnitId: number; subject: string; body: string; writerName: string; writerPhone: string; consentPublish: boolean;
}

export const letterUrl = (letterNo: string) => `/hudong/letters/${encodeURIComponent(letterNo)}`;

async function audit(deps: OpennessDeps, trx: Tx, actor: ActingUser | null, action: string, l: Pick<Letter, 'id' | 'orgPath'>, details: Record<string, unknown>) {
  await deps.audit.record(trx, actor, { action: `openness.letter.${action}`, entityType: 'openness.letter', entityId: l.id, orgPath: l.orgPath, details });
}

/** Receives a letter (in the system context; the pow was spent by the route). Returns the number and the query code, shown once. */
export async function receiveLetter(deps: OpennessDeps, trx: Tx, input: LetterInput) {
  const unit = await deps.orgs.getOrgUnit(input.orgUnitId, trx).catch(() => null);
  if (!unit || unit.kind !== 'bureau' || !unit.active) throw invalid('orgUnitId', 'choose a bureau that receives letters', '请选择受理来信的局');
  const now = nowOf(deps);
  const receivedOn = chinaDay(now);
  const dueDate = await deps.calendar.addWorkdays(receivedOn, REPLY_WORKDAYS[input.kind]);
  const letterNo = `XX${receivedOn.replaceAll('-', '')}${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  const queryCode = crypto.randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const l = await trx.insertInto('openness.letters').values({
    letterNo, kind: input.kind, orgPath: unit.path, orgUnitId: unit.id, divisionCode: unit.divisionCode,
    subject: input.subject, body: input.body, writerName: input.writerName, writerPhone: input.writerPhone, consentPublish: input.consentPublish,
    queryCodeHash: sha256Hex(queryCode), receivedAt: now, receivedOn, dueDate,
  }).returning(['id', 'orgPath', 'letterNo', 'dueDate']).executeTakeFirstOrThrow();
  await audit(deps, trx, null, 'received', l, { letterNo, kind: input.kind, consentPublish: input.consentPublish });
  return { letterNo: l.letterNo, queryCode, dueDate: l.dueDate };
}

async function lock(trx: Tx, letterNo: string): Promise<Letter> {
  const l = await trx.selectFrom('openness.letters').selectAll().where('letterNo', '=', letterNo).forUpdate().executeTakeFirst();
  if (!l) throw new AppError('openness.letter_not_found', `letterNo: no letter ${letterNo} in your scope`, { field: 'letterNo' });
  return l;
}

export async function replyLetter(deps: OpennessDeps, trx: Tx, actor: ActingUser, letterNo: string, reply: string): Promise<Letter> {
  if (reply.trim().length < 5) throw invalid('reply', 'at least 5 characters', '至少5个字');
  const before = await lock(trx, letterNo);
  if (before.status !== 'received') throw new AppError('openness.letter_wrong_state', `the letter is ${before.status}; it was answered already`);
  const now = nowOf(deps);
  const l = await trx.updateTable('openness.letters').set({ status: 'answered', reply, repliedAt: now, repliedOn: chinaDay(now), repliedBy: actor.userId })
    .where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
  await audit(deps, trx, actor, 'answered', l, { letterNo, onTime: l.repliedOn! <= l.dueDate });
  return l;
}

/** The masked texts the staff would publish (a proposal they may edit). */
export function maskedProposal(l: Pick<Letter, 'subject' | 'body' | 'reply' | 'writerName'>) {
  const names = [l.writerName];
  return { publicSubject: maskPersonalData(l.subject, names), publicBody: maskPersonalData(l.body, names), publicReply: maskPersonalData(l.reply ?? '', names) };
}

/** Publishes an answered letter (writer's consent required); the texts are masked again whatever the staff sent. */
export async function publishLetter(deps: OpennessDeps, trx: Tx, actor: ActingUser, letterNo: string, edit: { publicSubject?: string | undefined; publicBody?: string | undefined; publicReply?: string | undefined }): Promise<Letter> {
  const before = await lock(trx, letterNo);
  if (before.status !== 'answered') throw new AppError('openness.letter_wrong_state', `the letter is ${before.status}; only an answered letter is published`);
  if (!before.consentPublish) throw new AppError('openness.no_consent', 'the writer did not agree to publication');
  const names = [before.writerName];
  const proposal = maskedProposal(before);
  const texts = {
    publicSubject: maskPersonalData(edit.publicSubject ?? proposal.publicSubject, names),
    publicBody: maskPersonalData(edit.publicBody ?? proposal.publicBody, names),
    publicReply: maskPersonalData(edit.publicReply ?? proposal.publicReply, names),
  };
  const now = nowOf(deps);
  const l = await trx.updateTable('openness.letters').set({ status: 'published', ...texts, publishedAt: now, publishedBy: actor.userId })
    .where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
  await deps.portal?.indexPublicDocument(trx, {
    sourceKind: 'mailbox-reply', sourceId: String(l.id), divisionCode: l.divisionCode, title: texts.publicSubject,
    text: `${texts.publicBody}\n${texts.publicReply}`, url: letterUrl(l.letterNo), publishedAt: now.toISOString(),
  });
  await audit(deps, trx, actor, 'published', l, { letterNo });
  return l;
}

/** The writer's own view (letter number + query code), in the system context. */
export async function writerView(trx: Tx, letterNo: string, queryCode: string) {
  const l = await trx.selectFrom('openness.letters').selectAll().where('letterNo', '=', letterNo).executeTakeFirst();
  const ok = l && crypto.timingSafeEqual(Buffer.from(l.queryCodeHash), Buffer.from(sha256Hex(queryCode)));
  if (!l || !ok) throw new AppError('openness.letter_not_found', 'letterNo: no letter with this number and query code', { field: 'letterNo' });
  return l;
}

export async function rateLetter(deps: OpennessDeps, trx: Tx, letterNo: string, queryCode: string, rating: number, comment: string | null) {
  const l = await writerView(trx, letterNo, queryCode);
  if (l.status === 'received') throw new AppError('openness.letter_wrong_state', 'the letter is not answered yet');
  const r = await trx.updateTable('openness.letters').set({ rating, ratingComment: comment, ratedAt: nowOf(deps) })
    .where('id', '=', l.id).where('rating', 'is', null).returning(['id', 'orgPath']).executeTakeFirst();
  if (!r) throw new AppError('openness.already_rated', 'the reply was rated already');
  await audit(deps, trx, null, 'rated', r, { letterNo, rating });
  return { letterNo, rating };
}

export async function listLetters(trx: Tx, f: { status?: string | undefined }) {
  let q = trx.selectFrom('openness.letters').selectAll().orderBy('dueDate').orderBy('id').limit(500);
  if (f.status) q = q.where('status', '=', f.status as Letter['status']);
  return q.execute();
}

export async function getLetter(trx: Tx, letterNo: string) {
  const l = await trx.selectFrom('openness.letters').selectAll().where('letterNo', '=', letterNo).executeTakeFirst();
  if (!l) throw new AppError('openness.letter_not_found', `letterNo: no letter ${letterNo} in your scope`, { field: 'letterNo' });
  return l;
}

/** Published letters, only their masked columns (the public pages and API). */
export function publicLetterColumns(trx: Tx) {
  return trx.selectFrom('openness.letters').select(['letterNo', 'kind', 'divisionCode', 'orgUnitId', 'publicSubject', 'publicBody', 'publicReply', 'receivedOn', 'repliedOn', 'publishedAt', 'rating'])
    .where('status', '=', 'published');
}

export async function listPublishedLetters(trx: Tx, limit: number) {
  return publicLetterColumns(trx).orderBy('publishedAt', 'desc').limit(limit).execute();
}

export async function findPublishedLetter(trx: Tx, letterNo: string) {
  return publicLetterColumns(trx).where('letterNo', '=', letterNo).executeTakeFirst();
}

/** Letters received and answered of a bureau's year (for the annual report). */
export async function letterFigures(trx: Tx, underPath: string, year: number) {
  const { rows: [r] } = await sql<{ received: number; answered: number; onTime: number; published: number; rated: number; satisfied: number }>`
    select count(*)::int as received, count(*) filter (where replied_on is not null)::int as answered,
      count(*) filter (where replied_on <= due_date)::int as "onTime", count(*) filter (where status = 'published')::int as published,
      count(rating)::int as rated, count(*) filter (where rating >= 4)::int as satisfied
    from openness.letters where org_path <@ ${underPath}::ltree and extract(year from received_on) = ${year}`.execute(trx);
  return r!;
}
