/** Chinese strings of the geological hazards module (default language). en-US.ts has exactly the same keys. */
const zhCN = {
  nav: { group: '地质灾害防治', sites: '隐患点台账', monitoring: '监测与报警', warnings: '气象风险预警' },
  types: { landslide: '滑坡', collapse: '崩塌', debris_flow: '泥石流', ground_collapse: '地面塌陷', ground_fissure: '地裂缝', ground_subsidence: '地面沉降', unstable_slope: '不稳定斜坡' },
  scales: { small: '小型', medium: '中型', large: '大型', huge: '特大型' },
  stabilities: { stable: '稳定', basically_stable: '基本稳定', unstable: '不稳定' },
  risks: { low: '低', medium: '中', high: '高', very_high: '极高' },
  roles: { monitor: '监测员', village: '村级责任人', township: '乡镇责任人' },
  statuses: { registered: '在册', cancelled: '已核销' },
  levels: { '1': '一级（红色）', '2': '二级（橙色）', '3': '三级（黄色）', '4': '四级（蓝色）' },
  sites: {
    title: '地质灾害隐患点台账', siteNo: '编号', name: '名称', type: '类型', township: '乡镇', scale: '规模', stability: '稳定性', threatened: '威胁户/人',
    risk: '险情等级', status: '状态', open: '详情', location: '位置', coordinates: '坐标', property: '威胁财产（万元）', measures: '防治措施',
    route: '撤离路线', shelter: '避险场所', signal: '预警信号', roster: '群测群防人员', households: '受威胁户', history: '变更历史', phone: '电话',
    head: '户主', members: '人数', address: '住址', version: '版本', change: '变更', fields: '变更字段', at: '时间',
    cards: '两卡一表', workCard: '防灾工作明白卡', plan: '防御预案表', avoidCard: '防灾避险明白卡', changes: { registered: '登记', updated: '变更', cancelled: '核销', restored: '恢复' },
    map: '查看地图', noData: '暂无隐患点', role: '职责',
  },
  monitoring: {
    title: '监测与报警', datastreams: '监测数据流', device: '设备', stream: '数据流', last: '最新值', lastTime: '最新时间', thresholds: '阈值（蓝/黄/橙/红）',
    chart: '近48小时', alarms: '监测报警', site: '隐患点', metric: '指标', severity: '级别', value: '当前值', raisedAt: '触发时间', ack: '确认', acked: '已确认',
    active: '报警中', cleared: '已解除', acknowledged: '报警已确认', metrics: { value: '当前值', sum_1h: '1小时累计', sum_24h: '24小时累计', rate_24h: '24小时变化量' },
    chartLabel: '{{name}}近48小时观测曲线，最大值 {{max}}{{unit}}',
  },
  warnings: {
    title: '地质灾害气象风险预警', draft: '拟稿', headline: '标题', level: '预警级别', area: '预警区域', areaDesc: '区域描述', townships: '乡镇代码（逗号分隔）',
    validFrom: '起始时间', validTo: '结束时间', advice: '防御指南', drill: '演练', cosignOrg: '会签单位', submit: '提交草稿', status: '状态',
    statuses: { draft: '草稿', cosigned: '已会签', published: '已发布', cancelled: '已解除' }, cosign: '会签', publish: '签发', board: '签收看板',
    drafted: '草稿已保存，待气象部门会签', cosigned: '已会签', published: '已签发，已通知 {{n}} 人', total: '应签收', acknowledged: '已签收',
    recipient: '人员', sentAt: '发送时间', ackedAt: '签收时间', pending: '未签收', escalated: '已督办（第{{step}}级）', cap: 'CAP 文件', validity: '有效期',
  },
  public: {
    title: '地质灾害气象风险预警', intro: '三级（黄色）及以上预警在此公开，同时以 CAP 1.2 格式发布（订阅源 /cap/feed.atom），供应急广播等系统接收。',
    none: '当前没有生效的预警。', feed: 'CAP 订阅源', ackTitle: '预警签收', acking: '正在签收…', acked: '已签收：{{site}}（预警 {{no}}）', already: '此前已签收：{{site}}（预警 {{no}}）',
  },
};
export default zhCN;
