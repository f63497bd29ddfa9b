import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorContext, requirePermission } from '../http/actor.ts';
import { withContext } from '../db/context.ts';
import { AppError } from '../http/errors.ts';
import type { RouteOptions } from '../platform.ts';

const PublicDocument = z.object({
  kind: z.string(), kindName: z.string(), title: z.string(), docNo: z.string(), issuer: z.string(),
  issuedAt: z.string(), sha256: z.string(), size: z.number(),
  status: z.enum(['valid', 'revoked', 'superseded']), statusChangedAt: z.string().nullable(), verifyToken: z.string(),
});
const BytesCheck = z.object({ match: z.boolean(), sha256: z.string(), document: PublicDocument.nullable() });

export const documentsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { documents } = platform;

  // A PDF uploaded for checking arrives as the raw body; this parser lives only in this plugin.
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: platform.env.FILE_MAX_BYTES },
    (_req, body, done) => done(null, body));

  r.get('/api/public/documents/verify/:token', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['documents'], summary: 'Verify a document by the code in its QR (文书核验)',
      params: z.object({ token: z.string().min(1).max(100) }),
      response: { 200: PublicDocument },
    },
  }, async (req) => documents.verify(req.params.token));

  r.post('/api/public/documents/verify', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['documents'], summary: 'Check whether an uploaded PDF is exactly a registered document (body: application/pdf)',
      response: { 200: BytesCheck },
    },
  }, async (req) => {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new AppError('validation.failed', 'body: send the PDF bytes with Content-Type application/pdf', { field: 'body' });
    }
    return documents.verifyBytes(req.body);
  });

  r.get('/api/documents/:id/pdf', {
    schema: {
      tags: ['documents'], summary: 'Download an issued document (staff, inside the active post’s scope)',
      params: z.object({ id: z.coerce.number().int().positive() }),
    },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'platform.workbench.view');
    const { document, bytes } = await withContext(platform.db, actorContext(actor), (trx) => documents.getPdf(trx, req.params.id));
    return reply.type('application/pdf')
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(document.docNo)}.pdf`)
      .header('x-content-sha256', document.sha256)
      .send(bytes);
  });
};
