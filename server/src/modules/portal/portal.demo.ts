/**
 * Demo website group (DEMO=true, first start): 贵州省自然资源厅 (top site), 遵义市, and the
 * 播州区 and 汇川区 sites under it, each with its theme, footer and columns, and a few published
 * articles (indexed for search). 播州区's 通知公告 was last updated 20 days ago, so the health check
 * shows a failing 动态 column; 汇川区's 政策文件 is empty. Written with the migration role.
 */
import type { Db } from '../../platform/db/database.ts';
import { divisionPath } from '../../platform/orgs/index.ts';
import { htmlToText } from './sanitize.ts';
import { indexPublicDocument } from './search.service.ts';
import { articlePath } from './articles.service.ts';
import type { ColumnKind, UpdateQuota } from './portal.tables.ts';

interface DemoSite { code: string; name: string; nameEn: string; colour: string; logo: string; sponsor: string; siteCode: string; icp: string; psb: string; phone: string; address: string }

const SITES: DemoSite[] = [
  { code: '520000', name: '贵州省自然资源厅', nameEn: 'Department of Natural Resources of Guizhou Province', colour: '#8c1c13', logo: '黔', sponsor: '贵州省自然资源厅', siteCode: '5200000012', icp: '黔ICP备05000001号', psb: '贵公网安备 52010202000001号', phone: '0851-85000000', address: '贵州省贵阳市观山湖区' },
  { code: '520300', name: '遵义市自然资源局', nameEn: 'Zunyi Municipal Bureau of Natural Resources', colour: '#0b4f8a', logo: '遵', sponsor: '遵义市自然资源局', siteCode: '5203000021', icp: '黔ICP备05000002号', psb: '贵公网安备 52030202000002号', phone: '0851-28000000', address: '贵州省遵义市汇川区' },
  { code: '520304', name: '遵义市播州区自然资源局', nameEn: 'Bozhou District Bureau of Natural Resources', colour: '#1d5e3a', logo: '播', sponsor: '遵义市播州区自然资源局', siteCode: '5203040031', icp: '黔ICP备05000003号', psb: '贵公网安备 52030402000003号', phone: '0851-27200000', address: '贵州省遵义市播州区' },
  { code: '520303', name: '遵义市汇川区自然资源局', nameEn: 'Huichuan District Bureau of Natural Resources', colour: '#5b2a86', logo: '汇', sponsor: '遵义市汇川区自然资源局', siteCode: '5203030041', icp: '黔ICP备05000004号', psb: '贵公网安备 52030302000004号', phone: '0851-28600000', address: '贵州省遵义市汇川区' },
];

const COLUMNS: { slug: string; name: string; nameEn: string; kind: ColumnKind; quota: UpdateQuota; upper?: boolean }[] = [
  { slug: 'news', name: '工作动态', nameEn: 'News', kind: 'news', quota: 'dynamic' },
  { slug: 'notice', name: '通知公告', nameEn: 'Notices', kind: 'notice', quota: 'dynamic' },
  { slug: 'policy', name: '政策文件', nameEn: 'Policies', kind: 'policy', quota: 'irregular' },
  { slug: 'county', name: '区县动态', nameEn: 'From the counties', kind: 'county', quota: 'irregular', upper: true },
];

