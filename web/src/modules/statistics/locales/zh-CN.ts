/** Chinese strings of the statistics pages (统计直报); en-US.ts has the same keys. */
const zhCN = {
  form: '报表',
  period: '报告期',
  by: '汇总层级',
  unit: '填报单位',
  tableNo: '表号',
  authority: '制定机关',
  approvalNo: '批准文号',
  validUntil: '有效期至',
  window: '报送期',
  reopenedUntil: '已重新开放至 {{date}}',
  levels: { province: '按省', city: '按市', county: '按县' },
  status: { draft: '填报中', submitted: '已上报待审核', returned: '已退回', accepted: '审核通过' },
  events: { submitted: '上报', returned: '退回', accepted: '审核通过', reopened: '重新开放' },
  grid: {
    indicator: '指标名称', code: '代码', unit: '计量单位', cell: '单元格', blank: '不填',
    derived: '由业务系统生成（{{source}}）',
  },
  checks: {
    // A cell of another period in the check report (FormGrid.tsx CheckList): lastyear:01.2 → 上年同期 01.2.
    periods: { lastyear: '上年同期', prev: '上期' },
    title: '审核报告', none: '审核通过，没有错误。', hard: '强制性错误', soft: '提示性问题', explanation: '上报说明',
  },
  fill: {
    title: '报表填报', open: '打开', saving: '正在保存…', saved: '已自动保存', submitted: '已上报，等待上级审核。',
    locked: '报送期已于 {{date}} 截止，数据已锁定。如需补报，请联系上级重新开放。',
    returned: '报表被 {{by}} 退回，请按意见核实订正后重新上报。',
    responsiblePerson: '单位负责人', statistician: '统计负责人', phone: '联系电话', submit: '审核并上报',
  },
  excel: {
    template: '下载空白模板', filled: '下载已填数据', upload: '上传 Excel（先试导入）', import: '正式导入',
    dryOk: '试导入通过：{{count}} 个单元格可以导入。', dryErrors: '试导入发现 {{count}} 处错误，未导入任何数据：',
    imported: '已导入 {{count}} 个单元格。', sheet: '工作表', address: '单元格', message: '错误',
  },
  review: {
    title: '报表审核', status: '状态', revision: '上报次数', submittedAt: '上报时间',
    readOnly: '上级只能审核、批注和退回，不能代填代改下级数据。',
    clickCell: '点击表中单元格可添加批注。', cellComment: '单元格 {{cell}} 的批注', comment: '审核意见',
    accept: '审核通过', return: '退回', acceptedMsg: '已审核通过。', returnedMsg: '已退回填报单位。',
    diff: '第 {{from}} 次与第 {{to}} 次上报的差异', before: '修改前', after: '修改后',
    signedBy: '单位负责人：{{head}}　统计负责人：{{stat}}', history: '流转记录',
  },
  rollup: {
    title: '汇总查询', submitted: '已上报（含待审核）', acceptedOnly: '仅审核通过', total: '汇总（{{units}} 个单位）',
    caption: '{{period}} 汇总表', byArea: '分地区', area: '地区', units: '单位数', none: '该报告期还没有上报的数据。',
  },
  completeness: {
    title: '报送情况', export: '导出 Excel', summary: '截止日 {{due}}　报送率 {{rate}}　及时率 {{timely}}',
    expected: '应报', submitted: '已报', onTime: '按时报送', accepted: '审核通过', rate: '报送率', timeliness: '及时率', total: '合计',
    chart: '各地区应报、已报、按时报送和审核通过的单位数', overdue: '逾期未报（{{count}}）', division: '区划代码',
    reopen: '重新开放', reason: '重新开放原因', reopened: '已重新开放至 {{date}}。',
  },
  todos: {
    due: '待填报的统计报表', dueSoon: '即将截止的统计报表', overdue: '逾期未报的统计报表', returned: '被退回待修改的统计报表', review: '待审核的下级统计报表',
  },
};
export default zhCN;
