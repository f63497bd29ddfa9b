/**
 * Public (no login) tip-off routes: the form's reference lists, the proof-of-work challenge,
 * uploads, submission (rate limit + PoW + Idempotency-Key), tracking and disputes.
 */
import type { FastifyPluginAsync } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { SYSTEM_CONTEXT, withContext } from '../../platform/db/context.ts';
import { receiveUpload, type FileKind } from '../../platform/files/index.ts';
import { sql } from 'kysely';
import type { TipoffsRouteOptions } from './tipoffs.routes.ts';
import {
  Challenge, CHANNELS, DisputeInput, PublicReportInput, Receipt, REFUSAL_REASONS, TrackView, UploadView, VIOLATION_TYPES,
} from './tipoffs.schemas.ts';
import { issueChallenge, spendChallenge } from './pow.ts';
import { acknowledgementText, createReport } from './intake.ts';
import { normalizeTrackingCode, nowOf, sha256Hex } from './tipoffs.deps.ts';
import { myReports, reportIdForTracking, trackView } from './views.ts';
import { requireActor } from '../../platform/http/actor.ts';
import { dispute } from './ledger.ts';

const tags = ['tipoffs'];
const ATTACHMENT_KINDS: readonly FileKind[] = ['jpeg', 'png', 'pdf'];
/** JSON bodies of the public form are small; files go through uploads. */
export const PUBLIC_BODY_LIMIT = 64 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{16,100}$/;

/** Canonical JSON (sorted keys) of the body without the proof of work: a retry with a new challenge is the same submission. */
function bodyHash(body: Record<string, unknown>): string {
  const { pow: _pow, ...rest } = body;
  const canon = (v: unknown): unknown => (Array.isArray(v) ? v.map(canon)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canon(x)])) : v);
  return sha256Hex(JSON.stringify(canon(rest)));
}

