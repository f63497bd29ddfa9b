/**
 * OGC API – Features Part 1 (Core, GeoJSON) and Part 2 (CRS by reference) at `/ogc/`, so QGIS
 * and other GIS clients load the layers directly. Collections are the layers; permissions are
 * exactly the map API's (layers.service.ts): public layers anonymously, scoped layers for a
 * session with map.layer.read and then only the features of its scope.
 *
 * CRS: CRS84 (lon, lat; the default), EPSG:4490 (CGCS2000, the storage CRS, whose axis order
 * is latitude, longitude — coordinates are swapped on output and `bbox` is read lat-first when
 * `bbox-crs` is EPSG:4490) and the CGCS2000 3° Gauss-Krüger systems EPSG:4513–4554 (zones 25–45
 * and the CM variants; axis order northing, easting as EPSG defines them), reprojected by
 * platform.geo. Part 3: `/queryables` (JSON Schema) and `filter` in CQL2 text or JSON (cql2.ts).
 * Unknown query parameters are a 400 unless they name a queryable (then: equality).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, invalid } from '../../platform/http/errors.ts';
import type { RouteOptions } from '../../platform/platform.ts';
import { fromCgcs2000, getCrs, mapPositions, toCgcs2000 } from '../../platform/geo/crs.ts';
import { validateGeometry, type Position } from '../../platform/geo/index.ts';
import { normaliseGeometry } from '../../platform/geo/formats/feature-utils.ts';
import { parseBbox, type LayerInfo, type LayersService, type MapFeature } from './layers.service.ts';
import type { BBox } from './geometry.ts';
import { checkFilter, GEOMETRY_PROPERTY, parseCql2Json, parseCql2Text, queryablesOf, spatialNodes, type Expr } from './cql2.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const EPSG4490 = 'http://www.opengis.net/def/crs/EPSG/0/4490';
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
];
export const OGC_DEFAULT_LIMIT = 100;
export const OGC_MAX_LIMIT = 10_000;
const GEOJSON = 'application/geo+json';
const JSON_TYPE = 'application/json';

export interface OgcRouteOptions extends RouteOptions {
  layers: LayersService;
}

/** A CRS offered in `crs`, `bbox-crs` and `filter-crs`: positions to and from [lon, lat] of EPSG:4490, in the CRS's axis order. */
interface OgcCrs { uri: string; fromLonLat(p: Position): Position; toLonLat(p: Position): Position; projected: boolean }
const epsgUri = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;
/** EPSG:4513–4533 (3° zones 25–45, zone-prefixed easting) and 4534–4554 (the CM variants). */
const GK3_CODES = Array.from({ length: 42 }, (_, i) => 4513 + i);
const OGC_CRS: OgcCrs[] = [
  { uri: CRS84, fromLonLat: (p) => p, toLonLat: (p) => p, projected: false },
  { uri: EPSG4490, fromLonLat: (p) => [p[1]!, p[0]!], toLonLat: (p) => [p[1]!, p[0]!], projected: false },
  // EPSG gives these systems the axes northing (X), easting (Y): coordinates are written in that order.
  ...GK3_CODES.map((code): OgcCrs => ({
    uri: epsgUri(code),
    fromLonLat: (p) => { const [e, n] = fromCgcs2000(code, p); return [n!, e!]; },
    toLonLat: (p) => toCgcs2000(code, [p[1]!, p[0]!]),
    projected: true,
  })),
];
export const OGC_CRS_URIS = OGC_CRS.map((c) => c.uri);
const CRS_BY_URI = new Map(OGC_CRS.map((c) => [c.uri, c]));
// The platform's definitions are checked once at start: a code it does not know would fail here.
for (const code of GK3_CODES) getCrs(code);

function parseCrs(raw: string | undefined, field: string): OgcCrs {
  if (raw === undefined || raw === '') return CRS_BY_URI.get(CRS84)!;
  const v = raw.replace(/^\[|\]$/g, '');
  const c = CRS_BY_URI.get(v) ?? CRS_BY_URI.get(v.replace(/^https:/, 'http:'));
  if (c) return c;
  throw new AppError('map.crs_unsupported', `${field}: ${raw} is not offered; use ${CRS84}, ${EPSG4490} or ${epsgUri(4513)}…${epsgUri(4554)}`, { field });
}

