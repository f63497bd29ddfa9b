/**
 * The built-in layers of the one map (一张图): code, names, kind, visibility, attribute schema
 * and legend. The demo seed registers them; the land-use classes follow GB/T 21010-2017.
 */
import type { AttributeDef, LayerGeometryType, LayerKind, LayerStyle, LayerVisibility } from './map.tables.ts';

export interface LayerDef {
  code: string;
  name: string;
  nameEn: string;
  kind: LayerKind;
  geometryType: LayerGeometryType;
  visibility: LayerVisibility;
  attributeSchema: AttributeDef[];
  style: LayerStyle;
  sortOrder: number;
}

/** GB/T 21010-2017 current land-use classes used by the demo (二级类 code → name, colour). */
export const LAND_USE_CLASSES: { code: string; name: string; nameEn: string; fill: string }[] = [
  { code: '0101', name: '水田', nameEn: 'Paddy field', fill: '#c6e08a' },
  { code: '0102', name: '水浇地', nameEn: 'Irrigated land', fill: '#d4e6a0' },
  { code: '0103', name: '旱地', nameEn: 'Dry land', fill: '#e8eeb0' },
  { code: '0201', name: '果园', nameEn: 'Orchard', fill: '#f2c46d' },
  { code: '0301', name: '乔木林地', nameEn: 'Arbor forest', fill: '#5fa35a' },
  { code: '0305', name: '灌木林地', nameEn: 'Shrub forest', fill: '#8cc47a' },
  { code: '0404', name: '其他草地', nameEn: 'Other grassland', fill: '#b9dd9b' },
  { code: '0601', name: '工业用地', nameEn: 'Industrial land', fill: '#c99ac2' },
  { code: '0602', name: '采矿用地', nameEn: 'Mining land', fill: '#a77aa0' },
  { code: '0701', name: '城镇住宅用地', nameEn: 'Urban residential land', fill: '#f08c7d' },
  { code: '0702', name: '农村宅基地', nameEn: 'Rural homestead', fill: '#f3b4a6' },
  { code: '1003', name: '公路用地', nameEn: 'Highway land', fill: '#aaaaaa' },
  { code: '1006', name: '农村道路', nameEn: 'Rural road', fill: '#cccccc' },
  { code: '1101', name: '河流水面', nameEn: 'River water surface', fill: '#8cc4f2' },
  { code: '1104', name: '坑塘水面', nameEn: 'Pond water surface', fill: '#a9d3f5' },
];
export const LAND_USE_NAME = new Map(LAND_USE_CLASSES.map((c) => [c.code, c.name]));
/** 一级类 names, for the overlay table. */
export const LAND_USE_GROUPS: Record<string, string> = {
  '01': '耕地', '02': '园地', '03': '林地', '04': '草地', '05': '商服用地', '06': '工矿用地', '07': '住宅用地',
  '08': '公共管理与公共服务用地', '09': '特殊用地', '10': '交通运输用地', '11': '水域及水利设施用地', '12': '其他土地',
};
/** Cropland (耕地) is every 01xx class. */
export const isCropland = (dlbm: string): boolean => dlbm.startsWith('01');

/** Construction-land control zones (建设用地管制分区) and how a project inside them complies. */
export const PLAN_ZONES = [
  { value: '允许建设区', nameEn: 'Construction permitted', fill: 'rgba(240,140,125,0.45)', verdict: 'compliant' },
  { value: '有条件建设区', nameEn: 'Construction conditional', fill: 'rgba(242,196,109,0.45)', verdict: 'conditional' },
  { value: '限制建设区', nameEn: 'Construction restricted', fill: 'rgba(198,224,138,0.45)', verdict: 'non_compliant' },
  { value: '禁止建设区', nameEn: 'Construction prohibited', fill: 'rgba(95,163,90,0.55)', verdict: 'non_compliant' },
] as const;
export type PlanZone = (typeof PLAN_ZONES)[number]['value'];

const text = (key: string, label: string, labelEn: string): AttributeDef => ({ key, label, labelEn, type: 'text' });
const num = (key: string, label: string, labelEn: string, unit?: string): AttributeDef => ({ key, label, labelEn, type: 'number', ...(unit ? { unit } : {}) });
const date = (key: string, label: string, labelEn: string): AttributeDef => ({ key, label, labelEn, type: 'date' });

