/**
 * Delivery for slow links (issue 10, a township on 1 Mbps / 200 ms):
 * - on-the-fly brotli or gzip for answers above COMPRESS_MIN_BYTES whose type compresses well
 *   (JSON, GeoJSON, OGC items, vector tiles, text); never for SSE streams, PDFs or images;
 * - the built web app served with its precompressed twins (`.br`, `.gz`, written by
 *   scripts/build-web.ts) when the browser accepts them, hashed `/assets/*` cached for a year
 *   (`immutable`), `index.html` always revalidated (`no-cache`).
 */
import { redactUrl } from './log-redact.ts';
import path from 'node:path';
import zlib from 'node:zlib';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';

/** Types worth compressing on the fly. text/event-stream is left out on purpose (it must stream). */
export const COMPRESSIBLE = /^(application\/(json|geo\+json|problem\+json|vnd\.mapbox-vector-tile|x-protobuf|javascript|xml)|text\/(html|css|plain|csv|javascript|xml)|image\/svg\+xml)\s*(;|$)/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';

const DYNAMIC = /^\/(api|ogc|open311|tiles|healthz|readyz|log)(\/|$)/;

/**
 * One log line per request, when it is answered (method, url, status, milliseconds; errors as
 * before at error level); requests of the web app's static files (assets, index.html, client
 * routes) only at debug level.
 */
export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (DYNAMIC.test(request.url.split('?')[0] ?? '/')) reply.log.info(line, 'request');
    else reply.log.debug(line, 'request');
  }
}

/** Registers on-the-fly compression; call before any route is registered (hooks bind at route creation). */
export async function registerCompression(app: FastifyInstance, opts: { minBytes: number }): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    threshold: opts.minBytes,
    encodings: ['br', 'gzip'],
    customTypes: COMPRESSIBLE,
    // Quality 4: most of brotli's gain at a fraction of its CPU (quality 11 is for build time).
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
}

/**
 * Serves web/dist: assets (precompressed when available), and index.html for client-side
 * routes; unknown API paths and missing assets get the JSON 404.
 */
export async function serveWebApp(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    // `/` is the server-rendered home (public-home.ts), not index.html: client routes get it from the catch-all.
    index: false,
    setHeaders(reply, filePath) {
      const rel = path.relative(root, filePath).split(path.sep).join('/');
      // Vite names every asset by its content hash: a changed file is a new URL.
      void reply.header('cache-control', rel.startsWith('assets/') ? IMMUTABLE : 'no-cache');
    },
  });
  // A catch-all route, not a second not-found handler (Fastify allows one per prefix).
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    const p = req.url.split('?')[0] ?? '/';
    // The offline field app is its own page (web/field.html), kept by its service worker.
    if (p === '/field' || p.startsWith('/field/')) return reply.header('cache-control', 'no-cache').type('text/html').sendFile('field.html');
    if (!/^\/(api|ogc|open311|tiles|healthz|readyz|log)(\/|$)/.test(p) && !path.extname(p)) {
      return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${p}` } });
  });
}
