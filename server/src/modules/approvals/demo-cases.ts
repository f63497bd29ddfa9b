/**
 * Demo cases (DEMO=true, first start): `APPROVALS_DEMO_CASES` (default 12, 0 = none) cases of the
 * 播州区 matters in every state, so that the window queue, the review inboxes, the decisions,
 * electronic supervision (a 红牌 and 预警), ratings with a rectification, the disclosure page and
 * the demo applicant's 我的办件 show something at once. They are made through the real use cases
 * (submission, acceptance, supplement notice, opinions, decision, delivery, rating), each step on
 * its own day in the past (the service clock is set per step), so documents, the timeline,
 * deadlines, statistics and disclosure agree; then one deadline scan raises the warnings.
 * Deterministic apart from the day it runs. The test template seeds none (scripts/test.ts sets
 * `APPROVALS_DEMO_CASES=0`), as tests count cases.
 */
import { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { sql } from 'kysely';
import { withContext, SYSTEM_CONTEXT, type DbContext, type Tx } from '../../platform/db/context.ts';
import type { ActingUser, ApprovalsDeps } from './approvals.deps.ts';
import { chinaDay } from './deadlines.ts';
import { submitCase } from './submit-case.ts';
import { acceptCase } from './accept-case.ts';
import { requestSupplement } from './request-supplement.ts';
import { recordOpinion } from './review-case.ts';
import { completeCase, decideCase } from './decide-case.ts';
import { refuseCase } from './refuse-case.ts';
import { rateCase } from './ratings.ts';
import { scanDeadlines } from './supervision.ts';
import type { MaterialDef } from './approvals.tables.ts';

export const DEFAULT_DEMO_CASES = 12;

const PERSON = { kind: 'person' as const, name: '王小明', idNumber: '52030419900307123X', phone: '13885200001' };
const COMPANY = { kind: 'company' as const, name: '遵义市播州区示例建材有限公司', idNumber: '91520304MA6H7K2L0A', phone: '13885200002', contactName: '李建国' };
/** The demo reviewer of each department named in a seeded flow (identity.seed.ts); `bureau` = the township office. */
const REVIEWERS: Record<string, string> = {
  landuse: 'reviewer', farmland: 'farmland', planning: 'planning', legal: 'legal', mineral: 'mineral', hazard: 'hazard', office: 'office', bureau: 'township',
};
/** A one-page placeholder scan (the material previews show it). */
function demoScan(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { Title: 'Sunland demo material' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.rect(56, 56, 483, 730).stroke('#999999');
  doc.fontSize(22).fillColor('#333333').text('Sunland demo material', 80, 100);
  doc.fontSize(12).fillColor('#777777').text('Placeholder scan of an application material (demo data).', 80, 140);
  doc.end();
  return done;
}

const FORMS: Record<string, Record<string, string | number>> = {
  '520304-XK-0001': { project_name: '播州区三岔镇产业园道路工程', location: '播州区三岔镇石坪村', area_ha: 3.2, purpose: '交通运输' },
  '520304-XK-0004': { project_name: '三岔镇道路施工便道', location: '播州区三岔镇', area_ha: 1.2, months: 18 },
  '520304-XK-0006': { licence_no: 'C5203042010127130098765', years: 5 },
  '520304-QR-0001': { cert_no: '黔(2025)播州区不动产权第0012号', amount: 300, term_end: '2029-12-31' },
  '520304-GG-0001': { project_name: '鸭溪镇安置小区', location: '播州区鸭溪镇', grade: '二级' },
  '520304-GG-0002': { content: '2025年三岔镇土地征收补偿安置方案', medium: '电子邮件' },
  '520304-XK-0009': { village: '三岔镇石坪村三组', area_m2: 120, reason: '分户新建' },
};

/**
 * One demo case: the matter, the applicant, and on which working day before today each step
 * happens (0 = today). `review: 'first'` gives only the first department's opinion of the first
 * stage (a parallel review half done); `'all'` passes every stage (`disagree` names a department
 * that disagrees instead).
 */
interface Scenario {
  label: string;
  matter: string;
  applicant: { kind: 'person' | 'company'; name: string; idNumber: string; phone: string; contactName?: string };
  divisionCode?: string;
  submit: number;
  accept?: number;
  supplement?: number;
  refuse?: number;
  review?: { day: number; how: 'first' | 'all'; disagree?: string };
  decide?: { day: number; decision: 'granted' | 'denied'; reason: string };
  complete?: number;
  rate?: { day: number; level: number; tags: string[]; comment?: string };
}

export const DEMO_SCENARIOS: readonly Scenario[] = [
  { label: 'waiting for acceptance', matter: '520304-XK-0001', applicant: COMPANY, submit: 1 },
  { label: 'supplement notice', matter: '520304-XK-0004', applicant: PERSON, submit: 4, supplement: 3 },
  { label: 'parallel review half done', matter: '520304-XK-0001', applicant: PERSON, submit: 6, accept: 5, review: { day: 3, how: 'first' } },
  { label: 'red card: overdue in review', matter: '520304-XK-0004', applicant: COMPANY, submit: 16, accept: 15 },
  { label: 'pending decision', matter: '520304-QR-0001', applicant: PERSON, submit: 5, accept: 4, review: { day: 2, how: 'all' } },
  { label: 'granted, to pick up', matter: '520304-QR-0001', applicant: PERSON, submit: 9, accept: 8, review: { day: 6, how: 'all' }, decide: { day: 4, decision: 'granted', reason: '' } },
  { label: 'completed and rated 非常满意', matter: '520304-GG-0001', applicant: COMPANY, submit: 20, accept: 19, review: { day: 17, how: 'all' }, decide: { day: 16, decision: 'granted', reason: '' }, complete: 15, rate: { day: 14, level: 5, tags: ['一次办成', '办理高效'] } },
  { label: 'completed, bad rating → rectification', matter: '520304-XK-0004', applicant: PERSON, submit: 30, accept: 29, review: { day: 27, how: 'all' }, decide: { day: 25, decision: 'granted', reason: '' }, complete: 24, rate: { day: 3, level: 2, tags: ['多次跑腿'], comment: '补材料跑了两趟' } },
  { label: 'refused (不予受理)', matter: '520304-GG-0002', applicant: PERSON, submit: 7, refuse: 6 },
  { label: 'denied after review', matter: '520304-XK-0006', applicant: COMPANY, submit: 25, accept: 24, review: { day: 15, how: 'all', disagree: 'hazard' }, decide: { day: 12, decision: 'denied', reason: '矿区位于地质灾害易发区，地质灾害危险性评估结论为不宜开采' } },
  { label: '宅基地 in review at 三岔镇', matter: '520304-XK-0009', applicant: PERSON, divisionCode: '520304102', submit: 3, accept: 2 },
  { label: 'yellow: near its due date', matter: '520304-QR-0001', applicant: COMPANY, submit: 5, accept: 4 },
];


type Actor = ActingUser & { context: DbContext };

async function actorOf(deps: ApprovalsDeps, username: string): Promise<Actor> {
  return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
    const u = await trx.selectFrom('identity.users').select(['id', 'displayName', 'kind', 'orgUnitId']).where('username', '=', username).executeTakeFirstOrThrow();
    if (u.kind === 'public') {
      return { userId: u.id, username, displayName: u.displayName, kind: 'public', postId: null, orgUnitId: null, scopePath: null, permissions: new Set<string>(), context: { userId: u.id, scopes: [] } };
    }
    const post = await trx.selectFrom('access.posts').select(['id', 'orgUnitId', 'scopePath', 'roleId']).where('userId', '=', u.id).where('active', '=', true).orderBy('id').executeTakeFirstOrThrow();
    const perms = await trx.selectFrom('access.role_permissions').select('permission').where('roleId', '=', post.roleId).execute();
    return {
      userId: u.id, username, displayName: u.displayName, kind: 'staff', postId: post.id, orgUnitId: post.orgUnitId, scopePath: post.scopePath,
      permissions: new Set(perms.map((p) => p.permission)), context: { userId: u.id, scopes: [post.scopePath] },
    };
  });
}

