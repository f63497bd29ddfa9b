/**
 * The permission catalogue (`module.resource.action`) and the built-in roles. Modules add
 * their permissions here, one line each with the Chinese name shown in the role editor.
 * The security admin can create further roles from these permissions in the web app.
 */

export const PERMISSIONS = {
  // platform — 系统管理员 (accounts, org units)
  'platform.user.read': '查看用户',
  'platform.user.manage': '管理用户账号',
  'platform.post.manage': '分配岗位',
  'platform.org_unit.manage': '管理机构',
  'platform.sms_outbox.read': '查看短信发送记录',
  // platform — 安全管理员 (roles, policies, calendar)
  'platform.role.manage': '管理角色与权限',
  'platform.policy.manage': '管理安全策略',
  'platform.calendar.manage': '维护工作日历',
  'platform.certificate.manage': '管理数字证书（签发、吊销、登录方式）',
  // platform — 审计管理员
  'platform.audit.read': '查看审计日志',
  'platform.audit.verify': '校验审计日志',
  // every staff member
  'platform.workbench.view': '使用工作台',
  'platform.file.upload': '上传文件',
  // approvals — 网上审批
  'approvals.case.read': '查看办件',
  'approvals.case.accept': '受理办件（受理、补正告知、不予受理、窗口收件）',
  'approvals.case.review': '审查办件（审查意见、暂停计时、申请延期）',
  'approvals.case.decide': '审批决定',
  'approvals.case.complete': '办结送达',
  'approvals.extension.approve': '批准延期',
  'approvals.applicant_id.read': '查看申请人完整证件号码',
  'approvals.matter.manage': '维护事项目录',
  'approvals.settings.manage': '维护审批参数',
  'approvals.supervision.read': '电子监察（查看预警）',
  'approvals.supervision.urge': '督办',
  'approvals.rating.read': '查看评价',
  'approvals.rectification.manage': '差评整改',
  'approvals.statistics.read': '审批统计',
  // map — 一张图
  'map.layer.read': '查看内部图层',
  'map.feature.edit': '编辑图层要素',
  'map.layer.manage': '管理图层目录',
  'map.overlay.run': '叠加分析（压覆分析）',
  // tipoffs — 12336 违法线索
  'tipoffs.report.read': '查看举报台账',
  'tipoffs.report.create': '登记举报（12336电话、信件、邮件、领导批办、下级上报）',
  'tipoffs.report.triage': '判定举报（受理、不予受理、合并重复件）',
  'tipoffs.report.assign': '转办、交办举报',
  'tipoffs.report.handle': '核查处置举报（核查、处置、证据、反馈）',
  'tipoffs.report.close': '举报销号',
  'tipoffs.reporter.read': '查看举报人信息（留痕）',
  'tipoffs.trends.read': '举报趋势分析',
  'tipoffs.settings.manage': '维护举报办理参数',
  'tipoffs.apikey.manage': '管理 Open311 接口密钥',
  // transparency — 阳光日志
  'transparency.checkpoint.issue': '签发日志检查点',
  // selection — 中介机构随机抽取
  'selection.agency.read': '查看中介机构名录',
  'selection.agency.manage': '维护中介机构名录（资质、状态、回避、评价）',
  'selection.draw.read': '查看随机抽取',
  'selection.draw.run': '组织随机抽取（冻结候选库、抽取、确认）',
  // field — 外业核查 (the platform's demo form; module forms bring their own permission)
  'field.demo_site.inspect': '外业核查：示范核查点',
  // patches — 卫片执法
  'patches.patch.read': '查看卫片监测批次与图斑',
  'patches.batch.import': '创建监测批次、导入图斑',
  'patches.verdict.propose': '图斑判定与上报（县级内业套合）',
  'patches.verdict.review': '审核图斑判定（市级、省级：退回、通过、移送）',
  'patches.verdict.change': '变更已审核通过（锁定）的图斑判定',
  'patches.rectification.manage': '登记违法图斑整改情况',
  'patches.field.record': '外业核查（下载图斑、提交核查记录）',
  'patches.figures.read': '查看卫片执法统计（15%问责比例、按期完成率、整改率）',
  // enforcement — 执法监察 行政处罚案件
  'enforcement.case.read': '查看执法案件',
  'enforcement.case.investigate': '办理执法案件（立案呈批、调查取证、告知、执行记录）',
  'enforcement.case.review': '案件审理（法制审核）',
  'enforcement.case.decide': '执法案件审批（立案、不予立案、移送、处罚决定、结案）',
  'enforcement.statistics.read': '执法案件统计',
  'enforcement.settings.manage': '维护执法办案参数与裁量基准',
  // trading — 网上招拍挂
  'trading.lot.read': '查看出让宗地与竞价监控（不含竞买人身份）',
  'trading.lot.manage': '编制出让宗地与公告',
  'trading.lot.approve': '审核发布出让公告',
  'trading.reserve.enter': '录入底价',
  'trading.reserve.witness': '监督底价录入',
  // statistics — 统计直报
  'statistics.report.read': '查看统计报表、汇总和报送情况（本级及下级）',
  'statistics.report.fill': '填报、导入、上报本单位统计报表',
  'statistics.report.review': '审核下级统计报表（通过、退回、重新开放）',
  'statistics.form.manage': '维护统计报表表式、报送单位',
  // hazards — 地质灾害防治
  'hazards.site.read': '查看地质灾害隐患点、监测与报警',
  'hazards.site.manage': '维护隐患点台账（登记、变更、核销、群测群防人员、受威胁户）',
  'hazards.device.manage': '管理监测设备与预警阈值',
  'hazards.alarm.ack': '确认监测报警',
  'hazards.warning.draft': '拟稿气象风险预警、查看签收看板',
  'hazards.warning.cosign': '会签气象风险预警（气象部门）',
  'hazards.warning.publish': '签发气象风险预警',
  // openness — 政务公开、互动交流
  'openness.entry.edit': '编辑政府信息公开目录条目（拟稿、送审、撤回申请）',
  'openness.entry.review': '审核发布政府信息公开条目（审核、签发、撤回）、签发年度报告',
  'openness.letter.reply': '办理局长信箱、咨询来信（答复）',
  'openness.letter.publish': '公开来信及答复（隐去个人信息）',
  'openness.survey.manage': '管理网上调查',
  // township — 乡镇工作台与网上督察
  'township.entry.file': '乡镇填报：日常巡查发现、土地利用变化（本乡镇）',
  'township.notice.read': '阅读通知公告（乡镇阅知回执；县局查看阅读情况）',
  'township.notice.publish': '发布通知（县局向乡镇下发；乡镇发布本所通知）',
  'township.message.ask': '向县局咨询（站内信）',
  'township.message.answer': '答复乡镇咨询（县局）',
  'township.supervision.read': '网上督察：乡镇工作情况、年度考核排名、导出',
  // exchange — 内外网数据交换
  'exchange.package.manage': '内外网数据交换（导出、导入交换包，查看交换记录）',
  // portal — 门户网站、网站群
  'portal.article.edit': '网站编辑（撰写、修改、送审稿件，上传图片与附件）',
  'portal.article.review': '网站审核（审核通过即发布、退回、撤稿、报送上级网站）',
  'portal.article.sign': '网站签发（需单独签发的栏目）',
  'portal.site.manage': '网站设置（主题、栏目、导航、页脚）',
  'portal.health.read': '网站普查（栏目更新、链接、必填项）',
  'hazards.inspection.record': '地质灾害隐患点巡查排查（外业 App 填报）',
} as const;

