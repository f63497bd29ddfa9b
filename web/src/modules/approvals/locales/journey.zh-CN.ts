/** Chinese strings of the public approval pages (approvals.journey.*); journey.en-US.ts has the same keys. */
const journey = {
  nav: { services: '办事指南', track: '办件查询', verify: '文书核验', login: '登录', logout: '退出' },
  services: {
    title: '办事指南',
    intro: '选择要办理的事项，查看受理条件、申请材料、收费、办理时限和流程，登录后即可在线申请。',
    search: '搜索事项名称、编码或承办机构',
  },
  guide: {
    name: '事项名称', type: '事项类型', code: '事项编码', department: '承办机构', level: '实施层级',
    statutoryDays: '法定时限', promisedDays: '承诺时限', counterVisits: '到现场次数', fees: '收费标准',
    legalBasis: '设定依据', conditions: '受理条件', materials: '申请材料', materialName: '材料名称',
    required: '是否必需', requiredYes: '必需', requiredNo: '非必需', form: '材料形式', copies: '份数', pages: '页数',
    sample: '样表', sampleOpen: '查看', sampleNone: '无', eform: '电子表单', forms: { original: '原件', copy: '复印件' },
    flow: '办理流程', workdays: '{{count}} 个工作日', visits: '{{count}} 次',
    parallel: '并联审查：{{departments}}', pausesClock: '特殊环节，不计入办理时限',
    stepApply: '申请', stepApplyBody: '在线填写申请表并上传材料，取得办件编号和收件回执',
    stepAccept: '受理', stepAcceptBody: '窗口形式审查：受理、一次性告知补正或不予受理',
    stepDecide: '决定', stepDecideBody: '局领导作出准予或不予许可决定，送达文书',
    apply: '在线申请', notFound: '事项不存在或已停用', backToList: '返回办事指南',
  },
  levels: { province: '省级', city: '市级', county: '县级', township: '乡镇级' },
  departments: {
    landuse: '自然资源开发利用股', planning: '国土空间规划股', farmland: '耕地保护股', legal: '政策法规股', mineral: '矿产资源管理股',
    hazard: '地质灾害防治股', office: '办公室', bureau: '本机关',
  },
  apply: {
    title: '在线申请：{{name}}', guide: '查看办事指南', intro: '请如实填写申请信息并上传材料。材料齐全、符合法定形式的，窗口将予以受理，承诺 {{days}} 个工作日内办结。',
    applicant: '申请人', applicantKind: '申请人类型', person: '自然人', company: '法人或其他组织', applicantName: '申请人名称',
    idNumber: '身份证号或统一社会信用代码', phone: '联系电话', contactName: '联系人', divisionCode: '所在乡镇（区划代码）',
    divisionCodeFormat: '请填写 9 位乡镇区划代码', eform: '申请表', materials: '申请材料',
    materialsHint: '支持 PDF、JPG、PNG、OFD 格式，系统按文件内容校验格式。', upload: '上传', pages: '{{count}} 页',
    eformFilled: '已由上方申请表在线填写', missing: '缺少此项材料', submit: '提交申请',
  },
  receipt: {
    title: '申请已提交', caseNo: '办件编号', matter: '申请事项', applicant: '申请人', submittedAt: '提交时间', status: '办理状态',
    promised: '承诺时限', files: '已收文件', next: '请牢记办件编号。可凭办件编号和证件号码随时查询办理进度；如需补正材料，我们将以短信一次性告知。',
    print: '打印回执', pdf: '下载回执（PDF）', track: '查询进度',
  },
  track: {
    title: '办件查询', intro: '凭办件编号和申请人证件号码查询，无需登录。', caseNo: '办件编号', idNumber: '证件号码', query: '查询',
    acceptedOn: '受理日期', dueDate: '应办结日期', decision: '审批结果', howComputed: '办结日期的计算方式',
    computedRule: '自受理日 {{acceptedOn}} 的次日起按工作日计算（不含法定节假日和休息日），补正材料、听证、专家评审、公示等特殊环节期间不计时，经批准延期的顺延。',
    notStarted: '尚未受理，受理后开始计时。',
    documents: '办理文书', download: '下载', timeline: '办理过程',
  },
  supplement: {
    title: '补正材料', intro: '请一次补齐以下 {{count}} 项材料，只需提交所列材料。', reason: '补正要求',
    submit: '提交补正材料', sent: '补正材料已提交', login: '登录后提交补正材料', notOwner: '当前登录账号不是该办件的申请人，请使用申请时的账号登录。',
  },
  rating: {
    title: '服务评价（好差评）', intro: '请对本次服务作出评价：', followUpIntro: '整改已完成，您可以追加一次评价：',
    levels: { l5: '非常满意', l4: '满意', l3: '基本满意', l2: '不满意', l1: '非常不满意' },
    comment: '意见建议（选填）', submit: '提交评价', thanks: '感谢您的评价',
    badHint: '差评将转交整改，整改完成后可追评一次。', followUp: '追评', notYet: '办结后可以评价。',
    rectification: { open: '差评整改中', visited: '已回访，整改中', done: '整改已完成' }, rectificationDue: '整改期限 {{date}}',
  },
  status: {
    submitted: '已提交，待受理', supplement_requested: '待补正材料', resubmitted: '已补正，待受理', refused: '不予受理',
    in_review: '审查中', pending_decision: '待审批决定', decided: '已作出决定', completed: '已办结', withdrawn: '已撤回',
  },
  decisions: { granted: '准予许可', denied: '不予许可' },
  decisionsBy: {
    licensing: { granted: '准予许可', denied: '不予许可' }, registration: { granted: '准予登记', denied: '不予登记' },
    confirmation: { granted: '予以确认', denied: '不予确认' }, service: { granted: '予以办理', denied: '不予办理' },
  },
  documentKinds: {
    receipt: '收件回执', acceptance_notice: '受理通知书', supplement_notice: '补正材料通知书', refusal_notice: '不予受理通知书',
    decision: '行政许可决定书', licence: '行政许可证', certificate: '证明', notice: '告知书', extension_notice: '延期办理通知书', overlay_report: '叠加分析报告',
  },
  events: {
    submitted: '提交申请', check_started: '开始形式审查', accepted: '已受理', deemed_accepted: '视为受理', supplement_requested: '一次性告知补正材料',
    resubmitted: '已补正材料', refused: '不予受理', stage_started: '进入审查环节', stage_passed: '审查环节通过', stage_failed: '审查环节未通过',
    opinion: '审查意见', paused: '暂停计时', resumed: '恢复计时', extension_requested: '申请延期', extension_approved: '经批准延期',
    extension_rejected: '延期未获批准', decided: '作出审批决定', completed: '办结送达', withdrawn: '申请人撤回', urged: '督办',
    rated: '服务评价', rectification_visited: '差评回访', rectified: '差评整改完成', overlay_attached: '附叠加分析报告',
  },
};

export default journey;
