/** Strings of the server-rendered 政务公开, 互动交流 and 阳光 pages, zh-CN and en-US. */
import type { Lang } from '../../platform/ssr/index.ts';

const zh = {
  gk: '政务公开', gkIntro: '政府信息公开目录、公开指南和年度报告。', directory: '政府信息公开目录', categories: '公开类别', all: '全部',
  indexNo: '索引号', title: '名称', category: '类别', publisher: '发布机构', docNo: '文号', publishedAt: '发布日期', none: '暂无信息。',
  guide: '政府信息公开指南', reports: '政府信息公开工作年度报告', prev: '上一页', next: '下一页', page: '第 {n} 页，共 {m} 页',
  entry: '公开信息', meta: '信息要素', filter: '筛选', apply: '查看', pdf: '下载 PDF（含核验二维码）',
  year: '年度', reportFigures: '报告数据', proactive: '主动公开政府信息情况', published: '本年公开（条）', withdrawn: '本年撤回（条）',
  requests: '收到和处理政府信息公开申请情况', item: '项目', count: '数量（件）',
  received: '本年新收申请', carriedOver: '上年结转', granted: '予以公开', denied: '不予公开', refused: '不予受理', withdrawnReq: '申请人撤回', pending: '结转下年度继续办理',
  lettersFig: '互动交流情况', lReceived: '收到来信', lAnswered: '已答复', lOnTime: '按期答复', lPublished: '公开', lRated: '评价数', lSatisfied: '满意及非常满意',
  hudong: '互动交流', hudongIntro: '局长信箱、咨询和网上调查。来信在规定的工作日内答复；经来信人同意，隐去个人信息后公开。',
  write: '我要写信', check: '查询答复与评价', letters: '来信选登', surveys: '网上调查', letterNo: '信件编号', subject: '标题', kind: '类型',
  mailbox: '局长信箱', consult: '咨询', receivedOn: '来信日期', repliedOn: '答复日期', letter: '来信内容', reply: '答复内容', rating: '满意度',
  writeTitle: '写信', bureau: '收信单位', writerName: '姓名', writerPhone: '手机号码', body: '内容', consent: '同意在隐去姓名、电话等个人信息后公开来信及答复',
  send: '提交', needJs: '提交前浏览器需要完成一次防机器人校验（需启用 JavaScript）。', computing: '正在进行防机器人校验，请稍候……',
  sent: '来信已收到', sentInfo: '请记下信件编号和查询码，凭此查询答复并评价：', queryCode: '查询码', dueDate: '答复期限',
  checkTitle: '查询答复', status: '状态', st_received: '待答复', st_answered: '已答复', st_published: '已答复并公开',
  rate: '评价答复', rateSend: '提交评价', comment: '意见（可选）', rated: '已评价：{n}。感谢您的评价。',
  r5: '非常满意', r4: '满意', r3: '基本满意', r2: '不满意', r1: '非常不满意', notFound: '未找到：请核对信件编号和查询码。',
  votes: '票数', total: '合计', vote: '投票', voted: '您已参与本次调查。', loginToVote: '登录后参与投票（每人一票）', closesOn: '截止日期',
  sv_open: '进行中', sv_closed: '已结束', share: '占比',
  sunshine: '阳光政务绩效', sunshineIntro: '根据各业务系统的实时办理数据按县和月份统计：审批办件、12336 举报线索，以及执法处罚、土地出让和卫片图斑（接入后显示）。',
  from: '起始月份', to: '截止月份', csv: '下载 CSV', api: '开放数据接口（JSON）', month: '月份', county: '地区',
  aReceived: '审批收件', aCompleted: '办结', aOnTime: '按时办结', aEarly: '提前办结', aAvg: '平均用时（工作日）', aSat: '满意度（1–5）',
  tReceived: '举报受理', tClosed: '举报销号', tReopened: '重新办理', approvalsT: '审批服务', tipoffsT: '12336 举报线索', chart: '各地区审批收件与按时办结（图表，数据见下表）',
  penaltiesT: '执法处罚', salesT: '土地出让', patchesT: '卫片图斑', sumRow: '合计',
};
type Text = Record<keyof typeof zh, string>;
const en: Text = {
  gk: 'Government information', gkIntro: 'The directory of government information, the guide and the annual reports.', directory: 'Directory of government information', categories: 'Categories', all: 'All',
  indexNo: 'Index number', title: 'Title', category: 'Category', publisher: 'Published by', docNo: 'Document number', publishedAt: 'Published', none: 'Nothing published yet.',
  guide: 'Guide to government information', reports: 'Annual reports on government information disclosure', prev: 'Previous', next: 'Next', page: 'Page {n} of {m}',
  entry: 'Published information', meta: 'Details', filter: 'Filter', apply: 'Show', pdf: 'Download the PDF (with verification QR code)',
  year: 'Year', reportFigures: 'Figures', proactive: 'Information published proactively', published: 'Published this year', withdrawn: 'Withdrawn this year',
  requests: 'Requests for government information', item: 'Item', count: 'Number',
  received: 'New requests', carriedOver: 'Carried over from last year', granted: 'Disclosed', denied: 'Not disclosed', refused: 'Not accepted', withdrawnReq: 'Withdrawn by the applicant', pending: 'Carried over to next year',
  lettersFig: 'Letters from the public', lReceived: 'Received', lAnswered: 'Answered', lOnTime: 'Answered on time', lPublished: 'Published', lRated: 'Rated', lSatisfied: 'Satisfied or very satisfied',
  hudong: 'Public interaction', hudongIntro: 'Write to the director, ask a question, answer a survey. Letters are answered within the stated working days and published, with the writer\'s consent, without personal data.',
  write: 'Write a letter', check: 'Read the reply and rate it', letters: 'Published letters', surveys: 'Surveys', letterNo: 'Letter number', subject: 'Subject', kind: 'Kind',
  mailbox: 'Letter to the director', consult: 'Question', receivedOn: 'Received', repliedOn: 'Answered', letter: 'Letter', reply: 'Reply', rating: 'Satisfaction',
  writeTitle: 'Write a letter', bureau: 'To', writerName: 'Name', writerPhone: 'Mobile number', body: 'Text', consent: 'I agree that my letter and the reply are published without my name, phone number or other personal data',
  send: 'Send', needJs: 'Before sending, the browser solves a small anti-robot puzzle (JavaScript needed).', computing: 'Solving the anti-robot puzzle, please wait…',
  sent: 'Your letter was received', sentInfo: 'Keep the letter number and the query code to read the reply and rate it:', queryCode: 'Query code', dueDate: 'Reply due by',
  checkTitle: 'Read the reply', status: 'Status', st_received: 'Waiting for the reply', st_answered: 'Answered', st_published: 'Answered and published',
  rate: 'Rate the reply', rateSend: 'Send the rating', comment: 'Comment (optional)', rated: 'Rated: {n}. Thank you.',
  r5: 'Very satisfied', r4: 'Satisfied', r3: 'Fairly satisfied', r2: 'Dissatisfied', r1: 'Very dissatisfied', notFound: 'Not found: check the letter number and the query code.',
  votes: 'Votes', total: 'Total', vote: 'Vote', voted: 'You have answered this survey.', loginToVote: 'Sign in to vote (one vote per person)', closesOn: 'Closes on',
  sv_open: 'Open', sv_closed: 'Closed', share: 'Share',
  sunshine: 'Sunshine performance board', sunshineIntro: 'Live figures from the case systems per county and month: approvals and 12336 tip-offs, and penalties, land sales and satellite patches once connected.',
  from: 'From month', to: 'To month', csv: 'Download CSV', api: 'Open data API (JSON)', month: 'Month', county: 'County',
  aReceived: 'Applications received', aCompleted: 'Completed', aOnTime: 'On time', aEarly: 'Early', aAvg: 'Average working days', aSat: 'Satisfaction (1–5)',
  tReceived: 'Tip-offs received', tClosed: 'Closed', tReopened: 'Reopened', approvalsT: 'Approvals', tipoffsT: '12336 tip-offs', chart: 'Applications received and completed on time per county (chart; the figures are in the table below)',
  penaltiesT: 'Penalties', salesT: 'Land sales', patchesT: 'Satellite patches', sumRow: 'Total',
};
export type PageText = Text;
export const pageText = (lang: Lang): Text => (lang === 'en-US' ? en : zh);
export const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));
