/** Chinese strings of the approvals workbench pages (approvals.cases.*); cases.en-US.ts has the same keys. */
const cases = {
  nav: { window: '窗口受理', walkIn: '窗口收件', review: '审查待办', decide: '审批决定', all: '办件查询' },
  list: {
    caseNo: '办件编号', matter: '事项', applicant: '申请人', channel: '渠道', status: '状态', submittedAt: '提交时间', dueDate: '应办结日期',
    minutes: '{{count}} 分钟', hours: '{{h}} 小时 {{m}} 分', days: '{{count}} 天',
  },
  channels: { online: '网上', walk_in: '窗口' },
  window: {
    title: '窗口受理', intro: '待受理的申请，按等待时间从长到短排列。受理用时从开始形式审查起计算，简单事项 20 分钟、复杂事项 40 分钟内完成。',
    waiting: '已等待', walkIn: '窗口收件',
  },
  walkIn: { title: '窗口收件', matter: '选择事项', submit: '收件登记', done: '已收件登记', check: '开始形式审查', another: '继续收件' },
  check: {
    title: '形式审查', start: '开始形式审查', startHint: '开始后计时，服务标准为 {{minutes}} 分钟内作出受理决定。', started: '已开始形式审查',
    timer: '受理用时 {{m}}:{{s}}（标准 {{minutes}} 分钟）', complex: '复杂事项：40 分钟标准', simple: '简单事项：20 分钟标准',
    received: '已收', files: '{{count}} 份', none: '未提交', deficient: '需补正', reason: '补正理由及标准',
    reasonPlaceholder: '说明缺少或不合格之处', missingReason: '未提交该材料', reasonRequired: '请为每一项需补正的材料填写理由',
    accept: '受理', accepted: '已受理，受理通知书已生成', supplement: '一次性告知补正（{{count}} 项）', supplementSent: '补正通知书已生成，已短信告知申请人',
    refuse: '不予受理', refuseHint: '不予受理通知书将载明理由以及申请行政复议或提起行政诉讼的权利。', competentAgency: '告知向哪个机关申请（选填）',
    refused: '已不予受理',
  },
  review: {
    inbox: '审查待办', inboxIntro: '本部门当前环节待审查的办件；并联环节各部门同时审查。', department: '部门',
    title: '审查意见（{{stage}}）', verdict: '审查结论', comment: '审查意见', submit: '提交意见', saved: '审查意见已提交',
    supplement: '审查阶段补正', supplementHint: '审查阶段要求补正时暂停计时，申请人补齐后恢复。',
  },
  decide: {
    inbox: '审批决定', inboxIntro: '审查完毕待作出决定的办件；也可查看审查中和已决定的办件。',
    title: '审批决定', decision: '决定', reason: '理由', reasonRequired: '{{denied}}须说明理由', submit: '作出决定', done: '已作出决定',
  },
  clock: {
    title: '计时', pause: '暂停计时（特殊环节）', resume: '恢复计时', extension: '申请延期',
    extensionHint: '经本机关负责人批准可延长 10 个工作日，并将延期理由告知申请人。', extensionSent: '延期申请已提交，待负责人审批',
  },
  extension: { title: '延期审批', line: '延期 {{days}} 个工作日：{{reason}}', approve: '批准', reject: '不批准' },
  deliver: { title: '办结送达', pickup: '窗口领取', post: '邮寄送达', electronic: '电子送达', submit: '办结', done: '已办结' },
  detail: {
    back: '返回列表', version: '第 {{version}} 版 · 事项版本 {{matterVersion}}', paused: '{{since}} 起暂停计时',
    application: '申请表', reveal: '查看完整号码', materials: '申请材料', noFile: '未提交', file: '文件 {{n}}（第 {{round}} 轮补正）', fileFirst: '文件 {{n}}',
    preview: '材料预览', previewFailed: '无法预览该材料', previewOf: '材料预览：{{name}}', openNew: '新窗口打开', noPreview: '选择左侧的材料文件查看',
    deadline: '办理时限', receivedOn: '收件日期', deemed: '视为受理', usedDays: '已用时限', usedOf: '已用 {{used}} / {{total}} 个工作日，剩余 {{remaining}} 个',
    acceptTime: '受理用时', minutesSeconds: '{{m}} 分 {{s}} 秒', overStandard: '超过服务标准', withinStandard: '符合服务标准', workdaysUsed: '实际用时',
    documents: '文书', stages: '审查环节', stageDue: '环节截止 {{date}}', noOpinion: '待审查',
    stopsAndExtensions: '暂停计时与延期', stopKind: '类型', reason: '理由', from: '开始', to: '结束', ongoing: '进行中', workdays: '工作日',
    extensionDays: '延期天数', requestedAt: '申请时间', reasons: '理由', refusalReason: '不予受理理由', decisionReason: '决定理由',
  },
  stageStatus: { pending: '未开始', active: '进行中', passed: '通过', failed: '未通过', skipped: '已跳过' },
  rules: { all_agree: '全部同意方通过', any_refuse: '一票否决' },
  verdicts: { agree: '同意', disagree: '不同意' },
  lights: { green: '正常', yellow: '预警', red: '红牌' },
  pauseKinds: { hearing: '听证', expert_review: '专家评审', public_notice: '公示', on_site_inspection: '现场勘查', other: '其他', supplement: '补正材料' },
  extensionStatus: { pending: '待审批', approved: '已批准', rejected: '未批准' },
  all: { title: '办件查询', light: '时限状态', matterCode: '事项编码' },
  actions: { done: '已完成' },
};

export default cases;