export const publicRoutes: FastifyPluginAsync<TipoffsRouteOptions> = async (app, { platform, tipoffs }) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: platform.files.maxBytes + 1, files: 1, fields: 0, parts: 1, fieldNameSize: 100, headerPairs: 100 },
    throwFileSizeLimit: false,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = tipoffs;

  r.get('/api/public/tipoffs/types', {
    schema: {
      tags, summary: 'Violation types, channels and refusal reasons (违法类型、举报渠道、不予受理情形)',
      response: { 200: z.object({
        types: z.array(z.object({ code: z.string(), category: z.string(), name: z.string(), nameEn: z.string() })),
        channels: z.array(z.object({ code: z.string(), name: z.string() })),
        refusalReasons: z.array(z.object({ code: z.string(), name: z.string(), redirect: z.string() })),
      }) },
    },
  }, async () => ({
    types: Object.entries(VIOLATION_TYPES).map(([code, v]) => ({ code, ...v })),
    channels: Object.entries(CHANNELS).map(([code, name]) => ({ code, name })),
    refusalReasons: Object.entries(REFUSAL_REASONS).map(([code, v]) => ({ code, ...v })),
  }));

  r.get('/api/public/tipoffs/challenge', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags, summary: 'A proof-of-work challenge for the public form: find nonce with sha256(challenge + nonce) having `difficulty` leading zero bits', response: { 200: Challenge } },
  }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return withContext(platform.db, SYSTEM_CONTEXT, (trx) => issueChallenge(deps, trx));
  });

  r.post('/api/public/tipoffs/uploads', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Upload one photo or document (JPEG, PNG, PDF) as multipart field `file`; put the id into `files` of the report',
      consumes: ['multipart/form-data'], response: { 201: UploadView },
    },
  }, async (req, reply) => {
    // No uploader and the country scope: only the intake (system scope) takes it over.
    const u = await receiveUpload(req, platform, {
      context: SYSTEM_CONTEXT, actor: null, uploadedBy: null, orgPath: 'cn', auditOrgPath: null, allow: ATTACHMENT_KINDS, purpose: 'tipoffs.attachment',
    });
    return reply.status(201).send({ id: u.id, sha256: u.sha256, size: u.size, mime: u.mime, name: u.name });
  });

  r.post('/api/public/tipoffs/reports', {
    bodyLimit: PUBLIC_BODY_LIMIT,
    config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Report a violation (举报), anonymous or real-name; header Idempotency-Key required, body with a solved `pow`',
      headers: z.object({ 'idempotency-key': z.string().optional() }).loose(),
      body: PublicReportInput, response: { 200: Receipt, 201: Receipt },
    },
  }, async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
      throw invalid('Idempotency-Key', 'header required: 16–100 visible ASCII characters (e.g. a UUID), the same for retries of one report', '请求头必填：应为16至100个可见ASCII字符（如 UUID），同一举报重试时须保持不变');
    }
    const hash = bodyHash(req.body as unknown as Record<string, unknown>);
    const out = await withContext(platform.db, SYSTEM_CONTEXT, async (trx) => {
      // Two requests with one key queue here; the second finds the first's report.
      await sql`select pg_advisory_xact_lock(hashtext(${`tipoffs:idem:${key}`}))`.execute(trx);
      const prior = await trx.selectFrom('tipoffs.reports').select(['reportNo', 'trackingCode', 'receivedAt', 'status', 'idempotencyHash', 'mergedIntoId'])
        .where('idempotencyKey', '=', key).executeTakeFirst();
      if (prior) {
        if (prior.idempotencyHash !== hash) throw new AppError('tipoffs.idempotency_conflict', 'Idempotency-Key: already used for a different report', { field: 'Idempotency-Key' });
        return {
          replay: true,
          receipt: { trackingCode: prior.trackingCode, reportNo: prior.reportNo, receivedAt: prior.receivedAt.toISOString(), status: prior.status, acknowledgement: acknowledgementText(prior.reportNo, prior.trackingCode) },
        };
      }
      await spendChallenge(deps, trx, req.body.pow);
      const { pow: _pow, ...input } = req.body;
      const created = await createReport(deps, trx, null, {
        ...input, channel: 'web', idempotencyKey: key, idempotencyHash: hash,
        // Signed in with a public account: the account follows its real-name reports (我的办件).
        accountUserId: req.actor?.kind === 'public' ? req.actor.userId : null,
      });
      return { replay: false, receipt: { trackingCode: created.trackingCode, reportNo: created.reportNo, receivedAt: created.receivedAt, status: created.status, acknowledgement: created.acknowledgement } };
    });
    return reply.status(out.replay ? 200 : 201).send(out.receipt);
  });

  // The tracking code lets its holder act as the reporter: it travels in the body, never in a URL
  // (request logs, proxies and browser history keep URLs).
  const TrackingCode = z.string().min(8).max(20);
  function codeOf(raw: string): string {
    const c = normalizeTrackingCode(raw);
    if (!c) throw new AppError('tipoffs.tracking_not_found', 'trackingCode: 12 letters and digits, e.g. ABCD-EFGH-JKMN', { field: 'trackingCode' });
    return c;
  }

  r.post('/api/public/tipoffs/track', {
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Progress and feedback of a report by its tracking code (查询办理进度)', body: z.strictObject({ trackingCode: TrackingCode }), response: { 200: TrackView } },
  }, async (req) => {
    const code = codeOf(req.body.trackingCode);
    return withContext(platform.db, SYSTEM_CONTEXT, (trx) => trackView(trx, code, nowOf(deps)));
  });

  r.post('/api/public/tipoffs/track/dispute', {
    bodyLimit: PUBLIC_BODY_LIMIT,
    config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Dispute the feedback (对办理结果有异议): the report is handled again', body: DisputeInput.extend({ trackingCode: TrackingCode }), response: { 200: TrackView } },
  }, async (req) => {
    const code = codeOf(req.body.trackingCode);
    return withContext(platform.db, SYSTEM_CONTEXT, async (trx) => {
      const id = await reportIdForTracking(trx, code);
      await dispute(deps, trx, id, req.body.reason, req.ip);
      return trackView(trx, code, nowOf(deps));
    });
  });

  r.get('/api/public/tipoffs/mine', {
    schema: {
      tags, summary: 'The real-name reports filed while signed in with this public account (我的办件), with their progress; anonymous reports are never listed',
      response: { 200: z.array(TrackView) },
    },
  }, async (req) => {
    const actor = requireActor(req);
    if (actor.kind !== 'public') throw new AppError('access.forbidden', 'log in with a public account', { permission: 'public' });
    return withContext(platform.db, SYSTEM_CONTEXT, (trx) => myReports(trx, actor.userId, nowOf(deps)));
  });
};
