/**
 * /sunshine: the public performance board (阳光) as a server-rendered table per county and month,
 * readable without JavaScript and by screen readers; a small script draws an ECharts chart from
 * the same table when scripts run (progressive enhancement). Also the static scripts of the
 * openness pages (/openness/static/*).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { html, requestLang } from '../../platform/ssr/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import { boardPeriod, sourceColumns, type BoardRow } from './performance.ts';
import { PageQuery } from './pages-gk.routes.ts';
import { pageText } from './pages.text.ts';
import type { OpennessRouteOptions } from './openness.routes.ts';

const MONTH = z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM');
const STATIC_DIR = path.join(import.meta.dirname, 'static');
const ECHARTS = path.join(path.dirname(createRequire(import.meta.url).resolve('echarts/package.json')), 'dist', 'echarts.min.js');
const STATIC: Record<string, string> = { 'letter.js': path.join(STATIC_DIR, 'letter.js'), 'sunshine.js': path.join(STATIC_DIR, 'sunshine.js'), 'echarts.min.js': ECHARTS };
const num = (n: number | null) => (n === null ? '—' : n);

export const sunshinePages: FastifyPluginAsync<OpennessRouteOptions> = async (app, { platform, openness }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cache = new Map<string, Buffer>();

  r.get('/openness/static/:file', { schema: { hide: true, params: z.object({ file: z.string().max(40) }) } }, async (req, reply) => {
    const p = STATIC[req.params.file];
    if (!p) throw new AppError('not_found', `file: no ${req.params.file}`);
    let b = cache.get(p);
    if (!b) cache.set(p, (b = fs.readFileSync(p)));
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(b);
  });

  r.get('/sunshine', { schema: { hide: true, querystring: PageQuery.extend({ from: MONTH.optional(), to: MONTH.optional(), under: z.string().regex(/^\d{6}$/).optional() }) } }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const { from, to } = boardPeriod(openness.deps, req.query);
    const board = await openness.asSystem((trx) => openness.performanceBoard(trx, { from, to, under: req.query.under }));
    const q = new URLSearchParams({ from, to, ...(req.query.under ? { under: req.query.under } : {}) }).toString();
    const extra = sourceColumns(board);
    const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
    const label = (k: string, f: string) => (t as Record<string, string>)[`${k}.${f}`] ?? `${k}.${f}`;
    const title = { penalties: t.penaltiesT, sales: t.salesT, patches: t.patchesT };
    const row = (x: BoardRow) => html`<tr data-county="${x.countyName}" data-received="${x.approvals.received}" data-ontime="${x.approvals.onTime}"><th scope="row">${x.month}</th><th scope="row">${x.countyName}</th>
<td>${x.approvals.received}</td><td>${x.approvals.completed}</td><td>${x.approvals.onTime}</td><td>${x.approvals.early}</td><td>${num(x.approvals.avgWorkdays)}</td><td>${num(x.approvals.ratingAvg)}</td>
<td>${x.tipoffs.received}</td><td>${x.tipoffs.closed}</td><td>${x.tipoffs.reopened}</td>
${extra.map(({ key: k, figures }) => figures.map((f) => html`<td>${fmt.format(x[k]?.[f] ?? 0)}</td>`))}</tr>`;
    return platform.publicPages.send(req, reply, {
      title: t.sunshine, lang, canonicalPath: '/sunshine', description: t.sunshineIntro, cacheSeconds: 30,
      breadcrumbs: [{ label: t.sunshine }],
      head: html`<style>#sunshine-table th{white-space:nowrap}</style><script src="/openness/static/echarts.min.js" defer></script><script src="/openness/static/sunshine.js" defer></script>`,
      body: html`<h1>${t.sunshine}</h1><p>${t.sunshineIntro}</p>
<form method="get" action="/sunshine"><label for="s-from">${t.from}</label> <input id="s-from" name="from" type="month" value="${from}"> <label for="s-to">${t.to}</label> <input id="s-to" name="to" type="month" value="${to}"> <button type="submit">${t.apply}</button></form>
<p><a href="/api/open/performance?${q}&amp;format=csv">${t.csv}</a> · <a href="/api/open/performance?${q}">${t.api}</a></p>
<div id="sunshine-chart" data-title="${t.chart}" data-received="${t.aReceived}" data-ontime="${t.aOnTime}" style="width:100%;height:0"></div>
<div style="overflow-x:auto" tabindex="0" role="region" aria-label="${t.sunshine} ${from} – ${to}"><table id="sunshine-table"><caption>${t.sunshine} ${from} – ${to}</caption><thead>
<tr><th scope="col" rowspan="2">${t.month}</th><th scope="col" rowspan="2">${t.county}</th><th scope="colgroup" colspan="6">${t.approvalsT}</th><th scope="colgroup" colspan="3">${t.tipoffsT}</th>
${extra.map(({ key: k, figures }) => html`<th scope="colgroup" colspan="${figures.length}">${title[k]}</th>`)}</tr>
<tr><th scope="col">${t.aReceived}</th><th scope="col">${t.aCompleted}</th><th scope="col">${t.aOnTime}</th><th scope="col">${t.aEarly}</th><th scope="col">${t.aAvg}</th><th scope="col">${t.aSat}</th>
<th scope="col">${t.tReceived}</th><th scope="col">${t.tClosed}</th><th scope="col">${t.tReopened}</th>${extra.map(({ key: k, figures }) => figures.map((f) => html`<th scope="col">${label(k, f)}</th>`))}</tr></thead>
<tbody>${board.rows.length ? board.rows.map(row) : html`<tr><td colspan="${11 + extra.reduce((n, c) => n + c.figures.length, 0)}">${t.none}</td></tr>`}</tbody></table></div>`,
    });
  });
};
