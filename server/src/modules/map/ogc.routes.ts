/**
 * OGC API – Features Part 1 (Core, GeoJSON) and Part 2 (CRS by reference) at `/ogc/`, so QGIS
 * and other GIS clients load the layers directly. Collections are the layers; permissions are
 * exactly the map API's (layers.service.ts): public layers anonymously, scoped layers for a
 * session with map.layer.read and then only the features of its scope.
 *
 * CRS: CRS84 (lon, lat; the default) and EPSG:4490 (CGCS2000, the storage CRS, whose axis order
 * is latitude, longitude — coordinates are swapped on output and `bbox` is read lat-first when
 * `bbox-crs` is EPSG:4490). The numbers are the same datum: no transformation, only the order.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { RouteOptions } from '../../platform/platform.ts';
import { mapPositions } from '../../platform/geo/crs.ts';
import type { Geometry } from '../../platform/geo/index.ts';
import { parseBbox, type LayerInfo, type LayersService, type MapFeature } from './layers.service.ts';
import type { BBox } from './geometry.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const EPSG4490 = 'http://www.opengis.net/def/crs/EPSG/0/4490';
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
];
export const OGC_DEFAULT_LIMIT = 100;
export const OGC_MAX_LIMIT = 10_000;
const GEOJSON = 'application/geo+json';
const JSON_TYPE = 'application/json';

export interface OgcRouteOptions extends RouteOptions {
  layers: LayersService;
}

function parseCrs(raw: string | undefined, field: string): string {
  if (raw === undefined || raw === '') return CRS84;
  const v = raw.replace(/^\[|\]$/g, '');
  if (v === CRS84 || v === EPSG4490) return v;
  throw new AppError('map.crs_unsupported', `${field}: ${raw} is not offered; use ${CRS84} or ${EPSG4490}`, { field });
}

const latFirst = (g: Geometry): Geometry => mapPositions(g, (p) => [p[1]!, p[0]!, ...p.slice(2)]);

export const ogcRoutes: FastifyPluginAsync<OgcRouteOptions> = async (app, { platform, layers }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ogc'];

  const base = (req: FastifyRequest) => {
    const pub = platform.env.PUBLIC_URL?.replace(/\/$/, '');
    if (pub) return `${pub}/ogc`;
    return `${req.protocol}://${req.headers.host ?? 'localhost'}/ogc`;
  };
  /** GeoJSON for items unless the client asked for plain JSON only. */
  const itemsType = (req: FastifyRequest, f: string | undefined) => {
    if (f === 'json') return JSON_TYPE;
    if (f === 'geojson') return GEOJSON;
    const accept = String(req.headers.accept ?? '');
    return accept.includes(JSON_TYPE) && !accept.includes(GEOJSON) && !accept.includes('*/*') ? JSON_TYPE : GEOJSON;
  };
  const send = (reply: FastifyReply, type: string, body: unknown) => reply.type(type).send(JSON.stringify(body));

  function collectionOf(b: string, l: LayerInfo, extent: BBox | null) {
    return {
      id: l.code,
      title: l.name,
      description: `${l.nameEn}${l.synthetic ? ' — synthetic demo data (模拟数据)' : ''}. ${l.sourceNote}`.trim(),
      itemType: 'feature',
      ...(extent ? { extent: { spatial: { bbox: [extent], crs: CRS84 } } } : {}),
      crs: [CRS84, EPSG4490],
      storageCrs: EPSG4490,
      links: [
        { href: `${b}/collections/${l.code}`, rel: 'self', type: JSON_TYPE, title: 'this collection' },
        { href: `${b}/collections/${l.code}/items?f=geojson`, rel: 'items', type: GEOJSON, title: 'items as GeoJSON' },
        { href: `${b}/collections/${l.code}/items?f=json`, rel: 'items', type: JSON_TYPE, title: 'items as JSON' },
      ],
    };
  }

  const fParam = z.enum(['json', 'geojson']).optional();

  r.get('/ogc', { schema: { tags, summary: 'OGC API Features landing page', querystring: z.looseObject({ f: fParam }) } }, async (req, reply) => {
    const b = base(req);
    return send(reply, JSON_TYPE, {
      title: '阳光国土 一张图 OGC API – Features',
      description: 'Layers of the one map (一张图) in CGCS2000 (EPSG:4490) and CRS84. Public layers need no login; the others follow your session.',
      links: [
        { href: b, rel: 'self', type: JSON_TYPE, title: 'this document' },
        { href: `${b.replace(/\/ogc$/, '')}/api/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'the API definition' },
        { href: `${b.replace(/\/ogc$/, '')}/api/docs`, rel: 'service-doc', type: 'text/html', title: 'the API documentation' },
        { href: `${b}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
        { href: `${b}/conformance`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/conformance', type: JSON_TYPE, title: 'conformance classes' },
        { href: `${b}/collections`, rel: 'data', type: JSON_TYPE, title: 'collections' },
        { href: `${b}/collections`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/data', type: JSON_TYPE, title: 'collections' },
      ],
    });
  });
  r.get('/ogc/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/ogc', 301));

  r.get('/ogc/conformance', { schema: { tags, summary: 'Conformance classes', querystring: z.looseObject({ f: fParam }) } },
    async (_req, reply) => send(reply, JSON_TYPE, { conformsTo: CONFORMANCE }));


  r.get('/ogc/collections', { schema: { tags, summary: 'Collections (the layers you may read)', querystring: z.looseObject({ f: fParam }) } }, async (req, reply) => {
    const b = base(req);
    const list = await layers.listLayers(req.actor);
    const collections = await Promise.all(list.map(async (l) => collectionOf(b, l, await layers.layerExtent(req.actor, l.code))));
    return send(reply, JSON_TYPE, {
      links: [{ href: `${b}/collections`, rel: 'self', type: JSON_TYPE, title: 'this document' }],
      crs: [CRS84, EPSG4490],
      collections,
    });
  });

  r.get('/ogc/collections/:collectionId', {
    schema: { tags, summary: 'One collection', params: z.object({ collectionId: z.string().max(40) }), querystring: z.looseObject({ f: fParam }) },
  }, async (req, reply) => {
    const l = await layers.getLayer(req.actor, req.params.collectionId);
    return send(reply, JSON_TYPE, collectionOf(base(req), l, await layers.layerExtent(req.actor, l.code)));
  });

  function presentFeature(f: MapFeature, crs: string) {
    return {
      type: 'Feature', id: f.id,
      geometry: crs === EPSG4490 ? latFirst(f.geometry) : f.geometry,
      properties: { ...f.properties, code: f.code, name: f.name, areaM2: f.areaM2, version: f.version, updatedAt: f.updatedAt },
    };
  }

  r.get('/ogc/collections/:collectionId/items', {
    schema: {
      tags, summary: 'Features of a collection: bbox, bbox-crs, crs, limit, next links',
      params: z.object({ collectionId: z.string().max(40) }),
      querystring: z.looseObject({
        f: fParam,
        bbox: z.string().max(200).optional(),
        'bbox-crs': z.string().max(200).optional(),
        crs: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).default(OGC_DEFAULT_LIMIT).transform((n) => Math.min(n, OGC_MAX_LIMIT)).describe(`clamped to ${OGC_MAX_LIMIT}`),
        after: z.coerce.number().int().min(0).default(0).describe('paging cursor from the next link'),
      }),
    },
  }, async (req, reply) => {
    const q = req.query;
    const crs = parseCrs(q.crs, 'crs');
    const bboxCrs = parseCrs(q['bbox-crs'], 'bbox-crs');
    if (q['bbox-crs'] !== undefined && q.bbox === undefined) throw invalid('bbox-crs', 'only with bbox');
    const bbox = parseBbox(bboxCrs === EPSG4490 && q.bbox ? swapBboxText(q.bbox) : q.bbox);
    const page = await layers.featuresInBox(req.actor, req.params.collectionId, bbox, { limit: q.limit, afterId: q.after });
    const type = itemsType(req, q.f);
    const b = base(req);
    const self = new URL(`${b}/collections/${req.params.collectionId}/items`);
    for (const [k, v] of Object.entries(q)) if (v !== undefined && k !== 'after' && k !== 'f') self.searchParams.set(k, String(v));
    const link = (extra: Record<string, string>, rel: string, t: string, title: string) => {
      const u = new URL(self);
      for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
      return { href: u.toString(), rel, type: t, title };
    };
    const links = [
      link({ f: type === GEOJSON ? 'geojson' : 'json', ...(q.after ? { after: String(q.after) } : {}) }, 'self', type, 'this document'),
      link({ f: type === GEOJSON ? 'json' : 'geojson', ...(q.after ? { after: String(q.after) } : {}) }, 'alternate', type === GEOJSON ? JSON_TYPE : GEOJSON, 'this document in another format'),
      ...(page.next !== null ? [link({ f: type === GEOJSON ? 'geojson' : 'json', after: String(page.next) }, 'next', type, 'next page')] : []),
      { href: `${b}/collections/${req.params.collectionId}`, rel: 'collection', type: JSON_TYPE, title: 'the collection' },
    ];
    reply.header('Content-Crs', `<${crs}>`);
    return send(reply, type, {
      type: 'FeatureCollection',
      timeStamp: new Date().toISOString(),
      numberReturned: page.features.length,
      features: page.features.map((f) => presentFeature(f, crs)),
      links,
    });
  });

  r.get('/ogc/collections/:collectionId/items/:featureId', {
    schema: {
      tags, summary: 'One feature',
      params: z.object({ collectionId: z.string().max(40), featureId: z.coerce.number().int().positive() }),
      querystring: z.looseObject({ f: fParam, crs: z.string().max(200).optional() }),
    },
  }, async (req, reply) => {
    const crs = parseCrs(req.query.crs, 'crs');
    const f = await layers.getFeature(req.actor, req.params.collectionId, req.params.featureId);
    const type = itemsType(req, req.query.f);
    const b = base(req);
    const href = `${b}/collections/${req.params.collectionId}/items/${f.id}`;
    reply.header('Content-Crs', `<${crs}>`);
    return send(reply, type, {
      ...presentFeature(f, crs),
      links: [
        { href: `${href}?f=${type === GEOJSON ? 'geojson' : 'json'}`, rel: 'self', type, title: 'this document' },
        { href: `${href}?f=${type === GEOJSON ? 'json' : 'geojson'}`, rel: 'alternate', type: type === GEOJSON ? JSON_TYPE : GEOJSON, title: 'this document in another format' },
        { href: `${b}/collections/${req.params.collectionId}`, rel: 'collection', type: JSON_TYPE, title: 'the collection' },
      ],
    });
  });
};

/** A lat-first bbox text (minLat,minLon,maxLat,maxLon) as lon-first. */
function swapBboxText(raw: string): string {
  const n = raw.split(',');
  if (n.length !== 4) return raw;
  return [n[1], n[0], n[3], n[2]].join(',');
}
