/**
 * Demo data of the township module (DEMO=true, once), so that 网上督察 has something to show:
 * six weeks of activity of three townships of 播州区 — 三岔镇 busy, 苟江镇 middling, 鸭溪镇
 * quiet with a county notice unread past its deadline — county notices with read receipts, the
 * townships' own notices, questions answered late and on time, one open; patrol areas for the
 * field app. Accounts: `township2` (苟江镇国土资源所 clerk) and `bz_supervisor` (播州区 township
 * liaison: notices, answers, 网上督察). Plain inserts with the migration role: fast.
 */
import type { Db } from '../../platform/db/database.ts';
import { createWorkCalendar, loadOfficialData } from '../../platform/calendar/index.ts';
import { chinaDay } from './township.service.ts';

const COUNTY = 'cn.p52.c5203.x520304';
const TOWNS = [
  { code: '520304102', perWeek: 5, readsLate: 0, unread: 0, lon: 106.79, lat: 27.51 },
  { code: '520304103', perWeek: 3, readsLate: 1, unread: 0, lon: 106.95, lat: 27.55 },
  { code: '520304113', perWeek: 1, readsLate: 1, unread: 1, lon: 106.69, lat: 27.61 },
] as const;
const PLACES = ['新街村大湾组', '红花村岩脚组', '沙坝村冲沟口', '龙泉村上寨组', '双龙村河坝组', '金竹村桥头组'];
const FINDINGS = [
  ['illegal_building', '发现农户未经批准在承包地上新建砖混结构房屋一处，约120平方米，已停工待核。'],
  ['nothing_found', '按片区巡查一遍，未发现违法建设、私挖乱采和地灾隐患迹象。'],
  ['small_mine', '山坡处发现疑似无证开采石料迹象，现场有挖掘机一台，已劝离并拍照。'],
  ['hazard_sign', '公路内侧边坡出现新的拉张裂缝约5米，已设置警示标志，请县局地灾股核查。'],
  ['nothing_found', '雨后巡查，未发现异常。'],
] as const;

