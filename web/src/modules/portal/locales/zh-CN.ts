/** 门户网站工作台 (portal workbench) strings, zh-CN. */
export default {
  status: { draft: '草稿', submitted: '待审核', reviewed: '待签发', published: '已发布', withdrawn: '已撤稿' },
  quota: { dynamic: '动态', irregular: '不定期' },
  events: { created: '新建', edited: '修改', submitted: '送审', rejected: '退回', reviewed: '审核通过', published: '签发发布', withdrawn: '撤稿', pushed: '报送', received: '接收报送' },
  editor: { h2: '二级标题', h3: '三级标题', bold: '加粗', italic: '斜体', underline: '下划线', ordered: '编号列表', bullet: '项目列表', quote: '引用', link: '链接', image: '插入图片', clean: '清除格式' },
  articles: {
    title: '网站稿件', new: '写稿', edit: '修改稿件', status: '状态', allStatuses: '全部状态', articleTitle: '标题', site: '站点 · 栏目', updated: '更新时间',
    column: '栏目', needsSign: '需签发', body: '正文', summary: '摘要', keywords: '关键词', source: '来源', author: '作者',
    publishAt: '定时发布', publishAtHelp: '留空则审核通过后立即发布', expireAt: '过期下线', attachments: '附件', addAttachment: '上传附件',
    saveDraft: '保存草稿', saveSubmit: '保存并送审', saved: '已保存', submit: '送审', submitted: '已送审',
    version: '版本', origin: '转载自', view: '查看网页', reviewTitle: '审核', opinion: '审核意见（退回时必填）', approve: '审核通过', approved: '已审核',
    return: '退回修改', returned: '已退回', sign: '签发', signed: '已签发', pushTitle: '报送与撤稿', pushTarget: '报送至（上级网站栏目）', push: '报送', pushed: '已报送',
    withdraw: '撤稿', withdrawReason: '撤稿理由', withdrawn: '已撤稿', record: '流转记录', versions: '历史版本',
  },
  health: {
    title: '网站普查', intro: '按《政府网站发展指引》检查本站及下级站点：动态栏目超过14天未更新为不合格，不定期栏目不考核；另查空栏目、失效链接、必填项和页脚信息。',
    column: '栏目', quota: '更新要求', published: '已发布', days: '距上次更新（天）', result: '结果', ok: '合格', empty: '空栏目',
    stale: '超过{{n}}天未更新', failures: '{{n}} 项不合格', brokenLinks: '失效链接', missingFields: '缺少必填项的稿件', footerMissing: '页脚缺少：{{fields}}',
    external: '外部链接', externalNever: '尚未检查', externalSummary: '{{date}} 检查 {{n}} 个外部链接，{{broken}} 个无法访问', checkNow: '立即检查',
    checkedNow: '已检查 {{n}} 个外部链接，{{broken}} 个无法访问', url: '链接地址', answer: '检查结果', timeout: '超时', articles: '所在稿件',
  },
  kinds: { news: '工作动态', notice: '通知公告', policy: '政策文件', county: '区县动态', other: '其他' },
  flow: { review: '审核后发布', review_sign: '审核后签发' },
  nav: { settings: '网站设置' },
  sites: {
    title: '网站设置', intro: '设置本站及下级站点的名称、域名、主题和页脚（主办单位、ICP备案号、公安备案号、网站标识码、联系方式），维护栏目及其更新要求和审核流程。',
    site: '站点', view: '查看网站', settings: '基本信息', save: '保存', saved: '已保存', name: '网站名称', nameEn: '英文名称', host: '绑定域名', hostHelp: '按域名访问 /portal 时显示本站',
    theme: '主题', colour: '主题色', colourHelp: '与白色文字对比度不足 4.5:1 时网站使用默认色', colourFormat: '请填写 #rrggbb 格式的颜色', logoText: '标志文字（最多8字）', banner: '横幅标语',
    footer: '页脚', sponsor: '主办单位', siteCode: '网站标识码', siteCodeFormat: '网站标识码为 10 位数字', siteCodeHelp: '10 位数字', icp: 'ICP 备案号', psb: '公安备案号', address: '联系地址', phone: '联系电话', email: '电子邮箱',
    columns: '栏目', newColumn: '新增栏目', editColumn: '修改', columnName: '栏目名称', slug: '栏目路径', slugHelp: '小写字母开头，可含数字和连字符', parent: '上级栏目',
    kind: '栏目类型', reviewFlow: '审核流程', quotaHelp: '动态栏目超过14天未更新为不合格；不定期栏目不考核', flags: '属性', acceptsPushes: '接收报送', inNav: '显示在导航', sort: '排序', actions: '操作',
  },
  yearly: {
    title: '政府网站工作年度报表', intro: '按政府网站年度报表格式，从平台自身数据统计本站当年数据。“平台未记录”的项目需人工填报，“口径待确认”的项目请核对后再公开。',
    year: '年度', excel: '下载 Excel', pdf: '生成 PDF', pdfIssued: '已生成，文号 {{docNo}}', section: '类别', item: '指标', value: '数值', note: '说明', unrecorded: '平台未记录', unconfirmed: '口径待确认',
  },
};
