/**
 * The exchange administrator's API (exchange.package.manage): channel status, history and rejections per
 * peer, this site's card, and export/import of packages from the workbench page (the CLI
 * `npm run exchange` does the same on the server's console).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../platform.ts';
import { requirePermission } from '../http/actor.ts';
import { AppError, invalid } from '../http/errors.ts';
import type { ExchangeService } from './exchange.service.ts';

export interface ExchangeRouteOptions extends RouteOptions { exchange: ExchangeService }

const tags = ['exchange'];
const Peer = z.object({ peer: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'a site name') });
const RecordView = z.object({ seq: z.number(), kind: z.string(), id: z.string(), version: z.string(), status: z.string(), reason: z.string().nullable() });

/** The largest package the page takes (it is spooled to a temporary file, never held in memory). */
export const WEB_PACKAGE_MAX_BYTES = 16 * 1024 ** 3;

/** An uploaded package, spooled to a temporary directory (removed when the answer has gone). */
interface Spooled { spooled: true; dir: string; file: string; bytes: number }

/** Streams a request body into a temporary file, counting the bytes against `max`. */
async function spool(payload: Readable, max: number): Promise<Spooled> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sunland-exchange-in-'));
  const file = path.join(dir, 'package.sxp');
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > max) cb(new AppError('request.too_large', `the package is larger than ${max} bytes; carry it with the command line (npm run exchange -- import)`, { field: 'body', limit: max }));
      else cb(null, chunk);
    },
  });
  try {
    await pipeline(payload, count, fs.createWriteStream(file));
    return { spooled: true, dir, file, bytes };
  } catch (e) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw e;
  }
}
const isSpooled = (b: unknown): b is Spooled => typeof b === 'object' && b !== null && (b as Spooled).spooled === true;

export const exchangeRoutes: FastifyPluginAsync<ExchangeRouteOptions> = async (app, { exchange }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Packages stream through the page both ways (a temporary file each), as the CLI does: a map
  // layer of gigabytes never sits in the server's memory.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => {
    spool(payload, WEB_PACKAGE_MAX_BYTES).then((s) => done(null, s), (e: Error) => done(e, undefined));
  });
  app.addHook('onResponse', async (req) => {
    if (isSpooled(req.body)) await fs.promises.rm(req.body.dir, { recursive: true, force: true });
  });

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
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sunland-exchange-out-'));
    const cleanup = () => { fs.promises.rm(dir, { recursive: true, force: true }).catch(() => undefined); };
    try {
      const p = await exchange.exportPackage(actor, req.params.peer, { dir });
      const size = (await fs.promises.stat(p.file!)).size;
      const stream = fs.createReadStream(p.file!);
      stream.on('close', cleanup);
      return reply.type('application/octet-stream').header('content-disposition', `attachment; filename="${p.name}"`).header('content-length', String(size))
        .header('x-exchange-seq', String(p.seq)).header('x-exchange-records', String(p.records)).send(stream);
    } catch (e) {
      cleanup();
      throw e;
    }
  });

  r.post('/api/exchange/import', {
    schema: {
      tags, summary: 'Import a package file (body: application/octet-stream). dryRun=true checks it and shows what would change without applying',
      querystring: z.object({ dryRun: z.enum(['true', 'false']).default('true') }),
    },
  }, async (req) => {
    const actor = requirePermission(req, 'exchange.package.manage');
    const body = req.body;
    if (!isSpooled(body) || body.bytes === 0) throw invalid('body', 'send the package file as application/octet-stream', '请以 application/octet-stream 方式上传数据交换包文件');
    return exchange.importPackage(actor, { file: body.file }, { dryRun: req.query.dryRun === 'true' });
  });
};