export const LAYER_DEFS: LayerDef[] = [
  {
    code: 'divisions', name: '行政区划', nameEn: 'Administrative divisions', kind: 'boundary', geometryType: 'Polygon', visibility: 'public',
    attributeSchema: [text('xzqdm', '行政区代码', 'Division code'), text('xzqmc', '行政区名称', 'Division name')],
    style: { default: { fill: 'rgba(0,0,0,0)', stroke: '#7a3db8' } }, sortOrder: 10,
  },
  {
    code: 'plan_zones', name: '国土空间规划分区', nameEn: 'Spatial-plan zones', kind: 'plan', geometryType: 'Polygon', visibility: 'public',
    attributeSchema: [text('gzqlx', '管制区类型', 'Control zone'), text('ghwh', '规划批准文号', 'Plan approval no.')],
    style: {
      field: 'gzqlx', default: { fill: 'rgba(200,200,200,0.3)', stroke: '#888888' },
      classes: PLAN_ZONES.map((z) => ({ value: z.value, label: z.value, labelEn: z.nameEn, fill: z.fill, stroke: '#666666' })),
    },
    sortOrder: 20,
  },
  {
    code: 'landuse', name: '土地利用现状', nameEn: 'Current land use', kind: 'landuse', geometryType: 'Polygon', visibility: 'scoped',
    attributeSchema: [text('dlbm', '地类编码', 'Land-use code'), text('dlmc', '地类名称', 'Land-use class'), text('qsxz', '权属性质', 'Ownership')],
    style: {
      field: 'dlbm', default: { fill: '#eeeeee', stroke: '#999999' },
      classes: LAND_USE_CLASSES.map((c) => ({ value: c.code, label: `${c.code} ${c.name}`, labelEn: `${c.code} ${c.nameEn}`, fill: c.fill, stroke: '#777777' })),
    },
    sortOrder: 30,
  },
  {
    code: 'parcels', name: '宗地', nameEn: 'Cadastral parcels', kind: 'cadastre', geometryType: 'Polygon', visibility: 'scoped',
    attributeSchema: [text('zddm', '宗地代码', 'Parcel code'), text('zl', '坐落', 'Address'), text('dlbm', '地类编码', 'Land-use code'), text('qlr', '权利人', 'Right holder'), num('zdmj', '宗地面积', 'Parcel area', 'm²')],
    style: { default: { fill: 'rgba(255,255,255,0.05)', stroke: '#d9822b' } }, sortOrder: 40,
  },
  {
    code: 'basic_farmland', name: '永久基本农田', nameEn: 'Permanent basic farmland', kind: 'protection', geometryType: 'Polygon', visibility: 'scoped',
    attributeSchema: [text('bhbh', '保护图斑编号', 'Protection patch no.'), text('dlbm', '地类编码', 'Land-use code'), text('zldj', '耕地质量等别', 'Quality grade')],
    style: { default: { fill: 'rgba(255,215,0,0.45)', stroke: '#b8860b' } }, sortOrder: 50,
  },
  {
    code: 'eco_redline', name: '生态保护红线', nameEn: 'Ecological protection red line', kind: 'protection', geometryType: 'Polygon', visibility: 'scoped',
    attributeSchema: [text('hxbh', '红线编号', 'Red-line no.'), text('hxlx', '红线类型', 'Red-line type')],
    style: { default: { fill: 'rgba(220,20,60,0.25)', stroke: '#dc143c' } }, sortOrder: 60,
  },
  {
    code: 'mining_rights', name: '矿业权', nameEn: 'Mining rights', kind: 'mining', geometryType: 'Polygon', visibility: 'scoped',
    attributeSchema: [
      text('kqbh', '许可证号', 'Licence no.'), text('kqmc', '矿山名称', 'Mine name'), text('kqlx', '矿权类型', 'Right type'),
      text('kz', '开采矿种', 'Mineral'), date('yxqz', '有效期止', 'Valid until'), text('zbx', '坐标系', 'CRS'),
      { key: 'gdzb', label: '拐点坐标', labelEn: 'Corner coordinates', type: 'text' },
    ],
    style: { default: { fill: 'rgba(139,69,19,0.25)', stroke: '#8b4513' } }, sortOrder: 70,
  },
  {
    code: 'hazard_sites', name: '地质灾害隐患点', nameEn: 'Geological hazard sites', kind: 'hazard', geometryType: 'Point', visibility: 'scoped',
    attributeSchema: [text('zhdbh', '隐患点编号', 'Site no.'), text('zhlx', '灾害类型', 'Hazard type'), text('gm', '规模等级', 'Scale'), num('wxrs', '威胁人数', 'People threatened')],
    style: { default: { fill: '#ff4500', stroke: '#8b0000' }, radius: 5 }, sortOrder: 80,
  },
  {
    code: 'approved_land', name: '批准建设用地', nameEn: 'Approved construction land', kind: 'approval', geometryType: 'Polygon', visibility: 'public',
    attributeSchema: [text('pzwh', '批准文号', 'Approval no.'), date('pzrq', '批准日期', 'Approval date'), text('xmmc', '项目名称', 'Project'), num('pzmj', '批准面积', 'Approved area', 'm²')],
    style: { default: { fill: 'rgba(255,0,0,0.2)', stroke: '#ff0000' } }, sortOrder: 90,
  },
  {
    code: 'supplied_land', name: '已供应土地', nameEn: 'Supplied land', kind: 'supply', geometryType: 'Polygon', visibility: 'public',
    attributeSchema: [text('dzjgh', '电子监管号', 'Supervision no.'), text('gdfs', '供地方式', 'Supply mode'), date('htqdrq', '合同签订日期', 'Contract date'), text('srr', '受让人', 'Grantee')],
    style: { field: 'gdfs', default: { fill: 'rgba(0,0,255,0.2)', stroke: '#0000ff' } }, sortOrder: 100,
  },
  // The satellite-patch pre-check (patches/precheck.ts) matches these too: a change on them is 其他 (临时用地 / 设施农用地), not a violation.
  {
    code: 'temporary_land', name: '临时用地', nameEn: 'Temporary land use', kind: 'approval', geometryType: 'Polygon', visibility: 'public',
    attributeSchema: [text('pzwh', '批准文号', 'Approval no.'), date('pzrq', '批准日期', 'Approval date'), date('dqrq', '使用期限止', 'Use ends'), text('yt', '用途', 'Purpose')],
    style: { default: { fill: 'rgba(255,140,0,0.2)', stroke: '#ff8c00' } }, sortOrder: 110,
  },
  {
    code: 'facility_agri', name: '设施农业用地', nameEn: 'Facility agricultural land', kind: 'approval', geometryType: 'Polygon', visibility: 'scoped',
    attributeSchema: [text('bah', '备案号', 'Filing no.'), date('barq', '备案日期', 'Filing date'), text('sslx', '设施类型', 'Facility type'), text('jyz', '经营者', 'Operator')],
    style: { default: { fill: 'rgba(46,139,87,0.25)', stroke: '#2e8b57' } }, sortOrder: 120,
  },
  // 出让地块: kept by the trading module (trading/map-lots.ts through map/index.ts upsertLayerFeature) when a lot is announced and when its sale ends.
  {
    code: 'trading_lots', name: '出让地块', nameEn: 'Lots for sale', kind: 'supply', geometryType: 'Polygon', visibility: 'public',
    attributeSchema: [
      text('dkbh', '地块编号', 'Lot no.'), text('crlx', '出让类型', 'Right sold'), text('crfs', '出让方式', 'Sale method'), text('zt', '状态', 'State'),
      text('yt', '用途/矿种', 'Use / mineral'), num('qsj', '起始价', 'Start price', '元'), num('cjj', '成交价', 'Final price', '元'),
      date('gpqs', '竞价开始', 'Bidding starts'), date('gpjz', '竞价截止', 'Bidding ends'),
    ],
    style: {
      field: 'zt', default: { fill: 'rgba(22,119,255,0.2)', stroke: '#1677ff' },
      classes: [
        { value: '已公告', label: '已公告', labelEn: 'Announced', fill: 'rgba(22,119,255,0.25)', stroke: '#1677ff' },
        { value: '竞价中', label: '竞价中', labelEn: 'Bidding', fill: 'rgba(250,140,22,0.3)', stroke: '#d46b08' },
        { value: '已成交', label: '已成交', labelEn: 'Sold', fill: 'rgba(82,196,26,0.3)', stroke: '#389e0d' },
        { value: '流拍', label: '流拍', labelEn: 'Unsold', fill: 'rgba(140,140,140,0.3)', stroke: '#595959' },
      ],
    },
    sortOrder: 130,
  },
];
