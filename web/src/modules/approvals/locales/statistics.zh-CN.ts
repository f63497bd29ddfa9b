/** 审批统计 page (statistics/). */
export default {
  nav: '审批统计',
  title: '审批统计',
  groupBy: '统计维度',
  groups: { org: '按单位', matter: '按事项', month: '按月份' },
  period: '统计期间',
  query: '查询',
  download: '导出 Excel',
  total: '合计',
  columns: {
    org: '单位', matter: '事项', month: '月份', received: '收件数', accepted: '受理数', completed: '办结数', completionRate: '办结率',
    onTimeRate: '按时办结率', earlyRate: '提前办结率', avgWorkdays: '平均用时（工作日）', savedDays: '节省工作日', savedDaysPerCase: '件均节省',
    ratings: '好差评', badRatingRate: '差评率',
  },
  levels: { l5: '非常满意', l4: '满意', l3: '基本满意', l2: '不满意', l1: '非常不满意' },
  hints: {
    completionRate: '办结数 ÷ 受理数（同一期间；办结以往受理的办件时可超过 100%）',
    onTime: '实际用时（扣除暂停计时）不超过承诺时限加批准延期的办结件占比',
    early: '实际用时少于承诺时限的办结件占比',
    saved: '各办结件承诺时限减实际用时之和（超期件记 0）',
  },
  note: '每项数字按其发生日计入期间：收件按提交日，受理按受理日，办结按审批决定日，评价按评价日（不含追评）。',
};
