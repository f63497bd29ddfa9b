/**
 * Builds the whole application from the platform services and the modules. `main.ts` and the
 * tests both call it, so tests run exactly what production runs.
 */
import path from 'node:path';
import fs from 'node:fs';
import fastifyStatic from '@fastify/static';
import { sql } from 'kysely';
import type { Env } from './env.ts';
import { createDb, createPool, type Db } from './platform/db/database.ts';
import { createHttp, type HttpApp } from './platform/http/server.ts';
import type { Platform } from './platform/platform.ts';
import { createAuditService, auditRoutes } from './platform/audit/index.ts';
import { createCalendarService, calendarRoutes } from './platform/calendar/index.ts';
import { createFileStore, filesRoutes } from './platform/files/index.ts';
import { createJobs } from './platform/jobs/index.ts';
import { createNotifyService, notifyRoutes } from './platform/notify/index.ts';
import { createOrgsService, orgsRoutes } from './platform/orgs/index.ts';
import { createIdentityService, identityRoutes } from './platform/identity/index.ts';
import { createDocumentService, documentsRoutes } from './platform/documents/index.ts';
import { createApprovalsService, approvalsRoutes } from './modules/approvals/index.ts';
import { createLayersService, mapRoutes, ogcRoutes } from './modules/map/index.ts';
import { geoRoutes } from './platform/geo/index.ts';
import { createTilesService, tilesRoutes } from './modules/map/tiles/index.ts';
import { createTipoffsService, tipoffsRoutes } from './modules/tipoffs/index.ts';
import { createTransparencyService, transparencyRoutes } from './modules/transparency/index.ts';
import { createSelectionService, selectionRoutes } from './modules/selection/index.ts';

export interface App {
  http: HttpApp;
  platform: Platform;
  /** Starts background work (jobs, outbox delivery). Tests may leave it off. */
  startBackground(): Promise<void>;
  close(): Promise<void>;
}

export interface BuildOptions {
  env: Env;
  /** Application-role connection string (never a superuser). */
  appUrl: string;
}

export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

export async function buildApp({ env, appUrl }: BuildOptions): Promise<App> {
  const pool = createPool(appUrl, env.DB_POOL_MAX);
  const db: Db = createDb(pool);

  const audit = createAuditService({ db });
  const calendar = createCalendarService({ db, audit });
  const files = createFileStore({ db, dataDir: env.dataDir, maxBytes: env.FILE_MAX_BYTES });
  const jobs = createJobs({ connectionString: appUrl, env });
  const notify = createNotifyService({ db, env, jobs, connectionString: appUrl });
  const orgs = createOrgsService({ db });
  const identity = createIdentityService({ db, env, audit, notify, orgs });
  const documents = createDocumentService({ db, env, audit, orgs });
  const platform: Platform = { env, db, audit, calendar, files, jobs, notify, orgs, identity, documents };

  const http = await createHttp({ logLevel: env.LOG_LEVEL, bodyLimit: env.BODY_MAX_BYTES, trustProxy: env.TRUST_PROXY });

  http.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  // Authentication runs first for every request: it fills request.actor or leaves it null.
  http.addHook('onRequest', identity.authenticateRequest);

  const opts = { platform };
  await http.register(identityRoutes, opts);
  await http.register(orgsRoutes, opts);
  await http.register(auditRoutes, opts);
  await http.register(calendarRoutes, opts);
  await http.register(filesRoutes, opts);
  await http.register(notifyRoutes, opts);
  await http.register(documentsRoutes, opts);
  await http.register(geoRoutes, opts);

  // Modules.
  const transparency = createTransparencyService({ db });
  const approvals = createApprovalsService({ db, audit, calendar, files, notify, documents, orgs, publish: transparency.publish });
  await http.register(approvalsRoutes, { ...opts, approvals });
  const layers = createLayersService({ db, audit });
  await http.register(mapRoutes, { ...opts, layers, approvals });
  await http.register(ogcRoutes, { ...opts, layers });
  const tiles = createTilesService({ db, cacheBytes: env.MAP_TILE_CACHE_MB * 1024 * 1024 });
  await http.register(tilesRoutes, { ...opts, tiles });
  const tipoffs = createTipoffsService({ db, audit, calendar, files, notify, orgs });
  await http.register(tipoffsRoutes, { ...opts, tipoffs });
  await http.register(transparencyRoutes, { ...opts, transparency });
  const selection = createSelectionService({ db, audit, transparency });
  await http.register(selectionRoutes, { ...opts, selection });

  // The built web app (web/dist): static assets, and index.html for client-side routes.
  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await http.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
    // A catch-all route, not a second not-found handler (Fastify allows one per prefix):
    // client-side routes get index.html; unknown API paths and missing assets get the JSON 404.
    http.get('/*', { schema: { hide: true } }, (req, reply) => {
      const p = req.url.split('?')[0] ?? '/';
      if (!/^\/(api|ogc|open311|tiles|healthz|log)(\/|$)/.test(p) && !path.extname(p)) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${p}` } });
    });
  }

  return {
    http,
    platform,
    async startBackground() {
      await approvals.registerJobs(jobs);
      await tipoffs.registerJobs(jobs);
      await transparency.registerJobs(jobs);
      await selection.registerJobs(jobs);
      await jobs.start();
      await notify.startDelivery();
    },
    async close() {
      await http.close(); // drains in-flight requests, ends SSE streams
      // Both are stopped whether or not startBackground ran.
      await notify.stopDelivery();
      await jobs.stop(); // also closes a pg-boss opened lazily by a send
      await db.destroy();
    },
  };
}
