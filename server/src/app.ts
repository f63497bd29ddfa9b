/**
 * Builds the whole application from the platform services and the modules. `main.ts` and the
 * tests both call it, so tests run exactly what production runs.
 */
import path from 'node:path';
import fs from 'node:fs';
import { sql } from 'kysely';
import type { Env } from './env.ts';
import { createDb, createPool, type Db } from './platform/db/database.ts';
import { withContext, SYSTEM_CONTEXT } from './platform/db/context.ts';
import { listMigrations } from './platform/db/migrate.ts';
import { createHttp, type HttpApp } from './platform/http/server.ts';
import { templateOrigin } from './platform/http/hardening.ts';
import { registerCompression, serveWebApp } from './platform/http/web-delivery.ts';
import { AppError } from './platform/http/errors.ts';
import type { Platform } from './platform/platform.ts';
import { createAuditService, auditRoutes } from './platform/audit/index.ts';
import { createCalendarService, calendarRoutes } from './platform/calendar/index.ts';
import { blobStoreFromEnv, createFileStore, filesRoutes } from './platform/files/index.ts';
import { createJobs } from './platform/jobs/index.ts';
import { createNotifyService, notifyRoutes } from './platform/notify/index.ts';
import { createOrgsService, divisionPath, orgsRoutes } from './platform/orgs/index.ts';
import { createIdentityService, identityRoutes } from './platform/identity/index.ts';
import { clientCertificateHook, createPkiService, pkiRoutes, type PkiPlatformService } from './platform/pki/index.ts';
import { createDocumentService, documentsRoutes } from './platform/documents/index.ts';
import { createApprovalsService, approvalsRoutes, countDecided, listMatters, getMatter, listDisclosures, websiteServiceFigures } from './modules/approvals/index.ts';
import { createLayersService, mapRoutes, ogcRoutes } from './modules/map/index.ts';
import { geoRoutes } from './platform/geo/index.ts';
import { createTodoRegistry, todosRoutes } from './platform/todos/index.ts';
import { createFieldService, demoSiteProvider, fieldRoutes } from './platform/field/index.ts';
import { createPublicPages, stylesheetRoutes } from './platform/ssr/index.ts';
import { registerPublicHome } from './public-home.ts';
import { createTilesService, tilesRoutes } from './modules/map/tiles/index.ts';
import { countReceived, createTipoffsService, tipoffsRoutes } from './modules/tipoffs/index.ts';
import { createTipoffsExchangeKinds } from './modules/tipoffs/index.ts';
import { createTransparencyService, transparencyRoutes } from './modules/transparency/index.ts';
import { createHttpWitnessClient, createWitnessService, parseWitnessList, verifyConsistency, witnessRoutes } from './modules/transparency/index.ts';
import { createSelectionService, selectionRoutes } from './modules/selection/index.ts';
import { createPatchesService, createPatchFieldForm, patchesRoutes, rectificationByCounty } from './modules/patches/index.ts';
import { patchesPerformance } from './modules/patches/index.ts';
import { penaltiesPerformance, listPenaltyDisclosures } from './modules/enforcement/index.ts';
import { salesPerformance } from './modules/trading/index.ts';
import { createEnforcementService, enforcementRoutes } from './modules/enforcement/index.ts';
import { createEnforcementExchangeKinds } from './modules/enforcement/index.ts';
import { createMapExchangeKinds } from './modules/map/index.ts';
import { createTradingService, createBankSimulator, tradingRoutes, loadTagKey } from './modules/trading/index.ts';
import { createStatisticsService, statisticsRoutes } from './modules/statistics/index.ts';
import { createOpennessService, opennessRoutes, websiteInteractionFigures } from './modules/openness/index.ts';
import { createTownshipService, townshipRoutes, createTownshipFieldForm, createTownshipExchangeKind } from './modules/township/index.ts';
import { createExchangeService, exchangeRoutes, siteName } from './platform/exchange/index.ts';
import { siteRoleGate, type SiteRoute } from './platform/exchange/index.ts';
import { createApprovalsExchangeKinds } from './modules/approvals/index.ts';
import { createPortalService, registerLinkCheckJobs, portalPublicRoutes, portalServicePages, portalStaffRoutes, portalSubmitArticle, indexPublicDocument, removePublicDocument } from './modules/portal/index.ts';
import { createSitesService, sitesRoutes, createMonitoringService, monitoringRoutes, staRoutes, startEmbeddedBroker, startExternalSubscriber, createWarningsService, warningsRoutes, createReportsService, reportsRoutes, createInspectionsService, createHazardInspectionForm, inspectionsRoutes, type MqttIngest } from './modules/hazards/index.ts';

