/**
 * A public page prepared once for many answers (issue 18, cached pages at load): the HTML
 * encoded to bytes, its strong ETag, and its brotli and gzip twins compressed once. Sending a
 * prepared page hashes, renders and compresses nothing: it picks the bytes the client accepts.
 * Each encoding is its own representation with its own ETag (`"<hash>"`, `"<hash>-br"`, `"<hash>-gz"`);
 * If-None-Match with any of them is answered 304.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf } from './pages.ts';

export interface PreparedPage {
  status: number;
  type: string;
  etag: string;
  cacheControl: string;
  /** The Vary header of its answers (default PREPARED_VARY). */
  vary?: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
  /**
   * Whole answers of this page as the app sent them, per variant (status and encoding): the
   * status and every header Fastify wrote, those of the app's hooks (CSP, security headers)
   * included. Filled by `recordPreparedAnswer` after an answer went out the ordinary way; a
   * later hit of the same variant is written from it by `replayPrepared`.
   */
  answers: Map<string, { status: number; headers: OutgoingHttpHeaders }>;
}

/** The Vary of every prepared answer: the language and elder mode come from cookies or headers. */
export const PREPARED_VARY = 'Accept-Language, Cookie, Accept-Encoding';

export function preparePage(body: string, opts: { status?: number; cacheControl: string; type?: string; vary?: string }): PreparedPage {
  const identity = Buffer.from(body, 'utf8');
  return {
    status: opts.status ?? 200,
    type: opts.type ?? 'text/html; charset=utf-8',
    etag: etagOf(body),
    cacheControl: opts.cacheControl,
    ...(opts.vary ? { vary: opts.vary } : {}),
    identity,
    // Once per page and change, so the best ratio is affordable (quality 9 of 11; gzip level 9).
    br: zlib.brotliCompressSync(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    gzip: zlib.gzipSync(identity, { level: 9 }),
    answers: new Map(),
  };
}

/** The encoding to send: brotli, else gzip, else none, as Accept-Encoding allows (q=0 refuses). */
export function pickEncoding(header: string | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  let br = false;
  let gzip = false;
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip' || name === '*') gzip = true;
  }
  return br ? 'br' : gzip ? 'gzip' : null;
}

const variantTag = (etag: string, suffix: string) => `${etag.slice(0, -1)}-${suffix}"`;

/** What a request gets of a prepared page: the status, the encoding, its ETag and bytes, and the variant's name. */
function variantOf(req: FastifyRequest, p: PreparedPage): { variant: string; status: number; enc: 'br' | 'gzip' | null; etag: string; body: Buffer | null } {
  const enc = pickEncoding(req.headers['accept-encoding']);
  const etag = enc === 'br' ? variantTag(p.etag, 'br') : enc === 'gzip' ? variantTag(p.etag, 'gz') : p.etag;
  const inm = req.headers['if-none-match'];
  if (p.status === 200 && inm) {
    const tags = new Set([p.etag, variantTag(p.etag, 'br'), variantTag(p.etag, 'gz')]);
    if (inm.split(',').some((v) => { const t = v.trim(); return tags.has(t.startsWith('W/') ? t.slice(2) : t); })) {
      return { variant: `304:${enc ?? ''}`, status: 304, enc, etag, body: null };
    }
  }
  return { variant: `${p.status}:${enc ?? ''}`, status: p.status, enc, etag, body: enc === 'br' ? p.br : enc === 'gzip' ? p.gzip : p.identity };
}

/** The prepared page and variant a reply was sent with (read back by recordPreparedAnswer). */
const sentWith = new WeakMap<FastifyReply, { page: PreparedPage; variant: string; status: number }>();

/** Sends a prepared page: 304 on a matching If-None-Match, else the bytes in the accepted encoding. */
export function sendPrepared(req: FastifyRequest, reply: FastifyReply, p: PreparedPage): FastifyReply {
  const v = variantOf(req, p);
  void reply.header('etag', v.etag).header('vary', p.vary ?? PREPARED_VARY).header('cache-control', p.cacheControl);
  if (!p.answers.has(v.variant)) sentWith.set(reply, { page: p, variant: v.variant, status: v.status });
  if (v.status === 304) return reply.status(304).send();
  if (v.enc) void reply.header('content-encoding', v.enc);
  return reply.status(v.status).type(p.type).send(v.body);
}

/**
 * onResponse hook of the routes that send prepared pages: keeps the status and headers an
 * anonymous answer left with (after every onSend hook and Fastify's own Content-Length), once per
 * page and variant. A signed-in request, one that set a cookie, or a status other than the
 * variant's is not kept.
 */
export function recordPreparedAnswer(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const s = sentWith.get(reply);
  if (s && req.method === 'GET' && !req.actor && reply.statusCode === s.status && !reply.hasHeader('set-cookie') && !s.page.answers.has(s.variant)) {
    s.page.answers.set(s.variant, { status: s.status, headers: { ...reply.getHeaders() } as OutgoingHttpHeaders });
  }
  done();
}

/** How many answers the fast path wrote in this process (tests, profiling). */
export const replayed = { count: 0 };

/**
 * The fast path of a cache hit: when this variant of the page was sent once the ordinary way
 * (recordPreparedAnswer), the same status, headers and bytes are written straight to the socket
 * and the rest of Fastify's lifecycle (validation, handler, onSend hooks, serialisation) is
 * skipped (`reply.hijack()`; onResponse and the request log still run). Only for anonymous GETs:
 * a signed-in request may be answered differently by the identity hooks. False: not answered.
 */
export function replayPrepared(req: FastifyRequest, reply: FastifyReply, p: PreparedPage): boolean {
  if (req.method !== 'GET' || req.actor) return false;
  const v = variantOf(req, p);
  const recorded = p.answers.get(v.variant);
  if (!recorded) return false;
  replayed.count += 1;
  reply.hijack();
  reply.raw.writeHead(recorded.status, recorded.headers);
  reply.raw.end(v.body ?? undefined);
  return true;
}