export async function seedDemoTownship(db: Db, now = new Date()): Promise<void> {
  const cal = createWorkCalendar({ ...loadOfficialData(), overrides: new Map(), declaredYears: new Set() });
  const day = 86_400_000;
  const at = (daysAgo: number, hour = 10) => new Date(now.getTime() - daysAgo * day - (now.getUTCHours() - hour + 8) * 3600_000);

  // Accounts: password as the other demo staff.
  const hash = await db.selectFrom('identity.users').select('passwordHash').where('username', '=', 'window').executeTakeFirst();
  const roles = new Map((await db.selectFrom('access.roles').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
  const units = new Map((await db.selectFrom('orgs.org_units').select(['id', 'code', 'path']).where('code', 'in', ['520304103-B', '520304-OFFICE', '520304-B']).execute()).map((u) => [u.code, u]));
  if (hash && roles.has('township_clerk') && roles.has('township_liaison') && units.size === 3) {
    for (const [username, displayName, unitCode, scopeCode, role] of [
      ['township2', '苟江镇国土所 陈霞', '520304103-B', '520304103-B', 'township_clerk'],
      ['bz_supervisor', '播州区局办公室 乡镇联络 吴敏', '520304-OFFICE', '520304-B', 'township_liaison'],
    ] as const) {
      const unit = units.get(unitCode)!;
      const u = await db.insertInto('identity.users').values({
        username, displayName, kind: 'staff', orgUnitId: unit.id, orgPath: unit.path, phone: null, email: `${username}@demo.sunland.local`,
        passwordHash: hash.passwordHash, mustChangePassword: false, totpSecret: null, totpEnabled: false, totpLastStep: null, lockedUntil: null,
        publicKind: null, idNumber: null, legalName: null, lastLoginAt: null,
      }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('access.posts').values({ userId: u.id, orgUnitId: unit.id, roleId: roles.get(role)!, scopePath: units.get(scopeCode)!.path, createdBy: null }).execute();
    }
  }
  const user = async (username: string) => (await db.selectFrom('identity.users').select(['id', 'displayName']).where('username', '=', username).executeTakeFirst()) ?? null;
  const clerk = await user('township');
  const liaison = await user('bz_supervisor');

  // Entries: six weeks, fewer for the quieter townships; the last two of 三岔镇 still drafts.
  const entries = [];
  for (const t of TOWNS) {
    const path = `${COUNTY}.t${t.code}`;
    const n = t.perWeek * 6;
    for (let i = 0; i < n; i++) {
      const daysAgo = Math.floor((i * 42) / n) + 1;
      const [finding, description] = i % 7 === 3 ? ['land_change', '村道拓宽占用林地边缘约0.2亩，村委会称已报镇政府。'] as const : FINDINGS[i % FINDINGS.length]!;
      const draft = t.code === '520304102' && i < 2;
      const created = at(daysAgo, 9 + (i % 6));
      entries.push({
        orgPath: path, townshipCode: t.code, kind: finding === 'land_change' ? 'land_change' as const : 'patrol' as const, finding, place: PLACES[i % PLACES.length]!, description,
        observedOn: chinaDay(created), lon: t.lon + (i % 5) * 0.004, lat: t.lat + (i % 3) * 0.003,
        status: draft ? 'draft' as const : 'reported' as const, reportedAt: draft ? null : new Date(created.getTime() + 3600_000),
        createdAt: created, updatedAt: created, createdBy: t.code === '520304102' ? clerk?.id ?? null : null,
      });
    }
  }
  await db.insertInto('township.entries').values(entries).execute();

  // County notices (the last one due soon, one for each township to read), with read receipts.
  const notices = [
    { daysAgo: 40, title: '关于开展2026年第四季度农村乱占耕地建房巡查的通知', readIn: 5 },
    { daysAgo: 30, title: '关于做好汛后地质灾害隐患点复查工作的通知', readIn: 3 },
    { daysAgo: 21, title: '播州区自然资源局关于转发《贵州省自然资源厅关于加强宅基地审批管理的通知》的通知', readIn: 5 },
    { daysAgo: 12, title: '关于报送本季度卫片执法图斑核查情况的通知', readIn: 3 },
    { daysAgo: 4, title: '关于冬季森林防火期间加强野外用火和矿山巡查的通知', readIn: 5 },
  ];
  for (const [k, n] of notices.entries()) {
    const published = at(n.daysAgo, 15);
    const readBy = cal.addWorkdays(chinaDay(published), n.readIn);
    const row = await db.insertInto('township.notices').values({
      orgPath: COUNTY, origin: 'county', columnKind: 'notice', title: n.title, readBy, publishedBy: liaison?.id ?? null, publisherName: '遵义市播州区自然资源局',
      body: `各乡镇（街道）国土资源所：\n\n${n.title.replace(/^关于|的通知$/g, '')}，请各所按要求认真组织落实，并于阅知期限前在工作台确认已阅，有关情况通过“咨询答复”反馈。\n\n遵义市播州区自然资源局`,
      publishedAt: published,
    }).returning('id').executeTakeFirstOrThrow();
    for (const t of TOWNS) {
      const last = k === notices.length - 1;
      if (last && t.code !== '520304102') continue; // the newest: only 三岔镇 has read it
      if (t.unread && k === 3) continue; // 鸭溪镇 left one unread past its deadline
      const lateDays = t.readsLate && k === 1 ? 8 : 0;
      const readAt = new Date(published.getTime() + (t.perWeek >= 3 ? 0.2 : 1.5) * day + lateDays * day);
      if (readAt > now) continue;
      await db.insertInto('township.notice_reads').values({ noticeId: row.id, orgPath: `${COUNTY}.t${t.code}`, userId: t.code === '520304102' && clerk ? clerk.id : liaison?.id ?? 0, readAt }).execute();
    }
  }

  // The townships' own notices (the portal is not wired in the demo: no article number).
  await db.insertInto('township.notices').values([
    { orgPath: `${COUNTY}.t520304102`, origin: 'township', columnKind: 'news', title: '三岔镇开展农村乱占耕地建房专项巡查', body: '三岔镇国土资源所联合各村，对辖区内新建房屋逐户核查，发现问题当场劝止并上报。', readBy: null, publishedBy: clerk?.id ?? null, publisherName: '三岔镇国土资源所', publishedAt: at(25, 11), portalArticleId: null },
    { orgPath: `${COUNTY}.t520304102`, origin: 'township', columnKind: 'notice', title: '三岔镇关于宅基地申请办理流程的公告', body: '村民申请宅基地，请携带身份证、户口簿到镇国土资源所或通过网上办事大厅提出申请。', readBy: null, publishedBy: clerk?.id ?? null, publisherName: '三岔镇国土资源所', publishedAt: at(9, 11), portalArticleId: null },
    { orgPath: `${COUNTY}.t520304103`, origin: 'township', columnKind: 'news', title: '苟江镇召开地质灾害群测群防员培训会', body: '苟江镇组织全镇群测群防员开展汛后培训，讲解裂缝观测和预警信号。', readBy: null, publishedBy: null, publisherName: '苟江镇国土资源所', publishedAt: at(16, 11), portalArticleId: null },
  ]).execute();

  // Questions to the county: answered on time, answered late, and one still open.
  const questions = [
    { town: '520304102', daysAgo: 33, subject: '农户翻建旧房是否需要重新申请宅基地？', answerAfter: 1, answer: '原址翻建且不扩大面积的，按宅基地审批程序办理翻建手续，无需重新安排宅基地。' },
    { town: '520304102', daysAgo: 18, subject: '巡查发现的小矿线索应报哪个股室？', answerAfter: 6, answer: '请在工作台按“小矿”上报，县局矿产资源管理股和执法监察大队共同核查。' },
    { town: '520304103', daysAgo: 11, subject: '临时用地到期未复垦如何处理？', answerAfter: 2, answer: '请上报具体位置，县局将通知用地单位限期复垦，逾期按程序立案。' },
    { town: '520304102', daysAgo: 1, subject: '冬季巡查频次有无调整？', answerAfter: null, answer: null },
  ];
  for (const q of questions) {
    const asked = at(q.daysAgo, 9);
    const dueDate = cal.addWorkdays(chinaDay(asked), 3);
    const answeredAt = q.answerAfter === null ? null : new Date(asked.getTime() + q.answerAfter * day);
    await db.insertInto('township.messages').values({
      orgPath: `${COUNTY}.t${q.town}`, subject: q.subject, question: `${q.subject}请县局予以明确。`, askedBy: q.town === '520304102' ? clerk?.id ?? null : null,
      askerName: q.town === '520304102' ? clerk?.displayName ?? '三岔镇国土所' : '苟江镇国土所 陈霞', askedAt: asked, dueDate,
      answer: q.answer, answeredBy: answeredAt ? liaison?.id ?? null : null, answererName: answeredAt ? liaison?.displayName ?? '播州区自然资源局' : null, answeredAt,
      answerWorkdays: answeredAt ? cal.workdaysBetween(chinaDay(asked), chinaDay(answeredAt)) : null,
    }).execute();
  }

  // Patrol areas for the offline field app.
  const square = (lon: number, lat: number, d = 0.01) => JSON.stringify({ type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] });
  await db.insertInto('township.patrol_areas').values(TOWNS.flatMap((t) => [
    { orgPath: `${COUNTY}.t${t.code}`, townshipCode: t.code, name: '第一片区（镇区及周边）', geometry: square(t.lon, t.lat) },
    { orgPath: `${COUNTY}.t${t.code}`, townshipCode: t.code, name: '第二片区（山区村组）', geometry: square(t.lon + 0.03, t.lat + 0.02) },
  ])).execute();
}