export type Permission = keyof typeof PERMISSIONS;

/** The three separated administrators (三员); no account may hold two of them. */
export type AdminKind = 'sys' | 'sec' | 'audit';

export interface RoleDef {
  code: string;
  name: string;
  nameEn: string;
  adminKind: AdminKind | null;
  permissions: Permission[];
}

const STAFF: Permission[] = ['platform.workbench.view', 'platform.file.upload'];

export const BUILT_IN_ROLES: RoleDef[] = [
  { code: 'sys_admin', name: '系统管理员', nameEn: 'System administrator', adminKind: 'sys',
    permissions: ['platform.workbench.view', 'platform.user.read', 'platform.user.manage', 'platform.post.manage', 'platform.org_unit.manage', 'platform.sms_outbox.read', 'tipoffs.apikey.manage',
      'exchange.package.manage'] },
  { code: 'sec_admin', name: '安全管理员', nameEn: 'Security administrator', adminKind: 'sec',
    permissions: ['platform.workbench.view', 'platform.user.read', 'platform.role.manage', 'platform.policy.manage', 'platform.calendar.manage', 'approvals.matter.manage', 'approvals.settings.manage', 'map.layer.read', 'map.layer.manage', 'tipoffs.settings.manage',
      'enforcement.settings.manage',
      'platform.certificate.manage'] },
  { code: 'audit_admin', name: '审计管理员', nameEn: 'Audit administrator', adminKind: 'audit',
    permissions: ['platform.workbench.view', 'platform.audit.read', 'platform.audit.verify'] },
  { code: 'window_clerk', name: '窗口受理人员', nameEn: 'Window clerk', adminKind: null,
    permissions: [...STAFF, 'approvals.case.read', 'approvals.case.accept', 'approvals.case.complete', 'approvals.applicant_id.read', 'map.layer.read', 'map.overlay.run', 'approvals.statistics.read', 'approvals.rating.read'] },
  { code: 'reviewer', name: '审查人员', nameEn: 'Reviewer', adminKind: null, permissions: [...STAFF, 'approvals.case.read', 'approvals.case.review', 'map.layer.read', 'map.overlay.run',
      'trading.lot.read', 'trading.lot.manage',
      'openness.entry.edit', 'openness.letter.reply', 'openness.survey.manage'] },
  { code: 'leader', name: '审批领导', nameEn: 'Deciding leader', adminKind: null,
    permissions: [...STAFF, 'approvals.case.read', 'approvals.case.decide', 'approvals.case.complete', 'approvals.extension.approve', 'approvals.applicant_id.read', 'map.layer.read', 'map.overlay.run', 'approvals.statistics.read', 'approvals.rating.read', 'approvals.rectification.manage',
      'selection.agency.read', 'selection.agency.manage', 'selection.draw.read', 'selection.draw.run', 'transparency.checkpoint.issue',
      'patches.patch.read', 'patches.verdict.propose', 'patches.figures.read', 'enforcement.case.read', 'enforcement.case.decide', 'enforcement.statistics.read', 'trading.lot.read', 'trading.lot.approve', 'trading.reserve.enter',
      'openness.entry.review', 'openness.letter.reply', 'openness.letter.publish', 'openness.survey.manage', 'enforcement.settings.manage'] },
  { code: 'supervisor', name: '电子监察人员', nameEn: 'Supervisor', adminKind: null,
    permissions: [...STAFF, 'approvals.case.read', 'approvals.supervision.read', 'approvals.supervision.urge', 'map.layer.read', 'approvals.statistics.read', 'approvals.rating.read', 'approvals.rectification.manage', 'tipoffs.report.read', 'tipoffs.trends.read',
      'selection.agency.read', 'selection.draw.read', 'transparency.checkpoint.issue',
      'patches.patch.read', 'patches.batch.import', 'patches.verdict.review', 'patches.verdict.change', 'patches.figures.read', 'enforcement.case.read', 'enforcement.statistics.read', 'trading.lot.read', 'trading.reserve.witness',
      'township.supervision.read'] },
  { code: 'inspector', name: '执法监察人员', nameEn: 'Inspector', adminKind: null, permissions: [...STAFF, 'map.layer.read', 'map.overlay.run', 'map.feature.edit', 'tipoffs.report.read', 'tipoffs.report.handle',
      'patches.patch.read', 'patches.verdict.propose', 'patches.rectification.manage', 'patches.field.record', 'patches.figures.read', 'field.demo_site.inspect', 'enforcement.case.read', 'enforcement.case.investigate'] },
  { code: 'tipoff_intake', name: '12336举报受理员', nameEn: 'Tip-off intake clerk (12336 hotline)', adminKind: null,
    permissions: [...STAFF, 'tipoffs.report.read', 'tipoffs.report.create', 'tipoffs.report.triage', 'tipoffs.report.assign', 'tipoffs.report.close', 'tipoffs.reporter.read', 'tipoffs.trends.read', 'map.layer.read'] },
  { code: 'township_clerk', name: '乡镇信息采集员', nameEn: 'Township clerk', adminKind: null, permissions: [...STAFF,
    // 宅基地审批 is handled at the township land office: intake, site check and review there.
    'approvals.case.read', 'approvals.case.accept', 'approvals.case.review', 'approvals.case.complete', 'map.layer.read', 'map.feature.edit',
      'township.entry.file', 'township.notice.read', 'township.notice.publish', 'township.message.ask'] },
  { code: 'legal_reviewer', name: '法制审核人员', nameEn: 'Legal reviewer', adminKind: null, permissions: [...STAFF, 'approvals.case.read', 'approvals.case.review', 'map.layer.read', 'map.overlay.run',
    'enforcement.case.read', 'enforcement.case.review',
      'enforcement.settings.manage'] },
  { code: 'statistician', name: '统计填报人员', nameEn: 'Statistician (reporting unit)', adminKind: null,
    permissions: [...STAFF, 'statistics.report.read', 'statistics.report.fill'] },
  { code: 'statistics_reviewer', name: '统计审核人员', nameEn: 'Statistics reviewer (level above)', adminKind: null,
    permissions: [...STAFF, 'statistics.report.read', 'statistics.report.review', 'statistics.form.manage'] },
  { code: 'hazard_officer', name: '地质灾害防治人员', nameEn: 'Geological hazard officer', adminKind: null, permissions: [...STAFF,
    'hazards.site.read', 'hazards.site.manage', 'hazards.device.manage', 'hazards.alarm.ack', 'hazards.warning.draft', 'hazards.warning.publish', 'map.layer.read',
      'hazards.inspection.record'] },
  { code: 'weather_cosigner', name: '气象部门会签人员', nameEn: 'Weather bureau co-signer', adminKind: null, permissions: ['platform.workbench.view', 'hazards.warning.cosign'] },
  { code: 'web_editor', name: '网站编辑', nameEn: 'Web editor', adminKind: null, permissions: [...STAFF, 'portal.article.edit', 'portal.health.read'] },
  { code: 'web_reviewer', name: '网站审核人员', nameEn: 'Web reviewer (review, sign-off, site settings)', adminKind: null,
    permissions: [...STAFF, 'portal.article.review', 'portal.article.sign', 'portal.site.manage', 'portal.health.read'] },
  { code: 'township_liaison', name: '乡镇工作联络员（县局）', nameEn: 'Township liaison (county bureau)', adminKind: null, permissions: [...STAFF,
    'township.notice.read', 'township.notice.publish', 'township.message.answer', 'township.supervision.read'] },
];
