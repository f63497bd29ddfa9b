/** Chinese strings of the enforcement module (default language). en-US.ts has exactly the same keys. */
const zhCN = {
  nav: { cases: '执法案件', statistics: '执法统计', settings: '办案参数与裁量基准' },
  statuses: {
    proposed: '待立案审批', investigating: '调查取证', reviewing: '案件审理', reviewed: '审理完毕（待告知）', notified: '已告知（待决定）', hearing: '听证中',
    decided: '已作出处罚决定', executing: '执行中', closed: '已结案', not_filed: '不予立案', transferred: '已移送',
  },
  stages: { filing: '立案', investigation: '调查取证', review: '案件审理', notice: '告知', decision: '处罚决定', execution: '执行', closing: '结案' },
  kinds: {
    illegal_occupation: '非法占用土地', illegal_transfer: '非法转让土地', villager_house: '农村村民未经批准非法占用土地建住宅', illegal_mining: '非法采矿', cross_boundary_mining: '越界开采',
  },
  sources: { tipoff: '举报', patch: '卫片图斑', inspection: '巡查发现', transfer: '其他机关移送', manual: '其他' },
  records: { inquiry: '询问笔录', site: '现场勘验笔录', measurement: '测量记录', photo: '照片', field: '外业记录', execution: '执行凭证', other: '其他' },
  list: {
    title: '执法案件台账', search: '案件编号、案由、当事人', status: '状态', warn: '预警', caseNo: '案件编号', caseTitle: '案由', party: '当事人', stage: '当前环节', due: '环节期限',
    fine: '罚款（元）', open: '新建案件', empty: '暂无案件',
  },
  detail: {
    title: '案件详情', summary: '违法事实', sources: '案件来源', records: '调查取证记录', documents: '案件文书', events: '办案记录', stagesTitle: '环节时限',
    proposal: '裁量建议', reviewRequired: '须法制审核', hearingEligible: '可申请听证', defenceDue: '陈述申辩期限', hearingDue: '听证申请期限', decisionDue: '处罚决定期限（立案后90日）',
    disclosure: '公示状态', finePaid: '已缴罚款', demolished: '已拆除（m²）', returned: '已退还土地（m²）', court: '申请法院强制执行', paused: '听证中，计时已中止',
    refresh: '刷新',
    yes: '是', no: '否',
  },
  actions: {
    title: '办理', file: '批准立案', notFile: '不予立案', transfer: '移送', record: '添加记录', propose: '处罚建议（裁量计算）', submitReview: '调查终结，提交审理',
    review: '案件审理', notice: '送达告知书', defence: '记录陈述申辩', hearingRequest: '登记听证申请', hearing: '记录听证', decide: '作出处罚决定', execution: '登记执行情况',
    court: '申请法院强制执行', close: '批准结案', disclosure: '复议/诉讼变更或撤销', submit: '提交', done: '已办理',
  },
  fields: {
    opinion: '审批意见', reason: '理由', to: '移送机关', kind: '类型', recordedOn: '日期', recordTitle: '标题', content: '内容', files: '照片或文件',
    violationKind: '违法行为类型', areaM2: '面积（m²）', landClass: '地类', fitsPlan: '符合规划', rectified: '及时整改', basicFarmland: '永久基本农田面积（m²）',
    illegalGains: '违法所得（元）', mineralValue: '矿产品价值（元）', partyKind: '当事人类型', partyName: '当事人名称', idNumber: '身份证号/统一社会信用代码', address: '住所',
    fine: '罚款（元）', confiscate: '没收', demolish: '限期拆除', restore: '恢复原状/退还土地', departureReason: '偏离裁量基准理由', approve: '审理结论', approveYes: '同意',
    approveNo: '退回补充调查', approveDeparture: '同意偏离裁量基准', servedOn: '送达日期', text: '意见', requestedOn: '申请日期', heldOn: '听证日期',
    legalBasis: '法律依据', finePaid: '本次缴纳罚款（元）', demolishedM2: '本次拆除（m²）', landReturnedM2: '本次退还土地（m²）', confiscated: '已没收', complete: '执行完毕',
    note: '说明', appliedOn: '申请日期', court: '人民法院', status: '结果', changed: '已变更', withdrawn: '已撤销', person: '自然人', company: '法人或其他组织',
    cropland: '耕地', construction: '建设用地', unused: '未利用地', other: '其他', sourceKind: '来源', sourceRef: '来源编号', divisionCode: '行政区划代码',
    caseTitle: '案由', summary: '违法事实摘要', transferringAuthority: '移送机关',
  },
  calc: {
    title: '裁量计算', band: '裁量阶次', range: '罚款幅度', amount: '建议罚款', rule: '适用规则', sources: '依据来源', example: '示例基准，数额待核实', use: '采用建议金额',
    outside: '超出裁量幅度：须填写理由并经法制审核同意',
  },
  stats: { title: '执法案件统计', bureau: '承办机关', opened: '案件数', filed: '立案', closed: '结案', open: '在办', overdue: '超期', overdueByStage: '超期（按环节）',
    finesDecided: '决定罚款（元）', finesCollected: '已收缴罚款（元）', areaReturned: '退还土地（m²）', demolished: '拆除面积（m²）', export: '导出 Excel',
    rectTitle: '卫片违法图斑整改情况', county: '县（市、区）', illegalPatches: '违法图斑', pending: '整改中', demolishedPatches: '已拆除复耕', confiscated: '已没收',
    legalised: '已完善手续', rate: '整改率', awaiting: '待移送立案', to15: '查看耕地15%问责指标' },
  disclosure: {
    title: '行政处罚结果公示', intro: '依法公示行政处罚决定（双公示）。自然人仅显示姓氏，不公开身份证号和住址；经行政复议或诉讼变更、撤销的，注明原因。',
    search: '案件编号、当事人、处罚机关、文号', caseNo: '案件编号', party: '当事人', facts: '主要违法事实', basis: '处罚依据', penalty: '处罚内容', authority: '处罚机关',
    date: '处罚决定日期', documentNo: '决定书文号', status: '状态', published: '公示中', changed: '已变更', withdrawn: '已撤销', empty: '暂无公示的处罚决定',
  },
  settings: {
    title: '执法办案参数', own: '本单位参数，第 {{version}} 版', inherited: '沿用上级（{{from}}）参数；保存后成为本单位参数', defaults: '使用系统默认值；保存后成为本单位参数',
    stageDays: '各环节时限（工作日）', warnDays: '黄灯预警提前（工作日）', disclosureDays: '处罚决定公示时限（工作日）', thresholds: '法制审核与听证金额标准（元）',
    reviewFinePerson: '法制审核：个人罚款达', reviewFineCompany: '法制审核：单位罚款达', hearingFinePerson: '听证：个人罚款达', hearingFineCompany: '听证：单位罚款达',
    reason: '修改理由', reasonRequired: '请填写修改理由', required: '必填', save: '保存', saved: '已保存为第 {{version}} 版', history: '历史版本', version: '版本',
    changedAt: '修改时间', changedBy: '修改人', baselines: '行政处罚裁量基准（现行）', violation: '违法行为', bandName: '裁量阶次', range: '罚款幅度', scope: '适用范围',
    revise: '修订', revised: '已修订，生成新版本', fineMin: '最低', fineMax: '最高', basis_per_m2: '元/平方米', basis_gains_share: '违法所得比例 0–1', basis_none: '不罚款', perM2: '元/m²',
  },
  fieldRecords: {
    title: '外业核查记录', recordedAt: '核查时间', position: '核查位置', distance: '距核查对象', inside: '位于范围内', metres: '{{n}} 米',
    photo: '现场照片 {{n}}', far: '距核查对象较远', heading: '朝向 {{deg}}°', signature: '核查人员签名',
  },
  todos: {
    file: '待立案审批的执法案件', decide: '待作出处罚决定的执法案件', close: '待结案审批的执法案件', investigate: '待调查取证、告知、执行的执法案件', review: '待审理的执法案件',
    red: '超期的执法案件', yellow: '即将到期的执法案件',
  },
  forms: {
    done: '{{action}}：已办理', calculation: '裁量计算（处罚建议）', proposedFine: '建议罚款 {{fine}}', photosHint: '现场勘验笔录请附现场照片，可用手机直接拍照上传。',
    submitReview: '调查终结，提交法制审核。已有调查取证记录 {{records}} 份；处罚建议：罚款 {{fine}} 元。',
    noticeTitle: '送达行政处罚告知书', noticePenalty: '告知当事人拟作出的行政处罚（罚款 {{fine}} 元）及其事实、理由和依据。',
    noticeDefence: '当事人有权在送达后 3 个工作日内进行陈述、申辩。', noticeHearing: '罚款达到听证标准（或责令拆除、没收）：同时送达听证告知书，当事人可在送达后 5 日内申请听证，听证期间处罚决定期限中止。',
    noticeNoHearing: '未达到听证标准，不告知听证权利。', departureRequired: '罚款超出裁量幅度（{{min}} – {{max}} 元），请填写偏离裁量基准的理由',
    fineDue: '决定罚款 {{fine}} 元，已缴 {{paid}} 元。', evidenceHint: '缴款票据、拆除或退还土地的现场照片等。', evidenceRequired: '请上传执行凭证（缴款票据、现场照片等）',
    closing: '结案条件：有执行凭证（现有 {{evidence}} 份），罚款已缴清或已申请法院强制执行（决定罚款 {{fine}} 元，已缴 {{paid}} 元）。',
  },
};

export default zhCN;
