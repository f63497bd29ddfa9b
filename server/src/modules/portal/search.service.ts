/**
 * The portal's full-text index (portal.search_docs): articles and the public documents other
 * modules hand over (CONTRACTS §2 indexPublicDocument / removePublicDocument), searched in
 * Chinese with words segmented in Node (search-text.ts), ranked and filtered by site, column, date.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { invalid } from '../../platform/http/errors.ts';
import { divisionPath } from '../../platform/orgs/index.ts';
import { excerpt, highlightTerms, toTsqueryLiteral, toTsvectorLiteral } from './search-text.ts';

export interface PublicDocument {
  sourceKind: string;
  sourceId: string;
  divisionCode: string;
  title: string;
  text: string;
  url: string;
  publishedAt: string;
}

/** A transaction of the caller (or the seed's owner connection). */
type Tx = Kysely<Database>;

const KIND = /^[a-z][a-z0-9-]{0,39}$/;
const BODY_MAX = 200_000;
const RANK_CANDIDATES = 2000;
/** Pages stop at 100 of 10 (the routes' limit): counting past 1,000 matches shows nothing more. */
const COUNT_CAP = 1000;

/** Nearest site at or above a division (the county's, else the city's, else the province's). */
export async function siteForDivision(trx: Tx, divisionCode: string): Promise<number | null> {
  if (!/^\d{6}(\d{3})?$/.test(divisionCode)) throw invalid('divisionCode', 'a GB/T 2260 code of 6 or 9 digits', '应为6位或9位行政区划代码（GB/T 2260）');
  const row = await trx.selectFrom('portal.sites').select('id')
    .where(sql<boolean>`org_path @> ${divisionPath(divisionCode)}::ltree`)
    .orderBy(sql`nlevel(org_path)`, 'desc').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

/** Put (or replace) a public document into the index; idempotent per (sourceKind, sourceId). */
export async function indexPublicDocument(trx: Tx, doc: PublicDocument, extra: { columnId?: number | null; siteId?: number | null; expiresAt?: Date | null } = {}): Promise<void> {
  if (!KIND.test(doc.sourceKind)) throw invalid('sourceKind', 'lower-case letters, digits and -', '只能包含小写字母、数字和“-”');
  if (!doc.sourceId || doc.sourceId.length > 100) throw invalid('sourceId', 'required, at most 100 characters', '必须填写，且不能超过100个字符');
  if (!doc.url.startsWith('/') || doc.url.startsWith('//')) throw invalid('url', 'a path on this site, starting with /', '应为本站的路径，以“/”开头');
  if (!doc.title.trim()) throw invalid('title', 'required', '必须填写');
  const publishedAt = new Date(doc.publishedAt);
  if (Number.isNaN(publishedAt.getTime())) throw invalid('publishedAt', 'an ISO date-time', '应为日期和时间');
  const siteId = extra.siteId ?? await siteForDivision(trx, doc.divisionCode);
  const body = doc.text.slice(0, BODY_MAX);
  const tsv = toTsvectorLiteral(doc.title, body);
  const values = {
    sourceKind: doc.sourceKind, sourceId: doc.sourceId, siteId, columnId: extra.columnId ?? null, divisionCode: doc.divisionCode,
    title: doc.title.slice(0, 500), body, url: doc.url, publishedAt, expiresAt: extra.expiresAt ?? null,
  };
  await trx.insertInto('portal.search_docs').values({ ...values, tsv: sql<string>`${tsv}::tsvector` })
    .onConflict((oc) => oc.columns(['sourceKind', 'sourceId']).doUpdateSet({ ...values, tsv: sql<string>`${tsv}::tsvector` }))
    .execute();
}

export async function removePublicDocument(trx: Tx, sourceKind: string, sourceId: string): Promise<void> {
  await trx.deleteFrom('portal.search_docs').where('sourceKind', '=', sourceKind).where('sourceId', '=', sourceId).execute();
}

export interface SearchQuery {
  q: string;
  siteId?: number | undefined;
  columnId?: number | undefined;
  /** Include the child sites of siteId (the city searches its counties too). */
  withChildren?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface SearchHit {
  title: string;
  url: string;
  sourceKind: string;
  siteId: number | null;
  publishedAt: string;
  rank: number;
  titleParts: { text: string; hit: boolean }[];
  excerpt: { text: string; hit: boolean }[];
}

/** Ranked (ts_rank_cd, title words weigh more), newest first among equals; excerpts marked. */
export async function search(trx: Tx, query: SearchQuery): Promise<{ total: number; totalCapped: boolean; hits: SearchHit[] }> {
  const tsq = toTsqueryLiteral(query.q);
  if (!tsq) return { total: 0, totalCapped: false, hits: [] };
  const pageSize = Math.min(query.pageSize ?? 10, 50);
  const page = Math.max(1, query.page ?? 1);
  // The site and its child sites as a list of ids (a few): the planner then knows how many rows
  // they hold, instead of guessing from an ltree join.
  let siteIds: number[] | null = null;
  if (query.siteId !== undefined) {
    siteIds = query.withChildren
      ? (await sql<{ id: number }>`select c.id from portal.sites c, portal.sites p where p.id = ${query.siteId} and c.org_path <@ p.org_path`.execute(trx)).rows.map((r) => r.id)
      : [query.siteId];
    if (!siteIds.length) return { total: 0, totalCapped: false, hits: [] };
  }
  let q = trx.selectFrom('portal.search_docs as d')
    .where(sql<boolean>`d.tsv @@ ${tsq}::tsquery`)
    .where('d.publishedAt', '<=', sql<Date>`now()`)
    .where((eb) => eb.or([eb('d.expiresAt', 'is', null), eb('d.expiresAt', '>', sql<Date>`now()`)]));
  if (siteIds) q = q.where('d.siteId', '=', sql<number>`any(${sql.val(siteIds)}::bigint[])`);
  if (query.columnId !== undefined) q = q.where('d.columnId', '=', query.columnId);
  if (query.from) q = q.where('d.publishedAt', '>=', new Date(`${query.from}T00:00:00+08:00`));
  if (query.to) q = q.where('d.publishedAt', '<', new Date(new Date(`${query.to}T00:00:00+08:00`).getTime() + 86_400_000));
  // A common word matches a large part of the index: rank only the newest RANK_CANDIDATES matches
  // (a cheap order: the published_at index is walked backwards until that many matched), then read
  // their vectors for ts_rank_cd. The candidates carry only (id, published_at): sorting the vectors
  // themselves spilled tens of MB to disk. The total is counted up to COUNT_CAP.
  const count = await trx.selectFrom(q.select(sql<number>`1`.as('one')).limit(COUNT_CAP).as('m')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const candidates = q.select(['d.id']).orderBy('d.publishedAt', 'desc').limit(RANK_CANDIDATES);
  const rows = await trx.selectFrom(candidates.as('c')).innerJoin('portal.search_docs as d', 'd.id', 'c.id')
    .select(['d.title', 'd.url', 'd.sourceKind', 'd.siteId', 'd.publishedAt', sql<string>`left(d.body, 2000)`.as('body'),
      sql<number>`ts_rank_cd(d.tsv, ${tsq}::tsquery)`.as('rank')])
    .orderBy('rank', 'desc').orderBy('d.publishedAt', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  const terms = highlightTerms(query.q);
  return {
    total: count.n,
    totalCapped: count.n >= COUNT_CAP,
    hits: rows.map((r) => ({
      title: r.title, url: r.url, sourceKind: r.sourceKind, siteId: r.siteId, publishedAt: r.publishedAt.toISOString(), rank: Number(r.rank),
      titleParts: excerpt(r.title, terms, 500), excerpt: excerpt(r.body, terms, 120),
    })),
  };
}
