/**
 * Demo reports of the ledger (DEMO=true, first start): `TIPOFFS_DEMO_REPORTS` (default 300)
 * reports over the last 30 weeks in the townships of 播州区 (most) and 汇川区, every type,
 * channel and ledger stage, so that the ledger, the trends, the heat map and the Open311 GET
 * show real content. Deterministic: the same count on the same day gives the same reports
 * (a seeded generator; dates count back from the seeding day).
 *
 * What it contains on purpose:
 * - every status; older reports are mostly closed, recent ones still run; stage durations have a
 *   tail, so some running stages are overdue (red) or near their due date (yellow), with their
 *   open warnings (the deadline scan keeps them current afterwards);
 * - the ledger rules hold: a closed report has its disposal record, evidence (verify/dispose
 *   files) and feedback, and was closed by the assigning city level; refused ones have a reason;
 * - two open duplicate pairs (a merge proposal each) and one merged pair;
 * - a rise: in the last 4 weeks one township of 播州区 gets about a fifth of all reports, so
 *   `GET /api/tipoffs/trends/rising` names 播州区 and the township trend shows it.
 * Evidence files are placeholders (no bytes in the file store: their download answers 404).
 * The test template seeds none (`TIPOFFS_DEMO_REPORTS=0` in scripts/test.ts), as tests count.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { scopesLiteral, SYSTEM_CONTEXT } from '../../platform/db/context.ts';
import { createWorkCalendar, loadOfficialData, type WorkCalendar } from '../../platform/calendar/index.ts';
import { DEFAULT_SETTINGS, chinaDay } from './tipoffs.deps.ts';
import { REFUSAL_REASONS, VIOLATION_TYPES, type Channel } from './tipoffs.schemas.ts';
import type { Light, ReportStatus, StageKey } from './tipoffs.tables.ts';

export const DEFAULT_DEMO_REPORTS = 300;

/** `TIPOFFS_DEMO_REPORTS` (0–5000; docs/operations.md). */
export function demoReportCount(): number {
  const raw = process.env.TIPOFFS_DEMO_REPORTS;
  if (raw === undefined || raw === '') return DEFAULT_DEMO_REPORTS;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 5000 ? n : DEFAULT_DEMO_REPORTS;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

const DAY = 86_400_000;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const STAGES: StageKey[] = ['triage', 'assign', 'verify', 'dispose', 'feedback', 'close'];
const AFTER: Record<StageKey, ReportStatus> = {
  triage: 'accepted', assign: 'assigned', verify: 'verified', dispose: 'disposed', feedback: 'feedback_given', close: 'closed',
};
/** Calendar days a stage usually takes (lo, hi) and, with probability `late`, up to `tail` more. */
const DURATION: Record<StageKey, [number, number, number, number]> = {
  triage: [0, 1, 0.05, 3], assign: [0, 3, 0.08, 5], verify: [3, 12, 0.12, 12], dispose: [5, 26, 0.12, 15], feedback: [1, 6, 0.1, 6], close: [1, 6, 0.1, 6],
};
const CHANNEL_WEIGHTS: [Channel, number][] = [
  ['hotline', 30], ['web', 25], ['open311', 8], ['letter', 8], ['email', 7], ['leader', 5], ['lower_level', 8], ['media', 4], ['other', 5],
];
const PLACES = ['村', '组', '路口', '河道旁', '山脚', '厂区东侧', '公路边'];
const PARTIES = ['某建材有限公司', '某砂石厂', '村民张某', '某房地产开发公司', '某养殖场', '个体户李某', '某采石场', '某物流公司', '村民王某', '某矿业有限公司'];
const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴'];
const FACTS: Record<string, string> = {
  land_illegal_approval: '未经批准在耕地上建设厂房，已浇筑地基。',
  land_illegal_occupation: '在基本农田上堆放砂石、硬化地面，面积约两亩。',
  land_illegal_transfer: '村集体土地被私下转让用于建房，未办理任何手续。',
  land_farmland_damage: '在耕地上挖塘取土，耕作层已被破坏。',
  land_other: '河道旁土地被围挡施工，不清楚是否有审批。',
  mineral_illegal_exploration: '山上有人打钻探矿，夜间作业。',
  mineral_illegal_mining: '无证开采石料，夜间有大型车辆运输。',
  mineral_illegal_approval: '采矿点超出许可范围开采，山体裸露。',
  mineral_illegal_transfer: '采矿权私下转包给他人经营。',
  mineral_other: '废弃矿洞附近仍有人员进出开采。',
};

interface Township { code: string; path: string; name: string; county: '520304' | '520303'; lon: number; lat: number }

export interface DemoReportsResult { reports: number; warnings: number; duplicates: number }

export async function seedDemoReports(trx: Db, count = demoReportCount(), today = chinaDay(new Date())): Promise<DemoReportsResult> {
  if (count <= 0) return { reports: 0, warnings: 0, duplicates: 0 };
  // Owner connection inside the seed's transaction: the country scope, should RLS apply to it.
  await sql`select set_config('sunland.scopes', ${scopesLiteral(SYSTEM_CONTEXT.scopes)}, true)`.execute(trx);
  const bureaus = await trx.selectFrom('orgs.org_units').select(['code', sql<string>`path::text`.as('path')])
    .where('code', 'in', ['520300-B', '520304-B', '520303-B']).execute();
  const pathOf = (code: string) => bureaus.find((b) => b.code === code)?.path;
  const city = pathOf('520300-B');
  const countyPath = { '520304': pathOf('520304-B'), '520303': pathOf('520303-B') };
  if (!city || !countyPath['520304'] || !countyPath['520303']) return { reports: 0, warnings: 0, duplicates: 0 };
  const divs = await trx.selectFrom('orgs.divisions').select(['code', 'name', 'parentCode', sql<string>`path::text`.as('path')])
    .where('parentCode', 'in', ['520304', '520303']).where('validTo', 'is', null).orderBy('code').execute();
  // Pseudo-centres on a grid over each district (no boundaries in the demo data).
  const towns: Township[] = divs.map((d, i) => {
    const county = d.parentCode === '520303' ? '520303' : '520304';
    const k = divs.filter((x, j) => j < i && x.parentCode === d.parentCode).length;
    const [lon0, lat0, cols] = county === '520304' ? [106.62, 27.32, 5] : [106.93, 27.73, 3];
    return { code: d.code, path: d.path, name: d.name, county, lon: lon0 + (k % cols) * 0.11, lat: lat0 + Math.floor(k / cols) * 0.1 };
  });
  const bozhou = towns.filter((t) => t.county === '520304');
  const huichuan = towns.filter((t) => t.county === '520303');
  if (!bozhou.length) return { reports: 0, warnings: 0, duplicates: 0 };
  const surgeTown = bozhou[Math.min(3, bozhou.length - 1)]!;

  const cal: WorkCalendar | null = await (async () => {
    const [overrides, years] = await Promise.all([
      trx.selectFrom('calendar.overrides').select(['date', 'kind', 'name']).execute(),
      trx.selectFrom('calendar.covered_years').select('year').execute(),
    ]);
    return createWorkCalendar({
      ...loadOfficialData(),
      overrides: new Map(overrides.map((o) => [String(o.date).slice(0, 10), { kind: o.kind, name: o.name }])),
      declaredYears: new Set(years.map((y) => y.year)),
    });
  })().catch(() => null);
  const addWorkdays = (from: string, n: number) => {
    try { return cal ? cal.addWorkdays(from, n) : null; } catch { return null; }
  };
  const workdaysBetween = (a: string, b: string) => {
    try { return cal ? cal.workdaysBetween(a, b) : null; } catch { return null; }
  };
  const lightOf = (startedOn: string, due: string | null): Light => {
    if (!due) return 'green';
    if (today > due) return 'red';
    const remaining = workdaysBetween(today, due);
    const total = workdaysBetween(startedOn, due);
    return remaining !== null && total !== null && remaining <= DEFAULT_SETTINGS.warnDays && remaining < total ? 'yellow' : 'green';
  };
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const at = (date: string, hour: number, minute: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);

  const r = rng(20260312);
  const channelTotal = CHANNEL_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const pickChannel = (): Channel => {
    let x = r.next() * channelTotal;
    for (const [c, w] of CHANNEL_WEIGHTS) { x -= w; if (x < 0) return c; }
    return 'hotline';
  };
  const types = Object.keys(VIOLATION_TYPES);
  const refusals = Object.keys(REFUSAL_REASONS) as (keyof typeof REFUSAL_REASONS)[];
  const apiKey = await trx.selectFrom('tipoffs.api_keys').select('id').orderBy('id').limit(1).executeTakeFirst();

  const surge = Math.round(count * 0.22);
  // Planned: [age in days, township]; older first, so report numbers grow with the date.
  const plan: { age: number; town: Township }[] = [];
  for (let i = 0; i < count - surge; i++) {
    const town = huichuan.length && r.next() < 0.15 ? r.pick(huichuan) : r.pick(bozhou);
    // Evenly spread (a steady background), so that the rise below stands out.
    plan.push({ age: Math.min(7 * 30, Math.floor((i * 7 * 30) / (count - surge)) + r.int(0, 1)), town });
  }
  // The rise falls in the trends' recent window: this week and the three before (weeks start on Monday).
  const sinceMonday = (new Date(todayMs).getUTCDay() + 6) % 7;
  for (let i = 0; i < surge; i++) plan.push({ age: r.int(0, sinceMonday + 21), town: surgeTown });
  plan.sort((a, b) => b.age - a.age);

  let reports = 0;
  let warnings = 0;
  const inserted: { id: number; status: ReportStatus; lon: number; lat: number; receivedAt: Date; orgPath: string }[] = [];
  for (const [n, p] of plan.entries()) {
    const received = dayOf(todayMs - p.age * DAY);
    const receivedAt = at(received, r.int(8, 20), r.int(0, 59));
    const channel = pickChannel();
    const type = r.pick(types);
    const lon = +(p.town.lon + (r.next() - 0.5) * 0.08).toFixed(6);
    const lat = +(p.town.lat + (r.next() - 0.5) * 0.07).toFixed(6);
    const county = p.town.county;
    const handling = countyPath[county]!;
    const refused = r.next() < 0.07;
    const assignMode = r.next() < 0.2 ? 'assign' as const : 'transfer' as const;
    // A few stall in one stage (overdue, red).
    const stuckAt: StageKey | null = r.next() < 0.05 ? r.pick(['assign', 'verify', 'dispose', 'feedback'] as StageKey[]) : null;
    // Walk the stages until one runs past today.
    let day = received;
    let status: ReportStatus = 'received';
    const stages: { stage: StageKey; startedOn: string; dueDate: string | null; endedOn: string | null; limit: number; orgPath: string }[] = [];
    let assignDue: string | null = null;
    let assignedOn: string | null = null;
    const ends: Partial<Record<StageKey, string>> = {};
    for (const stage of STAGES) {
      const limit = DEFAULT_SETTINGS.stageDays[stage];
      const orgPath = stage === 'triage' || stage === 'assign' ? city : handling;
      const due = assignDue && (stage === 'verify' || stage === 'dispose') ? assignDue : addWorkdays(day, limit);
      const [lo, hi, late, tail] = DURATION[stage];
      const took = r.int(lo, hi) + (r.next() < late ? r.int(1, tail) : 0) + (stuckAt === stage ? 400 : 0);
      const end = dayOf(Date.parse(`${day}T00:00:00Z`) + took * DAY);
      if (end >= today) {
        stages.push({ stage, startedOn: day, dueDate: due, endedOn: null, limit, orgPath });
        break;
      }
      stages.push({ stage, startedOn: day, dueDate: due, endedOn: end, limit, orgPath });
      ends[stage] = end;
      if (stage === 'triage' && refused) { status = 'refused'; break; }
      status = AFTER[stage];
      if (stage === 'assign') {
        assignedOn = end;
        if (assignMode === 'assign') assignDue = addWorkdays(end, 15);
      }
      day = end;
      if (stage === 'close') break;
    }
    const running = stages.find((s) => s.endedOn === null) ?? null;
    const light = running ? lightOf(running.startedOn, running.dueDate) : 'green';
    const assigned = assignedOn !== null;
    const orgPath = assigned ? handling : city;
    const violationFound = ends.verify ? r.next() < 0.7 : null;
    const outcome = ends.dispose ? (violationFound ? (r.next() < 0.4 ? 'case_filed' : 'stopped_rectified') : 'no_violation') : null;
    const serial = await sql<{ n: number }>`select nextval('tipoffs.report_serial')::int as n`.execute(trx);
    const reportNo = `JB${received.replaceAll('-', '')}${String(serial.rows[0]!.n).padStart(6, '0')}`;
    let tracking = '';
    for (let k = 0; k < 12; k++) tracking += ALPHABET[r.int(0, 31)];
    tracking = `${tracking.slice(0, 4)}-${tracking.slice(4, 8)}-${tracking.slice(8, 12)}`;
    const refusal = refused ? r.pick(refusals) : null;
    const t = (d: string | undefined, h = 10) => (d ? at(d, h, r.int(0, 59)) : null);
    const feedbackText = ends.feedback ? `您举报的${p.town.name}线索已核查处置：${outcome === 'no_violation' ? '经现场核查，未发现违法行为。' : outcome === 'case_filed' ? '已依法立案查处。' : '已责令停止违法行为并整改到位。'}感谢您的监督。` : null;
    const row = await trx.insertInto('tipoffs.reports').values({
      reportNo, trackingCode: tracking, channel, channelRef: null, violationType: type, status,
      divisionCode: p.town.code, divisionPath: p.town.path,
      address: `遵义市${county === '520304' ? '播州区' : '汇川区'}${p.town.name}${r.pick(['新民', '龙坪', '团结', '光明', '红星', '石坝', '大坝'])}${r.pick(PLACES)}`,
      lon, lat, party: r.pick(PARTIES), facts: FACTS[type] ?? '发现疑似违法用地行为。',
      intakeOrgPath: city, orgPath, receivedAt, receivedOn: received,
      stage: running?.stage ?? null, stageStartedOn: running?.startedOn ?? null, stageDueDate: running?.dueDate ?? null, warnLevel: light,
      triageDecision: ends.triage ? (refused ? 'refuse' : 'accept') : null,
      refusalReason: refusal, refusalRedirect: refusal ? REFUSAL_REASONS[refusal].redirect : null, triageNote: null, triagedAt: t(ends.triage, 9),
      assignMode: assigned ? assignMode : null, countyCode: assigned ? county : null, countyOrgPath: assigned ? handling : null,
      assignedByPath: assigned ? city : null, assignDueDate: assigned ? assignDue : null,
      assignInstructions: assigned && assignMode === 'assign' ? '请于期限内核查处置并报送办理报告。' : null, assignedAt: t(ends.assign),
      verifiedOn: ends.verify ?? null, findings: ends.verify ? (violationFound ? '现场核实存在举报所述行为，已拍照取证。' : '现场核实未发现举报所述行为。') : null,
      violationFound, verifiedAt: t(ends.verify, 16),
      disposalOutcome: outcome, disposalCaseNo: outcome === 'case_filed' ? `遵播自然资罚立〔${received.slice(0, 4)}〕${100 + n}号` : null,
      disposalSummary: outcome ? (outcome === 'no_violation' ? '经核查无违法行为，予以说明。' : outcome === 'case_filed' ? '已立案查处，责令退还土地并罚款。' : '已责令停止施工，恢复原状，复查整改到位。') : null,
      disposedAt: t(ends.dispose, 15), feedbackText, feedbackAt: t(ends.feedback, 11), feedbackRecipients: ends.feedback ? 1 : null,
      closedAt: t(ends.close, 17), closeNote: ends.close ? '材料齐全，同意销号。' : null,
      mergedIntoId: null, idempotencyKey: null, idempotencyHash: null,
      apiKeyId: channel === 'open311' ? (apiKey?.id ?? null) : null, createdBy: null,
    }).returning('id').executeTakeFirstOrThrow();
    const id = row.id;
    reports++;
    inserted.push({ id, status, lon, lat, receivedAt, orgPath });
    const anonymous = r.next() < 0.4;
    await trx.insertInto('tipoffs.reporters').values({
      reportId: id, orgPath: city, anonymous, name: anonymous ? null : `${r.pick(SURNAMES)}某某`,
      phone: anonymous && r.next() < 0.5 ? null : `1390000${String(n % 10000).padStart(4, '0')}`, email: null, idNumber: null,
    }).execute();
    for (const s of stages) {
      const level: Light = s.endedOn === null ? light : s.dueDate && s.endedOn > s.dueDate ? 'red' : 'green';
      await trx.insertInto('tipoffs.stages').values({ reportId: id, orgPath, stage: s.stage, startedOn: s.startedOn, limitDays: s.limit, dueDate: s.dueDate, endedOn: s.endedOn, level }).execute();
    }
    if (ends.verify) {
      await trx.insertInto('tipoffs.files').values({ reportId: id, orgPath, fileId: uuidOf(r), stage: 'verify', name: '现场核查照片.jpg', mime: 'image/jpeg', addedBy: null }).execute();
    }
    if (ends.dispose) {
      await trx.insertInto('tipoffs.files').values({ reportId: id, orgPath, fileId: uuidOf(r), stage: 'dispose', name: '处置决定书.pdf', mime: 'application/pdf', addedBy: null }).execute();
    }
    const events: { kind: string; at: Date; details: Record<string, unknown>; actor: string | null }[] = [
      { kind: 'received', at: receivedAt, details: { channel, files: 0 }, actor: null },
    ];
    if (ends.triage) {
      events.push(refusal
        ? { kind: 'refused', at: t(ends.triage, 9)!, details: { reason: refusal, reasonName: REFUSAL_REASONS[refusal].name, redirect: REFUSAL_REASONS[refusal].redirect }, actor: '12336 受理员' }
        : { kind: 'accepted', at: t(ends.triage, 9)!, details: {}, actor: '12336 受理员' });
    }
    if (ends.assign) events.push({ kind: 'assigned', at: t(ends.assign)!, details: { mode: assignMode, county: county === '520304' ? '遵义市播州区自然资源局' : '遵义市汇川区自然资源局', dueDate: assignDue }, actor: '12336 受理员' });
    if (ends.verify) events.push({ kind: 'verified', at: t(ends.verify, 16)!, details: { verifiedOn: ends.verify, violationFound, files: 1 }, actor: '执法监察大队' });
    if (ends.dispose) events.push({ kind: 'disposed', at: t(ends.dispose, 15)!, details: { outcome, caseNo: null, files: 1 }, actor: '执法监察大队' });
    if (ends.feedback) events.push({ kind: 'feedback_given', at: t(ends.feedback, 11)!, details: { text: feedbackText, recipients: 1 }, actor: '执法监察大队' });
    if (ends.close) events.push({ kind: 'closed', at: t(ends.close, 17)!, details: {}, actor: '12336 受理员' });
    await trx.insertInto('tipoffs.events').values(events.map((e) => ({
      reportId: id, orgPath, kind: e.kind, at: e.at, actorUserId: null, actorName: e.actor, public: true, details: JSON.stringify(e.details),
    }))).execute();
    if (running && light !== 'green' && running.dueDate) {
      const levels: ('yellow' | 'red')[] = light === 'red' ? ['yellow', 'red'] : ['yellow'];
      for (const level of levels) {
        const raised = level === 'red' ? at(dayOf(Date.parse(`${running.dueDate}T00:00:00Z`) + DAY), 0, 15) : at(running.dueDate < today ? running.dueDate : today, 0, 15);
        await trx.insertInto('tipoffs.warnings').values({ reportId: id, orgPath, stage: running.stage, level, dueDate: running.dueDate, raisedAt: raised }).execute();
        warnings++;
      }
    }
  }

  // Duplicates: two open pairs (merge proposals) and one merged pair, among the recent open reports.
  let duplicates = 0;
  const open = inserted.filter((x) => x.status === 'received' || x.status === 'accepted');
  const targets = inserted.filter((x) => ['assigned', 'verified', 'disposed'].includes(x.status)).slice(-3);
  for (const [k, target] of targets.entries()) {
    const dup = open[open.length - 1 - k];
    if (!dup || dup.id === target.id) continue;
    const merged = k === 0;
    const distanceM = 40 + k * 35;
    // Move the later report onto the earlier one's place (within the duplicate distance).
    await trx.updateTable('tipoffs.reports').set({
      lon: target.lon + distanceM / 100_000, lat: target.lat,
      ...(merged ? { status: 'merged' as const, mergedIntoId: target.id, stage: null, stageStartedOn: null, stageDueDate: null, warnLevel: 'green' as const, orgPath: target.orgPath } : {}),
    }).where('id', '=', dup.id).execute();
    if (merged) {
      for (const table of ['tipoffs.stages', 'tipoffs.events', 'tipoffs.files', 'tipoffs.warnings'] as const) {
        await trx.updateTable(table).set({ orgPath: target.orgPath }).where('reportId', '=', dup.id).execute();
      }
      await trx.updateTable('tipoffs.stages').set({ endedOn: today }).where('reportId', '=', dup.id).where('endedOn', 'is', null).execute();
      await trx.deleteFrom('tipoffs.warnings').where('reportId', '=', dup.id).execute();
      await trx.insertInto('tipoffs.events').values([
        { reportId: dup.id, orgPath: target.orgPath, kind: 'merged', actorName: '12336 受理员', public: true, details: JSON.stringify({ intoId: target.id }) },
        { reportId: target.id, orgPath: target.orgPath, kind: 'merged_in', actorName: '12336 受理员', public: false, details: JSON.stringify({ fromId: dup.id }) },
      ]).execute();
    }
    const days = Math.round(Math.abs(dup.receivedAt.getTime() - target.receivedAt.getTime()) / DAY);
    await trx.insertInto('tipoffs.duplicates').values({
      reportId: dup.id, candidateId: target.id, orgPath: merged ? target.orgPath : dup.orgPath, distanceM, days,
      status: merged ? 'merged' : 'open', ...(merged ? { decidedAt: new Date(), decidedBy: null } : {}),
    }).execute();
    duplicates++;
  }
  const w = await trx.selectFrom('tipoffs.warnings').select((eb) => eb.fn.countAll<number>().as('n')).where('clearedAt', 'is', null).executeTakeFirstOrThrow();
  warnings = Number(w.n);
  return { reports, warnings, duplicates };
}

function uuidOf(r: ReturnType<typeof rng>): string {
  let h = '';
  for (let i = 0; i < 32; i++) h += r.int(0, 15).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
