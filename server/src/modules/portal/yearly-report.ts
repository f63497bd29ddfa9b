/**
 * 政府网站工作年度报表 (the yearly report every government website publishes by 31 January, the
 * form of 国办发〔2017〕47号 政府网站发展指引 and its yearly 报表 template): one site's figures of a
 * calendar year from the platform's own data. Rows the platform does not record are given as
 * null with `unrecorded: true` (visits, 专栏专题, 注册用户, 在线访谈, 新媒体); rows counted here in a
 * way the template does not define exactly are `unconfirmed: true` (解读 by title, security
 * checks as site-health runs) — the site's staff check them before publishing the report.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import type { DocumentBody, DocumentService } from '../../platform/documents/index.ts';

export interface YearlyRow { section: string; key: string; label: string; value: string | number | null; unrecorded?: boolean; unconfirmed?: boolean; /** How the platform counts the row (printed in the 说明 column). */ note?: string }

export interface InteractionFigures {
  letters: { received: number; answered: number; published: number; averageReplyDays: number | null };
  surveys: { held: number; votes: number; closed: number };
  directoryPublished: number;
}

export type InteractionSource = (trx: Tx, underPath: string, year: number) => Promise<InteractionFigures>;

/** 办事服务 figures from the approvals module (its index.ts `websiteServiceFigures`, wired in app.ts). */
export interface ServiceFigures {
  matters: number;
  /** Active matters whose current version needs no visit to the hall (到现场次数 0). */
  mattersOnline: number;
  cases: { total: number; person: number; company: number };
}

export type ServiceSource = (trx: Tx, underPath: string, year: number) => Promise<ServiceFigures>;

export function checkYear(year: number, now = new Date()): void {
  const thisYear = Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
  if (!Number.isInteger(year) || year < 2017 || year > thisYear) throw invalid('year', `a year from 2017 to ${thisYear}`, `应为2017年至${thisYear}年之间的年份`);
}

