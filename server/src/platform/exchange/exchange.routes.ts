/**
 * The exchange administrator's API (exchange.package.manage): channel status, history and rejections per
 * peer, this site's card, and export/import of packages from the workbench page (the CLI
 * `npm run exchange` does the same on the server's console).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../platform.ts';
import { requirePermission } from '../http/actor.ts';
import { invalid } from '../http/errors.ts';
import type { ExchangeService } from './exchange.service.ts';

export interface ExchangeRouteOptions extends RouteOptions { exchange: ExchangeService }

const tags = ['exchange'];
const Peer = z.object({ peer: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'a site name') });
const RecordView = z.object({ seq: z.number(), kind: z.string(), id: z.string(), version: z.string(), status: z.string(), reason: z.string().nullable() });

export const exchangeRoutes: FastifyPluginAsync<ExchangeRouteOptions> = async (app, { platform, exchange }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: platform.env.FILE_MAX_BYTES * 4 }, (_req, body, done) => done(null, body));

  r.get('/api/exchange/status', {
    schema: {
      tags, summary: 'This site’s role and, per peer site, the last package sequence sent and received, records pending, delivered and rejected (交换通道)',
      response: { 200: z.object({
        site: z.string(), role: z.string(),
        channels: z.array(z.object({
          peer: z.string(), role: z.string(), sentSeq: z.number(), receivedSeq: z.number(), pending: z.number(), delivered: z.number(), rejected: z.number(),
          receiptsOwed: z.number(), peerLogSize: z.number().nullable(), lastActivity: z.string().nullable(),
        })),
      }) },
    },
  }, async (req) => {
    requirePermission(req, 'exchange.package.manage');
    return exchange.status();
  });

  r.get('/api/exchange/channels/:peer/history', {
    schema: {
      tags, summary: 'Packages sent, received and refused (with the reason), records pending and rejected on one channel', params: Peer,
      response: { 200: z.object({
        packages: z.array(z.object({ direction: z.string(), seq: z.number(), hash: z.string(), records: z.number(), files: z.number(), bytes: z.number(), reason: z.string().nullable(), at: z.string() })),
        rejected: z.array(RecordView), pending: z.array(RecordView),
      }) },
    },
  }, async (req) => {
    requirePermission(req, 'exchange.package.manage');
    return exchange.history(req.params.peer);
  });

  r.post('/api/exchange/channels/:peer/export', {
    schema: { tags, summary: 'Export the next package to the peer (download; the file goes on the stick as it is)', params: Peer },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'exchange.package.manage');
    const p = await exchange.exportPackage(actor, req.params.peer);
    return reply.type('application/octet-stream').header('content-disposition', `attachment; filename="${p.name}"`)
      .header('x-exchange-seq', String(p.seq)).header('x-exchange-records', String(p.records)).send(p.bytes);
  });

  r.post('/api/exchange/import', {
    schema: {
      tags, summary: 'Import a package file (body: application/octet-stream). dryRun=true checks it and shows what would change without applying',
      querystring: z.object({ dryRun: z.enum(['true', 'false']).default('true') }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'exchange.package.manage');
    const body = req.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw invalid('body', 'send the package file as application/octet-stream');
    return exchange.importPackage(actor, body, { dryRun: req.query.dryRun === 'true' });
  });
};
