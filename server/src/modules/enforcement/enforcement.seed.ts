/**
 * Demo data of the enforcement module (DEMO=true, once): four cases of 播州区 at different stages —
 * awaiting filing, under investigation, decided (a person, masked on the portal) and closed (a
 * company, fine paid, building demolished, land returned) — with their sources, stage rows,
 * records and the two published penalty decisions. Written directly (no PDFs), so seeding stays fast.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { publicApplicantName } from '../approvals/index.ts';

const CST = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const dayOffset = (n: number) => CST.format(new Date(Date.now() + n * 86400_000));

export async function seedDemoEnforcement(db: Db): Promise<void> {
  const b = await db.selectFrom('orgs.org_units').select(['id', 'name', sql<string>`path::text`.as('path')]).where('code', '=', '520304-B').executeTakeFirst();
  if (!b) return;
  const leader = await db.selectFrom('identity.users').select('id').where('username', '=', 'leader').executeTakeFirst();
  if (!leader) return;
  const year = Number(dayOffset(0).slice(0, 4));
  const no = (n: number) => `ZF520304-${year}-${String(n).padStart(4, '0')}`;
  const base = { orgPath: b.path, orgUnitId: b.id, divisionCode: '520304102', lon: 106.83, lat: 27.54 };
  const rows = [
    { caseNo: no(1), status: 'proposed' as const, stage: 'filing' as const, stageStartedOn: dayOffset(-1), stageDueDate: dayOffset(12), title: '三岔镇某村村民未经批准占用土地建住宅案',
      summary: '日常巡查发现村民未经批准占用集体土地约180平方米建设住宅', violationKind: null, partyKind: null, partyName: null, facts: { areaM2: 180 } },
    { caseNo: no(2), status: 'investigating' as const, stage: 'investigation' as const, stageStartedOn: dayOffset(-5), stageDueDate: dayOffset(35), title: '遵义某砂石厂非法采矿案',
      summary: '12336举报反映河道夜间非法采砂，经核查属实', violationKind: 'illegal_mining', partyKind: 'company' as const, partyName: '遵义某砂石有限公司', facts: { illegalGains: 80000 }, filedOn: dayOffset(-5) },
    { caseNo: no(3), status: 'decided' as const, stage: 'execution' as const, stageStartedOn: dayOffset(-2), stageDueDate: dayOffset(80), title: '王某非法转让土地案',
      summary: '当事人将承包地非法转让用于建设，获利2万元', violationKind: 'illegal_transfer', partyKind: 'person' as const, partyName: '王大山', partyIdNumber: '520304197001011234',
      partyAddress: '播州区三岔镇某村3组', facts: { illegalGains: 20000 }, filedOn: dayOffset(-40), decidedOn: dayOffset(-2), fineAmount: 6000, penalty: { fine: 6000, confiscate: false, demolish: false, restore: false, other: null } },
    { caseNo: no(4), status: 'closed' as const, stage: null, stageStartedOn: null, stageDueDate: null, title: '播州区某建材公司非法占用耕地案',
      summary: '当事人未经批准占用耕地300平方米建设钢结构厂房，不符合土地利用总体规划', violationKind: 'illegal_occupation', partyKind: 'company' as const,
      partyName: '遵义市播州区示例建材有限公司', partyIdNumber: '91520304MA6H7K2L0A', facts: { areaM2: 300, croplandM2: 300, landClass: 'cropland', fitsPlan: false },
      filedOn: dayOffset(-80), decidedOn: dayOffset(-30), fineAmount: 135000, finePaid: 135000, demolishedM2: 300, landReturnedM2: 300,
      penalty: { fine: 135000, confiscate: false, demolish: true, restore: true, other: null } },
  ];
  for (const r of rows) {
    const { facts, penalty, ...rest } = r as typeof r & { penalty?: unknown; filedOn?: string; decidedOn?: string };
    const c = await db.insertInto('enforcement.cases').values({
      ...base, ...rest, facts: JSON.stringify(facts), penalty: penalty ? JSON.stringify(penalty) : null,
      legalBasis: penalty ? (r.violationKind === 'illegal_transfer' ? '《中华人民共和国土地管理法》第七十四条；《土地管理法实施条例》第五十四条' : '《中华人民共和国土地管理法》第七十七条；《土地管理法实施条例》第五十七条') : null,
      closedBy: r.status === 'closed' ? leader.id : null, filedBy: 'filedOn' in r ? leader.id : null, decidedBy: 'decidedOn' in r ? leader.id : null,
      closedAt: r.status === 'closed' ? new Date() : null, closeNote: r.status === 'closed' ? '处罚决定已执行完毕（演示）' : null,
    } as never).returning(['id', 'caseNo']).executeTakeFirstOrThrow();
    await db.insertInto('enforcement.sources').values({
      caseId: c.id, orgPath: b.path, kind: r.status === 'investigating' ? 'tipoff' : r.status === 'closed' ? 'patch' : 'inspection',
      sourceId: null, ref: r.status === 'closed' ? `5203042026D${c.id}` : `演示-${c.caseNo}`, summary: r.summary,
    }).execute();
    if (r.stage) {
      await db.insertInto('enforcement.stages').values({ caseId: c.id, orgPath: b.path, stage: r.stage, startedOn: r.stageStartedOn!, limitDays: 10, dueDate: r.stageDueDate }).execute();
    }
    await db.insertInto('enforcement.events').values({ caseId: c.id, orgPath: b.path, kind: 'opened', actorUserId: null, actorName: null, details: JSON.stringify({ demo: true }) }).execute();
    if (r.status === 'investigating' || r.status === 'decided' || r.status === 'closed') {
      await db.insertInto('enforcement.records').values({
        caseId: c.id, orgPath: b.path, kind: 'site', recordedOn: dayOffset(-4), title: '现场勘验笔录（演示）', content: r.summary, createdBy: null,
      }).execute();
    }
    if (r.status === 'decided' || r.status === 'closed') {
      const p = r as { partyKind: 'person' | 'company'; partyName: string; decidedOn?: string };
      await db.insertInto('enforcement.disclosures').values({
        caseId: c.id, orgPath: b.path, caseNo: c.caseNo, partyKind: p.partyKind, partyName: publicApplicantName(p.partyKind, p.partyName),
        facts: r.summary, legalBasis: r.violationKind === 'illegal_transfer' ? '《中华人民共和国土地管理法》第七十四条' : '《中华人民共和国土地管理法》第七十七条',
        penalty: r.status === 'closed' ? '罚款人民币 135000.00 元；限期拆除非法占用土地上新建的建筑物和其他设施；退还非法占用的土地，恢复土地原状' : '罚款人民币 6000.00 元',
        authority: b.name, decidedOn: p.decidedOn!, documentNo: null,
      }).execute();
    }
  }
  await sql`insert into enforcement.case_sequences (org_path, year, last) values (${b.path}::ltree, ${year}, ${rows.length})
            on conflict (org_path, year) do update set last = greatest(enforcement.case_sequences.last, excluded.last)`.execute(db);
}
