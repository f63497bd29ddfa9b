/**
 * A public page prepared once for many answers (issue 18, cached pages at load): the HTML
 * encoded to bytes, its strong ETag, and its brotli and gzip twins compressed once. Sending a
 * prepared page hashes, renders and compresses nothing: it picks the bytes the client accepts.
 * Each encoding is its own representation with its own ETag (`"<hash>"`, `"<hash>-br"`, `"<hash>-gz"`);
 * If-None-Match with any of them is answered 304.
 */
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf } from './pages.ts';

export interface PreparedPage {
  status: number;
  type: string;
  etag: string;
  cacheControl: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

/** The Vary of every prepared answer: the language and elder mode come from cookies or headers. */
export const PREPARED_VARY = 'Accept-Language, Cookie, Accept-Encoding';

export function preparePage(body: string, opts: { status?: number; cacheControl: string; type?: string }): PreparedPage {
  const identity = Buffer.from(body, 'utf8');
  return {
    status: opts.status ?? 200,
    type: opts.type ?? 'text/html; charset=utf-8',
    etag: etagOf(body),
    cacheControl: opts.cacheControl,
    identity,
    // Once per page and change, so the best ratio is affordable (quality 9 of 11; gzip level 9).
    br: zlib.brotliCompressSync(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    gzip: zlib.gzipSync(identity, { level: 9 }),
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

/** Sends a prepared page: 304 on a matching If-None-Match, else the bytes in the accepted encoding. */
export function sendPrepared(req: FastifyRequest, reply: FastifyReply, p: PreparedPage): FastifyReply {
  const enc = pickEncoding(req.headers['accept-encoding']);
  const etag = enc === 'br' ? variantTag(p.etag, 'br') : enc === 'gzip' ? variantTag(p.etag, 'gz') : p.etag;
  void reply.header('etag', etag).header('vary', PREPARED_VARY).header('cache-control', p.cacheControl);
  const inm = req.headers['if-none-match'];
  if (p.status === 200 && inm) {
    const tags = new Set([p.etag, variantTag(p.etag, 'br'), variantTag(p.etag, 'gz')]);
    if (inm.split(',').some((v) => { const t = v.trim(); return tags.has(t.startsWith('W/') ? t.slice(2) : t); })) return reply.status(304).send();
  }
  if (enc) void reply.header('content-encoding', enc);
  return reply.status(p.status).type(p.type).send(enc === 'br' ? p.br : enc === 'gzip' ? p.gzip : p.identity);
}
