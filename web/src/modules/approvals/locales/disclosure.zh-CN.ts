/** Strings of the public disclosure page (审批结果公示). en-US has the same keys. */
const disclosure = {
  title: '审批结果公示',
  intro: '行政审批决定依法公开。个人申请人仅显示姓氏，不公开证件号码和联系方式。',
  search: '办件编号、事项、申请人或文号',
  matterCode: '事项编码',
  dateRange: '决定日期',
  caseNo: '办件编号',
  matter: '事项',
  applicant: '申请人',
  decision: '审批结果',
  decisions: { granted: '准予许可', denied: '不予许可' },
  decidedAt: '决定日期',
  org: '审批机关',
  documentNo: '决定文书号',
  empty: '暂无公示信息',
  portalLink: '审批结果公示',
};

export default disclosure;
