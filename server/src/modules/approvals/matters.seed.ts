/**
 * Reference matters of the demo county (播州区自然资源局): twelve real matters of a land bureau
 * with their legal basis, materials and limits. Limits follow the statutes (行政许可法 art. 42:
 * 20 working days; 政府信息公开条例: 15 working days as briefed — check the 2019 text, which may say 20) and common promised limits.
 * Idempotent: a matter whose code exists is left alone.
 */
import type { Db } from '../../platform/db/database.ts';
import type { Tx } from '../../platform/db/context.ts';
import type { MatterInput } from './approvals.schemas.ts';

type M = MatterInput['materials'][number];
type S = MatterInput['flow'][number];

const file = (key: string, name: string, required = true, form: 'original' | 'copy' = 'copy', pages = 1, note?: string): M =>
  ({ key, name, required, form, pages, kind: 'file', ...(note ? { note } : {}) });
const eform = (key: string, name: string): M => ({ key, name, required: true, form: 'original', pages: 1, kind: 'eform' });
const single = (key: string, name: string, dept: string, limitDays: number): S =>
  ({ key, name, kind: 'single', departments: [dept], rule: 'all_agree', limitDays });
const parallel = (key: string, name: string, departments: string[], limitDays: number, rule: S['rule'] = 'all_agree'): S =>
  ({ key, name, kind: 'parallel', departments, rule, limitDays });

const PROJECT_FORM: MatterInput['form'] = [
  { key: 'project_name', label: '项目名称', type: 'text', required: true, max: 100 },
  { key: 'location', label: '项目位置', type: 'text', required: true, max: 200 },
  { key: 'area_ha', label: '用地面积（公顷）', type: 'number', required: true, max: 100000 },
  { key: 'purpose', label: '用途', type: 'select', required: true, options: ['工业', '商服', '住宅', '公共管理与公共服务', '交通运输', '水利设施', '其他'] },
];
const ID_DOC = (who = '申请人') => file('applicant_id', `${who}身份证明（营业执照或身份证）`, true, 'copy', 1);

export interface SeedMatter extends MatterInput { code: string }