/** A bbox given in `crs` (its axis order) as a lon/lat box: projected boxes are traced along their edges. */
function bboxToLonLat(raw: string | undefined, crs: OgcCrs): BBox | undefined {
  if (crs.uri === CRS84) return parseBbox(raw);
  if (raw === undefined || raw === '') return undefined;
  const n = raw.split(',').map((x) => Number(x.trim()));
  if (n.length !== 4 && n.length !== 6) throw invalid('bbox', 'four numbers in the axis order of bbox-crs', '应为4个数，按 bbox-crs 的坐标轴顺序');
  const b = n.length === 6 ? [n[0]!, n[1]!, n[3]!, n[4]!] : n;
  if (b.some((v) => !Number.isFinite(v))) throw invalid('bbox', 'numbers expected', '应为数字');
  if (b[0]! > b[2]! || b[1]! > b[3]!) throw invalid('bbox', 'min must not exceed max', '最小值不能大于最大值');
  if (!crs.projected) return parseBbox(crs.toLonLat([b[0]!, b[1]!]).concat(crs.toLonLat([b[2]!, b[3]!])).join(','));
  const pts: Position[] = [];
  for (let i = 0; i <= 16; i++) {
    const t = i / 16, x = b[0]! + t * (b[2]! - b[0]!), y = b[1]! + t * (b[3]! - b[1]!);
    pts.push([x, b[1]!], [x, b[3]!], [b[0]!, y], [b[2]!, y]);
  }
  const ll = pts.map((p) => crs.toLonLat(p));
  if (ll.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) throw invalid('bbox', 'outside the area of bbox-crs', '超出 bbox-crs 的适用范围');
  const xs = ll.map((p) => p[0]!), ys = ll.map((p) => p[1]!);
  return parseBbox([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].join(','));
}