export interface App {
  http: HttpApp;
  platform: Platform;
  /** The platform CA and certificate login (platform/pki); CONTRACTS §3 PkiService for the exchange. */
  pki: PkiPlatformService;
  /** 内外网数据交换 (platform/exchange): the CLI and tests drive it directly. */
  exchange: ReturnType<typeof createExchangeService>;
  /** Every route with the side (SITE_ROLE) that serves it (platform/exchange/site-role.ts). */
  siteRoutes: readonly SiteRoute[];
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
  // Heavy read paths may go to a read replica (same app role, same row-level security).
  const readDb: Db = env.DATABASE_READ_URL ? createDb(createPool(env.DATABASE_READ_URL, env.DB_READ_POOL_MAX, 'sunland-read')) : db;

  const audit = createAuditService({ db, env });
  const calendar = createCalendarService({ db, audit });
  const files = createFileStore({ db, dataDir: env.dataDir, maxBytes: env.FILE_MAX_BYTES, blobs: blobStoreFromEnv(env) });
  const jobs = createJobs({ connectionString: appUrl, env });
  const notify = createNotifyService({ db, env, jobs, connectionString: appUrl });
  const orgs = createOrgsService({ db });
  const pki = createPkiService({ db, env, audit });
  const identity = createIdentityService({ db, env, audit, notify, orgs, certificates: pki.gate });
  const documents = createDocumentService({ db, env, audit, orgs });
  const todos = createTodoRegistry({ db });
  const field = createFieldService({ db, audit, files, dataDir: env.dataDir });
  field.register(demoSiteProvider);
  const publicPages = createPublicPages();
  const platform: Platform = { env, db, readDb, audit, calendar, files, jobs, notify, orgs, identity, documents, todos, field, publicPages };

  const http = await createHttp({
    logLevel: env.LOG_LEVEL, bodyLimit: env.BODY_MAX_BYTES, trustProxy: env.TRUST_PROXY, publicUrl: env.PUBLIC_URL,
    imgSources: [env.MAP_BASEMAP_URL, env.MAP_BASEMAP_LABELS_URL].map(templateOrigin).filter((o): o is string => o !== null),
    rateLimitDb: db,
  });
  // Brotli/gzip for large JSON, GeoJSON and vector tiles; before any route (hooks bind at route creation).
  await registerCompression(http, { minBytes: env.COMPRESS_MIN_BYTES });
  // SITE_ROLE: a route the other side serves answers 404 exchange.not_served_here (derived from the exchange declarations).
  const siteGate = siteRoleGate(env.SITE_ROLE);
  http.addHook('onRoute', siteGate.onRoute);

  http.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  // Readiness for a load balancer: the database answers and every migration this build knows is
  // applied (a process of a newer build waits for its migrations). While draining on SIGTERM
  // Fastify answers 503 itself, so the balancer stops sending new requests.
  const expectedMigrations = listMigrations().map((m) => m.version);
  http.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      const { rows } = await sql<{ v: string }>`select v from platform.applied_migrations() v`.execute(db);
      const applied = new Set(rows.map((r) => r.v));
      const pending = expectedMigrations.filter((v) => !applied.has(v));
      if (pending.length) return reply.status(503).send({ status: 'migrating', pending });
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  // The client certificate of the request (own TLS listener, or a TRUSTED_PROXIES header), for certificate login.
  http.addHook('onRequest', clientCertificateHook(env));
  // Authentication runs first for every request: it fills request.actor or leaves it null.
  http.addHook('onRequest', identity.authenticateRequest);
  // A session served from the process cache that no scoped statement confirmed is confirmed before answering.
  http.addHook('onSend', identity.confirmUnverified);

