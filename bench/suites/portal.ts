/**
 * Portal bench (门户网站, issue 18), beside the bare route of this run:
 * - the cached home of a county site and a cached article page: requests/s and p99 (the issue asks
 *   for ≥ 50 % of the bare route's rate and ≥ 1,750 requests/s on 2 cores);
 * - search over BENCH_PORTAL_DOCS public documents (default 100,000, segmented in Node like the
 *   app does, bulk-loaded with the owner role): p50/p95/p99 of 200 queries one after another, and
 *   requests/s under load.
 */
import pg from 'pg';
import type { SuiteContext } from '../suite.ts';
import { toTsvectorLiteral } from '../../server/src/modules/portal/search-text.ts';

const DOCS = Number(process.env.BENCH_PORTAL_DOCS ?? 100_000);
const WORDS = ['国有建设用地', '使用权', '出让', '公告', '耕地保护', '地质灾害', '防治', '宅基地', '审批', '不动产', '登记', '矿业权', '国土空间', '规划',
  '卫片执法', '违法用地', '整改', '征收', '补偿', '生态修复', '测绘', '土地整治', '高标准农田', '自然资源', '调查', '确权', '林地', '草原', '湿地', '监测'];
const PLACES = ['播州区', '汇川区', '红花岗区', '仁怀市', '习水县', '湄潭县', '凤冈县', '正安县', '道真县', '务川县', '余庆县', '绥阳县', '桐梓县', '赤水市'];

function pick<T>(arr: readonly T[], k: number): T { return arr[k % arr.length]!; }

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

export async function run(ctx: SuiteContext): Promise<void> {
  const { appUrl, ownerUrl } = ctx.info;
  const db = new pg.Client({ connectionString: ownerUrl });
  await db.connect();
  try {
    const art = (await db.query<{ id: number }>(`select a.id from portal.articles a join portal.sites s on s.id = a.site_id where s.code = '520304' and a.status = 'published' order by a.id limit 1`)).rows[0];
    if (!art) {
      ctx.emit({ bench: 'portal.pages', skipped: 'no demo portal data' });
      return;
    }
    for (const [name, url] of [['home_cached', '/site/520304'], ['article_cached', `/site/520304/a/${art.id}`]] as const) {
      await fetch(`${appUrl}${url}`); // warms the cache
      const r = await ctx.load(`${appUrl}${url}`);
      ctx.emit({ bench: `portal.${name}`, url, ...r, bareRps: ctx.bareRps, ofBare: Math.round((r.rps / ctx.bareRps) * 100) / 100 });
    }
    // A browser asks for brotli: the cached answer's precompressed twin (no compression per hit).
    const br = await ctx.load(`${appUrl}/site/520304`, { headers: { 'accept-encoding': 'br, gzip' } });
    ctx.emit({ bench: 'portal.home_cached_br', url: '/site/520304', ...br, bareRps: ctx.bareRps, ofBare: Math.round((br.rps / ctx.bareRps) * 100) / 100 });

    // 100,000 documents in the index of the 播州区 site.
    const site = (await db.query<{ id: number }>(`select id from portal.sites where code = '520304'`)).rows[0]!;
    const t0 = performance.now();
    for (let start = 0; start < DOCS; start += 2000) {
      const rows: [string, string, string, string, string][] = [];
      for (let k = start; k < Math.min(DOCS, start + 2000); k++) {
        const title = `${pick(PLACES, k)}${pick(WORDS, k * 7)}${pick(WORDS, k * 13 + 3)}工作情况（第${k}号）`;
        const body = Array.from({ length: 12 }, (_, i) => `${pick(PLACES, k + i)}${pick(WORDS, k * 3 + i * 5)}和${pick(WORDS, k + i * 11)}工作有序推进，`).join('') + '特此公告。';
        rows.push([`bench-${k}`, title, body, `/bench/${k}`, toTsvectorLiteral(title, body)]);
      }
      await db.query(`insert into portal.search_docs (source_kind, source_id, site_id, division_code, title, body, url, published_at, tsv)
        select 'bench', x.id, $1, '520304', x.title, x.body, x.url, now() - (random() * interval '900 days'), x.tsv::tsvector
        from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as x(id, title, body, url, tsv)
        on conflict (source_kind, source_id) do nothing`,
      [site.id, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), rows.map((r) => r[4])]);
    }
    await db.query('analyze portal.search_docs');
    const loadedMs = Math.round(performance.now() - t0);
    const total = (await db.query<{ n: number }>(`select count(*)::int as n from portal.search_docs`)).rows[0]!.n;

    const queries = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? `${pick(PLACES, i)} ${pick(WORDS, i)}` : pick(WORDS, i * 7 + 1)));
    const times: number[] = [];
    let hits = 0;
    for (const q of queries) {
      const s = performance.now();
      const res = await fetch(`${appUrl}/api/public/portal/search?q=${encodeURIComponent(q)}&site=520304`);
      const body = (await res.json()) as { total: number };
      times.push(performance.now() - s);
      if (!res.ok) throw new Error(`search ${q}: ${res.status}`);
      hits += body.total > 0 ? 1 : 0;
    }
    times.sort((x, y) => x - y);
    ctx.emit({ bench: 'portal.search_sequential', documents: total, loadedMs, queries: queries.length, queriesWithHits: hits, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), p99Ms: percentile(times, 99), bareRps: ctx.bareRps });
    const r = await ctx.load(`${appUrl}/api/public/portal/search?q=${encodeURIComponent('耕地保护')}&site=520304`);
    ctx.emit({ bench: 'portal.search_load', documents: total, ...r, bareRps: ctx.bareRps });
  } finally {
    await db.end();
  }
}
