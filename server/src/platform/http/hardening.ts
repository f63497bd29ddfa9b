/**
 * What every request passes where it enters, so that no module has to repeat it (issue 9):
 * - strings carrying a NUL byte (body, query, path parameters, headers) are refused with a 400
 *   naming the field before any handler or PostgreSQL sees them;
 * - JSON bodies nested deeper than JSON_MAX_DEPTH are refused before they are parsed;
 * - state-changing requests that carry the session cookie must come from our own origin
 *   (Origin, else Referer): the CSRF check;
 * - browser defences on every answer: Content-Security-Policy, X-Frame-Options,
 *   X-Content-Type-Options, Referrer-Policy, and `Cache-Control: no-store` on signed-in API
 *   answers (they carry personal data);
 * - answers Fastify or Node write themselves (414, 431, 408, bad URL) keep the error envelope.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/** Deepest JSON nesting accepted; GeoJSON needs 4 (MultiPolygon) plus a Feature wrapper. */
export const JSON_MAX_DEPTH = 64;

/** Name of the session cookie (identity sets it); only requests carrying it can be forged cross-site. */
const SESSION_COOKIE = 'sunland_session';

export interface HardeningOptions {
  /** Public base URL: its origin is accepted by the CSRF check besides the request's own host. */
  publicUrl?: string | undefined;
  /** Extra image sources for the CSP (the basemap's tile servers). */
  imgSources?: readonly string[];
}

/**
 * The Content-Security-Policy of every answer. No inline script anywhere; inline styles are
 * allowed because Ant Design (CSS-in-JS) and OpenLayers write `<style>` elements and `style`
 * attributes at run time (docs/decisions.md).
 */
export function contentSecurityPolicy(imgSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${imgSources.length ? ` ${imgSources.join(' ')}` : ''}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `https://t{0-7}.tianditu.gov.cn/...` → `https://*.tianditu.gov.cn`: the origin a tile template loads from. */
export function templateOrigin(template: string | undefined): string | null {
  if (!template) return null;
  const m = /^(https?):\/\/([^/?#]+)/i.exec(template);
  if (!m) return null;
  const host = m[2]!.replace(/^[^.]*\{[^}]*\}[^.]*\./, '*.');
  if (/[{}]/.test(host)) return null;
  return `${m[1]!.toLowerCase()}://${host.toLowerCase()}`;
}

/** The first string holding a NUL byte in a value, as a dotted path; iterative (no recursion limit). */
export function findNul(value: unknown, base: string): string | null {
  const stack: [unknown, string][] = [[value, base]];
  let seen = 0;
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    if (++seen > 1_000_000) return null; // bodies are size-capped; this only bounds the walk
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return p;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], `${p}[${i}]`]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v) && !ArrayBuffer.isView(v)) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (k.includes('\u0000')) return p ? `${p}.${k.replaceAll('\u0000', '\\0')}` : k.replaceAll('\u0000', '\\0');
        stack.push([x, p ? `${p}.${k}` : k]);
      }
    }
  }
  return null;
}

function nulError(field: string): AppError {
  return new AppError('validation.failed', `${field}: must not contain a NUL byte (\\u0000)`, { field });
}

/** Nesting depth of JSON text (brackets outside strings), stopping as soon as it passes `max`. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) { if (++depth > max) return true; }
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.origin === 'null' ? null : u.origin.toLowerCase();
  } catch {
    return null;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasSessionCookie(req: FastifyRequest): boolean {
  const c = req.headers.cookie;
  return typeof c === 'string' && c.split(';').some((p) => p.trim().startsWith(`${SESSION_COOKIE}=`));
}

/**
 * CSRF: a state-changing request carrying the session cookie must name our origin in `Origin`
 * (or, when a browser left it out, `Referer`). Both absent: not a browser's cross-site request
 * (every current browser sends Origin on a cross-origin POST), so it passes. Requests without the
 * cookie (anonymous forms, Open311 with an API key) cannot ride on a victim's session.
 */
function checkOrigin(req: FastifyRequest, publicOrigin: string | null): void {
  if (!STATE_CHANGING.has(req.method) || !hasSessionCookie(req)) return;
  const originHeader = req.headers.origin;
  const claimed = originHeader !== undefined ? originHeader : req.headers.referer;
  if (claimed === undefined) return;
  const origin = originOf(String(claimed));
  // Our own origin: the scheme the browser named with our host (Host, or X-Forwarded-Host from a
  // trusted proxy; default ports dropped alike).
  const own = origin !== null ? originOf(`${new URL(origin).protocol}//${req.host ?? ''}`) : null;
  const ok = origin !== null && (origin === publicOrigin || origin === own);
  if (!ok) {
    throw new AppError('request.cross_origin',
      `${originHeader !== undefined ? 'origin' : 'referer'}: a signed-in change must come from this site, not ${String(claimed).slice(0, 100)}`,
      { field: originHeader !== undefined ? 'origin' : 'referer' });
  }
}

/** Registers the entry checks and the browser defences on the root instance (before any route). */
export function installHardening(app: FastifyInstance, opts: HardeningOptions = {}): void {
  const publicOrigin = originOf(opts.publicUrl);
  const csp = contentSecurityPolicy(opts.imgSources ?? []);

  // JSON: refuse deep nesting before parsing (a million `[` would overflow the stack of every
  // recursive walk after it), then the default parser with its prototype-poisoning checks.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonDepthExceeds(body as string, JSON_MAX_DEPTH)) {
      done(new AppError('request.too_deep', `body: JSON nested deeper than ${JSON_MAX_DEPTH} levels`, { field: 'body' }), undefined);
      return;
    }
    defaultJson(req, body as string, done);
  });

  app.addHook('onRequest', async (req) => {
    for (const [name, v] of Object.entries(req.headers)) {
      const values = Array.isArray(v) ? v : [v];
      if (values.some((x) => typeof x === 'string' && x.includes('\u0000'))) throw nulError(name);
    }
    const inQuery = findNul(req.query, '');
    if (inQuery !== null) throw nulError(inQuery);
    const inParams = findNul(req.params, '');
    if (inParams !== null) throw nulError(inParams);
    checkOrigin(req, publicOrigin);
  });

  app.addHook('preValidation', async (req) => {
    const inBody = findNul(req.body, '');
    if (inBody !== null) throw nulError(inBody || 'body');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('content-security-policy', csp);
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    // Signed-in API answers carry personal data (names, ID numbers, reports): never cached.
    if ((req.actor || hasSessionCookie(req)) && /^\/(api|ogc|open311)(\/|$)/.test(req.url)) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}

/** Errors Fastify raises before a route runs (bad URL, too long a parameter) in our envelope. */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode ?? 400;
  const code = status === 414 ? 'request.uri_too_long' : 'request.bad_url';
  void reply.status(status).send({ error: { code, message: `url: ${err.message}`, field: 'url' } });
}

/** Answers Node's HTTP parser gives up on (headers too large, timeouts, garbage) in our envelope. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let body: { code: string; message: string; field?: string } = { code: 'request.bad', message: 'the request could not be parsed' };
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    body = { code: 'request.timeout', message: 'the request took too long to arrive' };
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    body = { code: 'request.headers_too_large', message: 'headers: the request line and headers are too large', field: 'headers' };
  } else if (err.code === 'HPE_URI_TOO_LONG') {
    status = 414;
    body = { code: 'request.uri_too_long', message: 'url: too long', field: 'url' };
  }
  const text = JSON.stringify({ error: body });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${text}`);
  }
  socket.destroy(err);
}
