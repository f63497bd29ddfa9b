/**
 * Server-rendered public pages (issue 18): escaping templates, the page language and 适老化 mode,
 * and the one place that renders a public page through the site's layout with its cache headers.
 * The portal module installs the site-aware layout; other modules (openness, trading results…)
 * render their public pages through `publicPages.send`. See README.md.
 */
export { html, raw, escapeHtml, SafeHtml } from './html.ts';
export { requestLang, isElderMode, LANGS, type Lang } from './lang.ts';
export { createPublicPages, defaultLayout, etagOf, PUBLIC_CSS, type PublicPage, type PublicPages, type PublicLayout } from './pages.ts';
export { preparePage, sendPrepared, recordPreparedAnswer, replayPrepared, replayed, pickEncoding, PREPARED_VARY, type PreparedPage } from './prepared.ts';
export { stylesheet, stylesheetRoutes, type Stylesheet } from './stylesheets.ts';