  const opts = { platform };
  await http.register(identityRoutes, opts);
  await http.register(pkiRoutes, { ...opts, pki });
  await http.register(orgsRoutes, opts);
  await http.register(auditRoutes, opts);
  await http.register(calendarRoutes, opts);
  await http.register(filesRoutes, opts);
  await http.register(notifyRoutes, opts);
  await http.register(documentsRoutes, opts);
  await http.register(geoRoutes, opts);
  await http.register(todosRoutes, opts);
  await http.register(fieldRoutes, opts);
  await http.register(stylesheetRoutes);

  // Modules.
  // Remote witnesses asked over HTTP (C2SP tlog-witness); their keys are accepted with TRANSPARENCY_WITNESS_VKEYS.
  const remoteWitnesses = parseWitnessList(env.TRANSPARENCY_WITNESSES);
  const transparency = createTransparencyService({
    db,
    witnessVkeys: [...(env.TRANSPARENCY_WITNESS_VKEYS?.split(',').map((v) => v.trim()) ?? []), ...remoteWitnesses.map((w) => w.vkey)],
    witnesses: remoteWitnesses.map((w) => createHttpWitnessClient(w)),
  });
  const approvals = createApprovalsService({ db, audit, calendar, files, notify, documents, orgs, identity, publish: transparency.publish, siteRole: env.SITE_ROLE });
  await http.register(approvalsRoutes, { ...opts, approvals });
  const layers = createLayersService({ db, audit, readDb });
  await http.register(mapRoutes, { ...opts, layers, approvals });
  await http.register(ogcRoutes, { ...opts, layers });
  const tiles = createTilesService({ db: readDb, cacheBytes: env.MAP_TILE_CACHE_MB * 1024 * 1024 });
  await http.register(tilesRoutes, { ...opts, tiles });
  // The tip-off ledger opens enforcement cases through enforcement's index (created below; called only later, per request).
  const tipoffs = createTipoffsService({ db, audit, calendar, files, notify, orgs, publish: transparency.publish, openEnforcementCase: (trx, actor, source) => enforcement.openCaseFromSource(trx, actor, source), siteRole: env.SITE_ROLE });
  await http.register(tipoffsRoutes, { ...opts, tipoffs });
  await http.register(transparencyRoutes, { ...opts, transparency });
  // This instance as a witness of other logs (TRANSPARENCY_WITNESS_NAME, TRANSPARENCY_WITNESSED_LOGS).
  if (env.TRANSPARENCY_WITNESS_NAME) {
    const witness = createWitnessService({ db, name: env.TRANSPARENCY_WITNESS_NAME, logVkeys: env.TRANSPARENCY_WITNESSED_LOGS?.split(',') ?? [] });
    await http.register(witnessRoutes, { ...opts, witness });
  }
  const selection = createSelectionService({ db, audit, transparency });
  await http.register(selectionRoutes, { ...opts, selection });
  // A 违法 patch is handed to enforcement through enforcement's index (created below; called only later, per request).
  const patches = createPatchesService({ db, audit, openEnforcementCase: async (trx, actor, source) => {
    const c = await enforcement.openCaseFromSource(trx, actor, source);
    return { ...c, caseId: String(c.caseId) };
  } });
  await http.register(patchesRoutes, { ...opts, patches });
  field.register(createPatchFieldForm({ maxPhotoDistanceM: env.PATCH_PHOTO_MAX_DISTANCE_M }));
  const enforcement = createEnforcementService({ db, audit, calendar, files, notify, documents, publish: transparency.publish, tipoffOutcome: tipoffs.caseOutcome, field, patchRectification: rectificationByCounty });
  await http.register(enforcementRoutes, { ...opts, enforcement });
  const trading = createTradingService({
    db, audit, calendar, documents, notify, publish: transparency.publish, bank: createBankSimulator(), tagKey: loadTagKey(env),
    listen: notify.listen,
    getParcel: (actor, layer, id) => layers.getFeature(actor as Parameters<typeof layers.getFeature>[0], layer, id),
    // A tender's panel: a public selection draw (land valuers / reserves reviewers); the first `size` of its order sit.
    drawPanel: async (actor, p) => {
      const frozen = await selection.inScope(actor, (trx) => selection.freezePool(trx, actor, {
        projectName: `${p.lotNo} ${p.title} 评标委员会`, projectOwner: '出让人', serviceType: p.kind === 'land' ? 'land_valuation' : 'reserves_review', confirmHours: 24,
      }));
      const drawn = await selection.draw(actor, frozen.drawNo, null);
      const pool = drawn.pool as unknown as { agencyId: number; name: string }[];
      return { drawNo: drawn.drawNo, members: drawn.order.slice(0, p.size).map((id) => ({ id: String(id), name: pool.find((a) => a.agencyId === Number(id))?.name ?? String(id) })) };
    },
  });
  await http.register(tradingRoutes, { ...opts, trading });
  const statistics = createStatisticsService({
    db, audit, notify,
    // Cells other modules know, through their index.ts (marked `derived` on the report). A count of
    // the tip-offs about the unit's own division, whichever office holds them (so not the unit's RLS scope).
    derived: {
      'tipoffs.received': (_trx, q) => withContext(db, SYSTEM_CONTEXT, (trx) => countReceived(trx, { divisionPath: divisionPath(q.divisionCode), from: q.from, to: q.to, category: q.params.category === 'land' || q.params.category === 'mineral' ? q.params.category : undefined })),
      // Approvals decided in the period by matter (e.g. 划拨宗数 from 国有建设用地使用权划拨), the county's bureaus.
      'approvals.decided': (_trx, q) => withContext(db, SYSTEM_CONTEXT, (trx) => countDecided(trx, { divisionPath: divisionPath(q.divisionCode), from: q.from, to: q.to, matterName: q.params.matter, decision: q.params.decision === 'denied' ? 'denied' : 'granted' })),
    },
  });
  await http.register(statisticsRoutes, { ...opts, statistics });
  const hazardSites = createSitesService({ db, audit, documents, layers });
  await http.register(sitesRoutes, { ...opts, sites: hazardSites });
  const hazardLog = (m: string) => { if (env.LOG_LEVEL !== 'silent') process.stderr.write(`[sunland] hazards: ${m}\n`); };
  const monitoring = createMonitoringService({ db, audit, notify, maxFutureSeconds: env.OBS_MAX_FUTURE_S, log: hazardLog });
  await http.register(monitoringRoutes, { ...opts, monitoring });
  await http.register(staRoutes, { ...opts, monitoring });
  let mqttIngest: MqttIngest | null = null;
  const hazardWarnings = createWarningsService({ db, audit, notify, publicUrl: () => (env.PUBLIC_URL ?? `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, '') });
  await http.register(warningsRoutes, { ...opts, warnings: hazardWarnings });
  // 政务公开 and 互动交流, and the 阳光 board; what it publishes goes into the portal's search index.
  const openness = createOpennessService({
    db, audit, calendar, documents, orgs, portal: { indexPublicDocument, removePublicDocument },
    // The 阳光 board's figures of enforcement (行政处罚决定), trading (成交) and patches (卫片), each from its index.ts.
    sources: { penalties: penaltiesPerformance, sales: salesPerformance, patches: patchesPerformance },
  });
  await http.register(opennessRoutes, { ...opts, openness });
  // Township workbench and 网上督察; a township's own notice goes to the portal as a draft article for review.
  const township = createTownshipService({ db, audit, calendar, notify, submitArticle: portalSubmitArticle(audit) });
  await http.register(townshipRoutes, { ...opts, township });
  field.register(createTownshipFieldForm(township));

  // 内外网数据交换: packages between an internet and an intranet site (SITE_ROLE); kinds from the modules whose data moves.
  const exchange = createExchangeService({
    db, audit, site: siteName(env), role: env.SITE_ROLE, packageDays: env.EXCHANGE_PACKAGE_DAYS, pki,
    transparency: { latestCheckpoint: () => transparency.latestCheckpoint(), consistencyProof: (a, b) => transparency.consistencyProof(a, b), verifyConsistency },
    readBlob: async (sha256) => (await files.blobs.has(sha256)) ? Buffer.concat(await (await files.blobs.get(sha256)).toArray()) : undefined,
    openBlob: async (sha256) => (await files.blobs.has(sha256)) ? files.blobs.get(sha256) : undefined,
  });
  for (const k of createApprovalsExchangeKinds({ files, documents })) exchange.register(k);
  exchange.register(createTownshipExchangeKind());
  for (const k of createTipoffsExchangeKinds(tipoffs.deps)) exchange.register(k);
  for (const k of createEnforcementExchangeKinds()) exchange.register(k);
  for (const k of createMapExchangeKinds()) exchange.register(k);
  await http.register(exchangeRoutes, { ...opts, exchange });

  // Portal and website group (门户网站, 网站群): server-rendered public pages under /portal and /site/<code>.
  const portal = createPortalService({ db, audit, listen: notify.listen, interaction: websiteInteractionFigures, services: websiteServiceFigures });
  await http.register(portalPublicRoutes, { ...opts, portal, publicPages });
  await http.register(portalStaffRoutes, { ...opts, portal });
  // 办事指南, 审批结果公示 and the public map's shell, server-rendered from the owning modules' data (issue 18).
  await http.register(portalServicePages, {
    ...opts, portal, publicPages,
    source: {
      matters: (trx) => listMatters(trx),
      matter: (trx, code) => getMatter(trx, code).catch((e: unknown) => { if (e instanceof AppError && e.code === 'approvals.matter_not_found') return null; throw e; }),
      disclosures: listDisclosures, penalties: listPenaltyDisclosures, publicLayers: () => layers.listLayers(null) },
  });
  // `/` is the server-rendered home: the portal's top site with the citizen entry points (issue 10, township link).
  await registerPublicHome(http, { portal, publicPages });
  const hazardReports = createReportsService({ db, audit, notify });
  await http.register(reportsRoutes, { ...opts, reports: hazardReports, sites: hazardSites });
  await http.register(inspectionsRoutes, { ...opts, inspections: createInspectionsService({ db, audit }) });
  field.register(createHazardInspectionForm());

  // The built web app (web/dist): static assets, and index.html for client-side routes.
  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    // Precompressed assets, a year of cache for hashed ones, index.html revalidated (web-delivery.ts).
    await serveWebApp(http, WEB_DIST);
  }

  return {
    http,
    platform,
    pki,
    exchange,
    siteRoutes: siteGate.routes,
    async startBackground() {
      await audit.registerJobs(jobs);
      await approvals.registerJobs(jobs);
      await tipoffs.registerJobs(jobs);
      await transparency.registerJobs(jobs);
      await selection.registerJobs(jobs);
      await enforcement.registerJobs(jobs);
      await trading.registerJobs(jobs);
      await statistics.registerJobs(jobs);
      await hazardWarnings.registerJobs(jobs);
      await hazardReports.registerJobs(jobs);
      await field.registerJobs(jobs);
      await registerLinkCheckJobs(jobs, db, { ownOrigins: env.PUBLIC_URL ? [new URL(env.PUBLIC_URL).origin] : [], timeoutMs: 8000, concurrency: 8, allowInside: env.PORTAL_LINK_CHECK_INSIDE });
      await jobs.start();
      await notify.startDelivery();
      // Devices report over MQTT: an external broker when MQTT_URL is set, else the embedded one.
      if (env.MQTT_URL) mqttIngest = await startExternalSubscriber(monitoring, { url: env.MQTT_URL, log: hazardLog });
      else if (env.MQTT_PORT > 0) {
        // A port taken (another instance on this host) leaves the HTTP ingest working: logged, not fatal.
        mqttIngest = await startEmbeddedBroker(monitoring, { port: env.MQTT_PORT, host: env.MQTT_HOST, log: hazardLog })
          .catch((e: unknown) => { http.log.error({ err: e }, 'embedded MQTT broker not started'); return null; });
      }
    },
    async close() {
      await mqttIngest?.close(); // no more device input; unacknowledged messages are resent by the devices
      await http.close(); // drains in-flight requests, ends SSE streams
      // Both are stopped whether or not startBackground ran.
      await notify.stopDelivery();
      await jobs.stop(); // also closes a pg-boss opened lazily by a send
      // The last head of this process goes to the anchor file too.
      await audit.anchorNow().catch((e: unknown) => http.log.error({ err: e }, 'audit anchor on shutdown failed'));
      await db.destroy();
      if (readDb !== db) await readDb.destroy();
    },
  };
}
