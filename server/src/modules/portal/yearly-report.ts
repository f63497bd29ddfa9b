/**
 * 政府网站工作年度报表 (the yearly report every government website publishes by 31 January, the
 * form of 国办发〔2017〕47号 政府网站发展指引 and its yearly 报表 template): one site's figures of a
 * calendar year from the platform's own data. Rows the platform does not record are given as
 * null with `unrecorded: true` (visits, 专栏专题, 办事服务, 在线访谈, 新媒体); rows counted here in a
 * way the template does not define exactly are `unconfirmed: true` (解读 by title, security
 * checks as site-health runs) — the site's staff check them before publishing the report.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { invalid } from '../../platform/http/errors.ts';

export interface YearlyRow { section: string; key: string; label: string; value: string | number | null; unrecorded?: boolean; unconfirmed?: boolean }

export interface InteractionFigures {
  letters: { received: number; answered: number; published: number; averageReplyDays: number | null };
  surveys: { held: number; votes: number; closed: number };
  directoryPublished: number;
}

export type InteractionSource = (trx: Tx, underPath: string, year: number) => Promise<InteractionFigures>;

export function checkYear(year: number, now = new Date()): void {
  const thisYear = Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
  if (!Number.isInteger(year) || year < 2017 || year > thisYear) throw invalid('year', `a year from 2017 to ${thisYear}`);
}

export async function yearlyReport(trx: Tx, siteId: number, year: number, opts: { interaction?: InteractionSource | undefined; origin: string; now?: Date }) {
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
  const f = site.footer as { sponsor?: string; icp?: string; psb?: string; siteCode?: string };
  const home = site.host ? `https://${site.host}/` : `${opts.origin}/site/${site.code}`;
  const rows: YearlyRow[] = [
    { section: '基本信息', key: 'name', label: '网站名称', value: site.name },
    { section: '基本信息', key: 'url', label: '首页网址', value: home },
    { section: '基本信息', key: 'sponsor', label: '主办单位', value: f.sponsor ?? null },
    { section: '基本信息', key: 'siteCode', label: '政府网站标识码', value: f.siteCode ?? null },
    { section: '基本信息', key: 'icp', label: 'ICP备案号', value: f.icp ?? null },
    { section: '基本信息', key: 'psb', label: '公安机关备案号', value: f.psb ?? null },
    { section: '访问量', key: 'visitors', label: '独立用户访问总量（个）', value: null, unrecorded: true },
    { section: '访问量', key: 'visits', label: '网站总访问量（次）', value: null, unrecorded: true },
    { section: '信息发布（条）', key: 'published', label: '总数', value: total },
    { section: '信息发布（条）', key: 'news', label: '政务动态信息更新量（工作动态、通知公告、区县动态）', value: kind('news') + kind('notice') + kind('county') },
    { section: '信息发布（条）', key: 'policy', label: '政策文件', value: kind('policy') },
    { section: '信息发布（条）', key: 'other', label: '其他栏目', value: kind('other') },
    { section: '信息发布（条）', key: 'pushedIn', label: '其中：下级网站报送（转载）', value: byKind.reduce((s, r) => s + r.pushed, 0) },
    { section: '信息发布（条）', key: 'directory', label: '信息公开目录信息更新量', value: inter ? inter.directoryPublished : null, ...(inter ? {} : { unrecorded: true }) },
    { section: '栏目', key: 'columns', label: '栏目数量（其中动态栏目）', value: `${columns.n}（${columns.dynamic}）` },
    { section: '专栏专题（个）', key: 'topics', label: '维护数量 / 新开设数量', value: null, unrecorded: true },
    { section: '解读回应（条）', key: 'readings', label: '解读信息发布（标题含“解读”的稿件）', value: byKind.reduce((s, r) => s + r.readings, 0), unconfirmed: true },
    { section: '办事服务', key: 'services', label: '政务服务事项数量、办件量', value: null, unrecorded: true },
    { section: '互动交流', key: 'lettersReceived', label: '收到留言数量（局长信箱、咨询）', value: inter?.letters.received ?? null, ...(inter ? {} : { unrecorded: true }) },
    { section: '互动交流', key: 'lettersAnswered', label: '办结留言数量', value: inter?.letters.answered ?? null, ...(inter ? {} : { unrecorded: true }) },
    { section: '互动交流', key: 'replyDays', label: '平均办理时间（天）', value: inter?.letters.averageReplyDays ?? null, ...(inter ? {} : { unrecorded: true }) },
    { section: '互动交流', key: 'lettersPublished', label: '公开答复数量', value: inter?.letters.published ?? null, ...(inter ? {} : { unrecorded: true }) },
    { section: '互动交流', key: 'surveys', label: '征集调查期数', value: inter?.surveys.held ?? null, ...(inter ? {} : { unrecorded: true }) },
    { section: '互动交流', key: 'surveyVotes', label: '收到意见数量（投票）', value: inter?.surveys.votes ?? null, ...(inter ? {} : { unrecorded: true }) },
    { section: '互动交流', key: 'surveysClosed', label: '公布调查结果期数（已结束）', value: inter?.surveys.closed ?? null, ...(inter ? {} : { unrecorded: true }), unconfirmed: true },
    { section: '互动交流', key: 'interviews', label: '在线访谈', value: null, unrecorded: true },
    { section: '站内搜索', key: 'searchDocs', label: '可检索的公开文档数量（当前）', value: docs.n },
    { section: '安全防护', key: 'linkChecks', label: '外部链接检查（最近一次：检查数 / 无法访问）', value: links.on ? `${links.on}：${links.n} / ${links.broken}` : null, unconfirmed: true },
    { section: '安全防护', key: 'securityChecks', label: '安全检测评估次数、发现问题数量、问题整改数量', value: null, unrecorded: true },
    { section: '创新发展', key: 'features', label: '搜索即服务、多语言版本、无障碍浏览', value: '站内全文检索；中文、英文；适老化模式' },
  ];
  return { year, site: { id: site.id, code: site.code, name: site.name }, rows };
}
