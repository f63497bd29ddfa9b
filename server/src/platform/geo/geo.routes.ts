/**
 * Public geometry tools (the portal's applicants upload red lines too): conversion between the
 * formats, ellipsoidal area, validation. No state changes, so no audit; rate-limited.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../platform.ts';
import { AppError } from '../http/errors.ts';
import { ellipsoidalArea } from './area.ts';
import { parseCrsCode } from './crs.ts';
import { FORMATS, checkFeatures, readGeoFile, writeGeoFile } from './convert.ts';
import { normaliseGeometry } from './formats/feature-utils.ts';
import type { Geometry, GeoWarning } from './geo.types.ts';
import { assertMeasurable, repairGeometry, validateGeometry } from './validate.ts';

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

/** A geometry from a bare geometry or a Feature body. */
function geometryOfBody(body: Record<string, unknown>): Geometry {
  if (body.type === 'Feature') return normaliseGeometry(body.geometry, 'geometry');
  if (body.type === 'FeatureCollection') {
    throw new AppError('geo.geometry_unsupported', 'type: send one geometry or Feature, not a FeatureCollection', { field: 'type' });
  }
  return normaliseGeometry(body, 'body');
}

function warningsHeader(warnings: GeoWarning[]): string {
  return encodeURIComponent(JSON.stringify(warnings.slice(0, 50)));
}

export const geoRoutes: FastifyPluginAsync<RouteOptions> = async (app, { platform }) => {
  const fileLimit = platform.env.FILE_MAX_BYTES;

  // Files arrive as raw bodies; these parsers live only in this child context.
  await app.register(async (files) => {
    files.removeAllContentTypeParsers();
    files.addContentTypeParser([...RAW_TYPES, '*'], { parseAs: 'buffer', bodyLimit: fileLimit }, (_req, body, done) => done(null, body));
    const r = files.withTypeProvider<ZodTypeProvider>();
    r.post('/api/geo/convert', {
      bodyLimit: fileLimit,
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['geo'], summary: 'Convert a red line between GeoJSON, the 部 red-line text file, zipped Shapefile and KML',
        description: 'The body is the raw file. GeoJSON output is a FeatureCollection in EPSG:4490 whose features carry the ellipsoidal `areaM2`. ' +
          'Warnings (e.g. a stated area off the computed one) come in the `X-Geo-Warnings` header as URI-encoded JSON.',
        querystring: ConvertQuery,
      },
    }, async (req, reply) => {
      const q = req.query;
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const read = readGeoFile(q.from, body, {
        crs: q.crs, encoding: q.from === 'shapefile' ? q.encoding : undefined, layer: q.layer,
        areaTolerance: q.areaTolerance !== undefined ? { relative: q.areaTolerance, absoluteHa: 0.0001 } : undefined,
      });
      const checked = checkFeatures(read.features, q.repair ?? false);
      const warnings = [...read.warnings, ...checked.warnings];
      const out = writeGeoFile(q.to, checked.features, {
        zone: q.zone, outCrs: q.outCrs, encoding: q.to === 'shapefile' || q.to === 'redline-txt' ? q.encoding : undefined,
        extra: warnings.length > 0 ? { warnings } : undefined,
      });
      return reply
        .header('content-type', out.contentType)
        .header('content-disposition', `attachment; filename="${out.filename}"`)
        .header('x-geo-warnings', warningsHeader([...warnings, ...(out.warnings ?? [])]))
        .header('x-geo-source-crs', `EPSG:${read.sourceCrs}`)
        .send(out.body);
    });
  });

  await app.register(async (json) => {
    const r = json.withTypeProvider<ZodTypeProvider>();
    r.post('/api/geo/area', {
      bodyLimit: fileLimit,
      config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
      schema: {
        tags: ['geo'], summary: 'Ellipsoidal area (CGCS2000) of a valid polygon in EPSG:4490, in m², 公顷 and 亩; a self-intersecting one is refused (422 geo.geometry_invalid with the location)',
        body: GeoJsonBody, response: { 200: AreaResponse },
      },
    }, async (req) => {
      const g = geometryOfBody(req.body);
      if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
        throw new AppError('geo.geometry_unsupported', `type: a ${g.type} has no area; send a Polygon or MultiPolygon`, { field: 'type' });
      }
      assertMeasurable(g);
      return ellipsoidalArea(g);
    });

    r.post('/api/geo/validate', {
      bodyLimit: fileLimit,
      config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
      schema: {
        tags: ['geo'], summary: 'Problems of a geometry (self-intersections with location, ring orientation, unclosed rings, duplicate points, slivers); repair on request',
        querystring: z.strictObject({ repair: boolParam.optional() }),
        body: GeoJsonBody,
        response: { 200: z.object({ valid: z.boolean(), problems: z.array(Problem), repaired: z.record(z.string(), z.unknown()).optional() }) },
      },
    }, async (req) => {
      const g = geometryOfBody(req.body);
      const problems = validateGeometry(g);
      const valid = !problems.some((p) => p.severity === 'error');
      if (!req.query.repair) return { valid, problems };
      if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
        throw new AppError('geo.geometry_unsupported', `type: only polygons can be repaired, not a ${g.type}`, { field: 'type' });
      }
      if (problems.some((p) => p.code === 'coordinate_invalid')) {
        throw new AppError('geo.coordinates_implausible', `coordinates: ${problems[0]!.message}`, { field: 'coordinates' });
      }
      const repaired = repairGeometry(g);
      return { valid, problems, repaired: repaired as unknown as Record<string, unknown> };
    });
  });
};
