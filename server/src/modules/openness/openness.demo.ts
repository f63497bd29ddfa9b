/**
 * Demo data of 政务公开 and 互动交流, made on the first demo start (DEMO=true, OPENNESS_DEMO=true,
 * no directory entry yet) through the real use cases: the office (办公室 冯静) writes entries and
 * the leader (局长 张伟) publishes them with 索引号; one waits for review; two letters (one
 * answered and published masked, one waiting) and one open survey — so /gk, /hudong and the
 * workbench pages show data.
 */
import { SYSTEM_CONTEXT, withContext, type Tx } from '../../platform/db/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import type { OpennessDeps } from './openness.deps.ts';
import { createOpennessService } from './openness.service.ts';

const ENTRIES = [
  { category: 'JGZN', title: '遵义市播州区自然资源局主要职责和内设机构', docNo: null, body: '贯彻执行国家和省、市关于自然资源和国土空间规划的法律法规和方针政策。\n内设办公室、政策法规股、自然资源开发利用股、耕地保护股、国土空间规划股、矿产资源管理股、地质灾害防治股和执法监察大队。' },
  { category: 'ZCWJ', title: '播州区自然资源局关于进一步规范农村宅基地审批管理的通知', docNo: '播自然资发〔2026〕3号', body: '各乡镇人民政府、街道办事处：\n为规范农村宅基地审批管理，现将有关事项通知如下：宅基地申请由乡镇国土资源所受理，实行一个窗口对外，承诺在20个工作日内办结。' },
  { category: 'GHJH', title: '播州区2026年度土地利用计划', docNo: '播自然资发〔2026〕5号', body: '2026年度全区新增建设用地计划指标按项目清单安排，优先保障民生和基础设施项目用地。' },
  { category: 'TDGY', title: '播州区2026年第三季度国有建设用地供应结果', docNo: null, body: '2026年第三季度全区共供应国有建设用地12宗，面积38.6公顷，其中招拍挂出让7宗。' },
  { category: 'CZYJS', title: '遵义市播州区自然资源局2026年部门预算', docNo: null, body: '2026年部门收支总预算4,860.25万元，其中基本支出2,130.40万元，项目支出2,729.85万元。' },
];

async function actorOf(deps: OpennessDeps, username: string): Promise<Actor | null> {
  return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
    const u = await trx.selectFrom('identity.users').select(['id', 'displayName']).where('username', '=', username).executeTakeFirst();
    if (!u) return null;
    const post = await trx.selectFrom('access.posts').select(['id', 'orgUnitId', 'scopePath', 'roleId']).where('userId', '=', u.id).where('active', '=', true).orderBy('id').executeTakeFirst();
    if (!post) return null;
    const perms = await trx.selectFrom('access.role_permissions').select('permission').where('roleId', '=', post.roleId).execute();
    return { userId: u.id, username, displayName: u.displayName, kind: 'staff', sessionId: 'demo-seed', postId: post.id, orgUnitId: post.orgUnitId, scopePath: post.scopePath, roles: [], permissions: new Set(perms.map((p) => p.permission)) };
  });
}

/** Seeds the demo unless a directory entry exists; returns the number of entries made (0 when skipped). */
export async function seedDemoOpennessOnFirstStart(deps: OpennessDeps): Promise<number> {
  const any = await withContext(deps.db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('openness.entries').select('id').limit(1).executeTakeFirst());
  if (any) return 0;
  const [office, leader] = [await actorOf(deps, 'office'), await actorOf(deps, 'leader')];
  if (!office || !leader) return 0;
  const o = createOpennessService(deps);
  const ids: number[] = [];
  for (const e of ENTRIES) {
    ids.push(await o.inScope(office, async (trx) => { const x = await o.createEntry(trx, office, e); await o.submitEntry(trx, office, x.id); return x.id; }));
  }
  for (const id of ids.slice(0, -1)) await o.inScope(leader, (trx) => o.publishEntry(trx, leader, id));
  const bureau = leader.orgUnitId!;
  const letter = (trx: Tx, subject: string, body: string, consentPublish: boolean) => o.receiveLetter(trx, { kind: 'consult', orgUnitId: bureau, subject, body, writerName: '刘明华', writerPhone: '13985201234', consentPublish });
  const a = await o.asSystem((trx) => letter(trx, '不动产登记需要带哪些材料', '我是刘明华，电话13985201234，想办理房屋抵押登记，需要带哪些材料？', true));
  await o.asSystem((trx) => letter(trx, '三岔镇地质灾害隐患点搬迁', '我家在三岔镇隐患点附近，什么时候能搬迁？', false));
  await o.inScope(office, (trx) => o.replyLetter(trx, office, a.letterNo, '您好：办理抵押登记需提交不动产权证书、主债权合同和抵押合同、双方身份证明。可在网上办事大厅预约。'));
  await o.inScope(leader, (trx) => o.publishLetter(trx, leader, a.letterNo, {}));
  await o.inScope(office, async (trx) => {
    const s = await o.createSurvey(trx, office, { title: '您对宅基地审批的办理时间是否满意？', description: '请根据您或家人最近一次办理宅基地审批的经历选择。', options: ['满意', '基本满意', '不满意'], closesOn: '2099-12-31' });
    await o.setSurveyStatus(trx, office, s.id, 'open');
  });
  return ids.length;
}
