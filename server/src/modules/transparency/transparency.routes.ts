/**
 * The log's public surface: the C2SP tlog-tiles layout under /log/ (checkpoint, tiles, entry
 * bundles, verifier key) and JSON proofs under /api/transparency/. Everything is public; only
 * issuing a checkpoint on demand needs a permission.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { requirePermission } from '../../platform/http/actor.ts';
import { parseTileIndex, TILE_WIDTH } from './merkle.ts';
import type { TransparencyService } from './transparency.service.ts';

export interface TransparencyRouteOptions extends RouteOptions {
  transparency: TransparencyService;
}

const tags = ['transparency'];
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=10';
const TILE = /^(entries|\d{1,2})\/((?:x\d{3}\/)*\d{3})(?:\.p\/(\d{1,3}))?$/;

const Checkpoint = z.object({ size: z.number(), root: z.string(), note: z.string(), createdAt: z.string(), cosignatures: z.array(z.object({ witness: z.string(), line: z.string() })) });
const Entry = z.object({ index: z.number(), kind: z.string(), data: z.string(), leafHash: z.string(), createdAt: z.string() });
const Index = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

function notFound(reply: FastifyReply, what: string) {
  return reply.status(404).header('cache-control', 'no-store').send({ error: { code: 'not_found', message: what } });
}

export const transparencyRoutes: FastifyPluginAsync<TransparencyRouteOptions> = async (app, { transparency }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/log/checkpoint', {
    schema: { tags, summary: 'The newest signed checkpoint (C2SP tlog-checkpoint, signed note)', produces: ['text/plain'] },
  }, async (_req, reply) => {
    const c = await transparency.latestCheckpoint();
    return reply.header('cache-control', SHORT).type('text/plain; charset=utf-8').send(c.note);
  });

  r.get('/log/vkey', {
    schema: { tags, summary: 'Verifier key of the log (signed-note vkey: <name>+<hash>+<base64(0x01||Ed25519 key)>)', produces: ['text/plain'] },
  }, async (_req, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/plain; charset=utf-8').send(`${await transparency.vkey()}\n`));

  r.get('/log/vkey-sm2', {
    schema: { tags, summary: 'SM2 verifier key of the log (experimental signed-note type 0xff "sm2"; every checkpoint carries an SM2 signature too)', produces: ['text/plain'] },
  }, async (_req, reply) => {
    const v = await transparency.sm2Vkey();
    if (!v) return notFound(reply, 'this server signs no SM2 checkpoints');
    return reply.header('cache-control', 'public, max-age=3600').type('text/plain; charset=utf-8').send(`${v}\n`);
  });

  r.get('/log/tile/*', {
    schema: { tags, summary: 'A tile (/log/tile/<L>/<N>[.p/<W>]) or an entry bundle (/log/tile/entries/<N>[.p/<W>]), C2SP tlog-tiles, height 8' },
  }, async (req, reply) => {
    const rest = (req.params as { '*': string })['*'];
    const m = TILE.exec(rest);
    const index = m ? parseTileIndex(m[2]) : undefined;
    const width = m?.[3] === undefined ? TILE_WIDTH : Number(m[3]);
    if (!m || index === undefined || !(width >= 1 && width <= TILE_WIDTH) || (m[3] !== undefined && width === TILE_WIDTH)) {
      return notFound(reply, `not a tile path: /log/tile/${rest}`);
    }
    const body = m[1] === 'entries'
      ? await transparency.entryBundle(index, width)
      : Number(m[1]) <= 7 ? await transparency.tile(Number(m[1]), index, width) : undefined;
    if (!body) return notFound(reply, `no such tile yet: /log/tile/${rest}`);
    return reply.header('cache-control', width === TILE_WIDTH ? IMMUTABLE : SHORT).type('application/octet-stream').send(body);
  });

  r.get('/api/transparency/checkpoint', {
    schema: { tags, summary: 'The newest checkpoint as JSON (最新检查点)', response: { 200: Checkpoint } },
  }, async () => transparency.latestCheckpoint());

  r.get('/api/transparency/checkpoints/:size', {
    schema: { tags, summary: 'The checkpoint issued at a tree size', params: z.object({ size: Index }), response: { 200: Checkpoint } },
  }, async (req) => transparency.checkpointAt(req.params.size));

  r.post('/api/transparency/checkpoints', {
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Issue a checkpoint now (签发检查点)', response: { 200: Checkpoint } },
  }, async (req) => {
    requirePermission(req, 'transparency.checkpoint.issue');
    const cp = await transparency.issueCheckpoint();
    // The configured witnesses are asked at once; a refusal or an unreachable witness does not fail the checkpoint.
    if (!(await transparency.requestCosignatures()).length) return cp;
    return transparency.checkpointAt(cp.size);
  });

  r.get('/log/witnesses', {
    schema: { tags, summary: 'Witness keys whose cosignatures /log/checkpoint carries (cosignature/v1 vkeys, one a line)', produces: ['text/plain'] },
  }, async (_req, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/plain; charset=utf-8')
    .send(transparency.witnessVkeys().map((v) => `${v}\n`).join('')));

  r.post('/api/transparency/cosignatures', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'A witness pushes its cosignature line of a checkpoint (C2SP tlog-cosignature); stored once it verifies under a configured witness key',
      body: z.object({ size: Index, line: z.string().max(300) }), response: { 200: Checkpoint },
    },
  }, async (req) => transparency.addCosignature(req.body.size, req.body.line));

  r.get('/api/transparency/entries', {
    schema: {
      tags, summary: 'Entries, newest first (日志条目)',
      querystring: z.object({ kind: z.string().regex(/^[a-z_.]+$/).max(60).optional(), before: Index.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.array(Entry) },
    },
  }, async (req) => transparency.listEntries(req.query));

  r.get('/api/transparency/entries/by-sha256/:sha256', {
    schema: {
      tags, summary: 'Entries that name a file (a document) by its SHA-256, for /verify',
      params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits') }),
      response: { 200: z.array(z.object({ index: z.number(), kind: z.string() })) },
    },
  }, async (req) => transparency.entriesBySha256(req.params.sha256));

  r.get('/api/transparency/entries/:index', {
    schema: { tags, summary: 'One entry with its exact bytes (UTF-8 canonical JSON)', params: z.object({ index: Index }), response: { 200: Entry } },
  }, async (req) => transparency.entry(req.params.index));

  r.get('/api/transparency/proofs/inclusion', {
    schema: {
      tags, summary: 'RFC 9162 inclusion proof of an entry in the tree of `size` (default: newest checkpoint)',
      querystring: z.object({ index: Index, size: Index.optional() }),
      response: { 200: z.object({ index: z.number(), size: z.number(), leafHash: z.string(), root: z.string(), proof: z.array(z.string()) }) },
    },
  }, async (req) => transparency.inclusionProof(req.query.index, req.query.size));

  r.get('/api/transparency/proofs/consistency', {
    schema: {
      tags, summary: 'RFC 9162 consistency proof between tree sizes `first` and `second`',
      querystring: z.object({ first: Index, second: Index }),
      response: { 200: z.object({ first: z.number(), second: z.number(), firstRoot: z.string(), secondRoot: z.string(), proof: z.array(z.string()) }) },
    },
  }, async (req) => transparency.consistencyProof(req.query.first, req.query.second));
};
