/**
 * Four forms of the land and mineral statistics (自然资源统计调查制度, 土地/矿产专业) in the shape
 * of the published forms. `simplified` says where a seeded form is shorter than the published
 * one: fewer breakdown rows, no 附表, our own short machine codes. The 表号 and 批准文号 shown
 * follow the published pattern but are marked as illustrative where the source was not at hand.
 */
import type { FormDefinition } from './forms.ts';
import type { PeriodType } from './periods.ts';

export interface SeedForm {
  code: string; tableNo: string; name: string; nameEn: string; authority: string; approvalNo: string; validUntil: string;
  periodType: PeriodType; windowDays: number; remindDays: number; simplified: string; definition: FormDefinition;
}

const AUTH = '自然资源部';
const APPROVAL = '国统制〔2019〕号（示意）';

export const SEED_FORMS: SeedForm[] = [
  {
    code: 'TDGY', tableNo: '自然资土地统1表', name: '建设用地供应情况', nameEn: 'Supply of construction land', authority: AUTH, approvalNo: APPROVAL, validUntil: '2027-12-31',
    periodType: 'monthly', windowDays: 10, remindDays: 3,
    simplified: '简化：供应方式按划拨/出让（招标、拍卖、挂牌、协议）/租赁/其他分组，未含按用途分类附表；表号、批准文号为示意。',
    definition: {
      rows: [
        { code: '01', name: '合计', nameEn: 'Total', formula: '[02.*] + [03.*] + [08.*] + [09.*]' },
        { code: '02', name: '划拨', nameEn: 'Allocation', indent: 1 },
        { code: '03', name: '出让', nameEn: 'Conveyance', indent: 1, formula: '[04.*] + [05.*] + [06.*] + [07.*]' },
        { code: '04', name: '招标', nameEn: 'Tender', indent: 2 },
        { code: '05', name: '拍卖', nameEn: 'Auction', indent: 2 },
        { code: '06', name: '挂牌', nameEn: 'Listing', indent: 2 },
        { code: '07', name: '协议', nameEn: 'Agreement', indent: 2 },
        { code: '08', name: '租赁', nameEn: 'Lease', indent: 1 },
        { code: '09', name: '其他', nameEn: 'Other', indent: 1 },
      ],
      columns: [
        { code: '1', name: '宗数', nameEn: 'Parcels', unit: '宗', decimals: 0, explanation: '报告期内签订供地合同或下达划拨决定书的宗地数' },
        { code: '2', name: '面积', nameEn: 'Area', unit: '公顷', decimals: 4, explanation: '供应宗地的土地面积' },
        { code: '3', name: '其中：新增建设用地', nameEn: 'of which newly added', unit: '公顷', decimals: 4 },
        { code: '4', name: '成交价款', nameEn: 'Price', unit: '万元', decimals: 2, explanation: '出让、租赁合同约定的价款' },
        { code: '5', name: '平均单价', nameEn: 'Mean price', unit: '万元/公顷', decimals: 2, formula: '[*.4] / [*.2]' },
      ],
      blank: ['02.4', '02.5'],
      checks: [
        { id: 'of-which', expr: '[*.3] ≤ [*.2]', level: 'hard', message: '其中：新增建设用地 ≤ 面积', messageEn: 'Newly added ≤ area' },
        { id: 'parcels-area', expr: '([*.1] = 0) = ([*.2] = 0)', level: 'hard', message: '有宗数必有面积，有面积必有宗数', messageEn: 'Parcels and area go together' },
        { id: 'jump', expr: 'lastyear[01.2] = 0 or abs([01.2] - lastyear[01.2]) ≤ 50% * lastyear[01.2]', level: 'soft', message: '供应面积合计较上年同期变动超过50%，请说明', messageEn: 'Total area moved more than 50 % against the same period last year' },
        { id: 'price-range', expr: '[03.2] = 0 or [03.5] ≥ 10', level: 'soft', message: '出让平均单价低于10万元/公顷，请核实', messageEn: 'Mean conveyance price under 100,000 yuan/ha' },
      ],
      // 划拨宗数 from the approvals module: 国有建设用地使用权划拨 granted in the month.
      derived: [{ cell: '02.1', source: 'approvals.decided', params: { matter: '国有建设用地使用权划拨' } }],
    },
  },
  {
    code: 'TDBG', tableNo: '自然资土地统2表', name: '土地利用变更情况', nameEn: 'Changes in land use', authority: AUTH, approvalNo: APPROVAL, validUntil: '2027-12-31',
    periodType: 'yearly', windowDays: 31, remindDays: 7,
    simplified: '简化：按"三调"一级类8类汇总，未展开二级类；表号、批准文号为示意。',
    definition: {
      rows: [
        { code: '01', name: '合计', nameEn: 'Total', formula: '[02.*] + [03.*] + [04.*] + [05.*] + [06.*] + [07.*] + [08.*] + [09.*]' },
        { code: '02', name: '耕地', nameEn: 'Cultivated land', indent: 1 },
        { code: '03', name: '园地', nameEn: 'Garden land', indent: 1 },
        { code: '04', name: '林地', nameEn: 'Forest land', indent: 1 },
        { code: '05', name: '草地', nameEn: 'Grassland', indent: 1 },
        { code: '06', name: '城镇村及工矿用地', nameEn: 'Urban, village, industrial and mining', indent: 1 },
        { code: '07', name: '交通运输用地', nameEn: 'Transport', indent: 1 },
        { code: '08', name: '水域及水利设施用地', nameEn: 'Water and water works', indent: 1 },
        { code: '09', name: '其他土地', nameEn: 'Other land', indent: 1 },
      ],
      columns: [
        { code: '1', name: '上年末面积', nameEn: 'Area at end of last year', unit: '公顷', decimals: 4 },
        { code: '2', name: '本年增加', nameEn: 'Increase', unit: '公顷', decimals: 4 },
        { code: '3', name: '本年减少', nameEn: 'Decrease', unit: '公顷', decimals: 4 },
        { code: '4', name: '年末面积', nameEn: 'Area at year end', unit: '公顷', decimals: 4 },
      ],
      blank: [],
      checks: [
        { id: 'balance', expr: '[*.4] = [*.1] + [*.2] − [*.3]', level: 'hard', message: '本期 = 上期 + 增加 − 减少', messageEn: 'End = start + increase − decrease' },
        { id: 'carry-over', expr: 'prev[*.4] = 0 or [*.1] = prev[*.4]', level: 'soft', message: '上年末面积应等于上年报表的年末面积', messageEn: 'Start should equal last year\'s end' },
        { id: 'total-area', expr: '[01.2] = [01.3]', level: 'hard', message: '行政区总面积不变：增加合计 = 减少合计', messageEn: 'Total area is fixed: increases = decreases' },
      ],
      derived: [],
    },
  },
  {
    code: 'TDZF', tableNo: '自然资督察统1表', name: '土地执法情况', nameEn: 'Land law enforcement', authority: AUTH, approvalNo: APPROVAL, validUntil: '2027-12-31',
    periodType: 'quarterly', windowDays: 15, remindDays: 5,
    simplified: '简化：只分违法用地与违法勘查开采两类，未含责任追究附表；表号、批准文号为示意。',
    definition: {
      rows: [
        { code: '01', name: '合计', nameEn: 'Total', formula: '[02.*] + [03.*]' },
        { code: '02', name: '违法用地', nameEn: 'Illegal land use', indent: 1 },
        { code: '03', name: '违法勘查开采矿产资源', nameEn: 'Illegal exploration or mining', indent: 1 },
      ],
      columns: [
        { code: '1', name: '发现违法行为', nameEn: 'Found', unit: '件', decimals: 0 },
        { code: '2', name: '其中：已制止', nameEn: 'of which stopped', unit: '件', decimals: 0 },
        { code: '3', name: '立案', nameEn: 'Cases filed', unit: '件', decimals: 0 },
        { code: '4', name: '结案', nameEn: 'Cases closed', unit: '件', decimals: 0 },
        { code: '5', name: '涉及土地面积', nameEn: 'Land involved', unit: '公顷', decimals: 4 },
        { code: '6', name: '罚没款', nameEn: 'Fines and confiscations', unit: '万元', decimals: 2 },
        { code: '7', name: '结案率', nameEn: 'Closure rate', unit: '%', decimals: 1, formula: '[*.4] / [*.3] * 100' },
        { code: '8', name: '收到举报线索', nameEn: 'Tip-offs received', unit: '件', decimals: 0, explanation: '由12336举报系统生成' },
      ],
      blank: ['03.5'],
      checks: [
        { id: 'stopped', expr: '[*.2] ≤ [*.1]', level: 'hard', message: '其中：已制止 ≤ 发现违法行为', messageEn: 'Stopped ≤ found' },
        { id: 'closed', expr: '[*.4] ≤ [*.3] + prev[*.3]', level: 'hard', message: '结案 ≤ 本期立案 + 上期立案', messageEn: 'Closed ≤ filed this and last period' },
        { id: 'filed', expr: '[*.3] ≤ [*.1]', level: 'soft', message: '立案数大于发现数，请说明（含以前发现本期立案）', messageEn: 'More cases filed than found' },
      ],
      derived: [
        { cell: '02.8', source: 'tipoffs.received', params: { category: 'land' } }, { cell: '03.8', source: 'tipoffs.received', params: { category: 'mineral' } },
        // 卫片执法: accepted 违法 verdicts of the quarter's batches (found, area); the unit adds what it found otherwise.
        { cell: '02.1', source: 'patches.illegal', params: { measure: 'count' } }, { cell: '02.5', source: 'patches.illegal', params: { measure: 'hectares' } },
        // 行政处罚案件: filed, closed and fines (万元) of the county bureaus' cases, land or mineral.
        { cell: '02.3', source: 'enforcement.cases', params: { measure: 'filed', category: 'land' } }, { cell: '03.3', source: 'enforcement.cases', params: { measure: 'filed', category: 'mineral' } },
        { cell: '02.4', source: 'enforcement.cases', params: { measure: 'closed', category: 'land' } }, { cell: '03.4', source: 'enforcement.cases', params: { measure: 'closed', category: 'mineral' } },
        { cell: '02.6', source: 'enforcement.cases', params: { measure: 'fines', category: 'land' } }, { cell: '03.6', source: 'enforcement.cases', params: { measure: 'fines', category: 'mineral' } },
      ],
    },
  },
  {
    code: 'KCKF', tableNo: '自然资矿统1表', name: '矿产资源开发利用情况', nameEn: 'Development and use of mineral resources', authority: AUTH, approvalNo: APPROVAL, validUntil: '2027-12-31',
    periodType: 'yearly', windowDays: 31, remindDays: 7,
    simplified: '简化：只列贵州常见的5个矿种，未含选矿、综合利用和矿山企业附表；表号、批准文号为示意。',
    definition: {
      rows: [
        { code: '01', name: '合计', nameEn: 'Total', formula: '[02.*] + [03.*] + [04.*] + [05.*] + [06.*]' },
        { code: '02', name: '煤炭', nameEn: 'Coal', indent: 1, unit: '万吨' },
        { code: '03', name: '铝土矿', nameEn: 'Bauxite', indent: 1, unit: '万吨' },
        { code: '04', name: '磷矿', nameEn: 'Phosphate', indent: 1, unit: '万吨' },
        { code: '05', name: '锰矿', nameEn: 'Manganese', indent: 1, unit: '万吨' },
        { code: '06', name: '建筑用砂石', nameEn: 'Sand and gravel', indent: 1, unit: '万立方米' },
      ],
      columns: [
        { code: '1', name: '矿山数', nameEn: 'Mines', unit: '个', decimals: 0 },
        { code: '2', name: '从业人员', nameEn: 'Employees', unit: '人', decimals: 0 },
        { code: '3', name: '开采量', nameEn: 'Output', decimals: 2, explanation: '计量单位见各矿种' },
        { code: '4', name: '工业总产值', nameEn: 'Output value', unit: '万元', decimals: 2 },
        { code: '5', name: '人均产值', nameEn: 'Value per employee', unit: '万元/人', decimals: 2, formula: '[*.4] / [*.2]' },
      ],
      // Outputs in tonnes and cubic metres are not added up.
      blank: ['01.3'],
      checks: [
        { id: 'mines', expr: '[*.3] = 0 or [*.1] > 0', level: 'hard', message: '有开采量必有矿山', messageEn: 'Output needs a mine' },
        { id: 'jump', expr: 'lastyear[*.3] = 0 or abs([*.3] - lastyear[*.3]) ≤ 50% * lastyear[*.3]', level: 'soft', message: '开采量较上年变动超过50%，请说明', messageEn: 'Output moved more than 50 % against last year' },
      ],
      derived: [],
    },
  },
];