export const DEMO_MATTERS: SeedMatter[] = [
  {
    code: '520304-XK-0001', name: '建设项目用地预审', type: '行政许可', implementingLevel: 'county', department: '自然资源开发利用股',
    legalBasis: '《中华人民共和国土地管理法》第五十二条；《中华人民共和国土地管理法实施条例》第二十四条；《建设项目用地预审管理办法》（国土资源部令第68号）',
    conditions: '建设项目符合国土空间规划和土地利用年度计划，符合国家供地政策和土地管理法律法规，用地规模符合有关建设用地指标。',
    materials: [eform('application', '建设项目用地预审申请表'), file('project_doc', '项目建议书批复或项目备案、核准文件', true, 'copy', 2), file('site_map', '标注项目用地范围的土地利用现状图和国土空间规划图', true, 'original', 2), file('red_line', '项目用地范围界址点坐标（部标准坐标文本）', true, 'original', 1), file('farmland_plan', '占用永久基本农田的论证材料', false, 'original', 10), ID_DOC()],
    form: PROJECT_FORM, fees: '不收费', statutoryDays: 20, promisedDays: 15, counterVisits: 1, complex: true,
    flow: [parallel('joint_review', '并联审查', ['landuse', 'planning', 'farmland'], 7), single('legal_review', '法规审核', 'legal', 3)],
  },
  {
    code: '520304-XK-0002', name: '农用地转用审批', type: '行政许可', implementingLevel: 'county', department: '耕地保护股',
    legalBasis: '《中华人民共和国土地管理法》第四十四条；《中华人民共和国土地管理法实施条例》第二十三条、第二十四条',
    conditions: '符合国土空间规划、土地利用年度计划和用途管制要求；落实耕地占补平衡；已完成用地预审。',
    materials: [eform('application', '农用地转用申请表'), file('plan_doc', '建设用地项目呈报说明书及农用地转用方案', true, 'original', 8), file('pre_review', '用地预审意见', true, 'copy', 2), file('compensation', '补充耕地方案及耕地占补平衡落实材料', true, 'original', 5), file('survey_map', '勘测定界图及勘测定界技术报告', true, 'original', 6), file('land_class', '地类认定材料', true, 'copy', 2), ID_DOC()],
    form: PROJECT_FORM, fees: '依法缴纳耕地开垦费、新增建设用地土地有偿使用费', statutoryDays: 20, promisedDays: 20, counterVisits: 1, complex: true,
    flow: [parallel('joint_review', '并联审查', ['farmland', 'planning', 'landuse'], 8, 'any_refuse'), { key: 'public_notice', name: '公示', kind: 'single', departments: ['farmland'], rule: 'all_agree', limitDays: 5, pausesClock: true, pauseKind: 'public_notice' }, single('legal_review', '法规审核', 'legal', 3)],
  },
  {
    code: '520304-XK-0003', name: '国有建设用地使用权划拨', type: '行政许可', implementingLevel: 'county', department: '自然资源开发利用股',
    legalBasis: '《中华人民共和国土地管理法》第五十四条；《划拨用地目录》（国土资源部令第9号）',
    conditions: '属于《划拨用地目录》范围的国家机关用地、军事用地、城市基础设施用地和公益事业用地、国家重点扶持的能源交通水利等基础设施用地。',
    materials: [eform('application', '国有建设用地使用权划拨申请书'), file('approval_doc', '项目批准、核准或备案文件', true, 'copy', 2), file('pre_review', '用地预审意见', true, 'copy', 2), file('planning_cond', '规划条件或建设用地规划许可证', true, 'copy', 2), file('survey_map', '宗地图及界址点坐标', true, 'original', 2), ID_DOC()],
    form: PROJECT_FORM, fees: '不收费', statutoryDays: 20, promisedDays: 15, counterVisits: 1, complex: true,
    flow: [parallel('joint_review', '并联审查', ['landuse', 'planning'], 6), single('legal_review', '法规审核', 'legal', 3)],
  },
  {
    code: '520304-XK-0004', name: '临时用地审批', type: '行政许可', implementingLevel: 'county', department: '自然资源开发利用股',
    legalBasis: '《中华人民共和国土地管理法》第五十七条；《自然资源部关于规范临时用地管理的通知》（自然资规〔2021〕2号）',
    conditions: '建设项目施工、地质勘查等需要临时使用土地；期限一般不超过二年；不得修建永久性建筑物；已编制土地复垦方案。',
    materials: [eform('application', '临时用地申请表'), file('contract', '临时使用土地合同', true, 'original', 3), file('reclaim_plan', '土地复垦方案报告表', true, 'original', 10), file('site_map', '临时用地勘测定界图', true, 'original', 1), file('owner_consent', '土地权利人同意意见', true, 'original', 1), ID_DOC()],
    form: [...PROJECT_FORM.slice(0, 3), { key: 'months', label: '使用期限（月）', type: 'number', required: true, max: 24 }],
    fees: '按规定缴纳土地复垦费', statutoryDays: 20, promisedDays: 10, counterVisits: 1, complex: false,
    flow: [parallel('joint_review', '并联审查', ['landuse', 'farmland'], 5)],
  },
  {
    code: '520304-XK-0005', name: '采矿权新立', type: '行政许可', implementingLevel: 'county', department: '矿产资源管理股',
    legalBasis: '《中华人民共和国矿产资源法》第三条、第十六条；《矿产资源开采登记管理办法》（国务院令第241号）第三条、第四条',
    conditions: '已依法取得采矿权出让合同；矿区范围经批准；开发利用方案、矿山地质环境保护与土地复垦方案通过审查。',
    materials: [eform('application', '采矿权申请登记书'), file('area_map', '矿区范围图及拐点坐标', true, 'original', 2), file('transfer_contract', '采矿权出让合同及价款缴纳凭证', true, 'copy', 4), file('dev_plan', '矿产资源开发利用方案及评审意见', true, 'original', 30), file('env_plan', '矿山地质环境保护与土地复垦方案', true, 'original', 30), file('eia', '环境影响评价批复', true, 'copy', 2), ID_DOC('企业')],
    form: [{ key: 'mine_name', label: '矿山名称', type: 'text', required: true, max: 100 }, { key: 'mineral', label: '开采矿种', type: 'text', required: true, max: 40 }, { key: 'scale_t', label: '生产规模（万吨/年）', type: 'number', required: true, max: 10000 }],
    fees: '采矿权登记费按规定免收', statutoryDays: 40, promisedDays: 30, counterVisits: 1, complex: true,
    flow: [parallel('joint_review', '并联审查', ['mineral', 'hazard', 'planning'], 10, 'any_refuse'), { key: 'expert_review', name: '专家评审', kind: 'single', departments: ['mineral'], rule: 'all_agree', limitDays: 10, pausesClock: true, pauseKind: 'expert_review' }, single('legal_review', '法规审核', 'legal', 5)],
  },
  {
    code: '520304-XK-0006', name: '采矿权延续', type: '行政许可', implementingLevel: 'county', department: '矿产资源管理股',
    legalBasis: '《矿产资源开采登记管理办法》（国务院令第241号）第七条',
    conditions: '采矿许可证有效期届满30日前申请；矿区范围内尚有可采资源储量；依法履行矿业权人义务。',
    materials: [eform('application', '采矿权延续申请登记书'), file('licence', '原采矿许可证', true, 'original', 1), file('reserves', '矿产资源储量核实报告及评审备案文件', true, 'copy', 10), file('obligations', '矿业权人勘查开采信息公示情况', true, 'copy', 1), ID_DOC('企业')],
    form: [{ key: 'licence_no', label: '采矿许可证号', type: 'text', required: true, max: 40 }, { key: 'years', label: '申请延续年限', type: 'number', required: true, max: 30 }],
    fees: '不收费', statutoryDays: 40, promisedDays: 20, counterVisits: 1, complex: false,
    flow: [parallel('joint_review', '并联审查', ['mineral', 'hazard'], 8)],
  },
  {
    code: '520304-XK-0007', name: '探矿权新立', type: '行政许可', implementingLevel: 'county', department: '矿产资源管理股',
    legalBasis: '《中华人民共和国矿产资源法》第三条；《矿产资源勘查区块登记管理办法》（国务院令第240号）第四条',
    conditions: '已依法取得探矿权出让合同；勘查区块不与已设矿业权重叠；勘查实施方案通过审查。',
    materials: [eform('application', '探矿权申请登记书'), file('block_map', '勘查区块范围图及拐点坐标', true, 'original', 2), file('transfer_contract', '探矿权出让合同', true, 'copy', 4), file('work_plan', '勘查实施方案及评审意见', true, 'original', 20), ID_DOC('企业')],
    form: [{ key: 'project_name', label: '勘查项目名称', type: 'text', required: true, max: 100 }, { key: 'mineral', label: '勘查矿种', type: 'text', required: true, max: 40 }, { key: 'area_km2', label: '勘查面积（平方千米）', type: 'number', required: true, max: 10000 }],
    fees: '探矿权登记费按规定免收', statutoryDays: 40, promisedDays: 30, counterVisits: 1, complex: true,
    flow: [parallel('joint_review', '并联审查', ['mineral', 'planning'], 10), single('legal_review', '法规审核', 'legal', 5)],
  },
  {
    code: '520304-QR-0001', name: '土地抵押登记', type: '行政确认', implementingLevel: 'county', department: '自然资源开发利用股',
    legalBasis: '《中华人民共和国民法典》第三百九十五条、第四百零二条；《不动产登记暂行条例》第十四条；《不动产登记暂行条例实施细则》第六十五条',
    conditions: '抵押人与抵押权人已订立书面抵押合同；抵押财产权属清楚、依法可以抵押。',
    materials: [eform('application', '不动产登记申请书'), file('certificate', '不动产权属证书', true, 'original', 1), file('mortgage_contract', '抵押合同', true, 'original', 6), file('loan_contract', '主债权合同', true, 'copy', 6), ID_DOC('抵押人、抵押权人')],
    form: [{ key: 'cert_no', label: '不动产权证号', type: 'text', required: true, max: 60 }, { key: 'amount', label: '被担保主债权数额（万元）', type: 'number', required: true, max: 10000000 }, { key: 'term_end', label: '债务履行期限届满日', type: 'date', required: true }],
    fees: '按《不动产登记收费标准》收取', statutoryDays: 30, promisedDays: 5, counterVisits: 1, complex: false,
    flow: [single('registration_review', '登记审核', 'landuse', 3)],
  },
  {
    code: '520304-GG-0001', name: '地质灾害危险性评估备案', type: '公共服务', implementingLevel: 'county', department: '地质灾害防治股',
    legalBasis: '《地质灾害防治条例》第二十一条；《自然资源部关于进一步加强地质灾害危险性评估工作的通知》',
    conditions: '在地质灾害易发区内进行工程建设，已委托具有相应能力的单位完成地质灾害危险性评估。',
    materials: [eform('application', '地质灾害危险性评估备案登记表'), file('report', '地质灾害危险性评估报告', true, 'original', 40), file('expert_opinion', '专家审查意见', true, 'original', 2), ID_DOC('建设单位')],
    form: [...PROJECT_FORM.slice(0, 2), { key: 'grade', label: '评估级别', type: 'select', required: true, options: ['一级', '二级', '三级'] }],
    fees: '不收费', statutoryDays: 10, promisedDays: 5, counterVisits: 0, complex: false,
    flow: [single('filing_check', '备案审核', 'hazard', 3)],
  },
  {
    code: '520304-XK-0008', name: '乡村建设规划许可', type: '行政许可', implementingLevel: 'county', department: '国土空间规划股',
    legalBasis: '《中华人民共和国城乡规划法》第四十一条；《贵州省城乡规划条例》',
    conditions: '在乡、村庄规划区内进行乡镇企业、乡村公共设施和公益事业建设，符合村庄规划；不得占用农用地，确需占用的先办理农用地转用。',
    materials: [eform('application', '乡村建设规划许可申请表'), file('site_plan', '建设工程设计方案总平面图', true, 'original', 2), file('land_proof', '土地权属证明', true, 'copy', 1), file('village_opinion', '村民委员会意见', true, 'original', 1), ID_DOC()],
    form: [...PROJECT_FORM.slice(0, 2), { key: 'floor_area', label: '建筑面积（平方米）', type: 'number', required: true, max: 1000000 }],
    fees: '不收费', statutoryDays: 20, promisedDays: 10, counterVisits: 1, complex: false,
    flow: [parallel('joint_review', '并联审查', ['planning', 'farmland'], 5)],
  },
  {
    code: '520304-XK-0009', name: '宅基地审批', type: '行政许可', implementingLevel: 'township', department: '乡镇国土资源所',
    legalBasis: '《中华人民共和国土地管理法》第六十二条；《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）',
    conditions: '本集体经济组织成员，以户为单位，一户只能拥有一处宅基地；面积不超过省规定标准；符合村庄规划，尽量使用原有宅基地和村内空闲地。',
    materials: [eform('application', '农村宅基地和建房（规划许可）申请表'), file('household', '户口簿', true, 'copy', 2), file('agreement', '宅基地使用承诺书', true, 'original', 1), file('village_resolution', '村民小组会议讨论通过及公示材料', true, 'original', 2), file('house_design', '农房设计图或通用图', false, 'copy', 2), ID_DOC()],
    form: [{ key: 'village', label: '所在村组', type: 'text', required: true, max: 100 }, { key: 'area_m2', label: '申请宅基地面积（平方米）', type: 'number', required: true, max: 400 }, { key: 'reason', label: '申请理由', type: 'select', required: true, options: ['分户新建', '原址翻建', '易地搬迁', '其他'] }],
    fees: '不收费', statutoryDays: 20, promisedDays: 20, counterVisits: 1, complex: false,
    flow: [{ key: 'site_check', name: '现场踏勘', kind: 'single', departments: ['bureau'], rule: 'all_agree', limitDays: 5, pausesClock: false }, single('township_review', '乡镇审核', 'bureau', 10)],
  },
  {
    code: '520304-GG-0002', name: '政府信息公开申请', type: '公共服务', implementingLevel: 'county', department: '办公室',
    legalBasis: '《中华人民共和国政府信息公开条例》第二十七条、第三十三条（能够当场答复的当场答复；不能当场答复的，在规定的工作日内答复）',
    conditions: '公民、法人或者其他组织向行政机关申请获取政府信息；申请内容明确具体。',
    materials: [eform('application', '政府信息公开申请表'), ID_DOC()],
    form: [{ key: 'content', label: '所需信息的名称、文号或便于查询的其他特征性描述', type: 'textarea', required: true, max: 2000 }, { key: 'medium', label: '获取信息的方式', type: 'select', required: true, options: ['纸质', '电子邮件', '光盘', '自行领取'] }],
    fees: '不收费（超出合理数量的按规定收取信息处理费）', statutoryDays: 15, promisedDays: 15, counterVisits: 0, complex: false,
    flow: [single('reply', '答复审核', 'office', 12)],
  },
];

