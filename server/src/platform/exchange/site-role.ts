/**
 * `SITE_ROLE` switches routes off (内外网分离): on the internet side the review, decision, map-data
 * and confidential routes are not served; on the intranet the public portal, public forms and
 * public accounts are not served; `all` serves everything.
 *
 * The side of a route is derived from the declarations (declarations.ts), not a hand list: a
 * route's first path segment names a schema (directly, or through the few aliases below), and
 * the schema's holding says where its routes are served:
 * - `intranet` / `internet` holding: that side only;
 * - `local` (each site's own: accounts, keys, the exchange itself, the log): both sides;
 * - `both` (data that crosses): where its staff work (`STAFF_SIDE`), since the other side holds
 *   only what crossed (an internet site keeps the applications and the decisions sent back, but
 *   no one reviews there);
 * - public routes (`/api/public/…`, public feeds) and the portal's pages: the internet side.
 * A route whose side cannot be derived is reported by `exchange.site-routes.test.ts`, which walks
 * the whole route table of both roles.
 */
import type { RouteOptions } from 'fastify';
import { AppError } from '../http/errors.ts';
import { SCHEMAS, type Holding } from './declarations.ts';
import type { SiteRole } from './exchange.tables.ts';

export type Side = 'internet' | 'intranet' | 'both';

/** Where staff work on a schema both sites hold. */
export const STAFF_SIDE: Record<string, Side> = {
  approvals: 'intranet', // review and decisions (审查、决定); the internet side only takes applications in (public routes)
  tipoffs: 'intranet', // the ledger (举报台账); the internet side only takes reports in (public routes)
  orgs: 'both', calendar: 'both', files: 'both', documents: 'both',
};

/** The schema a first path segment names where the two differ (`/api/<segment>` or `/<segment>`). */
const SEGMENT_SCHEMA: Record<string, string> = {
  auth: 'identity', admin: 'access', divisions: 'orgs', 'org-units': 'orgs', notifications: 'notify', open: 'openness',
  geo: 'platform', todos: 'platform', ping: 'platform', 'openapi.json': 'platform', docs: 'platform',
  site: 'portal', gk: 'openness', hudong: 'openness', sunshine: 'openness',
  log: 'transparency', witness: 'transparency', tiles: 'map', ogc: 'map', sta: 'hazards', // OGC SensorThings of the monitoring stations
  healthz: 'platform', readyz: 'platform', assets: 'platform', ssr: 'platform', // the public pages' stylesheets
  '': 'platform', // '/' and the web app's '/*'
};

/** The portal's server-rendered citizen pages whose segment names no schema or another one (`/map` is not `/api/map`). */
const PUBLIC_PAGES = new Set(['services', 'disclosure', 'map']);

/**
 * Reads of the one map served on both sides: the internet side holds the public layers only (kind
 * map.public_layer) and serves them to the public (the /map page, layer list, tiles, OGC items);
 * editing, overlay analysis and history stay on the intranet.
 */
export const PUBLIC_MAP_READS = new Set([
  '/api/map/config', '/api/map/layers', '/api/map/layers/:code', '/api/map/layers/:code/features', '/api/map/layers/:code/features/:id',
  '/tiles/:layer/:z/:x/:y', '/ogc', '/ogc/', '/ogc/conformance', '/ogc/collections', '/ogc/collections/:collectionId',
  '/ogc/collections/:collectionId/queryables', '/ogc/collections/:collectionId/items', '/ogc/collections/:collectionId/items/:featureId',
]);

/** Public feeds outside /api/public (the internet side). */
const PUBLIC_SEGMENTS = new Set(['cap', 'open311']); // hazards' CAP warning feed (预警信息), tip-offs' Open311 GeoReport API

function sideOfHolding(schema: string, holding: Holding | undefined): Side | null {
  switch (holding) {
    case 'internet': case 'intranet': return holding;
    case 'local': return 'both';
    case 'both': return STAFF_SIDE[schema] ?? null;
    default: return null;
  }
}

/** Which side serves a route (its URL as registered); null when the declarations do not say. */
export function routeSide(url: string, method?: string | string[]): Side | null {
  const methods = [method ?? []].flat().map(String);
  if (methods.length && methods.every((m) => m === 'GET' || m === 'HEAD') && PUBLIC_MAP_READS.has(url.split('?')[0]!)) return 'both';
  const parts = url.split('?')[0]!.split('/');
  if (parts[1] === 'api' && parts[2] === 'public') return 'internet';
  const segment = (parts[1] === 'api' ? parts[2] ?? '' : parts[1] ?? '').replace(/^\*$/, '');
  // The built web app's own files at the root (index.html, the field app's shell and service worker,
  // icons, their .br/.gz twins): the platform's, served on both sides.
  if (parts[1] !== 'api' && parts.length === 2 && /\.[a-z0-9]+$/i.test(segment) && !SEGMENT_SCHEMA[segment]) return sideOfHolding('platform', SCHEMAS.platform);
  if (PUBLIC_SEGMENTS.has(segment)) return 'internet';
  if (parts[1] !== 'api' && PUBLIC_PAGES.has(segment)) return 'internet';
  const schema = SEGMENT_SCHEMA[segment] ?? segment;
  return sideOfHolding(schema, SCHEMAS[schema]);
}

export interface SiteRoute { methods: string[]; url: string; side: Side | null; served: boolean }

/**
 * An `onRoute` hook (added before any route is registered) that makes a route not served on this
 * side answer 404 `exchange.not_served_here`, and the table of every route with its side.
 */
export function siteRoleGate(role: SiteRole | 'all') {
  const routes: SiteRoute[] = [];
  const onRoute = (opts: RouteOptions): void => {
    const side = routeSide(opts.url, opts.method);
    const served = role === 'all' || side === null || side === 'both' || side === role;
    routes.push({ methods: [opts.method].flat().map(String), url: opts.url, side, served });
    if (served) return;
    const other = side === 'internet' ? 'the internet side' : 'the intranet';
    const refuse = async (): Promise<void> => {
      throw new AppError('exchange.not_served_here', `this is the ${role} site (SITE_ROLE=${role}): ${opts.url} is served on ${other}`, { siteRole: role, servedOn: side });
    };
    opts.onRequest = [refuse, ...(opts.onRequest ? [opts.onRequest].flat() : [])] as RouteOptions['onRequest'];
  };
  return { onRoute, routes: routes as readonly SiteRoute[] };
}
