/**
 * Cases on chosen days for the statistics tests (not a test file itself): each step runs the
 * real use case through a service whose clock reads that day, so `workdays_used`, due dates and
 * the event days come out of the real calendar.
 */
import { sql } from 'kysely';
import { withContext } from '../../platform/db/context.ts';
import type { TestApp } from '../../../test/harness.ts';
import type { ActingUser } from './approvals.deps.ts';
import { PERSON, serviceAt, uploadPdf } from './approvals.test-helpers.ts';
import { submitCase } from './submit-case.ts';
import { acceptCase } from './accept-case.ts';
import { recordOpinion } from './review-case.ts';
import { completeCase, decideCase } from './decide-case.ts';

const ctx = (a: ActingUser) => ({ userId: a.userId, scopes: a.scopePath ? [a.scopePath] : [] });

export interface Cast { window: ActingUser; windowCookie: string; reviewer: ActingUser; leader: ActingUser }

export interface CasePlan {
  matter: string;
  submit: string;
  accept?: string;
  /** Day of the reviewer's opinion and the leader's decision. */
  decide?: string;
  decision?: 'granted' | 'denied';
  complete?: string;
}

/** Form values that pass any matter's e-form. */
async function formFor(t: TestApp, matterCode: string) {
  const v = await t.testDb.owner.selectFrom('approvals.matters as m').innerJoin('approvals.matter_versions as v', 'v.id', 'm.currentVersionId')
    .select(['v.form', 'v.materials']).where('m.code', '=', matterCode).executeTakeFirstOrThrow();
  const formData: Record<string, string | number> = {};
  for (const f of v.form) formData[f.key] = f.type === 'number' ? 1 : f.type === 'date' ? '2030-12-31' : f.type === 'select' ? f.options![0]! : '测试';
  return { formData, files: v.materials.filter((m) => m.required && m.kind === 'file').map((m) => m.key) };
}

/** Runs one case as far as the plan says; returns its number. */
export async function planCase(t: TestApp, cast: Cast, p: CasePlan): Promise<string> {
  const { formData, files } = await formFor(t, p.matter);
  const fileId = (await uploadPdf(t, cast.windowCookie, '/api/files')).id;
  const materials = Object.fromEntries(files.map((k) => [k, [fileId]]));
  const run = <T>(day: string, actor: ActingUser, fn: (deps: ReturnType<typeof serviceAt>['deps'], trx: Parameters<Parameters<typeof withContext>[2]>[0]) => Promise<T>) => {
    const s = serviceAt(t, day);
    return withContext(t.platform.db, ctx(actor), (trx) => fn(s.deps, trx));
  };
  const { case: c } = await run(p.submit, cast.window, (deps, trx) => submitCase(deps, trx, cast.window, { matterCode: p.matter, applicant: PERSON, formData, materials }, 'walk_in'));
  if (p.accept) await run(p.accept, cast.window, (deps, trx) => acceptCase(deps, trx, cast.window, c.caseNo, {}));
  if (p.decide) {
    await run(p.decide, cast.reviewer, (deps, trx) => recordOpinion(deps, trx, cast.reviewer, c.caseNo, { verdict: 'agree', comment: '同意' }));
    await run(p.decide, cast.leader, (deps, trx) => decideCase(deps, trx, cast.leader, c.caseNo, { decision: p.decision ?? 'granted', reason: p.decision === 'denied' ? '不符合法定条件' : '' }));
  }
  if (p.complete) await run(p.complete, cast.window, (deps, trx) => completeCase(deps, trx, cast.window, c.caseNo, { delivery: 'pickup' }));
  return c.caseNo;
}

/** Copies a 播州区 matter (current version) to another bureau under a new code. */
export async function copyMatter(t: TestApp, fromCode: string, newCode: string, bureauCode: string): Promise<void> {
  const db = t.testDb.owner;
  const bureau = await db.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', bureauCode).executeTakeFirstOrThrow();
  const v = await db.selectFrom('approvals.matters as m').innerJoin('approvals.matter_versions as v', 'v.id', 'm.currentVersionId')
    .selectAll('v').where('m.code', '=', fromCode).executeTakeFirstOrThrow();
  const m = await db.insertInto('approvals.matters').values({ code: newCode, orgPath: bureau.path, orgUnitId: bureau.id }).returning('id').executeTakeFirstOrThrow();
  const { id: _id, matterId: _m, createdAt: _c, ...rest } = v;
  const nv = await db.insertInto('approvals.matter_versions').values({
    ...rest, matterId: m.id, version: 1, orgPath: bureau.path,
    materials: JSON.stringify(rest.materials), form: JSON.stringify(rest.form), flow: JSON.stringify(rest.flow),
  }).returning('id').executeTakeFirstOrThrow();
  await db.updateTable('approvals.matters').set({ currentVersionId: nv.id }).where('id', '=', m.id).execute();
}

/** Inserts a rating as the ratings module stores it (contract of migration 0110); false while that table is absent. */
export async function rate(t: TestApp, caseNo: string, level: number, createdAt: string, followUp = false): Promise<boolean> {
  const db = t.testDb.owner;
  const { rows: [has] } = await sql<{ ok: boolean }>`select to_regclass('approvals.ratings') is not null as ok`.execute(db);
  if (!has?.ok) return false;
  const c = await db.selectFrom('approvals.cases').select(['id', 'orgPath']).where('caseNo', '=', caseNo).executeTakeFirstOrThrow();
  await sql`insert into approvals.ratings (case_id, org_path, level, tags, follow_up, created_at)
    values (${c.id}, ${c.orgPath}::ltree, ${level}, '{}', ${followUp}, ${createdAt}::timestamptz)`.execute(db);
  return true;
}