/** Loads the demo matters into the 播州区 bureau's catalogue (migration role; no audit). */
export async function seedDemoApprovals(trx: Db | Tx): Promise<number> {
  const bureau = await trx.selectFrom('orgs.org_units').select(['id', 'path']).where('code', '=', '520304-B').executeTakeFirst();
  if (!bureau) return 0;
  let n = 0;
  for (const m of DEMO_MATTERS) {
    const exists = await trx.selectFrom('approvals.matters').select('id').where('code', '=', m.code).executeTakeFirst();
    if (exists) continue;
    const row = await trx.insertInto('approvals.matters').values({ code: m.code, orgPath: bureau.path, orgUnitId: bureau.id }).returning('id').executeTakeFirstOrThrow();
    const v = await trx.insertInto('approvals.matter_versions').values({
      matterId: row.id, version: 1, orgPath: bureau.path, name: m.name, type: m.type, implementingLevel: m.implementingLevel,
      department: m.department, legalBasis: m.legalBasis, conditions: m.conditions, materials: JSON.stringify(m.materials),
      form: JSON.stringify(m.form), fees: m.fees, statutoryDays: m.statutoryDays, promisedDays: m.promisedDays,
      counterVisits: m.counterVisits, complex: m.complex ?? false, flow: JSON.stringify(m.flow), note: '初始版本', createdBy: null,
    }).returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('approvals.matters').set({ currentVersionId: v.id }).where('id', '=', row.id).execute();
    n++;
  }
  return n;
}