const ARTICLES: Record<string, { col: string; title: string; body: string; daysAgo: number; source?: string }[]> = {
  '520000': [
    { col: 'news', title: '全省自然资源系统推进耕地保护“田长制”工作会议召开', body: '<p>会议总结了全省耕地保护工作，部署了“田长制”落实、卫片执法和违法用地整治等重点任务。</p>', daysAgo: 2 },
    { col: 'notice', title: '关于开展2026年度地质灾害汛前排查的通知', body: '<p>各市（州）自然资源局：请于汛期前完成辖区地质灾害隐患点排查，落实群测群防人员。</p>', daysAgo: 5 },
    { col: 'policy', title: '贵州省国有建设用地使用权出让管理办法', body: '<p>为规范国有建设用地使用权出让，根据《中华人民共和国土地管理法》等法律法规，制定本办法。</p>', daysAgo: 40 },
  ],
  '520300': [
    { col: 'news', title: '遵义市召开国土空间规划“一张图”建设推进会', body: '<p>会议要求各区（县）加快国土空间规划“一张图”实施监督信息系统建设。</p>', daysAgo: 3 },
    { col: 'notice', title: '遵义市2026年第四批次国有建设用地使用权网上挂牌出让公告', body: '<p>经遵义市人民政府批准，遵义市自然资源局决定以网上挂牌方式出让三宗国有建设用地使用权。</p>', daysAgo: 6 },
  ],
  '520304': [
    { col: 'news', title: '播州区开展地质灾害应急演练', body: '<p>12月1日，播州区在鸭溪镇开展地质灾害应急避险演练，三百余名群众参加。</p>', daysAgo: 4 },
    { col: 'news', title: '播州区完成农村宅基地审批“一站式”办理改革', body: '<p>群众申请宅基地，在乡镇国土资源所“一窗受理”，办理时限压缩至十五个工作日。</p>', daysAgo: 9 },
    { col: 'notice', title: '播州区三岔镇集体土地征收预公告', body: '<p>因建设需要，拟征收三岔镇部分集体土地，现予预公告。</p>', daysAgo: 20 },
    { col: 'policy', title: '播州区农村宅基地管理实施细则', body: '<p>为加强农村宅基地管理，保障农民合法权益，制定本细则。</p>', daysAgo: 60 },
  ],
  '520303': [
    { col: 'news', title: '汇川区推进城镇低效用地再开发', body: '<p>汇川区梳理低效用地图斑，推进盘活存量建设用地。</p>', daysAgo: 1 },
    { col: 'notice', title: '汇川区2026年度土地征收成片开发方案公示', body: '<p>根据《土地征收成片开发标准》，现将方案予以公示。</p>', daysAgo: 8 },
  ],
};

export async function seedDemoPortal(db: Db): Promise<void> {
  const ids = new Map<string, number>();
  const now = Date.now();
  for (const s of SITES) {
    const parent = s.code === '520000' ? null : s.code === '520300' ? ids.get('520000')! : ids.get('520300')!;
    const site = await db.insertInto('portal.sites').values({
      code: s.code, orgPath: divisionPath(s.code), parentId: parent, name: s.name, nameEn: s.nameEn, host: null,
      theme: JSON.stringify({ primaryColor: s.colour, logoText: s.logo }),
      footer: JSON.stringify({ sponsor: s.sponsor, icp: s.icp, psb: s.psb, siteCode: s.siteCode, phone: s.phone, address: s.address }),
    }).returning(['id', 'orgPath']).executeTakeFirstOrThrow();
    ids.set(s.code, site.id);
    const cols = new Map<string, number>();
    for (const [i, c] of COLUMNS.entries()) {
      const county = s.code.endsWith('00') ? true : !c.upper;
      if (!county) continue;
      const col = await db.insertInto('portal.columns').values({
        siteId: site.id, orgPath: site.orgPath, parentId: null, slug: c.slug, name: c.name, nameEn: c.nameEn, kind: c.kind, updateQuota: c.quota,
        reviewFlow: c.kind === 'policy' ? 'review_sign' : 'review', acceptsPushes: c.kind === 'county', inNav: true, sort: i * 10,
      }).returning('id').executeTakeFirstOrThrow();
      cols.set(c.slug, col.id);
    }
    for (const a of ARTICLES[s.code] ?? []) {
      const at = new Date(now - a.daysAgo * 86_400_000);
      const row = await db.insertInto('portal.articles').values({
        siteId: site.id, columnId: cols.get(a.col)!, orgPath: site.orgPath, title: a.title, summary: htmlToText(a.body).slice(0, 60), source: a.source ?? s.name,
        author: '', bodyHtml: a.body, bodyText: htmlToText(a.body), media: '[]', status: 'published', publishAt: null, expireAt: null, publishedAt: at, createdBy: null,
      }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('portal.article_versions').values({ articleId: row.id, orgPath: site.orgPath, version: 1, title: a.title, bodyHtml: a.body, data: '{}', createdBy: null }).execute();
      await db.insertInto('portal.article_events').values({ articleId: row.id, orgPath: site.orgPath, kind: 'published', actorId: null, actorName: '演示数据', reason: null, at }).execute();
      await indexPublicDocument(db, {
        sourceKind: 'article', sourceId: String(row.id), divisionCode: s.code, title: a.title, text: htmlToText(a.body), url: articlePath(s.code, row.id), publishedAt: at.toISOString(),
      }, { siteId: site.id, columnId: cols.get(a.col)! });
    }
  }
}
