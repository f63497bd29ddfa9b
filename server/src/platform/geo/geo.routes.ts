/**
 * Public geometry tools (the portal's applicants upload red lines too): conversion between the
 * formats, ellipsoidal area, validation. No state changes, so no audit; rate-limited.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Transform } from 'node:stream';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../platform.ts';
import { AppError } from '../http/errors.ts';
import { parseCrsCode } from './crs.ts';
import { FORMATS } from './convert.ts';
import type { GeoWarning } from './geo.types.ts';
import type { Area } from './area.ts';
import type { ConvertResult, ValidateResult } from './geo.tasks.ts';
import { assertGeoJsonBudget } from './limits.ts';
import { createGeoPool } from './pool.ts';

const RAW_TYPES = [
  'application/octet-stream', 'application/zip', 'application/x-zip-compressed', 'text/plain',
  'application/vnd.google-earth.kml+xml', 'application/xml', 'text/xml', 'application/geo+json', 'application/json',
];

const crsParam = z.string().max(20).transform((s, ctx) => {
  try { return parseCrsCode(s); } catch { ctx.addIssue({ code: 'custom', message: 'an EPSG code such as EPSG:4490' }); return z.NEVER; }
});
const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const ConvertQuery = z.strictObject({
  from: z.enum(FORMATS),
  to: z.enum(FORMATS),
  crs: crsParam.optional().describe('CRS of the input when the file does not say (no .prj, no 带号)'),
  zone: z.coerce.number().int().min(25).max(45).optional().describe('3° zone of a red-line output (default: zone of the mean longitude)'),
  outCrs: crsParam.optional().describe('CRS of a Shapefile output (default EPSG:4490)'),
  encoding: z.enum(['utf-8', 'gbk']).optional().describe('Text encoding: of a Shapefile .dbf / red-line output, or forced for a Shapefile input'),
  repair: boolParam.optional().describe('Repair invalid polygons instead of refusing them'),
  layer: z.string().min(1).max(200).optional().describe('Which Shapefile of a zip holding several (its name without .shp); a zip of several without it is refused (geo.layer_required, naming them)'),
  areaTolerance: z.coerce.number().min(0).max(1).optional().describe('Relative tolerance of a red-line file\'s stated area (default 0.001)'),
});

const GeoJsonBody = z.looseObject({ type: z.string() }).describe('A GeoJSON geometry or Feature in EPSG:4490');
const AreaResponse = z.object({ areaM2: z.number(), areaHa: z.number(), areaMu: z.number() });
const Problem = z.object({
  code: z.string(), severity: z.enum(['error', 'warning']), message: z.string(),
  location: z.array(z.number()).optional(), polygon: z.number().optional(), ring: z.number().optional(), vertex: z.number().optional(),
});

function warningsHeader(warnings: GeoWarning[]): string {
  return encodeURIComponent(JSON.stringify(warnings.slice(0, 50)));
}

/** Refuses an anonymous body over `limit` bytes as it arrives (Content-Length or counted). */
function anonymousLimit(req: FastifyRequest, payload: NodeJS.ReadableStream, limit: number): NodeJS.ReadableStream {
  if (req.actor) return payload;
  const tooLarge = () => new AppError('request.too_large', `body: at most ${limit} bytes without signing in`, { field: 'body', limit });
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  let seen = 0;
  return payload.pipe(new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > limit) cb(tooLarge()); else cb(null, chunk);
    },
  }));
}

