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
  },
};
