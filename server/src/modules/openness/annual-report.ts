/**
 * 政府信息公开工作年度报告 (政府信息公开条例 art. 49–50: each administrative organ publishes its
 * report of the previous year by 31 January). The figures come from the platform's own data:
 * 主动公开 entries published in the year by category, 政府信息公开申请 received and answered by
 * outcome (approvals, through its index.ts), and the letters of 互动交流. Issued once per bureau
 * and year as a PDF through platform/documents (numbered, QR-verifiable) and published.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import type { ActingUser } from '../../platform/http/actor.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { disclosureRequestFigures, type DisclosureRequestFigures } from '../approvals/index.ts';
import { CATEGORIES, CATEGORY_CODES } from './categories.ts';
import { letterFigures } from './letters.ts';
import { bureauOf, chinaDay, nowOf, type OpennessDeps } from './openness.deps.ts';

export interface ReportFigures {
  year: number;
  bureau: { orgUnitId: number; name: string; divisionCode: string };
  proactive: { category: string; name: string; published: number; withdrawn: number }[];
  proactiveTotal: number;
  requests: DisclosureRequestFigures;
  letters: Awaited<ReturnType<typeof letterFigures>>;
}

/** The figures of one bureau's year, computed now in the caller's scope. */
export async function reportFigures(deps: OpennessDeps, trx: Tx, actor: ActingUser, year: number): Promise<ReportFigures> {
  const thisYear = Number(chinaDay(nowOf(deps)).slice(0, 4));
  if (!Number.isInteger(year) || year < 2008 || year > thisYear) throw invalid('year', `a year from 2008 to ${thisYear}`, `应为2008至${thisYear}年之间的年份`);
  const bureau = await bureauOf(deps, trx, actor);
  const { rows } = await sql<{ category: string; published: number; withdrawn: number }>`
    select category, count(*) filter (where extract(year from published_at at time zone 'Asia/Shanghai') = ${year})::int as published,
      count(*) filter (where extract(year from withdrawn_at at time zone 'Asia/Shanghai') = ${year})::int as withdrawn
    from openness.entries where org_unit_id = ${bureau.id} and published_at is not null group by 1`.execute(trx);
  const by = new Map(rows.map((r) => [r.category, r]));
  const proactive = CATEGORY_CODES.map((c) => ({ category: c, name: CATEGORIES[c].zh, published: by.get(c)?.published ?? 0, withdrawn: by.get(c)?.withdrawn ?? 0 }));
  return {
    year, bureau: { orgUnitId: bureau.id, name: bureau.name, divisionCode: bureau.divisionCode },
    proactive, proactiveTotal: proactive.reduce((a, p) => a + p.published, 0),
    requests: await disclosureRequestFigures(trx, { underPath: bureau.path, year }),
    letters: await letterFigures(trx, bureau.path, year),
  };
}

export const reportUrl = (divisionCode: string, year: number) => `/gk/ndbg/${divisionCode}/${year}`;

/** Issues the year's report as a PDF and publishes it; once per bureau and year. */
export async function issueReport(deps: OpennessDeps, trx: Tx, actor: ActingUser, year: number) {
  const f = await reportFigures(deps, trx, actor, year);
  const exists = await trx.selectFrom('openness.annual_reports').select('id').where('orgUnitId', '=', f.bureau.orgUnitId).where('year', '=', year).executeTakeFirst();
  if (exists) throw new AppError('openness.report_exists', `year: the report of ${year} was issued already`, { field: 'year' });
  const r = f.requests;
  const doc = await deps.documents.issue(trx, actor, {
    kind: 'openness_annual_report', title: `${year}年政府信息公开工作年度报告`, orgUnitId: f.bureau.orgUnitId,
    subject: { type: 'openness.annual_report', id: `${f.bureau.orgUnitId}-${year}` },
    issuedAt: nowOf(deps),
    body: {
      paragraphs: [
        `本报告根据《中华人民共和国政府信息公开条例》第四十九条、第五十条编制，数据取自本机关政务服务平台的办理记录，统计期限为${year}年1月1日至${year}年12月31日。`,
        `一、总体情况。本年度主动公开政府信息${f.proactiveTotal}条；新收政府信息公开申请${r.received}件，上年结转${r.carriedOver}件；收到局长信箱及咨询来信${f.letters.received}件，答复${f.letters.answered}件。`,
        '主动公开、依申请公开和互动交流的分项数据见下表。',
      ],
      table: { caption: '二、主动公开政府信息情况', columns: ['类别', '本年公开（条）', '本年撤回（条）'], widths: [3, 2, 2],
        rows: f.proactive.map((p) => [p.name, String(p.published), String(p.withdrawn)]) },
      tables: [
        { caption: '三、收到和处理政府信息公开申请情况', columns: ['项目', '数量（件）'], widths: [4, 2], rows: [
          ['本年新收政府信息公开申请', String(r.received)], ['上年结转', String(r.carriedOver)],
          ['予以公开', String(r.granted)], ['不予公开', String(r.denied)], ['不予受理（不属于本机关职权范围等）', String(r.refused)],
          ['申请人撤回', String(r.withdrawn)], ['结转下年度继续办理', String(r.pending)],
        ] },
        { caption: '四、互动交流情况', columns: ['项目', '数量（件）'], widths: [4, 2], rows: [
          ['收到来信', String(f.letters.received)], ['已答复', String(f.letters.answered)], ['按期答复', String(f.letters.onTime)],
          ['经来信人同意公开', String(f.letters.published)], ['评价数', String(f.letters.rated)], ['满意及非常满意', String(f.letters.satisfied)],
        ] },
      ],
      closing: ['五、存在的主要问题及改进情况：由本机关在网站同一栏目补充说明。'],
      legalNotice: [],
    },
  });
  const row = await trx.insertInto('openness.annual_reports').values({
    orgPath: (await deps.orgs.getOrgUnit(f.bureau.orgUnitId, trx)).path, orgUnitId: f.bureau.orgUnitId, divisionCode: f.bureau.divisionCode, year,
    figures: JSON.stringify(f), documentId: doc.id, docNo: doc.docNo, publishedBy: actor.userId,
  }).returningAll().executeTakeFirstOrThrow();
  await deps.portal?.indexPublicDocument(trx, {
    sourceKind: 'disclosure-report', sourceId: String(row.id), divisionCode: f.bureau.divisionCode, title: `${f.bureau.name}${year}年政府信息公开工作年度报告`,
    text: `主动公开${f.proactiveTotal}条；新收政府信息公开申请${r.received}件。`, url: reportUrl(f.bureau.divisionCode, year), publishedAt: row.publishedAt.toISOString(),
  });
  await deps.audit.record(trx, actor, { action: 'openness.annual_report.issued', entityType: 'openness.annual_report', entityId: row.id, orgPath: row.orgPath, details: { year, docNo: doc.docNo } });
  return { id: row.id, year, docNo: doc.docNo, documentId: doc.id, figures: f };
}

export async function listReports(trx: Tx, divisionCode?: string) {
  let q = trx.selectFrom('openness.annual_reports').select(['id', 'year', 'divisionCode', 'orgUnitId', 'docNo', 'documentId', 'publishedAt', 'figures']).orderBy('year', 'desc').orderBy('id');
  if (divisionCode) q = q.where('divisionCode', '=', divisionCode);
  return q.execute();
}

export async function findReport(trx: Tx, divisionCode: string, year: number) {
  return trx.selectFrom('openness.annual_reports').selectAll().where('divisionCode', '=', divisionCode).where('year', '=', year).executeTakeFirst();
}