export const geoRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const fileLimit = platform.env.FILE_MAX_BYTES;
  const anonLimit = platform.env.GEO_ANON_MAX_BYTES;
  // Heavy work runs in worker threads; the event loop only hands files over (pool.ts).
  const pool = createGeoPool({ size: platform.env.GEO_WORKERS });
  app.addHook('onClose', async () => { await pool.close(); });
  // Anonymous callers get lower limits than signed-in staff (issue 9).
  const preParsing = async (req: FastifyRequest, _reply: unknown, payload: NodeJS.ReadableStream) => anonymousLimit(req, payload, anonLimit);
  const perMinute = (signedIn: number, anonymous: number) => ({ max: (req: FastifyRequest) => (req.actor ? signedIn : anonymous), timeWindow: '1 minute' });

  // Files arrive as raw bodies; these parsers live only in this child context.
  await app.register(async (files) => {
    files.removeAllContentTypeParsers();
    files.addContentTypeParser([...RAW_TYPES, '*'], { parseAs: 'buffer', bodyLimit: fileLimit }, (_req, body, done) => done(null, body));
    const r = files.withTypeProvider<ZodTypeProvider>();
    r.post('/api/geo/convert', {
      bodyLimit: fileLimit,
      preParsing,
      config: { rateLimit: perMinute(60, 10) },
      schema: {
        tags: ['geo'], summary: 'Convert a red line between GeoJSON, the 部 red-line text file, zipped Shapefile and KML',
        description: 'The body is the raw file. GeoJSON output is a FeatureCollection in EPSG:4490 whose features carry the ellipsoidal `areaM2`. ' +
          'Warnings (e.g. a stated area off the computed one) come in the `X-Geo-Warnings` header as URI-encoded JSON. ' +
          'Anonymous callers may send at most GEO_ANON_MAX_BYTES; zips are unpacked under the platform caps; at most 200,000 vertices.',
        querystring: ConvertQuery,
      },
    }, async (req, reply) => {
      const q = req.query;
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const out = await pool.run<ConvertResult>({
        op: 'convert', from: q.from, to: q.to, body, repair: q.repair ?? false,
        read: {
          crs: q.crs, encoding: q.from === 'shapefile' ? q.encoding : undefined, layer: q.layer,
          areaTolerance: q.areaTolerance !== undefined ? { relative: q.areaTolerance, absoluteHa: 0.0001 } : undefined,
        },
        write: { zone: q.zone, outCrs: q.outCrs, encoding: q.to === 'shapefile' || q.to === 'redline-txt' ? q.encoding : undefined },
      });
      return reply
        .header('content-type', out.contentType)
        .header('content-disposition', `attachment; filename="${out.filename}"`)
        .header('x-geo-warnings', warningsHeader(out.warnings))
        .header('x-geo-source-crs', `EPSG:${out.sourceCrs}`)
        .send(Buffer.from(out.body.buffer, out.body.byteOffset, out.body.byteLength));
    });
  });

  await app.register(async (json) => {
    const r = json.withTypeProvider<ZodTypeProvider>();
    r.post('/api/geo/area', {
      // A JSON body is parsed on the event loop: GEO_ANON_MAX_BYTES for everyone (a file goes to /convert).
      bodyLimit: anonLimit,
      config: { rateLimit: perMinute(600, 60) },
      schema: {
        tags: ['geo'], summary: 'Ellipsoidal area (CGCS2000) of a valid polygon in EPSG:4490, in m², 公顷 and 亩; a self-intersecting one is refused (422 geo.geometry_invalid with the location)',
        body: GeoJsonBody, response: { 200: AreaResponse },
      },
    }, async (req) => {
      assertGeoJsonBudget(req.body); // refused at once, before the body is copied to a worker
      return pool.run<Area>({ op: 'area', body: req.body });
    });

    r.post('/api/geo/validate', {
      // A JSON body is parsed on the event loop: GEO_ANON_MAX_BYTES for everyone (a file goes to /convert).
      bodyLimit: anonLimit,
      config: { rateLimit: perMinute(600, 60) },
      schema: {
        tags: ['geo'], summary: 'Problems of a geometry (self-intersections with location, ring orientation, unclosed rings, duplicate points, slivers); repair on request',
        querystring: z.strictObject({ repair: boolParam.optional() }),
        body: GeoJsonBody,
        response: { 200: z.object({ valid: z.boolean(), problems: z.array(Problem), repaired: z.record(z.string(), z.unknown()).optional() }) },
      },
    }, async (req) => {
      assertGeoJsonBudget(req.body);
      return pool.run<ValidateResult>({ op: 'validate', body: req.body, repair: req.query.repair ?? false });
    });
  });
};
