/**
 * Demo data of random selection (中介机构选取), made on the first demo start (DEMO=true,
 * SELECTION_DEMO=true, no agency yet) through the real use cases as the demo leader (局长 张伟):
 * a registry of agencies (one suspended, one related to the project owner, one with an expired
 * qualification) and one completed draw — pool frozen and logged, drawn against a checkpoint, the
 * first agency declined, the next confirmed — so the draw pages and the public result show data.
 */
import { SYSTEM_CONTEXT, withContext } from '../../platform/db/context.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { createSelectionService, type SelectionDeps } from './selection.service.ts';

export const DEMO_PROJECT_OWNER = '遵义市播州区城投公司';

const AGENCIES = [
  { name: '贵州省地矿局地质灾害评估所', serviceTypes: ['geohazard_assessment', 'geological_survey'], qualification: '地质灾害危险性评估甲级' },
  { name: '遵义黔北地质工程有限公司', serviceTypes: ['geohazard_assessment'], qualification: '地质灾害危险性评估乙级' },
  { name: '播州区地质环境监测站', serviceTypes: ['geohazard_assessment'], qualification: '地质灾害危险性评估乙级' },
  { name: '贵州中地勘察设计院', serviceTypes: ['geohazard_assessment', 'reserves_review'], qualification: '地质灾害危险性评估甲级' },
  { name: '遵义城投工程咨询有限公司', serviceTypes: ['geohazard_assessment'], qualification: '地质灾害危险性评估乙级', relatedParties: [DEMO_PROJECT_OWNER] },
  { name: '黔北山地灾害研究所', serviceTypes: ['geohazard_assessment'], qualification: '地质灾害危险性评估乙级', qualificationValidUntil: '2025-06-30' },
  { name: '遵义市测绘院', serviceTypes: ['surveying', 'planning'], qualification: '测绘甲级' },
  { name: '贵州华信房地产土地评估有限公司', serviceTypes: ['land_valuation'], qualification: '土地估价机构备案' },
];

async function leaderActor(deps: SelectionDeps): Promise<Actor | null> {
  return withContext(deps.db, SYSTEM_CONTEXT, async (trx) => {
    const u = await trx.selectFrom('identity.users').select(['id', 'displayName']).where('username', '=', 'leader').executeTakeFirst();
    if (!u) return null;
    const post = await trx.selectFrom('access.posts').select(['id', 'orgUnitId', 'scopePath', 'roleId']).where('userId', '=', u.id).where('active', '=', true).orderBy('id').executeTakeFirst();
    if (!post) return null;
    const perms = await trx.selectFrom('access.role_permissions').select('permission').where('roleId', '=', post.roleId).execute();
    return {
      userId: u.id, username: 'leader', displayName: u.displayName, kind: 'staff', sessionId: 'demo-seed', postId: post.id, orgUnitId: post.orgUnitId,
      scopePath: post.scopePath, roles: ['leader'], permissions: new Set(perms.map((p) => p.permission)),
    };
  });
}

/** Seeds the demo registry and one confirmed draw unless an agency exists; returns the draw number or null. */
export async function seedDemoSelectionOnFirstStart(deps: SelectionDeps): Promise<string | null> {
  const any = await withContext(deps.db, SYSTEM_CONTEXT, (trx) => trx.selectFrom('selection.agencies').select('id').limit(1).executeTakeFirst());
  if (any) return null;
  const actor = await leaderActor(deps);
  if (!actor) return null;
  const selection = createSelectionService(deps);
  await selection.inScope(actor, async (trx) => {
    const ids: number[] = [];
    for (const [i, a] of AGENCIES.entries()) {
      const made = await selection.registerAgency(trx, actor, {
        code: `91520321MA6D${String(i + 1).padStart(6, '0')}`, qualificationValidUntil: '2029-12-31', relatedParties: [], ...a,
      });
      ids.push(made.id);
    }
    await selection.setAgencyStatus(trx, actor, ids[3]!, { status: 'suspended', reason: '2026年度考核不合格，暂停承接业务（演示）', until: '2027-06-30' });
  });
  const frozen = await selection.inScope(actor, (trx) => selection.freezePool(trx, actor, {
    projectName: '播州区鸭溪镇安置点建设项目地质灾害危险性评估', projectOwner: DEMO_PROJECT_OWNER, serviceType: 'geohazard_assessment', confirmHours: 48,
  }));
  await selection.draw(actor, frozen.drawNo, '20261206');
  await selection.inScope(actor, (trx) => selection.decline(trx, actor, frozen.drawNo, '项目负责人近期已满负荷，无法按期承接（演示）'));
  const done = await selection.inScope(actor, (trx) => selection.confirm(trx, actor, frozen.drawNo));
  await selection.inScope(actor, (trx) => selection.evaluateAgency(trx, actor, done.selectedAgencyId!, { drawNo: frozen.drawNo, quality: 5, timeliness: 4, note: '报告规范，按期提交（演示）' }));
  return frozen.drawNo;
}
