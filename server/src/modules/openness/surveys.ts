/**
 * 网上调查: a bureau asks one question with 2–20 choices; signed-in public accounts (实名) vote once
 * each — the primary key (survey, account) holds it even for two votes at the same moment;
 * results are public while open and after closing.
 */
import { sql, type Selectable } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { bureauOf, chinaDay, nowOf, type OpennessDeps } from './openness.deps.ts';
import type { SurveyOption, SurveysTable } from './openness.tables.ts';

type Survey = Selectable<SurveysTable>;
export interface SurveyInput { title: string; description: string; options: string[]; closesOn: string }

async function audit(deps: OpennessDeps, trx: Tx, actor: ActingUser, action: string, s: Pick<Survey, 'id' | 'orgPath'>, details: Record<string, unknown>) {
  await deps.audit.record(trx, actor, { action: `openness.survey.${action}`, entityType: 'openness.survey', entityId: s.id, orgPath: s.orgPath, details });
}

export async function createSurvey(deps: OpennessDeps, trx: Tx, actor: ActingUser, input: SurveyInput): Promise<Survey> {
  const labels = input.options.map((o) => o.trim());
  if (new Set(labels).size !== labels.length) throw invalid('options', 'each choice once', '选项不能重复');
  if (labels.some((l) => !l)) throw invalid('options', 'a choice is empty', '选项不能为空');
  if (input.closesOn < chinaDay(nowOf(deps))) throw invalid('closesOn', 'the last day of voting is in the past', '投票截止日期已过');
  const bureau = await bureauOf(deps, trx, actor);
  const options: SurveyOption[] = labels.map((label, i) => ({ key: `o${i + 1}`, label }));
  const s = await trx.insertInto('openness.surveys').values({
    orgPath: bureau.path, orgUnitId: bureau.id, divisionCode: bureau.divisionCode, title: input.title, description: input.description,
    options: JSON.stringify(options), closesOn: input.closesOn, createdBy: actor.userId,
  }).returningAll().executeTakeFirstOrThrow();
  await audit(deps, trx, actor, 'created', s, { title: s.title });
  return s;
}

export async function setSurveyStatus(deps: OpennessDeps, trx: Tx, actor: ActingUser, id: number, status: 'open' | 'closed'): Promise<Survey> {
  const before = await trx.selectFrom('openness.surveys').selectAll().where('id', '=', id).where(sql<boolean>`org_path <@ (select platform.current_scopes())`).forUpdate().executeTakeFirst();
  if (!before) throw new AppError('openness.survey_not_found', `id: no survey ${id} in your scope`, { field: 'id' });
  if ((status === 'open' && before.status !== 'draft') || (status === 'closed' && before.status !== 'open')) {
    throw new AppError('openness.survey_closed', `the survey is ${before.status}; it cannot become ${status}`);
  }
  const now = nowOf(deps);
  const s = await trx.updateTable('openness.surveys').set(status === 'open' ? { status, openedAt: now } : { status, closedAt: now })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  await audit(deps, trx, actor, status === 'open' ? 'opened' : 'closed', s, {});
  return s;
}

/** One vote of a signed-in public account. */
export async function vote(deps: OpennessDeps, trx: Tx, actor: ActingUser, id: number, optionKey: string) {
  const s = await trx.selectFrom('openness.surveys').selectAll().where('id', '=', id).where('status', '<>', 'draft').executeTakeFirst();
  if (!s) throw new AppError('openness.survey_not_found', `id: no survey ${id}`, { field: 'id' });
  if (s.status !== 'open' || s.closesOn < chinaDay(nowOf(deps))) throw new AppError('openness.survey_closed', 'the survey is closed');
  if (!s.options.some((o) => o.key === optionKey)) throw invalid('optionKey', `not a choice of survey ${id}`, '不是本次征集的选项');
  const r = await trx.insertInto('openness.survey_votes').values({ surveyId: id, userId: actor.userId, optionKey })
    .onConflict((oc) => oc.columns(['surveyId', 'userId']).doNothing()).returning('surveyId').executeTakeFirst();
  if (!r) throw new AppError('openness.already_voted', 'you have voted in this survey');
  return results(trx, id);
}

export async function results(trx: Tx, id: number) {
  const s = await trx.selectFrom('openness.surveys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw new AppError('openness.survey_not_found', `id: no survey ${id}`, { field: 'id' });
  const counts = await trx.selectFrom('openness.survey_votes').select(['optionKey', sql<number>`count(*)::int`.as('n')]).where('surveyId', '=', id).groupBy('optionKey').execute();
  const by = new Map(counts.map((c) => [c.optionKey, c.n]));
  const options = s.options.map((o) => ({ ...o, votes: by.get(o.key) ?? 0 }));
  return {
    id: s.id, title: s.title, description: s.description, status: s.status, closesOn: s.closesOn, divisionCode: s.divisionCode,
    options, total: options.reduce((a, o) => a + o.votes, 0),
  };
}

export async function hasVoted(trx: Tx, id: number, userId: number): Promise<boolean> {
  return !!(await trx.selectFrom('openness.survey_votes').select('surveyId').where('surveyId', '=', id).where('userId', '=', userId).executeTakeFirst());
}

export async function listSurveys(trx: Tx, opts: { publicOnly: boolean }) {
  let q = trx.selectFrom('openness.surveys').selectAll().orderBy('id', 'desc').limit(200);
  if (opts.publicOnly) q = q.where('status', '<>', 'draft');
  return q.execute();
}
