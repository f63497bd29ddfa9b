/**
 * Field app HTTP surface (外业核查): forms, assignments, resumable photo uploads (tus-like:
 * POST to create, GET for the offset, PATCH with `Upload-Offset` to append), and records.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../platform.ts';
import { requireActor } from '../http/actor.ts';
import { AppError } from '../http/errors.ts';
import { CHUNK_MAX_BYTES } from './field.service.ts';

const tags = ['field'];
const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256');
const LON = z.number().min(-180).max(180);
const LAT = z.number().min(-90).max(90);
const ISO = z.string().datetime({ offset: true });
const UploadState = z.object({
  id: z.string(), offset: z.number(), size: z.number(), complete: z.boolean(), sha256: z.string().nullable(),
  exif: z.object({ takenAt: z.string().nullable(), lon: z.number().nullable(), lat: z.number().nullable() }).nullable().optional()
    .describe('The photo\'s own EXIF (time taken, GPS position) read when the last chunk completed it; null when it has none'),
});
const IdParam = z.object({ id: z.string().uuid() });

export const RecordBody = z.object({
  recordId: z.string().uuid(),
  kind: z.string().min(1).max(60),
  assignmentId: z.string().min(1).max(200),
  baseVersion: z.string().min(1).max(200),
  values: z.record(z.string().max(60), z.union([z.string().max(4000), z.number(), z.boolean(), z.null()])).refine((v) => Object.keys(v).length <= 100, 'at most 100 values'),
  position: z.object({ lon: LON, lat: LAT, accuracyM: z.number().min(0).max(100_000).nullable() }).nullable(),
  photos: z.array(z.object({
    sha256: SHA256, takenAt: ISO, lon: LON.nullable(), lat: LAT.nullable(), headingDeg: z.number().min(0).max(360).nullable(),
  })).max(30),
  signatureSha256: SHA256.nullable(),
  recordedAt: ISO,
});

export const fieldRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const field = platform.field;
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Chunks arrive as raw bytes (the tus content type); capped per request.
  app.addContentTypeParser('application/offset+octet-stream', { parseAs: 'buffer', bodyLimit: CHUNK_MAX_BYTES }, (_req, body, done) => done(null, body));

  r.get('/api/field/forms', { schema: { tags, summary: 'Field forms this post may use (外业核查表单), with their fields' } }, async (req) => {
    const actor = requireActor(req);
    return field.forms(actor);
  });

  r.get('/api/field/assignments', {
    schema: { tags, summary: 'Every form\'s assignments of this post (核查任务) with geometry, details and version' },
  }, async (req) => field.assignments(requireActor(req)));

  r.post('/api/field/uploads', {
    schema: {
      tags, summary: 'Start a resumable photo upload (JPEG or PNG)',
      body: z.object({ name: z.string().trim().min(1).max(255), mime: z.string().max(100), size: z.number().int().min(1) }),
      response: { 201: UploadState },
    },
  }, async (req, reply) => reply.status(201).send(await field.beginUpload(requireActor(req), req.body)));

  r.get('/api/field/uploads/:id', {
    schema: { tags, summary: 'Where an upload stands: the next offset, or its SHA-256 once complete', params: IdParam, response: { 200: UploadState } },
  }, async (req) => field.uploadStatus(requireActor(req), req.params.id));

  r.patch('/api/field/uploads/:id', {
    schema: {
      tags, summary: 'Append a chunk at Upload-Offset (Content-Type application/offset+octet-stream); the last one completes the upload',
      params: IdParam, headers: z.object({ 'upload-offset': z.coerce.number().int().min(0) }).passthrough(), response: { 200: UploadState },
    },
  }, async (req) => {
    const actor = requireActor(req);
    // An empty body (only to finish an upload whose bytes all arrived) may come without a parsed type.
    const body = req.body ?? Buffer.alloc(0);
    if (!Buffer.isBuffer(body)) {
      throw new AppError('request.unsupported_media_type', 'body: send the chunk\'s bytes as application/offset+octet-stream', { field: 'body' });
    }
    return field.appendChunk(actor, req.params.id, req.headers['upload-offset'], body, req.ip);
  });

  r.post('/api/field/records', {
    schema: {
      tags, summary: 'Sync one field record (核查记录), idempotent by recordId; 409 field.version_conflict when the subject changed',
      body: RecordBody,
    },
  }, async (req, reply) => {
    const answer = await field.submitRecord(requireActor(req), req.body, req.ip);
    return reply.status(answer.replayed ? 200 : 201).send(answer);
  });

  r.get('/api/field/records', {
    schema: { tags, summary: 'Field records of one subject (核查记录), newest first', querystring: z.object({ kind: z.string().max(60), assignmentId: z.string().max(200) }) },
  }, async (req) => {
    const actor = requireActor(req);
    field.providerFor(actor, req.query.kind);
    return field.inScope(actor, (trx) => field.listRecords(trx, req.query.kind, req.query.assignmentId));
  });
};
