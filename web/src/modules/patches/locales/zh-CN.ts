/** Chinese strings of the patches module (卫片执法, default language). en-US.ts has exactly the same keys. */
const zhCN = {
  tabs: { batches: '监测批次', patches: '图斑核查', figures: '统计与问责' },
  batches: {
    title: '监测批次', new: '新建批次并导入', batchNo: '批次编号', name: '批次名称', source: '来源', phases: '前时相 → 后时相', deadline: '核查截止日期',
    status: '状态', progress: '审核通过', counties: '各县进度', submitted: '已上报 {{n}} 个图斑', submit: '上报', beforeDate: '前时相日期', afterDate: '后时相日期',
    area: '监测范围', imageryBefore: '前时相影像（XYZ/WMTS 地址模板）', imageryAfter: '后时相影像（XYZ/WMTS 地址模板）', imageryHint: '例如天地图或本局影像服务，地址中用 {z}/{x}/{y} 表示瓦片行列号。',
  },
  source: { ministry: '部下发', province: '省级监测', self: '自主监测' },
  batchStatus: { draft: '待导入', open: '核查中', closed: '已办结' },
  countyStatus: { open: '核查中', submitted: '已上报', accepted: '已通过' },
  status: { pending: '待核查', proposed: '已判定', submitted: '已上报', returned: '已退回', accepted: '已通过（锁定）' },
  list: {
    title: '图斑', batch: '监测批次', status: '状态', tbbh: '图斑编号', division: '所在行政区', area: '面积（平方米）', suggested: '预判类型', verdict: '判定类型',
    field: '外业核查', fieldDone: '已核查', changeType: '变化类型',
  },
  detail: {
    title: '图斑详情', saved: '已保存', class: '判定类型', approvalNo: '批准文号', croplandM2: '占用耕地（平方米）', basicFarmlandM2: '占用永久基本农田（平方米）',
    reason: '判定说明', changeReason: '变更理由', change: '变更判定', propose: '提交判定', stated: '图斑面积', precheck: '内业预判', planZones: '规划分区',
    noApprovals: '未套合到批准、供地、临时用地或设施农用地', layer: '图层', share: '套合比例', field: '外业核查', inspector: '核查人员', findings: '核查情况',
    photos: '现场照片', photo: '照片{{n}}', far: '距图斑 {{m}} 米', exif: 'EXIF：拍摄于 {{time}}，位置 {{position}}，距图斑 {{m}} 米', noExif: '照片无 EXIF 信息', early: '早于后时相 {{date}} 拍摄', noField: '尚无外业核查记录', verdict: '判定与审核', reviewComment: '审核意见',
    awaitingEnforcement: '违法图斑待移送立案查处', handOver: '移送立案', caseNo: '已移送立案：{{caseNo}}', commentHint: '退回时必须填写意见',
    tipoffs: '关联举报线索', noTipoffs: '未关联举报线索', tipoffNo: '举报编号', link: '关联',
    accept: '审核通过', return: '退回', changeTitle: '变更已锁定的判定（需说明理由，留痕）', rectification: '整改', rectifyAs: '整改结果', rectify: '登记整改',
  },
  layers: { approved_land: '批准建设用地', supplied_land: '已供应土地', temporary_land: '临时用地', facility_agri: '设施农用地' },
  fieldForm: { landUse: '实地现状', builder: '建设主体', startDate: '开工时间', occupiesCropland: '是否占用耕地', croplandM2: '占用耕地面积', approvalNo: '现场批准文号', note: '说明' },
  rectification: { none: '无需整改', pending: '整改中', demolished: '已拆除复耕', confiscated: '已没收', legalised: '已完善手续' },
  imagery: {
    none: '该批次未配置前后时相影像。', side: '并排对比', swipe: '卷帘对比', synthetic: '合成影像（演示，由土地利用现状图绘制）',
    before: '前时相 {{date}}', after: '后时相 {{date}}', swipeHint: '左侧为前时相（{{before}}），右侧为后时相（{{after}}），拖动滑块比较。',
  },
  import: {
    title: '新建监测批次并导入图斑', stepBatch: '批次信息', stepFile: '选择文件', stepCheck: '预检查', stepDone: '完成', create: '创建批次', batchCreated: '已创建批次 {{batchNo}}，请选择图斑文件（zip 打包的 Shapefile 或 GeoJSON）。',
    choose: '选择文件', dryRun: '预检查（不写入）', skipDuplicates: '跳过重复图斑', apply: '导入', progress: '进度',
    summary: '共 {{total}} 个图斑：可导入 {{valid}}，几何无效 {{invalid}}，不在任何县域内 {{outside}}，与以往批次重复 {{duplicates}}',
    county: '县级行政区', count: '图斑数', invalid: '几何无效的图斑', outside: '不在任何县域内的图斑', duplicates: '与以往批次重复的图斑',
    duplicateOf: '{{tbbh}} 与批次 {{batchNo}} 的 {{earlier}} 重复', applied: '已导入 {{n}} 个图斑并完成内业预判', close: '完成',
    uploading: '正在上传文件…',
    phase: { parsing: '正在解析文件…', validating: '正在校验：{{validated}} / {{total}}', inserting: '正在内业预判并入库：{{inserted}} / {{total}}', done: '完成', failed: '失败' },
  },
  figures: {
    title: '违法占用耕地比例（按县、按年度）', year: '年度', export: '导出 Excel',
    lineHint: '《违反土地管理规定行为处分办法》第三条：一年度内违法占用耕地面积占新增建设用地占用耕地总面积的比例达到15%以上的，对县级以上地方人民政府主要领导等给予处分。',
    interview: '达到或超过15%、列入约谈问责：{{names}}', county: '县级行政区', illegal: '违法占用耕地（平方米）', newConstruction: '新增建设用地占用耕地（平方米）',
    ratio: '比例', line: '15%问责线', atOrAbove: '达到或超过，约谈', below: '未达到', rectification: '整改（已整改/违法图斑）', completion: '批次按期完成情况（月清、季核）',
    verdicts: '已判定', accepted: '已通过', onTime: '按期上报', notSubmitted: '未上报', yes: '按期', late: '逾期',
  },
  todos: {
    overdue: '超过截止日期未判定的图斑', verdict: '待核查判定的图斑', returned: '被退回需重新判定的图斑', review: '待审核的图斑',
    enforcement: '待移送立案的违法图斑', rectification: '整改中的违法图斑',
  },
};

export default zhCN;