export async function yearlyReport(trx: Tx, siteId: number, year: number, opts: { interaction?: InteractionSource | undefined; services?: ServiceSource | undefined; origin: string; now?: Date }) {
  checkYear(year, opts.now);
  const site = await trx.selectFrom('portal.sites').select(['id', 'code', 'name', 'orgPath', 'footer', 'host']).where('id', '=', siteId).executeTakeFirstOrThrow();
  const inYear = sql<boolean>`extract(year from a.published_at at time zone 'Asia/Shanghai') = ${year}`;
  const byKind = await trx.selectFrom('portal.articles as a').innerJoin('portal.columns as c', 'c.id', 'a.columnId')
    .select(['c.kind', sql<number>`count(*)::int`.as('n'), sql<number>`count(*) filter (where a.title like '%解读%')::int`.as('readings'),
      sql<number>`count(*) filter (where a.origin_article_id is not null)::int`.as('pushed')])
    .where('a.siteId', '=', siteId).where('a.publishedAt', 'is not', null).where(inYear).groupBy('c.kind').execute();
  const kind = (k: string) => byKind.find((r) => r.kind === k)?.n ?? 0;
  const total = byKind.reduce((s, r) => s + r.n, 0);
  const columns = await trx.selectFrom('portal.columns').select([sql<number>`count(*)::int`.as('n'), sql<number>`count(*) filter (where update_quota = 'dynamic')::int`.as('dynamic')]).where('siteId', '=', siteId).executeTakeFirstOrThrow();
  const docs = await trx.selectFrom('portal.search_docs').select(sql<number>`count(*)::int`.as('n')).where('siteId', '=', siteId).executeTakeFirstOrThrow();
  const links = await trx.selectFrom('portal.link_checks').select([sql<number>`count(*)::int`.as('n'), sql<number>`count(*) filter (where not ok)::int`.as('broken'), sql<string | null>`max(checked_on)::text`.as('on')])
    .where('siteId', '=', siteId).executeTakeFirstOrThrow();
  const inter = opts.interaction ? await opts.interaction(trx, site.orgPath, year) : null;
  const svc = opts.services ? await opts.services(trx, site.orgPath, year) : null;
  const f = site.footer as { sponsor?: string; icp?: string; psb?: string; siteCode?: string; phone?: string };
  const home = site.host ? `https://${site.host}/` : `${opts.origin}/site/${site.code}`;
  const fromInteraction = (v: number | null | undefined): Pick<YearlyRow, 'value' | 'unrecorded'> => (inter ? { value: v ?? null } : { value: null, unrecorded: true });
  const none = { value: null, unrecorded: true } as const;
  const fromServices = (v: number | undefined, note: string): Pick<YearlyRow, 'value' | 'unrecorded' | 'note'> => (svc ? { value: v ?? null, note } : none);
  // The rows and their order are those of the 2019 revised form (国办 政府网站工作年度报表); rows
  // marked 平台细分 are the platform's own breakdowns, not rows of the form.
  const rows: YearlyRow[] = [
    { section: '基本信息', key: 'name', label: '网站名称', value: site.name },
    { section: '基本信息', key: 'url', label: '首页网址', value: home },
    { section: '基本信息', key: 'sponsor', label: '主办单位', value: f.sponsor ?? null },
    // Every site of the group is a natural-resources bureau's own site: a 部门网站 in the 指引's terms.
    { section: '基本信息', key: 'siteType', label: '网站类型', value: '部门网站' },
    { section: '基本信息', key: 'siteCode', label: '政府网站标识码', value: f.siteCode ?? null },
    { section: '基本信息', key: 'icp', label: 'ICP备案号', value: f.icp ?? null },
    { section: '基本信息', key: 'psb', label: '公安机关备案号', value: f.psb ?? null },
    { section: '访问量', key: 'visitors', label: '独立用户访问总量（单位：个）', ...none },
    { section: '访问量', key: 'visits', label: '网站总访问量（单位：次）', ...none },
    { section: '信息发布（单位：条）', key: 'published', label: '总数', value: total + (inter?.directoryPublished ?? 0) },
    { section: '信息发布（单位：条）', key: 'overview', label: '概况类信息更新量', ...none },
    { section: '信息发布（单位：条）', key: 'news', label: '政务动态信息更新量（工作动态、通知公告、区县动态）', value: kind('news') + kind('notice') + kind('county') },
    { section: '信息发布（单位：条）', key: 'directory', label: '信息公开目录信息更新量', ...fromInteraction(inter?.directoryPublished) },
    { section: '信息发布（单位：条）', key: 'policy', label: '平台细分：政策文件栏目', value: kind('policy') },
    { section: '信息发布（单位：条）', key: 'other', label: '平台细分：其他栏目', value: kind('other') },
    { section: '信息发布（单位：条）', key: 'pushedIn', label: '平台细分：其中下级网站报送（转载）', value: byKind.reduce((s, r) => s + r.pushed, 0) },
    { section: '信息发布（单位：条）', key: 'columns', label: '平台细分：栏目数量（其中动态栏目）', value: `${columns.n}（${columns.dynamic}）` },
    { section: '专栏专题（单位：个）', key: 'topics', label: '维护数量', ...none },
    { section: '专栏专题（单位：个）', key: 'topicsNew', label: '新开设数量', ...none },
    { section: '解读回应', key: 'readings', label: '解读信息发布总数（单位：条；标题含“解读”的稿件）', value: byKind.reduce((s, r) => s + r.readings, 0), unconfirmed: true },
    { section: '解读回应', key: 'readingMaterials', label: '其中：解读材料数量（单位：条）', ...none },
    { section: '解读回应', key: 'readingProducts', label: '其中：解读产品数量（单位：个）', ...none },
    { section: '解读回应', key: 'mediaComments', label: '其中：媒体评论文章数量（单位：篇）', ...none },
    { section: '解读回应', key: 'responses', label: '回应公众关注热点或重大舆情数量（单位：次）', ...none },
    { section: '办事服务', key: 'serviceCatalogue', label: '是否发布服务事项目录', value: '是（办事指南）', unconfirmed: true },
    { section: '办事服务', key: 'registeredUsers', label: '注册用户数（单位：个）', ...none },
    // From the approvals module, the bureaus under the site's org unit: matters as the catalogue
    // stands (it keeps no history of activation), cases by the day received in the year.
    { section: '办事服务', key: 'services', label: '政务服务事项数量（单位：项）', ...fromServices(svc?.matters, '目录中启用') },
    { section: '办事服务', key: 'servicesOnline', label: '可全程在线办理政务服务事项数量（单位：项）', ...fromServices(svc?.mattersOnline, '到现场0次') },
    { section: '办事服务', key: 'cases', label: '办件量：总数（单位：件）', ...fromServices(svc?.cases.total, '当年收件') },
    { section: '办事服务', key: 'casesPerson', label: '办件量：自然人办件量（单位：件）', ...fromServices(svc?.cases.person, '申请人自然人') },
    { section: '办事服务', key: 'casesCompany', label: '办件量：法人办件量（单位：件）', ...fromServices(svc?.cases.company, '申请人法人') },
    { section: '互动交流', key: 'unifiedPlatform', label: '是否使用统一平台', value: '是（平台互动交流）' },
    { section: '互动交流', key: 'lettersReceived', label: '留言办理：收到留言数量（单位：条）', ...fromInteraction(inter?.letters.received) },
    { section: '互动交流', key: 'lettersAnswered', label: '留言办理：办结留言数量（单位：条）', ...fromInteraction(inter?.letters.answered) },
    { section: '互动交流', key: 'replyDays', label: '留言办理：平均办理时间（单位：天）', ...fromInteraction(inter?.letters.averageReplyDays) },
    { section: '互动交流', key: 'lettersPublished', label: '留言办理：公开答复数量（单位：条）', ...fromInteraction(inter?.letters.published) },
    { section: '互动交流', key: 'surveys', label: '征集调查：征集调查期数（单位：期）', ...fromInteraction(inter?.surveys.held) },
    { section: '互动交流', key: 'surveyVotes', label: '征集调查：收到意见数量（单位：条；投票）', ...fromInteraction(inter?.surveys.votes), unconfirmed: true },
    { section: '互动交流', key: 'surveysClosed', label: '征集调查：公布调查结果期数（单位：期；已结束）', ...fromInteraction(inter?.surveys.closed), unconfirmed: true },
    { section: '互动交流', key: 'interviews', label: '在线访谈：访谈期数（单位：期）', ...none },
    { section: '互动交流', key: 'interviewMessages', label: '在线访谈：网民留言数量（单位：条）', ...none },
    { section: '互动交流', key: 'interviewAnswers', label: '在线访谈：答复网民提问数量（单位：条）', ...none },
    { section: '互动交流', key: 'smartQa', label: '是否提供智能问答', value: '否' },
    { section: '安全防护', key: 'securityChecks', label: '安全检测评估次数（单位：次）', ...none },
    { section: '安全防护', key: 'securityFindings', label: '发现问题数量（单位：个）', ...none },
    { section: '安全防护', key: 'securityFixed', label: '问题整改数量（单位：个）', ...none },
    { section: '安全防护', key: 'monitoring', label: '是否建立安全监测预警机制', ...none },
    { section: '安全防护', key: 'drills', label: '是否开展应急演练', ...none },
    { section: '安全防护', key: 'securityOfficer', label: '是否明确网站安全责任人', ...none },
    { section: '安全防护', key: 'linkChecks', label: '平台细分：外部链接检查（最近一次：检查数 / 无法访问）', value: links.on ? `${links.on}：${links.n} / ${links.broken}` : null, unconfirmed: true },
    { section: '移动新媒体', key: 'newMedia', label: '是否有移动新媒体（微博、微信及其他：名称、信息发布量、关注量）', ...none },
    { section: '创新发展', key: 'searchService', label: '搜索即服务', value: '是（站内全文检索，按站点、栏目、日期筛选）' },
    { section: '创新发展', key: 'languages', label: '多语言版本', value: '是（中文、英文）' },
    { section: '创新发展', key: 'accessibility', label: '无障碍浏览', value: '是（无障碍设计、适老化长者模式）' },
    { section: '创新发展', key: 'personalised', label: '千人千网', value: '否' },
    { section: '创新发展', key: 'searchDocs', label: '平台细分：可检索的公开文档数量（当前）', value: docs.n },
    { section: '填报信息', key: 'contactPhone', label: '联系电话', value: f.phone ?? null },
    { section: '填报信息', key: 'signatories', label: '单位负责人、审核人、填报人', ...none },
  ];
  return { year, site: { id: site.id, code: site.code, name: site.name }, rows };
}