/** The working day `n` working days before `today` (n = 0: today). */
async function workdaysBack(deps: ApprovalsDeps, today: string, n: number): Promise<string> {
  let d = new Date(`${today}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d = new Date(d.getTime() - 86_400_000);
    if (await deps.calendar.isWorkday(d.toISOString().slice(0, 10))) left--;
  }
  return d.toISOString().slice(0, 10);
}

/** Seeds `count` demo cases (the scenarios in order, repeated beyond 12); returns the case numbers. */
export async function seedDemoCases(base: ApprovalsDeps, count: number): Promise<string[]> {
  const now = base.now ? base.now() : new Date();
  const today = chinaDay(now);
  let clock = now;
  const deps: ApprovalsDeps = { ...base, now: () => clock };
  // A step on working day `n` before today, at a time of office hours (China time), a minute apart.
  let minute = 0;
  const at = async (n: number) => {
    const day = await workdaysBack(base, today, n);
    minute = (minute + 7) % 300;
    clock = new Date(Math.min(new Date(`${day}T09:00:00+08:00`).getTime() + minute * 60_000, now.getTime()));
  };
  const actors = new Map<string, Actor>();
  const actor = async (username: string) => {
    let a = actors.get(username);
    if (!a) actors.set(username, (a = await actorOf(base, username)));
    return a;
  };
  // Each step's transaction runs on the story's clock: timeline rows, case documents, opinions and
  // ratings default to platform.clock_now() (migration 0521), not the day the seed runs.
  const onClock = <T>(ctx: DbContext, fn: (trx: Tx) => Promise<T>) => withContext(base.db, ctx, async (trx) => {
    await sql`select set_config('sunland.clock', ${clock.toISOString()}, true)`.execute(trx);
    return fn(trx);
  });
  const as = <T>(a: Actor, fn: (trx: Tx) => Promise<T>) => onClock(a.context, fn);

  const pdf = await demoScan();
  const made: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = DEMO_SCENARIOS[i % DEMO_SCENARIOS.length]!;
    const applicant = await actor(s.applicant.phone);
    const matter = await withContext(base.db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('approvals.matters as m').innerJoin('approvals.matter_versions as v', 'v.matterId', 'm.id')
      .select(['v.materials', 'v.flow']).where('m.code', '=', s.matter).orderBy('v.version', 'desc').executeTakeFirstOrThrow());
    const materials: Record<string, string[]> = {};
    await at(s.submit);
    for (const m of matter.materials as unknown as MaterialDef[]) {
      if (!m.required || m.kind !== 'file') continue;
      const content = await base.files.putContent(Readable.from([pdf]), { name: `${m.key}.pdf`, declaredMime: 'application/pdf' });
      const u = await as(applicant, (trx) => base.files.createUpload(trx, { content, name: `${m.name}.pdf`, declaredMime: 'application/pdf', uploadedBy: applicant.userId, orgPath: null }));
      materials[m.key] = [u.id];
    }
    const { case: c } = await as(applicant, (trx) => submitCase(deps, trx, applicant, {
      matterCode: s.matter, applicant: s.applicant, formData: FORMS[s.matter] ?? {}, materials, ...(s.divisionCode ? { divisionCode: s.divisionCode } : {}),
    }, 'online'));
    made.push(c.caseNo);
    const window = await actor(s.divisionCode ? 'township' : 'window');
    if (s.supplement !== undefined) {
      await at(s.supplement);
      const first = (matter.materials as unknown as MaterialDef[]).find((m) => m.kind === 'file' && m.required)!;
      await as(window, (trx) => requestSupplement(deps, trx, window, c.caseNo, { items: [{ key: first.key, reason: `${first.name}未加盖公章，请补正` }] }));
    }
    if (s.refuse !== undefined) {
      await at(s.refuse);
      await as(window, (trx) => refuseCase(deps, trx, window, c.caseNo, { reason: '申请事项不属于本机关职权范围，且申请内容不属于政府信息公开范围', competentAgency: '遵义市播州区人民政府办公室' }));
    }
    if (s.accept === undefined) continue;
    await at(s.accept);
    await as(window, (trx) => acceptCase(deps, trx, window, c.caseNo, {}));
    if (s.review) {
      await at(s.review.day);
      const flow = matter.flow as unknown as { departments: string[] }[];
      const stages = s.review.how === 'first' ? [[flow[0]!.departments[0]!]] : flow.map((st) => st.departments);
      stop: for (const departments of stages) {
        for (const dept of departments) {
          const reviewer = await actor(REVIEWERS[dept] ?? 'reviewer');
          const disagree = s.review.disagree === dept;
          await as(reviewer, (trx) => recordOpinion(deps, trx, reviewer, c.caseNo, {
            verdict: disagree ? 'disagree' : 'agree', comment: disagree ? '该区域地质灾害危险性大，不同意' : '材料齐全，符合条件，同意',
          }));
          if (disagree) break stop;
        }
      }
    }
    if (!s.decide) continue;
    await at(s.decide.day);
    const leader = await actor(s.divisionCode ? 'township_leader' : 'leader');
    await as(leader, (trx) => decideCase(deps, trx, leader, c.caseNo, { decision: s.decide!.decision, reason: s.decide!.reason }));
    if (s.complete !== undefined) {
      await at(s.complete);
      await as(window, (trx) => completeCase(deps, trx, window, c.caseNo, { delivery: 'electronic' }));
    }
    if (s.rate) {
      await at(s.rate.day);
      const r = s.rate;
      await onClock(SYSTEM_CONTEXT, async (trx) => {
        const row = await trx.selectFrom('approvals.cases').selectAll().where('caseNo', '=', c.caseNo).executeTakeFirstOrThrow();
        await rateCase(deps, trx, row, { level: r.level, tags: r.tags, comment: r.comment });
      });
    }
  }
  // Warnings as the scheduled scan would raise them today.
  await scanDeadlines(base);
  return made;
}

/**
 * On a demo start: seeds `count` cases when there is no case yet (the first start; a database in
 * use is left alone). Returns the case numbers made, [] when it did nothing.
 */
export async function seedDemoCasesOnFirstStart(deps: ApprovalsDeps, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const any = await withContext(deps.db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('approvals.cases').select('id').limit(1).executeTakeFirst());
  const matters = await withContext(deps.db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('approvals.matters').select('id').where('code', '=', DEMO_SCENARIOS[0]!.matter).executeTakeFirst());
  if (any || !matters) return [];
  return seedDemoCases(deps, count);
}