/** Query parameters of the items request that are not queryables. */
const ITEMS_PARAMS = new Set(['f', 'bbox', 'bbox-crs', 'crs', 'limit', 'after', 'filter', 'filter-lang', 'filter-crs']);

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
      crs: OGC_CRS_URIS,
      storageCrs: EPSG4490,
      // No query string on the items link: clients append `/{featureId}` to it.
      links: [
        { href: `${b}/collections/${l.code}`, rel: 'self', type: JSON_TYPE, title: 'this collection' },
        { href: `${b}/collections/${l.code}/items`, rel: 'items', type: GEOJSON, title: 'items as GeoJSON (f=json for plain JSON)' },
        { href: `${b}/collections/${l.code}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', title: 'queryables' },
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
      crs: OGC_CRS_URIS,
      collections,
    });
  });

  r.get('/ogc/collections/:collectionId', {
    schema: { tags, summary: 'One collection', params: z.object({ collectionId: z.string().max(40) }), querystring: z.looseObject({ f: fParam }) },
  }, async (req, reply) => {
    const l = await layers.getLayer(req.actor, req.params.collectionId);
    return send(reply, JSON_TYPE, collectionOf(base(req), l, await layers.layerExtent(req.actor, l.code)));
  });

  r.get('/ogc/collections/:collectionId/queryables', {
    schema: { tags, summary: 'Queryables of a collection (JSON Schema, OGC API – Features Part 3)', params: z.object({ collectionId: z.string().max(40) }), querystring: z.looseObject({ f: fParam }) },
  }, async (req, reply) => {
    const l = await layers.getLayer(req.actor, req.params.collectionId);
    const b = base(req);
    const properties: Record<string, unknown> = {
      [GEOMETRY_PROPERTY]: { title: '几何 geometry', format: GEOMETRY_FORMAT[l.geometryType] ?? 'geometry-any', 'x-ogc-role': 'primary-geometry' },
    };
    for (const q of queryablesOf(l.attributeSchema)) properties[q.name] = { title: q.title, type: q.type, ...(q.format ? { format: q.format } : {}) };
    return send(reply, 'application/schema+json', {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `${b}/collections/${l.code}/queryables`,
      type: 'object',
      title: l.name,
      properties,
      additionalProperties: false,
    });
  });

  function presentFeature(f: MapFeature, crs: OgcCrs) {
    return {
      type: 'Feature', id: f.id,
      geometry: crs.uri === CRS84 ? f.geometry : mapPositions(f.geometry, crs.fromLonLat),
      properties: { ...f.properties, code: f.code, name: f.name, areaM2: f.areaM2, version: f.version, updatedAt: f.updatedAt },
    };
  }

  r.get('/ogc/collections/:collectionId/items', {
    schema: {
      tags, summary: 'Features of a collection: bbox, bbox-crs, crs, limit, next links, CQL2 filter, queryables as parameters',
      params: z.object({ collectionId: z.string().max(40) }),
      querystring: z.looseObject({
        f: fParam,
        bbox: z.string().max(200).optional(),
        'bbox-crs': z.string().max(200).optional(),
        crs: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).default(OGC_DEFAULT_LIMIT).transform((n) => Math.min(n, OGC_MAX_LIMIT)).describe(`clamped to ${OGC_MAX_LIMIT}`),
        after: z.coerce.number().int().min(0).default(0).describe('paging cursor from the next link'),
        filter: z.string().max(100_000).optional().describe('CQL2 text or JSON (filter-lang)'),
        'filter-lang': z.enum(['cql2-text', 'cql2-json']).optional(),
        'filter-crs': z.string().max(200).optional(),
      }),
    },
  }, async (req, reply) => {
    const q = req.query as typeof req.query & Record<string, unknown>;
    const layer = await layers.getLayer(req.actor, req.params.collectionId);
    const queryables = queryablesOf(layer.attributeSchema);
    // Part 1: an unknown parameter is an error, unless it names a queryable (Part 3: equality).
    const equal: Expr[] = [];
    for (const [k, v] of Object.entries(q)) {
      if (ITEMS_PARAMS.has(k) || v === undefined) continue;
      const qq = queryables.find((x) => x.name === k);
      if (!qq) throw invalid(k, `unknown query parameter; use ${[...ITEMS_PARAMS].join(', ')} or a queryable (${queryables.map((x) => x.name).join(', ')})`, `不支持的查询参数，可用：${[...ITEMS_PARAMS].join('、')}，或可查询属性（${queryables.map((x) => x.name).join('、')}）`);
      const text = Array.isArray(v) ? String(v[v.length - 1]) : String(v);
      const value = qq.type === 'number' ? Number(text) : text;
      if (typeof value === 'number' && !Number.isFinite(value)) throw invalid(k, 'a number expected', '应为数字');
      equal.push({ k: 'cmp', op: '=', prop: k, value });
    }
    const crs = parseCrs(q.crs, 'crs');
    const bboxCrs = parseCrs(q['bbox-crs'], 'bbox-crs');
    if (q['bbox-crs'] !== undefined && q.bbox === undefined) throw invalid('bbox-crs', 'only with bbox', '只能与 bbox 一起使用');
    const bbox = bboxToLonLat(q.bbox, bboxCrs);
    const filterCrs = parseCrs(q['filter-crs'], 'filter-crs');
    if ((q['filter-lang'] !== undefined || q['filter-crs'] !== undefined) && q.filter === undefined) throw invalid(q['filter-lang'] !== undefined ? 'filter-lang' : 'filter-crs', 'only with filter', '只能与 filter 一起使用');
    let filter: Expr | undefined;
    if (q.filter !== undefined) {
      let parsed: Expr;
      if (q['filter-lang'] === 'cql2-json') {
        let json: unknown;
        try { json = JSON.parse(q.filter); } catch { throw invalid('filter', 'not valid JSON (filter-lang=cql2-json)', '不是有效的 JSON（filter-lang=cql2-json）'); }
        parsed = parseCql2Json(json);
      } else {
        parsed = parseCql2Text(q.filter);
      }
      filter = checkFilter(parsed, queryables, (g) => mapPositions(normaliseGeometry(g, 'filter'), filterCrs.toLonLat));
      for (const node of spatialNodes(filter)) {
        if (node.geometry.type === 'Point' || node.geometry.type === 'MultiPoint') continue;
        if (node.geometry.type === 'Polygon' || node.geometry.type === 'MultiPolygon') {
          const errors = validateGeometry(node.geometry).filter((p) => p.severity === 'error');
          if (errors.length) throw invalid('filter', `S_INTERSECTS geometry: ${errors[0]!.message}`, `S_INTERSECTS 的几何图形有误：${errors[0]!.message}`);
        }
      }
    }
    const where: Expr | undefined = [...equal, ...(filter ? [filter] : [])].reduce<Expr | undefined>((a, e) => (a ? { k: 'and', args: [a, e] } : e), undefined);
    const page = await layers.queryFeatures(req.actor, req.params.collectionId, { bbox, filter: where, limit: q.limit, afterId: q.after, count: q.after === 0 });
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
    reply.header('Content-Crs', `<${crs.uri}>`);
    return send(reply, type, {
      type: 'FeatureCollection',
      timeStamp: new Date().toISOString(),
      // Exact, and only where it is cheap: the first page without bbox (see queryFeatures).
      ...(page.numberMatched !== undefined ? { numberMatched: page.numberMatched } : {}),
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
    for (const k of Object.keys(req.query)) if (k !== 'f' && k !== 'crs') throw invalid(k, 'unknown query parameter; use f or crs', '不支持的查询参数，只能用 f 或 crs');
    const crs = parseCrs(req.query.crs, 'crs');
    const f = await layers.getFeature(req.actor, req.params.collectionId, req.params.featureId);
    const type = itemsType(req, req.query.f);
    const b = base(req);
    const href = `${b}/collections/${req.params.collectionId}/items/${f.id}`;
    reply.header('Content-Crs', `<${crs.uri}>`);
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

const GEOMETRY_FORMAT: Record<string, string> = {
  Point: 'geometry-point', MultiPoint: 'geometry-multipoint', LineString: 'geometry-linestring', MultiLineString: 'geometry-multilinestring',
  Polygon: 'geometry-polygon', MultiPolygon: 'geometry-multipolygon',
};
