/**
 * The stylesheets of the server-rendered public pages, served as files named by their content
 * (`/ssr/<name>.<hash>.css`, `Cache-Control: immutable` for a year, brotli and gzip twins made
 * once). A page links them instead of carrying the same rules in every answer: a reader on a
 * township link downloads them once for every page of every site, and each page hit writes a
 * few kilobytes less (issue 18: cached pages at load). A change of the rules changes the name, so
 * a cached old file is never used with a new page.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { html, type SafeHtml } from './html.ts';
import { preparePage, sendPrepared, type PreparedPage } from './prepared.ts';

export interface Stylesheet {
  /** `/ssr/<name>.<hash>.css` */
  readonly href: string;
  /** `<link rel="stylesheet" href="…">` for a page's <head>. */
  readonly link: SafeHtml;
}

const FILE = /^([a-z][a-z0-9-]*)\.[A-Za-z0-9_-]{12}\.css$/;
const sheets = new Map<string, PreparedPage>();
/**
 * The current rules of each name, for a file name this process does not know: a page rendered by
 * another version of the server (a CDN's copy, or another process during a rolling deploy) still
 * gets styled, with a short cache since these are not the rules it named.
 */
const latest = new Map<string, PreparedPage>();

/**
 * Registers constant CSS under `name` (lowercase letters, digits, dashes) and returns where it is
 * served. Call it once, at module load, with constant rules: the file is kept for the process's life.
 */
export function stylesheet(name: string, css: string): Stylesheet {
  const hash = createHash('sha256').update(css).digest('base64url').slice(0, 12);
  const file = `${name}.${hash}.css`;
  if (FILE.exec(file)?.[1] !== name) throw new Error(`invalid stylesheet name: ${name}`);
  if (!sheets.has(file)) {
    const sheet = preparePage(css, { cacheControl: 'public, max-age=31536000, immutable', type: 'text/css; charset=utf-8', vary: 'Accept-Encoding' });
    sheets.set(file, sheet);
    // The same bytes (compressed once), kept a minute only.
    latest.set(name, { ...sheet, cacheControl: 'public, max-age=60', answers: new Map() });
  }
  const href = `/ssr/${file}`;
  return { href, link: html`<link rel="stylesheet" href="${href}">` };
}

/**
 * GET /ssr/:file — a registered stylesheet (304 on If-None-Match, the encoding the client
 * accepts); another version of a known name gets the current rules for a minute; 404 otherwise.
 */
export async function stylesheetRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { file: string } }>('/ssr/:file', { schema: { hide: true } }, async (req, reply) => {
    const { file } = req.params;
    const sheet = sheets.get(file) ?? latest.get(FILE.exec(file)?.[1] ?? '');
    if (!sheet) return reply.status(404).type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send('not found');
    return sendPrepared(req, reply, sheet);
  });
}
