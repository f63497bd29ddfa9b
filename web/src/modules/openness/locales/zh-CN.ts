/** Chinese strings of the staff pages of 政务公开 and 互动交流 (default language). en-US.ts has exactly the same keys. */
const zhCN = {
  todos: { letters: '待答复来信', overdue: '超期未答复来信', publishLetters: '待公开来信（来信人同意公开）', review: '待审核公开条目' },
  nav: { group: '政务公开', entries: '公开目录', review: '公开审核', letters: '来信办理', surveys: '网上调查' },
  categories: { JGZN: '机构职能', ZCWJ: '政策文件', GHJH: '规划计划', XZXK: '行政许可结果', XZCF: '行政处罚结果', TDGY: '土地供应与出让结果', CZYJS: '财政预决算', JYTA: '建议提案办理', QT: '其他' },
  entryStatus: { draft: '草稿', submitted: '待审核', returned: '退回修改', published: '已公开', withdrawn: '已撤回' },
  letterStatus: { received: '待答复', answered: '已答复', published: '已公开' },
  surveyStatus: { draft: '草稿', open: '进行中', closed: '已结束' },
  kinds: { mailbox: '局长信箱', consult: '咨询' },
  entries: {
    title: '政府信息公开目录',
    intro: '编辑拟稿后送审，审核人员签发时给出索引号（机构代码-类别-年份-顺序号）并在门户“政务公开”栏目公开；撤回的条目保留记录和索引号。',
    add: '新建条目', addTitle: '新建公开条目', editTitle: '修改公开条目', category: '公开类别', titleField: '名称', docNo: '文号', body: '内容',
    status: '状态', indexNo: '索引号', publishedAt: '发布日期', actions: '操作', edit: '修改', submit: '送审', publish: '审核签发', return: '退回',
    withdraw: '撤回', note: '退回意见', reason: '撤回理由', save: '保存', cancel: '取消', saved: '已保存', published: '已公开，索引号 {{indexNo}}', none: '暂无条目',
    view: '查看公开页面', all: '全部状态',
  },
  report: {
    title: '政府信息公开工作年度报告', intro: '根据本平台的办理记录统计：主动公开条目、政府信息公开申请（按办理结果）和互动交流来信。签发后生成带核验二维码的 PDF 并在门户公开。',
    year: '年度', load: '统计', issue: '签发并公开', issued: '已签发：{{docNo}}', proactive: '主动公开（条）', received: '新收申请', carriedOver: '上年结转',
    granted: '予以公开', denied: '不予公开', refused: '不予受理', withdrawn: '撤回', pending: '结转下年', letters: '来信', view: '查看报告',
  },
  letters: {
    title: '局长信箱与咨询', intro: '来信在答复期限（工作日）内答复。经来信人同意，可在隐去姓名、电话、身份证号等个人信息后公开来信及答复。',
    letterNo: '信件编号', kind: '类型', subject: '标题', writer: '来信人', dueDate: '答复期限', status: '状态', consent: '同意公开', yes: '是', no: '否',
    rating: '满意度', reply: '答复', replyTitle: '答复来信：{{subject}}', replyText: '答复内容', publish: '公开', publishTitle: '公开来信（已隐去个人信息）',
    publicSubject: '公开标题', publicBody: '公开内容', publicReply: '公开答复', maskHint: '系统已自动隐去姓名、电话、身份证号和邮箱；提交时会再次检查。',
    body: '来信内容', save: '提交', cancel: '取消', saved: '已提交', none: '暂无来信', overdue: '已超期', all: '全部状态', view: '查看公开页面',
  },
  surveys: {
    title: '网上调查', intro: '发起一个问题的调查；公众用实名账户登录后投票，每人一票。结果在门户“互动交流”栏目公开。',
    add: '发起调查', addTitle: '发起网上调查', titleField: '调查题目', description: '说明', options: '选项（每行一个）', closesOn: '截止日期',
    status: '状态', votes: '票数', open: '开始', close: '结束', save: '保存', cancel: '取消', saved: '已保存', none: '暂无调查', results: '结果', view: '查看公开页面',
  },
};
export default zhCN;