export type YearlyReport = Awaited<ReturnType<typeof yearlyReport>>;

/** The note printed beside a row the platform cannot fill, or counts in its own way. */
export const rowNote = (r: YearlyRow) => (r.unrecorded ? '平台未记录，请人工填报' : [r.note, r.unconfirmed ? '口径待确认' : ''].filter(Boolean).join('；'));

/** The report as a document body for platform/documents (kind `portal_yearly_report`, A4 PDF with the embedded Chinese font). */
export function yearlyReportBody(report: YearlyReport, issuedOn: string): DocumentBody {
  const basic = report.rows.filter((r) => r.section === '基本信息');
  const unrecorded = report.rows.filter((r) => r.unrecorded).length;
  return {
    paragraphs: [
      `本报表按照《政府网站发展指引》（国办发〔2017〕47号）政府网站工作年度报表的格式编制，数据取自本平台的网站群、政务公开、互动交流和网上审批记录，统计期限为${report.year}年1月1日至${report.year}年12月31日，截至${issuedOn}。`,
      `标注“平台未记录”的${unrecorded}项由网站主办单位人工填报；标注“口径待确认”的项目请核对后公开。`,
    ],
    fields: basic.map((r) => ({ label: r.label, value: r.value === null ? '平台未记录' : String(r.value) })),
    table: {
      caption: `${report.site.name} ${report.year}年度政府网站工作年度报表`, columns: ['类别', '指标', '数值', '说明'], widths: [2.6, 5, 2.6, 2],
      rows: report.rows.filter((r) => r.section !== '基本信息').map((r) => [r.section, r.label, r.value === null ? '—' : String(r.value), rowNote(r)]),
    },
    closing: ['本报表于每年1月31日前在网站公开，并报上级政府办公厅（室）。'],
    legalNotice: [],
  };
}

/**
 * Issues the report as a PDF through platform/documents (numbered, QR-verifiable), in the
 * caller's transaction; a report of the same site and year issued before is superseded.
 */
export async function issueYearlyReport(trx: Tx, actor: ActingUser, documents: DocumentService, report: YearlyReport, now = new Date()) {
  if (actor.orgUnitId === null) throw new AppError('access.forbidden', 'a staff post of a bureau is needed to issue a report');
  const subject = { type: 'portal.yearly_report', id: `${report.site.id}-${report.year}` };
  const earlier = (await documents.listForSubject(trx, subject)).find((d) => d.status === 'valid');
  const issuedOn = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return documents.issue(trx, actor, {
    kind: 'portal_yearly_report', title: `${report.year}年政府网站工作年度报表`, orgUnitId: actor.orgUnitId, subject,
    body: yearlyReportBody(report, issuedOn), issuedAt: now, ...(earlier ? { supersedes: earlier.id } : {}),
  });
}
