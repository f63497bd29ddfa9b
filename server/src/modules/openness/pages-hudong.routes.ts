/**
 * Server-rendered 互动交流 pages: /hudong (published letters, surveys), /hudong/letters/:letterNo,
 * /hudong/write (the form; a small script solves the proof of work and posts to the open API),
 * /hudong/check (the writer reads the reply and rates it: plain form posts, no script needed),
 * /hudong/surveys/:id (results; a signed-in public account votes with a plain form post).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { html, requestLang, type PublicPage, type SafeHtml } from '../../platform/ssr/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import { letterUrl } from './letters.ts';
import { PageQuery, unitNames } from './pages-gk.routes.ts';
import { fill, pageText, type PageText } from './pages.text.ts';
import type { OpennessRouteOptions } from './openness.routes.ts';

const Form = (shape: z.ZodRawShape) => z.object(shape);
const RATINGS = [5, 4, 3, 2, 1] as const;
const ratingText = (t: PageText, n: number) => t[`r${n}` as 'r5'];

export const hudongPages: FastifyPluginAsync<OpennessRouteOptions> = async (app, { platform, openness }) => {
  // Plain HTML forms (check, rate, vote) post application/x-www-form-urlencoded; this plugin only.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pages = platform.publicPages;

  r.get('/hudong', { schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const [letters, surveys] = await Promise.all([
      openness.asSystem((trx) => openness.listPublishedLetters(trx, 30)),
      openness.asPublic(async (trx) => Promise.all((await openness.listSurveys(trx, { publicOnly: true })).map((s) => openness.surveyResults(trx, s.id)))),
    ]);
    return pages.send(req, reply, {
      title: t.hudong, lang, canonicalPath: '/hudong', description: t.hudongIntro, breadcrumbs: [{ label: t.hudong }],
      body: html`<h1>${t.hudong}</h1><p>${t.hudongIntro}</p><p><a href="/hudong/write">${t.write}</a> · <a href="/hudong/check">${t.check}</a></p>
<h2>${t.letters}</h2>${letters.length ? html`<table><thead><tr><th scope="col">${t.subject}</th><th scope="col">${t.kind}</th><th scope="col">${t.receivedOn}</th><th scope="col">${t.repliedOn}</th></tr></thead><tbody>
${letters.map((l) => html`<tr><td><a href="${letterUrl(l.letterNo)}">${l.publicSubject}</a></td><td>${l.kind === 'mailbox' ? t.mailbox : t.consult}</td><td>${l.receivedOn}</td><td>${l.repliedOn}</td></tr>`)}</tbody></table>` : html`<p>${t.none}</p>`}
<h2>${t.surveys}</h2>${surveys.length ? html`<ul>${surveys.map((s) => html`<li><a href="/hudong/surveys/${s.id}">${s.title}</a>（${s.status === 'open' ? t.sv_open : t.sv_closed}，${t.votes} ${s.total}）</li>`)}</ul>` : html`<p>${t.none}</p>`}`,
    });
  });

  r.get('/hudong/letters/:letterNo', { schema: { hide: true, params: z.object({ letterNo: z.string().max(20) }), querystring: PageQuery } }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const found = await openness.asSystem(async (trx) => {
      const l = await openness.findPublishedLetter(trx, req.params.letterNo);
      return l ? { l, names: await unitNames(trx, [l.orgUnitId]) } : null;
    });
    if (!found) throw new AppError('openness.letter_not_found', `letterNo: no published letter ${req.params.letterNo}`, { field: 'letterNo' });
    const { l, names } = found;
    return pages.send(req, reply, {
      title: l.publicSubject ?? '', lang, canonicalPath: letterUrl(l.letterNo), breadcrumbs: [{ label: t.hudong, href: '/hudong' }, { label: l.publicSubject ?? '' }],
      body: html`<article><h1 lang="zh-CN">${l.publicSubject}</h1>
<table><caption>${t.meta}</caption><tbody><tr><th scope="row">${t.letterNo}</th><td>${l.letterNo}</td></tr><tr><th scope="row">${t.kind}</th><td>${l.kind === 'mailbox' ? t.mailbox : t.consult}</td></tr>
<tr><th scope="row">${t.bureau}</th><td>${names.get(l.orgUnitId) ?? ''}</td></tr><tr><th scope="row">${t.receivedOn}</th><td>${l.receivedOn}</td></tr><tr><th scope="row">${t.repliedOn}</th><td>${l.repliedOn}</td></tr>
${l.rating ? html`<tr><th scope="row">${t.rating}</th><td>${ratingText(t, l.rating)}</td></tr>` : ''}</tbody></table>
<h2>${t.letter}</h2><div lang="zh-CN">${(l.publicBody ?? '').split(/\n+/).map((p) => html`<p>${p}</p>`)}</div>
<h2>${t.reply}</h2><div lang="zh-CN">${(l.publicReply ?? '').split(/\n+/).map((p) => html`<p>${p}</p>`)}</div></article>`,
    });
  });

  r.get('/hudong/write', { schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const bureaus = (await platform.orgs.listOrgUnitsUnder('cn')).filter((u) => u.kind === 'bureau' && u.active && u.level !== 'township');
    return pages.send(req, reply, {
      title: t.writeTitle, lang, canonicalPath: '/hudong/write', cacheSeconds: 300,
      breadcrumbs: [{ label: t.hudong, href: '/hudong' }, { label: t.writeTitle }],
      head: html`<script src="/openness/static/letter.js" defer></script>`,
      body: html`<h1>${t.writeTitle}</h1><p id="letter-note">${t.needJs}</p>
<form id="letter-form" method="post" action="/hudong/write" data-computing="${t.computing}" data-sent="${t.sent}" data-sent-info="${t.sentInfo}" data-letter-no="${t.letterNo}" data-query-code="${t.queryCode}" data-due="${t.dueDate}">
<p><label for="l-kind">${t.kind}</label><br><select id="l-kind" name="kind"><option value="mailbox">${t.mailbox}</option><option value="consult">${t.consult}</option></select></p>
<p><label for="l-unit">${t.bureau}</label><br><select id="l-unit" name="orgUnitId" required>${bureaus.map((b) => html`<option value="${b.id}">${b.name}</option>`)}</select></p>
<p><label for="l-subject">${t.subject}</label><br><input id="l-subject" name="subject" required minlength="2" maxlength="100" size="40"></p>
<p><label for="l-body">${t.body}</label><br><textarea id="l-body" name="body" required minlength="5" maxlength="5000" rows="8" cols="60"></textarea></p>
<p><label for="l-name">${t.writerName}</label><br><input id="l-name" name="writerName" required maxlength="50" autocomplete="name"></p>
<p><label for="l-phone">${t.writerPhone}</label><br><input id="l-phone" name="writerPhone" required pattern="1[3-9][0-9]{9}" inputmode="numeric" autocomplete="tel"></p>
<p><input type="checkbox" id="l-consent" name="consentPublish" value="1"> <label for="l-consent">${t.consent}</label></p>
<p><button type="submit" id="l-send" disabled>${t.send}</button></p></form>
<div id="letter-result" role="status" aria-live="polite"></div>`,
    });
  });

  const checkPage = async (lang: ReturnType<typeof requestLang>, body: SafeHtml): Promise<PublicPage> => {
    const t = pageText(lang);
    return { title: t.checkTitle, lang, cacheSeconds: 0, breadcrumbs: [{ label: t.hudong, href: '/hudong' }, { label: t.checkTitle }], body };
  };
  const checkForm = (t: PageText, v: { letterNo?: string | undefined } = {}) => html`<form method="post" action="/hudong/check">
<p><label for="c-no">${t.letterNo}</label><br><input id="c-no" name="letterNo" required maxlength="20" value="${v.letterNo ?? ''}"></p>
<p><label for="c-code">${t.queryCode}</label><br><input id="c-code" name="queryCode" required maxlength="20" autocomplete="off"></p>
<p><button type="submit">${t.check}</button></p></form>`;

  r.get('/hudong/check', { schema: { hide: true, querystring: PageQuery.extend({ letterNo: z.string().max(20).optional() }) } }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    return pages.send(req, reply, await checkPage(lang, html`<h1>${t.checkTitle}</h1>${checkForm(t, req.query)}`));
  });

  const CheckBody = Form({ letterNo: z.string().max(20), queryCode: z.string().max(20) });
  const letterView = async (letterNo: string, queryCode: string) => openness.asSystem((trx) => openness.writerView(trx, letterNo, queryCode)).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'openness.letter_not_found') return null;
    throw e;
  });
  const renderCheck = (t: PageText, l: NonNullable<Awaited<ReturnType<typeof letterView>>>, queryCode: string, notice?: SafeHtml) => html`<h1>${t.checkTitle}</h1>${notice ?? ''}
<table><caption>${l.subject}</caption><tbody><tr><th scope="row">${t.letterNo}</th><td>${l.letterNo}</td></tr><tr><th scope="row">${t.status}</th><td>${t[`st_${l.status}`]}</td></tr>
<tr><th scope="row">${t.receivedOn}</th><td>${l.receivedOn}</td></tr><tr><th scope="row">${t.dueDate}</th><td>${l.dueDate}</td></tr>${l.repliedOn ? html`<tr><th scope="row">${t.repliedOn}</th><td>${l.repliedOn}</td></tr>` : ''}</tbody></table>
<h2>${t.letter}</h2>${l.body.split(/\n+/).map((p) => html`<p>${p}</p>`)}
${l.reply ? html`<h2>${t.reply}</h2>${l.reply.split(/\n+/).map((p) => html`<p>${p}</p>`)}` : ''}
${l.reply && l.rating === null ? html`<h2>${t.rate}</h2><form method="post" action="/hudong/rate"><input type="hidden" name="letterNo" value="${l.letterNo}"><input type="hidden" name="queryCode" value="${queryCode}">
<fieldset><legend>${t.rating}</legend>${RATINGS.map((n) => html`<p><input type="radio" id="rate-${n}" name="rating" value="${n}" required> <label for="rate-${n}">${ratingText(t, n)}</label></p>`)}</fieldset>
<p><label for="rate-comment">${t.comment}</label><br><textarea id="rate-comment" name="comment" maxlength="500" rows="3" cols="50"></textarea></p><p><button type="submit">${t.rateSend}</button></p></form>` : ''}
${l.rating !== null ? html`<p>${fill(t.rated, { n: ratingText(t, l.rating) })}</p>` : ''}`;

  r.post('/hudong/check', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } }, schema: { hide: true, querystring: PageQuery, body: CheckBody } }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const body = req.body as { letterNo: string; queryCode: string };
    const l = await letterView(body.letterNo, body.queryCode);
    if (!l) return pages.send(req, reply, { ...(await checkPage(lang, html`<h1>${t.checkTitle}</h1><p role="alert">${t.notFound}</p>${checkForm(t, body)}`)), status: 404 });
    return pages.send(req, reply, await checkPage(lang, renderCheck(t, l, body.queryCode)));
  });

  r.post('/hudong/rate', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { hide: true, querystring: PageQuery, body: Form({ letterNo: z.string().max(20), queryCode: z.string().max(20), rating: z.coerce.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() }) },
  }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const body = req.body as { letterNo: string; queryCode: string; rating: number; comment?: string };
    await openness.asSystem((trx) => openness.rateLetter(trx, body.letterNo, body.queryCode, body.rating, body.comment || null));
    const l = await letterView(body.letterNo, body.queryCode);
    return pages.send(req, reply, await checkPage(lang, renderCheck(t, l!, body.queryCode)));
  });

  r.get('/hudong/surveys/:id', { schema: { hide: true, params: z.object({ id: z.coerce.number().int().min(1) }), querystring: PageQuery } }, async (req, reply) => {
    const lang = requestLang(req);
    const t = pageText(lang);
    const actor = req.actor;
    const { s, voted } = await openness.asPublic(async (trx) => {
      const res = await openness.surveyResults(trx, req.params.id);
      return { s: res, voted: actor?.kind === 'public' ? await openness.hasVoted(trx, req.params.id, actor.userId) : false };
    });
    const pct = (n: number) => (s.total ? `${Math.round((n / s.total) * 1000) / 10}%` : '—');
    const canVote = s.status === 'open' && actor?.kind === 'public' && !voted;
    return pages.send(req, reply, {
      title: s.title, lang, canonicalPath: `/hudong/surveys/${s.id}`, cacheSeconds: actor ? 0 : 30,
      breadcrumbs: [{ label: t.hudong, href: '/hudong' }, { label: s.title }],
      body: html`<h1>${s.title}</h1>${s.description ? html`<p>${s.description}</p>` : ''}<p>${s.status === 'open' ? t.sv_open : t.sv_closed} · ${t.closesOn} ${s.closesOn}</p>
<table><caption>${t.votes}</caption><thead><tr><th scope="col">${t.item}</th><th scope="col">${t.votes}</th><th scope="col">${t.share}</th></tr></thead><tbody>
${s.options.map((o) => html`<tr><th scope="row">${o.label}</th><td>${o.votes}</td><td>${pct(o.votes)}</td></tr>`)}<tr><th scope="row">${t.total}</th><td>${s.total}</td><td></td></tr></tbody></table>
${canVote ? html`<form method="post" action="/hudong/surveys/${s.id}"><fieldset><legend>${t.vote}</legend>${s.options.map((o) => html`<p><input type="radio" id="v-${o.key}" name="optionKey" value="${o.key}" required> <label for="v-${o.key}">${o.label}</label></p>`)}</fieldset><p><button type="submit">${t.vote}</button></p></form>`
        : voted ? html`<p>${t.voted}</p>` : s.status === 'open' ? html`<p><a href="/public/login?next=${encodeURIComponent(`/hudong/surveys/${s.id}`)}">${t.loginToVote}</a></p>` : ''}`,
    });
  });

  r.post('/hudong/surveys/:id', { schema: { hide: true, params: z.object({ id: z.coerce.number().int().min(1) }), body: Form({ optionKey: z.string().max(10) }) } }, async (req, reply) => {
    const a = req.actor;
    if (!a || a.kind !== 'public') throw new AppError('auth.unauthenticated', 'sign in with a public account to vote');
    await openness.asPublic((trx) => openness.vote(trx, a, req.params.id, (req.body as { optionKey: string }).optionKey));
    return reply.status(303).header('location', `/hudong/surveys/${req.params.id}`).send();
  });
};
