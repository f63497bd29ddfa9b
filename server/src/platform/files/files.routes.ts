import type { FastifyPluginAsync } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorContext, requireActor, requirePermission } from '../http/actor.ts';
import { withContext } from '../db/context.ts';
import type { RouteOptions } from '../platform.ts';
import { receiveUpload } from './receive-upload.ts';

export interface FilesRouteOptions extends RouteOptions {
  /** Lets anyone upload (rate-limited), for the public portal's forms. Off by default. */
  publicUpload?: boolean;
}

const UploadResult = z.object({ id: z.string(), sha256: z.string(), size: z.number(), mime: z.string(), name: z.string() });
/** Types a browser may show in place; anything else is always downloaded. */
const INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/** RFC 6266: an ASCII fallback and the exact UTF-8 name (中文文件名) in filename*. */
export function contentDisposition(name: string, type: 'attachment' | 'inline'): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export const filesRoutes: FastifyPluginAsync<FilesRouteOptions> = async (app, { platform, publicUpload = false }) => {
  const { files } = platform;
  // Registered here so multipart parsing exists only on these routes. One byte over the limit
  // reaches our own counter, which answers files.too_large; busboy then stops reading.
  await app.register(fastifyMultipart, {
    limits: { fileSize: files.maxBytes + 1, files: 1, fields: 0, parts: 1, fieldNameSize: 100, headerPairs: 100 },
    throwFileSizeLimit: false,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/files', {
    config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: {
      tags: ['files'], summary: 'Upload one file as multipart/form-data field `file` (上传文件)',
      consumes: ['multipart/form-data'],
      response: { 201: UploadResult },
    },
  }, async (req, reply) => {
    const actor = publicUpload ? req.actor : requirePermission(req, 'platform.file.upload');
    const upload = await receiveUpload(req, platform, {
      context: actorContext(actor), actor, uploadedBy: actor?.userId ?? null, orgPath: actor?.scopePath ?? null,
    });
    return reply.status(201).send({ id: upload.id, sha256: upload.sha256, size: upload.size, mime: upload.mime, name: upload.name });
  });

  r.get('/api/files/:id', {
    schema: {
      tags: ['files'], summary: 'Download a file in the active post’s scope (下载文件)',
      params: z.strictObject({ id: z.uuid() }),
      querystring: z.strictObject({ inline: z.enum(['true', 'false', '1', '0']).optional() }),
    },
  }, async (req, reply) => {
    const actor = requireActor(req);
    const upload = await withContext(platform.db, actorContext(actor), (trx) => files.getUpload(trx, req.params.id));
    const stream = await files.openContent(upload.sha256);
    const inline = (req.query.inline === 'true' || req.query.inline === '1') && INLINE.has(upload.mime);
    return reply
      .header('content-type', upload.mime.startsWith('text/') ? `${upload.mime}; charset=utf-8` : upload.mime)
      .header('content-length', upload.size)
      .header('content-disposition', contentDisposition(upload.name, inline ? 'inline' : 'attachment'))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('etag', `"${upload.sha256}"`)
      .send(stream);
  });
};
